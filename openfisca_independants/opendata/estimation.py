"""Estimated micro-social contributions of each cell and quarter, with the model's monthly rates."""

from __future__ import annotations

from pathlib import Path

import numpy
import pandas
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.dates import EPOQUE, debut_trimestre
from openfisca_independants.opendata.population import ACTIVITES

MOIS_PAR_TRIMESTRE = 3


def changements_de_taux(tbs) -> list[str]:
    """The dates at which a micro-social rate changes (parameters micro_entrepreneur.taux)."""
    dates = set()
    for taux in tbs.parameters.micro_entrepreneur.taux.children.values():
        valeurs = sorted(taux.values_list, key=lambda v: v.instant_str)
        dates |= {apres.instant_str for avant, apres in zip(valeurs, valeurs[1:]) if apres.value != avant.value and apres.value is not None}
    return sorted(dates)


def drom_modelise(tbs, annees: numpy.ndarray, trimestres: numpy.ndarray) -> numpy.ndarray:
    """Whether the model has the DROM micro-social rates (D756-5 fractions) for every month of each row's year."""
    connus = {}
    for annee, trimestre in set(zip(annees.tolist(), trimestres.tolist())):
        connus[(annee, trimestre)] = True
        for mois in range(1, 13):  # every month of the year: the model computes the year's months
            valeur = getattr(tbs.parameters(f"{annee}-{mois:02d}-01").micro_entrepreneur.outre_mer.fraction, "periode_2", None)
            connus[(annee, trimestre)] &= valeur is not None and not numpy.isnan(float(valeur))
    return numpy.array([connus[cle] for cle in zip(annees.tolist(), trimestres.tolist())], dtype=bool)


def _mois_deduits(reglages, codes: numpy.ndarray, annees: numpy.ndarray, trimestres: numpy.ndarray) -> numpy.ndarray:
    """Number of months (0 to 3) of each row's quarter whose turnover its sector could deduct (Covid)."""
    mois = numpy.zeros(len(codes))
    premier_mois = (annees * 12 + (trimestres - 1) * MOIS_PAR_TRIMESTRE).astype(int)
    for deduction in reglages.deductions_covid:
        debut = int(deduction.premier_mois[:4]) * 12 + int(deduction.premier_mois[5:7]) - 1
        fin = int(deduction.dernier_mois[:4]) * 12 + int(deduction.dernier_mois[5:7]) - 1
        dans_le_secteur = numpy.isin(codes, list(deduction.secteurs))
        recouvrement = numpy.clip(numpy.minimum(premier_mois + MOIS_PAR_TRIMESTRE - 1, fin) - numpy.maximum(premier_mois, debut) + 1, 0, None)
        mois = mois + numpy.where(dans_le_secteur, recouvrement, 0)
    return numpy.minimum(mois, MOIS_PAR_TRIMESTRE)


def parts_deduites_covid(secteurs: pandas.DataFrame, reglages) -> pandas.Series:
    """National share of each quarter's turnover deductible for Covid (for the département series,
    which carry no sector), from the sector file: Σ sectors turnover × months deducted / 3 ÷ turnover."""
    codes = secteurs["secteur_d_activite_me"].astype(str).map(lambda s: s.split(" - ", 1)[0].strip()).to_numpy()
    mois = _mois_deduits(reglages, codes, secteurs["annee"].to_numpy(dtype=int), secteurs["trimestre"].to_numpy(dtype=int))
    table = pandas.DataFrame({"date": secteurs["dernier_jour_du_trimestre"].to_numpy(), "ca": secteurs["chiffres_d_affaires"].to_numpy(dtype=float)})
    table["deduit"] = table["ca"] * mois / MOIS_PAR_TRIMESTRE
    sommes = table.groupby("date")[["ca", "deduit"]].sum()
    return sommes["deduit"] / sommes["ca"]


