"""Global social contribution of micro-entrepreneurs, month by month, per activity."""

import numpy
from openfisca_core.model_api import ADD, MONTH, YEAR, Variable, max_, select, where

from openfisca_independants.entities import Individu
from openfisca_independants.micro import arrondi_superieur, chiffre_affaires, exiger_taux
from openfisca_independants.parametres import parametre


def _taux_du_mois(individu, period, parameters, taux_normal, part_plancher):
    """Rate of the month: outre-mer fraction (D756-5), else ACRE share (with its floor), else normal."""
    p = parameters(period).micro_entrepreneur
    periode_om = individu("micro_periode_outre_mer", period)
    periodes = periode_om.possible_values
    taux = numpy.array(numpy.broadcast_to(taux_normal, periode_om.shape), dtype=float)
    en_outre_mer = numpy.flatnonzero(periode_om != periodes.metropole)
    if en_outre_mer.size:
        categorie = individu("categorie_independant", period)
        cipav = categorie == categorie.possible_values.liberal_cipav
        fraction = p.outre_mer.fraction
        fraction_om = select(
            [periode_om == periodes.periode_1, periode_om == periodes.periode_2, periode_om == periodes.periode_3],
            [
                where(cipav, parametre(fraction, "periode_1_autres"), parametre(fraction, "periode_1_ssi")),
                parametre(fraction, "periode_2"),
                parametre(fraction, "periode_3"),
            ],
            default=numpy.nan,
        )
        taux[en_outre_mer] = arrondi_superieur(taux[en_outre_mer] * fraction_om[en_outre_mer], parametre(p.outre_mer, "arrondi"))
    part_acre = individu("micro_acre_part_a_payer", period)
    en_acre = numpy.flatnonzero((periode_om == periodes.metropole) & (part_acre < 1))  # ACRE does not combine with outre-mer rates
    if en_acre.size:
        plancher = where(individu("micro_acre_plancher_applicable", period.this_year), numpy.nan_to_num(part_plancher), 0)
        part = max_(part_acre, plancher)[en_acre]
        taux[en_acre] = arrondi_superieur(part * taux[en_acre], parametre(p.acre, "arrondi"))
    return taux


def _plancher_acre(repartition):
    """Share of the global rate that the ACRE rate cannot go below: CSG-CRDS (and other contributions) + RC."""
    return parametre(repartition, "autres_contributions") + parametre(repartition, "retraite_complementaire")


class taux_micro_vente(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux global du mois applicable aux ventes du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-4 a, D756-5"

    def formula(individu, period, parameters):
        p = parameters(period).micro_entrepreneur
        plancher = _plancher_acre(p.repartition.bic)
        return _taux_du_mois(individu, period, parameters, individu.filled_array(p.taux.vente), plancher)


class taux_micro_services_bic(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux global du mois applicable aux prestations de services BIC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-4 d, D756-5"

    def formula(individu, period, parameters):
        p = parameters(period).micro_entrepreneur
        plancher = _plancher_acre(p.repartition.bic)
        return _taux_du_mois(individu, period, parameters, individu.filled_array(p.taux.services_bic), plancher)


class taux_micro_services_bnc(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux global du mois applicable aux recettes BNC du micro-entrepreneur (taux Cipav pour la Cipav)"
    reference = "Code de la sécurité sociale, art. D613-4 b et e, D756-5"

    def formula(individu, period, parameters):
        p = parameters(period).micro_entrepreneur
        categorie = individu("categorie_independant", period)
        cipav = categorie == categorie.possible_values.liberal_cipav
        taux = where(cipav, p.taux.services_bnc_cipav, parametre(p.taux, "services_bnc"))
        plancher = where(cipav, _plancher_acre(p.repartition.bnc_cipav), _plancher_acre(p.repartition.bnc))
        return _taux_du_mois(individu, period, parameters, taux, plancher)


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
        taux = individu.filled_array(parametre(parameters(period).micro_entrepreneur.taux, "meubles_tourisme_classes"))
        return _taux_du_mois(individu, period, parameters, taux, numpy.nan)


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


class cotisations_micro_sociales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales du micro-entrepreneur pour l'année (somme des mois)"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"

    def formula(individu, period):
        return individu("cotisations_micro_sociales_mensuelles", period, options=[ADD])


class cotisations_micro_vente_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les ventes du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_vente des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_vente", period, options=[ADD])


class cotisations_micro_services_bic_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les prestations de services BIC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_services_bic des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_services_bic", period, options=[ADD])


class cotisations_micro_services_bnc_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les recettes BNC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_services_bnc des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_services_bnc", period, options=[ADD])


class cotisations_micro_meubles_tourisme_classes_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les meublés de tourisme classés du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_meubles_tourisme_classes des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_meubles_tourisme_classes", period, options=[ADD])
