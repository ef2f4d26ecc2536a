"""`openfisca-independants batch` as a user runs it (a subprocess): French Excel exports, refusals, output format.

Expected amounts are hand calculations (2024 rates), never the model's output:
- artisan, revenu professionnel 30 000 € in 2024: 13 182,00 € in all (worked out line by line
  in test_web_api.py and the README);
- micro-entrepreneur, sale of goods, 36 000 € in 2024: 12,3 % + CFP 0,1 % = 12,4 % → 4 464 €;
- micro-entrepreneur, liberal services (SSI), 24 000 € in 2024, i.e. 2 000 € a month:
  21,1 % until June → 422 € a month, 23,1 % from 1 July 2024 → 462 € a month.
"""

import io
import subprocess
import sys
from pathlib import Path

import pandas
import pytest


def commande():
    script = Path(sys.executable).with_name("openfisca-independants")
    return [str(script)] if script.exists() else [sys.executable, "-m", "openfisca_independants.cli"]


def lancer(*arguments):
    return subprocess.run([*commande(), "batch", *map(str, arguments), "--quiet"], capture_output=True, text=True, timeout=300)


def refus_en_une_ligne(processus, code=2):
    """Exit code 2 (or the code given), one line on stderr, no traceback."""
    assert processus.returncode == code, processus.stderr
    assert "Traceback" not in processus.stderr
    lignes = processus.stderr.strip().splitlines()
    assert len(lignes) == 1, processus.stderr
    return lignes[0]


# A French Excel export: ';' separator, decimal comma, VRAI/FAUX, dates JJ/MM/AAAA, ids with leading zeros and accents.
EXPORT_EXCEL = (
    "id;categorie_independant;micro_entrepreneur;revenu_professionnel;chiffre_affaires_vente;date_debut_activite\r\n"
    "007;artisan;FAUX;30000,00;;\r\n"
    "Zoé;commercant;VRAI;;36000,0;\r\n"
    "0042;commercant;VRAI;;12000,5;10/05/2024\r\n"
)


@pytest.mark.parametrize("encodage", ["cp1252", "utf-8-sig", "utf-8"])
def test_export_excel_francais_sans_option(tmp_path, encodage):
    entree, sortie = tmp_path / "export.csv", tmp_path / "resultats.csv"
    entree.write_bytes(EXPORT_EXCEL.encode(encodage))
    processus = lancer(entree, sortie, "--annee", "2024", "--variables", "total_cotisations_contributions", "jours_activite")
    assert processus.returncode == 0, processus.stderr
    brut = sortie.read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf") == (encodage == "utf-8-sig")  # the BOM kept (or not) for Excel
    texte = brut.decode(encodage)
    lignes = texte.splitlines()
    # written in the same dialect; inputs echoed exactly as given
    assert lignes[0] == "id;categorie_independant;micro_entrepreneur;revenu_professionnel;chiffre_affaires_vente;date_debut_activite;total_cotisations_contributions;jours_activite"
    assert lignes[1].startswith("007;artisan;FAUX;30000,00;;;")
    assert lignes[2].startswith("Zoé;commercant;VRAI;;36000,0;;")
    assert lignes[3].startswith("0042;commercant;VRAI;;12000,5;10/05/2024;")
    lu = pandas.read_csv(io.StringIO(texte), sep=";", decimal=",", dtype={"id": str})
    assert lu["total_cotisations_contributions"][0] == pytest.approx(13182.0, abs=0.02)
    assert lu["total_cotisations_contributions"][1] == pytest.approx(4464.0, abs=0.01)
    # 10/05/2024 is 10 May (JJ/MM/AAAA): 10 May – 31 December 2024 = 366 − (31+29+31+30+9) = 236 days
    assert list(lu["jours_activite"]) == [366, 366, 236]


def test_export_francais_sans_decimale_dans_les_premieres_lignes(tmp_path):
    """';' and whole amounts only: still a French export (a later decimal comma and JJ/MM/AAAA dates are read)."""
    entree, sortie = tmp_path / "export.csv", tmp_path / "resultats.csv"
    entree.write_text("categorie_independant;revenu_professionnel;date_debut_activite\nartisan;30000;\nartisan;20000,5;10/05/2024\n")
    processus = lancer(entree, sortie, "--annee", "2024", "--variables", "jours_activite")
    assert processus.returncode == 0, processus.stderr
    assert sortie.read_text().splitlines()[1:] == ["artisan;30000;;366", "artisan;20000,5;10/05/2024;236"]  # 236 days: see above


