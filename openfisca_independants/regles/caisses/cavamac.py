"""CAVAMAC (agents généraux d'assurance): complementary pension (the whole rate called on the gross
commissions up to a yearly ceiling in euros; the first year on a base of a fraction of the PASS
prorated by months of activity) and invalidité-décès (a rate on the same capped commissions, none in
the first year).

Base: `commissions_brutes` (the caisse reads those of N−1, parameters `anciennete_revenu`; the model
reads them when they were given for that year, else those of year N, stable-income assumption;
annee_revenu.py); where no commissions are given (0), the person's contribution base (income, of
the same year when given) stands in for them, which underestimates (gross commissions are above the net income) — stated in the
variables' documentation. Years without a sourced rate or ceiling (null) are refused, naming the
caisse, the line and the year."""

import numpy

from openfisca_independants.dates import EPOQUE, MOIS_PAR_AN, mois_absolu
from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import pass_annuel, refuser
from openfisca_independants.regles.caisses import annee_revenu
from openfisca_independants.regles.caisses.anciennete import annee_d_exercice


def commissions(individu, period, parameters, assiette, ligne):
    """Gross commissions of the year the caisse reads (else of year N), or the contribution base
    where none are given; floored at 0."""
    brutes = annee_revenu.entree_lue(individu, period, parameters, ligne, "cavamac", "commissions_brutes")
    assiette = annee_revenu.lu(individu, period, parameters, ligne, "cavamac", assiette)
    return numpy.maximum(numpy.where(brutes > 0, brutes, assiette), 0)


def premiere_annee(individu, period):
    return annee_d_exercice(individu, period) <= 1


def parametres_retraite(individu, period, parameters, masque, ligne="retraite_complementaire"):
    p = parameters(period).cotisations.retraite_complementaire.cavamac
    if numpy.isnan(parametre(p, "taux")) or numpy.isnan(parametre(p, "plafond")):
        refuser(individu, period, masque, ligne, "the CAVAMAC rate or ceiling of this year is not in the model's sources.")
    return p


def base_retraite(individu, period, parameters, assiette, p):
    """Capped commissions; in the first year, the PASS fraction × months from the month of start / 12."""
    mois_du_debut = mois_absolu(individu("date_debut_activite", period)) - (period.start.year - EPOQUE) * MOIS_PAR_AN  # 0 in January
    mois = MOIS_PAR_AN - mois_du_debut
    forfait = p.assiette_premiere_annee * pass_annuel(parameters, period) * numpy.clip(mois, 0, MOIS_PAR_AN) / MOIS_PAR_AN
    return numpy.where(premiere_annee(individu, period), forfait, numpy.minimum(commissions(individu, period, parameters, assiette, "retraite_complementaire"), p.plafond))


def retraite_complementaire(individu, period, parameters, assiette, masque):
    p = parametres_retraite(individu, period, parameters, masque)
    return p.taux * base_retraite(individu, period, parameters, assiette, p)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base, rate, rate of tranche 2, classes)."""
    p = parametres_retraite(individu, period, parameters, masque)
    return base_retraite(individu, period, parameters, assiette, p), individu.filled_array(p.taux), individu.filled_array(0.0), individu.filled_array(False)


def base_et_taux_invalidite_deces(individu, period, parameters, assiette, masque):
    """(capped commissions, rate; 0 in the first years without contribution)."""
    p = parameters(period).cotisations.invalidite_deces.cavamac
    plafond = parametres_retraite(individu, period, parameters, masque, "invalidite_deces").plafond
    if numpy.isnan(parametre(p, "taux")):
        refuser(individu, period, masque, "invalidite_deces", "the CAVAMAC rate of this year is not in the model's sources.")
    exonere = annee_d_exercice(individu, period) <= p.nombre_annees_sans_cotisation
    return numpy.minimum(commissions(individu, period, parameters, assiette, "invalidite_deces"), plafond), numpy.where(exonere, 0.0, p.taux)


def invalidite_deces(individu, period, parameters, assiette, masque):
    base, taux = base_et_taux_invalidite_deces(individu, period, parameters, assiette, masque)
    return taux * base


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    base, taux = base_et_taux_invalidite_deces(individu, period, parameters, assiette, masque)
    return base, taux, individu.filled_array(False)
