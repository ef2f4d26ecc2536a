"""Web API: the situation examples of /spec (artisan, micro-entrepreneur, La Réunion), posted to
/calculate, give the values computed by hand; /spec shows them with those answers."""

import pytest

from openfisca_independants.web_api import EXEMPLES, create_app, exemple


@pytest.fixture(scope="module")
def client(tbs):
    return create_app(tbs).test_client()


def calculer(client, nom):
    reponse = client.post("/calculate", json=exemple(nom))
    assert reponse.status_code == 200, reponse.get_data(as_text=True)
    (personne,) = reponse.get_json()["individus"].values()
    return {variable: valeurs["2024"] for variable, valeurs in personne.items() if "2024" in valeurs}


def test_artisan(client):
    artisan = calculer(client, "artisan_30000_2024")
    # 17,75 % × 30 000; total: see tests/test_web_api.py::test_exemple_du_contrat
    assert artisan["retraite_de_base"] == pytest.approx(5325, abs=0.01)
    assert artisan["total_cotisations_contributions"] == pytest.approx(13182.00, abs=0.02)


def test_micro_entrepreneur(client):
    micro = calculer(client, "micro_entrepreneur_bnc_24000_2024")
    # 2 000 € a month; BNC rate 21,1 % to June, 23,1 % from 1 July 2024:
    # 6 × 2 000 × 21,1 % + 6 × 2 000 × 23,1 % = 2 532 + 2 772 = 5 304
    assert micro["cotisations_micro_sociales"] == pytest.approx(5304, abs=0.01)
    # CFP of a liberal micro-entrepreneur: 0,2 % × 24 000 = 48
    assert micro["formation_professionnelle"] == pytest.approx(48, abs=0.01)
    assert micro["total_cotisations_contributions"] == pytest.approx(5352, abs=0.01)


def test_artisan_a_la_reunion_premiere_annee(client):
    reunion = calculer(client, "artisan_la_reunion_creation_2024")
    # created 1 January 2024: inside the first 24 months (L756-2), maladie, IJ, AF, retraite de
    # base, invalidité-décès and CSG-CRDS are not due
    assert reunion["retraite_de_base"] == 0
    # still due: RCI 7 % × 40 000 = 2 800 and CFP 0,29 % × PASS 46 368 = 134,47
    assert reunion["retraite_complementaire"] == pytest.approx(2800, abs=0.01)
    assert reunion["formation_professionnelle"] == pytest.approx(134.47, abs=0.01)
    assert reunion["total_cotisations_contributions"] == pytest.approx(2934.47, abs=0.01)
    # not due: maladie 6,70 % (flat DROM rate) × 40 000 = 2 680; IJ 0,50 % × 40 000 = 200;
    # AF 3,10 % × 40 000 = 1 240; retraite de base 17,75 % × 40 000 = 7 100; ID 1,30 % × 40 000
    # = 520; CSG-CRDS 9,7 % × (40 000 + 2 800 of contributions paid) = 4 151,60
    # → 2 680 + 200 + 1 240 + 7 100 + 520 + 4 151,60 = 15 891,60
    assert reunion["exoneration_outre_mer"] == pytest.approx(15891.60, abs=0.05)


def test_spec_montre_les_trois_exemples(client):
    spec = client.get("/spec").get_json()
    for route in ("/calculate", "/trace"):
        exemples = spec["paths"][route]["post"]["requestBody"]["content"]["application/json"]["examples"]
        assert set(exemples) == set(EXEMPLES)
        for nom, contenu in exemples.items():
            assert contenu["value"] == exemple(nom) and contenu["summary"]
    reponses = spec["paths"]["/calculate"]["post"]["responses"]["200"]["content"]["application/json"]["examples"]
    for nom in EXEMPLES:
        assert reponses[nom]["value"] == client.post("/calculate", json=exemple(nom)).get_json()
    # the first (core's single example) stays the artisan of the contract
    assert spec["components"]["schemas"]["SituationInput"]["example"] == exemple("artisan_30000_2024")
