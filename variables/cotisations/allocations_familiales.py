"""Allocations familiales of the self-employed."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class allocations_familiales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'allocations familiales du travailleur indépendant"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"
    documentation = (
        "Taux progressif appliqué à toute l'assiette, sans minimum, toutes "
        "catégories. Après ACRE ; nulle pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.allocations_familiales.nette(
            individu, period, parameters, individu("assiette_cotisations", period), coefficient=individu("acre_taux_exoneration", period)
        )
