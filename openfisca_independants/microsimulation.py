"""Microsimulation over populations: a pandas DataFrame in, a DataFrame of results out.

One row per person; columns named like the contract's inputs (`categorie_independant`,
`revenu_professionnel`, `micro_entrepreneur`, `chiffre_affaires_vente`…), an optional `poids`
weight and an optional `id` (or `identifiant`) passed through; any other column is refused so
that a misspelt input is not silently ignored. Every input is checked row by row before computing: a row with an unknown category,
a non-numeric or negative amount, a bad date… is reported with its row number and column,
and left out of the computation; the other rows are computed.

Periods: YEAR inputs are set for the year; the monthly turnovers are given as yearly amounts
(spread evenly over the months); ETERNITY inputs (category, dates, département, ACRE) as they
are. `revenu_fiscal_reference` and `nombre_parts_fiscales` are those of the year N-2 that the
versement libératoire compares (each person is their own tax household).
"""

from __future__ import annotations

import dataclasses
import logging
from functools import lru_cache

import numpy
import pandas
from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
from openfisca_independants.outils import DEPARTEMENTS

POIDS = "poids"
IDENTIFIANTS = ("id", "identifiant")  # passed through untouched
VARIABLES_PAR_DEFAUT = ("total_cotisations_contributions",)
# Inputs whose law excludes negative values (a deficit is legal for revenu_professionnel).
NON_NEGATIFS = (
    "chiffre_affaires_vente",
    "chiffre_affaires_services_bic",
    "chiffre_affaires_services_bnc",
    "chiffre_affaires_meubles_tourisme_classes",
    "revenu_fiscal_reference",
    "nombre_parts_fiscales",
    "mois_pension_invalidite",
)
DECALAGE_FOYER = 2  # RFR and parts of the year N-2 (CGI art. 151-0), see the module docstring


def reformes() -> dict:
    """The reforms that can be named on the command line."""
    from openfisca_independants.reforms.sans_reforme_assiette import sans_reforme_assiette

    return {"sans_reforme_assiette": sans_reforme_assiette}


@lru_cache(maxsize=4)
def systeme(reforme: str | None = None):
    """The tax-benefit system (optionally with a named reform), loaded once per process."""
    from openfisca_independants import CountryTaxBenefitSystem

    logging.getLogger("openfisca_core").setLevel(logging.ERROR)
    tbs = CountryTaxBenefitSystem()
    if reforme is None:
        return tbs
    if reforme not in reformes():
        raise ValueError(f"unknown reform '{reforme}' (known: {', '.join(reformes())})")
    return reformes()[reforme](tbs)


@dataclasses.dataclass
class Resultat:
    """Results (one row per input row; invalid rows are NaN) and the errors (row, column, message)."""

    resultats: pandas.DataFrame
    erreurs: pandas.DataFrame

    @property
    def lignes_invalides(self) -> numpy.ndarray:
        return numpy.unique(self.erreurs["ligne"].to_numpy()) if len(self.erreurs) else numpy.array([], dtype=int)


def colonnes_entrees(tbs=None) -> list[str]:
    """The input columns this API understands."""
    tbs = tbs or systeme()
    return [name for name, variable in tbs.variables.items() if not variable.formulas and not name.startswith("_")]


def _erreur(lignes, colonne, message, decalage):
    return pandas.DataFrame({"ligne": numpy.asarray(lignes) + decalage, "colonne": colonne, "message": message})


