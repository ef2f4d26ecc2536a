"""The estimate against what URSSAF, Acoss and the Cour des comptes published: model,
published and ratio side by side, for every year (or quarter) and concept both give."""

from __future__ import annotations

from pathlib import Path

import pandas

# concept of the published file → column of the estimate, and what the model's figure covers
CONCEPTS = {
    "chiffre_affaires": ("chiffre_affaires", "turnover of the export (the model's input: a check of the export's vintage)"),
    "revenu_micro_fiscal": ("revenu_micro_fiscal", "turnover after the model's micro-fiscal abattements (71 / 50 / 34 %)"),
    "compensation_acre_tous_regimes": ("reduction_acre", "the micro-entrepreneurs' ACRE only, at the take-up of the settings "
                                                         "(the published figure covers every ACRE beneficiary)"),
}


def comparer(estimations: pandas.DataFrame, publies: pandas.DataFrame) -> pandas.DataFrame:
    """One row per published figure whose year (and quarter) the estimate covers, and whose concept it computes
    (the ACRE only with a take-up set: at 0 the model says nothing of it)."""
    lignes = []
    annuel = estimations.groupby("annee").sum(numeric_only=True)
    calcules = {concept for concept, (colonne, _) in CONCEPTS.items() if colonne in annuel.columns and annuel[colonne].abs().sum() > 0}
    trimestriel = estimations.groupby(["annee", "trimestre"]).sum(numeric_only=True)
    for _, publie in publies.iterrows():
        if publie["concept"] not in calcules:  # not computed (the ACRE without a take-up): nothing to compare
            continue
        colonne, portee = CONCEPTS[publie["concept"]]
        annee = int(publie["annee"])
        trimestre = publie["trimestre"]
        if pandas.isna(trimestre):
            if annee not in annuel.index:
                continue
            modele = float(annuel.loc[annee, colonne])
        else:
            if (annee, int(trimestre)) not in trimestriel.index:
                continue
            modele = float(trimestriel.loc[(annee, int(trimestre)), colonne])
        if modele == 0 and colonne == "reduction_acre":  # no take-up for the cohorts of that year: not computed
            continue
        lignes.append({
            "annee": annee, "trimestre": trimestre, "concept": publie["concept"], "modele": modele,
            "publie": float(publie["valeur"]), "ratio": modele / float(publie["valeur"]), "unite": publie["unite"],
            "portee_du_modele": portee, "millesime": publie["millesime"], "source": publie["source"], "adresse": publie["adresse"],
        })
    colonnes = ["annee", "trimestre", "concept", "modele", "publie", "ratio", "unite", "portee_du_modele", "millesime", "source", "adresse"]
    table = pandas.DataFrame(lignes, columns=colonnes)
    table["trimestre"] = table["trimestre"].astype("Int64")
    return table.sort_values(["concept", "annee", "trimestre"]).reset_index(drop=True)


def tableau(comparaison: pandas.DataFrame) -> str:
    """The comparison as aligned text (bn €, ratio)."""
    lignes = [f"{'concept':<32} {'period':>8} {'model (bn €)':>13} {'published (bn €)':>17} {'ratio':>7}"]
    for _, ligne in comparaison.iterrows():
        periode = f"{ligne['annee']}" + ("" if pandas.isna(ligne["trimestre"]) else f"-Q{ligne['trimestre']}")
        lignes.append(f"{ligne['concept']:<32} {periode:>8} {ligne['modele'] / 1e9:13.3f} {ligne['publie'] / 1e9:17.3f} {ligne['ratio']:7.3f}")
    return "\n".join(lignes)


def millesime(chemin) -> str:
    """The vintage of an export: for the shipped file, the copy date of the settings file; else the file's date."""
    import datetime

    import yaml

    from openfisca_independants.opendata import FICHIER_SECTEURS
    from openfisca_independants.opendata.reglages import FICHIER_REGLAGES

    chemin = Path(chemin)
    if chemin.resolve() == Path(FICHIER_SECTEURS).resolve():
        return yaml.safe_load(FICHIER_REGLAGES.read_text(encoding="utf-8"))["export_livre"]["millesime"]
    return f"fichier du {datetime.date.fromtimestamp(chemin.stat().st_mtime).isoformat()}"


