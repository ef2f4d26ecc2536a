"""CARPIMKO (auxiliaires médicaux): complementary pension (flat amount + rate on a band in euros
until 2025, a rate between a floor and a ceiling in PASS from 2026: parameter
retraite_complementaire.carpimko.regime), invalidité-décès (flat amount) and ASV (flat amount and
adjustment on the conventioned income, part of each paid by the Assurance Maladie).

The caisse reads an earlier year's income (N−2, N−1 from 2026): parameters `anciennete_revenu`;
the model reads that year's base when its income was given, else the year-N base (stable-income
assumption; annee_revenu.py)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import borner, part_entre
from openfisca_independants.dates import annee
from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import pass_personne, refuser
from openfisca_independants.regles.caisses import annee_revenu, forfait_source


def debutant(individu, period, duree):
    """In the first `duree` calendar years of activity (the year of the start counts as the first)."""
    return period.start.year - annee(individu("date_debut_activite", period)) < duree


def forfait_et_tranche(individu, period, parameters, assiette, p):
    """Until 2025: the flat amount, plus the rate on the band between the threshold and the ceiling
    (in euros), the band not due in the first years of practice."""
    proportionnelle = p.taux * part_entre(assiette, p.seuil, p.plafond)
    return p.forfait + where(debutant(individu, period, p.duree_dispense_debut), 0, proportionnelle)


def proportionnelle(individu, period, parameters, assiette, p):
    """From 2026: the rate on the base bounded between its floor and its ceiling (in PASS); no
    starters' dispense in the sources (duree_dispense_debut is null): none applied."""
    pss = pass_personne(individu, period)
    return p.taux * borner(assiette, p.assiette_minimale * pss, p.assiette_maximale * pss)


REGIMES = {"forfait_et_tranche": forfait_et_tranche, "proportionnelle": proportionnelle}  # parameter retraite_complementaire.carpimko.regime


def retraite_complementaire(individu, period, parameters, assiette, masque):
    p = parameters(period).cotisations.retraite_complementaire.carpimko
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carpimko", assiette)
    return REGIMES[p.regime](individu, period, parameters, assiette, p)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base, rate of tranche 1, rate of tranche 2, classes): the flat amount has no rate."""
    p = parameters(period).cotisations.retraite_complementaire.carpimko
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carpimko", assiette)
    faux = individu.filled_array(False)
    if p.regime == "proportionnelle":
        pss = pass_personne(individu, period)
        return borner(assiette, p.assiette_minimale * pss, p.assiette_maximale * pss), individu.filled_array(p.taux), individu.filled_array(0.0), faux
    tranche = where((assiette > p.seuil) & ~debutant(individu, period, p.duree_dispense_debut), p.taux, 0)
    return numpy.minimum(assiette, p.plafond), individu.filled_array(0.0), tranche, faux


def forfait_invalidite_deces(individu, period, parameters, masque):
    return forfait_source(individu, period, masque, parameters(period).cotisations.invalidite_deces.carpimko, "invalidite_deces", "CARPIMKO")


def invalidite_deces(individu, period, parameters, assiette, masque):
    return individu.filled_array(forfait_invalidite_deces(individu, period, parameters, masque))


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    forfait_invalidite_deces(individu, period, parameters, masque)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)


def prestations_complementaires_vieillesse(individu, period, parameters, assiette, masque):
    """ASV: (practitioner's share, Assurance Maladie's share) of the flat amount and of the
    adjustment on the conventioned income A = base − revenus_non_conventionnes."""
    p = parameters(period).cotisations.prestations_complementaires_vieillesse.carpimko
    assiette = annee_revenu.lu(individu, period, parameters, "prestations_complementaires_vieillesse", "carpimko", assiette)
    forfait = parametre(p, "forfait")
    if numpy.isnan(forfait):
        refuser(individu, period, masque, "prestations_complementaires_vieillesse",
                "the CARPIMKO ASV flat amount of this year is not in the model's sources.")
    conventionne = numpy.maximum(assiette - individu("revenus_non_conventionnes", period), 0)
    ajustement = p.taux_ajustement * conventionne
    assurance_maladie = p.part_assurance_maladie_forfait * forfait + p.part_assurance_maladie_ajustement * ajustement
    return forfait + ajustement - assurance_maladie, assurance_maladie
