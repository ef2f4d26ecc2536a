"""Contribution aux unions régionales des professionnels de santé (CURPS)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class contribution_curps(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Contribution aux unions régionales des professionnels de santé (CURPS)"
    reference = "Code de la santé publique, art. L4031-4 ; Code de la sécurité sociale, art. L646-1"
    documentation = (
        "Due par les professionnels de santé conventionnés et les pharmaciens ; comprise dans "
        "total_cotisations_contributions, pas dans cotisations_sociales. 0 pour les autres catégories."
    )

    def formula(individu, period, parameters):
        return regles.contribution_curps.montant(individu, period, parameters)