def _lignes_acre(population: pandas.DataFrame, reglages, tbs) -> pandas.DataFrame:
    """ACRE cohorts in each cell and quarter: one row per (cell-quarter, quarter of registration) with
    the beneficiaries' share of the cell's turnover.

    Beneficiaries of the cohort registered in quarter c = immatriculations(c) × take-up(year of c);
    their share of the cell's turnover in quarter t = that number × relative turnover ÷
    administrativement actifs(t), for every t from c to c + the longest ACRE of the model − 1 (the
    model then applies each cohort's own periods and rates: parameters micro_entrepreneur.acre).
    """
    if not reglages.recours_acre:
        return pandas.DataFrame(columns=["origine", "part", "date_debut"])
    cle = population.attrs.get("cle", population.columns[0])
    duree_max = int(max(v.value or 0 for v in tbs.parameters.micro_entrepreneur.acre.duree_totale.values_list))
    rang = population["annee"].to_numpy(dtype=int) * 4 + population["trimestre"].to_numpy(dtype=int) - 1
    recours = population["annee"].map(lambda annee: reglages.recours_acre.get(int(annee), 0.0)).to_numpy(dtype=float)
    cohortes = pandas.DataFrame({cle: population[cle].to_numpy(), "rang_cohorte": rang,
                                 "beneficiaires": population["immatriculations"].to_numpy(dtype=float) * recours})
    cohortes = cohortes[cohortes["beneficiaires"] > 0]
    cellules = pandas.DataFrame({cle: population[cle].to_numpy(), "rang": rang, "origine": numpy.arange(len(population)),
                                 "inscrits": population["administrativement_actifs"].to_numpy(dtype=float)})
    lignes = []
    for ecart in range(duree_max):
        jointes = cellules.assign(rang_cohorte=cellules["rang"] - ecart).merge(cohortes, on=[cle, "rang_cohorte"])
        lignes.append(jointes)
    lignes = pandas.concat(lignes, ignore_index=True)
    lignes["part"] = numpy.divide(lignes["beneficiaires"] * reglages.chiffre_affaires_relatif_acre, lignes["inscrits"],
                                  out=numpy.zeros(len(lignes)), where=lignes["inscrits"] > 0)
    lignes["date_debut"] = debut_trimestre(lignes["rang_cohorte"].to_numpy() - (EPOQUE * 4))
    return lignes[["origine", "part", "date_debut"]]


