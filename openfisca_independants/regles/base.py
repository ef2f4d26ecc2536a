"""Pieces shared by the rules of every risk: the person's PASS, where the minimum bases apply,
who is in which population, the average-rate schedules and the single base of the 2025 reform."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import taux_progressif


def pass_personne(individu, period):
    """The person's PASS (prorated in an incomplete year): a scalar when it is the same for
    everybody, which spares an array operation for each threshold; else the per-person array."""
    pss = individu("plafond_securite_sociale", period)
    premier = pss[0] if len(pss) else 0
    return float(premier) if len(pss) and pss.min() == premier == pss.max() else pss


def pass_annuel(parameters, period):
    return parameters(period).prelevements_sociaux.pss.plafond_securite_sociale_annuel


def minimums_applicables(individu, period):
    """1 where the minimum bases apply (everybody, except RSA / seasonal activity)."""
    applicables = individu("assiettes_minimales_applicables", period)
    return 1 if applicables.all() else applicables


def hors_regime_classique(individu, period):
    """Where the classic contributions of the year are not due: a micro-entrepreneur, or a
    business with no day of activity in the year (nothing is due, not even a minimum base)."""
    return individu("micro_entrepreneur", period) | ~individu("activite_dans_l_annee", period)


def cipav_parmi(individu, period):
    cipav = individu("est_cipav", period)
    return cipav, cipav.any()


def mayotte_parmi(individu, period):
    mayotte = individu("etablissement_mayotte", period)
    return mayotte, mayotte.any()


def taux_moyen(bareme, assiette, pss, uniformes):
    """Rate of an average-rate schedule; its top rate where `uniformes` (DROM, non-cumul)."""
    taux = taux_progressif(bareme, assiette, pss)
    return taux if uniformes is None else where(uniformes, bareme.rates[-1], taux)


def assiette_reforme(parameters, period, revenu_brut):
    """Single base of the 2025 reform: gross income minus the bounded 26 % abattement, floor 0."""
    p = parameters(period).reforme_assiette.abattement
    pss = pass_annuel(parameters, period)
    abattement = numpy.clip(p.taux * revenu_brut, p.plancher * pss, p.plafond * pss)
    return numpy.maximum(revenu_brut - abattement, 0)


def plafond_mayotte(individu, period, parameters):
    """The Mayotte PASS of the year, prorated like the national one."""
    return parameters(period).outre_mer.mayotte.plafond_securite_sociale * individu("prorata_annee_activite", period)


class Ligne:
    """What a line is made of, per person."""

    def __init__(self, assiette, taux, taux_tranche_2=0, classes=False):
        self.assiette = assiette  # base actually used (minimum base, ceiling applied)
        self.taux = taux  # legal rate (first tranche, or the schedule's average rate, up to its ceiling)
        self.taux_tranche_2 = taux_tranche_2  # rate above the first tranche, 0 when the base does not reach it
        self.classes = classes  # flat amounts by class (Cipav), no rate


def seulement_classique(individu, period, valeurs):
    """`valeurs` for the classic regime, 0 for a micro-entrepreneur or a year without activity."""
    non_dus = hors_regime_classique(individu, period)
    return where(non_dus, 0, valeurs) if non_dus.any() else valeurs


def assiette_rc_id(individu, period):
    """Base of the retraite complémentaire and invalidité-décès: the chief's shared base, the whole
    base for the Cipav (as in retraite_complementaire.nette and invalidite_deces.nette)."""
    return where(individu("est_cipav", period), individu("assiette_cotisations", period), individu("assiette_cotisations_partagee", period))