def valider(donnees: pandas.DataFrame, tbs=None, premiere_ligne: int = 0) -> tuple[dict, pandas.DataFrame]:
    """Typed input arrays and the errors found, by row (numbered from `premiere_ligne`) and column."""
    tbs = tbs or systeme()
    entrees, erreurs = {}, []
    invalide = numpy.zeros(len(donnees), dtype=bool)
    for colonne in donnees.columns:
        if colonne == POIDS or colonne in IDENTIFIANTS:
            continue
        variable = tbs.variables.get(colonne)
        if variable is None:
            raise ValueError(f"unknown column '{colonne}': not an input of the model (see colonnes_entrees())")
        if variable.formulas and variable.set_input is None:  # the turnovers: formula = spread of a yearly input
            raise ValueError(f"column '{colonne}' is computed by the model, not an input")
        brut = donnees[colonne]
        manquant = brut.isna().to_numpy()
        if variable.value_type in (float, int):
            valeurs = pandas.to_numeric(brut, errors="coerce").to_numpy(dtype=float)
            fautes = (numpy.isnan(valeurs) & ~manquant) | (numpy.isinf(valeurs))
            if fautes.any():
                erreurs.append(_erreur(numpy.flatnonzero(fautes), colonne, "not a finite number", premiere_ligne))
            if colonne in NON_NEGATIFS:
                negatifs = valeurs < 0
                if negatifs.any():
                    erreurs.append(_erreur(numpy.flatnonzero(negatifs), colonne, "must not be negative", premiere_ligne))
                fautes = fautes | negatifs
            valeurs = numpy.where(manquant, variable.default_value, valeurs)
        elif variable.value_type is bool:
            texte = brut.astype(str).str.strip().str.lower()
            vrai = texte.isin(["true", "1", "1.0", "oui", "yes"]).to_numpy()
            faux = texte.isin(["false", "0", "0.0", "non", "no", ""]).to_numpy()
            fautes = ~(vrai | faux | manquant)
            if fautes.any():
                erreurs.append(_erreur(numpy.flatnonzero(fautes), colonne, "expects true or false", premiere_ligne))
            valeurs = vrai
        elif variable.value_type is Enum:
            noms = [item.name for item in variable.possible_values]
            codes = pandas.Categorical(brut.where(brut.isin(noms)), categories=noms).codes  # -1: unknown or missing
            fautes = (codes < 0) & ~manquant
            if fautes.any():
                erreurs.append(_erreur(numpy.flatnonzero(fautes), colonne, f"unknown value; expected one of {noms}", premiere_ligne))
            valeurs = numpy.where(codes < 0, variable.default_value.index, codes).astype(numpy.int16)
        elif variable.value_type.__name__ == "date":
            dates = pandas.to_datetime(brut, errors="coerce", format="ISO8601")
            fautes = dates.isna().to_numpy() & ~manquant
            if fautes.any():
                erreurs.append(_erreur(numpy.flatnonzero(fautes), colonne, "not a date (YYYY-MM-DD)", premiere_ligne))
            valeurs = numpy.where(fautes | manquant, numpy.datetime64(variable.default_value), dates.to_numpy(dtype="datetime64[D]"))
        else:  # str: the only one is the département code
            texte = brut.astype(str).str.strip().to_numpy(dtype=str)
            fautes = ~numpy.isin(texte, DEPARTEMENTS) & ~manquant
            if fautes.any():
                erreurs.append(_erreur(numpy.flatnonzero(fautes), colonne, "not an INSEE département code ('75', '2A', '974'…)", premiere_ligne))
            valeurs = numpy.where(fautes | manquant, variable.default_value, texte)
        invalide |= fautes
        entrees[colonne] = valeurs
    if "revenu_professionnel" in donnees.columns:
        # an empty income of a classic-regime row would silently become 0: report it
        micro = entrees.get("micro_entrepreneur", numpy.zeros(len(donnees), dtype=bool))
        absents = donnees["revenu_professionnel"].isna().to_numpy() & ~micro
        if absents.any():
            erreurs.append(_erreur(numpy.flatnonzero(absents), "revenu_professionnel", "missing (classic regime)", premiere_ligne))
            invalide |= absents
    erreurs = pandas.concat(erreurs, ignore_index=True) if erreurs else pandas.DataFrame({"ligne": [], "colonne": [], "message": []})
    erreurs["ligne"] = erreurs["ligne"].astype(int)
    return {"entrees": entrees, "invalide": invalide}, erreurs.sort_values(["ligne", "colonne"], ignore_index=True)


