"""`openfisca-independants calc` run as a user runs it (a subprocess): refusals in one line with a
non-zero exit (never a traceback), contradictory options refused, the assumed situation above
the table, each line with its French label, the base used, the legal rate and why it differs."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXEMPLE = Path(__file__).resolve().parents[1] / "openfisca_independants" / "situation_examples" / "artisan_30000_2024.json"


def calc(*options):
    return subprocess.run([sys.executable, "-m", "openfisca_independants.cli", "calc", *map(str, options)],
                          capture_output=True, text=True, timeout=120)


def refus(*options):
    """The run is refused: exit code 2, nothing on stdout, one line on stderr without a traceback."""
    resultat = calc(*options)
    assert resultat.returncode == 2, resultat
    assert resultat.stdout == ""
    assert "Traceback" not in resultat.stderr
    lignes = resultat.stderr.strip().splitlines()
    assert len(lignes) == 1, resultat.stderr
    return lignes[0]


def situation(tmp_path, contenu, nom="situation.json"):
    chemin = tmp_path / nom
    chemin.write_text(contenu if isinstance(contenu, str) else json.dumps(contenu), encoding="utf-8")
    return chemin


# ---------------------------------------------------------------- refusals the web API answers with a 4xx


def test_annee_avant_la_legislation_du_regime_classique():
    assert "2019 to 2026" in refus("--annee", 2018, "--categorie", "artisan", "--revenu", 30000)


@pytest.mark.parametrize("debut", ["2024-13-45", "hier", "2024-02-30"])
def test_debut_invalide(debut):
    ligne = refus("--annee", 2024, "--revenu", 30000, "--debut", debut)
    assert "--debut" in ligne and debut in ligne


def test_categorie_inconnue():
    ligne = refus("--annee", 2024, "--revenu", 30000, "--categorie", "plombier")
    assert "--categorie" in ligne and "plombier" in ligne and "liberal_cipav" in ligne


@pytest.mark.parametrize("regime", [["--revenu", 30000], ["--micro", "--ca-vente", 1000]])
@pytest.mark.parametrize("code", ["99", "ZZ", "../../etc/passwd"])
def test_departement_invalide(regime, code):
    assert "--departement" in refus("--annee", 2024, *regime, "--departement", code)


@pytest.mark.parametrize("montant", ["nan", "inf", "1e308"])
def test_montant_non_fini(montant):
    assert "--revenu" in refus("--annee", 2024, "--revenu", montant)


def test_chiffre_affaires_negatif():
    assert "--ca-vente" in refus("--annee", 2024, "--micro", "--ca-vente", -5)


def test_montant_non_numerique_en_une_ligne():
    assert "--revenu" in refus("--annee", 2024, "--revenu", "abc")


def test_regle_cipav_hors_des_sources():
    assert "Cipav" in refus("--annee", 2020, "--categorie", "liberal_cipav", "--revenu", 30000)


def test_situation_absente():
    assert "no such file" in refus("--annee", 2024, "--situation", "/nonexistent/situation.json")


def test_situation_pas_json(tmp_path):
    assert "not valid JSON" in refus("--annee", 2024, "--situation", situation(tmp_path, "{not json"))


def test_situation_pas_un_objet(tmp_path):
    assert "JSON object" in refus("--annee", 2024, "--situation", situation(tmp_path, [1, 2]))


def test_situation_valeur_invalide_meme_sens_que_l_api(tmp_path):
    fichier = situation(tmp_path, {"individus": {"a": {"categorie_independant": {"ETERNITY": "plombier"},
                                                       "revenu_professionnel": {"2024": "beaucoup"}}}})
    ligne = refus("--annee", 2024, "--situation", fichier)
    assert "individus/a/categorie_independant" in ligne and "individus/a/revenu_professionnel" in ligne


@pytest.mark.parametrize("variable, valeur", [("micro_periode_outre_mer", "periode_1"),  # a monthly enum variable
                                              ("cotisations_micro_sociales_mensuelles", None)])  # a monthly variable
def test_situation_variable_mensuelle_pour_une_annee(tmp_path, variable, valeur):
    fichier = situation(tmp_path, {"individus": {"a": {"micro_entrepreneur": {"2024": True}, "chiffre_affaires_vente": {"2024": 1000},
                                                       variable: {"2024": valeur}}}})
    assert f"individus/a/{variable}/2024" in refus("--annee", 2024, "--situation", fichier)


def test_situation_variable_inconnue(tmp_path):
    fichier = situation(tmp_path, {"individus": {"a": {"revenu_professionnel": {"2024": 1000}, "revenu_net": {"2024": 3}}}})
    assert "revenu_net" in refus("--annee", 2024, "--situation", fichier)


def test_situation_date_invalide(tmp_path):
    fichier = situation(tmp_path, {"individus": {"a": {"revenu_professionnel": {"2024": 1000}, "date_debut_activite": {"ETERNITY": "hier"}}}})
    assert "individus/a/date_debut_activite" in refus("--annee", 2024, "--situation", fichier)


def test_reforme_inconnue():
    assert "unknown reform" in refus("--annee", 2024, "--revenu", 1, "--reforme", "aucune")


# ---------------------------------------------------------------- contradictory or missing inputs


def test_brut_avant_la_reforme():
    assert "--brut" in refus("--annee", 2024, "--brut", 40000)


def test_brut_avec_la_reforme_annulee():
    assert "--brut" in refus("--annee", 2025, "--brut", 40000, "--reforme", "sans_reforme_assiette")


@pytest.mark.parametrize("revenu", [["--revenu", 30000], ["--brut", 30000]])
def test_micro_avec_un_revenu(revenu):
    assert "--micro" in refus("--annee", 2025, "--micro", "--ca-vente", 1000, *revenu)


def test_chiffre_affaires_sans_micro():
    assert "--ca-services-bnc" in refus("--annee", 2024, "--revenu", 30000, "--ca-services-bnc", 1000)


def test_brut_et_revenu():
    assert "not both" in refus("--annee", 2025, "--revenu", 30000, "--brut", 40000)


def test_ni_revenu_ni_brut():
    # before: a professional income of 0 € silently assumed
    ligne = refus("--annee", 2024, "--categorie", "artisan")
    assert "--revenu" in ligne and "--brut" in ligne


def test_annee_obligatoire():
    # before: 2024 silently assumed
    assert "--annee" in refus("--revenu", 30000)


@pytest.mark.parametrize("option", [["--revenu", 5], ["--categorie", "artisan"], ["--micro"], ["--acre"], ["--departement", "974"]])
def test_situation_avec_des_options_de_situation(option):
    assert "--situation" in refus("--annee", 2024, "--situation", EXEMPLE, *option)


def test_situation_sans_donnee_pour_l_annee():
    # the example gives its inputs for 2024 only: 2023 would be computed on nothing
    ligne = refus("--annee", 2023, "--situation", EXEMPLE)
    assert "2023" in ligne and "--annee" in ligne


# ---------------------------------------------------------------- the table


def test_en_tete_et_tableau_artisan_2024():
    resultat = calc("--annee", 2024, "--categorie", "artisan", "--revenu", 30000)
    assert resultat.returncode == 0, resultat.stderr
    sortie = resultat.stdout
    assert sortie.splitlines()[0] == "2024 · artisan (Artisan (inscrit au répertoire des métiers)) · régime classique · revenu professionnel 30 000 €"
    # French labels, the base, the legal rate: 17,15 % + 0,60 % = 17,75 % × 30 000 = 5 325
    assert re.search(r"Cotisation d'assurance vieillesse de base du travailleur indépendant\s+30 000\.00\s+17\.75 %\s+5 325\.00\n", sortie)
    # maladie: the schedule's average rate at 30 000 / 46 368 = 0,647 PASS, 4,7538 % − 0,5 % of IJ = 4,254 %
    # (1 276,14 / 30 000 would be the same here; the low-income case below tells them apart)
    assert re.search(r"hors indemnités journalières\s+30 000\.00\s+4\.254 %\s+1 276\.14\n", sortie)
    # CSG base: 30 000 + 9 241,14 of contributions
    assert re.search(r"CSG déductible[^\n]*\s39 241\.14\s+6\.8 %\s+2 668\.40\n", sortie)
    # CFP: 0,29 % of the PASS
    assert re.search(r"formation professionnelle[^\n]*\s46 368\.00\s+0\.29 %\s+134\.47\n", sortie)
    assert re.search(r"Total des cotisations et contributions sociales[^\n]*\s13 181\.99\n", sortie)
    assert "note:" not in sortie


def test_categorie_par_defaut_annoncee():
    sortie = calc("--annee", 2024, "--revenu", 30000).stdout
    assert "commercant (Commerçant)" in sortie.splitlines()[0]
    assert "no category given: commercant is assumed" in sortie


def test_assiettes_minimales_et_taux_legaux():
    sortie = calc("--annee", 2024, "--categorie", "artisan", "--revenu", 3000).stdout
    # retraite de base on 450 × 11,65 = 5 242,50, at 17,75 % (930,54), not 930,54 / 3 000 = 31 %
    assert re.search(r"vieillesse de base[^\n]*\s5 242\.50\s+17\.75 %\s+930\.54\n\s+↳ assiette minimale appliquée", sortie)
    # invalidité-décès on 11,5 % × 46 368 = 5 332,32 at 1,3 %
    assert re.search(r"invalidité-décès[^\n]*\s5 332\.32\s+1\.3 %\s+69\.32\n\s+↳ assiette minimale appliquée", sortie)


def test_plafonds_et_deux_tranches():
    sortie = calc("--annee", 2024, "--categorie", "commercant", "--revenu", 300000).stdout
    # RCI: 7 % up to the PRCI, 8 % up to 4 PASS = 185 472
    assert re.search(r"retraite complémentaire[^\n]*\s185 472\.00\s+7 % / 8 %\s", sortie)
    assert "7 % jusqu'à la limite de la 1re tranche, 8 % au-delà" in sortie
    # invalidité-décès up to 1 PASS
    assert re.search(r"invalidité-décès[^\n]*\s46 368\.00\s+1\.3 %\s+602\.78\n\s+↳ plafond de l'assiette atteint", sortie)


def test_acre_explique():
    sortie = calc("--annee", 2024, "--categorie", "commercant", "--revenu", 20000, "--acre", "--debut", "2024-01-01").stdout
    # 17,75 % × 20 000 = 3 550 exonerated, 0 due
    assert re.search(r"vieillesse de base[^\n]*\s20 000\.00\s+17\.75 %\s+0\.00\n\s+↳ ACRE : 3 550\.00 € exonérés", sortie)
    assert "ACRE" in sortie.splitlines()[1]


def test_outre_mer_explique():
    sortie = calc("--annee", 2024, "--categorie", "artisan", "--revenu", 40000, "--departement", "974", "--debut", "2022-01-01").stdout
    # 3rd calendar year: 75 % abattement; retraite de base 17,75 % × 40 000 = 7 100, 1 775 due, 5 325 exonerated
    assert re.search(r"vieillesse de base[^\n]*\s40 000\.00\s+17\.75 %\s+1 775\.00\n\s+↳ exonération outre-mer \(abattement du régime de croisière\) : 5 325\.00 € exonérés", sortie)
    assert "département 974" in sortie


def test_cipav_2025_brut():
    resultat = calc("--annee", 2025, "--categorie", "liberal_cipav", "--brut", 80000)
    sortie = resultat.stdout
    assert sortie.splitlines()[0].endswith("· régime classique · revenu d'activité brut 80 000 €")
    # base 80 000 − 26 % = 59 200; CNAVPL 8,73 % + 1,87 % = 10,6 % up to the PASS, 1,87 % above
    assert re.search(r"vieillesse de base[^\n]*\s59 200\.00\s+10\.6 % / 1\.87 %\s", sortie)
    # Cipav complementary 2025: 11 % then 21 %
    assert re.search(r"retraite complémentaire[^\n]*\s59 200\.00\s+11 % / 21 %\s", sortie)


def test_revenu_2025_montre_le_brut_deduit():
    ligne = calc("--annee", 2025, "--categorie", "artisan", "--revenu", 30000).stdout.splitlines()[0]
    assert "revenu professionnel 30 000 €" in ligne and "revenu d'activité brut déduit" in ligne


def test_micro_taux_qui_change_en_cours_d_annee():
    sortie = calc("--annee", 2024, "--categorie", "liberal_non_reglemente", "--micro", "--ca-services-bnc", 24000).stdout
    assert sortie.splitlines()[0].endswith("· micro-entrepreneur · chiffre d'affaires services BNC 24 000 €")
    # 6 × 2 000 × 21,1 % + 6 × 2 000 × 23,1 % = 5 304
    assert re.search(r"recettes BNC du micro-entrepreneur\s+24 000\.00\s+21\.1 % puis 23\.1 %\s+5 304\.00\n", sortie)
    assert "21.1 % de janvier à juin, 23.1 % de juillet à décembre" in sortie
    # CFP 0,2 % of the BNC turnover
    assert re.search(r"formation professionnelle[^\n]*\s24 000\.00\s+0\.2 %\s+48\.00\n", sortie)


def test_micro_acre():
    sortie = calc("--annee", 2024, "--categorie", "commercant", "--micro", "--ca-vente", 12000, "--acre", "--debut", "2023-10-01").stdout
    # created in Q4 2023: ACRE to the end of the 3rd following quarter (September 2024)
    assert "ACRE : taux réduit de janvier à septembre" in sortie


def test_micro_sans_chiffre_d_affaires_annonce():
    resultat = calc("--annee", 2024, "--categorie", "commercant", "--micro")
    assert resultat.returncode == 0
    assert "no turnover given for 2024: a turnover of 0 € is assumed" in resultat.stdout
    assert re.search(r"Total des cotisations[^\n]*\s0\.00\n", resultat.stdout)


def test_micro_plusieurs_activites_taux_de_cfp():
    sortie = calc("--annee", 2024, "--categorie", "commercant", "--micro", "--ca-vente", 10000, "--ca-services-bnc", 5000).stdout
    assert "ventes 0.1 %, services BNC 0.2 %" in sortie


def test_situation_json():
    resultat = calc("--annee", 2024, "--situation", EXEMPLE)
    assert resultat.returncode == 0, resultat.stderr
    assert re.search(r"Total des cotisations[^\n]*\s13 181\.99\n", resultat.stdout)


def test_situation_sans_revenu_pour_une_personne_annonce(tmp_path):
    fichier = situation(tmp_path, {"individus": {"a": {"revenu_professionnel": {"2024": 30000}},
                                                 "b": {"categorie_independant": {"ETERNITY": "artisan"}}}})
    sortie = calc("--annee", 2024, "--situation", fichier).stdout
    assert "— a —" in sortie and "— b —" in sortie
    assert sortie.count("no professional income given for 2024: 0 € is assumed") == 1


def test_aucune_activite_dans_l_annee_annoncee():
    sortie = calc("--annee", 2024, "--categorie", "artisan", "--revenu", 0, "--debut", "2025-03-01").stdout
    lignes = sortie.splitlines()
    assert "aucune activité en 2024 : rien n'est dû" in lignes
    assert lignes.index("aucune activité en 2024 : rien n'est dû") < next(i for i, l in enumerate(lignes) if l.startswith("Total"))


def test_aucune_activite_dans_l_annee_total_nul():
    sortie = calc("--annee", 2024, "--categorie", "artisan", "--revenu", 0, "--debut", "2025-03-01").stdout
    assert re.search(r"Total des cotisations[^\n]*\s0\.00\n", sortie)


def test_aucune_activite_pas_de_motif_trompeur():
    """A year without activity shows no line to explain (no "plafond atteint" on a zero base)."""
    sortie = calc("--annee", 2024, "--categorie", "artisan", "--revenu", 30000, "--debut", "2025-03-01").stdout
    assert "aucune activité en 2024 : rien n'est dû" in sortie
    assert "↳" not in sortie and "maladie" not in sortie


def test_outre_mer_micro_nomme_la_periode_d756_5():
    """A business long established in La Réunion is in D756-5's 3rd period, not a start-of-activity rate;
    sales 2024: 12.3 % × 2/3 = 8.2 % → 12 000 × 8.2 % = 984."""
    sortie = calc("--annee", 2024, "--categorie", "commercant", "--micro", "--ca-vente", 12000, "--departement", "974").stdout
    assert "à partir de la 4e année civile d'activité" in sortie and "début d'activité (art" not in sortie
    assert "984.00" in sortie


def test_mois_elides():
    sortie = calc("--annee", 2024, "--categorie", "commercant", "--micro", "--ca-vente", 12000, "--departement", "974",
                  "--debut", "2024-04-01").stdout
    assert "d'avril à décembre" in sortie and "de avril" not in sortie


# ---------------------------------------------------------------- the income year a caisse reads


def test_annee_du_revenu_lu_par_la_caisse(tmp_path):
    """calc says which income year the CARMF lines read: 2022 when given, else 2024 (stable income)."""
    personne = {"categorie_independant": {"ETERNITY": "medecin"}, "date_debut_activite": {"ETERNITY": "2010-01-01"},
                "revenu_professionnel": {"2024": 80000}}
    sans = calc("--annee", 2024, "--situation", situation(tmp_path, {"individus": {"a": personne}}, "sans.json"))
    assert sans.returncode == 0, sans.stderr
    assert "CARMF : revenu 2022, à défaut celui de 2024 (hypothèse de revenu stable)" in sans.stdout
    personne["revenu_professionnel"]["2022"] = 40000
    avec = calc("--annee", 2024, "--situation", situation(tmp_path, {"individus": {"a": personne}}, "avec.json"))
    assert avec.returncode == 0, avec.stderr
    assert "CARMF : revenu 2022\n" in avec.stdout and "4 080.00" in avec.stdout


# ---------------------------------------------------------------- the professions libérales réglementées

MONTANT = re.compile(r"(-?\d{1,3}(?: \d{3})*\.\d{2})$")


def _lignes_et_total(sortie):
    """The amounts of the table's rows (not the notes, not the rows after the total) and the total."""
    lignes = sortie.splitlines()
    debut = next(i for i, ligne in enumerate(lignes) if ligne.startswith("ligne "))
    fin = next(i for i, ligne in enumerate(lignes) if ligne.startswith("Total des cotisations"))
    montants = [float(MONTANT.search(ligne).group(1).replace(" ", "")) for ligne in lignes[debut + 1:fin] if not ligne.startswith(" ")]
    return montants, float(MONTANT.search(lignes[fin]).group(1).replace(" ", ""))


