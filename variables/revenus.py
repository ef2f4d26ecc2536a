"""What the person keeps and what they declare for income tax (contract, "Net income, target
income and payment schedule"): revenu_net_cotisations and revenu_imposable_activite."""

import numpy

from openfisca_core.model_api import ADD, YEAR, Variable, where

from openfisca_independants import regles
from openfisca_independants.entities import Individu

ACTIVITES_MICRO = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")


def chiffre_affaires_annuel(individu, period, activite):
    """Turnover of the year for one micro activity (sum of the months)."""
    return individu(f"chiffre_affaires_{activite}", period, options=[ADD])


def revenu_professionnel_classique(individu, period, parameters):
    """The résultat fiscal of a person of the classic regime.

    revenu_professionnel when it was given; from the 2025 reform, when only revenu_activite_brut
    was given, the gross income less the deductible contributions computed on its single base
    (the relation regles.net_brut inverts: brut = net + deductible contributions).
    """
    donne = individu.get_holder("revenu_professionnel").get_array(period)
    if donne is not None or not parameters(period).reforme_assiette.en_vigueur:
        return individu("revenu_professionnel", period)
    brut = individu("revenu_activite_brut", period)
    assiette = regles.base.assiette_reforme(parameters, period, brut)
    return brut - regles.net_brut.contributions_deductibles(individu, period, parameters, assiette)


class revenu_net_cotisations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Revenu net de cotisations et contributions sociales, avant impôt sur le revenu"
    reference = (
        "Code de la sécurité sociale, art. L131-6 et L136-3",
        "https://www.urssaf.fr/accueil/independant/comprendre-payer-cotisations/reforme-cotisations-independants.html",
    )
    documentation = (
        "Ce que la personne garde de son activité après toutes les cotisations et contributions de "
        "total_cotisations_contributions, avant impôt. Régime classique avant la réforme de 2025 : "
        "revenu_professionnel − CSG non déductible − CRDS ; à partir de la réforme : "
        "revenu_activite_brut − total (le brut étant déduit de revenu_professionnel quand seul "
        "celui-ci est donné). Micro-entrepreneur : chiffre d'affaires de l'année − total (les frais "
        "professionnels ne sont pas connus du modèle ; taxe pour frais de chambre et versement "
        "libératoire hors total, donc non déduits)."
    )

    def formula(individu, period, parameters):
        est_micro = individu("micro_entrepreneur", period)
        total = individu("total_cotisations_contributions", period)
        micro = 0
        if est_micro.any():
            chiffre = chiffre_affaires_micro(individu, period)
            micro = chiffre - total
        if est_micro.all():
            return micro
        if parameters(period).reforme_assiette.en_vigueur:
            classique = individu("revenu_activite_brut", period) - total
        else:
            classique = (
                individu("revenu_professionnel", period)
                - individu("csg_non_deductible", period)
                - individu("crds", period)
            )
        return where(est_micro, micro, classique)


def chiffre_affaires_micro(individu, period):
    """Total micro turnover of the year, all activities."""
    total = numpy.zeros(individu.count)
    for activite in ACTIVITES_MICRO:
        total = total + chiffre_affaires_annuel(individu, period, activite)
    return total


class revenu_imposable_activite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Revenu professionnel à déclarer pour l'impôt sur le revenu"
    reference = (
        "Code général des impôts, art. 50-0 (micro-BIC), 102 ter (micro-BNC) et 151-0 (versement libératoire)",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000050623641/2024-11-21/",
    )
    documentation = (
        "Régime classique : revenu_professionnel (résultat fiscal ; à partir de 2025, quand seul "
        "revenu_activite_brut est donné, ce brut moins les contributions déductibles calculées sur "
        "son assiette). Micro-entrepreneur : chiffre d'affaires de chaque activité diminué de son "
        "abattement forfaitaire (paramètres impot_revenu.micro_fiscal : 71 % ventes, 50 % services "
        "BIC, 34 % BNC, meublés de tourisme classés 71 % puis 50 % à partir des revenus de 2025), "
        "un abattement par fraction de même taux (ventes et meublés classés ensemble tant que leur taux "
        "est le même), chacun au moins égal au minimum sans dépasser la fraction ; 0 quand le "
        "versement libératoire est dû (l'impôt sur tout le chiffre d'affaires micro est alors payé par lui)."
    )

    def formula(individu, period, parameters):
        est_micro = individu("micro_entrepreneur", period)
        micro = 0
        if est_micro.any():
            p = parameters(period).impot_revenu.micro_fiscal
            micro = numpy.zeros(individu.count)
            # one fraction per rate of the year (art. 50-0 1: "séparément pour chacune des fractions";
            # vente and meublés classés are one fraction while they share their rate), one minimum each
            for taux in sorted({float(p[activite]) for activite in ACTIVITES_MICRO}):
                chiffre = numpy.add.reduce([chiffre_affaires_annuel(individu, period, a) for a in ACTIVITES_MICRO if float(p[a]) == taux])
                abattement = numpy.minimum(chiffre, numpy.maximum(chiffre * taux, p.minimum))
                micro = micro + chiffre - abattement
            micro = where(individu("versement_liberatoire_eligible", period), 0, micro)
        if est_micro.all():
            return micro
        return where(est_micro, micro, revenu_professionnel_classique(individu, period, parameters))