def _simulation(tbs, entrees: dict, annee: int, n: int):
    simulation = SimulationBuilder().build_default_simulation(tbs, n)
    for colonne, valeurs in entrees.items():
        variable = tbs.variables[colonne]
        if variable.entity.key == "foyer_fiscal":
            simulation.set_input(colonne, str(annee - DECALAGE_FOYER), valeurs)
        elif variable.definition_period == "eternity":
            simulation.set_input(colonne, "ETERNITY", valeurs)
        else:
            simulation.set_input(colonne, str(annee), valeurs)  # MONTH variables: divided over the months
    return simulation


def calculer(donnees: pandas.DataFrame, annee: int, variables=VARIABLES_PAR_DEFAUT, tbs=None, premiere_ligne: int = 0) -> Resultat:
    """Compute `variables` (yearly) for `annee` on each valid row of `donnees`.

    Invalid rows are reported in `Resultat.erreurs` (row numbered from `premiere_ligne`, column,
    message) and get NaN results; the others are computed. Monthly variables are summed over the year.
    """
    tbs = tbs or systeme()
    donnees = donnees.reset_index(drop=True)
    controle, erreurs = valider(donnees, tbs, premiere_ligne)
    valides = numpy.flatnonzero(~controle["invalide"])
    for nom in variables:
        if nom not in tbs.variables:
            raise ValueError(f"unknown variable '{nom}'")
    while True:  # rows refused by a rule (SituationNonModelisee or EntreeInvalide, with rows) are reported, the others computed
        try:
            calcules = _calculer_lignes(tbs, controle["entrees"], valides, annee, variables)
            break
        except (SituationNonModelisee, EntreeInvalide) as erreur:  # a rule refused some rows' inputs
            if not erreur.lignes:
                raise
            refusees = valides[erreur.lignes]
            erreurs = pandas.concat([erreurs, _erreur(refusees, erreur.variable, erreur.message, premiere_ligne)], ignore_index=True)
            valides = numpy.setdiff1d(valides, refusees)
    resultats = pandas.DataFrame(index=donnees.index)
    for nom in variables:
        variable = tbs.variables[nom]
        colonne = numpy.full(len(donnees), numpy.nan, dtype=object if variable.value_type in (Enum, str) else float)
        if valides.size:
            colonne[valides] = calcules[nom]
        resultats[nom] = colonne
    erreurs = erreurs.sort_values(["ligne", "colonne"], ignore_index=True)
    return Resultat(resultats, erreurs)


def _calculer_lignes(tbs, entrees: dict, valides: numpy.ndarray, annee: int, variables) -> dict:
    if not valides.size:
        return {}
    simulation = _simulation(tbs, {colonne: valeurs[valides] for colonne, valeurs in entrees.items()}, annee, valides.size)
    calcules = {}
    for nom in variables:
        variable = tbs.variables[nom]
        valeurs = simulation.calculate_add(nom, str(annee)) if variable.definition_period == "month" else simulation.calculate(nom, str(annee))
        calcules[nom] = valeurs.decode_to_str() if variable.value_type is Enum else valeurs
    return calcules


def agreger(donnees: pandas.DataFrame, resultats: pandas.DataFrame, par=None, poids: str = POIDS) -> pandas.DataFrame:
    """Weighted totals of the results (and the weighted count of persons), grouped by input columns.

    `par`: a column name or a list of them (None: one total line). Rows whose results are NaN
    (invalid rows) are left out. Weight: the `poids` column if present, else 1 per row.
    """
    w = donnees[poids].to_numpy(dtype=float) if poids in donnees.columns else numpy.ones(len(donnees))
    numeriques = resultats.select_dtypes("number")
    valide = numeriques.notna().all(axis=1).to_numpy()
    table = numeriques.mul(w, axis=0)
    table["effectif"] = w
    table = table[valide]
    if par is None:
        return table.sum().to_frame().T
    cles = [par] if isinstance(par, str) else list(par)
    return table.join(donnees.loc[valide, cles]).groupby(cles, observed=True).sum()