def test_identifiants_octet_pour_octet(tmp_path):
    """Any byte of a Windows-1252 export comes back unchanged (0x81 is undefined in Python's cp1252, not in Windows)."""
    entree, sortie = tmp_path / "export.csv", tmp_path / "resultats.csv"
    entree.write_bytes(b"id;categorie_independant;revenu_professionnel\r\n\x81\xe9\x9d;artisan;30000,5\r\n")
    processus = lancer(entree, sortie, "--annee", "2024")
    assert processus.returncode == 0, processus.stderr
    assert sortie.read_bytes().splitlines()[1].startswith(b"\x81\xe9\x9d;artisan;30000,5;")


def test_montants_au_centime_et_comptes_entiers(tmp_path):
    entree, sortie = tmp_path / "entree.csv", tmp_path / "sortie.csv"
    entree.write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    processus = lancer(entree, sortie, "--annee", "2024", "--variables", "total_cotisations_contributions", "trimestres_retraite_valides", "est_cipav")
    assert processus.returncode == 0, processus.stderr
    # 13 182,00 € by hand; the model's float32 gives 13 181,994…: written to the cent, never 13181.994140625.
    # 4 quarters (income above 600 SMIC hours), written as a count.
    ligne = sortie.read_text().splitlines()[1]
    total, trimestres, cipav = ligne.split(",")[2:]
    assert len(total.split(".")[1]) <= 2 and float(total) == pytest.approx(13182.0, abs=0.02)
    assert trimestres == "4" and cipav == "False"


def test_entrees_renvoyees_telles_quelles(tmp_path):
    entree, sortie = tmp_path / "entree.csv", tmp_path / "sortie.csv"
    entree.write_text(
        "id,categorie_independant,micro_entrepreneur,acre,revenu_professionnel,chiffre_affaires_services_bnc,departement,poids\n"
        "007,artisan,False,0,30000,,01,1.50\n"
        "Ünïcode 名,liberal_non_reglemente,true,oui,,24000,2A,2\n"
        "1e3,commercant,FALSE,no,2.0E4,,974,1\n",
        encoding="utf-8",
    )
    assert lancer(entree, sortie, "--annee", "2024").returncode == 0
    lignes = sortie.read_text(encoding="utf-8").splitlines()
    assert lignes[1].startswith("007,artisan,False,0,30000,,01,1.50,")
    assert lignes[2].startswith("Ünïcode 名,liberal_non_reglemente,true,oui,,24000,2A,2,")
    assert lignes[3].startswith("1e3,commercant,FALSE,no,2.0E4,,974,1,")


@pytest.mark.parametrize(
    "contenu, colonne",
    [
        ("revenu_professionnel,departement\n30000,75\n", "categorie_independant"),
        ("categorie_independant,departement\nartisan,75\n", "revenu_professionnel"),
        ("categorie_independant,micro_entrepreneur,revenu_professionnel\ncommercant,true,\n", "chiffre_affaires_"),
    ],
    ids=["sans_categorie", "sans_revenu", "micro_sans_chiffre_affaires"],
)
def test_colonne_requise_absente(tmp_path, contenu, colonne):
    entree, sortie = tmp_path / "entree.csv", tmp_path / "sortie.csv"
    entree.write_text(contenu)
    message = refus_en_une_ligne(lancer(entree, sortie, "--annee", "2024"))
    assert f"missing column '{colonne}" in message
    assert not sortie.exists()


