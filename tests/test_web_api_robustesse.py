"""Web API under abuse (issue 18): requests that answered a 500 now get a 4xx in the error format,
naming the field; limits of one request (persons, body size, computation time), each set by
`create_app` (and `serve`); no internal text in error bodies; CORS restricted.
The slow-client case runs against a real server: tests/test_serveur.py."""

import json
import logging

import jsonschema
import pytest

from openfisca_independants import web_api
from openfisca_independants.web_api import create_app

GRAND_ENTIER = "1" + "0" * 400  # 401 digits: more than a float holds


@pytest.fixture(scope="module")
def app(tbs):
    return create_app(tbs)


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def valideur(client):
    spec = client.get("/spec").get_json()
    return jsonschema.Draft7Validator({"$ref": "#/components/schemas/Error", "components": spec["components"]})


def situation(**alice):
    return {
        "individus": {"alice": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 30000},
                                "total_cotisations_contributions": {"2024": None}, **alice}},
        "foyers_fiscaux": {"f": {"declarants": ["alice"]}},
    }


def poster(client, route, corps):
    """POST a raw JSON text (json= would not let a test write a 401-digit literal)."""
    return client.post(route, data=corps if isinstance(corps, str) else json.dumps(corps), content_type="application/json")


def erreur(reponse, code, valideur) -> dict:
    assert reponse.status_code == code, reponse.get_data(as_text=True)[:500]
    corps = reponse.get_json()
    valideur.validate(corps)
    assert "\n" not in corps["error"] and "Traceback" not in corps["error"]
    return corps


ROUTES = ["/calculate", "/trace"]


# ---------------------------------------------------------------- the 500s of the issue


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("ou, chemin", [
    ('"revenu_professionnel": {"2024": 30000}', "individus/alice/revenu_professionnel/2024"),
    ('"revenu_professionnel": {"2024": -30000}', "individus/alice/revenu_professionnel/2024"),
])
def test_entier_trop_grand_pour_un_flottant(client, valideur, route, ou, chemin):
    texte = json.dumps(situation()).replace('"revenu_professionnel": {"2024": 30000}', ou.replace("30000", GRAND_ENTIER))
    corps = erreur(poster(client, route, texte), 400, valideur)
    assert corps["error"].startswith(f"{chemin}: ")


@pytest.mark.parametrize("cle", ["min", "max", "count", "index"])
def test_entier_trop_grand_dans_les_axes(client, valideur, cle):
    axe = {"name": "revenu_professionnel", "count": 3, "min": 0, "max": 1000, "period": "2024", cle: 0}
    texte = json.dumps({**situation(), "axes": [[axe]]}).replace(f'"{cle}": 0', f'"{cle}": {GRAND_ENTIER}')
    corps = erreur(poster(client, "/calculate", texte), 400, valideur)
    assert "axes/0/0/" in corps["error"]


def test_entier_de_plus_de_4300_chiffres(client, valideur):
    texte = json.dumps(situation()).replace("30000", "1" * 5000)
    message = erreur(poster(client, "/calculate", texte), 400, valideur)["error"]
    assert message == "Invalid JSON: a number has too many digits."  # not Python's advice to call sys.set_int_max_str_digits


@pytest.mark.parametrize("route", ROUTES)
def test_periode_a_zeros_initiaux_en_entree(client, valideur, route):
    corps = erreur(poster(client, route, situation(revenu_professionnel={"0100": 30000})), 400, valideur)
    assert corps["error"].startswith("individus/alice/revenu_professionnel/0100: ")
    assert "four digits" in corps["error"]


@pytest.mark.parametrize("route", ROUTES)
def test_periode_a_zeros_initiaux_demandee(client, valideur, route):
    corps = erreur(poster(client, route, situation(total_cotisations_contributions={"0100": None})), 400, valideur)
    assert corps["error"].startswith("individus/alice/total_cotisations_contributions/0100: ")


