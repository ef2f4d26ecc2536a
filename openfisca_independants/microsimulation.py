"""Microsimulation over populations: a pandas DataFrame in, a DataFrame of results out.

One row per person; columns named like the contract's inputs (`categorie_independant`,
`revenu_professionnel`, `micro_entrepreneur`, `chiffre_affaires_vente`…), an optional `poids`
weight and an optional `id` (or `identifiant`) passed through; any other column is refused so
that a misspelt input is not silently ignored.

Required columns (a file without them is refused with a ValueError naming the column):
`categorie_independant`; for the classic-regime rows `revenu_professionnel` (or, from the 2025
reform, `revenu_activite_brut`); for the micro-entrepreneur rows (`micro_entrepreneur` true) at
least one `chiffre_affaires_*` turnover. Without a `micro_entrepreneur` column every row is in
the classic regime.

Every input is checked row by row before computing: a row with an unknown category, a
non-numeric, non-finite (nan, inf) or absurd amount (beyond ±BORNE_MONTANT), a negative
turnover, a bad date, an empty income (classic) or turnover (micro), an amount given for the
other regime… is reported with its row number and column, and left out of the computation;
the other rows are computed. So are the rows that the model itself refuses (EntreeInvalide or
SituationNonModelisee naming rows).

Targets: a column `objectif_revenu_net_cotisations` (with `objectif_activite` for the
micro-entrepreneurs) gives a row a target net income instead of its income; the income is
searched (objectif.chercher, all the target rows of a regime at once) and reported in the result
columns `objectif_variable` and `objectif_revenu`.

Periods: YEAR inputs are set for the year; the monthly turnovers are given as yearly amounts
(spread by the model's set_input over the months); ETERNITY inputs (category, dates,
département, ACRE) as they are. `revenu_fiscal_reference` and `nombre_parts_fiscales` are those
of the year N-2 that the versement libératoire compares (each person is their own tax
household). Monthly output variables are given month by month, one column per month
(`cotisations_micro_sociales_mensuelles_2024-01` … `_2024-12`), never summed into a year.
"""

from __future__ import annotations

import dataclasses
import logging
from functools import lru_cache

import numpy
import pandas
import pyarrow
import pyarrow.compute
from openfisca_core import periods
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import Simulation

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
from openfisca_independants.objectif import ACTIVITES, BORNE_CLASSIQUE, borne_micro, chercher
from openfisca_independants.outils import BORNE_MONTANT, DEPARTEMENTS

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
CATEGORIE = "categorie_independant"
MICRO = "micro_entrepreneur"
REVENUS = ("revenu_professionnel", "revenu_activite_brut")  # classic regime
CHIFFRES_AFFAIRES = (
    "chiffre_affaires_vente",
    "chiffre_affaires_services_bic",
    "chiffre_affaires_services_bnc",
    "chiffre_affaires_meubles_tourisme_classes",
)  # micro regime
# Inputs of the contract that the model derives when they are not given (revenu_activite_brut
# from revenu_professionnel): a row that leaves one empty is computed without it, by the formula.
ENTREES_DERIVABLES = ("revenu_activite_brut",)
VRAI = ("true", "1", "1.0", "oui", "yes", "vrai")  # Excel in French writes VRAI / FAUX
FAUX = ("false", "0", "0.0", "non", "no", "faux", "")


class ColonneManquante(ValueError):
    """The data lacks a column it needs (the category, the income or turnover of its rows)."""


class HorsLegislation(ValueError):
    """The year asked is outside the legislation of the model for these rows."""


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
    return [name for name, variable in tbs.variables.items()
            if _est_entree(name, variable) and not name.startswith("_")]


def _est_entree(nom, variable) -> bool:
    """An input: no formula, a derivable input, or a monthly turnover (its formula spreads a
    yearly input over the months of activity)."""
    return not variable.formulas or nom in ENTREES_DERIVABLES or variable.set_input is not None


def _erreur(lignes, colonne, message, decalage):
    return pandas.DataFrame({"ligne": numpy.asarray(lignes) + decalage, "colonne": colonne, "message": message})


