"""Inputs of the micro-social regime (public names of the contract)."""

from openfisca_core.model_api import MONTH, YEAR, Variable

from openfisca_independants.entities import FoyerFiscal, Individu
from openfisca_independants.micro import REPARTITION, chiffre_affaires_du_mois, repartir_sur_l_activite


class micro_entrepreneur(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Relève du régime micro-social (micro-entrepreneur)"
    reference = "Code de la sécurité sociale, art. L613-7"
    documentation = (
        "Faux par défaut : régime classique. Le modèle ne fait pas basculer une personne d'un "
        "régime à l'autre quand les seuils sont dépassés (voir depassement_seuils_micro)."
    )


class chiffre_affaires_vente(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = repartir_sur_l_activite
    unit = "currency-EUR"
    label = "Chiffre d'affaires du mois : ventes de marchandises, restauration sur place, hébergement (BIC)"
    reference = "Code général des impôts, art. 50-0 ; CSS art. D613-4 a"
    documentation = REPARTITION

    def formula(individu, period):
        return chiffre_affaires_du_mois(individu, period, "chiffre_affaires_vente")


class chiffre_affaires_vente_annuel_declare(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Montant annuel donné pour chiffre_affaires_vente, avant sa répartition sur les mois d'activité"
    reference = "Code de la sécurité sociale, art. R133-30-2 (déclaration du chiffre d'affaires)"


class chiffre_affaires_services_bic(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = repartir_sur_l_activite
    unit = "currency-EUR"
    label = "Chiffre d'affaires du mois : prestations de services commerciales ou artisanales (BIC)"
    reference = "Code général des impôts, art. 50-0 ; CSS art. D613-4 d"
    documentation = REPARTITION

    def formula(individu, period):
        return chiffre_affaires_du_mois(individu, period, "chiffre_affaires_services_bic")


class chiffre_affaires_services_bic_annuel_declare(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Montant annuel donné pour chiffre_affaires_services_bic, avant sa répartition sur les mois d'activité"
    reference = "Code de la sécurité sociale, art. R133-30-2 (déclaration du chiffre d'affaires)"


class chiffre_affaires_services_bnc(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = repartir_sur_l_activite
    unit = "currency-EUR"
    label = "Recettes du mois : prestations de services libérales (BNC)"
    reference = "Code général des impôts, art. 102 ter ; CSS art. D613-4 b et e"
    documentation = "Taux de la Cipav quand categorie_independant vaut liberal_cipav. " + REPARTITION

    def formula(individu, period):
        return chiffre_affaires_du_mois(individu, period, "chiffre_affaires_services_bnc")


class chiffre_affaires_services_bnc_annuel_declare(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Montant annuel donné pour chiffre_affaires_services_bnc, avant sa répartition sur les mois d'activité"
    reference = "Code de la sécurité sociale, art. R133-30-2 (déclaration du chiffre d'affaires)"


class chiffre_affaires_meubles_tourisme_classes(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = repartir_sur_l_activite
    unit = "currency-EUR"
    label = "Chiffre d'affaires du mois : locations de meublés de tourisme classés"
    reference = "CSS art. D613-4 c"
    documentation = REPARTITION

    def formula(individu, period):
        return chiffre_affaires_du_mois(individu, period, "chiffre_affaires_meubles_tourisme_classes")


class chiffre_affaires_meubles_tourisme_classes_annuel_declare(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Montant annuel donné pour chiffre_affaires_meubles_tourisme_classes, avant sa répartition sur les mois d'activité"
    reference = "Code de la sécurité sociale, art. R133-30-2 (déclaration du chiffre d'affaires)"


class option_versement_liberatoire(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Option pour le versement libératoire de l'impôt sur le revenu"
    reference = "Code général des impôts, art. 151-0"


class revenu_fiscal_reference(Variable):
    value_type = float
    default_value = float("nan")  # not given: the versement libératoire cannot be decided
    entity = FoyerFiscal
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Revenu fiscal de référence du foyer pour l'année"
    reference = "Code général des impôts, art. 1417 IV"
    documentation = (
        "À donner pour l'année N-2 quand un micro-entrepreneur du foyer opte pour le versement "
        "libératoire en N (CGI art. 151-0) : sans lui (valeur par défaut : non renseigné), le "
        "calcul du versement libératoire de ce foyer est refusé."
    )


class nombre_parts_fiscales(Variable):
    value_type = float
    default_value = 1
    entity = FoyerFiscal
    definition_period = YEAR
    unit = "/1"
    label = "Nombre de parts de quotient familial du foyer"
    reference = "Code général des impôts, art. 194"
