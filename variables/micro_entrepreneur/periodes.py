"""Start-of-activity periods of the micro-social regime: ACRE steps and outre-mer periods (by month)."""

import numpy
from openfisca_core.model_api import ETERNITY, MONTH, YEAR, Enum, Variable, select, where

from openfisca_independants.dates import annee, debut_trimestre, en_date, mois_absolu, trimestre_absolu
from openfisca_independants.entities import Individu
from openfisca_independants.outils import code_dans
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.parametres import valeurs_aux_dates


class trimestre_debut_activite(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    label = "Trimestre civil du début d'activité, compté depuis le 1er trimestre 1970"
    reference = "Code de la sécurité sociale, art. R131-3"

    def formula(individu, period):
        return trimestre_absolu(individu("date_debut_activite", period))


class mois_debut_activite(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    label = "Mois du début d'activité, compté depuis janvier 1970"
    reference = "Code de la sécurité sociale, art. R131-3"

    def formula(individu, period):
        return mois_absolu(individu("date_debut_activite", period))


def _part_periode(individu, period, parameters, rang):
    """Share of ACRE period `rang` (1, 2 or 3), read at the date that period begins."""
    p = parameters(period).micro_entrepreneur.acre
    historique = individu.simulation.tax_benefit_system.parameters.micro_entrepreneur.acre.part_a_payer
    debut = individu("date_debut_activite", period)
    decalage = {"periode_1": None, "periode_2": p.duree_premiere_periode,
                "periode_3": p.duree_premiere_periode + p.duree_periodes_suivantes}[rang]
    if decalage is not None:
        debut = debut_trimestre(individu("trimestre_debut_activite", period) + decalage)
    return valeurs_aux_dates(getattr(historique, rang), debut, 1)


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
        p = parameters(period).micro_entrepreneur.acre
        annee = period.this_year
        ecart = trimestre_absolu(en_date(period.start)) - individu("trimestre_debut_activite", period)
        fin_1 = p.duree_premiere_periode
        fin_2 = fin_1 + p.duree_periodes_suivantes
        part = select(
            [ecart < fin_1, ecart < fin_2],
            [individu("micro_acre_part_premiere_periode", annee), individu("micro_acre_part_deuxieme_periode", annee)],
            default=individu("micro_acre_part_troisieme_periode", annee),
        )
        applicable = (
            acre
            & (mois_absolu(en_date(period.start)) >= individu("mois_debut_activite", period))
            & (ecart < individu("micro_acre_duree", annee))
        )
        return where(applicable, part, 1)


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


class etablissement_outre_mer_micro(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Micro-entrepreneur établi dans un territoire d'outre-mer couvert par l'article D756-5"
    reference = "Code de la sécurité sociale, art. D756-5"

    def formula(individu, period, parameters):
        territoires = parameters(period).territoires
        departement = individu("departement_verifie", period)
        micro = individu("micro_entrepreneur", period)
        a_mayotte = micro & code_dans(departement, territoires.mayotte)
        if a_mayotte.any():
            raise SituationNonModelisee(
                "departement",
                "departement '976' (Mayotte): the micro-social rates of Mayotte are not in the sources "
                "of the model.",
                numpy.flatnonzero(a_mayotte),
            )
        return micro & code_dans(departement, territoires.outre_mer)


class TypesPeriodeOutreMer(Enum):
    __order__ = "metropole periode_1 periode_2 periode_3"
    metropole = "Taux métropolitains"
    periode_1 = "Outre-mer, jusqu'à la fin du 7e trimestre civil suivant le début d'activité"
    periode_2 = "Outre-mer, jusqu'à la fin de la 3e année civile d'activité"
    periode_3 = "Outre-mer, à partir de la 4e année civile d'activité"


class micro_periode_outre_mer(Variable):
    value_type = Enum
    possible_values = TypesPeriodeOutreMer
    default_value = TypesPeriodeOutreMer.metropole
    entity = Individu
    definition_period = MONTH
    label = "Période du taux micro-social d'outre-mer (D756-5) du mois"
    reference = "Code de la sécurité sociale, art. D756-5"

    def formula(individu, period, parameters):
        p = parameters(period).micro_entrepreneur.outre_mer
        periodes = TypesPeriodeOutreMer
        outre_mer = individu("etablissement_outre_mer_micro", period.this_year)
        if not outre_mer.any():
            return individu.filled_array(periodes.metropole.index)
        if numpy.isnan(getattr(p.fraction, "periode_2", numpy.nan)):
            raise SituationNonModelisee(
                "departement",
                f"outre-mer micro-social rates before 2017 (D756-5 as of décret 2017-972) are not modelled ({period}).",
                numpy.flatnonzero(outre_mer),
            )
        ecart = trimestre_absolu(en_date(period.start)) - individu("trimestre_debut_activite", period)
        annee_activite = annee(en_date(period.start)) - annee(individu("date_debut_activite", period)) + 1
        periode = select(
            [ecart <= p.fin_periode_1, annee_activite <= p.fin_periode_2],
            [periodes.periode_1.index, periodes.periode_2.index],
            default=periodes.periode_3.index,
        )
        return where(outre_mer, periode, periodes.metropole.index)
