"""Invalidité-décès of artisans, commerçants and PL non réglementées."""

from openfisca_core.model_api import ETERNITY, YEAR, Enum, Variable, date, select, where

from openfisca_independants.baremes import borner
from openfisca_independants.dates import annee
from openfisca_independants.entities import Individu


class invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès du travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L632-1, D632-1 et D632-2"
    documentation = (
        "Taux × assiette bornée entre 11,5 % PSS et 1 PSS (fiche législative §3.6 : l'assiette "
        "minimale de 11,5 % PSS est retenue plutôt que celle de la retraite de base)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.invalidite_deces
        pss = individu("plafond_securite_sociale", period)
        assiette = borner(
            individu("assiette_cotisations", period), p.assiette_minimale * pss, p.plafond * pss
        )
        montant = where(individu("est_cipav", period), individu("invalidite_deces_cipav", period), p.taux * assiette)
        montant = montant * (1 - individu("acre_taux_exoneration", period))
        return where(individu("micro_entrepreneur", period), 0, montant)


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
    reference = "Fiche législative §4.5"


class date_naissance(Variable):
    value_type = date
    default_value = date.fromisoformat("1970-01-01")
    entity = Individu
    definition_period = ETERNITY
    label = "Date de naissance"
    reference = "Code de la sécurité sociale, art. D632-1"
    documentation = "Sert à l'exonération d'invalidité-décès Cipav à partir de l'année des 68 ans ; par défaut le 1er janvier 1970."


class invalidite_deces_cipav(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès des professions libérales relevant de la Cipav"
    reference = "Fiche législative §4.5"
    documentation = "Nulle à partir de l'année des 68 ans (paramètre age_exoneration)."

    def formula(individu, period, parameters):
        """Jusqu'en 2022 : montant forfaitaire de la classe choisie."""
        p = parameters(period).cotisations.invalidite_deces_cipav
        classe = individu("classe_invalidite_deces_cipav", period)
        classes = classe.possible_values
        montant = select([classe == classes.a, classe == classes.b], [p.classe_a, p.classe_b], default=p.classe_c)
        return where(_age_atteint(individu, period, p), 0, montant)

    def formula_2023_01_01(individu, period, parameters):
        """Depuis 2023 : taux × assiette bornée entre 37 % et 185 % du PSS."""
        p = parameters(period).cotisations.invalidite_deces_cipav
        pss = individu("plafond_securite_sociale", period)
        montant = p.taux * borner(individu("assiette_cotisations", period), p.assiette_minimale * pss, p.plafond * pss)
        return where(_age_atteint(individu, period, p), 0, montant)


def _age_atteint(individu, period, p):
    return period.start.year - annee(individu("date_naissance", period)) >= p.age_exoneration
