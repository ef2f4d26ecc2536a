"""Allocations familiales: décret n° 2017-1894 art. 4 (average-rate schedule; top rate in the DROM from
2023); Mayotte art. 28-5 of ordonnance n° 96-1122."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import bareme
from openfisca_independants.regles import exonerations, outre_mer
from openfisca_independants.regles.base import (
    Ligne,
    mayotte_parmi,
    medecins_secteur_1,
    pass_personne,
    plafond_mayotte,
    taux_moyen,
)


def regime_mayotte(individu, period, parameters, assiette):
    """Mayotte, art. 28-5: on half the income below the Mayotte PASS."""
    p = parameters(period).outre_mer.mayotte
    return p.taux_allocations_familiales * p.part_revenu_sous_plafond * numpy.minimum(assiette, plafond_mayotte(individu, period, parameters))


def participation_medecins_secteur_1(individu, period, parameters, assiette):
    """The Assurance Maladie's participation in the AF line of the médecins of sector 1
    (convention médicale art. 69, avenant n° 5): the share of the bracket of A / PASS (applied to
    the whole contribution, not marginal) × the line's average rate at the base × A, with A the
    conventioned income (base − revenus_non_conventionnes). 0 for everyone else."""
    medecins = medecins_secteur_1(individu, period)
    if not medecins.any():
        return 0.0  # a scalar: the callers' arrays keep their precision
    p = parameters(period).cotisations.allocations_familiales
    pss = pass_personne(individu, period)
    taux = taux_moyen(bareme(p, "taux_progressif"), assiette, pss, outre_mer.taux_uniformes(individu, period, parameters))
    conventionne = numpy.clip(assiette - individu("revenus_non_conventionnes", period), 0, numpy.maximum(assiette, 0))
    part = p.pamc.prise_en_charge_medecins_secteur_1.calc(conventionne / pss)
    return where(medecins, part * taux * conventionne, 0)


def brute(individu, period, parameters, assiette):
    """Average-rate schedule on the whole base (top rate in the DROM from 2023), less the Assurance
    Maladie's participation for the médecins of sector 1; Mayotte: art. 28-5."""
    p = parameters(period).cotisations.allocations_familiales
    uniformes = outre_mer.taux_uniformes(individu, period, parameters)
    montant = taux_moyen(bareme(p, "taux_progressif"), assiette, pass_personne(individu, period), uniformes) * assiette
    montant = montant - participation_medecins_secteur_1(individu, period, parameters, assiette)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    return where(mayotte, regime_mayotte(individu, period, parameters, assiette), montant) if a_mayotte else montant


def ligne(individu, period, parameters) -> Ligne:
    """(base, average rate) before the Assurance Maladie's participation (médecins of sector 1)."""
    p = parameters(period).cotisations.allocations_familiales
    assiette = individu("assiette_cotisations", period)
    uniformes = outre_mer.taux_uniformes(individu, period, parameters)
    taux = taux_moyen(p.taux_progressif, assiette, pass_personne(individu, period), uniformes)
    base = assiette
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # art. 28-5: part of the income below the Mayotte PASS
        m = parameters(period).outre_mer.mayotte
        base_m = m.part_revenu_sous_plafond * numpy.minimum(assiette, plafond_mayotte(individu, period, parameters))
        base, taux = where(mayotte, base_m, base), where(mayotte, m.taux_allocations_familiales, taux)
    return Ligne(base, taux)


def nette(individu, period, parameters, assiette, coefficient=None):
    """The line due: the contribution net of the exemptions the law attaches to it (exonerations.EXONERATIONS)."""
    return exonerations.nette(individu, period, parameters, "allocations_familiales", brute(individu, period, parameters, assiette), brute, assiette, coefficient)
