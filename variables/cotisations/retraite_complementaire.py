"""Retraite complémentaire: RCI of the SSI, or the Cipav complementary scheme."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire du travailleur indépendant"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = (
        "Artisans, commerçants, PLNR : tranche 1 jusqu'au plafond du RCI (PRCI, en euros, réduit "
        "au prorata en année incomplète), tranche 2 du PRCI à 4 PSS, pas d'assiette minimale "
        "(art. D635-7). Cipav : classes forfaitaires en 2021–2022, 9 % jusqu'à 1 PSS et "
        "22 % jusqu'à 3 PSS (2023) ou 3,5 PSS (2024) ; les classes de 2019–2020 ne sont pas "
        "dans les sources (calcul refusé). À partir de 2025 : RCI 8,1 % jusqu'à 1 PSS (proratisé) et "
        "9,1 % jusqu'à 4 PSS, sans PRCI (art. D635-7 issu du décret n° 2024-688 du 5 juillet 2024) ; Cipav 11 % "
        "et 21 % jusqu'à 4 PSS (taux de mon-entreprise, modele-ti, qui cite le décret n° 79-262, art. 2). "
        "Pas d'ACRE ; nulle pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.retraite_complementaire.nette(
            individu, period, parameters, individu("assiette_cotisations", period), individu("assiette_cotisations_partagee", period)
        )
