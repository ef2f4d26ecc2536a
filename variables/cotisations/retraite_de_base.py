"""Retraite de base (SSI or CNAVPL) and its minimum base."""

from openfisca_core.model_api import YEAR, Variable, where

from openfisca_independants import regles
from openfisca_independants.entities import Individu


def _si_duree_suffisante(individu, period, parameters, assiette_minimale):
    duree_minimale = parameters(period).cotisations.annee_incomplete.duree_minimale_retraite
    applicable = (individu("jours_activite", period) >= duree_minimale) & individu("assiettes_minimales_applicables", period)
    return where(applicable, assiette_minimale, 0)


class retraite_de_base_assiette_minimale(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette minimale de la cotisation de retraite de base"
    reference = "Code de la sécurité sociale, art. D633-2 et D642-4"
    documentation = (
        "Réduite au prorata des jours d'activité de l'année, et nulle pour moins de 90 jours "
        "d'activité dans l'année (paramètre cotisations.annee_incomplete). Mêmes règles pour la "
        "CNAVPL (art. D642-4)."
    )

    def formula(individu, period, parameters):
        """Jusqu'en 2021 : 11,5 % du PASS."""
        p = parameters(period).cotisations.retraite_de_base.assiette_minimale
        return _si_duree_suffisante(individu, period, parameters, p.en_pss * individu("plafond_securite_sociale", period))

    def formula_2022_01_01(individu, period, parameters):
        """2022 : montant fixe (révision rétroactive pour valider trois trimestres)."""
        p = parameters(period).cotisations.retraite_de_base.assiette_minimale
        return _si_duree_suffisante(individu, period, parameters, p.montant * individu("prorata_annee_activite", period))

    def formula_2023_01_01(individu, period, parameters):
        """Depuis 2023 : 450 heures de SMIC au 1er janvier de l'année (SMIC de Mayotte à Mayotte, art. 28-2)."""
        p = parameters(period).cotisations.retraite_de_base.assiette_minimale
        smic_horaire = parameters(period.start).marche_travail.salaire_minimum.smic.smic_b_horaire
        mayotte = individu("etablissement_mayotte", period)
        if mayotte.any():
            smic_horaire = where(mayotte, parameters(period.start).outre_mer.mayotte.smic_horaire, smic_horaire)
        montant = p.en_smic_horaire * smic_horaire * individu("prorata_annee_activite", period)
        return _si_duree_suffisante(individu, period, parameters, montant)


class retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'assurance vieillesse de base du travailleur indépendant"
    reference = ("Code de la sécurité sociale, art. D633-3", "Code de la sécurité sociale, art. D642-3",
                 "Code de la sécurité sociale, art. L652-7 et D652-1 (CNBF)")
    documentation = (
        "Artisans, commerçants, PLNR : taux plafonné jusqu'à 1 PSS + taux déplafonné sur toute "
        "l'assiette (art. D633-3). Cipav : CNAVPL, tranche 1 jusqu'à 1 PSS + tranche 2 "
        "jusqu'à 5 PSS (art. D642-3). Sur l'assiette relevée à l'assiette minimale, diminuée de la part "
        "du conjoint collaborateur avec partage. Après ACRE ; nulle pour un micro-entrepreneur. "
        "Avocats (CNBF, art. L652-7 et D652-1) : forfait selon l'année d'exercice (plein dès la 6e "
        "année ou à 65 ans au 1er janvier) + taux × revenu de l'année N dans la limite d'un plafond, "
        "sans assiette minimale (la CNBF régularise sur ce revenu) ; 2019 refusée (pas de source)."
    )

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.retraite_de_base.nette(
            individu, period, parameters, individu("assiette_cotisations_partagee", period),
            coefficient=individu("acre_taux_exoneration", period),
        )


# ---------------------------------------------------------------- what the line is made of (calc, /trace)


class retraite_de_base_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation de retraite de base (assiette minimale appliquée)"
    reference = ("Code de la sécurité sociale, art. D633-3 et D642-3", "Code de la sécurité sociale, art. D633-2 et D642-4")
    documentation = (
        "Assiette des cotisations (après partage avec le conjoint collaborateur) relevée à "
        "l'assiette minimale de retraite de base ; CNAVPL : limitée à 5 PSS (plafond de la tranche "
        "2) ; Mayotte : limitée au plafond de Mayotte (art. 28-2). 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.retraite_de_base.ligne(individu, period, parameters).assiette)


class retraite_de_base_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation de retraite de base jusqu'au PSS"
    reference = "Code de la sécurité sociale, art. D633-3 et D642-3"
    documentation = (
        "Artisans, commerçants, PLNR : taux plafonné + taux déplafonné (17,75 % en 2024) ; CNAVPL : "
        "taux des tranches 1 et 2 ; Mayotte : taux de l'art. 28-2. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.retraite_de_base.ligne(individu, period, parameters).taux)


class retraite_de_base_taux_tranche_2(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux de la cotisation de retraite de base sur la part de l'assiette au-delà du PSS"
    reference = "Code de la sécurité sociale, art. D633-3 et D642-3"
    documentation = "Taux déplafonné (CNAVPL : taux de la tranche 2) ; 0 quand l'assiette retenue n'atteint pas le PSS."

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.retraite_de_base.ligne(individu, period, parameters).taux_tranche_2)


class retraite_de_base_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite de base avant ACRE, exonérations d'outre-mer et pension d'invalidité"
    reference = ("Code de la sécurité sociale, art. D633-3 et D642-3")

    def formula(individu, period, parameters):
        montant = regles.retraite_de_base.brute(individu, period, parameters, individu("assiette_cotisations_partagee", period))
        return regles.base.seulement_classique(individu, period, montant)


class retraite_de_base_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation de retraite de base exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return regles.exonerations.exoneration_acre(individu, period, parameters, "retraite_de_base", regles.retraite_de_base.nette,
                          individu("assiette_cotisations_partagee", period))
