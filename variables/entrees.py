"""Inputs of the classic regime (public names of the contract)."""

import numpy
from openfisca_core.model_api import ETERNITY, YEAR, Enum, Variable, date

from openfisca_independants.outils import code_unique, verifier_departements
from openfisca_independants.entities import Individu


class TypesCategorieIndependant(Enum):
    __order__ = (
        "artisan commercant liberal_non_reglemente liberal_cipav medecin chirurgien_dentiste sage_femme auxiliaire_medical "
        "pharmacien veterinaire expert_comptable notaire officier_ministeriel agent_general_assurance avocat"
    )
    artisan = "Artisan (inscrit au répertoire des métiers)"
    commercant = "Commerçant"
    liberal_non_reglemente = "Profession libérale non réglementée affiliée à la SSI"
    liberal_cipav = "Profession libérale relevant de la Cipav (retraite de base CNAVPL)"
    medecin = "Médecin (CNAVPL, CARMF)"
    chirurgien_dentiste = "Chirurgien-dentiste (CNAVPL, CARCDSF)"
    sage_femme = "Sage-femme (CNAVPL, CARCDSF)"
    auxiliaire_medical = "Auxiliaire médical : infirmier, masseur-kinésithérapeute, pédicure-podologue, orthophoniste, orthoptiste (CNAVPL, CARPIMKO)"
    pharmacien = "Pharmacien (CNAVPL, CAVP)"
    veterinaire = "Vétérinaire (CNAVPL, CARPV)"
    expert_comptable = "Expert-comptable, commissaire aux comptes (CNAVPL, CAVEC)"
    notaire = "Notaire (CNAVPL, CPRN)"
    officier_ministeriel = "Officier ministériel, officier public ou de justice : commissaire de justice, greffier de tribunal de commerce… (CNAVPL, CAVOM)"
    agent_general_assurance = "Agent général d'assurance (CNAVPL, CAVAMAC)"
    avocat = "Avocat (CNBF)"


class categorie_independant(Variable):
    value_type = Enum
    possible_values = TypesCategorieIndependant
    default_value = TypesCategorieIndependant.commercant
    entity = Individu
    definition_period = ETERNITY
    label = "Catégorie de travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L611-1, L631-1, L640-1, L641-1, L651-1"
    documentation = (
        "liberal_non_reglemente : profession libérale non réglementée affiliée à la sécurité "
        "sociale des indépendants (mêmes règles que les artisans et commerçants) ; "
        "liberal_cipav : profession libérale réglementée, ou non réglementée restée à la Cipav ; "
        "les onze valeurs suivantes : les professions libérales réglementées des autres sections "
        "de la CNAVPL (art. L641-1) et les avocats (CNBF, art. L651-1), chacune avec la caisse de "
        "retraite complémentaire et d'invalidité-décès de sa section."
    )


class revenu_professionnel(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Revenu professionnel annuel, après déduction des cotisations sociales obligatoires"
    reference = "Code de la sécurité sociale, art. L131-6"
    documentation = (
        "Résultat fiscal de l'activité indépendante (définition antérieure à la réforme de "
        "l'assiette de 2025) ; la CSG-CRDS non déductible y reste. Peut être négatif (déficit) : "
        "les cotisations minimales s'appliquent alors."
    )


class date_debut_activite(Variable):
    value_type = date
    default_value = date.fromisoformat("1970-01-01")
    entity = Individu
    definition_period = ETERNITY
    label = "Date de début d'activité (création ou reprise de l'entreprise)"
    reference = "Code de la sécurité sociale, art. R131-3"
    documentation = "Par défaut le 1er janvier 1970 : activité installée de longue date."


class acre(Variable):
    value_type = bool
    entity = Individu
    definition_period = ETERNITY
    label = "Bénéficiaire de l'aide à la création ou à la reprise d'entreprise (ACRE) à la création"
    reference = "Code de la sécurité sociale, art. L131-6-4"


class departement(Variable):
    value_type = str
    default_value = "75"
    entity = Individu
    definition_period = ETERNITY
    label = "Département de l'établissement (code INSEE : 75, 2A, 974…)"
    reference = "Code officiel géographique (INSEE)"
    documentation = (
        "Outre-mer : 971 à 974 et 976 (Mayotte) ; 975, 977 et 978 pour Saint-Pierre-et-Miquelon, "
        "Saint-Barthélemy et Saint-Martin. Un code qui n'est pas un code INSEE de département est "
        "refusé, dans les deux régimes (departement_verifie)."
    )


class departement_verifie(Variable):
    value_type = str
    entity = Individu
    definition_period = ETERNITY
    label = "Département de l'établissement, après vérification que c'est un code INSEE"
    reference = "Code officiel géographique (INSEE)"
    documentation = (
        "La seule lecture de departement par les règles : un code inconnu (« 99 », « ZZ »…) est "
        "refusé en nommant la ligne, au lieu d'être traité comme la métropole."
    )

    def formula(individu, period):
        if not individu.get_holder("departement").get_known_periods():  # the default everywhere: not read row by row
            defaut = numpy.array(individu.simulation.tax_benefit_system.variables["departement"].default_value, dtype=object)
            return code_unique(numpy.broadcast_to(defaut, (individu.count,)))  # one value seen by every row (read-only)
        departement = individu("departement", period)
        verifier_departements(departement)
        return departement


class date_fin_activite(Variable):
    value_type = date
    default_value = date.fromisoformat("2100-12-31")
    entity = Individu
    definition_period = ETERNITY
    label = "Date de cessation d'activité"
    reference = "Code de la sécurité sociale, art. R131-3"
    documentation = "Par défaut le 31 décembre 2100 : pas de cessation."
