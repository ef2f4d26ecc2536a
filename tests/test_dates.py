"""Calendar helpers (dates.py): the look-up tables give numpy's own conversion, inside and outside their range."""

import numpy
import pytest

from openfisca_independants.dates import annee, mois_absolu


def _numpy(dates, unite):
    return numpy.asarray(dates, dtype="datetime64[D]").astype(f"datetime64[{unite}]").astype(numpy.int64)


@pytest.mark.parametrize("dates", [
    numpy.arange(numpy.datetime64("1899-12-25"), numpy.datetime64("1900-01-08")),  # the table's first day, and before it
    numpy.arange(numpy.datetime64("2199-12-25"), numpy.datetime64("2200-01-08")),  # its last day, and after it
    numpy.array(["1970-01-01", "2024-02-29", "2024-03-01", "2100-12-31"], dtype="datetime64[D]"),  # inside only
    numpy.array(["2024-03-01", "NaT"], dtype="datetime64[D]"),
    numpy.array([], dtype="datetime64[D]"),
    numpy.datetime64("2025-07-14"),
])
def test_annee_et_mois_comme_numpy(dates):
    assert numpy.array_equal(annee(dates), _numpy(dates, "Y") + 1970)
    assert numpy.array_equal(mois_absolu(dates), _numpy(dates, "M"))
    assert numpy.shape(annee(dates)) == numpy.shape(dates)


def test_chaque_jour_de_la_table():
    jours = numpy.arange(numpy.datetime64("1900-01-01"), numpy.datetime64("2200-01-01"))
    assert numpy.array_equal(annee(jours), _numpy(jours, "Y") + 1970)
    assert numpy.array_equal(mois_absolu(jours), _numpy(jours, "M"))
