"""Turnover of the year and the rows computed month by month: the yearly amounts of the micro-social
regime are summed per rate period (openfisca_independants.micro.periodes_de_taux), month by month
only where the rate or the share of turnover changes within a period."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants.entities import Individu
from openfisca_independants.micro import chiffre_affaires_de_l_annee, dates_donnees

DOCUMENTATION_ANNUEL = (
    "Somme des chiffres d'affaires mensuels de l'année : le montant annuel donné quand aucun mois "
    "n'est donné (il est réparti sur les jours d'activité), sinon la somme des mois. Vérifié une "
    "fois : négatif, non fini ou sans jour d'activité pour le répartir, il est refusé."
)


class chiffre_affaires_vente_annuel(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Chiffre d'affaires de l'année : ventes de marchandises, restauration sur place, hébergement (BIC)"
    reference = "Code général des impôts, art. 50-0 ; CSS art. D613-4 a"
    documentation = DOCUMENTATION_ANNUEL

    def formula(individu, period):
        return chiffre_affaires_de_l_annee(individu, period, "vente")


class chiffre_affaires_services_bic_annuel(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Chiffre d'affaires de l'année : prestations de services commerciales ou artisanales (BIC)"
    reference = "Code général des impôts, art. 50-0 ; CSS art. D613-4 d"
    documentation = DOCUMENTATION_ANNUEL

    def formula(individu, period):
        return chiffre_affaires_de_l_annee(individu, period, "services_bic")


class chiffre_affaires_services_bnc_annuel(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Recettes de l'année : prestations de services libérales (BNC)"
    reference = "Code général des impôts, art. 102 ter ; CSS art. D613-4 b et e"
    documentation = DOCUMENTATION_ANNUEL

    def formula(individu, period):
        return chiffre_affaires_de_l_annee(individu, period, "services_bnc")


class chiffre_affaires_meubles_tourisme_classes_annuel(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Chiffre d'affaires de l'année : locations de meublés de tourisme classés"
    reference = "CSS art. D613-4 c"
    documentation = DOCUMENTATION_ANNUEL

    def formula(individu, period):
        return chiffre_affaires_de_l_annee(individu, period, "meubles_tourisme_classes")


class micro_calcul_mensuel(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Les montants micro-sociaux de l'année se calculent mois par mois pour cette personne"
    reference = "Code de la sécurité sociale, art. L613-7, D131-6-3 et D756-5"
    documentation = (
        "Vrai quand le taux ou la part du chiffre d'affaires d'un mois peut changer à l'intérieur d'une "
        "période de taux : ACRE, taux d'outre-mer (D756-5), activité commencée ou cessée dans l'année "
        "(mois incomplets). Ailleurs le chiffre d'affaires annuel se répartit également sur les douze "
        "mois et chaque période de taux se calcule d'un coup. Faux hors du régime micro-social."
    )

    def formula(individu, period):
        partielle = False
        if dates_donnees(individu):
            jours = individu("jours_activite", period)
            partielle = jours < period.size_in_days if jours.min() < period.size_in_days else False
        # a classic-regime row owes no micro amount (0 on every path): never month by month
        return (individu("acre", period) | individu("etablissement_outre_mer_micro", period) | partielle) & individu("micro_entrepreneur", period)
