"""CARPV (vétérinaires): complementary pension in points (the class of the income gives a number of
points, bought at the point price of the year; class B in the first years of practice; a reduced
class on request under an income limit; the next class up on request) and invalidité-décès (class
A, B or C chosen, reduced for a young starter in B and C).

The caisse reads the income of N−2 (parameter `anciennete_revenu`); the model reads that year's base
when its income was given, else the year-N base (stable-income assumption; annee_revenu.py). Years whose limits, point price or amounts are not in the
sources (null parameters, empty scales) are refused, naming the caisse, the line and the year."""

import numpy

from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import refuser
from openfisca_independants.regles.caisses import annee_revenu
from openfisca_independants.regles.caisses.anciennete import age_au_premier_janvier, annee_d_exercice


def rang_de_classe(echelle, revenu):
    """Index of the class of `revenu`; an income equal to a limit stays in the lower class."""
    return numpy.searchsorted(numpy.asarray(echelle.thresholds[1:]), revenu, side="left")


def points(individu, period, parameters, assiette, masque):
    """(number of points of each person, parameters of the year); refused without a source."""
    p = parameters(period).cotisations.retraite_complementaire.carpv
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carpv", assiette)
    prix = parametre(p, "prix_point")
    if not p.classes.thresholds or numpy.isnan(prix):
        refuser(individu, period, masque, "retraite_complementaire", "the CARPV classes or point price of this year are not in the model's sources.")
        return individu.filled_array(0), p
    montants = numpy.asarray(p.classes.amounts)
    rang = rang_de_classe(p.classes, assiette)
    superieure = individu("carpv_classe_superieure", period)
    par_revenu = montants[numpy.minimum(rang + superieure, len(montants) - 1)]  # the last class stays the last
    debutant = annee_d_exercice(individu, period) <= p.duree_classe_b_debut_activite
    resultat = numpy.where(debutant, montants[0], par_revenu)  # class B, the first
    demande = individu("carpv_classe_reduite", period) & masque
    if demande.any():
        plafond = parametre(p, "plafond_classes_reduites")
        if not p.classes_reduites.thresholds or numpy.isnan(plafond):
            refuser(individu, period, demande, "retraite_complementaire", "the CARPV reduced classes of this year are not in the model's sources.")
        reduites = numpy.asarray(p.classes_reduites.amounts)[rang_de_classe(p.classes_reduites, assiette)]
        resultat = numpy.where(demande & (assiette <= plafond), reduites, resultat)  # above the limit: not granted
    return resultat, p


def retraite_complementaire(individu, period, parameters, assiette, masque):
    nombre, p = points(individu, period, parameters, assiette, masque)
    return nombre * p.prix_point


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base, rate of tranche 1, rate of tranche 2, classes): points of a class, no rate."""
    points(individu, period, parameters, assiette, masque)
    zero = individu.filled_array(0.0)
    return annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carpv", assiette), zero, zero, individu.filled_array(True)


def montant_invalidite_deces(individu, period, parameters, masque):
    """The amount of the class chosen (carpv_classe_prevoyance, A by default), reduced in B and C
    for a starter under the age limit in his first years of practice."""
    p = parameters(period).cotisations.invalidite_deces.carpv
    classe = individu("carpv_classe_prevoyance", period)
    classes = classe.possible_values
    reduit = (age_au_premier_janvier(individu, period) < p.age_limite_reduction) & (annee_d_exercice(individu, period) <= p.duree_reduction)
    choix = [
        (classe == classes.a, "classe_a"),
        ((classe == classes.b) & ~reduit, "classe_b"),
        ((classe == classes.c) & ~reduit, "classe_c"),
        ((classe == classes.b) & reduit, "classe_b_reduite"),
        ((classe == classes.c) & reduit, "classe_c_reduite"),
    ]
    montant = numpy.zeros(individu.count)
    for selection, nom in choix:
        selection = numpy.asarray(selection) & masque
        if not selection.any():
            continue
        valeur = parametre(p, nom)
        if numpy.isnan(valeur):
            refuser(individu, period, selection, "invalidite_deces", f"the CARPV amount ({nom}) of this year is not in the model's sources.")
        montant = numpy.where(selection, valeur, montant)
    return montant


def invalidite_deces(individu, period, parameters, assiette, masque):
    return montant_invalidite_deces(individu, period, parameters, masque)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    montant_invalidite_deces(individu, period, parameters, masque)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)
