"""Start-of-activity periods of the micro-social regime: ACRE steps and outre-mer periods (by month)."""

import numpy
from openfisca_core.model_api import MONTH, Enum, Variable, select, where

from openfisca_independants.dates import annee, debut_trimestre, en_date, mois_absolu, trimestre_absolu
from openfisca_independants.entities import Individu
from openfisca_independants.outils import code_dans, verifier_departements
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.micro import valeurs_aux_dates


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
        p = parameters(period).micro_entrepreneur.acre
        historique = individu.simulation.tax_benefit_system.parameters.micro_entrepreneur.acre
        debut = individu("date_debut_activite", period)
        ecart = trimestre_absolu(en_date(period.start)) - trimestre_absolu(debut)
        fin_1 = p.duree_premiere_periode
        fin_2 = fin_1 + p.duree_periodes_suivantes
        en_periode_1 = ecart < fin_1
        en_periode_2 = ~en_periode_1 & (ecart < fin_2)
        part = select(
            [en_periode_1, en_periode_2],
            [
                valeurs_aux_dates(historique.part_a_payer.periode_1, debut, 1),
                valeurs_aux_dates(historique.part_a_payer.periode_2, debut_trimestre(trimestre_absolu(debut) + fin_1), 1),
            ],
            default=valeurs_aux_dates(historique.part_a_payer.periode_3, debut_trimestre(trimestre_absolu(debut) + fin_2), 1),
        )
        duree_totale = valeurs_aux_dates(historique.duree_totale, debut, 0)
        applicable = (
            individu("acre", period)
            & (mois_absolu(en_date(period.start)) >= mois_absolu(debut))
            & (ecart < duree_totale)
        )
        return where(applicable, part, 1)


class micro_acre_plancher_applicable(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Le taux ACRE du micro-entrepreneur est au moins égal aux parts CSG-CRDS et retraite complémentaire"
    reference = "Décret n° 2019-1215 du 20 novembre 2019"

    def formula(individu, period):
        historique = individu.simulation.tax_benefit_system.parameters.micro_entrepreneur.acre
        debut = individu("date_debut_activite", period)
        return valeurs_aux_dates(historique.plancher_csg_retraite_complementaire, debut, 0) > 0


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
        departement = individu("departement", period)
        verifier_departements(departement)
        micro = individu("micro_entrepreneur", period.this_year)
        if (micro & code_dans(departement, p.mayotte)).any():
            raise SituationNonModelisee(
                "departement",
                "departement '976' (Mayotte): the micro-social rates of Mayotte are not in the sources "
                "of the model (outremer_and_micro_history.md A.7).",
            )
        outre_mer = micro & code_dans(departement, p.territoires)
        periodes = TypesPeriodeOutreMer
        if not outre_mer.any():
            return individu.filled_array(periodes.metropole.index)
        if numpy.isnan(getattr(p.fraction, "periode_2", numpy.nan)):
            raise SituationNonModelisee(
                "departement",
                f"outre-mer micro-social rates before 2017 (D756-5 as of décret 2017-972) are not modelled ({period}).",
            )
        debut = individu("date_debut_activite", period)
        ecart = trimestre_absolu(en_date(period.start)) - trimestre_absolu(debut)
        annee_activite = annee(en_date(period.start)) - annee(debut) + 1
        periode = select(
            [ecart <= p.fin_periode_1, annee_activite <= p.fin_periode_2],
            [periodes.periode_1.index, periodes.periode_2.index],
            default=periodes.periode_3.index,
        )
        return where(outre_mer, periode, periodes.metropole.index)
