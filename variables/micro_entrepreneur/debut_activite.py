"""Start of activity of the micro-social regime: the calendar quarter and month of creation, on
which the ACRE periods and the outre-mer periods (D756-5) are counted."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_independants.dates import mois_absolu, trimestre_absolu
from openfisca_independants.entities import Individu


class trimestre_debut_activite(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    label = "Trimestre civil du début d'activité, compté depuis le 1er trimestre 1970"
    reference = "Code de la sécurité sociale, art. R131-3"

    def formula(individu, period):
        return trimestre_absolu(individu("date_debut_activite", period))


class mois_debut_activite(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    label = "Mois du début d'activité, compté depuis janvier 1970"
    reference = "Code de la sécurité sociale, art. R131-3"

    def formula(individu, period):
        return mois_absolu(individu("date_debut_activite", period))
