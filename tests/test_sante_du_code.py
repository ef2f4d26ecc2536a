"""Code health: no legal number in Python formulas, no builtin sum over entity calls."""

import ast

from openfisca_independants import dossier_modele

NOMBRES_PERMIS = {0, 1}


def _fichiers():
    return sorted(dossier_modele("variables").rglob("*.py"))


def test_aucun_nombre_legal_dans_les_variables():
    fautes = []
    for path in _fichiers():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
                if not isinstance(node.value, bool) and node.value not in NOMBRES_PERMIS:
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
                assert node.module.split(".")[0] in {"openfisca_core", "openfisca_independants", "numpy"}, path.name
