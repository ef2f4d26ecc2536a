"""`batch` under abuse (issue 18): interrupted or killed runs leave no debris, bytes that are not UTF-8
are refused by row (never written as b'…'), a year outside the model and an output that cannot be
written have their own exit codes (3 and 4), distinct from invalid rows (1) and usage errors (2).

Expected amounts are hand calculations: artisan, revenu professionnel 30 000 € in 2024, 13 182,00 €
in all (worked out line by line in test_web_api.py and the README), 13 181,99 once the model's
float32 is rounded to the cent.
"""

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas
import pyarrow
import pyarrow.parquet
import pytest

from openfisca_independants import batch
from openfisca_independants.cli import main, parser

ARTISAN_30000 = 13181.99


def commande():
    script = Path(sys.executable).with_name("openfisca-independants")
    return [str(script)] if script.exists() else [sys.executable, "-m", "openfisca_independants.cli"]


def une_ligne(capture, code, processus_code):
    """The exit code expected, one line on stderr, no traceback."""
    assert processus_code == code, capture
    assert "Traceback" not in capture
    lignes = capture.strip().splitlines()
    assert len(lignes) == 1, capture
    return lignes[0]


def petit_fichier(dossier: Path) -> Path:
    entree = dossier / "p.csv"
    entree.write_text("id,categorie_independant,revenu_professionnel\n1,artisan,30000\n")
    return entree


@pytest.fixture(scope="module")
def gros_fichier(tmp_path_factory):
    """300 000 rows: a run of several seconds in chunks of 20 000, long enough to be interrupted."""
    entree = tmp_path_factory.mktemp("gros") / "gros.csv"
    with open(entree, "w") as fichier:
        fichier.write("categorie_independant,revenu_professionnel\n")
        fichier.write("commercant,30000\n" * 300_000)
    return entree


