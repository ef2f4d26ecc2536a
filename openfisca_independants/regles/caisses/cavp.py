"""CAVP (pharmaciens): complementary pension by classes (a number of cotisations de référence
chosen by the income's class, six classes on the three-year average or eleven classes on one year:
parameter retraite_complementaire.cavp.regime; the pay-as-you-go fraction called at a rate, rounded
to the euro; a reduction of class 3 on request), invalidité-décès (flat amount) and the PCV of the
conventioned biologists (only on the input cavp_biologiste_conventionne: flat amount and
adjustment, part of each paid by the Assurance Maladie).

The caisse reads earlier years' income (the average of N−4…N−2, then N−2 compared with the PASS of
N−1: parameters `anciennete_revenu`, `nombre_annees_revenu`); the model reads those years' base when
their income was given (the mean of those given), else the year-N base (stable-income assumption;
annee_revenu.py), compared with the PASS the rule names."""

import numpy

from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import pass_annuel, pass_personne, refuser
from openfisca_independants.regles.caisses import annee_revenu, forfait_source


def rang_de_classe(echelle, rapport):
    """Index of the class of `rapport` (in PASS); a value equal to a limit stays in the lower class."""
    return numpy.searchsorted(numpy.asarray(echelle.thresholds[1:]), rapport, side="left")


def six_classes(individu, period, parameters, assiette, p):
    """Average of N−4…N−2 compared with the PASS of the year."""
    echelle = p.classes_moyenne_triennale
    return echelle, assiette / pass_annuel(parameters, period)


def onze_classes(individu, period, parameters, assiette, p):
    """Income of N−2 compared with the PASS of N−1."""
    echelle = p.classes
    return echelle, assiette / pass_annuel(parameters, period.last_year)


REGIMES = {"six_classes": six_classes, "onze_classes": onze_classes}  # parameter retraite_complementaire.cavp.regime


def nombre_de_references(individu, period, parameters, assiette, masque):
    """(number of cotisations de référence of the person's class, index of the class, parameters)."""
    p = parameters(period).cotisations.retraite_complementaire.cavp
    regime = parametre(p, "regime", None)
    echelle, rapport = REGIMES[regime](individu, period, parameters, assiette, p) if regime else (None, None)
    if echelle is None or not echelle.thresholds or numpy.isnan(parametre(p, "cotisation_reference")):
        refuser(individu, period, masque, "retraite_complementaire", "the CAVP classes or reference contribution of this year are not in the model's sources.")
        return individu.filled_array(0), individu.filled_array(0), p
    rang = rang_de_classe(echelle, rapport)
    return numpy.asarray(echelle.amounts)[rang], rang, p


def retraite_complementaire(individu, period, parameters, assiette, masque):
    """n cotisations de référence: the pay-as-you-go fraction (a fixed number of them) called at
    its rate and rounded to the euro when that rate is not 1 (CSS L133-10), the rest funded; the
    class-3 contribution reduced on request (cavp_reduction_classe_3) by the income's bracket."""
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "cavp", assiette)
    n, rang, p = nombre_de_references(individu, period, parameters, assiette, masque)
    reference = p.cotisation_reference
    repartition = p.nombre_references_repartition * reference
    if p.taux_appel_repartition != 1:
        repartition = numpy.round(repartition * p.taux_appel_repartition)
    montant = repartition + (n - p.nombre_references_repartition) * reference
    demandee = individu("cavp_reduction_classe_3", period) & (rang == 0)  # class 3, the lowest
    reduction = p.reduction_classe_3.calc(numpy.maximum(assiette, 0) / pass_annuel(parameters, period))
    return numpy.where(demandee, montant * (1 - reduction), montant)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base, rate of tranche 1, rate of tranche 2, classes): a class amount, no rate."""
    assiette = annee_revenu.lu(individu, period, parameters, "retraite_complementaire", "cavp", assiette)
    nombre_de_references(individu, period, parameters, assiette, masque)
    zero = individu.filled_array(0.0)
    return assiette, zero, zero, individu.filled_array(True)


def forfait_invalidite_deces(individu, period, parameters, masque):
    return forfait_source(individu, period, masque, parameters(period).cotisations.invalidite_deces.cavp, "invalidite_deces", "CAVP")


def invalidite_deces(individu, period, parameters, assiette, masque):
    return individu.filled_array(forfait_invalidite_deces(individu, period, parameters, masque))


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    forfait_invalidite_deces(individu, period, parameters, masque)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)


def prestations_complementaires_vieillesse(individu, period, parameters, assiette, masque):
    """PCV of the conventioned biologists (masque: cavp_biologiste_conventionne): (practitioner's
    share, Assurance Maladie's share) of the flat amount and of the adjustment on the base up to
    its ceiling in PASS."""
    p = parameters(period).cotisations.prestations_complementaires_vieillesse.cavp
    forfait, taux = parametre(p, "forfait"), parametre(p, "taux_ajustement")
    if numpy.isnan(forfait) or numpy.isnan(taux):
        refuser(individu, period, masque, "prestations_complementaires_vieillesse",
                "the CAVP PCV of the biologists of this year is not in the model's sources.")
    ajustement = taux * numpy.clip(assiette, 0, p.plafond_ajustement * pass_personne(individu, period))
    assurance_maladie = p.part_assurance_maladie_forfait * forfait + p.part_assurance_maladie_ajustement * ajustement
    return forfait + ajustement - assurance_maladie, assurance_maladie
