"""Counts of independent workers (TI datasets): administratively vs economically active, by
type of worker (classique / auto-entrepreneur) and département, over the years."""

from __future__ import annotations

from pathlib import Path

import pandas


def comptes(donnees: pandas.DataFrame) -> dict[str, pandas.DataFrame]:
    """Tables: national totals by year and type; by département, year and type."""
    mesures = ["administrativement_actifs", "economiquement_actifs"]
    # min_count=1: a count missing in every row of a group stays missing, it does not become 0
    national = donnees.groupby(["annee", "type_de_travailleur_independant"])[mesures].sum(min_count=1).reset_index()
    par_departement = (
        donnees.groupby(["code_departement", "departement", "annee", "type_de_travailleur_independant"])[mesures]
        .sum(min_count=1).reset_index()
    )
    tables = {"comptes_nationaux": national, "comptes_par_departement": par_departement}
    for table in tables.values():  # head counts: whole numbers (the loader reads them as floats)
        table[mesures] = table[mesures].round().astype("Int64")
    return tables


def graphique(tables: dict[str, pandas.DataFrame], dossier: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator

    from openfisca_independants.graphiques import SOURCE_OPENDATA, format_francais, mention_source, style

    national = tables["comptes_nationaux"]
    figure, axe = plt.subplots(figsize=(9, 4.5))
    rang = 0
    for type_ti, groupe in national.groupby("type_de_travailleur_independant"):
        for mesure, libelle in (("administrativement_actifs", "administrativement actifs"), ("economiquement_actifs", "économiquement actifs")):
            axe.plot(groupe["annee"], groupe[mesure], label=f"{type_ti} — {libelle}", **style(rang))
            rang += 1
    axe.set_ylabel("Travailleurs indépendants")
    axe.set_xlabel("Année")
    axe.set_title("Travailleurs indépendants au 31 décembre")
    axe.xaxis.set_major_locator(MaxNLocator(integer=True))
    axe.xaxis.set_major_formatter(FormatStrFormatter("%d"))  # years, not an offset (+2.02e3)
    format_francais(axe, y="nombre")
    axe.legend(fontsize=8)
    axe.grid(alpha=0.3)
    mention_source(figure, SOURCE_OPENDATA)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    chemin = Path(dossier) / "comptes.png"
    figure.savefig(chemin, dpi=110)
    plt.close(figure)
    return chemin