def test_periode_a_zeros_initiaux_d_un_axe(client, valideur):
    axe = {"name": "revenu_professionnel", "count": 3, "min": 0, "max": 1000, "period": "0100"}
    corps = erreur(poster(client, "/calculate", {**situation(), "axes": [[axe]]}), 400, valideur)
    assert corps["error"].startswith("axes/0/0/period: ")


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("forme", [
    "[" * 100_000 + "]" * 100_000,
    '{"individus": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"individus": {"a": {"revenu_professionnel": {"2024": ' + '{"a": ' * 100_000 + "0" + "}" * 100_000 + "}}}}",
])
def test_json_imbrique_100_000_niveaux(client, valideur, route, forme):
    corps = erreur(poster(client, route, forme), 400, valideur)
    assert "nested too deeply" in corps["error"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("corps, chemin", [
    ({"individus": {"": {}}}, "individus/"),
    ({"individus": {"": {"total_cotisations_contributions": {"2024": None}}}}, "individus/"),
    ({"individus": {"a": {}}, "foyers_fiscaux": {"": {"declarants": ["a"]}}}, "foyers_fiscaux/"),
])
def test_identifiant_vide(client, valideur, route, corps, chemin):
    corps = erreur(poster(client, route, corps), 400, valideur)
    assert corps["error"].startswith(f"{chemin}: ") and "non-empty" in corps["error"]


# ---------------------------------------------------------------- limits


def personnes(n: int) -> dict:
    return {"individus": {f"p{i}": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 1000 * i},
                                    "total_cotisations_contributions": {"2024": None}} for i in range(n)},
            "foyers_fiscaux": {f"f{i}": {"declarants": [f"p{i}"]} for i in range(n)}}


@pytest.fixture(scope="module")
def app_limitee(tbs):
    return create_app(tbs, max_personnes=10, taille_max_corps=5_000, delai_requete=None)


@pytest.mark.parametrize("route", ROUTES)
def test_trop_de_personnes(app_limitee, valideur, route):
    client = app_limitee.test_client()
    assert poster(client, route, personnes(10)).status_code == 200
    corps = erreur(poster(client, route, personnes(11)), 400, valideur)
    assert corps["error"].startswith("individus: 11 persons") and "at most 10 " in corps["error"]


def test_trop_de_personnes_avec_les_axes(app_limitee, valideur):
    client = app_limitee.test_client()
    axe = {"name": "revenu_professionnel", "count": 6, "min": 0, "max": 1000, "period": "2024"}
    assert poster(client, "/calculate", {**personnes(1), "axes": [[{**axe, "count": 10}]]}).status_code == 200
    corps = erreur(poster(client, "/calculate", {**personnes(2), "axes": [[axe]]}), 400, valideur)
    assert corps["error"].startswith("axes/0/0/count: ") and "at most 10 " in corps["error"]


def test_corps_trop_gros_413_avec_la_limite(app_limitee, valideur):
    client = app_limitee.test_client()
    texte = json.dumps(personnes(40))
    assert len(texte) > 5_000
    corps = erreur(poster(client, "/calculate", texte), 413, valideur)
    assert "5000 bytes" in corps["error"]


def test_limites_dans_spec(app_limitee):
    spec = app_limitee.test_client().get("/spec").get_json()
    assert spec["components"]["schemas"]["SituationInput"]["properties"]["individus"]["maxProperties"] == 10
    for route in ROUTES:
        operation = spec["paths"][route]["post"]
        assert "10 persons" in operation["description"] and "5000 bytes" in operation["description"]
        assert "10 persons" in operation["responses"]["400"]["description"]
        assert "5000 bytes" in operation["responses"]["413"]["description"]
        assert "503" in operation["responses"]


def test_limites_par_defaut_dans_spec(client):
    spec = client.get("/spec").get_json()
    individus = spec["components"]["schemas"]["SituationInput"]["properties"]["individus"]
    assert individus["maxProperties"] == web_api.MAX_PERSONNES_CALCULEES
    assert f"{web_api.DELAI_REQUETE:g} s" in spec["paths"]["/calculate"]["post"]["responses"]["503"]["description"]


