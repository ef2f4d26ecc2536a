"""Provisional forfait contributions of the first years of activity (classic regime)."""

import numpy
from openfisca_core.model_api import YEAR, Variable, where

from openfisca_independants import classique
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
    reference = "Fiche législative §3.11"
    documentation = "Régime classique, années civiles 1 et 2 d'activité (lecture documentée dans le paramètre debut_activite)."

    def formula(individu, period, parameters):
        rang = individu("annee_activite", period)
        nombre = parameters(period).debut_activite.nombre_annees
        return ~individu("micro_entrepreneur", period) & (rang >= 1) & (rang <= nombre)


def _bases(individu, period, parameters):
    """(general forfait base, maladie-IJ forfait base) of the year, after checking they are known."""
    p = parameters(period).debut_activite
    forfait, forfait_maladie = parametre(p, "assiette_forfaitaire"), parametre(p, "assiette_forfaitaire_maladie")
    if numpy.isnan(forfait) and individu("debut_activite_forfait_applicable", period).any():
        raise SituationNonModelisee(
            "date_debut_activite", f"the forfait bases of the first years of activity in {period} are not in the model's sources (2022 on)."
        )
    pss = individu("plafond_securite_sociale", period)
    return numpy.nan_to_num(forfait) * pss, numpy.nan_to_num(forfait_maladie) * pss


def _provisionnel(individu, period, montant, base, acre=True):
    """A provisional line: due only in the first years, net of the ACRE computed on the forfait base."""
    if acre:
        montant = montant * (1 - individu("acre_taux_exoneration_forfait", period))
    return where(individu("debut_activite_forfait_applicable", period), montant, 0)


class acre_taux_exoneration_forfait(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part des cotisations provisionnelles exonérables retirée par l'ACRE (assiette forfaitaire)"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"

    def formula(individu, period, parameters):
        base, _ = _bases(individu, period, parameters)
        return classique.taux_exoneration_acre(individu, period, parameters, base)


class cotisations_provisionnelles_maladie_maternite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle maladie-maternité (maladie 1) de début d'activité, sur 40 % du PSS"
    reference = "Fiche législative §3.11"

    def formula(individu, period, parameters):
        _, base = _bases(individu, period, parameters)
        montant = where(
            individu("est_cipav", period),
            classique.maladie_pl(individu, period, parameters, base),
            classique.maladie_ssi(individu, period, parameters, base).maladie_1,
        )
        return _provisionnel(individu, period, montant, base)


class cotisations_provisionnelles_indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle d'indemnités journalières de début d'activité, sur 40 % du PSS"
    reference = "Fiche législative §3.11"

    def formula(individu, period, parameters):
        _, base = _bases(individu, period, parameters)
        montant = where(
            individu("est_cipav", period),
            classique.indemnites_journalieres_pl(individu, period, parameters, base),
            classique.maladie_ssi(individu, period, parameters, base).ij,
        )
        return _provisionnel(individu, period, montant, base)


class cotisations_provisionnelles_allocations_familiales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle d'allocations familiales de début d'activité, sur 19 % du PSS"
    reference = "Fiche législative §3.11"

    def formula(individu, period, parameters):
        base, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, classique.allocations_familiales(individu, period, parameters, base), base)


class cotisations_provisionnelles_retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle de retraite de base de début d'activité, sur 19 % du PSS"
    reference = "Fiche législative §3.11"

    def formula(individu, period, parameters):
        base, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, classique.retraite_de_base(individu, period, parameters, base), base)


class cotisations_provisionnelles_retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle de retraite complémentaire de début d'activité, sur 19 % du PSS"
    reference = "Fiche législative §3.11"

    def formula(individu, period, parameters):
        base, _ = _bases(individu, period, parameters)
        montant = classique.retraite_complementaire(individu, period, parameters, base)
        return _provisionnel(individu, period, montant, base, acre=False)


class cotisations_provisionnelles_invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation provisionnelle d'invalidité-décès de début d'activité, sur 19 % du PSS"
    reference = "Fiche législative §3.11"

    def formula(individu, period, parameters):
        base, _ = _bases(individu, period, parameters)
        return _provisionnel(individu, period, classique.invalidite_deces(individu, period, parameters, base), base)


class cotisations_provisionnelles_csg_crds(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "CSG-CRDS provisionnelle de début d'activité, sur 19 % du PSS"
    reference = "Fiche législative §3.11"
    documentation = "9,7 % de l'assiette forfaitaire, sans réintégration des cotisations (barème URSSAF 2024 : 855 € sur 8 810 €)."

    def formula(individu, period, parameters):
        base, _ = _bases(individu, period, parameters)
        p = parameters(period).contributions
        taux = p.csg.taux_deductible + p.csg.taux_non_deductible + p.crds.taux
        return _provisionnel(individu, period, taux * base, base, acre=False)


class cotisations_provisionnelles_debut_activite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Total des cotisations et contributions provisionnelles de début d'activité (CFP comprise)"
    reference = "Fiche législative §3.11"
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
