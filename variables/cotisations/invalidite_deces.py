"""Invalidité-décès of the SSI or of the Cipav."""

from openfisca_core.model_api import ETERNITY, YEAR, Enum, Variable, date

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class TypesClasseInvaliditeDecesCipav(Enum):
    __order__ = "a b c"
    a = "Classe A"
    b = "Classe B"
    c = "Classe C"


class classe_invalidite_deces_cipav(Variable):
    value_type = Enum
    possible_values = TypesClasseInvaliditeDecesCipav
    default_value = TypesClasseInvaliditeDecesCipav.a
    entity = Individu
    definition_period = YEAR
    label = "Classe de cotisation d'invalidité-décès choisie auprès de la Cipav (jusqu'en 2022)"
    reference = (
        "Barème de la Cipav (invalidité-décès jusqu'en 2022, classes A, B et C), repris par mon-entreprise (URSSAF), "
        "modele-social, règle « dirigeant . indépendant . PL . CIPAV . invalidité et décès . avant 2023 »",
        "https://www.cnavpl.fr/wp-content/uploads/2024/03/Guide-2024.pdf",  # CNAVPL guide: classes abolished in 2023
    )


class date_naissance(Variable):
    value_type = date
    default_value = date.fromisoformat("1970-01-01")
    entity = Individu
    definition_period = ETERNITY
    label = "Date de naissance"
    reference = "Code de la sécurité sociale, art. D632-1"
    documentation = "Sert à l'exonération d'invalidité-décès Cipav à partir de l'année des 68 ans ; par défaut le 1er janvier 1970."


class invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès du travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L632-1, D632-1 et D632-2"
    documentation = (
        "Artisans, commerçants, PLNR : taux × assiette bornée entre 11,5 % PSS et 1 PSS (art. D632-1 ; "
        "certaines versions de modele-social lui appliquaient l'assiette minimale de la retraite de "
        "base, on retient les 11,5 % du PSS de l'article). Cipav : classe forfaitaire jusqu'en 2022, "
        "puis 0,5 % de l'assiette bornée entre 37 % et 185 % PSS, nulle à partir de l'année des 68 ans. Sur "
        "l'assiette diminuée de la part du conjoint collaborateur avec partage. Après ACRE ; nulle "
        "pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.invalidite_deces.nette(
            individu, period, parameters, individu("assiette_cotisations", period),
            individu("assiette_cotisations_partagee", period), coefficient=individu("acre_taux_exoneration", period),
        )