def estimer(population: pandas.DataFrame, tbs=None, reglages=None, parts_covid: pandas.Series | None = None) -> pandas.DataFrame:
    """Cell totals: weight × (each month's turnover × that month's rate), summed over the quarter.

    Each row's quarterly turnover per person is spread evenly over the three months of its
    quarter (every rate change of the period falls on a quarter's first day).

    Columns: `cotisations_micro_sociales` at the full rate (no ACRE, métropole unless the series
    gives the département, no Covid deduction); `cotisations_apres_acre_drom` with the ACRE cohorts
    and the DROM share of the settings (the model computes them on extra rows of the cell);
    `deduction_covid`; `cotisations_estimees` = after ACRE/DROM − Covid deduction;
    `cotisations_encaissees` (cash basis); and, apart, `formation_professionnelle`,
    `taxe_frais_chambre`, `versement_liberatoire` and `revenu_micro_fiscal` (turnover after the
    micro-fiscal abattement of the model's parameters, without the 305 € minimum: cell means).
    """
    from openfisca_independants.microsimulation import systeme
    from openfisca_independants.opendata.reglages import Reglages

    tbs = tbs or systeme()
    reglages = reglages or Reglages.defaut()
    cle = population.attrs.get("cle", population.columns[0])
    n = len(population)
    acre = _lignes_acre(population, reglages, tbs) if "immatriculations" in population.columns else pandas.DataFrame(columns=["origine", "part", "date_debut"])
    drom = reglages.part_drom > 0 and "departement" not in population.columns
    lignes_drom = numpy.flatnonzero(drom_modelise(tbs, population["annee"].to_numpy(dtype=int), population["trimestre"].to_numpy(dtype=int))) if drom else numpy.zeros(0, dtype=int)
    origine = numpy.concatenate([numpy.arange(n), acre["origine"].to_numpy(dtype=int), lignes_drom])
    genre = numpy.concatenate([numpy.zeros(n, dtype=int), numpy.ones(len(acre), dtype=int), numpy.full(len(lignes_drom), 2)])
    parts = numpy.concatenate([numpy.zeros(n), acre["part"].to_numpy(dtype=float), numpy.full(len(lignes_drom), reglages.part_drom)])
    # the ACRE and DROM rows of a cell cannot take more than the whole cell: ACRE shares scaled down if needed
    somme_acre = numpy.bincount(origine[genre == 1], weights=parts[genre == 1], minlength=n)
    plafond = 1 - numpy.bincount(origine[genre == 2], weights=parts[genre == 2], minlength=n)
    echelle = numpy.where(somme_acre > plafond, plafond / numpy.where(somme_acre > 0, somme_acre, 1), 1)
    parts = numpy.where(genre == 1, parts * echelle[origine], parts)
    total = len(origine)

    annees = population["annee"].to_numpy()[origine]
    trimestres = population["trimestre"].to_numpy()[origine]
    entrees = {
        "categorie_independant": population["categorie_independant"].to_numpy(dtype=str)[origine],
        "chiffres": {activite: population[f"chiffre_affaires_{activite}"].to_numpy()[origine] for activite in ACTIVITES},
    }
    sans_taux = numpy.zeros(total, dtype=bool)
    outre_mer = numpy.zeros(total, dtype=bool)
    if "departement" in population.columns or drom:
        departements = population["departement"].to_numpy(dtype=str)[origine] if "departement" in population.columns else numpy.full(total, "75")
        departements = numpy.where(genre == 2, reglages.departement_drom, departements)
        # a DROM département in a year without the model's DROM micro rates (before 2017): metropolitan
        # rates (an upper bound, said in the notes) rather than a refusal of the whole series
        outre_mer = numpy.char.startswith(departements.astype(str), "97")
        sans_taux = outre_mer & ~drom_modelise(tbs, annees, trimestres)
        entrees["departement"] = numpy.where(sans_taux, "75", departements)
    if len(acre):
        entrees["acre"] = genre == 1
        dates = numpy.full(total, numpy.datetime64("1970-01-01"), dtype="datetime64[D]")
        dates[genre == 1] = acre["date_debut"].to_numpy(dtype="datetime64[D]")
        entrees["date_debut_activite"] = dates
    variables = [f"cotisations_micro_{activite}" for activite in ACTIVITES] + ["formation_professionnelle_micro_mensuelle", "taxe_frais_chambre_mensuelle"]
    valeurs = {variable: numpy.zeros(total) for variable in variables}
    # the years of the DROM rows apart: the model refuses a DROM person in a year without DROM micro
    # rates, even a year in which she has no turnover
    annees_drom = numpy.unique(annees[outre_mer & ~sans_taux])
    for groupe in (numpy.isin(annees, annees_drom), ~numpy.isin(annees, annees_drom)):
        if groupe.any():
            resultats = _simuler(tbs, entrees,
                                 groupe, annees, trimestres, variables)
            for variable in variables:
                valeurs[variable][groupe] = resultats[variable]

    poids = population["poids"].to_numpy()
    base = genre == 0
    resultat = pandas.DataFrame({
        "annee": annees[base], "trimestre": trimestres[base], cle: population[cle].to_numpy(), "poids": poids,
        "chiffre_affaires": population["chiffre_affaires_total"].to_numpy(),
    })
    for activite in ACTIVITES:
        resultat[f"cotisations_{activite}"] = poids * valeurs[f"cotisations_micro_{activite}"][base]
    resultat["cotisations_micro_sociales"] = resultat[[f"cotisations_{a}" for a in ACTIVITES]].sum(axis=1)
    resultat["taux_effectif"] = numpy.divide(resultat["cotisations_micro_sociales"], resultat["chiffre_affaires"],
                                             out=numpy.full(len(resultat), numpy.nan), where=resultat["chiffre_affaires"] > 0)

    # after ACRE and DROM: the cell's rows weighted by their shares, the rest at the base row's amount
    par_personne = sum(valeurs[f"cotisations_micro_{activite}"] for activite in ACTIVITES)
    ecart = par_personne[origine] - par_personne  # base amount − the extra row's amount (0 on base rows)
    reduction = {g: poids * numpy.bincount(origine[genre == g], weights=(parts * ecart)[genre == g], minlength=n) for g in (1, 2)}
    resultat["beneficiaires_acre"] = poids * somme_acre * echelle
    resultat["reduction_acre"] = reduction[1]
    resultat["reduction_drom"] = reduction[2]
    resultat["cotisations_apres_acre_drom"] = resultat["cotisations_micro_sociales"] - reduction[1] - reduction[2]
    if "code_secteur" in population.columns:
        part_deduite = _mois_deduits(reglages, population["code_secteur"].to_numpy(dtype=str), resultat["annee"].to_numpy(dtype=int),
                                     resultat["trimestre"].to_numpy(dtype=int)) / MOIS_PAR_TRIMESTRE
    elif parts_covid is not None:
        dates = pandas.DatetimeIndex(population["dernier_jour_du_trimestre"])
        part_deduite = parts_covid.reindex(dates).fillna(0).to_numpy()
    else:
        part_deduite = numpy.zeros(n)
    resultat["deduction_covid"] = resultat["cotisations_apres_acre_drom"] * part_deduite * reglages.recours_covid
    resultat["cotisations_estimees"] = resultat["cotisations_apres_acre_drom"] - resultat["deduction_covid"]
    resultat["cotisations_encaissees"] = _encaissement(resultat, cle, reglages)
    resultat["formation_professionnelle"] = poids * valeurs["formation_professionnelle_micro_mensuelle"][base]
    resultat["taxe_frais_chambre"] = poids * valeurs["taxe_frais_chambre_mensuelle"][base]
    resultat["versement_liberatoire"] = poids * reglages.recours_versement_liberatoire * _par_taux(
        population, tbs, lambda p: p.micro_entrepreneur.versement_liberatoire, lambda taux: taux)
    resultat["revenu_micro_fiscal"] = poids * _par_taux(population, tbs, lambda p: p.impot_revenu.micro_fiscal, lambda taux: 1 - taux, annuel=True)
    resultat.attrs["encaissement"] = bool(reglages.encaissement)
    resultat.attrs["drom_au_taux_de_metropole"] = int(sans_taux[base].sum())  # plain values only: attrs go into parquet files
    return resultat


