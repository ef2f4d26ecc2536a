"""Retraite de base: SSI CSS D633-3 (17.75 % to 1 PASS + 0.60 %, 0.72 % from 2025), CNAVPL D642-3
(two tranches), Mayotte art. 28-2 of ordonnance n° 96-1122; the base raised to the minimum base.
The avocats: the CNBF's base pension (regles/caisses/cnbf.py, CSS L652-7), no minimum base."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.regles import exonerations
from openfisca_independants.regles.base import (
    Ligne,
    cnavpl_parmi,
    hors_regime_classique,
    mayotte_parmi,
    medecins_secteur_1,
    pass_personne,
    plafond_mayotte,
    pl_reglementee_parmi,
)
from openfisca_independants.regles.caisses import cnbf, par_caisse


# The base pension of the PL réglementées outside the CNAVPL (the avocats): a named function of
# their caisse's module; a caisse not in the table is refused (caisses.par_caisse).
RETRAITE_DE_BASE = {"cnbf": cnbf.retraite_de_base}
LIGNES = {"cnbf": cnbf.retraite_de_base_ligne}


def participation_medecins_secteur_1(individu, period, parameters, assiette):
    """The Assurance Maladie's participation in the base pension of the médecins of sector 1
    (avenant n° 5 to the convention médicale): the rate of the bracket of A / PASS applied to the
    whole A (not marginal), A the conventioned income (base − revenus_non_conventionnes).
    0 for everyone else."""
    medecins = medecins_secteur_1(individu, period)
    if not medecins.any():
        return 0.0  # a scalar: the callers' arrays keep their precision
    p = parameters(period).cotisations.retraite_de_base.cnavpl
    conventionne = numpy.clip(assiette - individu("revenus_non_conventionnes", period), 0, numpy.maximum(assiette, 0))
    return where(medecins, p.participation_assurance_maladie.calc(conventionne / pass_personne(individu, period)) * conventionne, 0)


def hors_cnavpl(individu, period):
    """The PL réglementées outside the CNAVPL (the avocats) in the classic regime: their caisse's base pension."""
    pl, des_pl = pl_reglementee_parmi(individu, period)
    if not des_pl:
        return pl, False
    cnavpl, _ = cnavpl_parmi(individu, period)
    concernes = pl & ~cnavpl & ~hors_regime_classique(individu, period)
    return concernes, concernes.any()


def regime_mayotte(individu, period, parameters, base):
    """`base` is already raised to the minimum base (450 hours of the Mayotte SMIC)."""
    p = parameters(period).outre_mer.mayotte
    return p.taux_retraite_de_base * numpy.minimum(base, plafond_mayotte(individu, period, parameters))


def brute(individu, period, parameters, assiette):
    """SSI (D633-3) or CNAVPL (D642-3) basic pension, on the base raised to the minimum base."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    base = numpy.maximum(assiette, individu("retraite_de_base_assiette_minimale", period))
    p = c.retraite_de_base.ssi
    ssi = p.taux_plafonne * numpy.minimum(base, p.plafond * pss) + p.taux_deplafonne * base
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # art. 28-2 of ordonnance 96-1122
        ssi = where(mayotte, regime_mayotte(individu, period, parameters, base), ssi)
    cnavpl, des_cnavpl = cnavpl_parmi(individu, period)
    if des_cnavpl:
        pl = c.retraite_de_base.cnavpl
        montant_cnavpl = pl.taux_tranche_1 * numpy.minimum(base, pl.plafond_tranche_1 * pss) + pl.taux_tranche_2 * numpy.minimum(
            base, pl.plafond_tranche_2 * pss
        )
        participation = participation_medecins_secteur_1(individu, period, parameters, assiette)
        ssi = where(cnavpl, numpy.maximum(montant_cnavpl - participation, 0), ssi)
    caisse, des_caisses = hors_cnavpl(individu, period)
    if des_caisses:  # on the base without the minimum base
        ssi = par_caisse(individu, period, parameters, RETRAITE_DE_BASE, "retraite_de_base", ssi, assiette, caisse)
    return ssi


def ligne(individu, period, parameters) -> Ligne:
    """(base raised to the minimum base, rate up to the PASS, rate above it)."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    base = numpy.maximum(individu("assiette_cotisations_partagee", period), individu("retraite_de_base_assiette_minimale", period))
    p = c.retraite_de_base.ssi
    taux = individu.filled_array(p.taux_plafonne + p.taux_deplafonne)
    tranche_2 = where(base > p.plafond * pss, p.taux_deplafonne, 0)
    cnavpl, des_cnavpl = cnavpl_parmi(individu, period)
    if des_cnavpl:  # CNAVPL: tranche 1 up to 1 PASS, tranche 2 on the whole base up to 5 PASS
        pl = c.retraite_de_base.cnavpl
        taux = where(cnavpl, pl.taux_tranche_1 + pl.taux_tranche_2, taux)
        tranche_2 = where(cnavpl, where(base > pl.plafond_tranche_1 * pss, pl.taux_tranche_2, 0), tranche_2)
        base = where(cnavpl, numpy.minimum(base, pl.plafond_tranche_2 * pss), base)
    caisse, des_caisses = hors_cnavpl(individu, period)
    if des_caisses:
        base, taux, tranche_2 = par_caisse(individu, period, parameters, LIGNES, "retraite_de_base", (base, taux, tranche_2),
                                           individu("assiette_cotisations_partagee", period), caisse)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # art. 28-2: up to the Mayotte PASS
        m = parameters(period).outre_mer.mayotte
        base = where(mayotte, numpy.minimum(base, plafond_mayotte(individu, period, parameters)), base)
        taux, tranche_2 = where(mayotte, m.taux_retraite_de_base, taux), where(mayotte, 0, tranche_2)
    return Ligne(base, taux, tranche_2)


def nette(individu, period, parameters, assiette_partagee, coefficient=None):
    """The line due: the contribution net of the exemptions the law attaches to it (exonerations.EXONERATIONS)."""
    return exonerations.nette(individu, period, parameters, "retraite_de_base", brute(individu, period, parameters, assiette_partagee), brute, assiette_partagee, coefficient)
