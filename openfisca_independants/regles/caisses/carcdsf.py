"""CARCDSF (chirurgiens-dentistes, sages-femmes): complementary pension (flat amount plus a rate on
the band between a threshold and a ceiling in PASS; the band not due in the first years on request:
input carcdsf_dispense_debut; the reduction of the flat amount on request is not modelled:
input carcdsf_reduction_forfait refused), invalidité-décès (a flat amount by profession; the
midwives chose a class A, B or C until 2022: input carcdsf_classe_invalidite_deces) and PCV
(dentists: flat amount and adjustment on the income up to a ceiling, two thirds and half paid by
the Assurance Maladie; midwives: flat amount, two thirds paid by the Assurance Maladie).

The caisse reads the income of N−1 (RC) or N−2 (PCV adjustment): parameters `anciennete_revenu`;
the model reads that year's base when its income was given, else the year-N base (stable-income
assumption; annee_revenu.py)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import part_entre
from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import categorie_dans, pass_personne, refuser
from openfisca_independants.regles.caisses import annee_revenu
from openfisca_independants.regles.caisses.carpimko import debutant


def dispense(individu, period, p):
    """The proportional part is not due in the first `duree_dispense_debut` calendar years when the
    person asked for it (input carcdsf_dispense_debut)."""
    return debutant(individu, period, p.duree_dispense_debut) & individu("carcdsf_dispense_debut", period)


def verifier(individu, period, masque):
    refuser(individu, period, masque & individu("carcdsf_reduction_forfait", period), "retraite_complementaire",
            "the CARCDSF reduction of the flat amount on request is not in the model's sources.",
            variable="carcdsf_reduction_forfait")


def retraite_complementaire(individu, period, parameters, assiette, masque):
    """Flat amount + rate × (base up to the ceiling − threshold), both in PASS of the year."""
    verifier(individu, period, masque)
    p = parameters(period).cotisations.retraite_complementaire.carcdsf
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carcdsf", assiette)
    pss = pass_personne(individu, period)
    proportionnelle = p.taux * part_entre(assiette, p.seuil * pss, p.plafond * pss)
    return p.forfait + where(dispense(individu, period, p), 0, proportionnelle)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base up to the ceiling, no rate on tranche 1 (the flat amount), the rate above the threshold, no classes)."""
    verifier(individu, period, masque)
    p = parameters(period).cotisations.retraite_complementaire.carcdsf
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "carcdsf", assiette)
    pss = pass_personne(individu, period)
    tranche = where((assiette > p.seuil * pss) & ~dispense(individu, period, p), p.taux, 0)
    return numpy.minimum(numpy.maximum(assiette, 0), p.plafond * pss), individu.filled_array(0.0), tranche, individu.filled_array(False)


def forfait_invalidite_deces(individu, period, parameters, masque):
    """Dentists: their flat amount (refused when not in the sources). Midwives: the flat amount of
    their class (A by default; B and C until 2022 only)."""
    p = parameters(period).cotisations.invalidite_deces.carcdsf
    dentistes = categorie_dans(individu, period, ("chirurgien_dentiste",))
    forfait_dentistes = parametre(p.chirurgien_dentiste, "forfait")
    if numpy.isnan(forfait_dentistes):
        refuser(individu, period, masque & dentistes, "invalidite_deces", "the CARCDSF flat amount of this year for dentists is not in the model's sources.")
    classe = individu("carcdsf_classe_invalidite_deces", period)
    classes = classe.possible_values
    b, c = parametre(p.sage_femme, "forfait_classe_b"), parametre(p.sage_femme, "forfait_classe_c")
    if numpy.isnan(b) or numpy.isnan(c):
        refuser(individu, period, masque & ~dentistes & (classe != classes.a), "invalidite_deces",
                "the CARCDSF midwives' classes B and C exist until 2022 only.", variable="carcdsf_classe_invalidite_deces")
    sages_femmes = numpy.select([classe == classes.b, classe == classes.c], [b, c], p.sage_femme.forfait)
    return where(dentistes, forfait_dentistes, sages_femmes)


def invalidite_deces(individu, period, parameters, assiette, masque):
    return forfait_invalidite_deces(individu, period, parameters, masque)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    forfait_invalidite_deces(individu, period, parameters, masque)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)


def pcv_chirurgiens_dentistes(individu, period, parameters, assiette, masque):
    """(practitioner's share, Assurance Maladie's share) of the flat amount and of the adjustment
    on the whole income (not only the conventioned one) up to the ceiling."""
    p = parameters(period).cotisations.prestations_complementaires_vieillesse.carcdsf.chirurgien_dentiste
    assiette = annee_revenu.lu(individu, period, parameters, "prestations_complementaires_vieillesse", "carcdsf", assiette)
    forfait = parametre(p, "forfait")
    if numpy.isnan(forfait):
        refuser(individu, period, masque, "prestations_complementaires_vieillesse",
                "the CARCDSF PCV flat amount of this year for dentists is not in the model's sources.")
    ajustement = p.taux_ajustement * numpy.minimum(numpy.maximum(assiette, 0), p.plafond_ajustement * pass_personne(individu, period))
    assurance_maladie = p.part_assurance_maladie_forfait * forfait + p.part_assurance_maladie_ajustement * ajustement
    return forfait + ajustement - assurance_maladie, assurance_maladie


def pcv_sages_femmes(individu, period, parameters, assiette, masque):
    """(practitioner's share, Assurance Maladie's share) of the flat amount."""
    p = parameters(period).cotisations.prestations_complementaires_vieillesse.carcdsf.sage_femme
    assurance_maladie = p.part_assurance_maladie * p.forfait
    return individu.filled_array(p.forfait - assurance_maladie), individu.filled_array(assurance_maladie)


def prestations_complementaires_vieillesse(individu, period, parameters, assiette, masque):
    dentistes = categorie_dans(individu, period, ("chirurgien_dentiste",))
    zero = individu.filled_array(0.0)
    resultat = (zero, zero)
    if (masque & dentistes).any():
        valeurs = pcv_chirurgiens_dentistes(individu, period, parameters, assiette, masque & dentistes)
        resultat = tuple(where(dentistes, v, r) for v, r in zip(valeurs, resultat))
    if (masque & ~dentistes).any():
        valeurs = pcv_sages_femmes(individu, period, parameters, assiette, masque & ~dentistes)
        resultat = tuple(where(dentistes, r, v) for v, r in zip(valeurs, resultat))
    return resultat
