"""Payment schedule (variables/echeancier.py): the invariant provisional + regularisation =
definitive for every year and person of a mixed population, the instalments adding up to the
year's calls, the original simulation left untouched by the recomputations on earlier incomes,
the refusals in one line, and the `echeancier` command run as a user runs it."""

import subprocess
import sys

import numpy
import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.erreurs import SituationNonModelisee

ANNEES = range(2022, 2027)


def _population(tbs):
    """Established persons, creations in several years (one mid-year, one with the ACRE), three
    categories, incomes rising, falling, negative, gross incomes from 2025."""
    individus = {
        "artisan_hausse": {"categorie_independant": {"ETERNITY": "artisan"}, "date_debut_activite": {"ETERNITY": "2010-01-01"},
                           "revenu_professionnel": {"2020": 20000, "2021": 25000, "2022": 30000, "2023": 36000, "2024": 42000},
                           "revenu_activite_brut": {"2025": 60000, "2026": 65000}},
        "commercant_baisse": {"categorie_independant": {"ETERNITY": "commercant"}, "date_debut_activite": {"ETERNITY": "2012-05-01"},
                              "revenu_professionnel": {"2020": 80000, "2021": 60000, "2022": 40000, "2023": 10000, "2024": -3000},
                              "revenu_activite_brut": {"2025": 5000, "2026": 0}},
        "liberal": {"categorie_independant": {"ETERNITY": "liberal_non_reglemente"}, "date_debut_activite": {"ETERNITY": "2005-01-01"},
                    "revenu_professionnel": {"2020": 50000, "2021": 50000, "2022": 55000, "2023": 60000, "2024": 70000},
                    "revenu_activite_brut": {"2025": 90000, "2026": 120000}},
        "creation_2022_juillet": {"categorie_independant": {"ETERNITY": "artisan"}, "date_debut_activite": {"ETERNITY": "2022-07-01"},
                                  "revenu_professionnel": {"2020": 0, "2021": 0, "2022": 8000, "2023": 25000, "2024": 30000},
                                  "revenu_activite_brut": {"2025": 40000, "2026": 45000}},
        "creation_2024_acre": {"categorie_independant": {"ETERNITY": "commercant"}, "date_debut_activite": {"ETERNITY": "2024-01-01"},
                               "acre": {"ETERNITY": True},
                               "revenu_professionnel": {"2020": 0, "2021": 0, "2022": 0, "2023": 0, "2024": 15000},
                               "revenu_activite_brut": {"2025": 30000, "2026": 35000}},
        "creation_2025": {"categorie_independant": {"ETERNITY": "artisan"}, "date_debut_activite": {"ETERNITY": "2025-03-01"},
                          "revenu_professionnel": {"2020": 0, "2021": 0, "2022": 0, "2023": 0, "2024": 0},
                          "revenu_activite_brut": {"2025": 20000, "2026": 30000}},
    }
    situation = {"individus": individus, "foyers_fiscaux": {f"f{i}": {"declarants": [nom]} for i, nom in enumerate(individus)}}
    return SimulationBuilder().build_from_entities(tbs, situation)


def test_provisionnelles_plus_regularisation_egale_definitives(tbs):
    simulation = _population(tbs)
    for annee in ANNEES:
        appelees = simulation.calculate("cotisations_provisionnelles_appelees", str(annee))
        regularisation = simulation.calculate("regularisation_cotisations", str(annee))
        definitives = simulation.calculate("total_cotisations_contributions", str(annee))
        numpy.testing.assert_allclose(appelees + regularisation, definitives, atol=0.01, err_msg=str(annee))


