"""Target income (openfisca_independants.objectif and the CLI `objectif`): round trips
target → income → net within 1 € at, just below and just above the kinks, hand-checked where a
closed form exists."""

import json

import numpy
import pytest

from openfisca_independants.cli import main
from openfisca_independants.erreurs import EntreeInvalide
from openfisca_independants.microsimulation import systeme
from openfisca_independants.objectif import resoudre, revenu_pour_net

TBS = systeme()
PASS_2024 = 46_368  # PASS 2024 (arrêté du 19 décembre 2023), to place the test points


def _situation(n, categorie, annee, micro=False):
    individus = {f"p{i}": {"categorie_independant": {"ETERNITY": categorie}} for i in range(n)}
    if micro:
        for personne in individus.values():
            personne["micro_entrepreneur"] = {str(annee): True}
    return {"individus": individus, "foyers_fiscaux": {f"f{i}": {"declarants": [nom]} for i, nom in enumerate(individus)}}


def _net_a(situation, annee, variable, revenus):
    from openfisca_core.simulations import SimulationBuilder

    simulation = SimulationBuilder().build_from_entities(TBS, situation)
    simulation.set_input(variable, str(annee), numpy.asarray(revenus, dtype=float))
    return simulation.calculate("revenu_net_cotisations", str(annee))


def test_resoudre_fonction_a_coudes_et_palier():
    # net = x below 100, flat 100 up to 200, then 100 + (x − 200) / 2: vectorised, exact to the cent
    def net_de(x):
        return numpy.where(x < 100, x, numpy.where(x < 200, 100, 100 + (x - 200) / 2))

    x = resoudre(net_de, numpy.array([50.0, 99.99, 150.0, 1000.0]), 10_000)
    # 50 → 50 ; 99.99 → 99.99 ; 150 = 100 + (x − 200)/2 → x = 300 ; 1000 → 200 + 2 × 900 = 2000
    assert x[0] == pytest.approx(50, abs=0.01)
    assert x[1] == pytest.approx(99.99, abs=0.01)
    assert x[2] == pytest.approx(300, abs=0.01)
    assert x[3] == pytest.approx(2000, abs=0.01)


def test_resoudre_refuse_hors_bornes():
    # 5 < net(0) = 10 ; 1e9 > net(1000) = 1010
    with pytest.raises(EntreeInvalide) as erreur:
        resoudre(lambda x: x + 10, numpy.array([5.0, 20.0]), 1000)
    assert erreur.value.lignes == [0]
    with pytest.raises(EntreeInvalide) as erreur:
        resoudre(lambda x: x + 10, numpy.array([20.0, 1e9]), 1000)
    assert erreur.value.lignes == [1]


@pytest.mark.parametrize("ecart", [-1.0, 0.0, 1.0])
def test_aller_retour_artisan_2024_autour_des_assiettes_minimales(ecart):
    # kinks of the artisan's schedule in 2024: minimum bases at 11.5 % PASS (retraite de base,
    # invalidité-décès) and 40 % PASS (indemnités journalières), the 110 % PASS of the family and
    # sickness rates, 1 PASS (retraite de base ceiling)
    points = numpy.array([0.115 * PASS_2024, 0.4 * PASS_2024, 1.1 * PASS_2024, PASS_2024, 3 * PASS_2024]) + ecart
    situation = _situation(len(points), "artisan", 2024)
    cibles = _net_a(situation, 2024, "revenu_professionnel", points)
    resultat = revenu_pour_net(situation, 2024, cibles, tbs=TBS)
    assert resultat.variable == "revenu_professionnel"
    numpy.testing.assert_allclose(resultat.net, cibles, atol=1)
    numpy.testing.assert_allclose(resultat.revenu, points, atol=1)


def test_aller_retour_2025_brut_calcule_a_la_main():
    # tests/net_brut.yaml: brut 20 000 → revenu professionnel 14 600.06 (assiette 14 800) ;
    # CSG non déductible + CRDS = 2.9 % × 14 800 = 429.20 ; net = 14 600.06 − 429.20 = 14 170.86
    resultat = revenu_pour_net(_situation(1, "artisan", 2025), 2025, 14_170.86, tbs=TBS)
    assert resultat.variable == "revenu_activite_brut"
    assert resultat.revenu[0] == pytest.approx(20_000, abs=1)
    assert resultat.net[0] == pytest.approx(14_170.86, abs=0.01)


