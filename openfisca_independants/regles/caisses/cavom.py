"""CAVOM (officiers ministériels, officiers publics et compagnies judiciaires): complementary
pension (a rate on the income bounded between a floor and a ceiling in PASS) and invalidité-décès
(the class A amount times the multiple of the class chosen, class B by default).

The caisse's texts do not say which year's income is read; the model reads the year-N base. Years
without a sourced rate or amount (null parameters) are refused, naming the caisse, the line and
the year."""

import numpy

from openfisca_independants.baremes import borner
from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import pass_personne, refuser


def parametres_retraite(individu, period, parameters, masque):
    p = parameters(period).cotisations.retraite_complementaire.cavom
    if numpy.isnan(parametre(p, "taux")):
        refuser(individu, period, masque, "retraite_complementaire", "the CAVOM rate of this year is not in the model's sources.")
    return p


def assiette_bornee(individu, period, assiette, p):
    pss = pass_personne(individu, period)
    return borner(assiette, p.assiette_minimale * pss, p.plafond * pss)


def retraite_complementaire(individu, period, parameters, assiette, masque):
    p = parametres_retraite(individu, period, parameters, masque)
    return p.taux * assiette_bornee(individu, period, assiette, p)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base between its floor and its ceiling, rate, rate of tranche 2, classes)."""
    p = parametres_retraite(individu, period, parameters, masque)
    return assiette_bornee(individu, period, assiette, p), individu.filled_array(p.taux), individu.filled_array(0.0), individu.filled_array(False)


def montant_invalidite_deces(individu, period, parameters, masque):
    """Class A amount × the multiple of the class chosen (cavom_classe_prevoyance; the class applied
    without an option: parameter invalidite_deces.cavom.classe_defaut)."""
    p = parameters(period).cotisations.invalidite_deces.cavom
    classe_a = parametre(p, "classe_a")
    if numpy.isnan(classe_a):
        refuser(individu, period, masque, "invalidite_deces", "the CAVOM class amounts of this year are not in the model's sources.")
    classe = individu("cavom_classe_prevoyance", period)
    valeurs = classe.possible_values
    multiples = {"a": 1, "b": p.multiplicateur_classe_b, "c": p.multiplicateur_classe_c, "d": p.multiplicateur_classe_d}
    choisie = numpy.where(classe == valeurs.classe_par_defaut, valeurs[p.classe_defaut].index, numpy.asarray(classe))
    multiple = numpy.select([choisie == valeurs[nom].index for nom in multiples], list(multiples.values()), 1)
    return classe_a * multiple


def invalidite_deces(individu, period, parameters, assiette, masque):
    return montant_invalidite_deces(individu, period, parameters, masque)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    montant_invalidite_deces(individu, period, parameters, masque)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)
