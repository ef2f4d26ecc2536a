"""Prestations complémentaires de vieillesse (PCV, ASV) of the conventionnés health professionals."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class prestations_complementaires_vieillesse(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation aux prestations complémentaires de vieillesse (PCV, ASV), part du praticien"
    reference = "Code de la sécurité sociale, art. L645-1 à L645-5"
    documentation = (
        "Professionnels de santé conventionnés (médecins, chirurgiens-dentistes, sages-femmes, "
        "auxiliaires médicaux) : part restant à leur charge, la part de l'Assurance Maladie étant "
        "dans prise_en_charge_assurance_maladie. Pharmaciens : seulement les biologistes conventionnés "
        "(cavp_biologiste_conventionne). 0 pour les autres catégories et pour un "
        "micro-entrepreneur."
        " "
        "dans prise_en_charge_assurance_maladie. 0 pour les autres catégories et pour un "
        "micro-entrepreneur. Médecins (ASV, CARMF) : forfait + ajustement sur le revenu conventionné "
        "(secteur 1) ou tout le revenu (secteur 2) jusqu'à 5 PSS, l'Assurance Maladie payant les deux "
        "tiers en secteur 1. Chirurgiens-dentistes (PCV, CARCDSF) : forfait + 1,45 % du revenu jusqu'à "
        "5 PSS, l'Assurance Maladie en payant les deux tiers et la moitié (2019 et 2022 refusés) ; "
        "sages-femmes : forfait, deux tiers payés par l'Assurance Maladie. La caisse lit le revenu de "
        "N−2 (CARPIMKO : N−1 en 2026) ; le modèle aussi quand il est donné, sinon celui de l'année N "
        "(hypothèse de revenu stable ; annee_revenu_prestations_complementaires_vieillesse)."
    )

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.prestations_complementaires_vieillesse.parts(individu, period, parameters)[0]


class prise_en_charge_assurance_maladie(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations prises en charge par l'Assurance Maladie pour le praticien conventionné"
    reference = ("Code de la sécurité sociale, art. L162-14-1 et L646-3", "Code de la sécurité sociale, art. L645-2")
    documentation = (
        "Participation de l'Assurance Maladie aux cotisations maladie, allocations familiales et "
        "retraite de base (médecins du secteur 1) et sa part des PCV/ASV, déjà déduites de ces "
        "lignes ; positive. 0 pour les autres catégories."
    )

    def formula(individu, period, parameters):
        return regles.assurance_maladie.prise_en_charge(individu, period, parameters)
