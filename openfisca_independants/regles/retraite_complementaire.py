"""Retraite complémentaire: RCI CSS D635-7 (two tranches; not due in Mayotte), or the scheme of the
person's caisse (regles/caisses/: the Cipav's, …). Each legal version is a named function, chosen
by a dated parameter (retraite_complementaire.ssi.limite_tranche_1, retraite_complementaire.<caisse>.regime)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import part_entre
from openfisca_independants.regles import exonerations
from openfisca_independants.regles.base import (
    Ligne,
    assiette_rc_id,
    mayotte_parmi,
    pass_annuel,
    pass_personne,
    pl_reglementee_parmi,
)
from openfisca_independants.regles.caisses import carcdsf, carmf, carpimko, carpv, cavamac, cavec, cavom, cavp, cipav, cnbf, cprn, par_caisse


def limite_prci(individu, period, parameters, p):
    """Tranche 1 up to the RCI ceiling (PRCI), prorated in an incomplete year (D635-7 until 2024)."""
    return p.plafond_rci * individu("prorata_annee_activite", period)


def limite_pass(individu, period, parameters, p):
    """Tranche 1 up to a fraction of the person's PASS (D635-7 1° as of décret 2024-688, from 2025)."""
    return p.plafond_tranche_1 * pass_personne(individu, period)


LIMITES_TRANCHE_1 = {"prci": limite_prci, "pass": limite_pass}  # parameter retraite_complementaire.ssi.limite_tranche_1


def rci(individu, period, parameters, assiette):
    """RCI, CSS D635-7: rate 1 up to the tranche-1 limit, rate 2 from it to 4 PASS; not due in Mayotte."""
    p = parameters(period).cotisations.retraite_complementaire.ssi
    limite_1 = LIMITES_TRANCHE_1[p.limite_tranche_1](individu, period, parameters, p)
    limite_2 = p.plafond * (pass_personne(individu, period) if p.plafond_proratise else pass_annuel(parameters, period))
    montant = p.taux_tranche_1 * numpy.minimum(assiette, limite_1) + p.taux_tranche_2 * part_entre(assiette, limite_1, limite_2)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    return where(mayotte, 0, montant) if a_mayotte else montant


# Each caisse's complementary pension: a named function of its module in regles/caisses/; a caisse
# not in the table is refused (caisses.par_caisse).
RETRAITE_COMPLEMENTAIRE = {
    "cipav": cipav.retraite_complementaire,
    "carmf": carmf.retraite_complementaire,
    "carcdsf": carcdsf.retraite_complementaire,
    "carpimko": carpimko.retraite_complementaire,
    "cavp": cavp.retraite_complementaire,
    "carpv": carpv.retraite_complementaire,
    "cavom": cavom.retraite_complementaire,
    "cavamac": cavamac.retraite_complementaire,
    "cprn": cprn.retraite_complementaire,
    "cnbf": cnbf.retraite_complementaire,
    "cavec": cavec.retraite_complementaire,
}
LIGNES = {
    "cipav": cipav.retraite_complementaire_ligne,
    "carmf": carmf.retraite_complementaire_ligne,
    "carcdsf": carcdsf.retraite_complementaire_ligne,
    "carpimko": carpimko.retraite_complementaire_ligne,
    "cavp": cavp.retraite_complementaire_ligne,
    "carpv": carpv.retraite_complementaire_ligne,
    "cavom": cavom.retraite_complementaire_ligne,
    "cavamac": cavamac.retraite_complementaire_ligne,
    "cprn": cprn.retraite_complementaire_ligne,
    "cnbf": cnbf.retraite_complementaire_ligne,
    "cavec": cavec.retraite_complementaire_ligne,
}


def brute(individu, period, parameters, assiette):
    """RCI, or the complementary scheme of the person's caisse (regles/caisses/<caisse>.py)."""
    montant = rci(individu, period, parameters, assiette)
    return par_caisse(individu, period, parameters, RETRAITE_COMPLEMENTAIRE, "retraite_complementaire", montant, assiette)


def ligne(individu, period, parameters) -> Ligne:
    """(base up to the ceiling, rate of tranche 1, rate of tranche 2 when the base reaches it, classes)."""
    p = parameters(period).cotisations.retraite_complementaire.ssi
    assiette = assiette_rc_id(individu, period)
    limite_1 = LIMITES_TRANCHE_1[p.limite_tranche_1](individu, period, parameters, p)
    limite_2 = p.plafond * (pass_personne(individu, period) if p.plafond_proratise else pass_annuel(parameters, period))
    ssi = (
        numpy.minimum(assiette, limite_2),
        individu.filled_array(p.taux_tranche_1),
        where(assiette > limite_1, p.taux_tranche_2, 0),
        individu.filled_array(False),
    )
    base, taux, tranche_2, classes = par_caisse(individu, period, parameters, LIGNES, "retraite_complementaire", ssi, assiette)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # not due in Mayotte
        taux, tranche_2 = where(mayotte, 0, taux), where(mayotte, 0, tranche_2)
    return Ligne(base, taux, tranche_2, classes)


def nette(individu, period, parameters, assiette, assiette_partagee):
    pl, des_pl = pl_reglementee_parmi(individu, period)
    partagee = assiette_partagee is not assiette  # (the same array when nobody shares a base with a spouse)
    base = where(pl, assiette, assiette_partagee) if des_pl and partagee else assiette_partagee
    return exonerations.nette(individu, period, parameters, "retraite_complementaire", brute(individu, period, parameters, base), brute, base)
