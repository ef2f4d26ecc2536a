"""Web API: OpenFisca `axes` in /calculate and /trace (what-if curves), and bad axes refused in 4xx."""

import pytest

from openfisca_independants.web_api import MAX_PERSONNES_CALCULEES, create_app


@pytest.fixture(scope="module")
def client(tbs):
    return create_app(tbs).test_client()


def courbe(*axes, **demandes):
    alice = {"categorie_independant": {"ETERNITY": "artisan"}, "retraite_de_base": {"2024": None}}
    alice.update(demandes)
    return {
        "individus": {"alice": alice},
        "foyers_fiscaux": {"f": {"declarants": ["alice"]}},
        "axes": [list(axes)] if axes else [[revenu(5, 0, 100000)]],
    }


def revenu(count, minimum, maximum, **autres):
    return {"name": "revenu_professionnel", "count": count, "min": minimum, "max": maximum, "period": "2024", **autres}


# PASS 2024 = 46 368 €; SMIC horaire 2024 = 11,65 €; retraite de base of an artisan in 2024:
# 17,75 % of the income up to 1 PASS (base at least 450 SMIC horaires = 5 242,50 €)
# + 0,60 % of the income above 1 PASS.
PASS = 46368
PLANCHER = 450 * 11.65  # 5 242,50


def retraite_de_base_2024(revenu):
    base = max(revenu, PLANCHER)
    return 0.1775 * min(base, PASS) + 0.006 * max(base - PASS, 0)


def test_courbe_retraite_de_base(client):
    reponse = client.post("/calculate", json=courbe())
    assert reponse.status_code == 200, reponse.get_data(as_text=True)
    valeurs = reponse.get_json()["individus"]["alice"]["retraite_de_base"]["2024"]
    # points 0, 25 000, 50 000, 75 000, 100 000:
    #   0       → minimum base: 17,75 % × 5 242,50 = 930,54
    #   25 000  → 17,75 % × 25 000 = 4 437,50
    #   50 000  → 17,75 % × 46 368 + 0,60 % × 3 632  = 8 230,32 + 21,79  = 8 252,11
    #   75 000  → 8 230,32 + 0,60 % × 28 632 = 8 230,32 + 171,79 = 8 402,11
    #   100 000 → 8 230,32 + 0,60 % × 53 632 = 8 230,32 + 321,79 = 8 552,11
    attendu = [930.54, 4437.50, 8252.11, 8402.11, 8552.11]
    assert valeurs == pytest.approx(attendu, abs=0.01)
    assert attendu == pytest.approx([retraite_de_base_2024(r) for r in (0, 25000, 50000, 75000, 100000)], abs=0.01)


def test_axes_repris_et_entrees_inchangees(client):
    requete = courbe()
    reponse = client.post("/calculate", json=requete).get_json()
    assert reponse["axes"] == requete["axes"]
    assert reponse["individus"]["alice"]["categorie_independant"] == {"ETERNITY": "artisan"}


def test_plusieurs_variables_une_enum_et_un_groupe(client):
    requete = courbe(revenu(3, 10000, 30000), indemnites_journalieres={"2024": None},
                     conjoint_collaborateur_assiette={"2024": None})
    requete["foyers_fiscaux"]["f"]["nombre_parts_fiscales"] = {"2024": None}
    reponse = client.post("/calculate", json=requete).get_json()
    alice = reponse["individus"]["alice"]
    # defaults, one per point
    assert alice["conjoint_collaborateur_assiette"]["2024"] == ["forfaitaire"] * 3
    assert reponse["foyers_fiscaux"]["f"]["nombre_parts_fiscales"]["2024"] == [1, 1, 1]  # default: one part
    # 10 000, 20 000, 30 000 × 17,75 %
    assert alice["retraite_de_base"]["2024"] == pytest.approx([1775, 3550, 5325], abs=0.01)
    # IJ 0,50 % of the income, at least 40 % PASS (18 547,20 €): 92,74 ; 100 ; 150
    assert alice["indemnites_journalieres"]["2024"] == pytest.approx([92.74, 100, 150], abs=0.01)


