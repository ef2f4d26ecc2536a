"""Each setting of the open-data estimate on a small hand-made sector series, with the amounts
worked by hand (the arithmetic is in the comments; the rates are those of the law, not read
back from the model)."""

import numpy
import pytest

from openfisca_independants.cli import main
from openfisca_independants.opendata import charger
from openfisca_independants.opendata.estimation import drom_modelise, estimer
from openfisca_independants.opendata.population import population
from openfisca_independants.opendata.reglages import Reglages, lire_recours

ENTETE = ("Secteur d'activité;Année;Trimestre;Dernier jour du trimestre;Immatriculations;Radiations;"
          "Economiquement actifs;Administrativement actifs;Chiffres d'affaires")
IZ2, F2, JZ = "IZ2 - Restauration et débits de boissons", "F2 - BTP travaux d'installation", "JZ - Informatique, information et communication"
# sector; year; quarter; end of quarter; registrations; radiations; économiquement actifs; administrativement actifs; turnover
LIGNES = [
    f"{IZ2};2020;1;2020-03-31;0;0;50;100;90000",
    f"{IZ2};2020;2;2020-06-30;0;0;50;100;300000",
    f"{IZ2};2020;4;2020-12-31;0;0;50;100;60000",
    f"{IZ2};2021;2;2021-06-30;0;0;50;100;30000",
    f"{IZ2};2021;3;2021-09-30;0;0;50;100;150000",
    f"{F2};2021;1;2021-03-31;40;0;100;200;500000",
    f"{F2};2021;4;2021-12-31;0;0;100;250;400000",
    f"{F2};2022;1;2022-03-31;0;0;100;250;400000",
    f"{JZ};2023;1;2023-03-31;0;0;150;300;1000000",
]


@pytest.fixture(scope="module")
def serie(tmp_path_factory):
    chemin = tmp_path_factory.mktemp("serie") / "secteurs.csv"
    chemin.write_text(ENTETE + "\n" + "\n".join(LIGNES) + "\n", encoding="utf-8")
    return population(charger(chemin))


def cellule(estimations, secteur, annee, trimestre):
    ligne = estimations[(estimations["secteur_d_activite"] == secteur) & (estimations["annee"] == annee) & (estimations["trimestre"] == trimestre)]
    assert len(ligne) == 1
    return ligne.iloc[0]


@pytest.fixture(scope="module")
def par_defaut(serie):
    return estimer(serie, reglages=Reglages.defaut())


def test_taux_plein_inchange_par_les_reglages(serie, par_defaut):
    """The full-rate column does not depend on the settings."""
    reglee = estimer(serie, reglages=Reglages.defaut().avec(recours_acre={2021: 0.5}, part_drom=0.1, recours_versement_liberatoire=0.5))
    assert list(reglee["cotisations_micro_sociales"]) == list(par_defaut["cotisations_micro_sociales"])


def test_deduction_covid(serie, par_defaut):
    # restauration (IZ2, sales at 12,8 % in 2020-2021), sector of annex 1 of décret 2020-371
    # 2020-Q1: 90 000 × 12,8 % = 11 520; March deducted (LFR 2020-935 art. 65): 11 520 × 1/3 = 3 840
    q1 = cellule(par_defaut, IZ2, 2020, 1)
    assert q1["cotisations_micro_sociales"] == pytest.approx(11_520)
    assert q1["deduction_covid"] == pytest.approx(3_840)
    assert q1["cotisations_estimees"] == pytest.approx(7_680)
    # 2020-Q2: April to June deducted: 300 000 × 12,8 % = 38 400, all of it
    assert cellule(par_defaut, IZ2, 2020, 2)["cotisations_estimees"] == pytest.approx(0, abs=1e-6)
    # 2020-Q4: November and December (closures from 30 October 2020): 60 000 × 12,8 % × 2/3 = 5 120
    assert cellule(par_defaut, IZ2, 2020, 4)["deduction_covid"] == pytest.approx(5_120)
    # 2021-Q2: April and May (reopening 19 May 2021): 30 000 × 12,8 % × 2/3 = 2 560
    assert cellule(par_defaut, IZ2, 2021, 2)["deduction_covid"] == pytest.approx(2_560)
    # 2021-Q3 and any other sector: nothing deducted
    assert cellule(par_defaut, IZ2, 2021, 3)["deduction_covid"] == 0
    assert cellule(par_defaut, F2, 2021, 1)["deduction_covid"] == 0
    # take-up ½: 38 400 × ½ = 19 200
    moitie = estimer(serie, reglages=Reglages.defaut().avec(recours_covid=0.5))
    assert cellule(moitie, IZ2, 2020, 2)["deduction_covid"] == pytest.approx(19_200)


