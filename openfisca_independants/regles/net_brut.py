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
from openfisca_independants.outils import sur_lignes
from openfisca_independants.regles.base import NOUVELLES_PROFESSIONS, assiette_reforme, categorie_dans


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
    """Solve brut = F(brut) = net + deductible contributions(single base of brut), vectorised.

    F is non-decreasing and piecewise linear in the gross income, of slope s well below 1 (at
    most about 0.5). From brut = net the plain iteration brut ← F(brut) rises to the smallest
    fixed point above the net. Where F is continuous (the SSI, Cipav and CNAVPL schedules) that
    fixed point is the only one, and Steffensen's method reaches it in a few steps: x, y = F(x)
    and z = F(y) give the slope s = (z − y) / (y − x) and the fixed point of that line,
    z + (z − y) s / (1 − s), exact when x, y, z lie on one linear piece; where the slope read is
    not in [0, 1) (a kink between them) the plain step z is kept. The caisses whose
    contributions go by income classes (CARMF, CAVEC, CAVP…) make F jump, and the line could
    land beyond a jump on a larger fixed point: their members keep the plain steps. A person
    stops when F moves their gross income by no more than `tolerance` (euros), and each step
    computes only the persons not yet stopped (outils.sur_lignes).
    """
    revenu_net = numpy.asarray(revenu_net, dtype=float)
    brut = revenu_net.copy()
    n = len(brut)

    def image(actifs, valeurs):
        """F at `valeurs` for the persons `actifs`."""
        def f(personnes, net, b):
            return net + contributions_deductibles(personnes, period, parameters, assiette_reforme(parameters, period, b))
        if actifs.size == n:
            return f(individu, revenu_net, valeurs)
        return sur_lignes(individu, actifs, lambda personnes, net: f(personnes, net, valeurs), revenu_net)

    par_classes = categorie_dans(individu, period, NOUVELLES_PROFESSIONS)  # F may jump: plain steps
    actifs = numpy.arange(n)
    for _ in range(iterations):
        if not actifs.size:
            break
        x = brut[actifs]
        y = image(actifs, x)
        fini = numpy.abs(y - x) <= tolerance
        brut[actifs] = y
        actifs, x, y = actifs[~fini], x[~fini], y[~fini]
        if not actifs.size:
            break
        z = image(actifs, y)
        pas_1, pas_2 = y - x, z - y
        pente = numpy.divide(pas_2, pas_1, out=numpy.full(len(x), -1.0), where=pas_1 != 0)
        droite = (pente >= 0) & (pente < 1) & ~par_classes[actifs]
        brut[actifs] = numpy.where(droite, z + pas_2 * pente / numpy.where(droite, 1 - pente, 1), z)
    return brut
