"""Web API: the situation examples of /spec (artisan, micro-entrepreneur, La Réunion, and one per
family of professions libérales réglementées: médecin secteur 1, avocat, notaire, agent général), posted to
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


def test_medecin_secteur_1(client):
    medecin = calculer(client, "medecin_secteur_1_80000_2024")
    # maladie: 6,5 % × 80 000 = 5 200 at the PL schedule, 0,1 % × 80 000 = 80 left to the médecin
    assert medecin["maladie_maternite"] == pytest.approx(80, abs=0.01)
    # CURPS: 0,5 % × 80 000 = 400 capped at 0,5 % × PASS 46 368 = 231,84
    assert medecin["contribution_curps"] == pytest.approx(231.84, abs=0.01)
    # ASV, practitioner's share (one third in secteur 1); the Assurance Maladie's two thirds are in
    # prise_en_charge: 5 120 (maladie) + 1 860 (AF) + 1 208 (retraite de base) + 5 640,67 (ASV)
    assert medecin["prestations_complementaires_vieillesse"] == pytest.approx(2820.33, abs=0.01)
    assert medecin["prise_en_charge_assurance_maladie"] == pytest.approx(13828.67, abs=0.02)
    assert medecin["total_cotisations_contributions"] == pytest.approx(26467.61, abs=0.02)


def test_avocat(client):
    avocat = calculer(client, "avocat_80000_2024")
    assert avocat["retraite_de_base"] == pytest.approx(4325, abs=0.01)
    # CNBF complementary: 5 % then 9,6 %; invalidité-décès: the flat amount
    assert avocat["invalidite_deces"] == pytest.approx(162, abs=0.01)
    assert avocat["total_cotisations_contributions"] == pytest.approx(27503.09, abs=0.02)


def test_notaire(client):
    notaire = calculer(client, "notaire_creation_2024")
    # a new notary: section B class 1, no section C in the first years
    assert notaire["retraite_complementaire"] == pytest.approx(2704, abs=0.01)
    assert notaire["total_cotisations_contributions"] == pytest.approx(28264.01, abs=0.02)


def test_agent_general_assurance(client):
    agent = calculer(client, "agent_general_assurance_2024")
    # CAVAMAC on the gross commissions: 7,66 % × 120 000 = 9 192; invalidité-décès 0,7 % × 120 000 = 840
    assert agent["retraite_complementaire"] == pytest.approx(9192, abs=0.01)
    assert agent["invalidite_deces"] == pytest.approx(840, abs=0.01)
    assert agent["total_cotisations_contributions"] == pytest.approx(33396.62, abs=0.02)


def test_spec_enum_des_categories(client):
    spec = client.get("/spec").get_json()
    enum = spec["components"]["schemas"]["Individu"]["properties"]["categorie_independant"]["additionalProperties"]["enum"]
    assert enum[4:] == ["medecin", "chirurgien_dentiste", "sage_femme", "auxiliaire_medical", "pharmacien", "veterinaire",
                        "expert_comptable", "notaire", "officier_ministeriel", "agent_general_assurance", "avocat"]


def test_spec_montre_les_exemples(client):
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


def test_revenu_net_et_echeancier(client):
    artisan = calculer(client, "artisan_net_et_echeancier_2024")
    # contract: net before the reform = revenu_professionnel − CSG non déductible − CRDS; taxable = revenu_professionnel
    assert artisan["revenu_net_cotisations"] == pytest.approx(40000 - artisan["csg_non_deductible"] - artisan["crds"], abs=0.01)
    assert artisan["revenu_imposable_activite"] == 40000
    # provisional calls + regularisation = the year's definitive contributions
    assert artisan["cotisations_provisionnelles_appelees"] + artisan["regularisation_cotisations"] == pytest.approx(
        artisan["total_cotisations_contributions"], abs=0.01)
    reponse = client.post("/calculate", json=exemple("artisan_net_et_echeancier_2024")).get_json()
    janvier = reponse["individus"]["alice"]["echeance_mensuelle"]["2024-01"]
    # January: a twelfth of the 2024 contributions on the 2022 income (30 000 €: 13 182.00, the artisan example's total)
    assert janvier == pytest.approx(13182.00 / 12, abs=0.01)
