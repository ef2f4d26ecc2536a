"""Helpers of the classic regime shared by several variable files."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import taux_progressif
from openfisca_independants.dates import en_date
from openfisca_independants.outils import code_dans
from openfisca_independants.parametres import valeurs_aux_dates


def taux_exoneration_acre(individu, period, parameters, assiette):
    """Share of the year's exonerated contributions that the ACRE removes, for a given base."""
    p = parameters(period).exonerations.acre
    historique = individu.simulation.tax_benefit_system.parameters.exonerations.acre
    debut = individu("date_debut_activite", period)
    fin_exoneration = (debut.astype("datetime64[M]") + p.duree).astype("datetime64[D]") + (
        debut - debut.astype("datetime64[M]").astype("datetime64[D]")
    )
    premier_jour = numpy.maximum(debut, en_date(period.start))
    jours_exoneres = numpy.clip((numpy.minimum(fin_exoneration, en_date(period.stop) + 1) - premier_jour).astype(int), 0, None)
    jours_activite = individu("jours_activite", period)
    part_annee = numpy.divide(jours_exoneres, jours_activite, out=numpy.zeros(len(debut)), where=jours_activite > 0)
    territoires = parameters(period).territoires
    departement = individu("departement", period)
    eligible = individu("acre", period) & ~code_dans(departement, territoires.outre_mer) & ~code_dans(departement, territoires.mayotte)
    taux = valeurs_aux_dates(historique.taux_maximal, debut, 0) * taux_progressif(
        p.taux_progressif, assiette, individu("plafond_securite_sociale", period)
    )
    return where(eligible, taux * numpy.minimum(part_annee, 1), 0)
