"""Micro-entrepreneurs computed per rate period: the periods follow the parameters' own dates, and
every yearly amount is, to the bit, the sum of the monthly variables (turnover of the month × rate of
the month), on a mixed population (ACRE, outre-mer, starts and cessations in the year, versement
libératoire, Alsace-Moselle, months given), whatever is asked first."""

import numpy
import pytest
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.micro import ACTIVITES, periodes_de_taux

ANNEES = (2013, 2017, 2021, 2022, 2024, 2025, 2026)


def _feuilles(noeud, prefixe=""):
    """{name: value} of every parameter under a node at an instant."""
    valeurs = {}
    for nom, enfant in getattr(noeud, "_children", {}).items():
        if hasattr(enfant, "_children"):
            valeurs.update(_feuilles(enfant, f"{prefixe}{nom}."))
        else:
            valeurs[prefixe + nom] = enfant
    return valeurs


@pytest.mark.parametrize("annee", range(2009, 2027))
def test_periodes_de_taux_suivent_les_parametres(tbs, annee):
    sim = SimulationBuilder().build_default_simulation(tbs, 1)
    individu = sim.populations["individu"]
    periodes = periodes_de_taux(individu, periods.period(str(annee)))
    assert [m for periode in periodes for m in periode] == list(periods.period(str(annee)).get_subperiods("month"))

    def valeurs(mois):
        return repr(_feuilles(tbs.get_parameters_at_instant(mois.start).micro_entrepreneur))

    for periode in periodes:  # no parameter changes within a period …
        assert {valeurs(m) for m in periode} == {valeurs(periode[0])}
    for avant, apres in zip(periodes, periodes[1:]):  # … and some parameter changes between two
        assert valeurs(avant[0]) != valeurs(apres[0])


def population(tbs, annee, n=3000, graine=0, mois_donnes=False):
    rng = numpy.random.default_rng(graine + annee)
    sim = SimulationBuilder().build_default_simulation(tbs, n)
    sim.set_input("micro_entrepreneur", str(annee), rng.random(n) < 0.95)
    categorie = rng.integers(0, 4, n)
    sim.set_input("categorie_independant", "ETERNITY", categorie.astype(numpy.int16))
    for rang, activite in enumerate(ACTIVITES):
        chiffre = numpy.where(rng.random(n) < 0.4, rng.lognormal(9.5, 1.0, n), 0.0)
        if activite == "meubles_tourisme_classes" and annee <= 2017:
            chiffre[:] = 0  # no sourced rate before April 2017
        if activite == "services_bnc" and annee < 2013:
            chiffre = numpy.where(categorie == 3, chiffre, 0.0)
        sim.set_input(f"chiffre_affaires_{activite}", str(annee), chiffre)
        if mois_donnes and rang == 1:
            sim.set_input(f"chiffre_affaires_{activite}", f"{annee}-05", numpy.where(rng.random(n) < 0.5, chiffre * 0.1, 0.0))
    departements = numpy.array(["75", "67", "68", "57", "971", "972", "973", "974", "13"])
    if annee < 2017:  # the outre-mer micro rates before 2017 are refused
        departements = departements[:4]
    sim.set_input("departement", "ETERNITY", departements[rng.integers(0, len(departements), n)].astype(object))
    jour = numpy.datetime64(f"{annee}-01-01") + rng.integers(0, 365, n).astype("timedelta64[D]")
    u = rng.random(n)
    debut = numpy.where(u < 0.4, numpy.datetime64("2005-06-15"), numpy.where(u < 0.7, jour, jour - numpy.timedelta64(400, "D")))
    sim.set_input("date_debut_activite", "ETERNITY", debut)
    fin = numpy.where(rng.random(n) < 0.1, numpy.maximum(debut, jour) + numpy.timedelta64(30, "D"), numpy.datetime64("2100-12-31"))
    sim.set_input("date_fin_activite", "ETERNITY", fin)
    sim.set_input("acre", "ETERNITY", rng.random(n) < 0.4)
    sim.set_input("option_versement_liberatoire", str(annee), rng.random(n) < 0.3)
    sim.set_input("revenu_fiscal_reference", str(annee - 2), rng.lognormal(10, 0.6, n))
    return sim


ANNUELLES = {  # yearly variable: its monthly variable
    "cotisations_micro_sociales": "cotisations_micro_sociales_mensuelles",
    **{f"cotisations_micro_{a}_annuelles": f"cotisations_micro_{a}" for a in ACTIVITES},
    "formation_professionnelle_micro": "formation_professionnelle_micro_mensuelle",
    "taxe_frais_chambre": "taxe_frais_chambre_mensuelle",
    "versement_liberatoire": "versement_liberatoire_mensuel",
}


@pytest.mark.parametrize("mois_donnes", [False, True])
@pytest.mark.parametrize("annee", ANNEES)
def test_annee_egale_la_somme_des_mois(tbs, annee, mois_donnes):
    """Yearly amounts asked first (per rate period) = the monthly variables asked first, summed."""
    par_periode = population(tbs, annee, mois_donnes=mois_donnes)
    mois_par_mois = population(tbs, annee, mois_donnes=mois_donnes)
    mois = list(periods.period(str(annee)).get_subperiods("month"))
    for annuelle, mensuelle in ANNUELLES.items():
        valeurs_mois = [mois_par_mois.calculate(mensuelle, m) for m in mois]
        numpy.testing.assert_array_equal(par_periode.calculate(annuelle, str(annee)), sum(valeurs_mois), err_msg=annuelle)
    if annee >= 2019:  # a few rows are in the classic regime, modelled from 2019
        total = par_periode.calculate("total_cotisations_contributions", str(annee))
        numpy.testing.assert_array_equal(total, mois_par_mois.calculate("total_cotisations_contributions", str(annee)))
    assert (mois_par_mois.calculate("micro_calcul_mensuel", str(annee))).any()


@pytest.mark.parametrize("annee", ANNEES)
def test_formation_du_mois_chiffre_affaires_fois_taux(tbs, annee):
    """Each month's CFP (computed from the rate periods) is Σ turnover of the month × CFP rate of the month."""
    sim = population(tbs, annee)
    micro = sim.calculate("micro_entrepreneur", str(annee))
    for m in periods.period(str(annee)).get_subperiods("month"):
        attendu = 0
        for activite in ACTIVITES:
            attendu = attendu + sim.calculate(f"chiffre_affaires_{activite}", m) * sim.calculate(f"formation_professionnelle_micro_taux_{activite}", m)
        numpy.testing.assert_array_equal(sim.calculate("formation_professionnelle_micro_mensuelle", m), numpy.where(micro, attendu, 0))


@pytest.mark.parametrize("annee", ANNEES)
def test_parts_d613_6_et_chiffre_affaires_annuel(tbs, annee):
    sim = population(tbs, annee)
    parts = sum(sim.calculate(f"cotisations_micro_{risque}", str(annee)) for risque in (
        "maladie_maternite", "invalidite_deces", "retraite_de_base", "retraite_complementaire", "autres_contributions", "non_reparties"))
    numpy.testing.assert_allclose(parts, sim.calculate("cotisations_micro_sociales", str(annee)), atol=0.01)
    mois = list(periods.period(str(annee)).get_subperiods("month"))
    for activite in ACTIVITES:
        numpy.testing.assert_allclose(sim.calculate(f"chiffre_affaires_{activite}_annuel", str(annee)),
                                      sum(sim.calculate(f"chiffre_affaires_{activite}", m) for m in mois), rtol=1e-6, atol=0.01)
