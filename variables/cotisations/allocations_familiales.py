"""Allocations familiales of the self-employed."""

from openfisca_core.model_api import YEAR, Variable, where

from openfisca_independants.baremes import taux_progressif
from openfisca_independants.entities import Individu


class allocations_familiales_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux de la cotisation d'allocations familiales du travailleur indépendant"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.allocations_familiales
        pss = individu("plafond_securite_sociale", period)
        return taux_progressif(p.taux_progressif, individu("assiette_cotisations", period), pss)


class allocations_familiales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'allocations familiales du travailleur indépendant"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"
    documentation = "Taux progressif appliqué à toute l'assiette, sans minimum (fiche législative §3.7)."

    def formula(individu, period):
        montant = individu("allocations_familiales_taux", period) * individu("assiette_cotisations", period)
        montant = montant * (1 - individu("acre_taux_exoneration", period))
        return where(individu("micro_entrepreneur", period), 0, montant)