@pytest.mark.parametrize("brut", [0.0, 1.0, 5_000.0, 18_547.2, 46_368.0, 51_004.8, 200_000.0])
def test_aller_retour_2025_autour_des_coudes(brut):
    situation = _situation(1, "artisan", 2025)
    cible = _net_a(situation, 2025, "revenu_activite_brut", [brut])
    resultat = revenu_pour_net(situation, 2025, cible, tbs=TBS)
    assert resultat.net[0] == pytest.approx(float(cible[0]), abs=1)
    assert resultat.revenu[0] == pytest.approx(brut, abs=1)


def test_micro_bnc_2024_forme_fermee():
    # 2024 BNC: 21.1 % Jan–Jun, 23.1 % Jul–Dec, CFP 0.2 %: net = CA × (1 − 22.1 % − 0.2 %) = 0.777 × CA
    # target 30 000 → CA = 30 000 / 0.777 = 38 610.04
    resultat = revenu_pour_net(_situation(1, "liberal_non_reglemente", 2024, micro=True), 2024, 30_000, activite="services_bnc", tbs=TBS)
    assert resultat.variable == "chiffre_affaires_services_bnc"
    assert resultat.revenu[0] == pytest.approx(38_610.04, abs=0.02)


def test_micro_ventes_2024_au_seuil_et_autour():
    # sales threshold 2024: 188 700 € ; commerçant, 12.3 % + CFP 0.1 % → net = 0.876 × CA
    # at the threshold 188 700 × 0.876 = 165 301.20 ; 1 € below: 165 300.32 ; above: refused
    situation = _situation(2, "commercant", 2024, micro=True)
    resultat = revenu_pour_net(situation, 2024, [165_301.20, 165_300.32], activite="vente", tbs=TBS)
    numpy.testing.assert_allclose(resultat.revenu, [188_700, 188_699], atol=0.05)
    with pytest.raises(EntreeInvalide):
        revenu_pour_net(_situation(1, "commercant", 2024, micro=True), 2024, 165_302.20, activite="vente", tbs=TBS)


def test_micro_services_seuil_compte_les_autres_activites():
    # services threshold 2024: 77 700 € ; 7 700 € of BIC services already given → BNC at most 70 000
    # BNC 2024 net rate 0.777 (above) ; BIC services artisan: 21.2 % + CFP 0.3 % → 0.785
    # net at the bound: 70 000 × 0.777 + 7 700 × 0.785 = 54 390 + 6 044.50 = 60 434.50
    situation = _situation(1, "artisan", 2024, micro=True)
    situation["individus"]["p0"]["chiffre_affaires_services_bic"] = {"2024": 7_700}
    resultat = revenu_pour_net(situation, 2024, 60_434.50, activite="services_bnc", tbs=TBS)
    assert resultat.revenu[0] == pytest.approx(70_000, abs=0.05)
    with pytest.raises(EntreeInvalide):
        revenu_pour_net(situation, 2024, 60_436, activite="services_bnc", tbs=TBS)


def test_micro_sans_activite_refuse():
    with pytest.raises(EntreeInvalide):
        revenu_pour_net(_situation(1, "commercant", 2024, micro=True), 2024, 1000, tbs=TBS)


def test_cli_objectif_json(capsys):
    assert main(["objectif", "--annee", "2024", "--micro", "--activite", "services_bnc",
                 "--categorie", "liberal_non_reglemente", "--net", "30000", "--json"]) == 0
    sortie = json.loads(capsys.readouterr().out)
    assert sortie["chiffre_affaires_services_bnc"] == pytest.approx(38_610.04, abs=0.02)
    assert sortie["revenu_net_cotisations"] == pytest.approx(30_000, abs=0.01)