def _simuler(tbs, entrees: dict, lignes: numpy.ndarray, annees, trimestres, variables) -> dict:
    """One simulation of the rows `lignes`: inputs set, each variable summed over each row's year."""
    n = int(lignes.sum())
    annees, trimestres = annees[lignes], trimestres[lignes]
    simulation = SimulationBuilder().build_default_simulation(tbs, n)
    simulation.set_input("categorie_independant", "ETERNITY", entrees["categorie_independant"][lignes])
    for nom in ("departement", "acre", "date_debut_activite"):
        if nom in entrees:
            simulation.set_input(nom, "ETERNITY", entrees[nom][lignes])
    for annee in numpy.unique(annees):
        simulation.set_input("micro_entrepreneur", str(annee), numpy.ones(n, dtype=bool))
        for mois in range(1, 13):
            dans_le_trimestre = (annees == annee) & ((mois - 1) // MOIS_PAR_TRIMESTRE + 1 == trimestres)
            for activite in ACTIVITES:
                montant = numpy.where(dans_le_trimestre, entrees["chiffres"][activite][lignes] / MOIS_PAR_TRIMESTRE, 0)
                simulation.set_input(f"chiffre_affaires_{activite}", f"{annee}-{mois:02d}", montant)
    valeurs = {variable: numpy.zeros(n) for variable in variables}
    for annee in numpy.unique(annees):
        dans_l_annee = annees == annee
        for variable in variables:
            valeurs[variable][dans_l_annee] = simulation.calculate_add(variable, str(annee))[dans_l_annee]
    return valeurs


def _par_taux(population, tbs, noeud, transformer, annuel=False) -> numpy.ndarray:
    """Σ activities turnover × transformer(rate of the activity), the rates read in the model's
    parameters at the quarter's first day (or on 1 January for a yearly rule)."""
    montant = numpy.zeros(len(population))
    annees = population["annee"].to_numpy(dtype=int)
    trimestres = population["trimestre"].to_numpy(dtype=int)
    for annee, trimestre in set(zip(annees, trimestres)):
        mois = 1 if annuel else MOIS_PAR_TRIMESTRE * (trimestre - 1) + 1
        parametres = noeud(tbs.parameters(f"{annee}-{mois:02d}-01"))
        lignes = (annees == annee) & (trimestres == trimestre)
        for activite in ACTIVITES:
            montant[lignes] += population[f"chiffre_affaires_{activite}"].to_numpy()[lignes] * transformer(float(parametres[activite]))
    return montant


def _encaissement(resultat: pandas.DataFrame, cle: str, reglages) -> numpy.ndarray:
    """Cash basis: (1 − d) × this quarter's contributions + d × the previous quarter's, × the
    collection rate (d = share paid the next quarter; the first quarter of a cell has no predecessor)."""
    rang = resultat["annee"].to_numpy(dtype=int) * 4 + resultat["trimestre"].to_numpy(dtype=int)
    dus = pandas.Series(resultat["cotisations_estimees"].to_numpy(), index=pandas.MultiIndex.from_arrays([resultat[cle].to_numpy(), rang]))
    precedents = dus.reindex(pandas.MultiIndex.from_arrays([resultat[cle].to_numpy(), rang - 1])).fillna(0).to_numpy()
    d = reglages.part_decalee
    return reglages.taux_recouvrement * ((1 - d) * dus.to_numpy() + d * precedents)


def resume(estimations: pandas.DataFrame) -> str:
    """Yearly totals: turnover, micro-fiscal income, contributions at the full rate and as estimated
    with the settings (cash basis when the settings ask for it), full-rate effective rate."""
    estimees = "cotisations_encaissees" if estimations.attrs.get("encaissement") else "cotisations_estimees"
    annuel = estimations.groupby("annee")[["poids", "chiffre_affaires", "revenu_micro_fiscal", "cotisations_micro_sociales", estimees]].sum()
    annuel["taux"] = annuel["cotisations_micro_sociales"] / annuel["chiffre_affaires"]
    cle = [c for c in estimations.columns if estimations[c].dtype == object or str(estimations[c].dtype) in ("string", "str")][0]
    lignes = [
        f"{len(estimations)} cells × quarters ({estimations[cle].nunique()} {cle}, "
        f"{estimations['annee'].min()}-Q1 … {estimations['annee'].max()}-Q4)",
        f"{'year':>6} {'turnover':>9} {'micro-fiscal':>13} {'full rate':>10} {'estimated' if estimees == 'cotisations_estimees' else 'cash':>10} {'full-rate':>10}",
        f"{'':>6} {'(bn €)':>9} {'income (bn €)':>13} {'(bn €)':>10} {'(bn €)':>10} {'eff. rate':>10}",
    ]
    for annee, ligne in annuel.iterrows():
        lignes.append(f"{annee:>6} {ligne['chiffre_affaires'] / 1e9:9.2f} {ligne['revenu_micro_fiscal'] / 1e9:13.2f} "
                      f"{ligne['cotisations_micro_sociales'] / 1e9:10.3f} {ligne[estimees] / 1e9:10.3f} {100 * ligne['taux']:9.2f}%")
    return "\n".join(lignes)


def graphiques(estimations: pandas.DataFrame, dossier: Path, mention: str | None = None) -> list[Path]:
    """The yearly contributions by activity at the full rate (bars) with the estimate after the
    settings (line), and the full-rate effective rate by quarter with the rate changes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator

    from openfisca_independants.graphiques import SOURCE_OPENDATA, format_francais, mention_source, style

    mention = mention or SOURCE_OPENDATA
    dossier = Path(dossier)
    estimees = ["cotisations_estimees"] if "cotisations_estimees" in estimations.columns else []
    annuel = estimations.groupby("annee")[[f"cotisations_{a}" for a in ACTIVITES] + estimees].sum() / 1e9
    figure, axe = plt.subplots(figsize=(9, 4.8))
    bas = numpy.zeros(len(annuel))
    libelles = {"vente": "ventes (BIC)", "services_bic": "services BIC", "services_bnc": "services BNC"}
    for rang, (activite, hachures) in enumerate(zip(ACTIVITES, ("", "//", ".."))):
        axe.bar(annuel.index, annuel[f"cotisations_{activite}"], bottom=bas, label=f"taux plein : {libelles[activite]}",
                color=style(rang)["color"], hatch=hachures, edgecolor="white", linewidth=0.5)
        bas = bas + annuel[f"cotisations_{activite}"].to_numpy()
    if estimees and not numpy.allclose(annuel["cotisations_estimees"].to_numpy(), bas):
        axe.plot(annuel.index, annuel["cotisations_estimees"], color="black", marker="o", markersize=4,
                 label="estimation après ACRE, DROM et déductions Covid (réglages : voir notes)")
    axe.set_ylabel("Milliards d'euros")
    axe.set_xlabel("Année")
    axe.set_xlim(annuel.index.min() - 0.6, annuel.index.max() + 0.6)
    axe.set_title("Cotisations micro-sociales dues, par an et par type d'activité\n"
                  "barres : au taux plein (sans ACRE, taux de métropole, sans déduction Covid ; hors CFP, taxes de chambre, VL)",
                  fontsize=10)
    axe.xaxis.set_major_locator(MaxNLocator(integer=True))
    axe.xaxis.set_major_formatter(FormatStrFormatter("%d"))
    format_francais(axe, y="nombre")
    axe.legend(fontsize=8, loc="upper left")
    mention_source(figure, mention)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    chemins = [dossier / "cotisations_par_annee.png"]
    figure.savefig(chemins[0], dpi=110)
    plt.close(figure)

    trimestriel = estimations.groupby(["annee", "trimestre"])[["cotisations_micro_sociales", "chiffre_affaires"]].sum()
    dates = pandas.to_datetime([f"{a}-{3 * t - 2:02d}-01" for a, t in trimestriel.index])
    figure, axe = plt.subplots(figsize=(9, 4.8))
    axe.plot(dates, 100 * trimestriel["cotisations_micro_sociales"] / trimestriel["chiffre_affaires"], marker=".",
             color=style(0)["color"], label="taux effectif moyen du trimestre, au taux plein")
    from openfisca_independants.microsimulation import systeme

    changements = [c for c in changements_de_taux(systeme()) if dates.min() <= pandas.Timestamp(c) <= dates.max()]
    for changement in changements:
        axe.axvline(pandas.Timestamp(changement), color="grey", linestyle=":", linewidth=1)
    # the dates of the changes on a top axis, outside the plotting area: they never cover the curve
    dessus = axe.secondary_xaxis("top")
    dessus.set_xticks([pandas.Timestamp(c) for c in changements], labels=[c[:7] for c in changements], fontsize=7, rotation=90)
    axe.set_ylabel("Cotisations / chiffre d'affaires")
    axe.set_xlabel("Trimestre (traits pointillés : changements de taux, datés en haut)")
    axe.set_title("Taux effectif moyen des cotisations micro-sociales, au taux plein (sans ACRE, métropole, sans déduction Covid)",
                  fontsize=9.5)
    format_francais(axe, y="pourcents")
    axe.grid(alpha=0.3)
    axe.legend(fontsize=8, loc="lower right")
    mention_source(figure, mention)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    chemins.append(dossier / "taux_effectif.png")
    figure.savefig(chemins[1], dpi=110)
    plt.close(figure)
    return chemins
