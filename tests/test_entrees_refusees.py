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


# ---------------------------------------------------------------- found by the outside check of issue 12

import subprocess  # noqa: E402
import sys  # noqa: E402


def cli(*arguments):
    return subprocess.run([sys.executable, "-m", "openfisca_independants.cli", *map(str, arguments)],
                          capture_output=True, text=True, timeout=120)


def refus_cli(*arguments, code=2):
    resultat = cli(*arguments)
    assert resultat.returncode == code, resultat
    assert "Traceback" not in resultat.stderr and len(resultat.stderr.strip().splitlines()) == 1, resultat.stderr
    return resultat.stderr


@pytest.mark.parametrize("annee", ["2027", "2030"])
def test_annee_apres_2026_refusee_web_api(client, annee):
    """The PASS and the micro rates of 2027 are not in the sources: refused, not computed with 2026's."""
    for personne in ({"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {annee: 30000}},
                     {"micro_entrepreneur": {annee: True}, "chiffre_affaires_vente": {annee: 30000}}):
        situation = {"individus": {"p": {**personne, "total_cotisations_contributions": {annee: None}}}}
        reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
        assert reponse.status_code == 400, reponse.get_data(as_text=True)
        assert f"{annee}-01-01" in reponse.get_json()["error"]


def test_annee_apres_2026_refusee_cli(tmp_path):
    assert "2027" in refus_cli("calc", "--annee", 2027, "--categorie", "artisan", "--revenu", 30000)
    assert "2101" in refus_cli("calc", "--annee", 2101, "--categorie", "artisan", "--revenu", 30000)
    fichier = tmp_path / "p.csv"
    fichier.write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    assert "2027" in refus_cli("batch", fichier, tmp_path / "r.csv", "--annee", 2027, "--quiet", code=3)  # batch: its own code


@pytest.mark.parametrize("commande", [["calc", "--categorie", "artisan", "--revenu", 30000, "--annee"],
                                      ["plot", "--annees"]])
@pytest.mark.parametrize("annee", [0, -1, 99999])
def test_annee_invalide_nomme_l_option(commande, annee):
    assert "--annee" in refus_cli(*commande[:-1], f"{commande[-1]}={annee}")


def test_chiffre_affaires_annuel_negatif(client):
    situation = {"individus": {"p": {**MICRO, "chiffre_affaires_vente": {"2024": -1000},
                                     "total_cotisations_contributions": {"2024": None}}}}
    reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert reponse.status_code == 400
    assert "non-negative" in reponse.get_json()["error"] and "exceed" not in reponse.get_json()["error"]


def test_debut_au_dela_du_calendrier_nomme_le_debut():
    ligne = refus_cli("calc", "--annee", 2024, "--revenu", 1000, "--debut", "9999-12-31")
    assert "date_debut_activite" in ligne and "date_fin_activite' (" not in ligne


def test_fin_avant_debut_donne_les_deux_dates(tbs):
    personne = {**CLASSIQUE, "date_debut_activite": {"ETERNITY": "2024-06-01"}, "date_fin_activite": {"ETERNITY": "2024-03-01"}}
    simulation = SimulationBuilder().build_from_entities(tbs, {"individus": {"p": personne}})
    with pytest.raises(EntreeInvalide, match="2024-03-01.*2024-06-01"):
        simulation.calculate("total_cotisations_contributions", "2024")


def test_batch_regle_non_modelisee_par_ligne(tmp_path):
    """Overseas micro rates before 2017 are not modelled: that row is reported, the Paris row computed."""
    fichier = tmp_path / "om.csv"
    fichier.write_text("id,categorie_independant,micro_entrepreneur,chiffre_affaires_vente,departement\n"
                       "1,commercant,true,10000,974\n2,commercant,true,10000,75\n")
    resultat = cli("batch", fichier, tmp_path / "r.csv", "--annee", 2012, "--quiet")
    assert resultat.returncode == 1, resultat.stderr
    sortie = pandas.read_csv(tmp_path / "r.csv")
    # 2012, sales: 12 % + CFP 0.1 % of 10 000 = 1 210
    assert sortie["total_cotisations_contributions"].isna().tolist() == [True, False]
    assert sortie["total_cotisations_contributions"][1] == pytest.approx(1210, abs=0.01)
    assert "row 1, column departement" in resultat.stderr


def test_departement_nombre_json(client):
    situation = {"individus": {"p": {**CLASSIQUE, "departement": {"ETERNITY": 75}, "total_cotisations_contributions": {"2024": None}}}}
    reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert reponse.status_code == 400
    assert "expects a string" in reponse.get_json()["error"]


def test_message_de_periode_mensuelle_coherent(client):
    situation = {"individus": {"p": {**MICRO, "micro_periode_outre_mer": {"2024": None}}}}
    reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert reponse.status_code == 400
    message = reponse.get_json()["error"]
    assert "one month at a time (e.g. '2024-01')" in message and "for a year" not in message


@pytest.mark.parametrize("entree, demande", [("year:2024-03", "2024"), ("2024", "year:2024-03"), ("2024", "year:2024-01-15")])
def test_annee_non_civile_refusee(client, entree, demande):
    """'year:2024-03' runs from March 2024 to February 2025: not a contribution year. It was silently
    answered with 1 333 € (the income ignored) instead of 13 181.99 €."""
    situation = {"individus": {"p": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {entree: 30000},
                                     "total_cotisations_contributions": {demande: None}}}}
    reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert reponse.status_code == 400
    assert "not a calendar year" in reponse.get_json()["error"]


def test_mois_non_civil_refuse(client):
    situation = {"individus": {"p": {**MICRO, "chiffre_affaires_vente": {"month:2024-03-15": 5},
                                     "cotisations_micro_sociales_mensuelles": {"2024-03": None}}}}
    reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert reponse.status_code == 400 and "not a calendar month" in reponse.get_json()["error"]


@pytest.mark.parametrize("arguments", [
    ["opendata", "counts", "--source", "/nonexistent.csv", "--out", "{tmp}/d"],
    ["opendata", "counts", "--source", "{tmp}", "--out", "{tmp}/d"],
    ["opendata", "estimate", "--source", "/nonexistent.csv", "--out", "{tmp}/d"],
    ["plot", "--points", "100000000", "--sortie", "{tmp}/t.png"],
    ["plot", "--revenu-max", "2e8", "--sortie", "{tmp}/t.png"],
    ["batch", "{tmp}/p.csv", "{tmp}/r.csv", "--annee", "2024", "--engine", "dask", "--workers", "0"],
])
def test_refus_en_une_ligne_sans_trace(tmp_path, arguments):
    (tmp_path / "p.csv").write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    ligne = refus_cli(*[a.format(tmp=tmp_path) for a in arguments])
    assert ligne.startswith(("error:", "openfisca-independants"))


def test_resultat_sans_valeur_dans_les_sources(client):
    """No sourced rate for furnished tourist lets before April 2017: the answer says so (not 'out of range')."""
    situation = {"individus": {"p": {**MICRO, "taux_micro_meubles_tourisme_classes": {"2015-01": None}}}}
    reponse = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert reponse.status_code == 422
    assert "sources do not give it" in reponse.get_json()["error"]
