"""Collaborating spouse (conjoint collaborateur) of a classic-regime self-employed worker."""

from openfisca_core.model_api import YEAR, Enum, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class TypesAssietteConjointCollaborateur(Enum):
    __order__ = "forfaitaire revenu_sans_partage revenu_avec_partage"
    forfaitaire = "Assiette forfaitaire"
    revenu_sans_partage = "Fraction du revenu du chef, sans partage"
    revenu_avec_partage = "Fraction du revenu du chef, avec partage"


class TypesFractionConjointCollaborateur(Enum):
    __order__ = "tiers moitie"
    tiers = "Un tiers (CNAVPL : un quart)"
    moitie = "La moitié"


class conjoint_collaborateur(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Un conjoint collaborateur est déclaré"
    reference = "Code de commerce, art. L121-4 ; CSS art. L661-1"


class conjoint_collaborateur_assiette(Variable):
    value_type = Enum
    possible_values = TypesAssietteConjointCollaborateur
    default_value = TypesAssietteConjointCollaborateur.forfaitaire
    entity = Individu
    definition_period = YEAR
    label = "Option d'assiette des cotisations du conjoint collaborateur"
    reference = "Code de la sécurité sociale, art. L662-1, D633-19-2 (rédaction en vigueur jusqu'au 24 mai 2020) et D642-5-2"


class conjoint_collaborateur_fraction(Variable):
    value_type = Enum
    possible_values = TypesFractionConjointCollaborateur
    default_value = TypesFractionConjointCollaborateur.tiers
    entity = Individu
    definition_period = YEAR
    label = "Fraction du revenu du chef retenue pour le conjoint collaborateur (options revenu)"
    reference = "Code de la sécurité sociale, art. L662-1, D633-19-2 (rédaction en vigueur jusqu'au 24 mai 2020) et D642-5-2"


class conjoint_collaborateur_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette des cotisations du conjoint collaborateur"
    reference = "Code de la sécurité sociale, art. L662-1, D633-19-2 (rédaction en vigueur jusqu'au 24 mai 2020) et D642-5-2"
    documentation = "Forfait (1/3 du PSS ; CNAVPL 1/2) ou fraction de l'assiette du chef (1/3 ou 1/2 ; CNAVPL 1/4 ou 1/2) ; 0 sans conjoint."

    def formula(individu, period, parameters):
        return regles.conjoint_collaborateur.base(individu, period, parameters, individu("assiette_cotisations", period))


class assiette_cotisations_partagee(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette du chef d'entreprise pour la retraite et l'invalidité-décès, après partage avec le conjoint collaborateur"
    reference = "Code de la sécurité sociale, art. L662-1, D633-19-2 (rédaction en vigueur jusqu'au 24 mai 2020) et D642-5-2"
    documentation = (
        "Avec l'option « revenu avec partage », la part du conjoint est déduite de l'assiette du chef "
        "pour la retraite de base, la retraite complémentaire et l'invalidité-décès (pour la Cipav : "
        "la retraite de base CNAVPL seulement)."
    )

    def formula(individu, period):
        return regles.conjoint_collaborateur.assiette_partagee(
            individu, period, individu("assiette_cotisations", period), individu("conjoint_collaborateur_base", period)
        )


def _lignes(individu, period, parameters):
    return regles.conjoint_collaborateur.lignes(
        individu, period, parameters, individu("conjoint_collaborateur_base", period),
        individu("retraite_complementaire", period), individu("invalidite_deces", period),
    )


class conjoint_collaborateur_retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite de base du conjoint collaborateur"
    reference = ("Code de la sécurité sociale, art. D633-3", "Code de la sécurité sociale, art. D642-3")

    def formula(individu, period, parameters):
        return _lignes(individu, period, parameters).retraite_de_base


class conjoint_collaborateur_retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire du conjoint collaborateur"
    reference = (
        "Code de la sécurité sociale, art. D635-7",
        "mon-entreprise (URSSAF), modele-social, règle « dirigeant . indépendant . PL . CIPAV . conjoint collaborateur »",
    )
    documentation = "Cipav (à partir de 2023) : part des montants du chef (25 % ou 50 %)."

    def formula(individu, period, parameters):
        return _lignes(individu, period, parameters).retraite_complementaire


class conjoint_collaborateur_invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès du conjoint collaborateur"
    reference = (
        "Code de la sécurité sociale, art. D632-1",
        "mon-entreprise (URSSAF), modele-social, règle « dirigeant . indépendant . PL . CIPAV . conjoint collaborateur »",
    )

    def formula(individu, period, parameters):
        return _lignes(individu, period, parameters).invalidite_deces


class conjoint_collaborateur_indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières du conjoint collaborateur"
    reference = "Code de la sécurité sociale, art. D621-6"
    documentation = "Forfaitaire : taux × 40 % du PSS, quelle que soit l'option d'assiette."

    def formula(individu, period, parameters):
        return _lignes(individu, period, parameters).indemnites_journalieres


class conjoint_collaborateur_cotisations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations dues pour le conjoint collaborateur"
    reference = "Code de la sécurité sociale, art. L662-1, D633-19-2, D642-5-2 et D621-6"
    documentation = "Retraite de base, retraite complémentaire, invalidité-décès et indemnités journalières du conjoint."

    def formula(individu, period):
        if not individu("conjoint_collaborateur_base", period).any():
            return individu.empty_array()
        return (
            individu("conjoint_collaborateur_retraite_de_base", period)
            + individu("conjoint_collaborateur_retraite_complementaire", period)
            + individu("conjoint_collaborateur_invalidite_deces", period)
            + individu("conjoint_collaborateur_indemnites_journalieres", period)
        )


class assiette_retraite_complementaire_invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette du chef d'entreprise pour la retraite complémentaire et l'invalidité-décès"
    reference = "Code de la sécurité sociale, art. D633-19-2 (rédaction en vigueur jusqu'au 24 mai 2020) et D642-5-2"
    documentation = (
        "L'assiette après partage avec le conjoint collaborateur ; l'assiette entière pour les professions "
        "libérales réglementées, dont le partage ne touche que la retraite de base CNAVPL."
    )

    def formula(individu, period):
        return regles.base.assiette_rc_id(individu, period)
