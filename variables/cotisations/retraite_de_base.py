"""Retraite de base of artisans, commerçants and PL non réglementées."""

from openfisca_core.model_api import YEAR, Variable, max_, min_, where

from openfisca_independants.entities import Individu


class retraite_de_base_assiette_minimale(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette minimale de la cotisation de retraite de base"
    reference = "Fiche législative §3.10"

    documentation = (
        "Réduite au prorata des jours d'activité de l'année, et nulle pour moins de 90 jours "
        "d'activité dans l'année (paramètre cotisations.annee_incomplete)."
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
        """Depuis 2023 : 450 heures de SMIC au 1er janvier de l'année."""
        p = parameters(period).cotisations.retraite_de_base.assiette_minimale
        smic_horaire = parameters(period.start).marche_travail.salaire_minimum.smic.smic_b_horaire
        montant = p.en_smic_horaire * smic_horaire * individu("prorata_annee_activite", period)
        return _si_duree_suffisante(individu, period, parameters, montant)


def _si_duree_suffisante(individu, period, parameters, assiette_minimale):
    duree_minimale = parameters(period).cotisations.annee_incomplete.duree_minimale_retraite
    return where(individu("jours_activite", period) >= duree_minimale, assiette_minimale, 0)


class retraite_de_base_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette de la cotisation de retraite de base, après assiette minimale"
    reference = "Code de la sécurité sociale, art. D633-3"

    def formula(individu, period):
        return max_(
            individu("assiette_cotisations", period),
            individu("retraite_de_base_assiette_minimale", period),
        )


class retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'assurance vieillesse de base du travailleur indépendant"
    reference = "Code de la sécurité sociale, art. D633-3"
    documentation = (
        "Taux plafonné sur la part de l'assiette n'excédant pas 1 PSS + taux déplafonné sur toute "
        "l'assiette (fiche législative §3.4)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.retraite_de_base
        pss = individu("plafond_securite_sociale", period)
        assiette = individu("retraite_de_base_assiette", period)
        montant = p.taux_plafonne * min_(assiette, p.plafond * pss) + p.taux_deplafonne * assiette
        montant = where(individu("est_cipav", period), individu("retraite_de_base_cnavpl", period), montant)
        montant = montant * (1 - individu("acre_taux_exoneration", period))
        return where(individu("micro_entrepreneur", period), 0, montant)


class retraite_de_base_cnavpl(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'assurance vieillesse de base des professions libérales (CNAVPL)"
    reference = "Code de la sécurité sociale, art. D642-3"
    documentation = (
        "Tranche 1 sur l'assiette jusqu'à 1 PSS + tranche 2 sur l'assiette jusqu'à 5 PSS, avec "
        "l'assiette minimale de retraite (fiche législative §4.3)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.retraite_de_base_cnavpl
        pss = individu("plafond_securite_sociale", period)
        assiette = individu("retraite_de_base_assiette", period)
        return p.taux_tranche_1 * min_(assiette, p.plafond_tranche_1 * pss) + p.taux_tranche_2 * min_(
            assiette, p.plafond_tranche_2 * pss
        )