def test_axe_sur_la_seconde_personne(client):
    requete = courbe(revenu(2, 10000, 20000, index=1))
    requete["individus"]["bob"] = {"revenu_professionnel": {"2024": 30000}, "retraite_de_base": {"2024": None}}
    requete["individus"]["alice"]["revenu_professionnel"] = {"2024": 40000}
    requete["foyers_fiscaux"]["f"]["declarants"] = ["alice", "bob"]
    individus = client.post("/calculate", json=requete).get_json()["individus"]
    # bob (index 1) varies: 17,75 % × 10 000 and × 20 000; alice stays at 17,75 % × 40 000 = 7 100
    assert individus["bob"]["retraite_de_base"]["2024"] == pytest.approx([1775, 3550], abs=0.01)
    assert individus["alice"]["retraite_de_base"]["2024"] == pytest.approx([7100, 7100], abs=0.01)


def test_axes_perpendiculaires(client):
    # revenu 10 000 or 20 000 × a second dimension, the RFR of the foyer (no effect on the line)
    requete = courbe(revenu(2, 10000, 20000))
    requete["axes"].append([{"name": "revenu_fiscal_reference", "count": 3, "min": 0, "max": 2, "period": "2024"}])
    valeurs = client.post("/calculate", json=requete).get_json()["individus"]["alice"]["retraite_de_base"]["2024"]
    # 6 points, the first dimension varies fastest: 1 775, 3 550 repeated 3 times
    assert valeurs == pytest.approx([1775, 3550] * 3, abs=0.01)


def test_trace_avec_axes(client):
    reponse = client.post("/trace", json=courbe(revenu(3, 10000, 30000)))
    assert reponse.status_code == 200
    trace = reponse.get_json()["trace"]
    assert trace["retraite_de_base<2024>"]["value"] == pytest.approx([1775, 3550, 5325], abs=0.01)


def test_entree_exclue_sur_un_axe_nommee_a_la_personne(client):
    requete = {
        "individus": {"eve": {"micro_entrepreneur": {"2024": True}, "total_cotisations_contributions": {"2024": None}}},
        "foyers_fiscaux": {"f": {"declarants": ["eve"]}},
        "axes": [[{"name": "chiffre_affaires_services_bic", "count": 3, "min": -1000, "max": 1000, "period": "2024"}]],
    }
    reponse = client.post("/calculate", json=requete)
    assert reponse.status_code == 400
    corps = reponse.get_json()
    assert "chiffre_affaires_services_bic" in corps["individus"]["eve"]
    assert corps["field"] == "chiffre_affaires_services_bic"


def erreur_axe(client, axes, code=400):
    requete = courbe()
    requete["axes"] = axes
    reponse = client.post("/calculate", json=requete)
    assert reponse.status_code == code, reponse.get_data(as_text=True)
    corps = reponse.get_json()
    assert isinstance(corps["error"], str) and "\n" not in corps["error"]
    return corps


def test_variable_inconnue(client):
    corps = erreur_axe(client, [[{"name": "revenu_fantome", "count": 3, "min": 0, "max": 1, "period": "2024"}]], 404)
    assert "revenu_fantome" in corps["axes"]["0"]["0"]["name"]


@pytest.mark.parametrize("count", [0, -1, 2.5, "5", True, None])
def test_count_invalide(client, count):
    corps = erreur_axe(client, [[revenu(count, 0, 1)]])
    assert "count" in corps["axes"]["0"]["0"]


def test_count_demesure(client):
    corps = erreur_axe(client, [[revenu(10**12, 0, 1)]])
    assert str(MAX_PERSONNES_CALCULEES) in corps["error"]


