"""Helpers that apply the legal shapes of the schedules to thresholds expressed in PASS.

Thresholds stay multiples of the PASS in the YAML parameters; they are converted here, at
calculation time, with the per-person PASS vector (`plafond_securite_sociale`).
"""

import numpy
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.tracers import TracingParameterNodeAtInstant


def bareme(noeud, nom):
    """The scale `nom` of the parameter node `noeud` (`parameters(period).…`), traced.

    openfisca-core's tracer records the numbers and arrays a formula reads from the
    parameters, not the scales (`TracingParameterNodeAtInstant.get_traced_child`), so the grids
    behind the maladie and allocations familiales lines were missing from `/trace`. When the
    simulation is traced (`noeud` is then core's tracing node), the scale is recorded here with
    the tracer's own `record_parameter_access`, under its parameter name (the id of
    `/parameter/<id>`), its value being its brackets at that instant, {threshold: rate}, the
    shape of one date of the `brackets` of `/parameter/<id>`.
    """
    echelle = getattr(noeud, nom)
    if isinstance(noeud, TracingParameterNodeAtInstant):
        au = noeud.parameter_node_at_instant
        valeurs = getattr(echelle, "rates", None) or getattr(echelle, "amounts", None) or []
        noeud.tracer.record_parameter_access(
            f"{au._name}.{nom}", au._instant_str, {str(seuil): valeur for seuil, valeur in zip(echelle.thresholds, valeurs)}
        )
    return echelle


def taux_progressif(bareme, assiette, plafond):
    """Rate of an average-rate schedule ("taux progressif") whose thresholds are in PASS.

    The rate is interpolated linearly between the rates given at the thresholds and held
    constant below the first and above the last one: exactly the décret formula
    ``[(T2 − T1)/((s2 − s1) × PSS)] × (r − s1 × PSS) + T1`` on each segment.
    The caller applies the rate to the whole base.
    """
    if not bareme.thresholds:
        raise ParameterNotFoundError("average-rate schedule (no bracket in force)", "the requested period")
    if numpy.min(plafond) > 0:
        rapport = assiette / plafond
    else:  # no activity in the year: no PASS, no rate
        rapport = numpy.divide(assiette, plafond, out=numpy.zeros_like(assiette, dtype=float), where=plafond > 0)
    return lineaire_par_morceaux(rapport, bareme.thresholds, bareme.rates)


def lineaire_par_morceaux(x, seuils, valeurs):
    """numpy.interp(x, seuils, valeurs), in float64: the first value plus, for each segment, its slope
    times the part of x that lies in it. A few passes over the rows per segment instead of a search
    for each row: two to three times faster than numpy.interp for the few thresholds of a schedule."""
    if any(haut <= bas for bas, haut in zip(seuils, seuils[1:])):
        raise ValueError(f"thresholds of a schedule must increase: {list(seuils)}")
    resultat = numpy.full(numpy.shape(x), float(valeurs[0]))
    for bas, haut, v_bas, v_haut in zip(seuils, seuils[1:], valeurs, valeurs[1:]):
        if v_haut != v_bas:
            part = numpy.subtract(x, bas, dtype=float)
            numpy.clip(part, 0, haut - bas, out=part)
            part *= (v_haut - v_bas) / (haut - bas)
            resultat += part
    return resultat


def part_entre(assiette, bas, haut):
    """Part of `assiette` that lies between `bas` and `haut` (a tranche of a marginal schedule)."""
    return numpy.clip(assiette - bas, 0, numpy.maximum(haut - bas, 0))


def borner(assiette, minimum, maximum):
    """`assiette` raised to `minimum` (assiette minimale) and limited to `maximum` (plafond)."""
    return numpy.minimum(numpy.maximum(assiette, minimum), maximum)
