"""Web API: the average-rate scales (maladie-maternité, allocations familiales) are visible
through /parameter/<id> and appear in /trace among the parameters of the lines that use them."""

import pytest

from openfisca_independants.web_api import create_app


@pytest.fixture(scope="module")
def client(tbs):
    return create_app(tbs).test_client()


def parametre(client, identifiant):
    reponse = client.get(f"/parameter/{identifiant}")
    assert reponse.status_code == 200
    return reponse.get_json()


def test_bareme_maladie_maternite(client):
    corps = parametre(client, "cotisations/maladie_maternite/taux_progressif")
    # CSS D621-2, décret 2022-1529: 0,50 % up to 40 % PASS, 4,50 % at 60 %, 7,20 % at 110 %
    assert corps["brackets"]["2022-01-01"] == {"0": 0.005, "0.4": 0.005, "0.6": 0.045, "1.1": 0.072}
    # décret 2024-688 (2025 reform): 0 % under 20 %, 1,5 % at 40 %, 4 % at 60 %, 6,5 % at 110 %,
    # 7,7 % at 200 %, 8,5 % at 300 % PASS
    assert corps["brackets"]["2025-01-01"] == {
        "0": 0, "0.2": 0, "0.4": 0.015, "0.6": 0.04, "1.1": 0.065, "2": 0.077, "3": 0.085,
    }
    assert corps["metadata"]["threshold_unit"] == "PSS"
    assert "interpolé" in corps["documentation"]


def test_bareme_allocations_familiales(client):
    corps = parametre(client, "cotisations.allocations_familiales.taux_progressif")  # the legacy dotted id too
    # décret 2017-1894 art. 4: 0 % up to 110 % PASS, then up to 3,10 % at 140 % PASS
    assert corps["brackets"]["2018-01-01"] == {"0": 0, "1.1": 0, "1.4": 0.031}


def test_bareme_maladie_professions_liberales(client):
    corps = parametre(client, "cotisations/maladie_maternite/professions_liberales/taux_progressif")
    # 2022 and after: 0 % under 40 % PASS, 4 % at 60 %, 6,5 % at 110 %
    assert corps["brackets"]["2022-01-01"] == {"0": 0, "0.4": 0, "0.6": 0.04, "1.1": 0.065}


def test_parametre_ordinaire_inchange(client):
    corps = parametre(client, "prelevements_sociaux/pss/plafond_securite_sociale_annuel")
    assert corps["values"]["2024-01-01"] == 46368
    assert "brackets" not in corps


def test_parametre_inconnu(client):
    reponse = client.get("/parameter/cotisations/inconnu")
    assert reponse.status_code == 404 and "error" in reponse.get_json()


def tracer(client, **alice):
    situation = {
        "individus": {"alice": {"categorie_independant": {"ETERNITY": "artisan"}, **alice}},
        "foyers_fiscaux": {"f": {"declarants": ["alice"]}},
    }
    reponse = client.post("/trace", json=situation)
    assert reponse.status_code == 200, reponse.get_data(as_text=True)
    return reponse.get_json()["trace"]


def parametres_utilises(trace):
    return {cle: valeur for noeud in trace.values() for cle, valeur in noeud["parameters"].items()}


def test_trace_montre_les_baremes(client):
    trace = tracer(client, revenu_professionnel={"2024": 60000},
                   maladie_maternite={"2024": None}, allocations_familiales={"2024": None})
    utilises = parametres_utilises(trace)
    # the grids of 2024, {threshold in PASS: rate}, as in /parameter/<id>
    assert utilises["cotisations.maladie_maternite.taux_progressif<2024-01-01>"] == {
        "0": 0.005, "0.4": 0.005, "0.6": 0.045, "1.1": 0.072,
    }
    assert utilises["cotisations.allocations_familiales.taux_progressif<2024-01-01>"] == {"0": 0, "1.1": 0, "1.4": 0.031}
    # AF: 60 000 / 46 368 = 1,293996 PASS; (1,293996 − 1,1) / 0,3 = 0,646653;
    # rate 3,10 % × 0,646653 = 2,004624 %; × 60 000 = 1 202,77
    assert trace["allocations_familiales<2024>"]["value"] == pytest.approx([1202.77], abs=0.01)
    # the trace names parameters that /parameter/<id> serves
    for cle in ("cotisations.maladie_maternite.taux_progressif", "cotisations.allocations_familiales.taux_progressif"):
        assert "brackets" in parametre(client, cle)


def test_trace_bareme_professions_liberales(client):
    trace = tracer(client, categorie_independant={"ETERNITY": "liberal_cipav"},
                   revenu_professionnel={"2024": 30000}, maladie_maternite={"2024": None})
    assert parametres_utilises(trace)["cotisations.maladie_maternite.professions_liberales.taux_progressif<2024-01-01>"] == {
        "0": 0, "0.4": 0, "0.6": 0.04, "1.1": 0.065,
    }


def test_calcul_non_trace_inchange(tbs):
    """Without tracing, the scale is read as before (core's plain parameter node)."""
    from openfisca_core.simulations import SimulationBuilder

    simulation = SimulationBuilder().build_from_entities(tbs, {
        "individus": {"a": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 60000}}},
    })
    # see above: 2,004624 % × 60 000 = 1 202,77
    assert simulation.calculate("allocations_familiales", "2024") == pytest.approx([1202.77], abs=0.01)
