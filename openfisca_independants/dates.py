"""Calendar arithmetic on numpy dates (the `date` variables of OpenFisca are datetime64[D])."""

import numpy

MOIS_PAR_AN = 12
TRIMESTRES_PAR_AN = 4
MOIS_PAR_TRIMESTRE = 3
EPOQUE = 1970  # numpy counts datetime64[Y] from 1970


def en_date(instant) -> numpy.datetime64:
    """An OpenFisca Instant (or a date string) as numpy.datetime64[D]."""
    return numpy.datetime64(str(instant), "D")


def annee(dates):
    return numpy.asarray(dates, dtype="datetime64[D]").astype("datetime64[Y]").astype(int) + EPOQUE


def mois_absolu(dates):
    """Months since January 1970 (comparable across years)."""
    return numpy.asarray(dates, dtype="datetime64[D]").astype("datetime64[M]").astype(int)


def trimestre_absolu(dates):
    """Calendar quarters since the first quarter of 1970."""
    return mois_absolu(dates) // MOIS_PAR_TRIMESTRE


def debut_trimestre(trimestres):
    """First day of the given absolute calendar quarters."""
    return (numpy.asarray(trimestres) * MOIS_PAR_TRIMESTRE).astype("datetime64[M]").astype("datetime64[D]")
