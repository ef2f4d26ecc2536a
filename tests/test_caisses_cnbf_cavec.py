"""CNBF (avocats) and CAVEC (experts-comptables): the years and classes without a source are
refused in one line naming the category, the line and the year. Amounts are in the YAML tests."""

import pytest
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_independants.erreurs import SituationNonModelisee


def simulation(tbs, annee, **entrees):
    personne = {"revenu_professionnel": {str(annee): 60000}, "date_debut_activite": {"ETERNITY": "2010-01-01"}}
    for nom, valeur in entrees.items():
        personne[nom] = {"ETERNITY" if nom == "categorie_independant" else str(annee): valeur}
    return SimulationBuilder().build_from_entities(tbs, {"individus": {"a": personne}, "foyers_fiscaux": {"f": {"declarants": ["a"]}}})


def refus(tbs, ligne, annee, **entrees):
    with pytest.raises(SituationNonModelisee) as erreur:
        simulation(tbs, annee, **entrees).calculate(ligne, annee)
    return str(erreur.value)


@pytest.mark.parametrize("ligne, annee", [
    ("retraite_de_base", 2019), ("retraite_complementaire", 2019), ("invalidite_deces", 2019),
    ("retraite_complementaire", 2021), ("invalidite_deces", 2021),
])
def test_cnbf_annees_sans_source_refusees(tbs, ligne, annee):
    message = refus(tbs, ligne, annee, categorie_independant="avocat")
    assert f"{ligne} of avocat in {annee}" in message and "CNBF" in message


def test_cnbf_2021_base_calculee(tbs):
    assert simulation(tbs, 2021, categorie_independant="avocat").calculate("retraite_de_base", 2021)[0] == pytest.approx(1610 + 1860)


@pytest.mark.parametrize("classe, annee", [
    ("classe_2", 2020), ("classe_2", 2022), ("classe_3", 2022), ("classe_3", 2025), ("classe_3", 2026), ("classe_plus", 2023),
])
def test_cnbf_classe_sans_bareme_refusee(tbs, classe, annee):
    message = refus(tbs, "retraite_complementaire", annee, categorie_independant="avocat", cnbf_classe=classe)
    assert f"retraite_complementaire of avocat in {annee}" in message and classe in message
    for ligne in ("retraite_complementaire_assiette", "retraite_complementaire_taux"):  # calc's columns refuse too
        assert classe in refus(tbs, ligne, annee, categorie_independant="avocat", cnbf_classe=classe)


def test_cnbf_classe_sans_effet_hors_avocats(tbs):
    s = simulation(tbs, 2024, categorie_independant="liberal_cipav", cnbf_classe="classe_3")
    assert s.calculate("retraite_complementaire", 2024)[0] == pytest.approx(
        simulation(tbs, 2024, categorie_independant="liberal_cipav").calculate("retraite_complementaire", 2024)[0])


def test_cavec_toutes_les_annees_calculees_options_sans_effet_ailleurs(tbs):
    for annee in range(2019, 2025):
        s = simulation(tbs, annee, categorie_independant="expert_comptable")
        assert s.calculate("retraite_complementaire", annee)[0] > 0 and s.calculate("invalidite_deces", annee)[0] > 0
    for categorie in ("liberal_cipav", "avocat"):
        avec = simulation(tbs, 2024, categorie_independant=categorie, cavec_classe_superieure=True, cavec_classe_prevoyance_superieure=True)
        sans = simulation(tbs, 2024, categorie_independant=categorie)
        for ligne in ("retraite_complementaire", "invalidite_deces"):
            assert avec.calculate(ligne, 2024)[0] == pytest.approx(sans.calculate(ligne, 2024)[0])
