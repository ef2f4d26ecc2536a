"""ACRE of the micro-entrepreneur (CSS L131-6-4, D131-6-3; décret n° 2019-1215): the share of the
normal rate due in each ACRE period, read at the date that period begins."""

from openfisca_core.model_api import MONTH, YEAR, Variable

from openfisca_independants.entities import Individu
from openfisca_independants.micro import part_acre_du_mois, part_acre_periode
from openfisca_independants.parametres import valeurs_aux_dates


def _part_periode(individu, period, parameters, rang):
    """Share of ACRE period `rang` (1, 2 or 3), read at the date that period begins."""
    return part_acre_periode(
        individu.simulation.tax_benefit_system.parameters, period, individu("date_debut_activite", period),
        individu("trimestre_debut_activite", period), rang,
    )


class micro_acre_part_premiere_periode(Variable):
    value_type = float
    default_value = 1
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part du taux normal due pendant la première période d'ACRE du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D131-6-3 ; décret n° 2019-1215"

    def formula(individu, period, parameters):
        return _part_periode(individu, period, parameters, "periode_1")


class micro_acre_part_deuxieme_periode(Variable):
    value_type = float
    default_value = 1
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part du taux normal due pendant la deuxième période d'ACRE du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D131-6-3 ; décret n° 2019-1215"

    def formula(individu, period, parameters):
        return _part_periode(individu, period, parameters, "periode_2")


class micro_acre_part_troisieme_periode(Variable):
    value_type = float
    default_value = 1
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part du taux normal due pendant la troisième période d'ACRE du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. D131-6-3 ; décret n° 2019-1215"

    def formula(individu, period, parameters):
        return _part_periode(individu, period, parameters, "periode_3")


class micro_acre_duree(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "quarter"
    label = "Durée de l'ACRE du micro-entrepreneur en trimestres civils, selon sa date de début d'activité"
    reference = "Code de la sécurité sociale, art. D131-6-3 ; décret n° 2019-1215"

    def formula(individu, period):
        historique = individu.simulation.tax_benefit_system.parameters.micro_entrepreneur.acre
        return valeurs_aux_dates(historique.duree_totale, individu("date_debut_activite", period), 0)


class micro_acre_part_a_payer(Variable):
    value_type = float
    default_value = 1
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Part du taux normal due ce mois-ci par le micro-entrepreneur bénéficiaire de l'ACRE"
    reference = ("Code de la sécurité sociale, art. L131-6-4 et D131-6-3", "Décret n° 2019-1215 du 20 novembre 2019")
    documentation = (
        "1 hors ACRE. Périodes : du mois de début d'activité à la fin du 3e trimestre civil qui "
        "suit celui du début d'activité, puis (créations antérieures à 2020) deux périodes de "
        "quatre trimestres civils ; la part de chaque période est lue à sa date de début "
        "(paramètre micro_entrepreneur.acre, qui documente cette lecture)."
    )

    def formula(individu, period, parameters):
        acre = individu("acre", period)
        if not acre.any():
            return individu.filled_array(1.0)
        annee = period.this_year
        parts = [individu(f"micro_acre_part_{rang}_periode", annee) for rang in ("premiere", "deuxieme", "troisieme")]
        return part_acre_du_mois(
            parameters(period).micro_entrepreneur.acre, period, acre, individu("trimestre_debut_activite", period),
            individu("mois_debut_activite", period), parts, individu("micro_acre_duree", annee),
        )


class micro_acre_plancher_applicable(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le taux ACRE du micro-entrepreneur est au moins égal aux parts CSG-CRDS et retraite complémentaire"
    reference = "Décret n° 2019-1215 du 20 novembre 2019"

    def formula(individu, period):
        historique = individu.simulation.tax_benefit_system.parameters.micro_entrepreneur.acre
        debut = individu("date_debut_activite", period)
        return valeurs_aux_dates(historique.plancher_csg_retraite_complementaire, debut, 0) > 0
