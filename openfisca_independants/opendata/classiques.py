"""A population of classic-regime independent workers from a published income distribution
(INSEE quantiles by sector), its contributions computed by the model, and the comparison of
its income with what INSEE and Urssaf published.

The distribution (`donnees/urssaf/insee_revenus_non_salaries_classiques_2022.csv`) gives, by
sector, the head count, the share of zero or deficit incomes and the quantiles D1, Q1, median,
Q3, D9, P99 of the positive monthly incomes. The population: the zero incomes at 0 €, and the
positive ones in `STRATES` strata of equal weight, each at the income of its middle
probability, read on the quantile function drawn linearly between the published quantiles
(0 € at probability 0); above P99, a Pareto tail whose exponent makes D9 and P99 consistent
(P(X > D9) = 10 %, P(X > P99) = 1 %: α = ln 10 / ln(P99 / D9)), each stratum there at the
tail's quantile. Deficits count as 0 (their amounts are not published).

Readings (no source gives the split of a sector between the caisses): industry and building
are artisans, trade, transport and services to persons commerçants, services to firms
libéraux non réglementés (SSI). The health sector mixes médecins, auxiliaires médicaux,
dentists, pharmacists… each with its own caisse: it is in the income comparison but its
contributions are not estimated.
"""

from __future__ import annotations

from pathlib import Path

import numpy
import pandas
from openfisca_core.simulations import SimulationBuilder

FICHIER_DISTRIBUTION = Path(__file__).resolve().parents[1] / "donnees" / "urssaf" / "insee_revenus_non_salaries_classiques_2022.csv"
ANNEE_DISTRIBUTION = 2022
STRATES = 200
MOIS_PAR_AN = 12
QUANTILES = {"d1": 0.10, "q1": 0.25, "mediane": 0.50, "q3": 0.75, "d9": 0.90, "p99": 0.99}
CATEGORIES = {
    "Industrie (hors artisanat commercial)": "artisan",
    "Construction": "artisan",
    "Commerce et artisanat commercial": "commercant",
    "Transports et entreposage": "commercant",
    "Services aux entreprises et services mixtes": "liberal_non_reglemente",
    "Services aux particuliers": "commercant",
    "Santé et action sociale": None,  # many caisses, no split sourced: contributions not estimated
}


def distribution(fichier: Path = FICHIER_DISTRIBUTION) -> pandas.DataFrame:
    table = pandas.read_csv(fichier, comment="#")
    inconnus = set(table["secteur"]) - set(CATEGORIES)
    if inconnus:
        raise ValueError(f"{fichier}: sector(s) {sorted(inconnus)} not mapped to a category (opendata/classiques.py CATEGORIES)")
    return table


def quantile(ligne: pandas.Series, probabilites: numpy.ndarray) -> numpy.ndarray:
    """Monthly income at each probability (of the positive incomes): linear between the published
    quantiles, 0 € at probability 0, a Pareto tail above P99."""
    points = numpy.array([0.0] + list(QUANTILES.values()))
    valeurs = numpy.array([0.0] + [float(ligne[nom]) for nom in QUANTILES])
    alpha = numpy.log(10) / numpy.log(float(ligne["p99"]) / float(ligne["d9"]))
    queue = float(ligne["p99"]) * ((1 - QUANTILES["p99"]) / numpy.maximum(1 - probabilites, 1e-12)) ** (1 / alpha)
    return numpy.where(probabilites <= QUANTILES["p99"], numpy.interp(probabilites, points, valeurs), queue)


def population(table: pandas.DataFrame, strates: int = STRATES) -> pandas.DataFrame:
    """One row per sector × stratum (plus one for the zero incomes): weight, monthly and yearly income."""
    probabilites = (numpy.arange(strates) + 0.5) / strates
    lignes = []
    for _, ligne in table.iterrows():
        effectif = float(ligne["effectifs"]) * 1000
        nuls = float(ligne["part_nuls"]) / 100
        mensuel = numpy.concatenate([[0.0], quantile(ligne, probabilites)])
        poids = numpy.concatenate([[effectif * nuls], numpy.full(strates, effectif * (1 - nuls) / strates)])
        lignes.append(pandas.DataFrame({"secteur": ligne["secteur"], "categorie_independant": CATEGORIES[ligne["secteur"]],
                                        "poids": poids, "revenu_mensuel": mensuel}))
    resultat = pandas.concat(lignes, ignore_index=True)
    resultat["revenu_professionnel"] = resultat["revenu_mensuel"] * MOIS_PAR_AN
    return resultat


