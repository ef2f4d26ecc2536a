"""Reading parameters: absent values, and values at a date of each person."""

import numpy


def parametre(noeud, nom, defaut=numpy.nan):
    """A parameter value at an instant, or `defaut` where the value is absent (null: no source)."""
    return getattr(noeud, nom, defaut)


def valeurs_aux_dates(parametre_date, dates, defaut):
    """Vectorised value of a dated parameter read at a different date for each person.

    Used where the law keys a rule on a date of the person (the start of activity) rather
    than on the period computed. Dates before the first value, and null values, give `defaut`.
    """
    historique = list(reversed(parametre_date.values_list))
    debuts = numpy.array([valeur.instant_str for valeur in historique], dtype="datetime64[D]")
    valeurs = numpy.array(
        [defaut if valeur.value is None else float(valeur.value) for valeur in historique] + [defaut],
        dtype=float,
    )
    position = numpy.searchsorted(debuts, numpy.asarray(dates, dtype="datetime64[D]"), side="right") - 1
    return numpy.where(position >= 0, valeurs[position], defaut)
