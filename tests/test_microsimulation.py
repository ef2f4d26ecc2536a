"""Python API and command line of the batch microsimulation."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy
import pandas
import pytest

from openfisca_independants import batch
from openfisca_independants.cli import main
from openfisca_independants.microsimulation import agreger, calculer


def population():
    return pandas.DataFrame(
        {
            "categorie_independant": ["artisan", "commercant", "plombier", "liberal_cipav", "commercant", "commercant"],
            "revenu_professionnel": [30000, "abc", 1000, 46368, None, 0],
            "micro_entrepreneur": [False, False, False, False, True, False],
            "chiffre_affaires_vente": [0, 0, 0, 0, 12000, -5],
            "departement": ["75", "75", "75", "75", "974", "2A"],
            "poids": [2.0, 1.0, 1.0, 1.0, 3.0, 1.0],
        }
    )


def test_calculer_lignes_valides_et_erreurs():
    resultat = calculer(population(), 2024, ["total_cotisations_contributions", "retraite_de_base"])
    total = resultat.resultats["total_cotisations_contributions"]
    # artisan 30 000 € in 2024: 13 182,00 (README, hand calculation in test_web_api)
    assert total[0] == pytest.approx(13182.0, abs=0.02)
    # Cipav 1 PSS 2024: retraite de base CNAVPL 10,10 % × 46 368 = 4 683,17
    assert resultat.resultats["retraite_de_base"][3] == pytest.approx(4683.17, abs=0.02)
    # micro-entrepreneur at La Réunion, long established (period 3): 12 000 × 8,2 % + CFP 0,1 % = 996
    assert total[4] == pytest.approx(996.0, abs=0.02)
    assert numpy.isnan(total[1]) and numpy.isnan(total[2]) and numpy.isnan(total[5])
    erreurs = set(map(tuple, resultat.erreurs[["ligne", "colonne"]].to_numpy().tolist()))
    assert erreurs == {(1, "revenu_professionnel"), (2, "categorie_independant"), (5, "chiffre_affaires_vente")}


def test_numerotation_des_lignes_a_partir_d_un_rang():
    resultat = calculer(population(), 2024, premiere_ligne=1001)
    assert sorted(resultat.erreurs["ligne"]) == [1002, 1003, 1006]


def test_revenu_absent_d_un_travailleur_classique_signale():
    donnees = pandas.DataFrame({"categorie_independant": ["artisan", "artisan"], "revenu_professionnel": [None, 1000.0]})
    resultat = calculer(donnees, 2024)
    assert resultat.erreurs.to_dict("records") == [{"ligne": 0, "colonne": "revenu_professionnel", "message": "missing (classic regime)"}]


def test_colonne_inconnue_refusee():
    with pytest.raises(ValueError, match="revenu_brut"):
        calculer(pandas.DataFrame({"revenu_brut": [1.0]}), 2024)


def test_agregats_ponderes():
    donnees = population()
    resultat = calculer(donnees, 2024, ["total_cotisations_contributions"])
    par_categorie = agreger(donnees, resultat.resultats, "categorie_independant")
    # artisan: weight 2 × 13 182,00 ; commercant: only the valid micro row, weight 3 × 996
    assert par_categorie.loc["artisan", "total_cotisations_contributions"] == pytest.approx(2 * 13182.0, abs=0.05)
    assert par_categorie.loc["artisan", "effectif"] == 2
    assert par_categorie.loc["commercant", "total_cotisations_contributions"] == pytest.approx(3 * 996.0, abs=0.05)
    total = agreger(donnees, resultat.resultats)
    assert total["effectif"][0] == 2 + 1 + 3


@pytest.fixture()
def fichier(tmp_path):
    donnees = population()
    chemin = tmp_path / "entree.csv"
    donnees.to_csv(chemin, index=False)
    return chemin


@pytest.mark.parametrize("format_sortie", ["csv", "parquet"])
@pytest.mark.parametrize("format_entree", ["csv", "parquet"])
def test_batch_aller_retour(tmp_path, fichier, format_entree, format_sortie, capsys):
    entree = fichier
    if format_entree == "parquet":
        entree = tmp_path / "entree.parquet"
        donnees = population().astype({"revenu_professionnel": str})
        donnees.to_parquet(entree)
    sortie = tmp_path / f"sortie.{format_sortie}"
    code = main(["batch", str(entree), str(sortie), "--annee", "2024", "--variables", "total_cotisations_contributions", "--taille-lot", "2"])
    assert code == 1  # some rows are invalid
    lu = pandas.read_csv(sortie, dtype={"departement": str}) if format_sortie == "csv" else pandas.read_parquet(sortie)
    assert len(lu) == 6
    assert lu["total_cotisations_contributions"][0] == pytest.approx(13182.0, abs=0.02)
    assert list(lu["departement"]) == ["75", "75", "75", "75", "974", "2A"]
    erreurs = pandas.read_csv(str(sortie) + ".erreurs.csv")
    assert sorted(erreurs["ligne"]) == [2, 3, 6]  # row 1 = first data row
    assert "row 3, column categorie_independant" in capsys.readouterr().err


def test_batch_sans_erreur_code_zero(tmp_path):
    entree = tmp_path / "ok.csv"
    pandas.DataFrame({"categorie_independant": ["artisan"], "revenu_professionnel": [30000]}).to_csv(entree, index=False)
    assert main(["batch", str(entree), str(tmp_path / "ok_out.csv"), "--annee", "2024", "--quiet"]) == 0
    assert not (tmp_path / "ok_out.csv.erreurs.csv").exists()


def test_ecriture_atomique_en_cas_d_erreur(tmp_path):
    cible = tmp_path / "resultat.parquet"
    cible.write_text("ancien contenu")
    with pytest.raises(RuntimeError):
        with batch.EcritureAtomique(cible) as ecriture:
            ecriture.ecrire(pandas.DataFrame({"a": [1.0]}))
            raise RuntimeError("crash au milieu")
    assert cible.read_text() == "ancien contenu"
    assert [p.name for p in tmp_path.iterdir()] == ["resultat.parquet"]


def test_interruption_ne_laisse_pas_de_fichier_partiel(tmp_path):
    entree = tmp_path / "gros.csv"
    n = 400_000
    pandas.DataFrame({"categorie_independant": ["commercant"] * n, "revenu_professionnel": numpy.arange(n, dtype=float)}).to_csv(entree, index=False)
    sortie = tmp_path / "gros_out.csv"
    script = Path(sys.executable).with_name("openfisca-independants")
    commande = [str(script)] if script.exists() else [sys.executable, "-m", "openfisca_independants.cli"]
    processus = subprocess.Popen([*commande, "batch", str(entree), str(sortie), "--annee", "2024", "--taille-lot", "20000", "--quiet"])
    time.sleep(2.5)
    processus.send_signal(signal.SIGINT)
    processus.wait(timeout=60)
    restants = sorted(p.name for p in tmp_path.iterdir())
    assert restants in (["gros.csv"], ["gros.csv", "gros_out.csv"])
    if "gros_out.csv" in restants:  # finished before the signal: then complete
        assert len(pandas.read_csv(sortie)) == n


def test_moteur_dask_identique_au_local(tmp_path, fichier):
    pytest.importorskip("dask.distributed")
    local, distribue = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    grand = tmp_path / "grand.csv"
    donnees = pandas.concat([population()] * 50, ignore_index=True)
    donnees.to_csv(grand, index=False)
    assert main(["batch", str(grand), str(local), "--annee", "2024", "--quiet", "--taille-lot", "40"]) == 1
    assert main(["batch", str(grand), str(distribue), "--annee", "2024", "--quiet", "--engine", "dask", "--workers", "2", "--taille-lot", "40"]) == 1
    pandas.testing.assert_frame_equal(pandas.read_parquet(local), pandas.read_parquet(distribue))
    assert pandas.read_csv(str(local) + ".erreurs.csv").equals(pandas.read_csv(str(distribue) + ".erreurs.csv"))


def test_calc_affiche_le_detail(capsys):
    assert main(["calc", "--annee", "2024", "--categorie", "artisan", "--revenu", "30000"]) == 0
    sortie = capsys.readouterr().out
    assert "Cotisation d'assurance vieillesse de base" in sortie and "17.75 %" in sortie and "13 181.99" in sortie


def test_calc_situation_json(capsys):
    exemple = Path(__file__).resolve().parents[1] / "openfisca_independants" / "situation_examples" / "artisan_30000_2024.json"
    assert main(["calc", "--annee", "2024", "--situation", str(exemple)]) == 0
    assert "13 181.99" in capsys.readouterr().out


def test_plot_ecrit_un_png(tmp_path):
    sortie = tmp_path / "taux.png"
    assert main(["plot", "--annees", "2024", "2026", "--points", "20", "--sortie", str(sortie)]) == 0
    assert sortie.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_exemple_du_readme(tmp_path):
    """The README shows the real output of the batch command on the shipped example file."""
    import re

    racine = Path(__file__).resolve().parents[1]
    readme = (racine / "README.md").read_text()
    bloc = re.search(r"\$ cut -d, -f1,2,3,13- resultats.csv\n(.*?)\n```", readme, re.S).group(1)
    attendu = pandas.read_csv(__import__("io").StringIO(bloc))
    sortie = tmp_path / "resultats.csv"
    code = main(["batch", str(racine / "exemples" / "population.csv"), str(sortie), "--annee", "2024", "--quiet",
                 "--variables", "total_cotisations_contributions", "retraite_de_base", "trimestres_retraite_valides"])
    assert code == 0
    obtenu = pandas.read_csv(sortie)[attendu.columns]
    pandas.testing.assert_frame_equal(obtenu, attendu, check_exact=False, atol=0.01)


def test_variables_mensuelles_une_colonne_par_mois():
    # liberal services (SSI) 24 000 € in 2024 = 2 000 € a month: 21,1 % until June (422 €), 23,1 % from July (462 €)
    donnees = pandas.DataFrame({"categorie_independant": ["liberal_non_reglemente"], "micro_entrepreneur": [True],
                                "chiffre_affaires_services_bnc": [24000.0]})
    resultats = calculer(donnees, 2024, ["cotisations_micro_sociales_mensuelles", "taux_micro_services_bnc"]).resultats
    assert list(resultats.columns) == [f"cotisations_micro_sociales_mensuelles_2024-{m:02d}" for m in range(1, 13)] + [
        f"taux_micro_services_bnc_2024-{m:02d}" for m in range(1, 13)]
    assert resultats.iloc[0, :12].tolist() == pytest.approx([422.0] * 6 + [462.0] * 6, abs=0.01)
    assert resultats.iloc[0, 12:].tolist() == pytest.approx([0.211] * 6 + [0.231] * 6)


def test_decimale_virgule_et_point_ambigu():
    donnees = pandas.DataFrame({"categorie_independant": ["artisan", "artisan"], "revenu_professionnel": ["30000,00", "30.000"]})
    resultat = calculer(donnees, 2024, decimale=",")
    # 30 000 € for an artisan in 2024: 13 182,00 € (hand calculation in test_web_api)
    assert resultat.resultats["total_cotisations_contributions"][0] == pytest.approx(13182.0, abs=0.02)
    assert resultat.erreurs[["ligne", "colonne"]].values.tolist() == [[1, "revenu_professionnel"]]  # 30 or 30 000? refused
    assert "decimal mark" in resultat.erreurs["message"][0]


def test_montant_de_l_autre_regime_ou_revenu_absent_signale():
    donnees = pandas.DataFrame(
        {
            "categorie_independant": ["commercant"] * 5,
            "micro_entrepreneur": [True, False, True, False, True],
            "revenu_professionnel": [30000.0, 30000.0, None, None, 0.0],
            "chiffre_affaires_vente": [12000.0, 500.0, None, 0.0, 12000.0],
        }
    )
    resultat = calculer(donnees, 2024)
    erreurs = resultat.erreurs[["ligne", "colonne"]].values.tolist()
    assert erreurs == [
        [0, "revenu_professionnel"],  # an income the micro regime would ignore
        [1, "chiffre_affaires_vente"],  # a turnover the classic regime would ignore
        [2, "chiffre_affaires_vente"],  # a micro-entrepreneur without turnover
        [3, "revenu_professionnel"],  # a classic worker without income
    ]
    # the last row (income 0 left beside the turnover) is computed: 12 000 × (12,3 % + 0,1 %) = 1 488
    assert resultat.resultats["total_cotisations_contributions"][4] == pytest.approx(1488.0, abs=0.01)


def test_revenu_activite_brut_avant_la_reforme_refuse():
    donnees = pandas.DataFrame({"categorie_independant": ["artisan"], "revenu_activite_brut": [40000.0]})
    erreurs = calculer(donnees, 2024).erreurs
    assert erreurs[["ligne", "colonne"]].values.tolist() == [[0, "revenu_activite_brut"]]  # 2024 uses revenu_professionnel
    assert not len(calculer(donnees, 2025).erreurs)


def test_colonnes_requises():
    from openfisca_independants.microsimulation import ColonneManquante

    with pytest.raises(ColonneManquante, match="'categorie_independant'"):
        calculer(pandas.DataFrame({"revenu_professionnel": [1000.0]}), 2024)
    with pytest.raises(ColonneManquante, match="'revenu_professionnel'"):
        calculer(pandas.DataFrame({"categorie_independant": ["artisan"]}), 2024)
    with pytest.raises(ColonneManquante, match="'revenu_professionnel'.*row 1"):
        calculer(pandas.DataFrame({"categorie_independant": ["artisan", "artisan"], "micro_entrepreneur": [True, False],
                                   "chiffre_affaires_vente": [1.0, None]}), 2024)


def test_categorie_vide_signalee():
    donnees = pandas.DataFrame({"categorie_independant": [None, "artisan"], "revenu_professionnel": [30000.0, 30000.0]})
    assert calculer(donnees, 2024).erreurs[["ligne", "colonne"]].values.tolist() == [[0, "categorie_independant"]]


def test_annee_hors_legislation_une_erreur():
    from openfisca_independants.microsimulation import HorsLegislation

    with pytest.raises(HorsLegislation, match="2018"):
        calculer(pandas.DataFrame({"categorie_independant": ["artisan"], "revenu_professionnel": [30000.0]}), 2018)


def test_revenu_activite_brut_vide_derive_du_revenu_professionnel():
    """In 2025 a row may give the gross income, another only the net one: an empty gross cell is derived, never 0."""
    melange = pandas.DataFrame({"categorie_independant": ["artisan", "artisan"], "revenu_activite_brut": [40000.0, None],
                                "revenu_professionnel": [None, 30000.0]})
    total = calculer(melange, 2025).resultats["total_cotisations_contributions"]
    seul_net = calculer(pandas.DataFrame({"categorie_independant": ["artisan"], "revenu_professionnel": [30000.0]}), 2025)
    seul_brut = calculer(pandas.DataFrame({"categorie_independant": ["artisan"], "revenu_activite_brut": [40000.0]}), 2025)
    assert total[1] == pytest.approx(seul_net.resultats["total_cotisations_contributions"][0], abs=0.01)
    assert total[0] == pytest.approx(seul_brut.resultats["total_cotisations_contributions"][0], abs=0.01)
    # with a gross income of 0 the row would pay only the minimum contributions: about 1 200 €, far below
    assert total[1] > 10000


def test_lignes_refusees_par_le_modele_signalees(monkeypatch):
    """An EntreeInvalide of the model naming rows (e.g. a département the formulas refuse) leaves those rows out, not the file."""
    from openfisca_independants import microsimulation
    from openfisca_independants.erreurs import EntreeInvalide

    original = microsimulation._calculer_lignes
    appels = []

    def refuse_la_deuxieme_fois(tbs, entrees, valides, annee, colonnes):
        appels.append(valides.copy())
        if len(appels) == 1:  # the model refuses the 2nd person of the simulation (row 2 of the data: row 0 is invalid)
            raise EntreeInvalide("departement", [1], "'departement' must be an INSEE département code")
        return original(tbs, entrees, valides, annee, colonnes)

    monkeypatch.setattr(microsimulation, "_calculer_lignes", refuse_la_deuxieme_fois)
    donnees = pandas.DataFrame({"categorie_independant": ["plombier", "artisan", "artisan", "artisan"],
                                "revenu_professionnel": [30000.0] * 4})
    resultat = calculer(donnees, 2024, premiere_ligne=1)
    assert resultat.erreurs[["ligne", "colonne"]].values.tolist() == [[1, "categorie_independant"], [3, "departement"]]
    total = resultat.resultats["total_cotisations_contributions"]
    assert total.isna().tolist() == [True, False, True, False]
    assert total[3] == pytest.approx(13182.0, abs=0.02)  # artisan 30 000 € in 2024 (hand calculation in test_web_api)


def test_ligne_du_regime_classique_demandee_pour_des_micro_entrepreneurs_dont_un_a_mayotte():
    """A classic line asked for micro-entrepreneurs is 0 for them; a Mayotte micro row in 2024 (a
    year without Mayotte rules) must not make the whole micro group 'out of legislation'."""
    donnees = pandas.DataFrame({
        "categorie_independant": ["artisan", "commercant", "artisan"],
        "micro_entrepreneur": [True, True, False],
        "revenu_professionnel": [numpy.nan, numpy.nan, 30_000.0],
        "chiffre_affaires_vente": [30_000.0, 20_000.0, numpy.nan],
        "departement": ["75", "976", "75"],
        "date_debut_activite": ["2010-09-15", "2026-05-12", "2010-09-15"],
    })
    resultat = calculer(donnees, 2024, ["maladie_maternite", "retraite_de_base", "trimestres_retraite_valides"])
    assert not resultat.erreurs["message"].astype(str).str.contains("no legislation").any(), resultat.erreurs
    assert resultat.resultats["maladie_maternite"].iloc[0] == 0
    assert resultat.resultats["maladie_maternite"].iloc[2] > 0
    assert resultat.resultats["retraite_de_base"].iloc[0] == 0


def test_cellule_booleenne_vide_prend_la_valeur_par_defaut_de_l_entree():
    """An empty praticien_conventionne cell is the contract's default (true for the health
    professions), not false: the same dentist with the cell empty and with 'true' pays the same."""
    donnees = pandas.DataFrame({
        "categorie_independant": ["chirurgien_dentiste", "chirurgien_dentiste", "chirurgien_dentiste"],
        "revenu_professionnel": [60_000.0] * 3,
        "praticien_conventionne": [None, "true", "false"],
    })
    total = calculer(donnees, 2024, ["total_cotisations_contributions"]).resultats["total_cotisations_contributions"]
    assert total.iloc[0] == total.iloc[1] != total.iloc[2]


@pytest.mark.parametrize("dialecte", [batch.Dialecte(), batch.Dialecte(";", ",", batch.CP1252), batch.Dialecte(";", ",", "utf-8", True),
                                      batch.Dialecte("\t", ".")], ids=["virgule", "excel_cp1252", "excel_bom", "tabulation"])
def test_ecrivain_csv_arrow_octet_pour_octet(dialecte):
    """The pyarrow CSV writer gives the bytes of the pandas writer it replaced (`_csv_pandas`): quoting
    (separator, quote, line ends), missing values, floats (repr with a point; Arrow's form with a comma),
    integers with gaps, booleans, accents."""
    import pyarrow

    table = pandas.DataFrame({
        "texte": pandas.Series(["a;b", 'dit "oui"', "a,b", "ligne\nsuite", "Zoé é\x81", None, "x\ty", "  espace ", "", "|"], dtype="str"),
        "montant": [0.0, -0.0, 5325.0, 13181.99, 1e-05, 1e16, numpy.nan, 0.1 + 0.2, 123456789.5, -2.5e-7],
        "taux": numpy.array([0.123, 0.231, 1e-4, 9.9e-5, 0.5, 1.0, 2.0, numpy.nan, 0.0, 1e-8], dtype=float),
        "trimestres": pandas.array([4, 0, None, 3, 2, 1, 4, 4, 0, -1], dtype="Int64"),
        "cipav": pandas.array([True, False, None, True, False, True, False, True, False, None], dtype="boolean"),
    })
    attendu = batch._csv_pandas(table, dialecte).encode(dialecte.encodage)
    obtenu = batch.lignes_csv(pyarrow.Table.from_pandas(table, preserve_index=False), dialecte)
    assert obtenu == attendu


def test_sortie_parquet_types_du_writer_pandas(tmp_path):
    """A Parquet output keeps the input's types and gives the results the pandas types they had
    (amounts float64, counts Int64, booleans boolean, enums text), read back by pandas."""
    entree, sortie = tmp_path / "entree.parquet", tmp_path / "sortie.parquet"
    pandas.DataFrame({"categorie_independant": pandas.Categorical(["artisan", "commercant"]), "micro_entrepreneur": [False, True],
                      "revenu_professionnel": [30000.0, None], "chiffre_affaires_vente": [None, 36000.0]}).to_parquet(entree)
    assert main(["batch", str(entree), str(sortie), "--annee", "2024", "--quiet", "--variables", "total_cotisations_contributions",
                 "trimestres_retraite_valides", "est_cipav", "micro_periode_outre_mer"]) == 0
    lu = pandas.read_parquet(sortie)
    types = {colonne: str(dtype) for colonne, dtype in lu.dtypes.items()}
    assert types["categorie_independant"] == "category" and types["revenu_professionnel"] == "double[pyarrow]"
    assert types["total_cotisations_contributions"] == "float64" and types["trimestres_retraite_valides"] == "Int64"
    assert types["est_cipav"] == "boolean" and types["micro_periode_outre_mer_2024-01"] == "str"


def test_moteur_dask_parquet_vers_csv_et_ligne_vide(tmp_path):
    """Dask workers read their own row groups (Parquet) or byte ranges (CSV, a blank line being no row):
    same bytes and same error rows as the local engine."""
    pytest.importorskip("dask.distributed")
    donnees = pandas.concat([population()] * 30, ignore_index=True).astype({"revenu_professionnel": str})
    parquet = tmp_path / "entree.parquet"
    donnees.to_parquet(parquet, row_group_size=25)
    fichier_csv = tmp_path / "entree.csv"
    texte = donnees.to_csv(index=False).splitlines()
    fichier_csv.write_text("\n".join(texte[:40] + [""] + texte[40:]) + "\n")  # a blank line after row 39
    for entree in (parquet, fichier_csv):
        local, distribue = tmp_path / f"local_{entree.suffix[1:]}.csv", tmp_path / f"dask_{entree.suffix[1:]}.csv"
        assert main(["batch", str(entree), str(local), "--annee", "2024", "--quiet", "--taille-lot", "20"]) == 1
        assert main(["batch", str(entree), str(distribue), "--annee", "2024", "--quiet", "--taille-lot", "20",
                     "--engine", "dask", "--workers", "2"]) == 1
        assert local.read_bytes() == distribue.read_bytes()
        erreurs = Path(str(local) + ".erreurs.csv").read_bytes()
        assert erreurs == Path(str(distribue) + ".erreurs.csv").read_bytes()
        assert len(pandas.read_csv(local)) == 180
        # rows 2, 3, 6 of each copy of the population are invalid
        assert sorted(set(pandas.read_csv(Path(str(local) + ".erreurs.csv"))["ligne"])) == sorted(
            6 * k + ligne for k in range(30) for ligne in (2, 3, 6))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no part folder nor temporary file left


def test_moteur_dask_refus_sans_fichier_laisse(tmp_path, capsys):
    """A column refused on a worker is a usage error (exit 2, one line) and leaves neither output, temporary file nor parts."""
    pytest.importorskip("dask.distributed")
    entree = tmp_path / "entree.csv"
    entree.write_text("revenu_professionnel\n" + "30000\n" * 50)
    assert main(["batch", str(entree), str(tmp_path / "sortie.parquet"), "--annee", "2024", "--quiet", "--engine", "dask",
                 "--workers", "1", "--taille-lot", "10"]) == 2
    assert "missing column 'categorie_independant'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entree.csv"]


@pytest.mark.parametrize("moteur", [["--engine", "dask", "--workers", "2"], []])
def test_sortie_dataset_parquet(tmp_path, moteur, capsys):
    """An output folder ending with '/' is a Parquet dataset: part files (one per Dask task, written by the
    workers; one for the local engine) that read back, in order, as the local engine's single file; the
    error report next to the folder. A dataset written before is replaced, any other folder refused."""
    if moteur:
        pytest.importorskip("dask.distributed")
    donnees = pandas.concat([population()] * 30, ignore_index=True).astype({"revenu_professionnel": str})
    entree = tmp_path / "entree.parquet"
    donnees.to_parquet(entree, row_group_size=25)
    fichier = tmp_path / "fichier.parquet"
    assert main(["batch", str(entree), str(fichier), "--annee", "2024", "--quiet", "--taille-lot", "20"]) == 1
    dataset = tmp_path / "resultats"
    for _ in range(2):  # the second run replaces the first one's dataset
        assert main(["batch", str(entree), str(dataset) + "/", "--annee", "2024", "--quiet", "--taille-lot", "20", *moteur]) == 1
        parties = sorted(p.name for p in dataset.iterdir())
        assert parties == [f"part-{rang:06d}.parquet" for rang in range(len(parties))]
        assert len(parties) == (8 if moteur else 1)  # tasks of at least 20 rows: 25-row groups, the last 5 rows
        pandas.testing.assert_frame_equal(pandas.read_parquet(dataset), pandas.read_parquet(fichier))
        assert (tmp_path / "resultats.erreurs.csv").read_bytes() == Path(str(fichier) + ".erreurs.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left
    capsys.readouterr()
    autre = tmp_path / "autre"
    autre.mkdir()
    (autre / "notes.txt").write_text("à garder")
    assert main(["batch", str(entree), str(autre) + "/", "--annee", "2024", "--quiet", *moteur]) == 2
    assert "is not a Parquet dataset written by batch" in capsys.readouterr().err
    assert [p.name for p in autre.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("moteur", [["--engine", "dask", "--workers", "1"], []])
def test_sortie_dataset_refusee_sans_rien_laisser(tmp_path, moteur, capsys):
    """A run that fails (year outside the model: exit 3) leaves no dataset folder nor temporary."""
    if moteur:
        pytest.importorskip("dask.distributed")
    entree = tmp_path / "entree.csv"
    entree.write_text("categorie_independant,revenu_professionnel\n" + "artisan,30000\n" * 30)
    assert main(["batch", str(entree), str(tmp_path / "resultats") + "/", "--annee", "2018", "--quiet", "--taille-lot", "10",
                 *moteur]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entree.csv"]


def test_sortie_sans_type_refusee(tmp_path, capsys):
    entree = tmp_path / "entree.csv"
    entree.write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    assert main(["batch", str(entree), str(tmp_path / "resultats"), "--annee", "2024", "--quiet"]) == 2
    assert "a folder ending with '/' for a Parquet dataset" in capsys.readouterr().err


def test_processus_forke_sans_le_gestionnaire_sigterm():
    """A LocalCluster's workers are forked from the command line (Linux): SIGTERM ends them, it does not
    raise the command line's Interruption in them."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    with batch.interrompre_sur_sigterm():
        assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
        pid = os.fork()
        if pid == 0:  # the child: exit code 0 when SIGTERM has its default action again
            os._exit(0 if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL else 1)
        _, statut = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(statut) == 0
