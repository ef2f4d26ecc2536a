"""Invalidité-décès of artisans, commerçants and PL non réglementées."""

from openfisca_core.model_api import YEAR, Variable, where

from openfisca_independants.baremes import borner
from openfisca_independants.entities import Individu


class invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès du travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L632-1, D632-1 et D632-2"
    documentation = (
        "Taux × assiette bornée entre 11,5 % PSS et 1 PSS (fiche législative §3.6 : l'assiette "
        "minimale de 11,5 % PSS est retenue plutôt que celle de la retraite de base)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.invalidite_deces
        pss = individu("plafond_securite_sociale", period)
        assiette = borner(
            individu("assiette_cotisations", period), p.assiette_minimale * pss, p.plafond * pss
        )
        return where(individu("micro_entrepreneur", period), 0, p.taux * assiette)
