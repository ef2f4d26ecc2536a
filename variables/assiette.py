"""Base of the contributions and the PASS of the contribution year."""

from openfisca_core.model_api import YEAR, Variable, max_

from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee


class plafond_securite_sociale(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Plafond annuel de la sécurité sociale applicable au travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L241-3 et D242-19"
    documentation = (
        "PASS de l'année au titre de laquelle la cotisation est due (fiche législative §3.1). "
        "Les seuils exprimés en PSS dans les paramètres sont multipliés par cette valeur."
    )

    def formula(individu, period, parameters):
        pass_annuel = parameters(period).prelevements_sociaux.pss.plafond_securite_sociale_annuel
        return individu.empty_array() + pass_annuel


class assiette_cotisations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette des cotisations sociales du travailleur indépendant (régime classique)"
    reference = "Code de la sécurité sociale, art. L131-6"
    documentation = (
        "Revenu professionnel, plancher 0 (fiche législative §3.1). Les règles des professions "
        "libérales relevant de la Cipav (CNAVPL, Cipav, D621-3) ne sont pas encore modélisées : "
        "le calcul est refusé pour cette catégorie plutôt que de lui appliquer celles de la SSI."
    )

    def formula(individu, period):
        categorie = individu("categorie_independant", period)
        classique = ~individu("micro_entrepreneur", period)
        if (classique & (categorie == categorie.possible_values.liberal_cipav)).any():
            raise SituationNonModelisee(
                "categorie_independant",
                "categorie_independant 'liberal_cipav' : les cotisations des professions libérales "
                "relevant de la Cipav (CNAVPL, Cipav) ne sont pas encore modélisées.",
            )
        return max_(individu("revenu_professionnel", period), 0)
