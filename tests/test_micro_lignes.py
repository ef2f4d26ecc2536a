"""In a mixed population the micro-social amounts are computed on the micro-entrepreneurs' rows only
(micro.regime_micro_seulement): a micro-entrepreneur's amounts do not depend on who else is in the
simulation, the other rows owe none of them, and a refusal raised on those rows names the
population's rows."""

import numpy
import pytest
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.micro import ACTIVITES

ANNUELLES = (
    "cotisations_micro_sociales", "formation_professionnelle_micro", "taxe_frais_chambre", "versement_liberatoire",
    "cotisations_micro_retraite_de_base", "cotisations_micro_non_reparties",
    *(f"cotisations_micro_{activite}_annuelles" for activite in ACTIVITES),
)


def entrees(annee, n=4000, graine=1):
    """Inputs of a population, a third of it micro-entrepreneurs (ACRE, outre-mer, starts in the year)."""
    rng = numpy.random.default_rng(graine + annee)
    micro = rng.random(n) < 0.35
    debut = numpy.where(rng.random(n) < 0.3, numpy.datetime64(f"{annee}-04-10"), numpy.datetime64("2012-02-01"))
    departements = numpy.array(["75", "67", "57", "13", "971", "974"] if annee >= 2017 else ["75", "67", "57", "13"])
    valeurs = {
        ("categorie_independant", "ETERNITY"): rng.integers(0, 4, n).astype(numpy.int16),
        ("micro_entrepreneur", str(annee)): micro,
        ("revenu_professionnel", str(annee)): numpy.where(micro, 0, rng.lognormal(10.3, 0.9, n)),
        ("departement", "ETERNITY"): departements[rng.integers(0, len(departements), n)].astype(object),
        ("date_debut_activite", "ETERNITY"): debut,
        ("acre", "ETERNITY"): rng.random(n) < 0.2,
        ("option_versement_liberatoire", str(annee)): micro & (rng.random(n) < 0.3),
        ("revenu_fiscal_reference", str(annee - 2)): rng.lognormal(10, 0.6, n),
    }
    for activite in ACTIVITES:
        avec = micro & (rng.random(n) < (0.05 if activite == "meubles_tourisme_classes" and annee > 2017 else 0.4))
        if activite == "meubles_tourisme_classes" and annee <= 2017:
            avec[:] = False  # no sourced rate before April 2017
        valeurs[(f"chiffre_affaires_{activite}", str(annee))] = numpy.where(avec, rng.lognormal(9.5, 1.0, n), 0.0)
    return valeurs


def simulation(tbs, valeurs, lignes=None):
    n = len(next(iter(valeurs.values())))
    lignes = numpy.arange(n) if lignes is None else lignes
    sim = SimulationBuilder().build_default_simulation(tbs, len(lignes))
    for (nom, periode), tableau in valeurs.items():
        sim.set_input(nom, periode, tableau[lignes])
    return sim


@pytest.mark.parametrize("annee", (2016, 2021, 2024, 2026))
def test_un_micro_entrepreneur_ne_depend_pas_des_autres(tbs, annee):
    valeurs = entrees(annee)
    micro = valeurs[("micro_entrepreneur", str(annee))]
    melangee, seuls = simulation(tbs, valeurs), simulation(tbs, valeurs, numpy.flatnonzero(micro))
    for nom in ANNUELLES:
        tous = melangee.calculate(nom, str(annee))
        numpy.testing.assert_array_equal(tous[micro], seuls.calculate(nom, str(annee)), err_msg=nom)
        assert not tous[~micro].any(), nom
    for mois in periods.period(str(annee)).get_subperiods("month"):
        tous = melangee.calculate("formation_professionnelle_micro_mensuelle", mois)
        numpy.testing.assert_array_equal(tous[micro], seuls.calculate("formation_professionnelle_micro_mensuelle", mois))
        assert not tous[~micro].any()
    if annee >= 2021:  # the classic rows too (the classic rules of the Cipav start in 2021)
        classiques = simulation(tbs, valeurs, numpy.flatnonzero(~micro))
        total = melangee.calculate("total_cotisations_contributions", str(annee))
        numpy.testing.assert_array_equal(total[micro], seuls.calculate("total_cotisations_contributions", str(annee)))
        numpy.testing.assert_array_equal(total[~micro], classiques.calculate("total_cotisations_contributions", str(annee)))


def test_un_refus_sur_les_lignes_micro_nomme_la_ligne_de_la_population(tbs):
    """A micro-entrepreneur established overseas in 2016 (D756-5 before 2017 not modelled) is refused
    by the rules run on the micro rows: the refusal names its row in the whole population."""
    valeurs = entrees(2016, n=50)
    micro = numpy.flatnonzero(valeurs[("micro_entrepreneur", "2016")])
    departements = numpy.full(50, "75", dtype=object)
    departements[micro[3]] = "974"
    valeurs[("departement", "ETERNITY")] = departements
    valeurs[("acre", "ETERNITY")] = numpy.zeros(50, dtype=bool)
    for nom in ("cotisations_micro_sociales", "cotisations_micro_retraite_de_base"):
        with pytest.raises(SituationNonModelisee) as refus:
            simulation(tbs, valeurs).calculate(nom, "2016")
        assert refus.value.lignes == [micro[3]], nom
