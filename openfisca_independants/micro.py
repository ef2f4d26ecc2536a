"""Helpers of the micro-social regime, shared by the variables of variables/micro_entrepreneur/."""

import numpy

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee


ACTIVITES = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")
TOLERANCE_ARRONDI = 1e-6  # float noise tolerated before rounding up (e.g. 0.123 × 2/3)


def chiffre_affaires(individu, period, activite):
    """Turnover of the month for one activity, checked: negative or non-finite is an input error."""
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
        )


def arrondi_superieur(taux, pas):
    """Rate rounded up to the next multiple of `pas` (e.g. 0.001: the tenth of a percent).

    Float noise below TOLERANCE_ARRONDI steps is ignored: 0.123 × 2/3 = 0.08199999… gives 8.2 %.
    """
    return numpy.ceil(taux / pas - TOLERANCE_ARRONDI) * pas