def test_acre_cohortes(serie, par_defaut):
    assert par_defaut["reduction_acre"].sum() == 0  # no take-up published: no ACRE by default
    estimations = estimer(serie, reglages=Reglages.defaut().avec(recours_acre={2021: 0.5}))
    # BTP F2 (services BIC, 22 % in 2021), 2021-Q1: 40 registrations × take-up 0,5 = 20 beneficiaries
    # = 20 / 200 registered = 10 % of the cell's turnover; ACRE of a 2021 creation: 50 % of the rate,
    # 22 % × 50 % = 11,0 % (no floor before the D613-6 split of October 2022)
    # reduction = 500 000 × 10 % × (22 % − 11 %) = 5 500
    q1 = cellule(estimations, F2, 2021, 1)
    assert q1["cotisations_micro_sociales"] == pytest.approx(110_000)
    assert q1["reduction_acre"] == pytest.approx(5_500)
    assert q1["cotisations_apres_acre_drom"] == pytest.approx(104_500)
    assert q1["beneficiaires_acre"] == pytest.approx(10)  # 100 économiquement actifs × 10 %
    # 2021-Q4: the same cohort, 4th quarter of its ACRE: 20 / 250 = 8 %; 400 000 × 8 % × 11 % = 3 520
    assert cellule(estimations, F2, 2021, 4)["reduction_acre"] == pytest.approx(3_520)
    # 2022-Q1: the ACRE of a creation of 2020 or later lasts 4 quarters (décret 2019-1215): over
    assert cellule(estimations, F2, 2022, 1)["reduction_acre"] == pytest.approx(0, abs=1e-6)
    # take-up given for another year only: nothing
    autre = estimer(serie, reglages=Reglages.defaut().avec(recours_acre={2019: 1.0}))
    assert autre["reduction_acre"].sum() == 0


def test_part_drom(serie):
    estimations = estimer(serie, reglages=Reglages.defaut().avec(part_drom=0.1))
    # JZ (BNC, SSI) 2023-Q1: 21,1 %; in the DROM, activity begun long ago (D756-5, 3rd period):
    # 2/3 of the rate rounded up to 0,1 point: 21,1 × 2/3 = 14,07 → 14,1 %
    # reduction = 1 000 000 × 10 % × (21,1 % − 14,1 %) = 7 000
    jz = cellule(estimations, JZ, 2023, 1)
    assert jz["cotisations_micro_sociales"] == pytest.approx(211_000)
    assert jz["reduction_drom"] == pytest.approx(7_000)
    assert jz["cotisations_estimees"] == pytest.approx(204_000)
    # restauration 2020-Q1: sales 12,8 % × 2/3 = 8,53 → 8,6 %; 90 000 × 10 % × (12,8 % − 8,6 %) = 378
    assert cellule(estimations, IZ2, 2020, 1)["reduction_drom"] == pytest.approx(378)
    # before 2017 the model has no DROM micro rates (D756-5 as of décret 2017-972): no DROM rows
    # for those years (their turnover stays at the metropolitan rate), instead of an error
    from openfisca_independants.microsimulation import systeme

    assert list(drom_modelise(systeme(), numpy.array([2016, 2017]), numpy.array([4, 1]))) == [False, True]


def test_cfp_taxes_de_chambre_versement_liberatoire_colonnes_a_part(serie, par_defaut):
    # BTP F2 (artisan, services BIC) 2022-Q1, 400 000 €: CFP 0,3 % = 1 200; CMA services 0,48 % = 1 920
    f2 = cellule(par_defaut, F2, 2022, 1)
    assert f2["formation_professionnelle"] == pytest.approx(1_200)
    assert f2["taxe_frais_chambre"] == pytest.approx(1_920)
    # restauration (commerçant, sales) 2021-Q3, 150 000 €: CFP 0,1 % = 150; CCI sales 0,015 % = 22,50
    iz2 = cellule(par_defaut, IZ2, 2021, 3)
    assert iz2["formation_professionnelle"] == pytest.approx(150)
    assert iz2["taxe_frais_chambre"] == pytest.approx(22.5)
    # JZ (libéral) 2023-Q1, 1 000 000 €: CFP 0,2 % = 2 000; no chamber
    jz = cellule(par_defaut, JZ, 2023, 1)
    assert jz["formation_professionnelle"] == pytest.approx(2_000)
    assert jz["taxe_frais_chambre"] == 0
    # none of them in the micro-social contributions: 400 000 × 22 % = 88 000
    assert f2["cotisations_micro_sociales"] == pytest.approx(88_000)
    # versement libératoire: 0 by default; take-up ½: 1 000 000 × 2,2 % × ½ = 11 000 (BNC),
    # 150 000 × 1 % × ½ = 750 (sales), 400 000 × 1,7 % × ½ = 3 400 (services BIC)
    assert par_defaut["versement_liberatoire"].sum() == 0
    vl = estimer(serie, reglages=Reglages.defaut().avec(recours_versement_liberatoire=0.5))
    assert cellule(vl, JZ, 2023, 1)["versement_liberatoire"] == pytest.approx(11_000)
    assert cellule(vl, IZ2, 2021, 3)["versement_liberatoire"] == pytest.approx(750)
    assert cellule(vl, F2, 2022, 1)["versement_liberatoire"] == pytest.approx(3_400)
    assert list(vl["cotisations_estimees"]) == list(par_defaut["cotisations_estimees"])


