"""Micro-entrepreneurs: inputs the law excludes raise clear errors, in Python and in the web API."""

import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
from openfisca_independants.web_api import create_app


def simulation(tbs, **individu):
    personne = {"micro_entrepreneur": {"2024": True}, "categorie_independant": {"ETERNITY": "commercant"}}
    personne.update(individu)
    return SimulationBuilder().build_from_entities(tbs, {"individus": {"ok": {}, "faux": personne}})


def test_chiffre_affaires_negatif_valueerror_avec_la_ligne(tbs):
    sim = simulation(tbs, chiffre_affaires_vente={"2024": -1200})
    with pytest.raises(ValueError) as erreur:
        sim.calculate("cotisations_micro_sociales", "2024")
    assert isinstance(erreur.value, EntreeInvalide)
    assert erreur.value.variable == "chiffre_affaires_vente" and erreur.value.lignes == [1]
    assert "chiffre_affaires_vente" in str(erreur.value)


def test_chiffre_affaires_nul_ne_coute_rien(tbs):
    assert simulation(tbs).calculate("total_cotisations_contributions", "2024")[1] == 0


def test_departement_inconnu(tbs):
    sim = simulation(tbs, departement={"ETERNITY": "20"}, chiffre_affaires_vente={"2024": 1000})
    with pytest.raises(EntreeInvalide, match="departement"):
        sim.calculate("cotisations_micro_sociales", "2024")


def test_mayotte_refusee_plutot_que_devinee(tbs):
    sim = simulation(tbs, departement={"ETERNITY": "976"}, chiffre_affaires_vente={"2024": 1000})
    with pytest.raises(SituationNonModelisee, match="Mayotte"):
        sim.calculate("cotisations_micro_sociales", "2024")


def test_taux_bnc_ssi_2010_sans_source(tbs):
    personne = {"micro_entrepreneur": {"2010": True}, "categorie_independant": {"ETERNITY": "liberal_non_reglemente"},
                "chiffre_affaires_services_bnc": {"2010": 1000}}
    sim = SimulationBuilder().build_from_entities(tbs, {"individus": {"a": personne}})
    with pytest.raises(SituationNonModelisee, match="chiffre_affaires_services_bnc"):
        sim.calculate("cotisations_micro_sociales", "2010")


def test_versement_liberatoire_avant_2022_calcule(tbs):
    """Issue 12: the RFR ceilings of 2009–2021 are parameters, the years before 2022 are computed."""
    personne = {"micro_entrepreneur": {"2021": True}, "option_versement_liberatoire": {"2021": True},
                "chiffre_affaires_vente": {"2021": 1000}}
    situation = {"individus": {"a": personne}, "foyers_fiscaux": {"f": {"declarants": ["a"], "revenu_fiscal_reference": {"2019": 20000}}}}
    sim = SimulationBuilder().build_from_entities(tbs, situation)
    # RFR 2019 20 000 ≤ 25 659 € (ceiling of 2021), eligible; 1 % × 1 000 = 10
    assert sim.calculate("versement_liberatoire", "2021")[0] == pytest.approx(10)


def test_versement_liberatoire_sans_rfr_refuse(tbs):
    """The option without the household's RFR of N-2 is refused, not assumed eligible."""
    personne = {"micro_entrepreneur": {"2024": True}, "option_versement_liberatoire": {"2024": True},
                "chiffre_affaires_vente": {"2024": 1000}}
    sim = SimulationBuilder().build_from_entities(tbs, {"individus": {"a": personne}})
    with pytest.raises(EntreeInvalide, match="revenu_fiscal_reference of 2022"):
        sim.calculate("versement_liberatoire", "2024")


@pytest.mark.parametrize("parts", [0, -2, 0.5])
def test_versement_liberatoire_parts_invalides(tbs, parts):
    personne = {"micro_entrepreneur": {"2024": True}, "option_versement_liberatoire": {"2024": True},
                "chiffre_affaires_vente": {"2024": 1000}}
    situation = {"individus": {"a": personne}, "foyers_fiscaux": {"f": {"declarants": ["a"], "revenu_fiscal_reference": {"2022": 1000},
                                                                      "nombre_parts_fiscales": {"2022": parts}}}}
    sim = SimulationBuilder().build_from_entities(tbs, situation)
    with pytest.raises(EntreeInvalide, match="nombre_parts_fiscales"):
        sim.calculate("versement_liberatoire", "2024")


@pytest.fixture(scope="module")
def client(tbs):
    return create_app(tbs).test_client()


def requete(**individu):
    personne = {"micro_entrepreneur": {"2024": True}, "categorie_independant": {"ETERNITY": "commercant"},
                "total_cotisations_contributions": {"2024": None}}
    personne.update(individu)
    return {"individus": {"alice": {}, "bob": personne}}


def test_web_chiffre_affaires_negatif_400(client):
    reponse = client.post("/calculate", json=requete(chiffre_affaires_services_bic={"2024": -5}))
    assert reponse.status_code == 400
    assert "chiffre_affaires_services_bic" in reponse.get_json()["individus"]["bob"]