def test_montants_non_finis_ou_absurdes_lignes_invalides(tmp_path):
    entree, sortie = tmp_path / "entree.csv", tmp_path / "sortie.csv"
    entree.write_text(
        "categorie_independant,micro_entrepreneur,revenu_professionnel,chiffre_affaires_vente\n"
        "artisan,false,1e308,\n"
        "artisan,false,inf,\n"
        "artisan,false,nan,\n"
        "artisan,false,-1e12,\n"
        "commercant,true,,1e308\n"
        "artisan,false,30000,\n"
    )
    processus = lancer(entree, sortie, "--annee", "2024")
    assert processus.returncode == 1
    assert "Traceback" not in processus.stderr
    erreurs = pandas.read_csv(str(sortie) + ".erreurs.csv")
    assert erreurs[["ligne", "colonne"]].values.tolist() == [
        [1, "revenu_professionnel"],
        [2, "revenu_professionnel"],
        [3, "revenu_professionnel"],
        [4, "revenu_professionnel"],
        [5, "chiffre_affaires_vente"],
    ]
    assert "absurd" in erreurs["message"][0] and "absurd" in erreurs["message"][4]
    lu = pandas.read_csv(sortie)
    assert lu["total_cotisations_contributions"][:5].isna().all()  # invalid rows: empty results
    assert lu["total_cotisations_contributions"][5] == pytest.approx(13182.0, abs=0.02)


def test_variables_mensuelles_mois_par_mois(tmp_path):
    entree, sortie = tmp_path / "entree.csv", tmp_path / "sortie.csv"
    entree.write_text("categorie_independant,micro_entrepreneur,chiffre_affaires_services_bnc\nliberal_non_reglemente,true,24000\n")
    processus = lancer(entree, sortie, "--annee", "2024", "--variables", "cotisations_micro_sociales_mensuelles",
                       "taux_micro_services_bnc", "micro_periode_outre_mer")
    assert processus.returncode == 0, processus.stderr
    lu = pandas.read_csv(sortie)
    mois = [f"2024-{m:02d}" for m in range(1, 13)]
    assert "cotisations_micro_sociales_mensuelles" not in lu.columns  # never summed over the year
    assert [lu[f"cotisations_micro_sociales_mensuelles_{m}"][0] for m in mois] == pytest.approx([422.0] * 6 + [462.0] * 6, abs=0.01)
    assert [lu[f"taux_micro_services_bnc_{m}"][0] for m in mois] == pytest.approx([0.211] * 6 + [0.231] * 6)
    assert {lu[f"micro_periode_outre_mer_{m}"][0] for m in mois} == {"metropole"}  # the enum by name


@pytest.mark.parametrize("format_sortie", ["csv", "parquet"])
def test_fichier_entete_seul(tmp_path, format_sortie):
    entree, sortie = tmp_path / "entree.csv", tmp_path / f"sortie.{format_sortie}"
    entree.write_text("id;categorie_independant;revenu_professionnel\n")
    processus = lancer(entree, sortie, "--annee", "2024", "--variables", "total_cotisations_contributions", "trimestres_retraite_valides")
    assert processus.returncode == 0, processus.stderr
    lu = pandas.read_csv(sortie, sep=";") if format_sortie == "csv" else pandas.read_parquet(sortie)
    assert len(lu) == 0
    assert list(lu.columns) == ["id", "categorie_independant", "revenu_professionnel", "total_cotisations_contributions", "trimestres_retraite_valides"]


def test_dossier_de_sortie_absent(tmp_path):
    entree = tmp_path / "entree.csv"
    entree.write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    message = refus_en_une_ligne(lancer(entree, tmp_path / "absent" / "sortie.csv", "--annee", "2024"))
    assert "absent" in message and "does not exist" in message


def test_fichier_d_entree_absent(tmp_path):
    message = refus_en_une_ligne(lancer(tmp_path / "absent.csv", tmp_path / "sortie.csv", "--annee", "2024"))
    assert "absent.csv" in message and "not found" in message


def test_annee_hors_legislation(tmp_path):
    entree, sortie = tmp_path / "entree.csv", tmp_path / "sortie.csv"
    entree.write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    message = refus_en_une_ligne(lancer(entree, sortie, "--annee", "2018"), code=3)  # 3: year outside the model
    assert "2018" in message
    assert not sortie.exists()


def test_variable_inconnue_erreur_d_usage(tmp_path):
    entree, sortie = tmp_path / "entree.csv", tmp_path / "sortie.csv"
    entree.write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    assert "total_cotisation" in refus_en_une_ligne(lancer(entree, sortie, "--annee", "2024", "--variables", "total_cotisation"))


