"""Indemnités journalières (maladie 2) of the classic regime."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières (maladie 2)"
    reference = "Code de la sécurité sociale, art. L621-2 et D621-3"
    documentation = (
        "Artisans, commerçants, PLNR : taux × assiette bornée entre 40 % PSS et 5 PSS, limitée en "
        "2022–2023 au total maladie-maternité (lecture de mon-entreprise, modele-social : les IJ sont une part "
        "de ce total). Cipav : IJ CNAVPL, assiette bornée entre 40 % PSS et 3 PSS (art. D621-3). Après ACRE ; "
        "nulle pour un micro-entrepreneur."
    )

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.indemnites_journalieres.nette(
            individu, period, parameters, individu("assiette_cotisations", period),
            total=individu("maladie_maternite_total", period), coefficient=individu("acre_taux_exoneration", period),
        )


# ---------------------------------------------------------------- what the line is made of (calc, /trace)


class indemnites_journalieres_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation d'indemnités journalières (entre son minimum et son plafond)"
    reference = "Code de la sécurité sociale, art. D621-3"
    documentation = (
        "Assiette des cotisations bornée entre 40 % du PSS et 5 PSS (Cipav : 3 PSS) ; PASS annuel, "
        "non proratisé, depuis 2025. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.indemnites_journalieres.ligne(individu, period, parameters).assiette)


class indemnites_journalieres_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation d'indemnités journalières"
    reference = "Code de la sécurité sociale, art. D621-3"
    documentation = "SSI ou CNAVPL (Cipav) ; 0 à Mayotte, où elle n'est pas due, et pour un micro-entrepreneur."

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.indemnites_journalieres.ligne(individu, period, parameters).taux)


class indemnites_journalieres_limitee_au_total_maladie(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Cotisation d'indemnités journalières limitée au total de la cotisation maladie-maternité"
    reference = "Code de la sécurité sociale, art. D621-3"
    documentation = (
        "2022–2023 : les IJ sont une part du total maladie-maternité (lecture de mon-entreprise, "
        "modele-social) ; quand taux × assiette le dépasse (petits revenus, assiette minimale), la ligne "
        "est ramenée à ce total. Faux les autres années, pour la Cipav, à Mayotte et pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        limitee = regles.indemnites_journalieres.limitee_au_total_maladie(individu, period, parameters)
        return limitee & ~regles.base.hors_regime_classique(individu, period)


class indemnites_journalieres_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières avant ACRE, exonérations d'outre-mer et pension d'invalidité"
    reference = "Code de la sécurité sociale, art. D621-3"

    def formula(individu, period, parameters):
        montant = regles.indemnites_journalieres.brute(individu, period, parameters, individu("assiette_cotisations", period),
                                                           individu("maladie_maternite_total", period))
        return regles.base.seulement_classique(individu, period, montant)


class indemnites_journalieres_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation d'indemnités journalières exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return regles.exonerations.exoneration_acre(individu, period, parameters, "indemnites_journalieres", regles.indemnites_journalieres.nette,
                          individu("assiette_cotisations", period), total=individu("maladie_maternite_total", period))
