"""Maladie-maternité (maladie 1): CSS D621-1 and D621-2 (artisans, commerçants, PLNR; every category
from 2025), D621-3 (PL réglementées until 2024), Mayotte art. 28-4 2° of ordonnance n° 96-1122."""

from typing import NamedTuple

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import bareme
from openfisca_independants.outils import sur_lignes_disperse
from openfisca_independants.regles import exonerations, outre_mer
from openfisca_independants.regles.base import (
    Ligne,
    categorie_dans,
    mayotte_parmi,
    minimums_applicables,
    pass_personne,
    pamc,
    pl_reglementee_parmi,
    plafond_mayotte,
    taux_moyen,
)


class Maladie(NamedTuple):
    total: numpy.ndarray  # maladie-maternité rate schedule applied to the base
    maladie_1: numpy.ndarray  # the "maladie-maternité" line (total without the IJ it contains)


def ssi(individu, period, parameters, assiette, total=None) -> Maladie:
    """Maladie-maternité of artisans, commerçants and PLNR (D621-1, D621-2); their IJ line is
    regles.indemnites_journalieres.ssi.

    Up to 2024 the total rate includes the IJ, and "maladie 1" is the total minus the IJ it
    contains; from 2025 the two are separate contributions. `total` may be given when already
    known (the cached variable for the person's assiette).
    """
    c = parameters(period).cotisations
    p, p_ij = c.maladie_maternite, c.indemnites_journalieres.ssi
    pss = pass_personne(individu, period)
    base = base_ssi(individu, period, parameters, assiette)
    if total is None:
        total = total_ssi(individu, period, parameters, assiette)
    if p.indemnites_journalieres_comprises:
        maladie_1 = total - numpy.minimum(p_ij.taux * numpy.minimum(base, p_ij.plafond * pss), total)
    else:
        maladie_1 = total
    return Maladie(total, maladie_1)


def base_ssi(individu, period, parameters, assiette):
    """The base raised to the maladie-maternité minimum (D621-2, 40 % PASS until 2024)."""
    p = parameters(period).cotisations.maladie_maternite
    return numpy.maximum(assiette, p.assiette_minimale * pass_personne(individu, period) * minimums_applicables(individu, period))


def total_ssi(individu, period, parameters, assiette):
    """The maladie-maternité total of artisans, commerçants and PLNR (D621-1, D621-2): the schedule's
    average rate on the base up to its ceiling, the rate above it on the rest."""
    p = parameters(period).cotisations.maladie_maternite
    pss = pass_personne(individu, period)
    base = base_ssi(individu, period, parameters, assiette)
    plafond = p.plafond_taux_progressif * pss
    sous_plafond = numpy.minimum(base, plafond)
    uniformes = outre_mer.taux_uniformes(individu, period, parameters)
    return taux_moyen(bareme(p, "taux_progressif"), sous_plafond, pss, uniformes) * sous_plafond + p.taux_au_dela_plafond * numpy.maximum(base - plafond, 0)


def parts_pamc(individu, period, parameters, assiette, montant):
    """Conventionnés health professionals (PAMC): (additional contribution on the income outside the
    convention, the Assurance Maladie's participation) on the line `montant` of base `assiette`.
    The participation is the conventioned income A = base − revenus_non_conventionnes times the
    line's average rate minus what is left to the practitioner, floored at 0; none for the
    médecins of sector 2. CSS L162-14-1, L646-3; convention médicale art. 70.1."""
    p = parameters(period).cotisations.maladie_maternite.pamc
    conventionne = numpy.clip(assiette - individu("revenus_non_conventionnes", period), 0, numpy.maximum(assiette, 0))
    taux = numpy.divide(montant, assiette, out=numpy.zeros(numpy.shape(montant)), where=assiette > 0)
    participation = conventionne * numpy.maximum(taux - p.taux_reste_a_charge, 0)
    secteur = individu("secteur_conventionnel", period)
    medecins_secteur_2 = categorie_dans(individu, period, ("medecin",)) & (secteur == secteur.possible_values.secteur_2)
    return p.taux_contribution_additionnelle * (numpy.maximum(assiette, 0) - conventionne), where(medecins_secteur_2, 0, participation)


