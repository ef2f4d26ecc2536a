"""Weighted populations of micro-entrepreneurs from the URSSAF aggregates.

One row per cell (sector or département) × quarter: weight = économiquement actifs (the
auto-entrepreneurs with a positive turnover in the quarter), turnover of the row = the cell's
total turnover ÷ that weight, split between the activity types of the micro-social regime
(vente / services BIC / BNC) by the mapping below.

Why a mean per cell is exact: the micro-social contribution of a person is, each month, the
rate of the month for the activity × the turnover. All the persons of a cell have the same
rates (same months, same activity mix), so the cell's total contribution is that rate × the
cell's total turnover, i.e. weight × (rate × mean turnover). The ACRE, the DROM rates and the
Covid deductions are settings of the estimate (opendata/reglages.py, estimation.py); the CFP,
chamber taxes and versement libératoire are separate columns. Still left out: the Cipav vs SSI
split of liberal professions (rates within 0.1 point of each other since 2018) and the true
activity mix inside the mixed sectors.

The professions libérales réglementées outside the Cipav (medecin, avocat, notaire…) may not be
micro-entrepreneurs (CSS L613-7) and the URSSAF auto-entrepreneur series do not distinguish
regulated professions at all: their liberal turnover stays mapped to `services_bnc` (SSI or Cipav
rate), and NOTE_PROFESSIONS_REGLEMENTEES says so in the output.
"""

from __future__ import annotations

import numpy
import pandas

# Activity shares of each sector code (secteur_d_activite_me begins with the code).
# Ambiguous sectors, split in equal parts (no source gives the real mix):
#   AZ agriculture (sales of products / services to farms), G1 auto trade and repair,
#   G2 wholesale and trade intermediaries, KZ financial and insurance activities (intermediaries
#   BIC / advisers BNC), N2 administrative support, UZ others (three ways).
# Other choices: CZ1 industry → sales; IZ1 accommodation → sales (first category of CGI 50-0:
# "fournir le logement"; classified furnished tourist lets cannot be told apart); IZ2
# restauration → sales (food on premises); JZ IT → BNC; LZ real estate → services BIC
# (agents are traders); R1 arts, R2 sports → BNC.
V, B, N = "vente", "services_bic", "services_bnc"
REPARTITION_SECTEURS = {
    "AZ": {V: 0.5, B: 0.5}, "CZ1": {V: 1}, "CZ2": {V: 1}, "F1": {B: 1}, "F2": {B: 1}, "F3": {B: 1},
    "G1": {V: 0.5, B: 0.5}, "G2": {V: 0.5, B: 0.5}, "G3": {V: 1}, "G4": {V: 1}, "G5": {V: 1}, "G6": {V: 1},
    "HZ1": {B: 1}, "HZ2": {B: 1}, "HZ3": {B: 1}, "HZ4": {B: 1}, "IZ1": {V: 1}, "IZ2": {V: 1},
    "JZ": {N: 1}, "KZ": {B: 0.5, N: 0.5}, "LZ": {B: 1}, "M1": {N: 1}, "M2": {N: 1}, "M3": {N: 1}, "M4": {N: 1},
    "M5": {N: 1}, "N1": {B: 1}, "N2": {B: 0.5, N: 0.5}, "PZ": {N: 1}, "QZ": {N: 1}, "R1": {N: 1}, "R2": {N: 1},
    "S1": {B: 1}, "S2": {B: 1}, "S3": {B: 1}, "UZ": {V: 1 / 3, B: 1 / 3, N: 1 / 3},
}
ACTIVITES = (V, B, N)
# Sectors whose micro-entrepreneurs are artisans (registered at the répertoire des métiers: industry,
# food crafts, building, repairs, hairdressing and beauty care): their CFP and chamber tax are the
# artisans' (CMA). The micro-social rates do not depend on it. The others are commerçants, or
# libéraux when the sector has a BNC part.
SECTEURS_ARTISANAUX = ("CZ1", "CZ2", "F1", "F2", "F3", "S1", "S2")
# Before 2018, liberal micro-entrepreneurs were affiliated to the Cipav (PLNR go to the SSI for
# creations from 2018, loi n° 2017-1836 du 30 décembre 2017, LFSS 2018): the BNC turnover uses the Cipav rate before that.
PREMIERE_ANNEE_SSI_LIBERAUX = 2018
NOTE_PROFESSIONS_REGLEMENTEES = ("the URSSAF series do not distinguish the regulated professions (médecin, avocat, notaire…, "
                                 "closed to the micro regime): their liberal turnover is estimated at the BNC rate (SSI or Cipav)")


