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
        "puis 0,5 % de l'assiette bornée entre 37 % et 185 % PSS, nulle à partir de l'année des 68 ans. "
        "Autres professions libérales réglementées : régime de leur caisse (CARPIMKO, CAVP : forfait ; CARPV, CAVOM : classes ; CAVAMAC : 0,70 % des commissions brutes ; CPRN : forfait réduit les premières années), "
        "calculé, quand la caisse lit une année antérieure, "
        "sur le revenu de l'année que la caisse lit (paramètres anciennete_revenu) quand la simulation l'a reçu, à défaut sur celui de l'année N (hypothèse de revenu stable ; annee_revenu_invalidite_deces). Sur "
        "l'assiette diminuée de la part du conjoint collaborateur avec partage. Après ACRE ; nulle "
        "pour un micro-entrepreneur. Avocats (CNBF) : forfait réduit les quatre premières années "
        "d'exercice, plein ensuite et à 65 ans au 1er janvier ; 2019 et 2021 refusées (pas de source). "
        "Experts-comptables (CAVEC) : forfait de la classe du revenu (1 à 4 ; classe 1 la première "
        "année ; option cavec_classe_prevoyance_superieure) ; la CAVEC lit le revenu de la dernière "
        "année (N−1), le modèle aussi quand il est donné, sinon celui de l'année N (hypothèse de revenu stable)."
        " "
        "pour un micro-entrepreneur. CARMF (médecins) : classe A, B ou C selon le revenu en PSS "
        "jusqu'en 2024, puis part forfaitaire + 0,4 % de l'assiette bornée entre 1 et 3 PSS (assiette "
        "minimale les deux premières années). CARCDSF : forfait (sages-femmes : classe A, B ou C "
        "jusqu'en 2022, carcdsf_classe_invalidite_deces ; dentistes 2020 refusé). Caisses des "
        "professions de santé : la CARMF lit N−2 pour les classes (jusqu'en 2024), le modèle aussi "
        "quand ce revenu est donné, sinon l'année N (hypothèse de revenu stable) ; l'année N à partir de 2025."
    )

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.invalidite_deces.nette(
            individu, period, parameters, individu("assiette_cotisations", period),
            individu("assiette_cotisations_partagee", period), coefficient=individu("acre_taux_exoneration", period),
        )


# ---------------------------------------------------------------- what the line is made of (calc, /trace)


class invalidite_deces_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation d'invalidité-décès (entre son minimum et son plafond)"
    reference = "Code de la sécurité sociale, art. D632-1 et D632-2"
    documentation = (
        "Assiette des cotisations (après partage avec le conjoint collaborateur ; Cipav : toute "
        "l'assiette) bornée entre 11,5 % du PSS et 1 PSS (Cipav depuis 2023 : 37 % et 185 % du PSS). "
        "0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.invalidite_deces.ligne(individu, period, parameters).assiette)


class invalidite_deces_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation d'invalidité-décès"
    reference = "Code de la sécurité sociale, art. D632-1 et D632-2"
    documentation = (
        "SSI ou Cipav (depuis 2023). 0 quand la Cipav applique des classes forfaitaires (voir "
        "invalidite_deces_classes), à Mayotte (non due) et pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.invalidite_deces.ligne(individu, period, parameters).taux)


class invalidite_deces_classes(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "L'invalidité-décès est une cotisation forfaitaire par classe (Cipav jusqu'en 2022), sans taux"
    reference = (
        "Barème de la Cipav (invalidité-décès jusqu'en 2022, classes A, B et C), repris par mon-entreprise (URSSAF), "
        "modele-social, règle « dirigeant . indépendant . PL . CIPAV . invalidité et décès . avant 2023 »",
        "https://www.cnavpl.fr/wp-content/uploads/2024/03/Guide-2024.pdf",  # CNAVPL guide: classes abolished in 2023
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.invalidite_deces.ligne(individu, period, parameters).classes)


class invalidite_deces_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès avant ACRE et exonérations d'outre-mer"
    reference = "Code de la sécurité sociale, art. D632-1 et D632-2"

    def formula(individu, period, parameters):
        montant = regles.invalidite_deces.brute(individu, period, parameters, individu("assiette_retraite_complementaire_invalidite_deces", period))
        return regles.base.seulement_classique(individu, period, montant)


class invalidite_deces_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation d'invalidité-décès exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return regles.exonerations.exoneration_acre(individu, period, parameters, "invalidite_deces", regles.invalidite_deces.nette,
                          individu("assiette_cotisations", period), individu("assiette_cotisations_partagee", period))
