"""CARMF (médecins): complementary pension (a rate up to a ceiling in PASS, not due in the first
years of affiliation unless the doctor started after the age limit: input
carmf_affiliation_apres_40_ans), invalidité-décès (flat amount by income class until 2024, a flat
part plus a rate on the base bounded in PASS from 2025: parameter invalidite_deces.carmf.regime)
and ASV (flat amount and adjustment on the conventioned income, two thirds paid by the Assurance
Maladie for sector 1).

The caisse reads the income of N−2 (RC, ASV, ID classes) or year N (ID from 2025): parameters
`anciennete_revenu`; the model reads that year's base when its income was given, else the year-N
base (stable-income assumption; annee_revenu.py)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import borner
from openfisca_independants.regles.base import pass_personne, refuser
from openfisca_independants.regles.caisses import annee_revenu
from openfisca_independants.regles.caisses.carpimko import debutant


def dispense(individu, period, p):
    """RC not due in the first `duree_dispense_debut` calendar years of affiliation, unless the
    doctor was over 40 at the start (input carmf_affiliation_apres_40_ans: the model has no age at the start)."""
    return debutant(individu, period, p.duree_dispense_debut) & ~individu("carmf_affiliation_apres_40_ans", period)


def retraite_complementaire(individu, period, parameters, assiette, masque):
    """Rate × base up to the ceiling (in PASS of the year of the call)."""
    p = parameters(period).cotisations.retraite_complementaire.carmf
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carmf", assiette)
    montant = p.taux * numpy.minimum(numpy.maximum(assiette, 0), p.plafond * pass_personne(individu, period))
    return where(dispense(individu, period, p), 0, montant)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base up to the ceiling, rate (0 in the years of dispense), no tranche 2, no classes)."""
    p = parameters(period).cotisations.retraite_complementaire.carmf
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carmf", assiette)
    base = numpy.minimum(numpy.maximum(assiette, 0), p.plafond * pass_personne(individu, period))
    return base, where(dispense(individu, period, p), 0, p.taux), individu.filled_array(0.0), individu.filled_array(False)


def classes(individu, period, parameters, assiette, p, masque):
    """Until 2024: the flat amount of the class of the income in PASS (a value equal to a
    threshold is in the upper class: « B : revenus = ou > à 1 PASS »)."""
    if not len(p.classes.thresholds):
        refuser(individu, period, masque, "invalidite_deces", "the CARMF invalidité-décès classes of this year are not in the model's sources.")
        return individu.filled_array(0.0)
    return p.classes.calc(numpy.maximum(assiette, 0) / pass_personne(individu, period))


def base_forfait_et_proportionnelle(individu, period, p, assiette):
    """From 2025: the base bounded between its minimum and its ceiling (in PASS); the minimum base
    in the first `duree_forfait_debut` years of activity."""
    pss = pass_personne(individu, period)
    base = borner(assiette, p.assiette_minimale * pss, p.plafond * pss)
    return where(debutant(individu, period, p.duree_forfait_debut), p.assiette_minimale * pss, base)


def forfait_et_proportionnelle(individu, period, parameters, assiette, p, masque):
    return p.part_forfaitaire + p.taux * base_forfait_et_proportionnelle(individu, period, p, assiette)


REGIMES_INVALIDITE_DECES = {"classes": classes, "forfait_et_proportionnelle": forfait_et_proportionnelle}  # parameter invalidite_deces.carmf.regime


def invalidite_deces(individu, period, parameters, assiette, masque):
    p = parameters(period).cotisations.invalidite_deces.carmf
    assiette = annee_revenu.lu(individu, period, parameters, "invalidite_deces", "carmf", assiette)
    return REGIMES_INVALIDITE_DECES[p.regime](individu, period, parameters, assiette, p, masque)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    """(base, rate, classes): the classes until 2024, the bounded base and its rate from 2025."""
    p = parameters(period).cotisations.invalidite_deces.carmf
    assiette = annee_revenu.lu(individu, period, parameters, "invalidite_deces", "carmf", assiette)
    if p.regime == "classes":
        classes(individu, period, parameters, assiette, p, masque)
        return assiette, individu.filled_array(0.0), individu.filled_array(True)
    return base_forfait_et_proportionnelle(individu, period, p, assiette), individu.filled_array(p.taux), individu.filled_array(False)


def prestations_complementaires_vieillesse(individu, period, parameters, assiette, masque):
    """ASV: (practitioner's share, Assurance Maladie's share) of the flat amount plus the adjustment
    rate × base up to its ceiling. Base: the conventioned income A = base − revenus_non_conventionnes
    in sector 1; the whole base in sector 2 (dépassements are conventioned income for the ASV).
    The Assurance Maladie pays its share in sector 1 only."""
    p = parameters(period).cotisations.prestations_complementaires_vieillesse.carmf
    assiette = annee_revenu.lu(individu, period, parameters, "prestations_complementaires_vieillesse", "carmf", assiette)
    secteur = individu("secteur_conventionnel", period)
    secteur_1 = secteur == secteur.possible_values.secteur_1
    revenu = numpy.maximum(assiette, 0)
    base = where(secteur_1, numpy.maximum(revenu - individu("revenus_non_conventionnes", period), 0), revenu)
    total = p.forfait + p.taux_ajustement * numpy.minimum(base, p.plafond_ajustement * pass_personne(individu, period))
    assurance_maladie = where(secteur_1, p.part_assurance_maladie * total, 0)
    return total - assurance_maladie, assurance_maladie