@pytest.mark.parametrize("route", ROUTES)
def test_delai_de_requete_503_json_qui_nomme_la_limite(tbs, valideur, route):
    """A computation longer than the request timeout is stopped and answered 503 (JSON), before
    gunicorn's worker timeout would cut it with no answer."""
    # (2 000 persons: above /trace's own default limit of persons, raised here: the timeout is tested)
    client = create_app(tbs, delai_requete=0.001, max_personnes_trace=2_000, simulateur=False).test_client()
    corps = erreur(poster(client, route, personnes(2_000)), 503, valideur)
    assert "0.001 s" in corps["error"] and "timeout" in corps["error"]
    # the next request of the same thread has its own deadline
    assert create_app(tbs, delai_requete=60, simulateur=False).test_client().post(route, json=personnes(2)).status_code == 200


def test_limites_des_reformes_montees(tbs, valideur):
    """The reforms' APIs under /reformes/ get the same limits."""
    client = create_app(tbs, max_personnes=1).test_client()
    corps = erreur(poster(client, "/reformes/sans_reforme_assiette/calculate", personnes(2)), 400, valideur)
    assert "at most 1 " in corps["error"]


# ---------------------------------------------------------------- no internal text


def test_erreur_500_d_une_route_de_core_sans_texte_interne(tbs, caplog):
    app = create_app(tbs, simulateur=False)

    def leve(**_):
        raise RuntimeError("secret interne /opt/app/module.py ligne 12")

    app.view_functions["get_variable"] = leve
    with caplog.at_level(logging.ERROR):
        reponse = app.test_client().get("/variable/revenu_professionnel")
    assert reponse.status_code == 500
    assert reponse.get_json() == {"error": "Internal server error: the request could not be computed; the error has been logged."}
    assert "secret interne" in caplog.text  # logged server-side, with its traceback
    assert "Traceback" in caplog.text


def test_erreur_500_du_simulateur_sans_texte_interne(tbs, monkeypatch):
    from openfisca_independants import simulateur

    app = create_app(tbs)

    def leve(*_):
        raise RuntimeError("secret interne")

    web_api._route(app, "simulateur_lignes", leve)
    reponse = app.test_client().post("/simulateur/lignes", json={"annee": 2024})
    assert reponse.status_code == 500 and "secret" not in reponse.get_data(as_text=True)
    assert simulateur  # the page's module is loaded


@pytest.mark.parametrize("chemin, methode", [("/inexistant", "get"), ("/calculate", "get"), ("/variable/inexistante", "get")])
def test_autres_erreurs_json_sans_texte_interne(client, valideur, chemin, methode):
    reponse = getattr(client, methode)(chemin)
    assert 400 <= reponse.status_code < 500
    valideur.validate(reponse.get_json())


# ---------------------------------------------------------------- CORS


def preflight(client, origine):
    return client.options("/calculate", headers={"Origin": origine, "Access-Control-Request-Method": "POST"})


@pytest.mark.parametrize("origine", ["http://localhost:3000", "http://127.0.0.1:5000", "https://localhost"])
def test_cors_localhost_par_defaut(client, origine):
    assert preflight(client, origine).headers.get("Access-Control-Allow-Origin") == origine
    reponse = client.post("/calculate", json=situation(), headers={"Origin": origine})
    assert reponse.headers.get("Access-Control-Allow-Origin") == origine


@pytest.mark.parametrize("origine", ["https://evil.example", "http://localhost.evil.example", "null"])
def test_cors_autres_origines_refusees_par_defaut(client, origine):
    assert "Access-Control-Allow-Origin" not in preflight(client, origine).headers
    for reponse in (client.post("/calculate", json=situation(), headers={"Origin": origine}),
                    client.post("/calculate", data="{", content_type="application/json", headers={"Origin": origine}),
                    client.get("/spec", headers={"Origin": origine})):
        assert "Access-Control-Allow-Origin" not in reponse.headers


def test_cors_origines_configurees(tbs):
    client = create_app(tbs, origines_cors=["https://simulateur.example"], simulateur=False).test_client()
    assert preflight(client, "https://simulateur.example").headers["Access-Control-Allow-Origin"] == "https://simulateur.example"
    assert "Access-Control-Allow-Origin" not in preflight(client, "http://localhost:3000").headers
    tous = create_app(tbs, origines_cors=["*"], simulateur=False).test_client()
    assert preflight(tous, "https://nimporte.example").headers["Access-Control-Allow-Origin"] in ("*", "https://nimporte.example")


# ---------------------------------------------------------------- serve's options