def participation_pamc(individu, period, parameters):
    """The Assurance Maladie's participation in the person's maladie line (0 outside the PAMC)."""
    conventionnes = pamc(individu, period)
    if not conventionnes.any():
        return individu.filled_array(0.0)
    assiette = individu("assiette_cotisations", period)
    p = parameters(period).cotisations
    if p.maladie_maternite.bareme_commun_professions_liberales:
        montant = ssi(individu, period, parameters, assiette).maladie_1
    else:
        montant = professions_liberales(individu, period, parameters, assiette)
    return where(conventionnes, parts_pamc(individu, period, parameters, assiette, montant)[1], 0)


def professions_liberales(individu, period, parameters, assiette):
    """The D621-3 schedule of the PL réglementées (until 2024): its average rate on the whole base, no minimum."""
    p = parameters(period).cotisations.maladie_maternite.professions_liberales
    uniformes = outre_mer.taux_uniformes(individu, period, parameters)
    return taux_moyen(bareme(p, "taux_progressif"), assiette, pass_personne(individu, period), uniformes) * assiette


def regime_mayotte(individu, period, parameters, assiette):
    """Mayotte, art. 28-4 2°: half the income below the Mayotte PASS, all of it above."""
    p = parameters(period).outre_mer.mayotte
    plafond = plafond_mayotte(individu, period, parameters)
    base = p.part_revenu_sous_plafond * numpy.minimum(assiette, plafond) + numpy.maximum(assiette - plafond, 0)
    return p.taux_maladie_maternite * base


def brute(individu, period, parameters, assiette, total=None):
    """The maladie-maternité line: D621-3 schedule for the PL réglementées up to 2024, else SSI;
    Mayotte: art. 28-4 2°."""
    p = parameters(period).cotisations
    montant = ssi(individu, period, parameters, assiette, total).maladie_1
    pl_reglementee, des_pl = pl_reglementee_parmi(individu, period)
    if des_pl and not p.maladie_maternite.bareme_commun_professions_liberales:  # on their rows only
        montant = sur_lignes_disperse(individu, pl_reglementee, lambda membres, base: professions_liberales(membres, period, parameters, base),
                                      assiette, defaut=montant)
    if des_pl:
        conventionnes = pamc(individu, period)
        if conventionnes.any():
            contribution, participation = parts_pamc(individu, period, parameters, assiette, montant)
            montant = where(conventionnes, montant + contribution - participation, montant)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    return where(mayotte, regime_mayotte(individu, period, parameters, assiette), montant) if a_mayotte else montant


def ligne(individu, period, parameters) -> Ligne:
    """(base, rate up to the ceiling of the schedule, rate above it) of the maladie-maternité line."""
    c = parameters(period).cotisations
    p, p_ij = c.maladie_maternite, c.indemnites_journalieres.ssi
    assiette = individu("assiette_cotisations", period)
    pss = pass_personne(individu, period)
    uniformes = outre_mer.taux_uniformes(individu, period, parameters)
    base = numpy.maximum(assiette, p.assiette_minimale * pss * minimums_applicables(individu, period))
    plafond = p.plafond_taux_progressif * pss
    taux = taux_moyen(p.taux_progressif, numpy.minimum(base, plafond), pss, uniformes)
    if p.indemnites_journalieres_comprises:  # maladie 1 = total − the IJ it contains, never below 0
        taux = numpy.maximum(taux - p_ij.taux, 0)
    tranche_2 = where(base > plafond, p.taux_au_dela_plafond, 0)
    pl, des_pl = pl_reglementee_parmi(individu, period)
    if des_pl and not p.bareme_commun_professions_liberales:  # D621-3 schedule on the base, no minimum
        taux_pl = taux_moyen(c.maladie_maternite.professions_liberales.taux_progressif, assiette, pss, uniformes)
        base, taux, tranche_2 = where(pl, assiette, base), where(pl, taux_pl, taux), where(pl, 0, tranche_2)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # art. 28-4 2°: part of the income below the Mayotte PASS, all of it above
        m = parameters(period).outre_mer.mayotte
        plafond_m = plafond_mayotte(individu, period, parameters)
        base_m = m.part_revenu_sous_plafond * numpy.minimum(assiette, plafond_m) + numpy.maximum(assiette - plafond_m, 0)
        base, taux, tranche_2 = where(mayotte, base_m, base), where(mayotte, m.taux_maladie_maternite, taux), where(mayotte, 0, tranche_2)
    return Ligne(base, taux, tranche_2)


def nette(individu, period, parameters, assiette, total=None, coefficient=None):
    """The line due: the contribution net of the exemptions the law attaches to it (exonerations.EXONERATIONS)."""
    return exonerations.nette(individu, period, parameters, "maladie_maternite", brute(individu, period, parameters, assiette, total), brute, assiette, coefficient)
