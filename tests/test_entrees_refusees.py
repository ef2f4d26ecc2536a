"""Inputs the model cannot honour are refused with the same meaning in Python, the web API and
batch runs: dates of activity in the wrong order, a département that is not an INSEE code (in
both regimes), a yearly turnover for a year without a day of activity."""

import json

import pandas
import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.erreurs import EntreeInvalide
from openfisca_independants.microsimulation import calculer
from openfisca_independants.web_api import create_app

CLASSIQUE = {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 30000}}
MICRO = {"categorie_independant": {"ETERNITY": "commercant"}, "micro_entrepreneur": {"2024": True},
         "chiffre_affaires_vente": {"2024": 30000}}

CAS = [
    ("dates inversées, classique", {**CLASSIQUE, "date_debut_activite": {"ETERNITY": "2024-06-01"},
                                    "date_fin_activite": {"ETERNITY": "2024-03-01"}}, "date_fin_activite"),
    ("dates inversées, micro", {**MICRO, "date_debut_activite": {"ETERNITY": "2024-06-01"},
                                "date_fin_activite": {"ETERNITY": "2024-03-01"}}, "date_fin_activite"),
    ("département 99, classique", {**CLASSIQUE, "departement": {"ETERNITY": "99"}}, "departement"),
    ("département ZZ, classique", {**CLASSIQUE, "departement": {"ETERNITY": "ZZ"}}, "departement"),
    ("chemin, classique", {**CLASSIQUE, "departement": {"ETERNITY": "../../etc/passwd"}}, "departement"),
    ("département ZZ, micro", {**MICRO, "departement": {"ETERNITY": "ZZ"}}, "departement"),
    ("CA annuel, activité commencée en 2025", {**MICRO, "date_debut_activite": {"ETERNITY": "2025-02-01"}},
     "chiffre_affaires_vente"),
    ("CA annuel, activité cessée en 2023", {**MICRO, "date_fin_activite": {"ETERNITY": "2023-12-31"}},
     "chiffre_affaires_vente"),
]


@pytest.fixture(scope="module")
def client(tbs):
    return create_app(tbs).test_client()


@pytest.mark.parametrize("nom, personne, champ", CAS, ids=[c[0] for c in CAS])
def test_modele_refuse(tbs, nom, personne, champ):
    simulation = SimulationBuilder().build_from_entities(tbs, {"individus": {"p": personne}})
    with pytest.raises(EntreeInvalide) as erreur:
        simulation.calculate("total_cotisations_contributions", "2024")
    assert erreur.value.variable == champ
    assert erreur.value.lignes == [0]
    assert "\n" not in str(erreur.value)


@pytest.mark.parametrize("nom, personne, champ", CAS, ids=[c[0] for c in CAS])
def test_web_api_400_au_champ(client, nom, personne, champ):
    situation = {"individus": {"p": {**personne, "total_cotisations_contributions": {"2024": None}}}}
    reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert reponse.status_code == 400, reponse.get_data(as_text=True)
    assert champ in reponse.get_data(as_text=True)


def test_batch_ligne_et_colonne(tbs):
    donnees = pandas.DataFrame({
        "categorie_independant": ["artisan", "artisan", "commercant", "commercant", "artisan"],
        "micro_entrepreneur": [False, False, True, True, False],
        "revenu_professionnel": [30000, 30000, None, None, 30000],
        "chiffre_affaires_vente": [None, None, 30000, 30000, None],
        "date_debut_activite": [None, "2024-06-01", None, "2025-02-01", None],
        "date_fin_activite": [None, "2024-03-01", None, None, None],
        "departement": ["75", "75", "75", "75", "75"],
    })
    resultat = calculer(donnees, 2024, ["total_cotisations_contributions"], tbs=tbs)
    refus = set(zip(resultat.erreurs["ligne"], resultat.erreurs["colonne"]))
    assert refus == {(1, "date_fin_activite"), (3, "chiffre_affaires_vente")}
    total = resultat.resultats["total_cotisations_contributions"]
    assert total[[1, 3]].isna().all() and total[[0, 2, 4]].notna().all()
    # the valid rows are computed as if alone: artisan 30 000 € in 2024 = 13 181.99 (README arithmetic)
    assert total[0] == pytest.approx(13181.99, abs=0.01)
    # commerçant micro, 30 000 € of sales in 2024: 12.3 % + CFP 0.1 % = 3 720
    assert total[2] == pytest.approx(3720, abs=0.01)