def test_moteur_dask_meme_format(tmp_path):
    pytest.importorskip("dask.distributed")
    entree = tmp_path / "export.csv"
    entree.write_bytes((EXPORT_EXCEL + "0043;artisan;FAUX;1e308;;\r\n").encode("cp1252"))
    local, distribue = tmp_path / "local.csv", tmp_path / "dask.csv"
    assert lancer(entree, local, "--annee", "2024", "--taille-lot", "2").returncode == 1
    assert lancer(entree, distribue, "--annee", "2024", "--taille-lot", "2", "--engine", "dask", "--workers", "1").returncode == 1
    assert local.read_bytes() == distribue.read_bytes()
    assert Path(str(local) + ".erreurs.csv").read_bytes() == Path(str(distribue) + ".erreurs.csv").read_bytes()
    assert "13181,99" in local.read_text(encoding="cp1252")


def test_export_francais_separateur_de_milliers(tmp_path):
    """Excel in French writes 30 000,00 with a (no-break) space between thousands: read as 30 000;
    a misplaced space is "not a number", not "not finite"."""
    entree, sortie = tmp_path / "export.csv", tmp_path / "resultats.csv"
    entree.write_text("categorie_independant;revenu_professionnel\nartisan;30\u00a0000,00\nartisan;30\u202f000\nartisan;30 000\nartisan;300 00,5\n",
                      encoding="utf-8")
    processus = lancer(entree, sortie, "--annee", "2024")
    assert processus.returncode == 1, processus.stderr
    lu = pandas.read_csv(sortie, sep=";", decimal=",", dtype=str)
    # artisan 30 000 € in 2024: 13 181.99 (README arithmetic)
    assert list(lu["total_cotisations_contributions"][:3]) == ["13181,99"] * 3
    assert "row 4, column revenu_professionnel: not a number" in processus.stderr


def test_variable_du_foyer_refusee_en_sortie(tmp_path):
    """A household variable (its RFR is read for N-2) is not a per-person result: refused, not written as 0."""
    entree = tmp_path / "p.csv"
    entree.write_text("categorie_independant,revenu_professionnel\nartisan,30000\n")
    ligne = refus_en_une_ligne(lancer(entree, tmp_path / "r.csv", "--annee", "2024", "--variables", "revenu_fiscal_reference"))
    assert "revenu_fiscal_reference" in ligne


def test_annee_hors_legislation_d_un_seul_regime_par_ligne(tmp_path):
    """2018: the micro-social regime is covered (2009 on), the classic one is not (2019 on): the classic
    row is reported, the micro row computed (sales 2018: 12.8 % + CFP 0.1 % of 10 000 = 1 290)."""
    entree, sortie = tmp_path / "p.csv", tmp_path / "r.csv"
    entree.write_text("categorie_independant,micro_entrepreneur,revenu_professionnel,chiffre_affaires_vente\n"
                      "artisan,false,30000,\ncommercant,true,,10000\n")
    processus = lancer(entree, sortie, "--annee", "2018")
    assert processus.returncode == 1, processus.stderr
    assert "row 1, column micro_entrepreneur: no legislation in this model for 2018 for the classic regime" in processus.stderr
    resultat = pandas.read_csv(sortie)
    assert resultat["total_cotisations_contributions"].isna().tolist() == [True, False]
    assert resultat["total_cotisations_contributions"][1] == pytest.approx(1290, abs=0.01)


@pytest.mark.parametrize("moteur", [[], ["--engine", "dask", "--workers", "1"]])
def test_annee_hors_legislation_d_un_lot_entier_de_lignes_classiques(tmp_path, moteur):
    """The same in chunks of 2 rows, the first holding only classic rows: those rows are reported and
    the micro row of the second chunk computed (1 290 € as above), not the whole file refused."""
    if moteur:
        pytest.importorskip("dask.distributed")
    entree, sortie = tmp_path / "p.csv", tmp_path / "r.csv"
    entree.write_text("categorie_independant,micro_entrepreneur,revenu_professionnel,chiffre_affaires_vente\n"
                      "artisan,false,30000,\nartisan,false,20000,\ncommercant,true,,10000\n")
    processus = lancer(entree, sortie, "--annee", "2018", "--taille-lot", "2", *moteur)
    assert processus.returncode == 1, processus.stderr
    assert "row 2, column micro_entrepreneur: no legislation in this model for 2018 for the classic regime" in processus.stderr
    resultat = pandas.read_csv(sortie)
    assert resultat["total_cotisations_contributions"].isna().tolist() == [True, True, False]
    assert resultat["total_cotisations_contributions"][2] == pytest.approx(1290, abs=0.01)
