"""Indemnités journalières (maladie 2): CSS D621-3 (SSI 0.5 %, CNAVPL 0.3 %); not due in Mayotte."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import borner
from openfisca_independants.regles import exonerations, maladie_maternite
from openfisca_independants.regles.base import (
    Ligne,
    cnavpl_parmi,
    mayotte_parmi,
    minimums_applicables,
    pass_annuel,
    pass_personne,
    pl_reglementee_parmi,
)


def ssi_avant_plafonnement(individu, period, parameters, assiette):
    """IJ of artisans, commerçants and PLNR (D621-3 I): rate × base between 40 % PASS and 5 PASS
    (the annual PASS from 2025)."""
    c = parameters(period).cotisations
    p = c.indemnites_journalieres.ssi
    pss = pass_annuel(parameters, period) if c.indemnites_journalieres.pass_annuel else pass_personne(individu, period)
    return p.taux * borner(assiette, p.assiette_minimale * pss * minimums_applicables(individu, period), p.plafond * pss)


def ssi(individu, period, parameters, assiette, total=None):
    """The SSI IJ, no more than the maladie-maternité total where the IJ are a part of it
    (2022–2023, parameter plafonnement_au_total_maladie). `total`: that total, when known."""
    ij = ssi_avant_plafonnement(individu, period, parameters, assiette)
    if not parameters(period).cotisations.indemnites_journalieres.ssi.plafonnement_au_total_maladie:
        return ij
    if total is None:
        total = maladie_maternite.total_ssi(individu, period, parameters, assiette)
    return numpy.minimum(ij, total)


def limitee_au_total_maladie(individu, period, parameters):
    """Where the SSI IJ line is cut down to the maladie-maternité total (2022–2023)."""
    if not parameters(period).cotisations.indemnites_journalieres.ssi.plafonnement_au_total_maladie:
        return individu.filled_array(False)
    assiette = individu("assiette_cotisations", period)
    avant = ssi_avant_plafonnement(individu, period, parameters, assiette)
    return (avant > individu("maladie_maternite_total", period)) & ~individu("profession_liberale_reglementee", period) & ~individu("etablissement_mayotte", period)


def brute(individu, period, parameters, assiette, total=None):
    """IJ: 0.5 % (SSI) or CNAVPL 0.3 % (its affiliates), between 40 % PASS and 5 (3) PASS; none in Mayotte;
    none for the avocats (D621-3 names the affiliates of L640-1 only)."""
    montant = ssi(individu, period, parameters, assiette, total)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:
        montant = where(mayotte, 0, montant)
    pl, des_pl = pl_reglementee_parmi(individu, period)
    if not des_pl:
        return montant
    cnavpl, _ = cnavpl_parmi(individu, period)
    p = parameters(period).cotisations
    pss = pass_annuel(parameters, period) if p.indemnites_journalieres.pass_annuel else pass_personne(individu, period)
    p_pl = p.indemnites_journalieres.professions_liberales
    ij_pl = p_pl.taux * borner(assiette, p_pl.assiette_minimale * pss * minimums_applicables(individu, period), p_pl.plafond * pss)
    montant = where(cnavpl, ij_pl, montant)
    avocats = pl & ~cnavpl  # PL réglementées outside the CNAVPL
    return where(avocats, 0, montant) if avocats.any() else montant


def ligne(individu, period, parameters) -> Ligne:
    """(base between its minimum and its ceiling, rate) of the IJ line."""
    c = parameters(period).cotisations
    assiette = individu("assiette_cotisations", period)
    minimums = minimums_applicables(individu, period)
    pss = pass_annuel(parameters, period) if c.indemnites_journalieres.pass_annuel else pass_personne(individu, period)
    p = c.indemnites_journalieres.ssi
    base, taux = borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss), individu.filled_array(p.taux)
    pl, des_pl = pl_reglementee_parmi(individu, period)
    if des_pl:
        cnavpl, _ = cnavpl_parmi(individu, period)
        p_pl = c.indemnites_journalieres.professions_liberales
        base = where(cnavpl, borner(assiette, p_pl.assiette_minimale * pss * minimums, p_pl.plafond * pss), where(pl, 0, base))
        taux = where(cnavpl, p_pl.taux, where(pl, 0, taux))
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    return Ligne(base, where(mayotte, 0, taux) if a_mayotte else taux)  # not due in Mayotte


def nette(individu, period, parameters, assiette, total=None, coefficient=None):
    """The line due: the contribution net of the exemptions the law attaches to it (exonerations.EXONERATIONS)."""
    return exonerations.nette(individu, period, parameters, "indemnites_journalieres", brute(individu, period, parameters, assiette, total), brute, assiette, coefficient)