def test_echeances_de_l_annee(tbs):
    """The twelve instalments of N hold what is called for N and the whole regularisation of N−1."""
    simulation = _population(tbs)
    rang = {annee: simulation.calculate("annee_activite", str(annee)) for annee in ANNEES}
    for annee in range(2023, 2027):
        provision = sum(simulation.calculate("echeance_provisionnelle", f"{annee}-{m:02d}") for m in range(1, 13))
        regul = sum(simulation.calculate("echeance_regularisation", f"{annee}-{m:02d}") for m in range(1, 13))
        debits = sum(simulation.calculate("echeance_mensuelle", f"{annee}-{m:02d}") for m in range(1, 13))
        attendu_regul = numpy.where(rang[annee] > 1, simulation.calculate("regularisation_cotisations", str(annee - 1)), 0)
        actif = rang[annee] >= 1
        numpy.testing.assert_allclose(provision, numpy.where(actif, simulation.calculate("cotisations_provisionnelles_appelees", str(annee)), 0), atol=0.05)
        numpy.testing.assert_allclose(regul, attendu_regul, atol=0.05)
        numpy.testing.assert_allclose(debits, provision + regul, atol=0.05)


def test_pas_d_echeance_avant_la_creation(tbs):
    simulation = _population(tbs)
    ids = list(simulation.get_population("individus").ids)
    i = ids.index("creation_2025")
    for mois in (1, 2):
        assert simulation.calculate("echeance_mensuelle", f"2025-{mois:02d}")[i] == 0
    assert simulation.calculate("echeance_mensuelle", "2025-03")[i] > 0


def test_la_simulation_d_origine_est_intacte(tbs):
    """The recomputations on earlier incomes run on copies: the year's own results do not change."""
    avant = _population(tbs).calculate("total_cotisations_contributions", "2025")
    simulation = _population(tbs)
    simulation.calculate("echeance_mensuelle", "2025-09")
    numpy.testing.assert_array_equal(simulation.calculate("total_cotisations_contributions", "2025"), avant)
    numpy.testing.assert_array_equal(simulation.calculate("revenu_activite_brut", "2025"), _population(tbs).calculate("revenu_activite_brut", "2025"))


def _une_personne(tbs, **entrees):
    personne = {"categorie_independant": {"ETERNITY": "artisan"}, "date_debut_activite": {"ETERNITY": "2015-01-01"}, **entrees}
    return SimulationBuilder().build_from_entities(tbs, {"individus": {"p": personne}, "foyers_fiscaux": {"f": {"declarants": ["p"]}}})


def test_annee_manquante_refusee(tbs):
    simulation = _une_personne(tbs, revenu_professionnel={"2023": 30000, "2024": 30000})
    with pytest.raises(SituationNonModelisee, match="income of 2022"):
        simulation.calculate("echeance_mensuelle", "2024-01")


def test_micro_entrepreneur_refuse(tbs):
    simulation = _une_personne(tbs, micro_entrepreneur={"2024": True}, chiffre_affaires_services_bic={"2024": 30000})
    with pytest.raises(SituationNonModelisee, match="classic regime"):
        simulation.calculate("cotisations_provisionnelles_appelees", "2024")


def echeancier(*options):
    return subprocess.run([sys.executable, "-m", "openfisca_independants.cli", "echeancier", *map(str, options)],
                          capture_output=True, text=True, timeout=300)


def test_commande_echeancier():
    resultat = echeancier("--annee", 2024, "--categorie", "artisan", "--debut", "2015-01-01", "--revenu", "2022=30000,2023=36000,2024=42000")
    assert resultat.returncode == 0, resultat.stderr
    lignes = resultat.stdout.splitlines()
    assert "monthly debits on the 5th or the 20th" in lignes[0]
    mois = [ligne for ligne in lignes if ligne.startswith("2024-")]
    assert len(mois) == 12
    # hand arithmetic in tests/echeancier.yaml: 1098.50 until August, then 1819.86 + 728.20
    assert mois[0].split()[-2:] == ["1", "098.50"] or mois[0].endswith("1 098.50")
    assert mois[8].endswith("2 548.06")
    assert lignes[-1].startswith("total")


def test_commande_echeancier_refus_en_une_ligne():
    resultat = echeancier("--annee", 2024, "--revenu", "2023=30000")
    assert resultat.returncode == 2
    assert resultat.stdout == ""
    assert "Traceback" not in resultat.stderr
    assert len(resultat.stderr.strip().splitlines()) == 1
    assert "income of 2022" in resultat.stderr
    mauvais = echeancier("--annee", 2024, "--revenu", "2023:30000")
    assert mauvais.returncode == 2 and "YEAR=AMOUNT" in mauvais.stderr
