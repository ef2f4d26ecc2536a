"""Counts of independent workers (TI datasets): administratively vs economically active, by
type of worker (classique / auto-entrepreneur) and département, over the years."""

from __future__ import annotations

from pathlib import Path

import pandas


def comptes(donnees: pandas.DataFrame) -> dict[str, pandas.DataFrame]:
    """Tables: national totals by year and type; by département, year and type."""
    mesures = ["administrativement_actifs", "economiquement_actifs"]
    national = donnees.groupby(["annee", "type_de_travailleur_independant"])[mesures].sum().reset_index()
    par_departement = (
        donnees.groupby(["code_departement", "departement", "annee", "type_de_travailleur_independant"])[mesures].sum().reset_index()
    )
    return {"comptes_nationaux": national, "comptes_par_departement": par_departement}


def graphique(tables: dict[str, pandas.DataFrame], dossier: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    national = tables["comptes_nationaux"]
    figure, axe = plt.subplots(figsize=(9, 4.5))
    for type_ti, groupe in national.groupby("type_de_travailleur_independant"):
        axe.plot(groupe["annee"], groupe["administrativement_actifs"] / 1e3, label=f"{type_ti} — administrativement actifs")
        axe.plot(groupe["annee"], groupe["economiquement_actifs"] / 1e3, linestyle="--", label=f"{type_ti} — économiquement actifs")
    axe.set_ylabel("milliers")
    axe.set_title("Travailleurs indépendants au 31 décembre")
    axe.legend(fontsize=8)
    axe.grid(alpha=0.3)
    figure.tight_layout()
    chemin = Path(dossier) / "comptes.png"
    figure.savefig(chemin, dpi=110)
    plt.close(figure)
    return chemin
