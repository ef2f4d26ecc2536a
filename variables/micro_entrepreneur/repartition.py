"""Split of the micro-entrepreneur's global contribution between the risks (CSS art. D613-6)."""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_independants.entities import Individu
from openfisca_independants.micro import cotisations_des_mois, mois_complets, regime_micro_seulement
from openfisca_independants.parametres import parametre


@regime_micro_seulement
def _part_du_risque(individu, period, parameters, risque):
    """Sum over the months of each activity group's contribution of the month × that month's share,
    in the arithmetic of the monthly sum (the contributions of the months from cotisations_des_mois)."""
    total = individu.empty_array()
    cipav = individu("est_cipav", period)
    zero = individu.empty_array()
    for mois, montants in mois_complets(cotisations_des_mois(individu, period, ("vente", "services_bic", "services_bnc"))):
        repartition = parameters(mois).micro_entrepreneur.repartition
        bic = montants.get("vente", zero) + montants.get("services_bic", zero)
        bnc = montants.get("services_bnc", zero)
        part_bnc = numpy.where(cipav, parametre(repartition.bnc_cipav, risque), parametre(repartition.bnc, risque))
        total = total + numpy.nan_to_num(bic * parametre(repartition.bic, risque)) + numpy.nan_to_num(bnc * part_bnc)
    return total


class cotisations_micro_maladie_maternite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part maladie-maternité (IJ comprises) des cotisations du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-6"

    def formula(individu, period, parameters):
        return _part_du_risque(individu, period, parameters, "maladie_maternite")


class cotisations_micro_invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part invalidité-décès des cotisations du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-6"

    def formula(individu, period, parameters):
        return _part_du_risque(individu, period, parameters, "invalidite_deces")


class cotisations_micro_retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part retraite de base des cotisations du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-6"

    def formula(individu, period, parameters):
        return _part_du_risque(individu, period, parameters, "retraite_de_base")


class cotisations_micro_retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part retraite complémentaire des cotisations du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-6"

    def formula(individu, period, parameters):
        return _part_du_risque(individu, period, parameters, "retraite_complementaire")


class cotisations_micro_autres_contributions(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part CSG-CRDS, allocations familiales et autres contributions des cotisations du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D613-6"

    def formula(individu, period, parameters):
        return _part_du_risque(individu, period, parameters, "autres_contributions")


class cotisations_micro_non_reparties(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations du micro-entrepreneur sans répartition D613-6 connue"
    reference = "Code de la sécurité sociale, art. D613-6"
    documentation = (
        "Meublés de tourisme classés (aucune répartition publiée) et mois antérieurs à la première "
        "répartition connue (octobre 2022 pour la SSI, juillet 2021 pour la Cipav). Les six parts "
        "somment à cotisations_micro_sociales."
    )

    def formula(individu, period):
        reparties = (
            individu("cotisations_micro_maladie_maternite", period)
            + individu("cotisations_micro_invalidite_deces", period)
            + individu("cotisations_micro_retraite_de_base", period)
            + individu("cotisations_micro_retraite_complementaire", period)
            + individu("cotisations_micro_autres_contributions", period)
        )
        return individu("cotisations_micro_sociales", period) - reparties
