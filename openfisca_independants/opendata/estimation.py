"""Estimated micro-social contributions of each cell and quarter, with the model's monthly rates."""

from __future__ import annotations

from pathlib import Path

import numpy
import pandas
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.opendata.population import ACTIVITES

MOIS_PAR_TRIMESTRE = 3


def changements_de_taux(tbs) -> list[str]:
    """The dates at which a micro-social rate changes (parameters micro_entrepreneur.taux)."""
    dates = set()
    for taux in tbs.parameters.micro_entrepreneur.taux.children.values():
        valeurs = sorted(taux.values_list, key=lambda v: v.instant_str)
        dates |= {apres.instant_str for avant, apres in zip(valeurs, valeurs[1:]) if apres.value != avant.value and apres.value is not None}
    return sorted(dates)


def estimer(population: pandas.DataFrame, tbs=None) -> pandas.DataFrame:
    """Cell totals: weight × (each month's turnover × that month's rate), summed over the quarter.

    Each row's quarterly turnover per person is spread evenly over the three months of its
    quarter (every rate change of the period falls on a quarter's first day).
    """
    from openfisca_independants.microsimulation import systeme

    tbs = tbs or systeme()
    cle = population.attrs.get("cle", population.columns[0])
    n = len(population)
    simulation = SimulationBuilder().build_default_simulation(tbs, n)
    simulation.set_input("categorie_independant", "ETERNITY", population["categorie_independant"].to_numpy(dtype=str))
    if "departement" in population.columns:
        simulation.set_input("departement", "ETERNITY", population["departement"].to_numpy(dtype=str))
    annees = population["annee"].to_numpy()
    trimestres = population["trimestre"].to_numpy()
    for annee in numpy.unique(annees):
        simulation.set_input("micro_entrepreneur", str(annee), numpy.ones(n, dtype=bool))
        for mois in range(1, 13):
            dans_le_trimestre = (annees == annee) & ((mois - 1) // MOIS_PAR_TRIMESTRE + 1 == trimestres)
            for activite in ACTIVITES:
                montant = numpy.where(dans_le_trimestre, population[f"chiffre_affaires_{activite}"].to_numpy() / MOIS_PAR_TRIMESTRE, 0)
                simulation.set_input(f"chiffre_affaires_{activite}", f"{annee}-{mois:02d}", montant)
    par_activite = {activite: numpy.zeros(n) for activite in ACTIVITES}
    for annee in numpy.unique(annees):
        lignes = annees == annee
        for activite in ACTIVITES:
            valeurs = simulation.calculate_add(f"cotisations_micro_{activite}", str(annee))
            par_activite[activite][lignes] = valeurs[lignes]
    poids = population["poids"].to_numpy()
    resultat = pandas.DataFrame({
        "annee": annees, "trimestre": trimestres, cle: population[cle].to_numpy(), "poids": poids,
        "chiffre_affaires": population["chiffre_affaires_total"].to_numpy(),
    })
    for activite in ACTIVITES:
        resultat[f"cotisations_{activite}"] = poids * par_activite[activite]
    resultat["cotisations_micro_sociales"] = resultat[[f"cotisations_{a}" for a in ACTIVITES]].sum(axis=1)
    resultat["taux_effectif"] = numpy.divide(resultat["cotisations_micro_sociales"], resultat["chiffre_affaires"],
                                             out=numpy.full(len(resultat), numpy.nan), where=resultat["chiffre_affaires"] > 0)
    return resultat


def resume(estimations: pandas.DataFrame) -> str:
    annuel = estimations.groupby("annee")[["poids", "chiffre_affaires", "cotisations_micro_sociales"]].sum()
    annuel["taux"] = annuel["cotisations_micro_sociales"] / annuel["chiffre_affaires"]
    cle = [c for c in estimations.columns if c not in ("annee", "trimestre", "poids", "chiffre_affaires", "taux_effectif")
           and not c.startswith("cotisations")][0]
    lignes = [
        f"{len(estimations)} cells × quarters ({estimations[cle].nunique()} {cle}, "
        f"{estimations['annee'].min()}-Q1 … {estimations['annee'].max()}-Q4)",
        f"{'year':>6} {'turnover (bn €)':>16} {'contributions (bn €)':>21} {'effective rate':>15}",
    ]
    for annee, ligne in annuel.iterrows():
        lignes.append(f"{annee:>6} {ligne['chiffre_affaires'] / 1e9:16.2f} {ligne['cotisations_micro_sociales'] / 1e9:21.3f} "
                      f"{100 * ligne['taux']:14.2f}%")
    return "\n".join(lignes)


def graphiques(estimations: pandas.DataFrame, dossier: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from openfisca_independants.graphiques import SOURCE_OPENDATA, format_francais, mention_source, style

    dossier = Path(dossier)
    annuel = estimations.groupby("annee")[[f"cotisations_{a}" for a in ACTIVITES]].sum() / 1e9
    figure, axe = plt.subplots(figsize=(9, 4.5))
    bas = numpy.zeros(len(annuel))
    libelles = {"vente": "ventes (BIC)", "services_bic": "services BIC", "services_bnc": "services BNC"}
    for rang, (activite, hachures) in enumerate(zip(ACTIVITES, ("", "//", ".."))):
        axe.bar(annuel.index, annuel[f"cotisations_{activite}"], bottom=bas, label=libelles[activite],
                color=style(rang)["color"], hatch=hachures, edgecolor="white", linewidth=0.5)
        bas = bas + annuel[f"cotisations_{activite}"].to_numpy()
    axe.set_ylabel("Milliards d'euros")
    axe.set_xlabel("Année")
    axe.set_title("Cotisations micro-sociales estimées par an et par type d'activité")
    format_francais(axe, y="nombre")
    axe.legend()
    mention_source(figure, SOURCE_OPENDATA)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    chemins = [dossier / "cotisations_par_annee.png"]
    figure.savefig(chemins[0], dpi=110)
    plt.close(figure)

    trimestriel = estimations.groupby(["annee", "trimestre"])[["cotisations_micro_sociales", "chiffre_affaires"]].sum()
    dates = pandas.to_datetime([f"{a}-{3 * t - 2:02d}-01" for a, t in trimestriel.index])
    figure, axe = plt.subplots(figsize=(9, 4.5))
    axe.plot(dates, 100 * trimestriel["cotisations_micro_sociales"] / trimestriel["chiffre_affaires"], marker=".",
             color=style(0)["color"], label="taux effectif moyen du trimestre")
    from openfisca_independants.microsimulation import systeme

    changements = [c for c in changements_de_taux(systeme()) if dates.min() <= pandas.Timestamp(c) <= dates.max()]
    for changement in changements:
        axe.axvline(pandas.Timestamp(changement), color="grey", linestyle=":", linewidth=1)
        axe.annotate(changement[:7], (pandas.Timestamp(changement), axe.get_ylim()[1]), fontsize=8, rotation=90, va="top", ha="right")
    axe.set_ylabel("Cotisations / chiffre d'affaires")
    axe.set_xlabel("Trimestre (traits pointillés : changements de taux)")
    axe.set_title("Taux effectif moyen des cotisations micro-sociales (estimé)")
    format_francais(axe, y="pourcents")
    axe.grid(alpha=0.3)
    mention_source(figure, SOURCE_OPENDATA)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    chemins.append(dossier / "taux_effectif.png")
    figure.savefig(chemins[1], dpi=110)
    plt.close(figure)
    return chemins