def graphique(comparaison: pandas.DataFrame, estimations: pandas.DataFrame, dossier: Path, mention: str) -> Path:
    """Two panels: the model's yearly turnover, micro-fiscal income and ACRE reduction with the
    published figures (quarterly ones ×4 are NOT drawn as years: they sit on their quarter), and
    the ratio model / published per figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator

    from openfisca_independants.graphiques import format_francais, mention_source, style

    annuel = estimations.groupby("annee").sum(numeric_only=True) / 1e9
    figure, (haut, bas) = plt.subplots(2, 1, figsize=(9.5, 8), height_ratios=(3, 2), sharex=True)
    libelles = {"chiffre_affaires": "chiffre d'affaires", "revenu_micro_fiscal": "revenu micro-fiscal (CA après abattement)",
                "compensation_acre_tous_regimes": "ACRE"}
    courbes = [("chiffre_affaires", "chiffre d'affaires annuel (export)"),
               ("revenu_micro_fiscal", "revenu micro-fiscal annuel (modèle)")]
    if annuel["reduction_acre"].abs().sum() > 0:
        courbes.append(("reduction_acre", "réduction ACRE des micro-entrepreneurs (modèle)"))
    for rang, (colonne, libelle) in enumerate(courbes):
        haut.plot(annuel.index + 0.5, annuel[colonne], label=libelle, markersize=4, **style(rang))
    trimestriel = estimations.groupby(["annee", "trimestre"])["chiffre_affaires"].sum() / 1e9
    x_trimestres = [a + (t - 0.5) / 4 for a, t in trimestriel.index]
    haut.plot(x_trimestres, trimestriel.to_numpy(), label="chiffre d'affaires trimestriel (export)", linewidth=0.8, markersize=2,
              **style(3))
    marqueurs = {"chiffre_affaires": "D", "revenu_micro_fiscal": "*", "compensation_acre_tous_regimes": "X"}
    for concept, groupe in comparaison.groupby("concept"):
        x = [a + 0.5 if pandas.isna(t) else a + (t - 0.5) / 4 for a, t in zip(groupe["annee"], groupe["trimestre"])]
        haut.scatter(x, groupe["publie"] / 1e9, marker=marqueurs.get(concept, "o"), s=60, color="black", zorder=5,
                     label=f"publié : {libelles.get(concept, concept)}" + (" (tous régimes)" if concept.endswith("tous_regimes") else ""))
        bas.scatter(x, groupe["ratio"], marker=marqueurs.get(concept, "o"), s=45, color="black", zorder=5,
                    label=libelles.get(concept, concept))
    haut.set_ylabel("Milliards d'euros")
    haut.set_title("Micro-entrepreneurs : estimation du modèle et chiffres publiés (Urssaf/Acoss, Cour des comptes)", fontsize=10)
    haut.grid(alpha=0.3)
    haut.legend(fontsize=7.5, loc="upper left")
    format_francais(haut, y="nombre")
    bas.axhline(1, color="grey", linewidth=1)
    bas.set_ylabel("Modèle / publié")
    bas.set_xlabel("Année (chiffres annuels au milieu de l'année, trimestriels au milieu du trimestre)")
    bas.set_title("Rapport modèle / publié (chiffre d'affaires : révision de l'export par rapport à la première publication)", fontsize=9)
    bas.grid(alpha=0.3)
    if len(comparaison):
        bas.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=3, frameon=False)  # below: never on the points
    else:
        bas.set_title("Aucun chiffre publié pour les périodes de cette série", fontsize=9)
    bas.xaxis.set_major_locator(MaxNLocator(integer=True))
    bas.xaxis.set_major_formatter(FormatStrFormatter("%d"))
    mention_source(figure, mention)
    bas.set_xlim(annuel.index.min() - 0.2, annuel.index.max() + 1.2)
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    chemin = Path(dossier) / "comparaison.png"
    figure.savefig(chemin, dpi=110)
    plt.close(figure)
    return chemin

