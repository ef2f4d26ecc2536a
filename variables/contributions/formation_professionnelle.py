"""Contribution à la formation professionnelle (CFP), classic regime."""

import numpy
from openfisca_core.model_api import ADD, YEAR, Variable, where

from openfisca_independants import regles
from openfisca_independants.entities import Individu
from openfisca_independants.micro import ACTIVITES


class formation_professionnelle(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Contribution à la formation professionnelle du travailleur indépendant"
    reference = "Code du travail, art. L6331-48"
    documentation = (
        "Régime classique : montant forfaitaire, taux de la catégorie × PASS ; les professions libérales "
        "(SSI ou Cipav) ont le même taux ; rien pour une année "
        "sans aucun jour d'activité (activite_dans_l_annee). Micro-entrepreneur : "
        "somme des contributions mensuelles sur le chiffre d'affaires (taux de l'art. L6331-48 selon l'activité)."
    )

    def formula(individu, period, parameters):
        micro = individu("micro_entrepreneur", period)
        cfp_micro = individu("formation_professionnelle_micro", period) if micro.any() else 0  # the months' sum
        if micro.all():
            return cfp_micro
        p = parameters(period).contributions.formation_professionnelle
        taux = individu("formation_professionnelle_taux", period)
        # Due for the year: on the annual PASS, not prorated for an incomplete year.
        pass_annuel = parameters(period).prelevements_sociaux.pss.plafond_securite_sociale_annuel
        cfp_classique = where(individu("activite_dans_l_annee", period), taux * p.assiette * pass_annuel, 0)
        return where(micro, cfp_micro, cfp_classique)


class formation_professionnelle_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la contribution à la formation professionnelle (régime classique)"
    reference = "Code du travail, art. L6331-48"
    documentation = (
        "Taux de la catégorie (artisan, commerçant, profession libérale ; taux propre avec un "
        "conjoint collaborateur, hors artisans) appliqué au PASS. Micro-entrepreneur : 0, le taux "
        "dépend de l'activité (formation_professionnelle_micro_taux_*)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).contributions.formation_professionnelle
        categorie = individu("categorie_independant", period)
        categories = categorie.possible_values
        propres = {categories.artisan: p.taux.artisan, categories.commercant: p.taux.commercant}
        taux = regles.base.par_categorie(categorie, numpy.array([propres.get(c, p.taux.liberal) for c in categories], dtype=numpy.float32))
        avec_conjoint = individu("conjoint_collaborateur", period) & (categorie != categories.artisan)
        if avec_conjoint.any():
            taux = where(avec_conjoint, p.taux.avec_conjoint_collaborateur, taux)
        micro = individu("micro_entrepreneur", period)
        return where(micro, 0, taux) if micro.any() else taux


class formation_professionnelle_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette de la contribution à la formation professionnelle"
    reference = "Code du travail, art. L6331-48"
    documentation = (
        "Régime classique : assiette forfaitaire, le PASS annuel (non proratisé). "
        "Micro-entrepreneur : le chiffre d'affaires de l'année."
    )

    def formula(individu, period, parameters):
        p = parameters(period).contributions.formation_professionnelle
        forfait = p.assiette * regles.base.pass_annuel(parameters, period)
        micro = individu("micro_entrepreneur", period)
        if not micro.any():
            return individu.filled_array(forfait)
        chiffre = individu.filled_array(0.0)
        for activite in ACTIVITES:
            chiffre = chiffre + individu(f"chiffre_affaires_{activite}", period, options=[ADD])
        return where(micro, chiffre, forfait)
