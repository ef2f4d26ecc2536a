"""CRDS on the earned income of the self-employed (classic regime)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants.entities import Individu


class crds(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Contribution au remboursement de la dette sociale du travailleur indépendant"
    reference = "Ordonnance n° 96-50 du 24 janvier 1996"

    def formula(individu, period, parameters):
        taux = parameters(period).contributions.crds.taux
        return taux * individu("assiette_csg_crds", period)


class crds_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la CRDS"
    reference = "Ordonnance n° 96-50 du 24 janvier 1996, art. 19"

    def formula(individu, period, parameters):
        return individu.filled_array(parameters(period).contributions.crds.taux)
