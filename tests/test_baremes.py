"""The average-rate schedules (baremes.taux_progressif) give numpy.interp's rates, at, just below and
just above each threshold, for every schedule of every year of the model."""

import numpy
import pytest

from openfisca_independants import CountryTaxBenefitSystem
from openfisca_independants.baremes import lineaire_par_morceaux

BAREMES = ("cotisations.maladie_maternite.taux_progressif",
           "cotisations.maladie_maternite.professions_liberales.taux_progressif",
           "cotisations.allocations_familiales.taux_progressif")


def _baremes():
    parametres = CountryTaxBenefitSystem().parameters
    for annee in range(2019, 2027):
        for chemin in BAREMES:
            noeud = parametres(f"{annee}-01-01")
            for nom in chemin.split("."):
                noeud = getattr(noeud, nom, None)
            if noeud is not None and noeud.thresholds:
                yield pytest.param(noeud.thresholds, noeud.rates, id=f"{chemin}-{annee}")


@pytest.mark.parametrize("seuils, taux", list(_baremes()))
def test_comme_numpy_interp(seuils, taux):
    seuils_autour = numpy.concatenate([numpy.asarray(seuils)[:, None] + [-1e-6, 0, 1e-6]]).ravel()
    rng = numpy.random.default_rng(0)
    x = numpy.concatenate([seuils_autour, [-1.0, 0.0, 10.0, 1e6], rng.lognormal(0, 1, 10_000)])
    for valeurs in (x, x.astype(numpy.float32)):
        numpy.testing.assert_allclose(lineaire_par_morceaux(valeurs, seuils, taux), numpy.interp(valeurs, seuils, taux), rtol=1e-12, atol=1e-15)


def test_seuils_croissants():
    with pytest.raises(ValueError, match="must increase"):
        lineaire_par_morceaux(numpy.ones(3), [0, 1, 1], [0, 0.1, 0.2])
