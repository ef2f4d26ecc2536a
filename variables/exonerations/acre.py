"""ACRE of the classic regime: the share of the exonerated contributions that is not due."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants.regles.exonerations import coefficient_acre
from openfisca_independants.entities import Individu


class acre_taux_exoneration(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part de l'exonération ACRE légale applicable cette année (maladie, IJ, AF, retraite de base, invalidité-décès)"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = (
        "Taux maximal selon la date de début d'activité × dégressivité (1 jusqu'à 75 % du PSS, "
        "(PSS − R)/(0,25 PSS) jusqu'au PSS) × part de l'activité de l'année comprise dans les 12 "
        "mois suivant le début d'activité. L'exonération d'une cotisation est ce coefficient × la "
        "cotisation calculée sur min(R, 75 % PSS) (D131-6-1 II). Nul outre-mer (paramètre "
        "exonerations.acre)."
    )

    def formula(individu, period, parameters):
        return coefficient_acre(individu, period, parameters, individu("assiette_cotisations", period))
