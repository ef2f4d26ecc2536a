"""Retraite complémentaire: RCI of the SSI, or the Cipav complementary scheme."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire du travailleur indépendant"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = (
        "Artisans, commerçants, PLNR : tranche 1 jusqu'au plafond du RCI (PRCI, en euros, réduit "
        "au prorata en année incomplète), tranche 2 du PRCI à 4 PSS, pas d'assiette minimale "
        "(art. D635-7). Cipav : classes forfaitaires en 2021–2022, 9 % jusqu'à 1 PSS et "
        "22 % jusqu'à 3 PSS (2023) ou 3,5 PSS (2024) ; les classes de 2019–2020 ne sont pas "
        "dans les sources (calcul refusé). À partir de 2025 : RCI 8,1 % jusqu'à 1 PSS (proratisé) et "
        "9,1 % jusqu'à 4 PSS, sans PRCI (art. D635-7 issu du décret n° 2024-688 du 5 juillet 2024) ; Cipav 11 % "
        "et 21 % jusqu'à 4 PSS (taux de mon-entreprise, modele-ti, qui cite le décret n° 79-262, art. 2). "
        "Autres professions libérales réglementées : régime de leur caisse (CARPIMKO : forfait et "
        "tranche, puis 8,7 % ; CAVP : classes de cotisations de référence ; CARPV : points par classe ; CAVOM : 12,5 % entre 19 % et 8 PSS ; CAVAMAC : taux sur les commissions brutes, à défaut le revenu ; CPRN : section B des deux premières années, le reste refusé ; retraite_complementaire_classes), "
        "calculé, quand la caisse lit une année antérieure (N−1, N−2 ou une moyenne), "
        "sur le revenu de l'année que la caisse lit (paramètres anciennete_revenu) quand la simulation l'a reçu, à défaut sur celui de l'année N (hypothèse de revenu stable ; annee_revenu_retraite_complementaire). "
        "Pas d'ACRE ; nulle pour un micro-entrepreneur. Avocats (CNBF) : barème marginal de la classe "
        "choisie (cnbf_classe, classe 1 par défaut) sur le revenu de l'année N ; 2019 et 2021 refusées "
        "(pas de source). Experts-comptables (CAVEC) : forfait de la classe du revenu (A à H, A à I "
        "depuis 2026 ; classe A la première année ; option cavec_classe_superieure) ; la CAVEC lit le "
        "revenu N−1, le modèle aussi quand il est donné, sinon celui de l'année N (hypothèse de revenu stable)."
        " "
        "Pas d'ACRE ; nulle pour un micro-entrepreneur. CARMF (médecins) : taux × assiette jusqu'à 3,5 PSS, "
        "non due les deux premières années d'affiliation (sauf carmf_affiliation_apres_40_ans). "
        "CARCDSF (chirurgiens-dentistes, sages-femmes) : forfait + taux entre 85 % PSS et 5 PSS, la "
        "part proportionnelle non due les deux premières années sur demande (carcdsf_dispense_debut). "
        "Caisses des professions de santé : la caisse lit N−2 ou N−1, le modèle aussi quand ce revenu "
        "est donné, sinon l'année N (hypothèse de revenu stable)."
    )

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.retraite_complementaire.nette(
            individu, period, parameters, individu("assiette_cotisations", period), individu("assiette_cotisations_partagee", period)
        )


# ---------------------------------------------------------------- what the line is made of (calc, /trace)


class retraite_complementaire_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation de retraite complémentaire (plafond appliqué)"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = (
        "Assiette des cotisations (après partage avec le conjoint collaborateur ; Cipav : toute "
        "l'assiette) limitée à 4 PSS (Cipav : plafond de sa tranche 2), sans minimum. 0 pour un "
        "micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.retraite_complementaire.ligne(individu, period, parameters).assiette)


class retraite_complementaire_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la tranche 1 de la retraite complémentaire"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = (
        "RCI : taux jusqu'au plafond du RCI (PRCI, jusqu'en 2024) ou jusqu'au PSS (depuis 2025) ; "
        "Cipav : taux jusqu'à 1 PSS. 0 quand la Cipav applique des classes forfaitaires (voir "
        "retraite_complementaire_classes), à Mayotte (non due) et pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.retraite_complementaire.ligne(individu, period, parameters).taux)


class retraite_complementaire_taux_tranche_2(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la tranche 2 de la retraite complémentaire"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = "0 quand l'assiette n'atteint pas la limite de la tranche 1."

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.retraite_complementaire.ligne(individu, period, parameters).taux_tranche_2)


class retraite_complementaire_classes(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "La retraite complémentaire est une cotisation forfaitaire par classe (Cipav 2021–2022), sans taux"
    reference = (
        "Décret n° 79-262 du 21 mars 1979, art. 2 (régime complémentaire de la Cipav)",
        "Barème de la Cipav 2021–2022 (classes A à H), repris par mon-entreprise (URSSAF), modele-social, "
        "règle « dirigeant . indépendant . PL . CIPAV . retraite complémentaire . classe »",
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.retraite_complementaire.ligne(individu, period, parameters).classes)


class retraite_complementaire_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire avant l'exonération pour pension d'invalidité"
    reference = "Code de la sécurité sociale, art. D635-7"
    documentation = "Pas d'ACRE ni d'exonération d'outre-mer sur cette cotisation."

    def formula(individu, period, parameters):
        montant = regles.retraite_complementaire.brute(individu, period, parameters, individu("assiette_retraite_complementaire_invalidite_deces", period))
        return regles.base.seulement_classique(individu, period, montant)
