"""CPRN (notaires): complementary pension = section B (class k × the class-1 amount; class 1 for a
new notary, the class chosen with cprn_classe_section_b, else the class of the office's products) +
section C (a rate on the office's products up to a ceiling; none in the first years, the rule of a
created office applied to every starter); invalidité-décès (a flat amount, reduced in two periods
after the start).

Base of section B's class and of section C: `produits_office` (the caisse averages N−4…N−2,
parameters `anciennete_revenu`, `nombre_annees_revenu`; the model averages those of these years
that were given, else reads year N, stable-income assumption; annee_revenu.py). The section B product limits and the section C
ceiling are not in the sources (empty scale, null ceiling): every case that needs them is refused,
so the complementary pension is computed only in the first years of a notary. Years without a
sourced amount or rate (null) are refused, naming the caisse, the line and the year."""

import numpy

from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import refuser
from openfisca_independants.regles.caisses import annee_revenu
from openfisca_independants.regles.caisses.anciennete import annee_d_exercice


def produits(individu, period, parameters):
    """The office's products of the years the CPRN averages (those given), else of year N."""
    return annee_revenu.entree_lue(individu, period, parameters, "retraite_complementaire", "cprn", "produits_office")


def classe_section_b(individu, period, parameters, p, masque):
    """Class 1 to 8: the one chosen (cprn_classe_section_b, its index), class 1 for a new notary,
    else the class of the office's products."""
    donnee = numpy.asarray(individu("cprn_classe_section_b", period))  # 0: not chosen
    nouveau = annee_d_exercice(individu, period) <= p.duree_classe_minimale_nouveau_notaire
    par_produits = masque & (donnee == 0) & ~nouveau
    classe = numpy.where(donnee > 0, donnee, 1)
    if par_produits.any():
        if not p.section_b_classes.thresholds:
            refuser(individu, period, par_produits, "retraite_complementaire",
                    "the CPRN section B class limits (office products) are not in the model's sources; give cprn_classe_section_b.")
        rang = numpy.searchsorted(numpy.asarray(p.section_b_classes.thresholds[1:]), produits(individu, period, parameters), side="left")
        classe = numpy.where(par_produits, numpy.asarray(p.section_b_classes.amounts)[rang], classe)
    return classe


def sections(individu, period, parameters, masque):
    """(section B, section C) of each person; refused where a needed amount, rate, ceiling or base is missing."""
    p = parameters(period).cotisations.retraite_complementaire.cprn
    unitaire = parametre(p, "section_b_montant_unitaire")
    if numpy.isnan(unitaire):
        refuser(individu, period, masque, "retraite_complementaire", "the CPRN section B class-1 amount of this year is not in the model's sources.")
    section_b = classe_section_b(individu, period, parameters, p, masque) * unitaire
    due = masque & (annee_d_exercice(individu, period) > p.section_c_duree_sans_cotisation_creation)
    section_c = numpy.zeros(individu.count)
    if due.any():
        taux, plafond = parametre(p, "section_c_taux"), parametre(p, "section_c_plafond")
        if numpy.isnan(taux) or numpy.isnan(plafond):
            refuser(individu, period, due, "retraite_complementaire",
                    "the CPRN section C rate or ceiling of this year is not in the model's sources (due from the third year).")
        montants = produits(individu, period, parameters)
        refuser(individu, period, due & (montants <= 0), "retraite_complementaire", "section C needs produits_office (the office's products).")
        section_c = numpy.where(due, taux * numpy.minimum(montants, plafond), 0)
    return section_b, section_c


def retraite_complementaire(individu, period, parameters, assiette, masque):
    section_b, section_c = sections(individu, period, parameters, masque)
    return section_b + section_c


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base, rate of tranche 1, rate of tranche 2, classes): section B is a class amount."""
    sections(individu, period, parameters, masque)
    zero = individu.filled_array(0.0)
    return assiette, zero, zero, individu.filled_array(True)


def montant_invalidite_deces(individu, period, parameters, masque):
    """The flat amount, less the first reduction in the first period of practice, less the second
    in the following period of the same length."""
    p = parameters(period).cotisations.invalidite_deces.cprn
    montant = parametre(p, "montant")
    if numpy.isnan(montant):
        refuser(individu, period, masque, "invalidite_deces", "the CPRN amount of this year is not in the model's sources.")
    k, d = annee_d_exercice(individu, period), p.duree_periode_reduction
    reduction = numpy.select([k <= d, k <= d + d], [p.reduction_premiere_periode, p.reduction_seconde_periode], 0)
    return montant * (1 - reduction)


def invalidite_deces(individu, period, parameters, assiette, masque):
    return montant_invalidite_deces(individu, period, parameters, masque)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    montant_invalidite_deces(individu, period, parameters, masque)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)