def test_cli_objectif_refus_une_ligne(capsys):
    assert main(["objectif", "--annee", "2024", "--categorie", "artisan", "--net", "-1000000"]) == 2
    erreur = capsys.readouterr().err
    assert erreur.startswith("error: --net:") and erreur.count("\n") == 1


# Batch runs: a column of targets in (`objectif_revenu_net_cotisations`, plus `objectif_activite`
# for the micro-entrepreneurs), the incomes out (`objectif_variable`, `objectif_revenu`).

def _lot(lignes, colonnes=("categorie_independant", "micro_entrepreneur", "revenu_professionnel",
                           "chiffre_affaires_vente", "chiffre_affaires_services_bnc",
                           "objectif_revenu_net_cotisations", "objectif_activite")):
    import pandas

    return pandas.DataFrame([dict(zip(colonnes, ligne)) for ligne in lignes], columns=list(colonnes))


def test_lot_de_cibles_valeurs_calculees_a_la_main():
    from openfisca_independants.microsimulation import calculer

    lot = _lot([
        # micro BNC 2024: net = 0.777 × CA (test_micro_bnc_2024_forme_fermee) → 30 000 / 0.777 = 38 610.04
        ("liberal_non_reglemente", True, None, None, None, 30_000, "services_bnc"),
        # commerçant, sales 2024: net = 0.876 × CA, at the threshold 188 700 × 0.876 = 165 301.20
        ("commercant", True, None, None, None, 165_301.20, "vente"),
        # the same commerçant, other sales given and kept: 100 000 € of sales + x of BNC (0.777):
        # services bound 77 700, total bound 188 700 − 100 000 = 88 700 → BNC at most 77 700;
        # target 87 600 + 0.777 × 10 000 = 95 370 → x = 10 000
        ("commercant", True, None, 100_000, None, 95_370, "services_bnc"),
        # no target: computed from its income as before
        ("artisan", False, 30_000, None, None, None, None),
    ])
    resultat = calculer(lot, 2024, ["revenu_net_cotisations"], tbs=TBS)
    assert resultat.erreurs.empty
    table = resultat.resultats
    assert list(table["objectif_variable"].iloc[:3]) == ["chiffre_affaires_services_bnc", "chiffre_affaires_vente",
                                                         "chiffre_affaires_services_bnc"]
    numpy.testing.assert_allclose(table["objectif_revenu"].iloc[:3], [38_610.04, 188_700, 10_000], atol=0.05)
    numpy.testing.assert_allclose(table["revenu_net_cotisations"].iloc[:3], [30_000, 165_301.20, 95_370], atol=0.05)
    assert table["objectif_variable"].isna().iloc[3] and numpy.isnan(table["objectif_revenu"].iloc[3])


def test_lot_de_cibles_2025_cherche_le_revenu_brut():
    # tests/net_brut.yaml: brut 20 000 → net 14 170.86 (test_aller_retour_2025_brut_calcule_a_la_main)
    import pandas

    from openfisca_independants.microsimulation import calculer

    lot = pandas.DataFrame({"categorie_independant": ["artisan", "artisan"], "revenu_professionnel": [None, 30_000.0],
                            "objectif_revenu_net_cotisations": [14_170.86, None]})
    resultat = calculer(lot, 2025, ["revenu_net_cotisations"], tbs=TBS)
    assert resultat.erreurs.empty
    assert resultat.resultats["objectif_variable"].iloc[0] == "revenu_activite_brut"
    assert resultat.resultats["objectif_revenu"].iloc[0] == pytest.approx(20_000, abs=1)
    assert resultat.resultats["revenu_net_cotisations"].iloc[0] == pytest.approx(14_170.86, abs=0.01)


