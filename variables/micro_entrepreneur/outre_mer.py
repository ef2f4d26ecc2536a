"""Outre-mer micro-social rates (CSS D756-5): who is established in a territory it covers, and
the period of its rate each month."""

import numpy
from openfisca_core.model_api import ETERNITY, MONTH, YEAR, Enum, Variable

from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.micro import TypesPeriodeOutreMer, departement_dans, periode_outre_mer_du_mois, rang_des_departements


class departement_rang(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    label = "Rang du département de l'établissement dans la liste des codes INSEE"
    reference = "Code officiel géographique (INSEE)"
    documentation = (
        "Lu une fois sur departement_verifie : chaque liste de départements des règles (outre-mer, "
        "Mayotte, Alsace, Moselle) se teste ensuite par ce rang."
    )

    def formula(individu, period):
        return rang_des_departements(individu("departement_verifie", period))


class etablissement_outre_mer_micro(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Micro-entrepreneur établi dans un territoire d'outre-mer couvert par l'article D756-5"
    reference = "Code de la sécurité sociale, art. D756-5"

    def formula(individu, period, parameters):
        territoires = parameters(period).territoires
        micro = individu("micro_entrepreneur", period)
        a_mayotte = micro & departement_dans(individu, period, territoires.mayotte)
        if a_mayotte.any():
            raise SituationNonModelisee(
                "departement",
                "departement '976' (Mayotte): the micro-social rates of Mayotte are not in the sources "
                "of the model.",
                numpy.flatnonzero(a_mayotte),
            )
        return micro & departement_dans(individu, period, territoires.outre_mer)


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
        outre_mer = individu("etablissement_outre_mer_micro", period.this_year)
        if not outre_mer.any():
            return individu.filled_array(TypesPeriodeOutreMer.metropole.index)
        return periode_outre_mer_du_mois(
            p, period, outre_mer, individu("trimestre_debut_activite", period), individu("date_debut_activite", period)
        )
