"""Calendar arithmetic on numpy dates (the `date` variables of OpenFisca are datetime64[D])."""

import functools

import numpy

MOIS_PAR_AN = 12
TRIMESTRES_PAR_AN = 4
MOIS_PAR_TRIMESTRE = 3
EPOQUE = 1970  # numpy counts datetime64[Y] from 1970


def en_date(instant) -> numpy.datetime64:
    """An OpenFisca Instant (or a date string) as numpy.datetime64[D]."""
    return numpy.datetime64(str(instant), "D")


# numpy converts days to years or months by a calendar computation for each date (about 35 ms per
# million): within this range of days (a calendar range, not a legal one), the year and the month of
# each day are read in tables built once, one take per column.
_PREMIER_JOUR, _DERNIER_JOUR = numpy.datetime64("1900", "D"), numpy.datetime64("2200", "D") - 1  # 1900 to 2199


@functools.lru_cache(maxsize=None)
def _calendrier(unite):
    """Years (unite "Y", since 1970) or months ("M", since January 1970) of each day of the range."""
    return numpy.arange(_PREMIER_JOUR, _DERNIER_JOUR + 1).astype(f"datetime64[{unite}]").astype(numpy.int64)


def _depuis_1970(dates, unite):
    jours = numpy.asarray(dates, dtype="datetime64[D]")
    if jours.size and _PREMIER_JOUR <= jours.min() and jours.max() <= _DERNIER_JOUR:  # (NaT: not in the range)
        return _calendrier(unite)[(jours - _PREMIER_JOUR).view(numpy.int64)]
    return jours.astype(f"datetime64[{unite}]").astype(numpy.int64)


def annee(dates):
    return _depuis_1970(dates, "Y") + EPOQUE


def mois_absolu(dates):
    """Months since January 1970 (comparable across years)."""
    return _depuis_1970(dates, "M")


def trimestre_absolu(dates):
    """Calendar quarters since the first quarter of 1970."""
    return mois_absolu(dates) // MOIS_PAR_TRIMESTRE


def debut_trimestre(trimestres):
    """First day of the given absolute calendar quarters."""
    return (numpy.asarray(trimestres) * MOIS_PAR_TRIMESTRE).astype("datetime64[M]").astype("datetime64[D]")
