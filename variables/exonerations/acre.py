"""ACRE of the classic regime: the share of the exonerated contributions that is not due."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants.classique import taux_exoneration_acre
from openfisca_independants.entities import Individu


class acre_taux_exoneration(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part des cotisations exonérables (maladie, IJ, AF, retraite de base, invalidité-décès) retirée par l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = (
        "Taux maximal selon la date de début d'activité × taux dégressif selon l'assiette (total "
        "jusqu'à 75 % du PSS, nul à 1 PSS) × part de l'activité de l'année comprise dans les 12 "
        "mois suivant le début d'activité. Nul outre-mer (paramètre exonerations.acre)."
    )

    def formula(individu, period, parameters):
        return taux_exoneration_acre(individu, period, parameters, individu("assiette_cotisations", period))
