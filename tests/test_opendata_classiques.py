"""Classic-regime workers rebuilt from INSEE's income quantiles: the quantile function worked by
hand on a made-up distribution, and the shipped 2022 distribution against the published means."""

import math

import numpy
import pandas
import pytest

from openfisca_independants.cli import main
from openfisca_independants.opendata import classiques
from openfisca_independants.opendata.reglages import agregats_publies

LIGNE = pandas.Series({"secteur": "Construction", "effectifs": 1, "part_nuls": 10, "d1": 100, "q1": 250, "mediane": 500,
                       "q3": 750, "d9": 900, "p99": 990})


def test_fonction_quantile_a_la_main():
    # linear between (0, 0 €), (0.10, 100 €), (0.25, 250 €) … (0.99, 990 €)
    # p = 0.05: half-way from 0 to 100 = 50; p = 0.95: 900 + (0.05 / 0.09) × 90 = 950
    valeurs = classiques.quantile(LIGNE, numpy.array([0.05, 0.5, 0.95]))
    numpy.testing.assert_allclose(valeurs, [50, 500, 950])
    # above P99, Pareto: α = ln 10 / ln(990 / 900) = 2.302585 / 0.0953102 = 24.159;
    # p = 0.995: 990 × (0.01 / 0.005)^(1 / 24.159) = 990 × 2^0.041392 = 990 × 1.029112 = 1 018.82
    assert classiques.quantile(LIGNE, numpy.array([0.995]))[0] == pytest.approx(1018.82, abs=0.01)
    assert math.log(10) / math.log(990 / 900) == pytest.approx(24.159, abs=0.001)


def test_population_poids_et_revenus_nuls():
    table = classiques.population(pandas.DataFrame([LIGNE]), strates=4)
    # 1 000 persons: 10 % at 0 €, the rest in 4 strata of 225 at p = 0.125, 0.375, 0.625, 0.875
    assert list(table["poids"]) == [100, 225, 225, 225, 225]
    # p = 0.125: 100 + (0.025 / 0.15) × 150 = 125; p = 0.875: 750 + (0.125 / 0.15) × 150 = 875; yearly × 12
    numpy.testing.assert_allclose(table["revenu_mensuel"], [0, 125, 375, 625, 875])
    numpy.testing.assert_allclose(table["revenu_professionnel"], [0, 1500, 4500, 7500, 10500])
    assert set(table["categorie_independant"]) == {"artisan"}


def test_secteur_inconnu_refuse(tmp_path):
    chemin = tmp_path / "d.csv"
    chemin.write_text("secteur,effectifs,part_nuls,d1,q1,mediane,q3,d9,p99\nPêche,1,1,1,2,3,4,5,6\n")
    with pytest.raises(ValueError, match="Pêche"):
        classiques.distribution(chemin)


def test_distribution_livree_contre_les_chiffres_publies():
    estimations = classiques.estimer(classiques.population(classiques.distribution()))
    tableau = classiques.par_secteur(estimations)
    ensemble = tableau.iloc[-1]
    assert ensemble["effectif"] == pytest.approx(1_849_000)  # INSEE: 1 850 thousand, sum of the sectors 1 849
    comparaison = classiques.comparer(tableau, agregats_publies()).set_index("concept")
    # mean monthly income: INSEE 4 030 € (zero incomes included); the rebuilt population counts
    # deficits as 0 and draws a Pareto tail above P99: within 10 %
    assert comparaison.loc["revenu_mensuel_moyen_ti_classiques", "publie"] == 4030
    assert abs(comparaison.loc["revenu_mensuel_moyen_ti_classiques", "ratio"] - 1) < 0.10
    # health: no contributions estimated; every other sector has some
    sante = tableau[tableau["secteur"] == "Santé et action sociale"].iloc[0]
    assert numpy.isnan(sante["total_cotisations_contributions"])
    autres = tableau[(tableau["secteur"] != "Santé et action sociale") & ~tableau["secteur"].str.startswith("Ensemble")]
    assert (autres["total_cotisations_contributions"] > 0).all()
    assert (autres["total_cotisations_contributions"] < autres["revenu_total"]).all()


def test_cli_classiques(tmp_path, capsys):
    assert main(["opendata", "classiques", "--out", str(tmp_path)]) == 0
    sortie = capsys.readouterr()
    assert "revenu_mensuel_moyen_ti_classiques" in sortie.out and "health" in sortie.err
    for nom in ("classiques.csv", "classiques_comparaison.csv"):
        assert (tmp_path / nom).exists()
    assert (tmp_path / "classiques.png").read_bytes()[:4] == b"\x89PNG"