@pytest.mark.parametrize("ecart", [-1.0, 0.0, 1.0])
def test_lot_de_cibles_aller_retour_autour_des_coudes(ecart):
    # the kinks of test_aller_retour_artisan_2024_autour_des_assiettes_minimales, in one file:
    # target → income (batch) → net (batch again, from the income found) within 1 €
    import pandas

    from openfisca_independants.microsimulation import calculer

    points = numpy.array([0.115 * PASS_2024, 0.4 * PASS_2024, PASS_2024, 1.1 * PASS_2024, 3 * PASS_2024]) + ecart
    cibles = _net_a(_situation(len(points), "artisan", 2024), 2024, "revenu_professionnel", points)
    lot = pandas.DataFrame({"categorie_independant": "artisan", "objectif_revenu_net_cotisations": cibles.astype(float)})
    trouve = calculer(lot, 2024, ["revenu_net_cotisations"], tbs=TBS).resultats
    numpy.testing.assert_allclose(trouve["objectif_revenu"], points, atol=1)
    retour = calculer(pandas.DataFrame({"categorie_independant": "artisan", "revenu_professionnel": trouve["objectif_revenu"]}),
                      2024, ["revenu_net_cotisations"], tbs=TBS).resultats
    numpy.testing.assert_allclose(retour["revenu_net_cotisations"], cibles, atol=1)


def test_lot_de_cibles_lignes_refusees_les_autres_calculees():
    from openfisca_independants.microsimulation import calculer

    lot = _lot([
        ("artisan", False, 30_000, None, None, 20_000, None),           # 1: a target and the income it searches
        ("liberal_non_reglemente", True, None, None, None, 30_000, None),  # 2: micro target without its activity
        ("artisan", False, None, None, None, None, "vente"),            # 3: an activity without a target
        ("artisan", False, None, None, None, 20_000, "vente"),          # 4: an activity for a classic row
        ("artisan", False, None, None, None, -1_000_000, None),         # 5: below the net at an income of 0
        ("commercant", True, None, None, None, 165_302.20, "vente"),    # 6: above the net at the sales threshold
        ("artisan", False, None, None, None, "inf", None),              # 7: not finite
        ("liberal_non_reglemente", True, None, None, None, 30_000, "services_bnc"),  # 8: computed
    ])
    resultat = calculer(lot, 2024, ["revenu_net_cotisations"], tbs=TBS, premiere_ligne=1)
    erreurs = resultat.erreurs
    assert set(erreurs["ligne"]) == {1, 2, 3, 4, 5, 6, 7}
    par_ligne = erreurs.groupby("ligne")["colonne"].apply(set)
    assert par_ligne[1] == {"objectif_revenu_net_cotisations"}
    assert "objectif_activite" in par_ligne[2]
    assert "objectif_activite" in par_ligne[3]  # (and its income is missing)
    assert par_ligne[4] == {"objectif_activite"}
    assert par_ligne[5] == par_ligne[6] == par_ligne[7] == {"objectif_revenu_net_cotisations"}
    message_6 = erreurs.loc[erreurs["ligne"] == 6, "message"].iloc[0]
    assert "above" in message_6 and "188700.00 €" in message_6  # the bound of that row: the 2024 sales threshold
    assert resultat.resultats["revenu_net_cotisations"].iloc[:7].isna().all()
    assert resultat.resultats["objectif_revenu"].iloc[7] == pytest.approx(38_610.04, abs=0.02)


def test_cli_batch_colonne_de_cibles(tmp_path):
    # CSV in, CSV out: the inputs echoed, the income found to the cent beside the results
    entree, sortie = tmp_path / "cibles.csv", tmp_path / "sortie.csv"
    entree.write_text("id;categorie_independant;micro_entrepreneur;objectif_revenu_net_cotisations;objectif_activite\n"
                      "x;liberal_non_reglemente;vrai;30000;services_bnc\n")
    assert main(["batch", str(entree), str(sortie), "--annee", "2024", "--quiet",
                 "--variables", "revenu_net_cotisations"]) == 0
    entete, ligne = sortie.read_text().splitlines()
    valeurs = dict(zip(entete.split(";"), ligne.split(";")))
    assert valeurs["objectif_variable"] == "chiffre_affaires_services_bnc"
    assert valeurs["objectif_revenu"] == "38610,04"  # the file's decimal comma
    assert float(valeurs["revenu_net_cotisations"].replace(",", ".")) == pytest.approx(30_000, abs=0.01)
