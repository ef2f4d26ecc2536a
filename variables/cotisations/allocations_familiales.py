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

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.allocations_familiales.nette(
            individu, period, parameters, individu("assiette_cotisations", period), coefficient=individu("acre_taux_exoneration", period)
        )


# ---------------------------------------------------------------- what the line is made of (calc, /trace)


class allocations_familiales_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation d'allocations familiales"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"
    documentation = "Toute l'assiette des cotisations, sans minimum ni plafond ; Mayotte : la part sous le plafond de Mayotte (art. 28-5). 0 pour un micro-entrepreneur."

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.allocations_familiales.ligne(individu, period, parameters).assiette)


class allocations_familiales_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation d'allocations familiales à l'assiette retenue"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"
    documentation = (
        "Taux moyen du barème progressif (0 % jusqu'à 110 % du PSS, 3,10 % à partir de 140 %, "
        "interpolé entre les deux) ; outre-mer (DROM, depuis 2023) le taux le plus haut ; Mayotte : "
        "taux de l'art. 28-5. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.allocations_familiales.ligne(individu, period, parameters).taux)


class allocations_familiales_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'allocations familiales avant ACRE et exonérations d'outre-mer"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"

    def formula(individu, period, parameters):
        montant = regles.allocations_familiales.brute(individu, period, parameters, individu("assiette_cotisations", period))
        return regles.base.seulement_classique(individu, period, montant)


class allocations_familiales_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation d'allocations familiales exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return regles.exonerations.exoneration_acre(individu, period, parameters, "allocations_familiales", regles.allocations_familiales.nette,
                          individu("assiette_cotisations", period))
