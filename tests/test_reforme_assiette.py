"""The sans_reforme_assiette reform, from Python and from the command line."""

import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.cli import main
from openfisca_independants.reforms.sans_reforme_assiette import sans_reforme_assiette


def _total(tbs, annee, revenu=47100, categorie="commercant"):
    situation = {"individus": {"a": {"categorie_independant": {"ETERNITY": categorie}, "revenu_professionnel": {annee: revenu}}}}
    return float(SimulationBuilder().build_from_entities(tbs, situation).calculate("total_cotisations_contributions", annee)[0])


def test_2024_identique_avec_ou_sans_la_reforme(tbs):
    reforme = sans_reforme_assiette(tbs)
    for categorie in ("artisan", "commercant", "liberal_non_reglemente", "liberal_cipav"):
        assert _total(reforme, "2024", 30000, categorie) == _total(tbs, "2024", 30000, categorie)


def test_2025_differe_et_suit_les_regles_anterieures(tbs):
    reforme = sans_reforme_assiette(tbs)
    # pre-reform rules on 1 PASS 2025 (hand calculation, fiche législative §3):
    # maladie total 6,66 % × 47 100 = 3 136,86 ; retraite de base 17,75 % = 8 360,25 ;
    # RCI 7 % × 43 891 + 8 % × 3 209 = 3 329,09 ; ID 612,30 ; AF 0 ⇒ 15 438,50 ;
    # CSG-CRDS 9,7 % × (47 100 + 15 438,50) = 6 066,23 ; CFP 117,75 ⇒ 21 622,48
    assert _total(reforme, "2025") == pytest.approx(21622.48, abs=0.05)
    assert _total(tbs, "2025") != pytest.approx(21622.48, abs=1)


def test_cli_calc_avec_reforme(capsys):
    assert main(["calc", "--annee", "2025", "--categorie", "commercant", "--revenu", "47100", "--reforme", "sans_reforme_assiette"]) == 0
    assert "21 622.48" in capsys.readouterr().out


def test_cli_reforme_inconnue(capsys):
    assert main(["calc", "--annee", "2025", "--revenu", "1000", "--reforme", "inconnue"]) == 2
    assert "unknown reform" in capsys.readouterr().err


def test_cli_calc_revenu_brut(capsys):
    assert main(["calc", "--annee", "2025", "--categorie", "commercant", "--brut", "67038.23"]) == 0
    sortie = capsys.readouterr().out
    assert "49 608.29" in sortie  # 67 038,23 × 0,74


def test_batch_avec_reforme(tmp_path):
    import pandas

    entree = tmp_path / "e.csv"
    pandas.DataFrame({"categorie_independant": ["commercant"], "revenu_professionnel": [47100]}).to_csv(entree, index=False)
    sortie = tmp_path / "s.csv"
    assert main(["batch", str(entree), str(sortie), "--annee", "2025", "--quiet", "--reforme", "sans_reforme_assiette"]) == 0
    assert pandas.read_csv(sortie)["total_cotisations_contributions"][0] == pytest.approx(21622.48, abs=0.05)
