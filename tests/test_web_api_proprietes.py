"""Property-based test of `/calculate` and `/trace` (issue 18): situations generated from the
schemas of `/spec` (the variables of `Individu` and `Foyer_Fiscal`, each with the value type the
spec gives, `Axes`), mixed with values, periods, ids and axes the spec does not allow. Whatever
the request, the answer is never a 5xx, and every 4xx is a JSON body of schema `Error`.

The examples are drawn from a fixed seed (`derandomize`) and bounded in number, so that the
suite stays reproducible and under a minute; `HYPOTHESIS_EXEMPLES=2000` draws more."""

import math
import os

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_independants.web_api import create_app

EXEMPLES = int(os.environ.get("HYPOTHESIS_EXEMPLES", "60"))


@pytest.fixture(scope="module")
def client(tbs):
    return create_app(tbs, simulateur=False).test_client()


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/spec").get_json()


@pytest.fixture(scope="module")
def valideur(spec):
    return jsonschema.Draft7Validator({"$ref": "#/components/schemas/Error", "components": spec["components"]})


_PERIODES_VALIDES = st.sampled_from(["2024", "2023", "2025", "2019", "2026", "2024-01", "2024-12", "ETERNITY"])
PERIODES = st.one_of(
    _PERIODES_VALIDES, _PERIODES_VALIDES, _PERIODES_VALIDES, _PERIODES_VALIDES,
    st.sampled_from(["2009", "2018", "2030", "month:2024-03", "year:2024-03", "month:2024-01:12", "2024-13", "0100", "1000",
                     "9999", "", "x"]),
    st.text(max_size=8),
)
IDENTIFIANTS = st.one_of(st.sampled_from(["a", "b", "c", ""]), st.text(max_size=4))
NOMBRES = st.one_of(
    st.integers(-10**6, 10**6),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.sampled_from([0, 1e8, 1e30, -1e30, 10**400, -(10**400)]),
)
INVALIDES = st.one_of(
    st.text(max_size=5), st.booleans(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.just(10**400),
)


def valeur(schema: dict):
    """A value of the type the spec gives (or sometimes not), or null: a requested value."""
    if "enum" in schema:
        valide = st.sampled_from(schema["enum"])
    elif schema.get("type") == "number":
        valide = NOMBRES
    elif schema.get("type") == "integer":
        valide = st.integers(-10, 3000) | st.just(10**400)
    elif schema.get("type") == "boolean":
        valide = st.booleans()
    else:
        valide = st.sampled_from(["75", "974", "2024-01-01", "2023-06-15", "x", ""]) | st.text(max_size=5)
    return st.one_of(valide, valide, valide, st.none(), st.none(), INVALIDES)


def variables(schema_entite: dict):
    """{variable: {period: value}} for some variables of an entity's schema (plus, rarely, an unknown one)."""
    proprietes = {nom: s for nom, s in schema_entite["properties"].items() if s.get("type") == "object"}
    nom_valeur = st.sampled_from(sorted(proprietes)).flatmap(
        lambda nom: st.tuples(st.just(nom), st.dictionaries(PERIODES, valeur(proprietes[nom]["additionalProperties"]),
                                                            min_size=1, max_size=2)))
    inconnue = st.tuples(st.sampled_from(["revenu_fantome", "x"]), st.dictionaries(PERIODES, NOMBRES | st.none(), max_size=1))
    return st.lists(nom_valeur | nom_valeur | nom_valeur | inconnue, max_size=4).map(dict)


def axes(noms_numeriques: list[str]):
    axe = st.fixed_dictionaries(
        {"name": st.sampled_from(noms_numeriques) | st.text(max_size=3),
         "count": st.integers(0, 40) | st.sampled_from([10**400, -1, True, "5", 2.5]),
         "min": NOMBRES | INVALIDES, "max": NOMBRES | INVALIDES, "period": PERIODES},
        optional={"index": st.integers(-1, 3) | st.just(10**400)},
    )
    return st.lists(st.lists(axe, min_size=1, max_size=2), min_size=1, max_size=2) | INVALIDES


def situations(spec: dict):
    schemas = spec["components"]["schemas"]
    individu, foyer = schemas["Individu"], schemas["Foyer_Fiscal"]
    noms_numeriques = sorted(nom for nom, s in individu["properties"].items()
                             if s.get("additionalProperties", {}).get("type") == "number")
    individus = st.dictionaries(IDENTIFIANTS, variables(individu), min_size=0, max_size=3)

    def avec_groupes(personnes):
        ids = sorted(personnes) or ["a"]
        membres = st.lists(st.sampled_from(ids) | IDENTIFIANTS, max_size=2)
        un_foyer = st.tuples(st.fixed_dictionaries({"declarants": membres}, optional={"personnes_a_charge": membres}),
                             variables(foyer)).map(lambda t: {**t[0], **t[1]})
        return st.fixed_dictionaries(
            {"individus": st.just(personnes)},
            optional={"foyers_fiscaux": st.dictionaries(IDENTIFIANTS, un_foyer, max_size=2), "axes": axes(noms_numeriques)},
        )

    return individus.flatmap(avec_groupes)


def _verifier(client, valideur, route, situation):
    reponse = client.post(route, json=situation)
    assert reponse.status_code < 500, (situation, reponse.get_data(as_text=True)[:500])
    corps = reponse.get_json()
    if reponse.status_code >= 400:
        valideur.validate(corps)
        assert "\n" not in corps["error"]
    else:
        assert isinstance(corps, dict)


@pytest.mark.parametrize("route", ["/calculate", "/trace"])
def test_jamais_de_5xx(client, spec, valideur, route):
    @settings(max_examples=EXEMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(situation=situations(spec))
    def propriete(situation):
        _verifier(client, valideur, route, situation)

    propriete()


def test_les_exemples_de_spec_sont_acceptes(client, spec):
    """The generator's baseline: the situation examples of /spec are answered 200."""
    exemples = spec["paths"]["/calculate"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    for nom, exemple in exemples.items():
        reponse = client.post("/calculate", json=exemple["value"])
        assert reponse.status_code == 200, nom
        assert not any(isinstance(v, float) and not math.isfinite(v) for v in [reponse.get_json()])
