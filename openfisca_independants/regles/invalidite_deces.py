"""Invalidité-décès: SSI CSS D632-1 and D632-2 (1.3 % between the minimum base and 1 PASS; not due in
Mayotte), or the scheme of the person's caisse (regles/caisses/: the Cipav's, …)."""

from openfisca_core.model_api import where

from openfisca_independants.baremes import borner
from openfisca_independants.regles import exonerations
from openfisca_independants.regles.base import (
    Ligne,
    assiette_rc_id,
    mayotte_parmi,
    minimums_applicables,
    pass_personne,
    pl_reglementee_parmi,
)
from openfisca_independants.regles.caisses import carcdsf, carmf, carpimko, carpv, cavamac, cavec, cavom, cavp, cipav, cnbf, cprn, par_caisse


# Each caisse's invalidité-décès: a named function of its module in regles/caisses/; a caisse not
# in the table is refused (caisses.par_caisse).
INVALIDITE_DECES = {
    "cipav": cipav.invalidite_deces,
    "carmf": carmf.invalidite_deces,
    "carcdsf": carcdsf.invalidite_deces,
    "carpimko": carpimko.invalidite_deces,
    "cavp": cavp.invalidite_deces,
    "carpv": carpv.invalidite_deces,
    "cavom": cavom.invalidite_deces,
    "cavamac": cavamac.invalidite_deces,
    "cprn": cprn.invalidite_deces,
    "cnbf": cnbf.invalidite_deces,
    "cavec": cavec.invalidite_deces,
}
LIGNES = {
    "cipav": cipav.invalidite_deces_ligne,
    "carmf": carmf.invalidite_deces_ligne,
    "carcdsf": carcdsf.invalidite_deces_ligne,
    "carpimko": carpimko.invalidite_deces_ligne,
    "cavp": cavp.invalidite_deces_ligne,
    "carpv": carpv.invalidite_deces_ligne,
    "cavom": cavom.invalidite_deces_ligne,
    "cavamac": cavamac.invalidite_deces_ligne,
    "cprn": cprn.invalidite_deces_ligne,
    "cnbf": cnbf.invalidite_deces_ligne,
    "cavec": cavec.invalidite_deces_ligne,
}


def brute(individu, period, parameters, assiette):
    """SSI (D632-1, D632-2) or the invalidité-décès of the person's caisse (regles/caisses/<caisse>.py)."""
    pss = pass_personne(individu, period)
    p = parameters(period).cotisations.invalidite_deces.ssi
    ssi = p.taux * borner(assiette, p.assiette_minimale * pss * minimums_applicables(individu, period), p.plafond * pss)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # not due in Mayotte
        ssi = where(mayotte, 0, ssi)
    return par_caisse(individu, period, parameters, INVALIDITE_DECES, "invalidite_deces", ssi, assiette)


def ligne(individu, period, parameters) -> Ligne:
    """(base between its minimum and its ceiling, rate, classes)."""
    pss = pass_personne(individu, period)
    assiette = assiette_rc_id(individu, period)
    p = parameters(period).cotisations.invalidite_deces.ssi
    ssi = (
        borner(assiette, p.assiette_minimale * pss * minimums_applicables(individu, period), p.plafond * pss),
        individu.filled_array(p.taux),
        individu.filled_array(False),
    )
    base, taux, classes = par_caisse(individu, period, parameters, LIGNES, "invalidite_deces", ssi, assiette)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    return Ligne(base, where(mayotte, 0, taux) if a_mayotte else taux, classes=classes)


def nette(individu, period, parameters, assiette, assiette_partagee, coefficient=None):
    pl, des_pl = pl_reglementee_parmi(individu, period)
    partagee = assiette_partagee is not assiette  # (the same array when nobody shares a base with a spouse)
    base = where(pl, assiette, assiette_partagee) if des_pl and partagee else assiette_partagee
    return exonerations.nette(individu, period, parameters, "invalidite_deces", brute(individu, period, parameters, base), brute, base, coefficient)
