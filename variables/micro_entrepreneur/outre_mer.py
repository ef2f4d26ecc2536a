"""Outre-mer micro-social rates (CSS D756-5): who is established in a territory it covers, and
the period of its rate each month."""

import numpy
from openfisca_core.model_api import MONTH, YEAR, Enum, Variable, select, where

from openfisca_independants.dates import annee, en_date, trimestre_absolu
from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.outils import code_dans


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
