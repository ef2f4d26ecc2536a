"""Web API on a request of a few thousand persons: errors still name the person (or group) at
fault wherever it sits in the request, and each person's answer is the one of its own request
(rows and ids are found by dictionary, not by scanning the list: benchmarks/bench_web_api.py)."""

import pytest

from openfisca_independants.web_api import create_app

N = 3_000


@pytest.fixture(scope="module")
def client(tbs):
    # 3 000 persons on /trace too: above its default limit of persons (1 000), raised for these tests
    return create_app(tbs, max_personnes_trace=5_000).test_client()


def personne(i: int) -> dict:
    """Alternately an artisan (classic regime) and a micro-entrepreneur in services (BIC)."""
    if i % 2:
        return {"micro_entrepreneur": {"2024": True}, "categorie_independant": {"ETERNITY": "commercant"},
                "chiffre_affaires_services_bic": {"2024": 10_000 + 7 * i}, "total_cotisations_contributions": {"2024": None}}
    return {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 20_000 + 11 * i},
            "total_cotisations_contributions": {"2024": None}}


def situation(n: int = N) -> dict:
    return {"individus": {f"p{i}": personne(i) for i in range(n)},
            "foyers_fiscaux": {f"f{i}": {"declarants": [f"p{i}"]} for i in range(n)}}


@pytest.mark.parametrize("route", ["/calculate", "/trace"])
def test_entree_exclue_de_la_derniere_personne_la_nomme(client, route):
    """A negative turnover for the last of 3 000 persons (refused while computing): the error names her, and only her."""
    corps = situation()
    dernier = f"p{N - 1}"
    corps["individus"][dernier]["chiffre_affaires_services_bic"] = {"2024": -100}
    reponse = client.post(route, json=corps)
    assert reponse.status_code == 400
    erreur = reponse.get_json()
    assert erreur["error"].startswith(f"individus/{dernier}/chiffre_affaires_services_bic: ")
    assert erreur["field"] == "chiffre_affaires_services_bic"
    assert list(erreur["individus"]) == [dernier]


def test_valeur_invalide_de_la_derniere_personne_la_nomme(client):
    corps = situation()
    corps["individus"][f"p{N - 1}"]["chiffre_affaires_services_bic"] = {"2024": "x"}
    erreur = client.post("/calculate", json=corps).get_json()
    assert erreur["error"].startswith(f"individus/p{N - 1}/chiffre_affaires_services_bic/2024: ")


def test_declarant_inconnu_du_dernier_foyer_le_nomme(client):
    corps = situation()
    corps["foyers_fiscaux"][f"f{N - 1}"]["declarants"].append("inconnu")
    reponse = client.post("/calculate", json=corps)
    assert reponse.status_code == 400
    assert reponse.get_json()["error"].startswith(f"foyers_fiscaux/f{N - 1}/declarants: Unexpected value: inconnu.")


def test_chaque_personne_a_la_reponse_de_sa_propre_requete(client):
    """Persons at the start, the middle and the end, two declarants of one foyer, and a person in
    no foyer (a foyer of her own): the same total as when each is asked alone."""
    corps = situation()
    corps["foyers_fiscaux"]["f10"]["declarants"].append("p11")
    del corps["foyers_fiscaux"]["f11"]
    del corps["foyers_fiscaux"]["f20"]
    resultats = client.post("/calculate", json=corps).get_json()["individus"]
    for i in (0, 1, 10, 11, 20, N // 2, N - 2, N - 1):
        seule = {"individus": {"x": personne(i)}, "foyers_fiscaux": {"f": {"declarants": ["x"]}}}
        attendu = client.post("/calculate", json=seule).get_json()["individus"]["x"]
        assert resultats[f"p{i}"] == attendu, i