def test_revenu_micro_fiscal(par_defaut):
    # turnover after the abattement: BNC 34 % → 1 000 000 × 66 % = 660 000; sales 71 % → 150 000 × 29 %
    # = 43 500; services BIC 50 % → 400 000 × 50 % = 200 000
    assert cellule(par_defaut, JZ, 2023, 1)["revenu_micro_fiscal"] == pytest.approx(660_000)
    assert cellule(par_defaut, IZ2, 2021, 3)["revenu_micro_fiscal"] == pytest.approx(43_500)
    assert cellule(par_defaut, F2, 2022, 1)["revenu_micro_fiscal"] == pytest.approx(200_000)


def test_encaissement(serie):
    # all paid the next quarter, 90 % collected: 2020-Q2 cashes 90 % of 2020-Q1's 7 680 = 6 912
    estimations = estimer(serie, reglages=Reglages.defaut().avec(encaissement=True, part_decalee=1.0, taux_recouvrement=0.9))
    assert cellule(estimations, IZ2, 2020, 2)["cotisations_encaissees"] == pytest.approx(6_912)
    assert cellule(estimations, IZ2, 2020, 1)["cotisations_encaissees"] == 0  # first quarter: no predecessor
    # 2021-Q3 cashes 90 % of 2021-Q2 after its deduction: 0,9 × (3 840 − 2 560) = 1 152
    assert cellule(estimations, IZ2, 2021, 3)["cotisations_encaissees"] == pytest.approx(1_152)
    # a third paid the next quarter (monthly declarants), all collected:
    # 2021-Q3 = 2/3 × 19 200 + 1/3 × 1 280 = 12 800 + 426,67 = 13 226,67
    tiers = estimer(serie, reglages=Reglages.defaut().avec(part_decalee=1 / 3))
    assert cellule(tiers, IZ2, 2021, 3)["cotisations_encaissees"] == pytest.approx(13_226.67, abs=0.01)


def test_reglages_refuses():
    with pytest.raises(ValueError, match="part_drom must be between 0 and 1"):
        Reglages.defaut().avec(part_drom=1.5)
    with pytest.raises(ValueError, match=r"recours_acre\[2019\]"):
        Reglages.defaut().avec(recours_acre={2019: -0.1})
    with pytest.raises(ValueError, match="YEAR=SHARE"):
        lire_recours(["2019:0.4"])
    assert lire_recours(["2019=0.4", "2020=0.3"]) == {2019: 0.4, 2020: 0.3}


def test_notes_disent_chaque_reglage_et_sa_source():
    notes = "\n".join(Reglages.defaut().avec(part_drom=0.05).notes())
    for attendu in ("ACRE take-up", "none found", "DROM share", "set by the user", "Loi n° 2020-935", "versement libératoire",
                    "CFP and chamber taxes", "cash basis: off"):
        assert attendu in notes


def test_cli_option_invalide(tmp_path, capsys):
    assert main(["opendata", "estimate", "--out", str(tmp_path), "--acre-recours", "2019-0.4"]) == 2
    erreur = capsys.readouterr().err
    assert erreur.count("\n") == 1 and "--acre-recours" in erreur
    assert main(["opendata", "estimate", "--out", str(tmp_path), "--part-drom", "2"]) == 2
    assert "part_drom" in capsys.readouterr().err


def test_departement_d_outre_mer_avant_2017_au_taux_de_metropole(tmp_path, capsys):
    """A DROM département in a year without the model's DROM micro rates (before 2017) is charged at
    the metropolitan rates, said in the notes, instead of refusing the whole series."""
    import pandas

    entete = ("Région;Département;Année;Trimestre;Dernier jour du trimestre;Code région;Code département;Immatriculations;"
              "Radiations;Chiffres d'affaires;Economiquement actifs;Administrativement actifs")
    lignes = [
        "Auvergne-Rhône-Alpes;Ain;2016;3;2016-09-30;84;1;100;10;3000000;800;1500",
        "La Réunion;La Réunion;2016;3;2016-09-30;4;974;80;8;1500000;400;900",
        "Auvergne-Rhône-Alpes;Ain;2024;3;2024-09-30;84;1;100;10;3000000;800;1500",
        "La Réunion;La Réunion;2024;3;2024-09-30;4;974;80;8;1500000;400;900",
    ]
    chemin = tmp_path / "dep.csv"
    chemin.write_text(entete + "\n" + "\n".join(lignes) + "\n", encoding="utf-8")
    assert main(["opendata", "estimate", "--source", str(chemin), "--out", str(tmp_path / "o")]) == 0
    assert "1 DROM cells before 2017 at the metropolitan rates" in capsys.readouterr().err
    table = pandas.read_csv(tmp_path / "o" / "estimates.csv", dtype={"code_departement": str}).set_index(["annee", "code_departement"])
    # same national activity mix, both at the metropolitan rates in 2016: the same effective rate
    assert table.loc[(2016, "974"), "taux_effectif"] == pytest.approx(table.loc[(2016, "01"), "taux_effectif"])
    # 2024: La Réunion at the DROM rates (2/3 of the rate), lower
    assert table.loc[(2024, "974"), "taux_effectif"] < table.loc[(2024, "01"), "taux_effectif"]
