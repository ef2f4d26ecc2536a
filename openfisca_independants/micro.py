"""Helpers of the micro-social regime, shared by the variables of variables/micro_entrepreneur/."""

import numpy
from openfisca_core.errors import PeriodMismatchError
from openfisca_core.holders import set_input_divide_by_period
from openfisca_core.periods import DateUnit

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
from openfisca_independants.regles.base import NOUVELLES_PROFESSIONS, categorie_dans, refuser


ACTIVITES = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")
TOLERANCE_ARRONDI = 1e-6  # float noise tolerated before rounding up (e.g. 0.123 × 2/3)


def refuser_professions_hors_micro(individu, period):
    """CSS L613-7: the micro-social regime is open to the SSI and Cipav contributors only; the other
    professions libérales réglementées are refused, in one line naming the category."""
    annee = period.this_year
    interdits = individu("micro_entrepreneur", annee) & categorie_dans(individu, annee, NOUVELLES_PROFESSIONS)
    refuser(individu, annee, interdits, "the micro-social regime (micro_entrepreneur)",
            "CSS art. L613-7 opens it to the SSI and Cipav contributors only.", variable="micro_entrepreneur")


def chiffre_affaires(individu, period, activite):
    """Turnover of the month for one activity, checked: negative or non-finite is an input error."""
    refuser_professions_hors_micro(individu, period)
    nom = f"chiffre_affaires_{activite}"
    valeurs = individu(nom, period)
    fautifs = numpy.flatnonzero(~numpy.isfinite(valeurs) | (valeurs < 0))
    if fautifs.size:
        raise EntreeInvalide(nom, fautifs, f"'{nom}' must be a non-negative amount (turnover of {period})")
    return valeurs


def exiger_taux(taux, assiette, variable, period):
    """Refuse to compute where a rate is unknown (no source) and the base is not zero."""
    manquants = numpy.isnan(taux) & (assiette > 0)
    if manquants.any():
        raise SituationNonModelisee(
            variable,
            f"no sourced rate for '{variable}' in {period}: the model leaves this rate out rather than guess it.",
            numpy.flatnonzero(manquants),
        )


def arrondi_superieur(taux, pas):
    """Rate rounded up to the next multiple of `pas` (e.g. 0.001: the tenth of a percent).

    Float noise below TOLERANCE_ARRONDI steps is ignored: 0.123 × 2/3 = 0.08199999… gives 8.2 %.
    """
    return numpy.ceil(taux / pas - TOLERANCE_ARRONDI) * pas


REPARTITION = (
    "Montant du mois. Un montant donné pour une année est réparti sur les mois d'activité de "
    "l'année, chaque mois au prorata de ses jours d'activité (de date_debut_activite à "
    "date_fin_activite, incluses) : un mois entier compte pour 1 (un douzième de l'année quand "
    "l'activité couvre toute l'année), un mois commencé le 10 mai pour 22/31, un mois avant le "
    "début ou après la cessation pour 0. Quand des mois sont aussi donnés, seul le reste de "
    "l'année est réparti, sur les autres mois. Un montant annuel non nul pour une année sans "
    "aucun jour d'activité (hors mois donnés) est refusé."
)


def repartir_sur_l_activite(holder, period, array):
    """`set_input` of the monthly turnovers: a month is stored as given; a year is kept as given
    (in `<variable>_annuel_declare`) and spread over the days of activity by the formula, which
    knows the dates of activity (they may be set after the turnover)."""
    if period.unit == DateUnit.MONTH and period.size == 1:
        return set_input_divide_by_period(holder, period, array)
    if period.unit == DateUnit.YEAR and period.size == 1:
        return holder.population.get_holder(f"{holder.variable.name}_annuel_declare").set_input(period, array)
    raise PeriodMismatchError(
        holder.variable.name,
        period,
        holder.variable.definition_period,
        f"'{holder.variable.name}' is given for one month ('2024-05') or one year ('2024'); got '{period}'.",
    )


def chiffre_affaires_du_mois(individu, period, nom):
    """Formula of a monthly turnover that was not given for this month: the yearly amount given,
    minus the months given, spread over the other months in proportion to their share of days of
    activity (REPARTITION).

    The twelve months are computed at once and cached, so that "months given" are inputs only."""
    annee = period.this_year
    annuel = individu(f"{nom}_annuel_declare", annee)
    if not annuel.any():
        return individu.filled_array(0.0)
    fautifs = numpy.flatnonzero(~numpy.isfinite(annuel) | (annuel < 0))
    if fautifs.size:
        raise EntreeInvalide(nom, fautifs, f"'{nom}' must be a non-negative amount (turnover of {annee})")
    holder = individu.get_holder(nom)
    mois = annee.get_subperiods(DateUnit.MONTH)
    donnes = {m: holder.get_array(m) for m in mois}
    a_repartir = [m for m in mois if donnes[m] is None]
    reste = annuel - sum((valeur for valeur in donnes.values() if valeur is not None), numpy.zeros(len(annuel)))
    poids = {m: individu("jours_activite_mois", m) / m.size_in_days for m in a_repartir}  # share of the month active
    total = sum(poids.values(), numpy.zeros(len(annuel)))
    fautifs = numpy.flatnonzero((total == 0) & (reste != 0))
    if fautifs.size:
        raise EntreeInvalide(
            nom, fautifs,
            f"'{nom}' is given for {annee} but no day of activity is left to spread it over "
            "(date_debut_activite … date_fin_activite, and the months given)",
        )
    fautifs = numpy.flatnonzero(reste < 0)
    if fautifs.size:
        raise EntreeInvalide(nom, fautifs, f"the months given for '{nom}' exceed the amount given for {annee}")
    par_mois = numpy.divide(reste, total, out=numpy.zeros(len(annuel)), where=total > 0)
    for m in a_repartir:
        if m != period:
            holder.put_in_cache(par_mois * poids[m], m)
    return par_mois * poids[period]
