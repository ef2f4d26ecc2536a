"""Invalidité-décès: SSI CSS D632-1 and D632-2 (1.3 % between the minimum base and 1 PASS; not due in
Mayotte), Cipav (classes until 2022, then 0.5 % within 37–185 % PASS, none from the age of exemption)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import borner
from openfisca_independants.dates import annee
from openfisca_independants.regles import exonerations
from openfisca_independants.regles.base import (
    Ligne,
    assiette_rc_id,
    cipav_parmi,
    mayotte_parmi,
    minimums_applicables,
    pass_personne,
)


def cipav_classes(individu, period, assiette, pss, minimums, pc):
    """Cipav until 2022: the flat amount of the class (A, B or C) chosen."""
    classe = individu("classe_invalidite_deces_cipav", period)
    classes = classe.possible_values
    return numpy.select([classe == classes.a, classe == classes.b], [pc.classe_a, pc.classe_b], pc.classe_c)


def cipav_proportionnelle(individu, period, assiette, pss, minimums, pc):
    """Cipav from 2023: a rate on the base bounded between its minimum and its ceiling (in PASS)."""
    return pc.taux * borner(assiette, pc.assiette_minimale * pss * minimums, pc.plafond * pss)


CIPAV = {"classes": cipav_classes, "proportionnelle": cipav_proportionnelle}  # parameter invalidite_deces.cipav.regime


def brute(individu, period, parameters, assiette):
    """SSI (D632-1, D632-2) or Cipav invalidité-décès (classes until 2022, then proportional)."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    p = c.invalidite_deces.ssi
    minimums = minimums_applicables(individu, period)
    ssi = p.taux * borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # not due in Mayotte
        ssi = where(mayotte, 0, ssi)
    cipav, des_cipav = cipav_parmi(individu, period)
    if not des_cipav:
        return ssi
    pc = c.invalidite_deces.cipav
    montant_cipav = CIPAV[pc.regime](individu, period, assiette, pss, minimums, pc)
    age_atteint = period.start.year - annee(individu("date_naissance", period)) >= pc.age_exoneration
    return where(cipav, where(age_atteint, 0, montant_cipav), ssi)



def ligne(individu, period, parameters) -> Ligne:
    """(base between its minimum and its ceiling, rate, classes)."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    minimums = minimums_applicables(individu, period)
    assiette = assiette_rc_id(individu, period)
    p = c.invalidite_deces.ssi
    base, taux = borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss), individu.filled_array(p.taux)
    classes = individu.filled_array(False)
    cipav = individu("est_cipav", period)
    if cipav.any():
        pc = c.invalidite_deces.cipav
        if pc.regime == "proportionnelle":
            base = where(cipav, borner(assiette, pc.assiette_minimale * pss * minimums, pc.plafond * pss), base)
            taux = where(cipav, pc.taux, taux)
        else:  # classes A, B, C with flat amounts (until 2022)
            base, taux, classes = where(cipav, assiette, base), where(cipav, 0, taux), cipav
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    return Ligne(base, where(mayotte, 0, taux) if a_mayotte else taux, classes=classes)

def nette(individu, period, parameters, assiette, assiette_partagee, coefficient=None):
    cipav, des_cipav = cipav_parmi(individu, period)
    base = where(cipav, assiette, assiette_partagee) if des_cipav else assiette_partagee
    return exonerations.nette(individu, period, parameters, "invalidite_deces", brute(individu, period, parameters, base), brute, base, coefficient)