def test_plafond_personnes_fois_points(client):
    requete = courbe(revenu(MAX_PERSONNES_CALCULEES // 2 + 1, 0, 1))
    requete["individus"]["bob"] = {}
    requete["foyers_fiscaux"]["f"]["declarants"] = ["alice", "bob"]
    reponse = client.post("/calculate", json=requete)
    assert reponse.status_code == 400
    assert "2 person" in reponse.get_json()["error"]


@pytest.mark.parametrize("cle, valeur", [("min", "a"), ("max", "1e3"), ("min", None), ("max", True), ("min", [0])])
def test_bornes_non_numeriques(client, cle, valeur):
    axe = revenu(3, 0, 1)
    axe[cle] = valeur
    corps = erreur_axe(client, [[axe]])
    assert cle in corps["axes"]["0"]["0"]


def test_bornes_non_finies(client):
    corps = '{"individus": {"alice": {"retraite_de_base": {"2024": null}}}, "foyers_fiscaux": {"f": {"declarants": ["alice"]}}, ' \
        '"axes": [[{"name": "revenu_professionnel", "count": 3, "min": 0, "max": Infinity, "period": "2024"}]]}'
    reponse = client.post("/calculate", data=corps, content_type="application/json")
    assert reponse.status_code == 400
    assert "finite" in reponse.get_json()["axes"]["0"]["0"]["max"]


@pytest.mark.parametrize(
    "axes",
    [
        "revenu_professionnel",
        [],
        [[]],
        [{"name": "revenu_professionnel"}],
        [["x"]],
        [[{"name": "revenu_professionnel", "count": 3, "min": 0, "max": 1}]],  # no period
        [[revenu(3, 0, 1, step=2)]],  # unknown key
        [[revenu(3, 0, 1, period="2024-13")]],
        [[revenu(3, 0, 1, period="2024-03")]],  # a yearly variable
        [[revenu(3, 0, 1, index=1)]],  # one person only
        [[revenu(3, 0, 1), revenu(4, 0, 1)]],  # parallel axes of different counts
        [[{"name": "categorie_independant", "count": 3, "min": 0, "max": 1, "period": "2024"}]],  # not a number
        [[revenu(3, 0, 1)], [{"name": "revenu_fiscal_reference", "count": 1, "min": 0, "max": 1, "period": "2024"}]],
    ],
)
def test_axes_mal_formes(client, axes):
    corps = erreur_axe(client, axes)
    assert "axes" in corps and corps["error"].startswith("axes")


@pytest.mark.parametrize("individus", [5, [], "alice", {}])
def test_axes_sans_personnes_valides(client, individus):
    requete = {"individus": individus, "axes": [[revenu(3, 0, 1)]]}
    reponse = client.post("/calculate", json=requete)
    assert reponse.status_code == 400 and "individus" in reponse.get_json()["error"]


def test_trace_refuse_les_memes_axes(client):
    requete = courbe()
    requete["axes"] = [[revenu(0, 0, 1)]]
    reponse = client.post("/trace", json=requete)
    assert reponse.status_code == 400
    assert "count" in reponse.get_json()["axes"]["0"]["0"]


def test_reponse_du_readme(client):
    """The README's axes example shows the real answer."""
    import json
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    montre = json.loads(re.search(r'# … "retraite_de_base": \{"2024": (\[[^\]]*\])\}', readme).group(1))
    reponse = client.post("/calculate", json=courbe()).get_json()
    assert reponse["individus"]["alice"]["retraite_de_base"]["2024"] == montre


def test_courbe_micro_entrepreneur_sur_un_chiffre_d_affaires_mensuel(client):
    """An axis over a yearly period of a monthly turnover: spread over the months, as an input is."""
    requete = {
        "individus": {"eve": {"micro_entrepreneur": {"2024": True}, "categorie_independant": {"ETERNITY": "commercant"},
                              "cotisations_micro_sociales": {"2024": None},
                              "cotisations_micro_sociales_mensuelles": {"2024-03": None}}},
        "foyers_fiscaux": {"f": {"declarants": ["eve"]}},
        "axes": [[{"name": "chiffre_affaires_vente", "count": 3, "min": 0, "max": 24000, "period": "2024"}]],
    }
    eve = client.post("/calculate", json=requete).get_json()["individus"]["eve"]
    # sales of goods, 12,3 % all through 2024: 0 ; 12 000 × 12,3 % = 1 476 ; 24 000 × 12,3 % = 2 952
    assert eve["cotisations_micro_sociales"]["2024"] == pytest.approx([0, 1476, 2952], abs=0.01)
    # March: a twelfth, 0 ; 1 000 × 12,3 % = 123 ; 2 000 × 12,3 % = 246
    assert eve["cotisations_micro_sociales_mensuelles"]["2024-03"] == pytest.approx([0, 123, 246], abs=0.01)


def test_dates_en_iso(client):
    requete = courbe(revenu(2, 0, 1), date_debut_activite={"ETERNITY": None})
    alice = client.post("/calculate", json=requete).get_json()["individus"]["alice"]
    assert alice["date_debut_activite"]["ETERNITY"] == ["1970-01-01", "1970-01-01"]
    del requete["axes"]
    alice = client.post("/calculate", json=requete).get_json()["individus"]["alice"]
    assert alice["date_debut_activite"]["ETERNITY"] == "1970-01-01"
