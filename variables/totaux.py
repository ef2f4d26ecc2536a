"""Totals of the contract."""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_independants.entities import Individu
from openfisca_independants.outils import somme

COTISATIONS_SOCIALES = (
    "maladie_maternite",
    "indemnites_journalieres",
    "allocations_familiales",
    "retraite_de_base",
    "retraite_complementaire",
    "invalidite_deces",
    "prestations_complementaires_vieillesse",
)

CONTRIBUTIONS = (
    "csg_deductible",
    "csg_non_deductible",
    "crds",
    "formation_professionnelle",
    "contribution_maladie_mayotte",
    "contribution_curps",
)


class cotisations_sociales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations sociales obligatoires du travailleur indépendant (régime classique)"
    reference = "Code de la sécurité sociale, livre VI"
    documentation = (
        "Somme des cotisations : maladie 1, IJ, allocations familiales, retraite de base, retraite "
        "complémentaire, invalidité-décès et, pour les professionnels de santé conventionnés, PCV/ASV."
    )

    def formula(individu, period):
        return somme(individu, period, COTISATIONS_SOCIALES)


class total_cotisations_contributions(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Total des cotisations et contributions sociales payées à l'URSSAF pour l'année"
    reference = "Code de la sécurité sociale, art. L131-6 et L136-3"
    documentation = (
        "Régime classique : cotisations sociales + CSG + CRDS + CFP (+ à Mayotte la contribution de "
        "l'art. 28-3) + cotisations du conjoint collaborateur. Micro-entrepreneur : "
        "cotisations micro-sociales + CFP. Hors taxe pour frais de chambre et versement libératoire."
    )

    def formula(individu, period):
        est_micro = individu("micro_entrepreneur", period)
        if est_micro.all():  # the classic rules start in 2019, the micro ones in 2009
            return individu("cotisations_micro_sociales", period) + individu("formation_professionnelle", period)
        micro = None
        if est_micro.any():  # the micro-entrepreneurs' rows: their own total
            micro = numpy.flatnonzero(est_micro)
            total_micro = individu("cotisations_micro_sociales", period)[micro] + individu("formation_professionnelle", period)[micro]
        # cotisations sociales + (Σ contributions) + conjoint collaborateur, added in place
        total = numpy.add(individu("cotisations_sociales", period), somme(individu, period, CONTRIBUTIONS))
        total += individu("conjoint_collaborateur_cotisations", period)
        if micro is not None:
            total[micro] = total_micro
        return total
