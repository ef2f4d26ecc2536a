"""The package as distributed: version, licence, changelog, dependencies, source distribution."""

import configparser
import subprocess
import sys
import tarfile
from importlib.metadata import metadata, requires, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

RACINE = Path(__file__).resolve().parents[1]
NOM = "openfisca-independants"


def configuration():
    lecteur = configparser.ConfigParser()
    lecteur.read(RACINE / "setup.cfg", encoding="utf-8")
    return lecteur


def test_version_en_ligne_de_commande():
    """--version prints the version of the installed metadata, which is the one of setup.cfg."""
    resultat = subprocess.run([sys.executable, "-m", "openfisca_independants.cli", "--version"], capture_output=True, text=True, timeout=60)
    assert resultat.returncode == 0
    assert resultat.stdout == f"{NOM} {version(NOM)}\n"
    assert version(NOM) == configuration()["metadata"]["version"]


def test_licence_declaree_et_livree():
    assert configuration()["metadata"]["license"] == "AGPL-3.0-or-later"
    texte = (RACINE / "LICENSE").read_text(encoding="utf-8")
    assert texte.split("\n")[:2] == ["                    GNU AFFERO GENERAL PUBLIC LICENSE",
                                     "                       Version 3, 19 November 2007"]
    assert "END OF TERMS AND CONDITIONS" in texte and len(texte) == 34523  # the FSF's agpl-3.0.txt
    # the installed distribution names it and carries it
    assert "LICENSE" in (metadata(NOM).get_all("License-File") or [])


def test_changelog():
    texte = (RACINE / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in texte
    assert f"## [{configuration()['metadata']['version']}] - " in texte


def test_pytest_n_est_pas_une_dependance_d_execution():
    """pytest only in the `test` extra (openfisca-core requires it itself for `openfisca test`)."""
    dependances = [Requirement(ligne) for ligne in requires(NOM)]
    pytest_ = [d for d in dependances if d.name == "pytest"]
    assert pytest_ and all(d.marker is not None and d.marker.evaluate({"extra": "test"})
                           and not d.marker.evaluate({"extra": ""}) for d in pytest_)
    # `openfisca test` still finds its runner with the runtime dependencies alone
    assert "pytest" in {Requirement(ligne).name for ligne in requires("openfisca-core") if "extra" not in ligne}


@pytest.mark.slow
def test_sdist_porte_les_tests_et_la_licence(tmp_path):
    """Slow (about 10–20 s: an isolated build environment): the sdist of a copy of the checkout
    carries the YAML and Python tests, the examples, the benchmarks, the licence and the changelog."""
    import shutil

    source = tmp_path / "source"
    shutil.copytree(RACINE, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info",
                                                                  "__pycache__", ".pytest_cache"))
    resultat = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path / "dist"), str(source)],
                              capture_output=True, text=True, timeout=300)
    assert resultat.returncode == 0, resultat.stderr[-2000:]
    [archive] = (tmp_path / "dist").glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        racine = f"{archive.name.removesuffix('.tar.gz')}/"
        membres = {nom.removeprefix(racine) for nom in tar.getnames()}
    attendus = {"LICENSE", "CHANGELOG.md", "README.md", "MANIFEST.in", "setup.cfg", "pyproject.toml", "Makefile",
                "exemples/population.csv"}
    for dossier, motif in (("tests", "*.yaml"), ("tests", "*.py"), ("benchmarks", "*.py"), ("parameters", "*.yaml"),
                           ("variables", "*.py"), ("openfisca_independants", "*.py"),
                           ("openfisca_independants/simulateur", "*.html"), ("openfisca_independants/simulateur", "*.css"),
                           ("openfisca_independants/simulateur", "*.js")):
        fichiers = {str(p.relative_to(RACINE)) for p in (RACINE / dossier).rglob(motif) if "__pycache__" not in p.parts}
        assert fichiers, (dossier, motif)
        attendus |= fichiers
    assert not attendus - membres, sorted(attendus - membres)[:20]
    assert not [nom for nom in membres if "__pycache__" in nom or nom.endswith(".pyc")]