@pytest.mark.parametrize("options", [
    ["--categorie", "medecin", "--secteur", 1],
    ["--categorie", "medecin", "--secteur", 2, "--revenus-non-conventionnes", 20000],
    ["--categorie", "auxiliaire_medical"],
    ["--categorie", "chirurgien_dentiste"],
    ["--categorie", "avocat"],
    ["--categorie", "notaire", "--debut", "2024-01-01", "--produits-office", 200000],
    ["--categorie", "pharmacien"],
    ["--categorie", "agent_general_assurance", "--commissions-brutes", 120000],
])
def test_les_lignes_font_le_total(options):
    """Every line in the total is a row of the table: PCV/ASV and CURPS included."""
    resultat = calc("--annee", 2024, "--revenu", 80000, *options)
    assert resultat.returncode == 0, resultat.stderr
    montants, total = _lignes_et_total(resultat.stdout)
    assert sum(montants) == pytest.approx(total, abs=0.01 * len(montants))


def test_medecin_secteur_1_prise_en_charge():
    sortie = calc("--annee", 2024, "--categorie", "medecin", "--secteur", 1, "--revenu", 80000).stdout
    # maladie: 6,5 % × 80 000 = 5 200 at the PL schedule; 80 € left to the médecin (0,1 %)
    assert re.search(r"hors indemnités journalières\s+80 000\.00\s+6\.5 %\s+80\.00\n\s+↳ avant prise en charge : 5 200\.00 €, "
                     r"dont 5 120\.00 € pris en charge par l'Assurance Maladie", sortie)
    assert re.search(r"PCV, ASV\), part du praticien\s+barème\s+2 820\.33\n\s+↳ régime de la CARMF", sortie)
    assert "part de l'Assurance Maladie : 5 640.67 €" in sortie
    assert re.search(r"\(CURPS\)\s+80 000\.00\s+0\.5 %\s+231\.84\n", sortie)
    # 5 120 + 1 860 (AF) + 1 208 (retraite de base) + 5 640,67 (ASV) = 13 828,67, after the total, not in it
    assert re.search(r"Total des cotisations[^\n]*\s26 467\.61\nCotisations prises en charge par l'Assurance Maladie[^\n]*\(déjà déduites\)\s+13 828\.67\nRevenu net de cotisations[^\n]*\nRevenu professionnel à déclarer[^\n]*\n?$",
                     sortie)
    assert "cotisation forfaitaire par classe (CARMF), sans taux" in sortie and "Cipav" not in sortie


def test_non_conventionne_sans_prise_en_charge():
    sortie = calc("--annee", 2024, "--categorie", "auxiliaire_medical", "--non-conventionne", "--revenu", 80000).stdout
    assert "pris en charge" not in sortie and "PCV" not in sortie


def test_avocat_sans_indemnites_journalieres():
    sortie = calc("--annee", 2024, "--categorie", "avocat", "--revenu", 80000).stdout
    assert "non due par les avocats" in sortie and "plafond de l'assiette atteint" not in sortie
    assert "classe (CNBF)" in sortie


def test_options_des_professions_avec_situation():
    assert "--secteur" in refus("--annee", 2024, "--situation", EXEMPLE, "--secteur", 2)
    assert "--non-conventionne" in refus("--annee", 2024, "--situation", EXEMPLE, "--non-conventionne")