def test_web_departement_inconnu_400(client):
    reponse = client.post("/calculate", json=requete(departement={"ETERNITY": "999"}, chiffre_affaires_vente={"2024": 5}))
    assert reponse.status_code == 400
    assert "departement" in reponse.get_json()["individus"]["bob"]


def test_web_mayotte_422(client):
    reponse = client.post("/calculate", json=requete(departement={"ETERNITY": "976"}, chiffre_affaires_vente={"2024": 5}))
    assert reponse.status_code == 422 and reponse.get_json()["field"] == "departement"


def test_web_chiffre_affaires_annuel_et_mensuel(client):
    corps = requete(chiffre_affaires_vente={"2024": 12000}, cotisations_micro_sociales_mensuelles={"2024-07": None})
    bob = client.post("/calculate", json=corps).get_json()["individus"]["bob"]
    # 12 000 / 12 × 12,3 % = 123 ; année : 12 000 × 12,3 % + CFP 12 000 × 0,1 % = 1 488
    assert bob["cotisations_micro_sociales_mensuelles"]["2024-07"] == pytest.approx(123, abs=0.01)
    assert bob["total_cotisations_contributions"]["2024"] == pytest.approx(1488, abs=0.01)


def test_web_variable_mensuelle_demandee_pour_une_annee_400(client):
    reponse = client.post("/calculate", json=requete(cotisations_micro_sociales_mensuelles={"2024": None}))
    assert reponse.status_code == 400


def test_versement_liberatoire_rfr_manquant_pour_un_foyer_sur_deux(client):
    """Household g gives no RFR of 2022: refused at g's field, even though household f gives one."""
    vente = {"micro_entrepreneur": {"2024": True}, "option_versement_liberatoire": {"2024": True},
             "categorie_independant": {"ETERNITY": "commercant"}, "chiffre_affaires_vente": {"2024": 30000},
             "versement_liberatoire": {"2024": None}}
    situation = {"individus": {"a": dict(vente), "b": dict(vente)},
                 "foyers_fiscaux": {"f": {"declarants": ["a"], "revenu_fiscal_reference": {"2022": 20000}},
                                    "g": {"declarants": ["b"]}}}
    reponse = client.post("/calculate", json=situation)
    assert reponse.status_code == 400, reponse.get_data(as_text=True)
    corps = reponse.get_json()
    assert "revenu_fiscal_reference" in corps["foyers_fiscaux"]["g"] and "f" not in corps["foyers_fiscaux"]


def test_versement_liberatoire_rfr_negatif(client):
    situation = {"individus": {"a": {"micro_entrepreneur": {"2024": True}, "option_versement_liberatoire": {"2024": True},
                                     "chiffre_affaires_vente": {"2024": 30000}, "versement_liberatoire": {"2024": None}}},
                 "foyers_fiscaux": {"f": {"declarants": ["a"], "revenu_fiscal_reference": {"2022": -20000}}}}
    reponse = client.post("/calculate", json=situation)
    assert reponse.status_code == 400 and "negative" in reponse.get_json()["error"]


def test_variable_rfr_json_valide(client):
    """Its default ("not given") is NaN in the model: written null, the answer stays valid JSON."""
    import json

    reponse = client.get("/variable/revenu_fiscal_reference")
    assert reponse.status_code == 200
    assert json.loads(reponse.get_data(as_text=True), parse_constant=lambda c: pytest.fail(c))["defaultValue"] is None


def test_batch_cellule_rfr_vide_refusee_par_ligne():
    import pandas

    from openfisca_independants.microsimulation import calculer

    donnees = pandas.DataFrame({"categorie_independant": ["commercant"] * 3, "micro_entrepreneur": [True] * 3,
                                "chiffre_affaires_vente": [30000.0] * 3, "option_versement_liberatoire": [True, True, False],
                                "revenu_fiscal_reference": [20000.0, None, None]})
    resultat = calculer(donnees, 2024, ["versement_liberatoire"])
    assert list(zip(resultat.erreurs["ligne"], resultat.erreurs["colonne"])) == [(1, "revenu_fiscal_reference")]
    # row 0: RFR 2022 20 000 ≤ 27 478, 1 % × 30 000 = 300; row 2: no option, 0
    assert resultat.resultats["versement_liberatoire"][0] == pytest.approx(300)
    assert resultat.resultats["versement_liberatoire"][2] == 0


def test_trimestres_micro_cipav_sans_seuil_refuse(tbs):
    """The turnover validating a quarter for a Cipav micro-entrepreneur is sourced from 2022: 2021 is
    refused for that row (it was silently 0 quarters: a NaN cast to an integer)."""
    personne = {"categorie_independant": {"ETERNITY": "liberal_cipav"}, "micro_entrepreneur": {"2021": True},
                "chiffre_affaires_services_bnc": {"2021": 20000}}
    sim = SimulationBuilder().build_from_entities(tbs, {"individus": {"a": personne}})
    with pytest.raises(SituationNonModelisee, match="quarter") as erreur:
        sim.calculate("trimestres_retraite_valides", "2021")
    assert erreur.value.lignes == [0]
