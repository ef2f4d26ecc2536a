"""Optional class choices of the CNBF (avocats) and of the CAVEC (experts-comptables): by default,
the compulsory class; a choice that has no scale in the year is refused."""

from openfisca_core.model_api import YEAR, Enum, Variable

from openfisca_independants.entities import Individu


class TypesClasseCnbf(Enum):
    __order__ = "classe_1 classe_2 classe_3 classe_plus"
    classe_1 = "Classe 1 (obligatoire)"
    classe_2 = "Classe 2 (sur option)"
    classe_3 = "Classe 3 (sur option, jusqu'en 2024)"
    classe_plus = "Classe 3+ jusqu'en 2024, 2+ depuis 2025 (sur option)"


class cnbf_classe(Variable):
    value_type = Enum
    possible_values = TypesClasseCnbf
    default_value = TypesClasseCnbf.classe_1
    entity = Individu
    definition_period = YEAR
    label = "Classe de cotisation de retraite complémentaire choisie par l'avocat (CNBF)"
    reference = "Règlement du régime complémentaire de la CNBF (CSS art. L654-1 et suivants)"
    documentation = (
        "Avocats seulement : la classe 1 est obligatoire (par défaut), les classes supérieures sont "
        "sur option. Une classe sans barème dans les sources pour l'année (classe 2 avant 2023, "
        "classe 3 après 2024, classe 3+/2+ avant 2024, toute classe en 2019 et 2021) est refusée."
    )


class cavec_classe_superieure(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "L'expert-comptable opte pour la classe de retraite complémentaire immédiatement supérieure (CAVEC)"
    reference = "Décret n° 53-506 du 21 mai 1953 (régime complémentaire de la CAVEC) ; statuts de la CAVEC"
    documentation = (
        "Experts-comptables seulement : faux par défaut (la classe du revenu, la classe A les premières "
        "années). La classe la plus haute reste la plus haute."
    )


class cavec_classe_prevoyance_superieure(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "L'expert-comptable opte pour la classe d'invalidité-décès immédiatement supérieure (CAVEC)"
    reference = "Statuts du régime de prévoyance de la CAVEC"
    documentation = (
        "Experts-comptables seulement : faux par défaut (la classe du revenu, la classe 1 la première "
        "année). La classe 4 reste la classe 4."
    )
