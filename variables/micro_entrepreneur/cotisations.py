"""Global social contribution of micro-entrepreneurs, month by month, per activity."""

import numpy
from openfisca_core.model_api import MONTH, YEAR, Variable, where

from openfisca_independants.entities import Individu
from openfisca_independants.micro import (
    ACTIVITES, chiffre_affaires, cotisations_des_mois, exiger_taux, plancher_acre, regime_micro_seulement, selon_activite, somme_des_mois,
    taux_du_mois, taux_normal,
)


def _taux_du_mois(individu, period, parameters, activite):
    """Rate of the month on every row: outre-mer fraction (D756-5), else ACRE share (with its floor), else normal."""
    p = parameters(period).micro_entrepreneur
    cipav = individu("est_cipav", period.this_year)
    periode_om = individu("micro_periode_outre_mer", period)
    part_acre = individu("micro_acre_part_a_payer", period)
    plancher_applicable = individu("micro_acre_plancher_applicable", period.this_year) if (part_acre < 1).any() else False
    return taux_du_mois(p, individu.filled_array(0.0) + taux_normal(p, activite, cipav), numpy.asarray(periode_om), cipav,
                        part_acre, plancher_applicable, plancher_acre(p, activite, cipav))


class taux_micro_vente(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux global du mois applicable aux ventes du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-4 a, D756-5"

    def formula(individu, period, parameters):
        return _taux_du_mois(individu, period, parameters, "vente")


class taux_micro_services_bic(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux global du mois applicable aux prestations de services BIC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-4 d, D756-5"

    def formula(individu, period, parameters):
        return _taux_du_mois(individu, period, parameters, "services_bic")


class taux_micro_services_bnc(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux global du mois applicable aux recettes BNC du micro-entrepreneur (taux Cipav pour la Cipav)"
    reference = "Code de la sécurité sociale, art. D613-4 b et e, D756-5"

    def formula(individu, period, parameters):
        return _taux_du_mois(individu, period, parameters, "services_bnc")


class taux_micro_meubles_tourisme_classes(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux global du mois applicable aux locations de meublés de tourisme classés du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-4 c, D756-5"
    documentation = (
        "Aucune répartition D613-6 n'est publiée pour cette activité : le taux ACRE y est la part "
        "réglementaire du taux normal, sans plancher (3 % en 2024 : valeur calculée, non publiée)."
    )

    def formula(individu, period, parameters):
        return _taux_du_mois(individu, period, parameters, "meubles_tourisme_classes")


def _cotisation(individu, period, activite):
    chiffre = chiffre_affaires(individu, period, activite)
    if not chiffre.any():
        return individu.filled_array(0.0)
    taux = individu(f"taux_micro_{activite}", period)
    exiger_taux(taux, chiffre, f"chiffre_affaires_{activite}", period)
    micro = individu("micro_entrepreneur", period.this_year)
    return where(micro & (chiffre > 0), chiffre * taux, 0)


class cotisations_micro_vente(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales du mois sur les ventes du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"

    def formula(individu, period):
        return _cotisation(individu, period, "vente")


class cotisations_micro_services_bic(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales du mois sur les prestations de services BIC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"

    def formula(individu, period):
        return _cotisation(individu, period, "services_bic")


class cotisations_micro_services_bnc(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales du mois sur les recettes BNC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"

    def formula(individu, period):
        return _cotisation(individu, period, "services_bnc")


class cotisations_micro_meubles_tourisme_classes(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales du mois sur les meublés de tourisme classés du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"

    def formula(individu, period):
        return _cotisation(individu, period, "meubles_tourisme_classes")


class cotisations_micro_sociales_mensuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales du micro-entrepreneur pour le mois"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme, sur les activités, du chiffre d'affaires du mois × le taux du mois."

    def formula(individu, period):
        return (
            individu("cotisations_micro_vente", period)
            + individu("cotisations_micro_services_bic", period)
            + individu("cotisations_micro_services_bnc", period)
            + individu("cotisations_micro_meubles_tourisme_classes", period)
        )


@regime_micro_seulement
def _annuelles(individu, annee, activite):
    """Sum of the months of cotisations_micro_<activité>, computed per rate period."""
    return somme_des_mois(selon_activite(cotisations_des_mois(individu, annee, (activite,)), activite))


class cotisations_micro_sociales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales du micro-entrepreneur pour l'année (somme des mois)"
    documentation = (
        "Somme des cotisations_micro_sociales_mensuelles de l'année, calculée par période de taux (mois où "
        "aucun taux ne change) : une fois par période là où le chiffre d'affaires annuel se répartit "
        "également sur les mois, mois par mois ailleurs (micro_calcul_mensuel)."
    )
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"

    @regime_micro_seulement
    def formula(individu, period):
        return somme_des_mois(cotisations_des_mois(individu, period, ACTIVITES, total=True))


class cotisations_micro_vente_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les ventes du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = (
        "Somme des cotisations_micro_vente des mois de l'année (chiffre d'affaires du mois × taux du mois), "
        "calculée par période de taux (mois où aucun taux ne change)."
    )

    def formula(individu, period):
        return _annuelles(individu, period, "vente")


class cotisations_micro_services_bic_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les prestations de services BIC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = (
        "Somme des cotisations_micro_services_bic des mois de l'année (chiffre d'affaires du mois × taux du mois), "
        "calculée par période de taux (mois où aucun taux ne change)."
    )

    def formula(individu, period):
        return _annuelles(individu, period, "services_bic")


class cotisations_micro_services_bnc_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les recettes BNC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = (
        "Somme des cotisations_micro_services_bnc des mois de l'année (chiffre d'affaires du mois × taux du mois), "
        "calculée par période de taux (mois où aucun taux ne change)."
    )

    def formula(individu, period):
        return _annuelles(individu, period, "services_bnc")


class cotisations_micro_meubles_tourisme_classes_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les meublés de tourisme classés du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = (
        "Somme des cotisations_micro_meubles_tourisme_classes des mois de l'année (chiffre d'affaires du mois × taux du mois), "
        "calculée par période de taux (mois où aucun taux ne change)."
    )

    def formula(individu, period):
        return _annuelles(individu, period, "meubles_tourisme_classes")
