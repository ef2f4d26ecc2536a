"""Small helpers shared by the variables."""

import numpy
import pandas

from openfisca_independants.erreurs import EntreeInvalide


# Largest magnitude accepted for a numeric input, in every interface (web API, calc, batch) (an amount, a count). Not a legal figure but
# the range where the model's numbers stay exact to the euro: the model computes in float32
# (24-bit mantissa, about 7 significant digits). At 100 M€ an input is stored to within 4 €
# and a line of up to 20 M€ (the CSG, uncapped, is 9.7 % of it) to within 1 €, the contract's
# tolerance; a thousand times more and the lines would be wrong by hundreds of euros, and
# 1e39 does not fit at all (inf). No self-employed income or turnover comes near 100 M€, so
# a larger value is an entry or export error (1e308, a misplaced decimal mark): reported.
BORNE_MONTANT = 1e8


def somme(entite, period, composantes):
    """Sum of the variables named in `composantes`, computed for `entite` over `period`."""
    total = entite.empty_array()
    for nom in composantes:
        total = total + entite(nom, period)
    return total


def code_dans(codes, liste):
    """Whether each code (a str variable: numpy bytes or str) is in `liste` (parameter of strings).

    Bytes are compared as bytes (decoding a million codes costs 50 times more than the test),
    and a column holding one code only (the default) is tested once."""
    if len(codes) > 1 and (codes == codes[0]).all():
        return numpy.full(len(codes), _dans(codes[:1], liste)[0])
    return _dans(codes, liste)


def _dans(codes, liste):
    if codes.dtype.kind == "S":
        return numpy.isin(codes, numpy.char.encode(numpy.asarray(liste, dtype=str)))
    # str codes are Python objects: a hash-table membership test (pandas) instead of numpy.isin,
    # which sorts a million objects (20 times slower)
    return pandas.Series(codes, copy=False).isin(list(liste)).to_numpy()


# INSEE codes of the départements (and overseas communities 975, 977, 978): a format, not law.
DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"] + [str(n) for n in range(971, 979)]


def verifier_departements(codes):
    """Raise EntreeInvalide, naming the rows, for codes that are not INSEE département codes.

    Compared as the column's own type (bytes or str) and once for a column holding one code."""
    connus = code_dans(codes, DEPARTEMENTS)
    if connus.all():
        return
    fautifs = numpy.flatnonzero(~connus)
    premier = codes[fautifs[0]]
    premier = premier.decode("utf-8", "replace") if isinstance(premier, bytes) else str(premier)
    raise EntreeInvalide(
        "departement",
        fautifs,
        f"'departement' must be an INSEE département code ('75', '2A', '974'…); got {premier!r}",
    )