def test_serve_options_par_defaut_celles_de_create_app():
    from openfisca_independants.cli import parser

    args = parser().parse_args(["serve"])
    assert args.max_persons == web_api.MAX_PERSONNES_CALCULEES
    assert args.max_body_size == web_api.TAILLE_MAX_CORPS
    assert args.request_timeout == web_api.DELAI_REQUETE < args.timeout
    assert args.threads > 2 and args.read_timeout < args.timeout


def test_serve_refuse_un_delai_de_requete_plus_long_que_le_travailleur(capsys):
    from openfisca_independants.cli import main

    assert main(["serve", "--timeout", "30", "--request-timeout", "30"]) == 2
    erreur_ = capsys.readouterr().err
    assert "--request-timeout" in erreur_ and erreur_.count("\n") == 1


def test_delai_verifie_avant_chaque_variable_calculee(tbs):
    """The deadline stops a computation between two variables, not only between the steps."""
    import time

    from openfisca_independants.web_api import _ECHEANCE, DelaiDepasse, _simulation

    jeton = _ECHEANCE.set(time.monotonic() + 3600)
    try:
        simulation, _points, _demandes = _simulation(tbs, personnes(3))
        _ECHEANCE.set(time.monotonic() - 1)
        with pytest.raises(DelaiDepasse):
            simulation.calculate("total_cotisations_contributions", "2024")
    finally:
        _ECHEANCE.reset(jeton)


@pytest.mark.parametrize("cle", ["\n", "a\nb", "\t", "\u2028"])
def test_une_ligne_meme_avec_une_cle_a_saut_de_ligne(client, valideur, cle):
    """Found by tests/test_web_api_proprietes.py: a period key (or an id) holding a line break."""
    for corps in ({"individus": {"a": {"acre": {cle: None}}}}, {"individus": {cle: {"acre": {"2024": 3}}}}):
        message = erreur(poster(client, "/calculate", corps), 400, valideur)["error"]
        assert json.dumps(cle) in message


# Outside check of issue 18 (after the first fixes): year 9999, a chunked body above the limit, a
# /trace whose answer would be hundreds of MB.

def test_annee_9999_refusee_en_400():
    from openfisca_independants.microsimulation import systeme
    from openfisca_independants.web_api import create_app

    client = create_app(systeme(), simulateur=False).test_client()
    for periode, variable in (("9999", "total_cotisations_contributions"), ("9999-12", "cotisations_micro_sociales_mensuelles")):
        situation = {"individus": {"a": {"categorie_independant": {"ETERNITY": "artisan"}, variable: {periode: None}}},
                     "foyers_fiscaux": {"f": {"declarants": ["a"]}}}
        for route in ("/calculate", "/trace"):
            reponse = client.post(route, json=situation)
            assert reponse.status_code == 400, (route, periode, reponse.get_data(as_text=True))
            assert "1000 to 9998" in reponse.get_json()["error"]


def test_trace_limitee_a_max_personnes_trace():
    from openfisca_independants.microsimulation import systeme
    from openfisca_independants.web_api import create_app

    client = create_app(systeme(), simulateur=False, max_personnes_trace=10).test_client()
    individus = {f"p{i}": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 30000},
                           "total_cotisations_contributions": {"2024": None}} for i in range(11)}
    situation = {"individus": individus, "foyers_fiscaux": {f"f{i}": {"declarants": [f"p{i}"]} for i in range(11)}}
    reponse = client.post("/trace", json=situation)
    assert reponse.status_code == 400 and "at most 10" in reponse.get_json()["individus"]
    assert client.post("/calculate", json=situation).status_code == 200  # /calculate keeps its own limit
    # axes: 2 persons × 6 points = 12 > 10
    deux = {"individus": {k: individus[k] for k in ("p0", "p1")}, "foyers_fiscaux": {"f0": {"declarants": ["p0"]}, "f1": {"declarants": ["p1"]}},
            "axes": [[{"count": 6, "name": "revenu_professionnel", "min": 0, "max": 50000, "period": "2024"}]]}
    reponse = client.post("/trace", json=deux)
    assert reponse.status_code == 400 and "12 persons × points" in reponse.get_json()["individus"]
