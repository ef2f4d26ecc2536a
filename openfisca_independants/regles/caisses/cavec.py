"""CAVEC (experts-comptables): complementary pension (flat amount of the class of the income, A to
H, A to I from 2026; class A in the first years of activity) and invalidité-décès (flat amount of
the class of the income, 1 to 4; the default class in the first year). Each line has an optional
next class up (cavec_classe_superieure, cavec_classe_prevoyance_superieure; the top class stays
the top class).

The caisse reads the N−1 income without regularisation (parameters `anciennete_revenu`); the model
reads that year's base when its income was given, else the year-N base (stable-income assumption;
annee_revenu.py). A deficit falls in the first
class. Each threshold of a class scale is the inclusive upper limit of the class before it. A year
whose scale is empty (no source) is refused, naming the line and the year."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import bareme
from openfisca_independants.dates import annee
from openfisca_independants.regles.base import refuser
from openfisca_independants.regles.caisses import annee_revenu


def annee_d_exercice(individu, period):
    """The k-th calendar year of activity (the year of the start is the first)."""
    return period.start.year - annee(individu("date_debut_activite", period)) + 1


def classes(individu, period, noeud, ligne, masque):
    """The class scale `noeud.classes` as (thresholds, amounts); refused when empty."""
    echelle = bareme(noeud, "classes")
    if not echelle.thresholds:
        refuser(individu, period, masque, ligne, "the CAVEC classes of this year are not in the model's sources.")
    return numpy.asarray(echelle.thresholds), numpy.asarray(echelle.amounts)


def rang_du_revenu(seuils, assiette):
    """The class of the income (0 = the first); an income equal to a threshold stays in the lower class."""
    return numpy.searchsorted(seuils[1:], numpy.maximum(assiette, 0), side="left")


def montant_de_la_classe(rang, superieure, montants):
    """The amount of the class, or of the next one up when chosen (the top class stays the top class)."""
    return montants[numpy.minimum(rang + where(superieure, 1, 0), len(montants) - 1)]


# ---------------------------------------------------------------- retraite complémentaire


def rang_retraite_complementaire(individu, period, parameters, assiette, masque):
    rc = parameters(period).cotisations.retraite_complementaire.cavec
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "cavec", assiette)
    seuils, montants = classes(individu, period, rc, "retraite_complementaire", masque)
    debut = annee_d_exercice(individu, period) <= rc.nombre_annees_classe_a_debut_activite
    return where(debut, 0, rang_du_revenu(seuils, assiette)), montants


def retraite_complementaire(individu, period, parameters, assiette, masque):
    rang, montants = rang_retraite_complementaire(individu, period, parameters, assiette, masque)
    return montant_de_la_classe(rang, individu("cavec_classe_superieure", period), montants)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base, no rate, no rate, classes): a flat amount by class."""
    rang_retraite_complementaire(individu, period, parameters, assiette, masque)
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "cavec", assiette)
    zero = individu.filled_array(0.0)
    return assiette, zero, zero, individu.filled_array(True)


# ---------------------------------------------------------------- invalidité-décès


# The names of the invalidité-décès classes, in the order of the scale (parameter classe_defaut_debut_activite).
CLASSES_PREVOYANCE = ("classe_1", "classe_2", "classe_3", "classe_4")


def invalidite_deces(individu, period, parameters, assiette, masque):
    p = parameters(period).cotisations.invalidite_deces.cavec
    assiette = annee_revenu.lu(individu, period, parameters, "invalidite_deces", "cavec", assiette)
    seuils, montants = classes(individu, period, p, "invalidite_deces", masque)
    debut = annee_d_exercice(individu, period) <= 1  # the first year: no income of the year before
    rang = where(debut, CLASSES_PREVOYANCE.index(p.classe_defaut_debut_activite), rang_du_revenu(seuils, assiette))
    return montant_de_la_classe(rang, individu("cavec_classe_prevoyance_superieure", period), montants)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    invalidite_deces(individu, period, parameters, assiette, masque)
    return annee_revenu.lu(individu, period, parameters, "invalidite_deces", "cavec", assiette), individu.filled_array(0.0), individu.filled_array(True)
