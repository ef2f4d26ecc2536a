"""Gross income from net income (2025 reform, CSS L131-6 and L136-3): the contributions deducted
from the gross income to give the net one, and the vectorised fixed point that inverts it."""

import numpy

from openfisca_independants.regles import (
    allocations_familiales,
    conjoint_collaborateur,
    csg_crds,
    exonerations,
    indemnites_journalieres,
    invalidite_deces,
    maladie_maternite,
    outre_mer,
    retraite_complementaire,
    retraite_de_base,
)
from openfisca_independants.regles.base import assiette_reforme


def contributions_deductibles(individu, period, parameters, assiette):
    """What is deducted from the gross income to get the net one (revenu_professionnel), for a
    given single base: the six contributions, the spouse's, the deductible CSG and the CFP."""
    base_c = conjoint_collaborateur.base(individu, period, parameters, assiette)
    partagee = conjoint_collaborateur.assiette_partagee(individu, period, assiette, base_c)
    k = exonerations.coefficient_acre(individu, period, parameters, assiette)
    rc = retraite_complementaire.nette(individu, period, parameters, assiette, partagee)
    invalidite = invalidite_deces.nette(individu, period, parameters, assiette, partagee, k)
    total = (
        maladie_maternite.nette(individu, period, parameters, assiette, coefficient=k)
        + indemnites_journalieres.nette(individu, period, parameters, assiette, coefficient=k)
        + allocations_familiales.nette(individu, period, parameters, assiette, coefficient=k)
        + retraite_de_base.nette(individu, period, parameters, partagee, coefficient=k)
        + rc
        + invalidite
    )
    for ligne in conjoint_collaborateur.lignes(individu, period, parameters, base_c, rc, invalidite):
        total = total + ligne
    return (
        total
        + outre_mer.contribution_mayotte_nette(individu, period, parameters, assiette)
        + csg_crds.csg_deductible(individu, period, parameters, assiette, assiette)
        + individu("formation_professionnelle", period)
    )


TOLERANCE_BRUT = 0.001  # euros: numerical method, not law
ITERATIONS_BRUT = 100


def depuis_net(individu, period, parameters, revenu_net, tolerance=TOLERANCE_BRUT, iterations=ITERATIONS_BRUT):
    """Solve brut = net + deductible contributions(single base of brut), vectorised.

    The deductible contributions are a continuous, non-decreasing function of the gross income
    whose slope stays well below 1 (at most about 0.5), so the fixed-point iteration
    brut ← net + D(base(brut)) contracts: each step divides the error by 2 or more. It stops
    when no person's gross income moves by more than `tolerance` (euros).
    """
    brut = numpy.asarray(revenu_net, dtype=float)
    for _ in range(iterations):
        suivant = revenu_net + contributions_deductibles(individu, period, parameters, assiette_reforme(parameters, period, brut))
        ecart = numpy.max(numpy.abs(suivant - brut)) if len(brut) else 0
        brut = suivant
        if ecart <= tolerance:
            break
    return brut
