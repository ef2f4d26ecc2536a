"""Web API: one error format for every 4xx, documented in /spec (schema `Error`) and checked here
against that schema for each status code; no error body carries internal exception text."""

import json

import jsonschema
import pytest
from openapi_spec_validator import validate
from openfisca_core.errors import PeriodMismatchError

from openfisca_independants import web_api
from openfisca_independants.web_api import create_app


@pytest.fixture(scope="module")
def app(tbs):
    return create_app(tbs)


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/spec").get_json()


@pytest.fixture(scope="module")
def valideur(spec):
    return jsonschema.Draft7Validator({"$ref": "#/components/schemas/Error", "components": spec["components"]})


def situation(**alice):
    return {
        "individus": {"alice": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 30000},
                                "total_cotisations_contributions": {"2024": None}, **alice}},
        "foyers_fiscaux": {"f": {"declarants": ["alice"]}},
    }


def micro_hors_departement():
    return {"individus": {"a": {"micro_entrepreneur": {"2024": True}, "departement": {"ETERNITY": "99"},
                                "chiffre_affaires_vente": {"2024": 1000}, "total_cotisations_contributions": {"2024": None}}}}


def cipav_2019():
    return situation(categorie_independant={"ETERNITY": "liberal_cipav"}, revenu_professionnel={"2019": 30000},
                     total_cotisations_contributions={"2019": None})


# (expected status, method, route, request keyword arguments)
CAS = {
    "json invalide": (400, "post", "/calculate", {"data": "{pas du json", "content_type": "application/json"}),
    "corps pas un objet": (400, "post", "/calculate", {"json": [1, 2]}),
    "montant non numerique": (400, "post", "/calculate", {"json": situation(revenu_professionnel={"2024": "x"})}),
    "periode invalide": (400, "post", "/calculate", {"json": situation(total_cotisations_contributions={"2024-13": None})}),
    "annee hors legislation": (400, "post", "/calculate", {"json": situation(revenu_professionnel={"2010": 1},
                                                                              total_cotisations_contributions={"2010": None})}),
    "entree exclue par la loi": (400, "post", "/calculate", {"json": micro_hors_departement()}),
    "entree exclue par la loi (trace)": (400, "post", "/trace", {"json": micro_hors_departement()}),
    "axes invalides": (400, "post", "/calculate", {"json": {**situation(), "axes": [[{"name": "revenu_professionnel", "count": 0,
                                                                                      "min": 0, "max": 1, "period": "2024"}]]}}),
    "core: aucune personne": (400, "post", "/calculate", {"json": {"individus": {}}}),
    "core: entite inconnue": (400, "post", "/calculate", {"json": {**situation(), "menages": {}}}),
    "core: declarant inconnu": (400, "post", "/trace", {"json": {"individus": {"a": {}}, "foyers_fiscaux": {"f": {"declarants": ["zz"]}}}}),
    "variable inconnue": (404, "post", "/calculate", {"json": situation(cotisation_fantome={"2024": None})}),
    "variable inconnue (trace)": (404, "post", "/trace", {"json": situation(cotisation_fantome={"2024": None})}),
    "axe sur une variable inconnue": (404, "post", "/calculate", {"json": {**situation(), "axes": [[{"name": "x", "count": 2, "min": 0,
                                                                                                      "max": 1, "period": "2024"}]]}}),
    "route inconnue": (404, "get", "/nulle-part", {}),
    "variable inconnue (GET)": (404, "get", "/variable/inconnue", {}),
    "parametre inconnu": (404, "get", "/parameter/inconnu", {}),
    "methode": (405, "get", "/calculate", {}),
    "content-type": (415, "post", "/calculate", {"data": json.dumps(situation()), "content_type": "text/plain"}),
    "content-type (trace)": (415, "post", "/trace", {"data": "x"}),
    "non modelise": (422, "post", "/calculate", {"json": cipav_2019()}),
    "non modelise (trace)": (422, "post", "/trace", {"json": cipav_2019()}),
}


def verifier(reponse, code, valideur):
    assert reponse.status_code == code, reponse.get_data(as_text=True)
    assert reponse.is_json
    corps = reponse.get_json()
    valideur.validate(corps)
    assert corps["error"] and "\n" not in corps["error"]
    texte = reponse.get_data(as_text=True)
    assert "Traceback" not in texte and '.py"' not in texte and "site-packages" not in texte
    return corps


@pytest.mark.parametrize("nom", CAS)
def test_format_unique(client, valideur, nom):
    code, methode, route, arguments = CAS[nom]
    verifier(getattr(client, methode)(route, **arguments), code, valideur)


