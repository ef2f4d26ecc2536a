"""Inputs of the classic regime (public names of the contract)."""

from openfisca_core.model_api import ETERNITY, YEAR, Enum, Variable

from openfisca_independants.entities import Individu


class TypesCategorieIndependant(Enum):
    __order__ = "artisan commercant liberal_non_reglemente liberal_cipav"
    artisan = "Artisan (inscrit au répertoire des métiers)"
    commercant = "Commerçant"
    liberal_non_reglemente = "Profession libérale non réglementée affiliée à la SSI"
    liberal_cipav = "Profession libérale relevant de la Cipav (retraite de base CNAVPL)"


class categorie_independant(Variable):
    value_type = Enum
    possible_values = TypesCategorieIndependant
    default_value = TypesCategorieIndependant.commercant
    entity = Individu
    definition_period = ETERNITY
    label = "Catégorie de travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L611-1, L631-1, L640-1"
    documentation = (
        "liberal_non_reglemente : profession libérale non réglementée affiliée à la sécurité "
        "sociale des indépendants (mêmes règles que les artisans et commerçants) ; "
        "liberal_cipav : profession libérale réglementée, ou non réglementée restée à la Cipav."
    )


class revenu_professionnel(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Revenu professionnel annuel, après déduction des cotisations sociales obligatoires"
    reference = "Code de la sécurité sociale, art. L131-6"
    documentation = (
        "Résultat fiscal de l'activité indépendante (définition antérieure à la réforme de "
        "l'assiette de 2025) ; la CSG-CRDS non déductible y reste. Peut être négatif (déficit) : "
        "les cotisations minimales s'appliquent alors."
    )