def code_secteur(secteur: str) -> str:
    return str(secteur).split(" - ", 1)[0].strip()


def repartition_secteur(secteur: str) -> dict:
    code = code_secteur(secteur)
    if code not in REPARTITION_SECTEURS:
        raise ValueError(f"unknown sector code '{code}' ({secteur}): add it to REPARTITION_SECTEURS")
    return REPARTITION_SECTEURS[code]


def parts_nationales(secteurs: pandas.DataFrame) -> pandas.DataFrame:
    """Share of each activity type in the national turnover of each quarter (from the sector file)."""
    lignes = []
    for secteur, groupe in secteurs.groupby("secteur_d_activite_me"):
        parts = repartition_secteur(secteur)
        for activite in ACTIVITES:
            lignes.append(pandas.DataFrame({"dernier_jour_du_trimestre": groupe["dernier_jour_du_trimestre"],
                                            "activite": activite, "ca": groupe["chiffres_d_affaires"] * parts.get(activite, 0)}))
    table = pandas.concat(lignes).groupby(["dernier_jour_du_trimestre", "activite"])["ca"].sum().unstack()
    return table.div(table.sum(axis=1), axis=0)


def population(aggregats: pandas.DataFrame, parts: pandas.DataFrame | None = None) -> pandas.DataFrame:
    """The weighted population of an auto-entrepreneur dataset (by sector or by département).

    For the département dataset (no sector), the activity mix of each quarter is the national
    one given by `parts` (see parts_nationales); without it, an equal split is refused.
    """
    dataset = aggregats.attrs.get("dataset", "")
    par_secteur = "secteur_d_activite_me" in aggregats.columns
    cle = "secteur_d_activite" if par_secteur else "code_departement"
    table = pandas.DataFrame({
        cle: aggregats["secteur_d_activite_me" if par_secteur else "code_departement"].astype(str).to_numpy(),
        "annee": aggregats["annee"].astype(int).to_numpy(),
        "trimestre": aggregats["trimestre"].astype(int).to_numpy(),
        "dernier_jour_du_trimestre": aggregats["dernier_jour_du_trimestre"].to_numpy(),
        "poids": aggregats["economiquement_actifs"].to_numpy(dtype=float),
        "chiffre_affaires_total": aggregats["chiffres_d_affaires"].to_numpy(dtype=float),
        "immatriculations": aggregats["immatriculations"].to_numpy(dtype=float),
        "administrativement_actifs": aggregats["administrativement_actifs"].to_numpy(dtype=float),
    })
    if par_secteur:
        table["code_secteur"] = table[cle].map(code_secteur)
    moyen = numpy.divide(table["chiffre_affaires_total"], table["poids"], out=numpy.zeros(len(table)), where=table["poids"] > 0)
    table["chiffre_affaires_moyen"] = moyen
    if par_secteur:
        repartitions = [repartition_secteur(secteur) for secteur in table[cle].unique()]
        parts_par_cle = dict(zip(table[cle].unique(), repartitions))
        for activite in ACTIVITES:
            table[f"part_{activite}"] = table[cle].map(lambda s, a=activite: parts_par_cle[s].get(a, 0.0)).astype(float)
    else:
        if parts is None:
            raise ValueError(f"{dataset or 'département dataset'}: the activity mix is unknown; give the national shares (parts_nationales)")
        jointes = parts.reindex(pandas.DatetimeIndex(table["dernier_jour_du_trimestre"]))
        if jointes.isna().any().any():
            manquant = jointes.index[jointes.isna().any(axis=1)][0]
            raise ValueError(f"no national activity shares for the quarter ending {manquant:%Y-%m-%d}")
        for activite in ACTIVITES:
            table[f"part_{activite}"] = jointes[activite].to_numpy()
    for activite in ACTIVITES:
        table[f"chiffre_affaires_{activite}"] = table["chiffre_affaires_moyen"] * table[f"part_{activite}"]
    artisan = table["code_secteur"].isin(SECTEURS_ARTISANAUX).to_numpy() if par_secteur else False
    table["categorie_independant"] = numpy.where(
        table[f"part_{N}"] > 0,
        numpy.where(table["annee"] < PREMIERE_ANNEE_SSI_LIBERAUX, "liberal_cipav", "liberal_non_reglemente"),
        numpy.where(artisan, "artisan", "commercant"),
    )
    table.attrs["cle"] = cle
    return table