def estimer(population: pandas.DataFrame, tbs=None, annee: int = ANNEE_DISTRIBUTION) -> pandas.DataFrame:
    """The model's yearly contributions of each row (classic regime), × weight; NaN where the sector's
    category is not known (health)."""
    from openfisca_independants.microsimulation import systeme

    tbs = tbs or systeme()
    connus = population["categorie_independant"].notna().to_numpy()
    lignes = population[connus]
    simulation = SimulationBuilder().build_default_simulation(tbs, len(lignes))
    simulation.set_input("categorie_independant", "ETERNITY", lignes["categorie_independant"].to_numpy(dtype=str))
    simulation.set_input("micro_entrepreneur", str(annee), numpy.zeros(len(lignes), dtype=bool))
    simulation.set_input("revenu_professionnel", str(annee), lignes["revenu_professionnel"].to_numpy(dtype=float))
    resultat = population.copy()
    for variable in ("cotisations_sociales", "total_cotisations_contributions"):
        valeurs = numpy.full(len(population), numpy.nan)
        valeurs[connus] = simulation.calculate(variable, str(annee))
        resultat[variable] = valeurs * resultat["poids"].to_numpy()
    resultat["revenu_total"] = resultat["revenu_professionnel"] * resultat["poids"]
    return resultat


def par_secteur(estimations: pandas.DataFrame) -> pandas.DataFrame:
    """Head count, mean monthly income, total income and contributions by sector, and all sectors."""
    groupes = estimations.groupby("secteur", sort=False)
    table = pandas.DataFrame({
        "effectif": groupes["poids"].sum(),
        "revenu_total": groupes["revenu_total"].sum(),
        "cotisations_sociales": groupes["cotisations_sociales"].sum(min_count=1),
        "total_cotisations_contributions": groupes["total_cotisations_contributions"].sum(min_count=1),
    })
    ensemble = table.sum(min_count=1)
    ensemble["total_cotisations_contributions"] = table["total_cotisations_contributions"].sum()  # health left out
    ensemble["cotisations_sociales"] = table["cotisations_sociales"].sum()
    table.loc["Ensemble (contributions hors santé)"] = ensemble
    table["revenu_mensuel_moyen"] = table["revenu_total"] / table["effectif"] / MOIS_PAR_AN
    return table.reset_index().rename(columns={"index": "secteur"})


def comparer(tableau: pandas.DataFrame, publies: pandas.DataFrame, annee: int = ANNEE_DISTRIBUTION) -> pandas.DataFrame:
    """The rebuilt population's mean monthly income (INSEE) and total income (Urssaf, other scope) against the published ones."""
    ensemble = tableau.iloc[-1]
    modele = {"revenu_mensuel_moyen_ti_classiques": float(ensemble["revenu_mensuel_moyen"]),
              "revenu_global_ti_classiques": float(ensemble["revenu_total"])}
    lignes = []
    for _, publie in publies[(publies["annee"] == annee) & publies["concept"].isin(list(modele))].iterrows():
        lignes.append({"annee": annee, "concept": publie["concept"], "modele": modele[publie["concept"]],
                       "publie": float(publie["valeur"]), "ratio": modele[publie["concept"]] / float(publie["valeur"]),
                       "unite": publie["unite"], "millesime": publie["millesime"], "source": publie["source"],
                       "adresse": publie["adresse"]})
    return pandas.DataFrame(lignes)


def graphique(tableau: pandas.DataFrame, dossier: Path, mention: str) -> Path:
    """Mean monthly income and contributions by sector (bars), health without contributions."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from openfisca_independants.graphiques import format_francais, mention_source, style

    secteurs = tableau.iloc[:-1]
    figure, axe = plt.subplots(figsize=(9.5, 5))
    y = numpy.arange(len(secteurs))
    revenu = secteurs["revenu_total"] / 1e9
    cotisations = secteurs["total_cotisations_contributions"] / 1e9
    axe.barh(y + 0.2, revenu, height=0.4, color=style(0)["color"], label="revenu d'activité reconstitué (distribution Insee)")
    axe.barh(y - 0.2, cotisations.fillna(0), height=0.4, color=style(1)["color"], hatch="//", edgecolor="white",
             label="cotisations et contributions calculées par le modèle (santé : non estimées)")
    axe.set_yticks(y, labels=secteurs["secteur"], fontsize=8)
    axe.invert_yaxis()
    axe.set_xlabel("Milliards d'euros par an")
    axe.set_title(f"Non-salariés classiques (hors micro-entrepreneurs, hors agriculture), {ANNEE_DISTRIBUTION} :\n"
                  "revenu reconstitué à partir des quantiles Insee et cotisations du modèle", fontsize=10)
    format_francais(axe, x="nombre")
    axe.grid(alpha=0.3, axis="x")
    axe.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1, frameon=False)  # below: never on a bar
    mention_source(figure, mention)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    chemin = Path(dossier) / "classiques.png"
    figure.savefig(chemin, dpi=110)
    plt.close(figure)
    return chemin
