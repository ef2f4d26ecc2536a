"""Code health: no legal number in Python formulas or rules, no builtin sum over entity calls."""

import ast
from pathlib import Path

import openfisca_independants
from openfisca_independants import dossier_modele

NOMBRES_PERMIS = {0, 1}
# module constants of a numerical method, not law (the net→gross fixed point)
CONSTANTES_NUMERIQUES = {"TOLERANCE_BRUT", "ITERATIONS_BRUT"}
DATES_PAR_DEFAUT = {"1970-01-01", "2100-12-31"}  # defaults of the date inputs (contract), not law


def _fichiers():
    regles = Path(openfisca_independants.__file__).parent / "regles"
    return sorted([*dossier_modele("variables").rglob("*.py"), *regles.rglob("*.py")])


def _constantes_numeriques(arbre):
    return {id(noeud.value) for noeud in arbre.body if isinstance(noeud, ast.Assign)
            and any(isinstance(cible, ast.Name) and cible.id in CONSTANTES_NUMERIQUES for cible in noeud.targets)}


def test_aucun_nombre_legal_dans_les_variables_ni_les_regles():
    fautes = []
    for path in _fichiers():
        arbre = ast.parse(path.read_text())
        permis = _constantes_numeriques(arbre)
        for node in ast.walk(arbre):
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and id(node) not in permis:
                if not isinstance(node.value, bool) and node.value not in NOMBRES_PERMIS:
                    fautes.append(f"{path.name}:{node.lineno}: {node.value}")
    assert not fautes, fautes


def test_aucune_date_legale_dans_le_paquet():
    """A date of the law is a dated parameter (read at the person's date with valeurs_aux_dates),
    never a string in Python — in the rules and variables, and in the rest of the package too
    (reforms, command line, open data); only the defaults of the date inputs are allowed."""
    import re

    fautes = []
    paquet = Path(openfisca_independants.__file__).parent
    for path in sorted({*_fichiers(), *paquet.rglob("*.py")}):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"(1[89]|2[01])\d\d-\d\d-\d\d", node.value):
                if node.value not in DATES_PAR_DEFAUT:
                    fautes.append(f"{path.name}:{node.lineno}: {node.value}")
    assert not fautes, fautes


def test_pas_de_sum_builtin():
    for path in _fichiers():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "sum", f"{path.name}:{node.lineno}"


def test_variables_n_importent_que_le_paquet_et_core():
    for path in _fichiers():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, path.name
                assert node.module.split(".")[0] in {"openfisca_core", "openfisca_independants", "numpy", "typing"}, path.name


# the project's research notes (fiche législative, outre-mer and micro history, reform note, bracket
# codes of their sources) do not ship with the package: no variable or module may point to them
CITATION_DES_NOTES = r"fiche l[ée]gislative|historique (micro|outre-mer)|[a-z0-9_]+\.md\b|\[MS-|\[OF "


def test_aucune_citation_des_notes_de_recherche():
    import re

    motif = re.compile(CITATION_DES_NOTES, re.IGNORECASE)
    paquet = Path(openfisca_independants.__file__).parent
    fautes = []
    for path in sorted([*dossier_modele("variables").rglob("*.py"), *paquet.rglob("*.py")]):
        for numero, ligne in enumerate(path.read_text().splitlines(), 1):
            if motif.search(ligne):
                fautes.append(f"{path}:{numero}: {ligne.strip()}")
    assert not fautes, fautes
