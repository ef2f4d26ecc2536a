"""Collaborating spouse (conjoint collaborateur) of a classic-regime self-employed worker."""

import numpy
from openfisca_core.model_api import YEAR, Enum, Variable, select, where

from openfisca_independants import classique
from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.parametres import parametre


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
    reference = "Fiche législative §8"


class conjoint_collaborateur_fraction(Variable):
    value_type = Enum
    possible_values = TypesFractionConjointCollaborateur
    default_value = TypesFractionConjointCollaborateur.tiers
    entity = Individu
    definition_period = YEAR
    label = "Fraction du revenu du chef retenue pour le conjoint collaborateur (options revenu)"
    reference = "Fiche législative §8"


class conjoint_collaborateur_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette des cotisations du conjoint collaborateur"
    reference = "Fiche législative §8"
    documentation = "Forfait (1/3 du PSS ; CNAVPL 1/2) ou fraction du revenu du chef (1/3 ou 1/2 ; CNAVPL 1/4 ou 1/2) ; 0 sans conjoint."

    def formula(individu, period, parameters):
        avec_conjoint = individu("conjoint_collaborateur", period) & ~individu("micro_entrepreneur", period)
        if not avec_conjoint.any():
            return individu.filled_array(0.0)
        p = parameters(period).conjoint_collaborateur
        pss = individu("plafond_securite_sociale", period)
        cipav = individu("est_cipav", period)
        option = individu("conjoint_collaborateur_assiette", period)
        moitie = individu("conjoint_collaborateur_fraction", period) == TypesFractionConjointCollaborateur.moitie
        fraction = where(moitie, p.fraction_moitie, where(cipav, p.fraction_basse_cnavpl, p.fraction_tiers))
        forfait = where(cipav, p.assiette_forfaitaire_cnavpl, p.assiette_forfaitaire) * pss
        base = where(
            option == TypesAssietteConjointCollaborateur.forfaitaire,
            forfait,
            fraction * individu("assiette_cotisations", period),
        )
        return where(avec_conjoint, base, 0)


class assiette_cotisations_partagee(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette du chef d'entreprise pour la retraite et l'invalidité-décès, après partage avec le conjoint collaborateur"
    reference = "Fiche législative §8"
    documentation = (
        "Avec l'option « revenu avec partage », la part du conjoint est déduite de l'assiette du chef "
        "pour la retraite de base, la retraite complémentaire et l'invalidité-décès (pour la Cipav : "
        "la retraite de base CNAVPL seulement)."
    )

    def formula(individu, period):
        assiette = individu("assiette_cotisations", period)
        partage = individu("conjoint_collaborateur_assiette", period) == TypesAssietteConjointCollaborateur.revenu_avec_partage
        if not partage.any():
            return assiette
        return where(partage, assiette - individu("conjoint_collaborateur_base", period), assiette)


class conjoint_collaborateur_retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite de base du conjoint collaborateur"
    reference = ("Code de la sécurité sociale, art. D633-3", "Code de la sécurité sociale, art. D642-3")

    def formula(individu, period, parameters):
        base = individu("conjoint_collaborateur_base", period)
        return where(base > 0, classique.retraite_de_base(individu, period, parameters, base), 0)


def _part_cipav(individu, period, parameters):
    """Share of the chief's Cipav amounts due for the spouse (2023 on)."""
    p = parameters(period).conjoint_collaborateur
    concernes = individu("est_cipav", period) & (individu("conjoint_collaborateur_base", period) > 0)
    forfait, moitie = parametre(p, "cipav_forfait"), parametre(p, "cipav_moitie")
    if concernes.any() and numpy.isnan(forfait):
        raise SituationNonModelisee(
            "conjoint_collaborateur", f"the Cipav rules for a collaborating spouse in {period} are not in the model's sources (2023 on)."
        )
    option_moitie = (individu("conjoint_collaborateur_assiette", period) != TypesAssietteConjointCollaborateur.forfaitaire) & (
        individu("conjoint_collaborateur_fraction", period) == TypesFractionConjointCollaborateur.moitie
    )
    return where(option_moitie, moitie, forfait)


class conjoint_collaborateur_retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire du conjoint collaborateur"
    reference = ("Code de la sécurité sociale, art. D635-7", "Fiche législative §8")

    def formula(individu, period, parameters):
        base = individu("conjoint_collaborateur_base", period)
        cipav = individu("est_cipav", period)
        if (cipav & (base > 0)).any():
            montant_cipav = individu("retraite_complementaire", period) * _part_cipav(individu, period, parameters)
        else:
            montant_cipav = 0
        rci = classique.retraite_complementaire(individu, period, parameters, base)
        return where(base > 0, where(cipav, montant_cipav, rci), 0)


class conjoint_collaborateur_invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès du conjoint collaborateur"
    reference = ("Code de la sécurité sociale, art. D632-1", "Fiche législative §8")

    def formula(individu, period, parameters):
        base = individu("conjoint_collaborateur_base", period)
        cipav = individu("est_cipav", period)
        if (cipav & (base > 0)).any():
            montant_cipav = individu("invalidite_deces", period) * _part_cipav(individu, period, parameters)
        else:
            montant_cipav = 0
        ssi = classique.invalidite_deces(individu, period, parameters, base)
        return where(base > 0, where(cipav, montant_cipav, ssi), 0)


class conjoint_collaborateur_indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières du conjoint collaborateur"
    reference = ("Code de la sécurité sociale, art. D621-6", "Fiche législative §3.3 et §8")
    documentation = "Forfaitaire : taux × 40 % du PSS, quelle que soit l'option d'assiette."

    def formula(individu, period, parameters):
        p = parameters(period).conjoint_collaborateur
        taux = where(individu("est_cipav", period), p.taux_indemnites_journalieres_cnavpl, p.taux_indemnites_journalieres)
        montant = taux * p.assiette_indemnites_journalieres * individu("plafond_securite_sociale", period)
        return where(individu("conjoint_collaborateur_base", period) > 0, montant, 0)


class conjoint_collaborateur_cotisations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations dues pour le conjoint collaborateur"
    reference = "Fiche législative §8"
    documentation = "Retraite de base, retraite complémentaire, invalidité-décès et indemnités journalières du conjoint."

    def formula(individu, period):
        if not individu("conjoint_collaborateur_base", period).any():
            return individu.filled_array(0.0)
        return (
            individu("conjoint_collaborateur_retraite_de_base", period)
            + individu("conjoint_collaborateur_retraite_complementaire", period)
            + individu("conjoint_collaborateur_invalidite_deces", period)
            + individu("conjoint_collaborateur_indemnites_journalieres", period)
        )