def attendre_temporaire(dossier: Path, processus, motif="*.tmp", delai=60.0):
    """Waits until the run has created its hidden temporary (it is then writing)."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin and processus.poll() is None:
        trouves = list(dossier.glob("." + motif))
        if trouves:
            return trouves
        time.sleep(0.05)
    return []


def lancer_en_fond(entree, sortie, *options):
    return subprocess.Popen([*commande(), "batch", str(entree), str(sortie), "--annee", "2024", "--quiet",
                             "--taille-lot", "20000", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --- SIGTERM, SIGKILL: no hidden temporary left next to the output


@pytest.mark.parametrize("moteur", ["local", "dask"])
def test_sigterm_pendant_l_execution_ne_laisse_rien(tmp_path, gros_fichier, moteur):
    if moteur == "dask":
        pytest.importorskip("dask.distributed")
    sortie = tmp_path / "gros_out.csv"
    options = ["--engine", "dask", "--workers", "1"] if moteur == "dask" else []
    processus = lancer_en_fond(gros_fichier, sortie, *options)
    # the Dask engine: wait for its folder of part files, the local one for its temporary output
    assert attendre_temporaire(tmp_path, processus, "*.parties" if moteur == "dask" else "*.tmp"), processus.communicate()
    processus.send_signal(signal.SIGTERM)
    _, erreur = processus.communicate(timeout=60)
    restants = sorted(p.name for p in tmp_path.iterdir())
    if processus.returncode == 0:  # finished before the signal: then complete, and nothing else
        assert restants == ["gros_out.csv"] and len(pandas.read_csv(sortie)) == 300_000
        return
    assert une_ligne(erreur, 143, processus.returncode) == "terminated (SIGTERM): nothing written"
    assert restants == []


@pytest.mark.parametrize("sortie", ["gros_out.csv", "gros_out/"])
def test_ctrl_c_moteur_dask_une_ligne(tmp_path, gros_fichier, sortie):
    """Ctrl-C in a terminal signals the whole process group, the LocalCluster's (forked) workers too:
    exit 130, one line on stderr (no worker's KeyboardInterrupt traceback), nothing left, no process."""
    pytest.importorskip("dask.distributed")
    processus = subprocess.Popen([*commande(), "batch", str(gros_fichier), str(tmp_path) + "/" + sortie, "--annee", "2024",
                                  "--quiet", "--taille-lot", "20000", "--engine", "dask", "--workers", "2"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert attendre_temporaire(tmp_path, processus, "*.parties"), processus.communicate()
    os.killpg(processus.pid, signal.SIGINT)
    _, erreur = processus.communicate(timeout=60)
    restants = sorted(p.name for p in tmp_path.iterdir())
    if processus.returncode == 0:  # finished before the signal: then complete, and nothing else
        assert restants == [sortie.rstrip("/")]
    else:
        assert une_ligne(erreur, 130, processus.returncode) == "interrupted: nothing written"
        assert restants == []
    time.sleep(1)
    with pytest.raises(ProcessLookupError):  # the workers are gone with the command line
        os.killpg(processus.pid, 0)


def test_sigkill_puis_nouvelle_execution_nettoie(tmp_path, gros_fichier):
    sortie = tmp_path / "gros_out.csv"
    processus = lancer_en_fond(gros_fichier, sortie)
    temporaires = attendre_temporaire(tmp_path, processus)
    assert temporaires, processus.communicate()
    processus.kill()  # SIGKILL cannot be caught: the temporary stays…
    processus.wait(timeout=30)
    assert temporaires[0].exists() and temporaires[0].name.startswith(".gros_out.csv.ofi-")
    assert str(processus.pid) in temporaires[0].name
    # …until the next run writing in that folder (another output name), which removes it
    autre = tmp_path / "autre.csv"
    resultat = subprocess.run([*commande(), "batch", str(petit_fichier(tmp_path)), str(autre), "--annee", "2024", "--quiet"],
                              capture_output=True, text=True, timeout=120)
    assert resultat.returncode == 0, resultat.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["autre.csv", "p.csv"]
    assert float(autre.read_text().splitlines()[1].split(",")[-1]) == pytest.approx(ARTISAN_30000, abs=0.01)


def pid_termine() -> int:
    """The id of a process that has ended (and been reaped)."""
    processus = subprocess.Popen([sys.executable, "-c", "pass"])
    processus.wait()
    return processus.pid


def test_nettoyage_ne_touche_que_nos_temporaires_orphelins(tmp_path):
    mort, vivant = pid_termine(), os.getppid()
    hote = batch._hote()
    orphelin = tmp_path / f".r.csv.ofi-{hote}-{mort}-abc123.tmp"
    parties = tmp_path / f".r.parquet.ofi-{hote}-{mort}-xyz.parties"
    en_cours = tmp_path / f".r.csv.ofi-{hote}-{vivant}-abc123.tmp"  # its process runs: kept
    ailleurs = tmp_path / f".r.csv.ofi-{'0' * 8 if hote != '0' * 8 else '1' * 8}-{mort}-abc123.tmp"  # another host's
    recent = tmp_path / f".s.csv.ofi-{hote}-{mort}-abc123.tmp"  # newer than the run: kept
    ressemblant = tmp_path / ".r.csv.abc123.tmp"  # not named as ours
    for fichier in (orphelin, en_cours, ailleurs, recent, ressemblant):
        fichier.write_text("x")
    parties.mkdir()
    (parties / "000000").write_text("x")
    debut = time.time()
    os.utime(recent, (debut + 60, debut + 60))
    assert sorted(batch.nettoyer_temporaires(tmp_path, debut + 1)) == sorted([orphelin, parties])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (en_cours, ailleurs, recent, ressemblant))


# --- bytes that are not UTF-8: refused by row, never written as b'…'


def test_csv_utf8_puis_octets_windows_1252_apres_64_kio(tmp_path):
    """A file whose first 64 KiB are UTF-8 (read as UTF-8) and a later row Windows-1252: that row is
    refused naming its row and column, the others computed, whichever the chunk size or output."""
    entete = "id,categorie_independant,revenu_professionnel\n"
    debut = "".join(f"Zoé{rang},artisan,30000\n" for rang in range(5000)).encode()
    assert len(debut) > batch.TAILLE_ECHANTILLON
    entree = tmp_path / "mixte.csv"
    entree.write_bytes(entete.encode() + debut + b"Jos\xe9,artisan,30000\nok,artisan,30000\n\xff,artisan,30000\n")
    assert batch.detecter_dialecte(entree).encodage == "utf-8"
    for taille, format_sortie in (("1000", "csv"), ("200000", "parquet")):
        sortie = tmp_path / f"r.{format_sortie}"
        assert main(["batch", str(entree), str(sortie), "--annee", "2024", "--quiet", "--taille-lot", taille]) == 1
        erreurs = pandas.read_csv(str(sortie) + ".erreurs.csv")
        assert erreurs[["ligne", "colonne"]].values.tolist() == [[5001, "id"], [5003, "id"]]
        assert "0xE9" in erreurs["message"][0] and "UTF-8" in erreurs["message"][0]
        lu = pandas.read_csv(sortie, dtype={"id": str}) if format_sortie == "csv" else pandas.read_parquet(sortie)
        assert len(lu) == 5003
        assert lu["total_cotisations_contributions"].isna().tolist()[-3:] == [True, False, True]
        assert lu["total_cotisations_contributions"][5001] == pytest.approx(ARTISAN_30000, abs=0.01)
        assert lu["id"][5000] == "Jos\ufffd" and lu["id"][0] == "Zoé0"
    assert b"b'" not in (tmp_path / "r.csv").read_bytes()


def test_csv_mixte_moteur_dask(tmp_path):
    pytest.importorskip("dask.distributed")
    entree = tmp_path / "mixte.csv"
    entree.write_bytes(b"id,categorie_independant,revenu_professionnel\n" + "Zoé,artisan,30000\n".encode() * 4000
                       + b"Jos\xe9,artisan,30000\n")
    local, distribue = tmp_path / "local.csv", tmp_path / "dask.csv"
    assert main(["batch", str(entree), str(local), "--annee", "2024", "--quiet", "--taille-lot", "1500"]) == 1
    assert main(["batch", str(entree), str(distribue), "--annee", "2024", "--quiet", "--taille-lot", "1500",
                 "--engine", "dask", "--workers", "1"]) == 1
    assert local.read_bytes() == distribue.read_bytes()
    assert Path(str(distribue) + ".erreurs.csv").read_text().splitlines()[1].startswith("4001,id,")


@pytest.mark.parametrize("type_binaire", [pyarrow.binary(), pyarrow.large_binary()])
@pytest.mark.parametrize("format_sortie", ["csv", "parquet"])
def test_parquet_colonne_binaire(tmp_path, type_binaire, format_sortie):
    """A `binary` id column is decoded as UTF-8; a value that is not UTF-8 refuses its row."""
    entree, sortie = tmp_path / "p.parquet", tmp_path / f"r.{format_sortie}"
    pyarrow.parquet.write_table(pyarrow.table({
        "id": pyarrow.array([b"a1", b"\xe9t\xe9", None, "Zoé".encode()], type_binaire),
        "categorie_independant": ["artisan"] * 4, "revenu_professionnel": [30000.0] * 4}), entree)
    assert main(["batch", str(entree), str(sortie), "--annee", "2024", "--quiet"]) == 1
    erreurs = pandas.read_csv(str(sortie) + ".erreurs.csv")
    assert erreurs[["ligne", "colonne"]].values.tolist() == [[2, "id"]]
    if format_sortie == "csv":
        texte = sortie.read_text(encoding="utf-8")
        assert "b'" not in texte and 'b"' not in texte
        assert texte.splitlines()[1:] == [f"a1,artisan,30000.0,{ARTISAN_30000}", "\ufffdt\ufffd,artisan,30000.0,",
                                          f",artisan,30000.0,{ARTISAN_30000}", f"Zoé,artisan,30000.0,{ARTISAN_30000}"]
    else:
        lu = pyarrow.parquet.read_table(sortie)
        assert pyarrow.types.is_string(lu.schema.field("id").type) or pyarrow.types.is_large_string(lu.schema.field("id").type)
        assert lu.column("id").to_pylist() == ["a1", "\ufffdt\ufffd", None, "Zoé"]
        assert lu.column("total_cotisations_contributions").to_pylist()[1] is None


def test_octets_invalides_reperes_valeur_par_valeur():
    """Bad bytes are found value by value, even a sequence cut between two values (`\\xc3` then `\\xa9`
    would read `é` once joined), with the first bad byte of each value; sliced arrays too."""
    valeurs = pyarrow.array([b"abc", b"\xc3", b"\xa9", b"ok", b"\xff\xfe", None, b"z", b"fin\xe9", "Zoé".encode()],
                            pyarrow.large_binary())
    indices, details = batch._indices_non_utf8(valeurs)
    assert indices.tolist() == [1, 2, 4, 7]
    assert details == ["byte 0xC3 at position 1", "byte 0xA9 at position 1", "byte 0xFF at position 1", "byte 0xE9 at position 4"]
    assert batch._indices_non_utf8(valeurs.slice(3, 3))[0].tolist() == [1]
    table, erreurs, refusees = batch.textes_utf8(pyarrow.table({"id": valeurs}), premiere_ligne=10)
    assert table.column("id").to_pylist() == ["abc", "\ufffd", "\ufffd", "ok", "\ufffd\ufffd", None, "z", "fin\ufffd", "Zoé"]
    assert erreurs["ligne"].tolist() == [11, 12, 14, 17] and refusees.sum() == 4


def test_lire_par_lots_decode_les_colonnes_binaires(tmp_path):
    entree = tmp_path / "p.parquet"
    pyarrow.parquet.write_table(pyarrow.table({"id": pyarrow.array([b"a", "é".encode()], pyarrow.binary())}), entree)
    assert next(batch.lire_par_lots(entree))["id"].tolist() == ["a", "é"]


# --- exit codes 3 (year outside the model) and 4 (output cannot be written)


def test_codes_de_sortie_dans_l_aide():
    aide = parser()._subparsers._group_actions[0].choices["batch"].format_help()
    for code in ("0 every row", "1 some rows", "2 usage", "3 the year", "4 the output", "130", "143"):
        assert code in " ".join(aide.split()), aide


@pytest.mark.parametrize("annee", ["1990", "2200"])
def test_annee_hors_modele_code_3(tmp_path, capsys, annee):
    sortie = tmp_path / "r.csv"
    code = main(["batch", str(petit_fichier(tmp_path)), str(sortie), "--annee", annee, "--quiet"])
    assert annee in une_ligne(capsys.readouterr().err, 3, code)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_annee_mal_ecrite_reste_une_erreur_d_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as sortie:
        main(["batch", str(petit_fichier(tmp_path)), str(tmp_path / "r.csv"), "--annee", "99"])
    assert sortie.value.code == 2


@pytest.mark.parametrize("format_sortie", ["csv", "parquet"])
def test_disque_plein_code_4(tmp_path, capsys, monkeypatch, format_sortie):
    def plein(self, table):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(batch.EcritureAtomique, "_ecrire", plein)
    sortie = tmp_path / f"r.{format_sortie}"
    code = main(["batch", str(petit_fichier(tmp_path)), str(sortie), "--annee", "2024", "--quiet"])
    ligne = une_ligne(capsys.readouterr().err, 4, code)
    assert "disk full" in ligne and str(sortie) in ligne
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_rapport_d_erreurs_impossible_a_ecrire_code_4(tmp_path, capsys):
    entree = tmp_path / "p.csv"
    entree.write_text("categorie_independant,revenu_professionnel\nartisan,-1e12\n")
    (tmp_path / "r.csv.erreurs.csv").mkdir()  # where the report goes: a folder, it cannot be replaced
    code = main(["batch", str(entree), str(tmp_path / "r.csv"), "--annee", "2024", "--quiet"])
    assert "error report" in une_ligne(capsys.readouterr().err, 4, code)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "r.csv", "r.csv.erreurs.csv"]


def tmpfs_possible() -> bool:
    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    option = [] if os.geteuid() == 0 else ["-r"]
    essai = subprocess.run(["unshare", *option, "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt || exit 1"],
                           capture_output=True)
    return essai.returncode == 0


@pytest.mark.skipif(not tmpfs_possible(), reason="no private mount namespace to mount a small tmpfs")
@pytest.mark.parametrize("moteur", ["local", "dask"])
def test_disque_plein_reel_tmpfs(tmp_path, gros_fichier, moteur):
    """A real full disk: the output folder is a 64 KiB tmpfs (in a private mount namespace)."""
    if moteur == "dask":
        pytest.importorskip("dask.distributed")
    plein = tmp_path / "plein"
    plein.mkdir()
    option = [] if os.geteuid() == 0 else ["-r"]
    batch_ = " ".join([*commande(), "batch", str(gros_fichier), str(plein / "r.csv"), "--annee", "2024", "--quiet",
                       "--taille-lot", "100000", "--engine", moteur, "--workers", "1"])
    script = f"mount -t tmpfs -o size=64k tmpfs {plein} && {batch_}; code=$?; ls -A {plein} >&2; exit $code"
    resultat = subprocess.run(["unshare", *option, "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert resultat.returncode == 4, resultat.stderr
    lignes = resultat.stderr.strip().splitlines()
    assert len(lignes) == 1 and "disk full" in lignes[0] and "Traceback" not in resultat.stderr  # `ls -A`: nothing listed