def test_chemin_de_la_valeur_en_faute_garde(client, valideur):
    """OpenFisca clients read the message at the path of the faulty value: kept."""
    corps = verifier(client.post("/calculate", json=situation(revenu_professionnel={"2024": "x"})), 400, valideur)
    assert "expects a number" in corps["individus"]["alice"]["revenu_professionnel"]["2024"]
    assert corps["error"].startswith("individus/alice/revenu_professionnel/2024: ")


def test_plusieurs_erreurs_en_une_ligne(client, valideur):
    requete = situation(revenu_professionnel={"2024": "x"}, categorie_independant={"ETERNITY": "plombier"})
    corps = verifier(client.post("/calculate", json=requete), 400, valideur)
    assert "and 1 other invalid value" in corps["error"]
    assert set(corps["individus"]["alice"]) == {"revenu_professionnel", "categorie_independant"}


def test_erreurs_de_core_gardent_leur_chemin(client, valideur):
    corps = verifier(client.post("/calculate", json={"individus": {}}), 400, valideur)
    assert corps["individus"].startswith("No individu found")
    assert corps["error"].startswith("individus: No individu found")


def test_422_nomme_l_entree_et_la_demande(client, valideur):
    corps = verifier(client.post("/calculate", json=cipav_2019()), 422, valideur)
    assert corps["field"] == "categorie_independant"
    assert corps["path"] == "individus/alice/total_cotisations_contributions/2019"
    assert corps["individus"]["alice"]["total_cotisations_contributions"]["2019"] == corps["error"]


def test_entree_exclue_a_la_personne_aussi_dans_trace(client, valideur):
    for route in ("/calculate", "/trace"):
        corps = verifier(client.post(route, json=micro_hors_departement()), 400, valideur)
        assert corps["field"] == "departement" and "departement" in corps["individus"]["a"]


def test_413_au_meme_format(tbs, valideur):
    app = create_app(tbs)
    app.config["MAX_CONTENT_LENGTH"] = 100
    reponse = app.test_client().post("/calculate", json=situation())
    verifier(reponse, 413, valideur)


def test_period_mismatch_de_core(tbs, valideur):
    """core's PeriodMismatchError has no JSON body of its own: its message and variable."""
    app = create_app(tbs)

    def leve(_tbs, _situation):
        raise PeriodMismatchError("revenu_professionnel", "2024-01", "year", "Unable to set a value for variable 'revenu_professionnel' for month-long period '2024-01'.")

    web_api._route(app, "calculate", leve)
    corps = verifier(app.test_client().post("/calculate", json=situation()), 400, valideur)
    assert corps["field"] == "revenu_professionnel"


def test_500_sans_texte_interne(tbs, valideur):
    app = create_app(tbs)

    def leve(_tbs, _situation):
        raise RuntimeError("secret interne /opt/app/module.py ligne 12")

    web_api._route(app, "calculate", leve)
    reponse = app.test_client().post("/calculate", json=situation())
    assert reponse.status_code == 500
    valideur.validate(reponse.get_json())
    assert "secret" not in reponse.get_data(as_text=True)


def test_spec_documente_les_erreurs(spec):
    validate(spec)
    for route in ("/calculate", "/trace"):
        reponses = spec["paths"][route]["post"]["responses"]
        for code in ("400", "404", "415", "422"):
            assert reponses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            assert reponses[code]["description"]
    assert spec["components"]["schemas"]["Error"]["required"] == ["error"]
    assert "axes" in spec["components"]["schemas"]["SituationInput"]["properties"]


def test_docstring_documente_le_format():
    for mot in ("`error`", "`field`", "415", "422", "MAX_PERSONNES_CALCULEES"):
        assert mot in web_api.__doc__


def test_annees_de_revenu_differentes_entre_personnes_refusees(client, valideur):
    """'b' gives no 2022 income while 'a' does: a CARMF line of 'b' would read 0 for 2022 (OpenFisca
    cannot tell a person left out from 0), so the request is refused, naming 'b' and the year."""
    medecin = {"categorie_independant": {"ETERNITY": "medecin"}, "retraite_complementaire": {"2024": None}}
    corps = {"individus": {"a": {**medecin, "revenu_professionnel": {"2022": 40000, "2024": 80000}},
                           "b": {**medecin, "revenu_professionnel": {"2024": 80000}}}}
    reponse = client.post("/calculate", json=corps)
    assert reponse.status_code == 400
    erreur = reponse.get_json()
    valideur.validate(erreur)
    assert "2022" in erreur["individus"]["b"]["revenu_professionnel"] and "'b'" in erreur["individus"]["b"]["revenu_professionnel"]
    corps["individus"]["b"]["revenu_professionnel"]["2022"] = 40000
    reponse = client.post("/calculate", json=corps)
    assert reponse.status_code == 200
    assert reponse.get_json()["individus"]["b"]["retraite_complementaire"]["2024"] == pytest.approx(4080, abs=0.01)  # 10,2 % × 40 000
