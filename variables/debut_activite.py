"""Provisional forfait contributions of the first years of activity (classic regime)."""

import numpy
from openfisca_core.model_api import YEAR, Variable, where

from openfisca_independants import regles
from openfisca_independants.dates import annee
from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.parametres import parametre


class annee_activite(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    label = "Rang de l'année civile d'activité (1 pour l'année du début d'activité)"
    reference = "Code de la sécurité sociale, art. R131-3"

    def formula(individu, period):
        return period.start.year - annee(individu("date_debut_activite", period)) + 1


class debut_activite_forfait_applicable(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Cotisations provisionnelles forfaitaires de début d'activité appelées cette année"
    reference = "Code de la sécurité sociale, art. R131-2-1 et D131-1"
    documentation = "Régime classique, années civiles 1 et 2 d'activité (lecture documentée dans le paramètre debut_activite)."

    def formula(individu, period, parameters):
        rang = individu("annee_activite", period)
        nombre = parameters(period).debut_activite.nombre_annees
        return ~individu("micro_entrepreneur", period) & (rang >= 1) & (rang <= nombre)


def _bases(individu, period, parameters):
    """(general forfait base, maladie forfait base, IJ forfait base), after checking they are known."""
    p = parameters(period).debut_activite
    forfait = parametre(p, "assiette_forfaitaire")
    applicable = individu("debut_activite_forfait_applicable", period)
    if numpy.isnan(forfait) and applicable.any():
        raise SituationNonModelisee(
            "date_debut_activite", f"the forfait bases of the first years of activity in {period} are not in the model's sources (2022 on).",
            numpy.flatnonzero(applicable),
        )
    pss = individu("plafond_securite_sociale", period)
    pss_ij = regles.base.pass_annuel(parameters, period) if parameters(period).cotisations.indemnites_journalieres.pass_annuel else pss
    return (
        numpy.nan_to_num(forfait) * pss,
        numpy.nan_to_num(parametre(p, "assiette_forfaitaire_maladie")) * pss,
        numpy.nan_to_num(parametre(p, "assiette_forfaitaire_indemnites_journalieres")) * pss_ij,
    )


def _provisionnel(individu, period, parameters, risque, base):
    """A provisional line on its forfait base, net of the exemptions of that contribution (the ACRE
    computed on that base); due only in the first years of activity."""
    regle = getattr(regles, risque)
    montant = regle.brute(individu, period, parameters, base)
    montant = regles.exonerations.nette(individu, period, parameters, risque, montant, regle.brute, base)
    return where(individu("debut_activite_forfait_applicable", period), montant, 0)


class cotisations_provisionnelles_maladie_maternite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle maladie-maternité de début d'activité (40 % du PSS ; 19 % depuis 2025)"
    reference = (
        "Code de la sécurité sociale, art. R131-2-1 et D131-1",
        "mon-entreprise (URSSAF), modele-ti, règle « indépendant . cotisations et contributions . début activité . assiette forfaitaire »",
    )

    def formula(individu, period, parameters):
        _, base, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, parameters, "maladie_maternite", base)


class cotisations_provisionnelles_indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle d'indemnités journalières de début d'activité, sur 40 % du PSS"
    reference = "Code de la sécurité sociale, art. R131-2-1, D131-1 et D621-3 I"

    def formula(individu, period, parameters):
        _, _, base = _bases(individu, period, parameters)
        return _provisionnel(individu, period, parameters, "indemnites_journalieres", base)


class cotisations_provisionnelles_allocations_familiales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle d'allocations familiales de début d'activité, sur 19 % du PSS"
    reference = "Code de la sécurité sociale, art. R131-2-1 et D131-1"

    def formula(individu, period, parameters):
        base, _, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, parameters, "allocations_familiales", base)


class cotisations_provisionnelles_retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle de retraite de base de début d'activité, sur 19 % du PSS"
    reference = "Code de la sécurité sociale, art. R131-2-1 et D131-1"

    def formula(individu, period, parameters):
        base, _, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, parameters, "retraite_de_base", base)


class cotisations_provisionnelles_retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle de retraite complémentaire de début d'activité, sur 19 % du PSS"
    reference = "Code de la sécurité sociale, art. R131-2-1 et D131-1"

    def formula(individu, period, parameters):
        base, _, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, parameters, "retraite_complementaire", base)


class cotisations_provisionnelles_invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle d'invalidité-décès de début d'activité, sur 19 % du PSS"
    reference = "Code de la sécurité sociale, art. R131-2-1 et D131-1"

    def formula(individu, period, parameters):
        base, _, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, parameters, "invalidite_deces", base)


class cotisations_provisionnelles_csg_crds(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "CSG-CRDS provisionnelle de début d'activité, sur 19 % du PSS"
    reference = (
        "Code de la sécurité sociale, art. R131-2-1 et D131-1",
        "mon-entreprise (URSSAF), modele-ti, règle « indépendant . cotisations et contributions . début activité . assiette forfaitaire »",
    )
    documentation = "9,7 % de l'assiette forfaitaire, sans réintégration des cotisations ni abattement (barème URSSAF 2024 : 855 € sur 8 810 €)."

    def formula(individu, period, parameters):
        base, _, _ = _bases(individu, period, parameters)
        p = parameters(period).contributions
        taux = p.csg.taux_deductible + p.csg.taux_non_deductible + p.crds.taux
        montant = where(individu("micro_entrepreneur", period), 0, taux * base)
        return where(individu("debut_activite_forfait_applicable", period), montant, 0)


class cotisations_provisionnelles_debut_activite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Total des cotisations et contributions provisionnelles de début d'activité (CFP comprise)"
    reference = "Code de la sécurité sociale, art. R131-2-1 et D131-1"
    documentation = "Appelées avant régularisation ; les variables du contrat donnent les montants définitifs."

    def formula(individu, period):
        lignes = (
            individu("cotisations_provisionnelles_maladie_maternite", period)
            + individu("cotisations_provisionnelles_indemnites_journalieres", period)
            + individu("cotisations_provisionnelles_allocations_familiales", period)
            + individu("cotisations_provisionnelles_retraite_de_base", period)
            + individu("cotisations_provisionnelles_retraite_complementaire", period)
            + individu("cotisations_provisionnelles_invalidite_deces", period)
            + individu("cotisations_provisionnelles_csg_crds", period)
        )
        cfp = where(individu("debut_activite_forfait_applicable", period), individu("formation_professionnelle", period), 0)
        return lignes + cfp