def colonnes_requises(colonnes) -> None:
    """Raise ColonneManquante when the columns cannot describe anybody's situation."""
    colonnes = set(colonnes)
    if CATEGORIE not in colonnes:
        raise ColonneManquante(
            f"missing column '{CATEGORIE}': the category of each person (artisan, commercant, liberal_non_reglemente, liberal_cipav, medecin, avocat…)"
        )
    revenus = colonnes.intersection(REVENUS)
    if MICRO not in colonnes and not revenus:
        raise ColonneManquante(
            "missing column 'revenu_professionnel' (or 'revenu_activite_brut' from 2025): the income of the classic regime "
            "(micro-entrepreneurs need a 'micro_entrepreneur' column and their 'chiffre_affaires_*')"
        )
    if not revenus and not colonnes.intersection(CHIFFRES_AFFAIRES):
        raise ColonneManquante(
            "missing column 'revenu_professionnel' (classic regime) or 'chiffre_affaires_*' (micro-entrepreneurs): no income nor turnover"
        )


ESPACES_MILLIERS = r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)"  # a space between digits, before a group of three


def _nombres(brut: pandas.Series, decimale: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The numbers of a column (NaN where missing or unreadable) and where a '.' is ambiguous."""
    ambigus = numpy.zeros(len(brut), dtype=bool)
    if pandas.api.types.is_bool_dtype(brut.dtype):  # True is not an amount
        return numpy.full(len(brut), numpy.nan), ambigus  # reported as not a number (unless missing)
    if pandas.api.types.is_numeric_dtype(brut.dtype):
        return brut.to_numpy(dtype=float, na_value=numpy.nan), ambigus
    if decimale == ",":
        texte = brut.astype("str")
        # with decimal commas, '1.234' may mean 1 234 (thousands) or 1.234: refused, not guessed
        ambigus = texte.str.contains(".", regex=False).fillna(False).to_numpy(dtype=bool)
        # French exports separate thousands with a space (often no-break: U+00A0, U+202F): "30 000,50"
        texte = texte.str.replace(ESPACES_MILLIERS, "", regex=True)
        brut = texte.str.replace(",", ".", regex=False)
    try:  # fast path: Arrow's parser (nulls stay missing; 'nan' and 'inf' become NaN and inf)
        return pyarrow.compute.cast(pyarrow.array(brut, type=pyarrow.string(), from_pandas=True), pyarrow.float64()).to_numpy(
            zero_copy_only=False
        ), ambigus
    except (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError):
        return pandas.to_numeric(brut, errors="coerce").to_numpy(dtype=float, na_value=numpy.nan), ambigus


def _dates(brut: pandas.Series, decimale: str) -> pandas.Series:
    """ISO dates; a French export (decimal comma) may also write them JJ/MM/AAAA."""
    if decimale == "," and not pandas.api.types.is_datetime64_any_dtype(brut.dtype):
        brut = brut.astype("str").str.strip().str.replace(r"^(\d{2})/(\d{2})/(\d{4})$", r"\3-\2-\1", regex=True)
    return pandas.to_datetime(brut, errors="coerce", format="ISO8601")


def _montants(brut: pandas.Series, manquant, colonne: str, decimale: str, signaler):
    """The amounts of a column and the rows refused (reported through `signaler`): ambiguous '.',
    not a number, not finite, beyond ±BORNE_MONTANT. Refused or missing amounts are 0."""
    if pandas.api.types.is_numeric_dtype(brut.dtype) and not pandas.api.types.is_bool_dtype(brut.dtype):
        # numbers already (Parquet, pandas): nothing to parse, a NaN is a missing cell
        valeurs = brut.to_numpy(dtype=float, na_value=numpy.nan)
        non_finis = signaler(numpy.isinf(valeurs), colonne, "not a finite number (nan, inf)")
        absurdes = signaler((numpy.abs(valeurs) > BORNE_MONTANT) & ~non_finis, colonne,
                            f"absurd value, beyond ±{BORNE_MONTANT:.0e} (the model's float32 would lose the euro)")
        fautes = non_finis | absurdes
        return numpy.where(manquant | fautes, 0, valeurs), fautes
    valeurs, ambigus = _nombres(brut, decimale)
    ambigus = ambigus & ~manquant
    signaler(ambigus, colonne, "a '.' in a file whose decimal mark is ',' (thousands separator?): write 1234,5")
    non_finis = numpy.isinf(valeurs)
    illisibles = numpy.isnan(valeurs) & ~manquant & ~ambigus
    if illisibles.any():  # a written "nan" is not finite; anything else unreadable is not a number
        ecrit_nan = brut[illisibles].astype("str").str.strip().str.lower().eq("nan").to_numpy()
        non_finis[numpy.flatnonzero(illisibles)[ecrit_nan]] = True
        illisibles &= ~non_finis
    signaler(non_finis, colonne, "not a finite number (nan, inf)")
    signaler(illisibles, colonne, "not a number" + (" (write 1 234,5 or 1234,5)" if decimale == "," else " (write 1234.5)"))
    absurdes = numpy.abs(numpy.nan_to_num(valeurs, posinf=0, neginf=0)) > BORNE_MONTANT
    signaler(absurdes, colonne, f"absurd value, beyond ±{BORNE_MONTANT:.0e} (the model's float32 would lose the euro)")
    fautes = non_finis | illisibles | ambigus | absurdes
    return numpy.where(manquant | fautes, 0, valeurs), fautes


def _texte_arrow(dtype) -> bool:
    """A pandas text column held by Arrow (pandas' default strings, or ArrowDtype strings)."""
    if isinstance(dtype, pandas.StringDtype):
        return dtype.storage == "pyarrow"
    return isinstance(dtype, pandas.ArrowDtype) and (pyarrow.types.is_string(dtype.pyarrow_dtype) or pyarrow.types.is_large_string(dtype.pyarrow_dtype))


def _booleens(brut: pandas.Series) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Where a column reads true, and where false (an empty cell is false)."""
    if pandas.api.types.is_bool_dtype(brut.dtype):  # already booleans: no text to read
        manquant = brut.isna().to_numpy(dtype=bool)
        valeurs = brut.to_numpy(dtype=bool, na_value=False)
        return valeurs & ~manquant, ~valeurs & ~manquant
    if _texte_arrow(brut.dtype):  # text held by Arrow (a CSV column): lower-cased, trimmed, looked up at once
        texte = pyarrow.compute.utf8_trim_whitespace(pyarrow.compute.utf8_lower(pyarrow.array(brut, from_pandas=True)))
        texte = texte.cast(pyarrow.string())
        vrai, faux = (pyarrow.compute.is_in(texte, value_set=pyarrow.array(mots)).fill_null(False).to_numpy(zero_copy_only=False)
                      for mots in (VRAI, FAUX))
        return vrai, faux
    texte = brut.astype("str").str.lower()
    if not pandas.api.types.is_bool_dtype(brut.dtype):
        texte = texte.str.strip()
    return texte.isin(VRAI).to_numpy(dtype=bool), texte.isin(FAUX).to_numpy(dtype=bool)


def _codes(brut: pandas.Series, noms: list[str]) -> numpy.ndarray:
    """The position in `noms` of each value written exactly as one of them, -1 otherwise (or missing)."""
    if _texte_arrow(brut.dtype) or (isinstance(brut.dtype, pandas.CategoricalDtype)
                                    and pandas.api.types.is_string_dtype(brut.dtype.categories.dtype)):
        valeurs = pyarrow.array(brut, from_pandas=True)  # text, or a dictionary (a Parquet categorical)
        ensemble = pyarrow.array(noms)
        if pyarrow.types.is_dictionary(valeurs.type):
            codes = pyarrow.compute.take(pyarrow.compute.index_in(valeurs.dictionary.cast(pyarrow.string()), value_set=ensemble),
                                         valeurs.indices)
        else:
            codes = pyarrow.compute.index_in(valeurs.cast(pyarrow.string()), value_set=ensemble)
        return codes.fill_null(-1).to_numpy(zero_copy_only=False).astype(numpy.int64)
    return pandas.Categorical(brut.where(brut.isin(noms)), categories=noms).codes


def _reforme_en_vigueur(tbs, annee) -> bool | None:
    try:
        return bool(tbs.parameters(f"{annee}-01-01").reforme_assiette.en_vigueur)
    except (ParameterNotFoundError, AttributeError):
        return None  # outside the legislation: the computation says so


def valider(donnees: pandas.DataFrame, tbs=None, premiere_ligne: int = 0, annee: int | None = None,
            decimale: str = ".") -> tuple[dict, pandas.DataFrame]:
    """Typed input arrays and the errors found, by row (numbered from `premiere_ligne`) and column.

    `decimale`: the decimal mark of amounts given as text ("," for a French export, which may
    also give dates as JJ/MM/AAAA). `annee`, when given, checks the inputs that depend on the
    year (`revenu_activite_brut` before the 2025 reform).
    """
    tbs = tbs or systeme()
    for colonne in donnees.columns:  # a misspelt column first: it may be the missing one
        if colonne == POIDS or colonne in IDENTIFIANTS:
            continue
        variable = tbs.variables.get(colonne)
        if variable is None:
            raise ValueError(f"unknown column '{colonne}': not an input of the model (see colonnes_entrees())")
        if not _est_entree(colonne, variable):
            raise ValueError(f"column '{colonne}' is computed by the model, not an input")
    colonnes_requises(donnees.columns)
    entrees, erreurs = {}, []
    invalide = numpy.zeros(len(donnees), dtype=bool)
    manquants = {}

    def signaler(fautes, colonne, message):
        if fautes.any():
            erreurs.append(_erreur(numpy.flatnonzero(fautes), colonne, message, premiere_ligne))
        return fautes

    for colonne in donnees.columns:
        if colonne == POIDS or colonne in IDENTIFIANTS:
            continue
        variable = tbs.variables[colonne]
        brut = donnees[colonne]
        manquant = brut.isna().to_numpy(dtype=bool)
        manquants[colonne] = manquant
        if variable.value_type in (float, int):
            valeurs, fautes = _montants(brut, manquant, colonne, decimale, signaler)
            if variable.value_type is int:
                fautes |= signaler(numpy.isfinite(valeurs) & (valeurs != numpy.round(valeurs)), colonne, "expects a whole number")
            if colonne in NON_NEGATIFS:
                fautes |= signaler(valeurs < 0, colonne, "must not be negative")
            valeurs = numpy.where(manquant | fautes, variable.default_value, valeurs)
        elif variable.value_type is bool:
            vrai, faux = _booleens(brut)
            fautes = signaler(~(vrai | faux | manquant), colonne, "expects true or false")
            valeurs = numpy.where(manquant, bool(variable.default_value), vrai)  # an empty cell: the input's default
        elif variable.value_type is Enum:
            noms = [item.name for item in variable.possible_values]
            codes = _codes(brut, noms)  # -1: unknown or missing
            fautes = signaler((codes < 0) & ~manquant, colonne, f"unknown value; expected one of {noms}")
            valeurs = numpy.where(codes < 0, variable.default_value.index, codes).astype(numpy.int16)
        elif variable.value_type.__name__ == "date":
            dates = _dates(brut, decimale)
            fautes = signaler(dates.isna().to_numpy() & ~manquant, colonne,
                              "not a date (YYYY-MM-DD)" + (" or JJ/MM/AAAA" if decimale == "," else ""))
            valeurs = numpy.where(fautes | manquant, numpy.datetime64(variable.default_value), dates.to_numpy(dtype="datetime64[D]"))
        else:  # str: the only one is the département code
            texte = brut.astype(str).str.strip().to_numpy(dtype=str)
            fautes = signaler(~numpy.isin(texte, DEPARTEMENTS) & ~manquant, colonne,
                              "not an INSEE département code ('75', '2A', '974'…)")
            valeurs = numpy.where(fautes | manquant, variable.default_value, texte)
        invalide |= fautes
        entrees[colonne] = valeurs
    if CATEGORIE in manquants:  # the default category would be a guess
        invalide |= signaler(manquants[CATEGORIE], CATEGORIE, "missing")
    invalide |= _controler_regimes(donnees, entrees, manquants, signaler, tbs, annee, premiere_ligne)
    erreurs = pandas.concat(erreurs, ignore_index=True) if erreurs else pandas.DataFrame({"ligne": [], "colonne": [], "message": []})
    erreurs["ligne"] = erreurs["ligne"].astype(int)
    derivables = {colonne: manquants[colonne] for colonne in ENTREES_DERIVABLES if colonne in manquants}
    return {"entrees": entrees, "invalide": invalide, "derivables": derivables}, erreurs.sort_values(["ligne", "colonne"], ignore_index=True)


def _controler_regimes(donnees, entrees, manquants, signaler, tbs, annee, premiere_ligne) -> numpy.ndarray:
    """Each row gives the income of its regime, and no amount of the other regime (which the model would ignore)."""
    n = len(donnees)
    micro = entrees.get(MICRO, numpy.zeros(n, dtype=bool))
    revenus = [colonne for colonne in REVENUS if colonne in entrees]
    chiffres = [colonne for colonne in CHIFFRES_AFFAIRES if colonne in entrees]
    invalide = numpy.zeros(n, dtype=bool)
    if not revenus and (~micro).any():
        ligne = int(numpy.flatnonzero(~micro)[0]) + premiere_ligne
        raise ColonneManquante(
            f"missing column 'revenu_professionnel' (or 'revenu_activite_brut' from 2025): row {ligne} is in the classic regime"
        )
    if not chiffres and micro.any():
        ligne = int(numpy.flatnonzero(micro)[0]) + premiere_ligne
        raise ColonneManquante(f"missing column 'chiffre_affaires_vente' (or another 'chiffre_affaires_*'): row {ligne} is a micro-entrepreneur")
    if revenus:
        absents = numpy.logical_and.reduce([manquants[colonne] for colonne in revenus]) & ~micro
        invalide |= signaler(absents, revenus[0], "missing (classic regime)")
    if chiffres:
        absents = numpy.logical_and.reduce([manquants[colonne] for colonne in chiffres]) & micro
        invalide |= signaler(absents, chiffres[0] if len(chiffres) == 1 else "chiffre_affaires_*", "missing (micro regime: no turnover given)")
    for colonne in revenus:
        invalide |= signaler(micro & ~manquants[colonne] & (entrees[colonne] != 0), colonne,
                             "given for a micro-entrepreneur, whose contributions are computed on the turnover: leave it empty")
    for colonne in chiffres:
        invalide |= signaler(~micro & ~manquants[colonne] & (entrees[colonne] != 0), colonne,
                             "a turnover given for a classic-regime row (micro_entrepreneur false): leave it empty")
    if "revenu_activite_brut" in entrees and annee is not None and _reforme_en_vigueur(tbs, annee) is False:
        invalide |= signaler(~micro & ~manquants["revenu_activite_brut"], "revenu_activite_brut",
                             f"the base of the 2025 reform, not in force in {annee}: give revenu_professionnel")
    return invalide


def colonnes_resultats(variables, annee: int, tbs=None) -> list[tuple[str, str, str]]:
    """(column, variable, period) of each result: a monthly variable gets one column per month."""
    tbs = tbs or systeme()
    colonnes = []
    for nom in variables:
        if nom not in tbs.variables:
            raise ValueError(f"unknown variable '{nom}'")
        variable = tbs.variables[nom]
        if variable.entity.key != "individu":  # one row = one person; the household's inputs are those of N-2
            raise ValueError(f"variable '{nom}' belongs to the {variable.entity.key}, not to the person: not a per-row result")
        if variable.definition_period == periods.DateUnit.MONTH:
            for mois in periods.period(str(annee)).get_subperiods(periods.DateUnit.MONTH):
                colonnes.append((f"{nom}_{mois}", nom, str(mois)))
        elif variable.definition_period in (periods.DateUnit.YEAR, periods.DateUnit.ETERNITY):
            colonnes.append((nom, nom, str(annee)))
        else:
            raise ValueError(f"variable '{nom}' is defined per {variable.definition_period}: not available in a yearly run")
    return colonnes


def _simulation_vide(tbs, n: int) -> Simulation:
    """`SimulationBuilder.build_default_simulation` (one person per group entity, the first role), the ids
    made by numpy (the builder's `numpy.array(range(n))` iterates in Python: a tenth of a batch's time)."""
    populations = tbs.instantiate_entities()
    simulation = Simulation(tbs, populations)
    for population in populations.values():
        population.count = n
        population.ids = numpy.arange(n)
        if hasattr(population, "members_entity_id"):
            population.members_entity_id = numpy.arange(n)
    return simulation


def _simulation(tbs, entrees: dict, annee: int, n: int):
    simulation = _simulation_vide(tbs, n)
    # the household's RFR and parts are those of the year the law reads (N-2, CGI art. 151-0): a parameter
    decalage_foyer = tbs.get_parameters_at_instant(f"{annee}-01-01").micro_entrepreneur.versement_liberatoire.anciennete_rfr
    for colonne, valeurs in entrees.items():
        variable = tbs.variables[colonne]
        if variable.entity.key == "foyer_fiscal":
            simulation.set_input(colonne, str(annee - decalage_foyer), valeurs)
        elif variable.definition_period == "eternity":
            simulation.set_input(colonne, "ETERNITY", valeurs)
        else:
            simulation.set_input(colonne, str(annee), valeurs)  # MONTH variables: divided over the months
    return simulation


OBJECTIF = "objectif_revenu_net_cotisations"  # a target net income: the row's income is searched
OBJECTIF_ACTIVITE = "objectif_activite"  # micro-entrepreneurs: the activity whose turnover is searched
OBJECTIF_SORTIES = ("objectif_variable", "objectif_revenu")  # the input searched, and the amount found


@dataclasses.dataclass
class Objectifs:
    """The rows given a target: the input searched (empty without a target), the target, the amount found."""

    variable: numpy.ndarray
    cible: numpy.ndarray
    revenu: numpy.ndarray


def _objectifs(donnees: pandas.DataFrame, annee: int, tbs, decimale: str, premiere_ligne: int):
    """The targets of a file (`objectif_revenu_net_cotisations`, and `objectif_activite` for the
    micro-entrepreneurs) taken out of its columns, with the rows refused: a target and the income
    it searches both given, a micro-entrepreneur's target without its activity, an activity
    without a target. The income searched gets a placeholder 0 so that the row reads as complete;
    `_atteindre` replaces it. Returns (donnees, Objectifs or None, errors, invalid rows)."""
    n = len(donnees)
    erreurs, invalide = [], numpy.zeros(n, dtype=bool)
    if OBJECTIF not in donnees.columns:
        if OBJECTIF_ACTIVITE in donnees.columns:
            raise ValueError(f"column '{OBJECTIF_ACTIVITE}' without a column '{OBJECTIF}': no target to reach")
        return donnees, None, erreurs, invalide

    def signaler(fautes, colonne, message):
        if fautes.any():
            erreurs.append(_erreur(numpy.flatnonzero(fautes), colonne, message, premiere_ligne))
        return fautes

    donnees = donnees.copy()
    brut = donnees.pop(OBJECTIF)
    activites = donnees.pop(OBJECTIF_ACTIVITE) if OBJECTIF_ACTIVITE in donnees.columns else pandas.Series([None] * n, index=donnees.index)
    manquant = brut.isna().to_numpy(dtype=bool)
    cible, fautes = _montants(brut, manquant, OBJECTIF, decimale, signaler)
    invalide |= fautes
    avec = ~manquant
    micro = _booleens(donnees[MICRO])[0] if MICRO in donnees.columns else numpy.zeros(n, dtype=bool)
    activite = activites.astype("str").str.strip().to_numpy(dtype=object)
    connue = numpy.isin(activite, ACTIVITES)
    donnee = ~activites.isna().to_numpy(dtype=bool)
    invalide |= signaler(donnee & ~avec, OBJECTIF_ACTIVITE, f"an activity without a target in '{OBJECTIF}'")
    invalide |= signaler(donnee & avec & ~micro, OBJECTIF_ACTIVITE,
                         "given for a classic-regime row, whose income is searched: leave it empty")
    invalide |= signaler(avec & micro & ~connue, OBJECTIF_ACTIVITE,
                         f"missing or unknown: the activity whose turnover is searched, one of {', '.join(ACTIVITES)}")
    revenu = "revenu_activite_brut" if _reforme_en_vigueur(tbs, annee) else "revenu_professionnel"
    variable = numpy.where(micro, "chiffre_affaires_" + activite.astype(str), revenu).astype(object)
    variable[~avec | (micro & ~connue)] = ""
    for colonne in numpy.unique(variable[variable != ""]):
        lignes = variable == colonne
        contradictoires = [c for c in (REVENUS if colonne in REVENUS else (colonne,)) if c in donnees.columns]
        for autre in contradictoires:
            invalide |= signaler(lignes & ~donnees[autre].isna().to_numpy(dtype=bool), OBJECTIF,
                                 f"a target and an income in '{autre}': give one of them (the target's income is searched)")
        remplacer = lignes & (donnees[colonne].isna().to_numpy(dtype=bool) if colonne in donnees.columns else True)
        if colonne in donnees.columns:
            zero = 0 if pandas.api.types.is_numeric_dtype(donnees[colonne].dtype) else "0"
            donnees[colonne] = donnees[colonne].mask(remplacer, zero)
        else:
            donnees[colonne] = numpy.where(remplacer, 0.0, numpy.nan)
    return donnees, Objectifs(variable, cible, numpy.full(n, numpy.nan)), erreurs, invalide


def _atteindre(tbs, entrees: dict, valides: numpy.ndarray, annee: int, objectifs: Objectifs):
    """The inputs with each target row's income searched (objectif.chercher) in place of its
    placeholder, and the rows whose target is out of reach (positions in `valides`, error class,
    messages). A rule refusing some rows during the search raises with their positions in `valides`."""
    entrees, refus = dict(entrees), []
    periode = str(annee)
    for colonne in numpy.unique(objectifs.variable[valides][objectifs.variable[valides] != ""]):
        rangs = numpy.flatnonzero(objectifs.variable[valides] == colonne)  # positions in valides
        lignes = valides[rangs]
        groupe = {nom: valeurs[lignes] for nom, valeurs in entrees.items()}

        def net_de(valeurs, sous_rangs, groupe=groupe, colonne=colonne, rangs=rangs):
            sous_groupe = {nom: v[sous_rangs] for nom, v in groupe.items()}
            sous_groupe[colonne] = valeurs
            try:
                return _simulation(tbs, sous_groupe, annee, len(sous_rangs)).calculate("revenu_net_cotisations", periode).astype(float)
            except (EntreeInvalide, SituationNonModelisee) as erreur:
                if erreur.lignes:
                    erreur.lignes = [int(rangs[sous_rangs[i]]) for i in erreur.lignes]
                raise

        net_de.par_lignes = True
        if colonne in REVENUS:
            borne = numpy.full(len(lignes), BORNE_CLASSIQUE)
        else:
            activite = colonne.removeprefix("chiffre_affaires_")
            borne = borne_micro(tbs, annee, activite, {a: groupe[f"chiffre_affaires_{a}"] for a in ACTIVITES
                                                         if f"chiffre_affaires_{a}" in groupe})
        x, refus_groupe = chercher(net_de, objectifs.cible[lignes], borne)
        refus += [(rangs[r.lignes], r.erreur, r.messages) for r in refus_groupe]
        entrees[colonne] = entrees[colonne].astype(float, copy=True)
        entrees[colonne][lignes] = x
        objectifs.revenu[lignes] = x
    return entrees, refus


COUVERTURE = "the model covers 2019 to 2026, micro-entrepreneurs 2009 to 2026"
HORS_LEGISLATION = "no legislation in this model for"  # how the rows outside the legislation are reported


def refuser_si_hors_legislation(erreurs: pandas.DataFrame, lignes: int, annee: int) -> None:
    """Raise HorsLegislation when no row of a file of `lignes` rows was computed and some were outside
    the legislation of `annee` (`erreurs`: the file's errors, from chunks computed with
    hors_legislation_par_ligne): the year, not the rows, is what the user must change."""
    if not len(erreurs) or erreurs["ligne"].nunique() < lignes:
        return
    if erreurs["message"].astype(str).str.startswith(HORS_LEGISLATION).any():
        raise HorsLegislation(f"no legislation in this model for {annee} ({COUVERTURE})")


def calculer(donnees: pandas.DataFrame, annee: int, variables=VARIABLES_PAR_DEFAUT, tbs=None, premiere_ligne: int = 0,
             decimale: str = ".", hors_legislation_par_ligne: bool = False) -> Resultat:
    """Compute `variables` for `annee` on each valid row of `donnees`.

    Invalid rows are reported in `Resultat.erreurs` (row numbered from `premiere_ligne`, column,
    message) and get NaN results; the others are computed. A monthly variable gives one column
    per month (`nom_2024-01`…). Raises ColonneManquante (a required column is missing),
    HorsLegislation (the year is outside the legislation for every valid row) or ValueError (an
    unknown column or variable). `decimale`: see `valider`. `hors_legislation_par_ligne`: report
    those rows instead of raising (a chunk of a file: the other chunks may be computable, see
    `refuser_si_hors_legislation`).
    """
    tbs = tbs or systeme()
    donnees = donnees.reset_index(drop=True)
    colonnes = colonnes_resultats(variables, annee, tbs)
    donnees, objectifs, erreurs_objectifs, invalide_objectifs = _objectifs(donnees, annee, tbs, decimale, premiere_ligne)
    controle, erreurs = valider(donnees, tbs, premiere_ligne, annee=annee, decimale=decimale)
    controle["invalide"] |= invalide_objectifs
    erreurs = pandas.concat([erreurs, *erreurs_objectifs], ignore_index=True)
    resultats = {colonne: numpy.full(len(donnees), numpy.nan, dtype=float if tbs.variables[nom].value_type in (float, int, bool) else object)
                 for colonne, nom, _ in colonnes}
    # rows leaving a derivable input empty are computed apart, without it (the formula derives it)
    cles = numpy.zeros(len(donnees), dtype=numpy.int64)
    for rang, manquant in enumerate(controle["derivables"].values()):
        cles |= manquant.astype(numpy.int64) << rang
    # each regime apart too: a year outside one regime's legislation leaves the other's rows computable
    micro = numpy.asarray(controle["entrees"].get("micro_entrepreneur", numpy.zeros(len(donnees), dtype=bool)), dtype=bool)
    cles = (cles << 1) | micro
    hors_legislation = []  # (rows, message) of the groups whose year is outside the legislation
    calculees = numpy.zeros(len(donnees), dtype=bool)
    for cle in numpy.unique(cles[~controle["invalide"]]):
        valides = numpy.flatnonzero(~controle["invalide"] & (cles == cle))
        entrees = {colonne: valeurs for colonne, valeurs in controle["entrees"].items()
                   if not (colonne in controle["derivables"] and controle["derivables"][colonne][valides[0]])}
        while True:  # rows refused by a rule (EntreeInvalide, SituationNonModelisee with rows) are reported, the others computed
            try:
                if objectifs is not None:
                    atteintes, refus = _atteindre(tbs, entrees, valides, annee, objectifs)
                    for rangs, _, messages in refus:
                        erreurs = pandas.concat([erreurs, pandas.DataFrame(
                            {"ligne": valides[rangs] + premiere_ligne, "colonne": OBJECTIF, "message": messages})], ignore_index=True)
                    if refus:
                        valides = numpy.setdiff1d(valides, numpy.concatenate([valides[rangs] for rangs, _, _ in refus]))
                    calcules = _calculer_lignes(tbs, atteintes, valides, annee, colonnes)
                else:
                    calcules = _calculer_lignes(tbs, entrees, valides, annee, colonnes)
                break
            except (SituationNonModelisee, EntreeInvalide) as erreur:
                if not erreur.lignes:
                    raise
                refusees = valides[erreur.lignes]
                erreurs = pandas.concat([erreurs, _erreur(refusees, erreur.variable, erreur.message, premiere_ligne)], ignore_index=True)
                valides = numpy.setdiff1d(valides, refusees)
            except ParameterNotFoundError as erreur:
                regime = "micro-entrepreneurs" if cle & 1 else "classic regime"
                hors_legislation.append((valides, f"{HORS_LEGISLATION} {annee} for the {regime} (parameter "
                                                  f"'{erreur.name}' has no value on {erreur.instant_str}; {COUVERTURE})"))
                valides, calcules = valides[:0], {}
                break
        calculees[valides] = True
        for colonne in resultats:
            if valides.size:
                resultats[colonne][valides] = calcules[colonne]
    if (hors_legislation and not hors_legislation_par_ligne
            and sum(len(lignes) for lignes, _ in hors_legislation) == (~controle["invalide"]).sum()):
        raise HorsLegislation(f"no legislation in this model for {annee} ({COUVERTURE})")  # no row computable: a usage error
    for lignes, message in hors_legislation:
        erreurs = pandas.concat([erreurs, _erreur(lignes, "micro_entrepreneur", message, premiere_ligne)], ignore_index=True)
    resultats = pandas.DataFrame(resultats, index=donnees.index)
    if objectifs is not None:  # the input searched and the amount found, on the rows computed
        trouve = calculees & (objectifs.variable != "")
        resultats[OBJECTIF_SORTIES[0]] = pandas.Series(numpy.where(trouve, objectifs.variable, None), index=donnees.index, dtype=object)
        resultats[OBJECTIF_SORTIES[1]] = numpy.where(trouve, objectifs.revenu, numpy.nan)
    erreurs = erreurs.sort_values(["ligne", "colonne"], ignore_index=True)
    return Resultat(resultats, erreurs)


def _calculer_lignes(tbs, entrees: dict, valides: numpy.ndarray, annee: int, colonnes) -> dict:
    if not valides.size:
        return {}
    simulation = _simulation(tbs, {colonne: valeurs[valides] for colonne, valeurs in entrees.items()}, annee, valides.size)
    calcules = {}
    for colonne, nom, periode in colonnes:
        valeurs = simulation.calculate(nom, periode)
        calcules[colonne] = valeurs.decode_to_str() if tbs.variables[nom].value_type is Enum else valeurs
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
