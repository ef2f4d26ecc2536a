"""Target income: the income (classic regime) or the turnover (micro, for one activity) that leaves
a target `revenu_net_cotisations` (contract, "Net income, target income and payment schedule").

The net income is a non-decreasing function of the income searched, piecewise smooth with kinks
(minimum bases, forfaits, thresholds of the schedules). `resoudre` brackets the target between an
income of 0 and the model's upper bound, then narrows every person's bracket at once, on arrays
(no per-person loop): a secant (regula falsi) step, safeguarded by a bisection step every other
iteration, so that each pair of iterations at least halves the bracket whatever the kinks. It
stops when every net is within `tolerance` of its target (or two float32 steps of it, for nets
above about 32 000 € where the model's single precision is coarser than a cent), or the bracket is narrower than a
tenth of a cent. A target below the net left by an income of 0, or above the net at the bound,
is refused; so is a target the net jumps over (a discontinuity of the law), naming the income
where it jumps.

    >>> from openfisca_independants.objectif import revenu_pour_net
    >>> situation = {"individus": {"a": {"categorie_independant": {"ETERNITY": "artisan"}}},
    ...              "foyers_fiscaux": {"f": {"declarants": ["a"]}}}
    >>> resultat = revenu_pour_net(situation, 2024, 20000)
    >>> resultat.variable, round(float(resultat.net[0]), 2)
    ('revenu_professionnel', 20000.0)
"""

import copy
from dataclasses import dataclass

import numpy

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee

TOLERANCE = 0.005  # euros: the net is found to the cent (numerical method, not law)
LARGEUR_MINIMALE = 0.001  # euros: bracket width at which the search stops
ITERATIONS = 200
BORNE_CLASSIQUE = 10_000_000.0  # euros: upper bound of the search for the classic regime (numerical, not law)
ACTIVITES = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")


@dataclass
class Resultat:
    """The input found (`variable`, one value per person) and the net it leaves."""

    variable: str
    revenu: numpy.ndarray
    net: numpy.ndarray


def resoudre(net_de, cible, borne_haute, tolerance=TOLERANCE, iterations=ITERATIONS, variable="objectif_revenu_net_cotisations"):
    """Vectorised search of x in [0, borne_haute] with net_de(x) = cible, net_de non-decreasing.

    `net_de(x)` takes and returns arrays (one value per person). Returns x; raises EntreeInvalide
    for the persons whose target is out of reach (below net_de(0) or above net_de(borne_haute)),
    SituationNonModelisee when the net jumps over the target.
    """
    cible = numpy.asarray(cible, dtype=float)
    # the model computes in float32: far from 0 a cent is below its resolution, allow two steps of it
    tolerance = numpy.maximum(tolerance, 2 * numpy.spacing(numpy.abs(cible).astype(numpy.float32)).astype(float))
    bas = numpy.zeros_like(cible)
    haut = numpy.broadcast_to(numpy.asarray(borne_haute, dtype=float), cible.shape).copy()
    f_bas = net_de(bas) - cible
    f_haut = net_de(haut) - cible
    for fautifs, message in (
        (f_bas > tolerance, lambda i: f"the target is below the net income left by an income of 0 ({f_bas[i] + cible[i]:.2f} €)"),
        (f_haut < -tolerance, lambda i: f"the target is above the net income the model reaches at its upper bound "
                                        f"({f_haut[i] + cible[i]:.2f} € for {haut[i]:.2f} €)"),
        (~numpy.isfinite(cible), lambda i: "the target must be a finite amount"),
    ):
        if fautifs.any():
            lignes = numpy.flatnonzero(fautifs)
            raise EntreeInvalide(variable, lignes, message(lignes[0]))  # the bound of the first person refused
    x = numpy.where(numpy.abs(f_bas) <= tolerance, bas, haut)
    f_x = numpy.where(numpy.abs(f_bas) <= tolerance, f_bas, f_haut)
    for iteration in range(iterations):
        fini = (numpy.abs(f_x) <= tolerance) | (haut - bas <= LARGEUR_MINIMALE)
        if fini.all():
            break
        milieu = (bas + haut) / 2
        if iteration % 2:
            essai = milieu
        else:
            pente = f_haut - f_bas
            secante = bas - f_bas * (haut - bas) / numpy.where(pente > 0, pente, 1)
            dedans = (pente > 0) & (secante > bas) & (secante < haut)
            essai = numpy.where(dedans, secante, milieu)
        essai = numpy.where(fini, x, essai)
        f_essai = net_de(essai) - cible
        au_dessus = f_essai >= 0
        haut = numpy.where(~fini & au_dessus, essai, haut)
        f_haut = numpy.where(~fini & au_dessus, f_essai, f_haut)
        bas = numpy.where(~fini & ~au_dessus, essai, bas)
        f_bas = numpy.where(~fini & ~au_dessus, f_essai, f_bas)
        x = numpy.where(fini, x, essai)
        f_x = numpy.where(fini, f_x, f_essai)
    # a bracket too narrow to close the gap: the net jumps over the target there
    sauts = numpy.abs(f_x) > tolerance
    if sauts.any():
        x = numpy.where(sauts, haut, x)
        premiers = numpy.flatnonzero(sauts)
        raise SituationNonModelisee(
            variable,
            f"the net income jumps over the target near an income of {haut[premiers[0]]:.2f} € "
            f"(from {f_bas[premiers[0]] + cible[premiers[0]]:.2f} to {f_haut[premiers[0]] + cible[premiers[0]]:.2f} €): "
            "no income leaves exactly this net",
            premiers,
        )
    return x


def _retirer_annee(valeurs: dict, annee: int) -> dict:
    """The inputs of a variable without those of `annee` (a year, or months of it)."""
    return {cle: valeur for cle, valeur in valeurs.items() if cle == "ETERNITY" or not str(cle).startswith(str(annee))}


def variable_cherchee(tbs, annee: int, micro: bool, activite: str | None) -> str:
    """The input searched: the turnover of the activity (micro), revenu_activite_brut from the
    2025 assiette reform on, revenu_professionnel before."""
    if micro:
        if activite not in ACTIVITES:
            raise EntreeInvalide("activite", [0], f"a micro-entrepreneur's target needs the activity whose turnover is searched: one of {', '.join(ACTIVITES)}")
        return f"chiffre_affaires_{activite}"
    return "revenu_activite_brut" if tbs.parameters(f"{annee}-01-01").reforme_assiette.en_vigueur else "revenu_professionnel"


def revenu_pour_net(situation: dict, annee: int, net, activite: str | None = None, tbs=None, tolerance: float = TOLERANCE) -> Resultat:
    """The income leaving `revenu_net_cotisations` = `net` in `annee`, for each person of `situation`.

    `situation`: a web-API situation (entities `individus`, `foyers_fiscaux`); its income for
    `annee` (revenu_professionnel, revenu_activite_brut, or the turnover of `activite`) is
    ignored and searched. `net`: one target, or one per person (in the order of `individus`).
    All the persons must be of the same regime. Micro-entrepreneurs need `activite` (vente,
    services_bic, services_bnc, meubles_tourisme_classes): the other turnovers given are kept,
    and the search stays below the regime's turnover thresholds (micro_entrepreneur.seuils).
    Returns a Resultat (the variable searched, the incomes, the nets they leave).
    """
    from openfisca_core.simulations import SimulationBuilder

    if tbs is None:
        from openfisca_independants.microsimulation import systeme

        tbs = systeme()
    periode = str(annee)
    base = SimulationBuilder().build_from_entities(tbs, copy.deepcopy(situation))
    micro = base.calculate("micro_entrepreneur", periode)
    if micro.any() and not micro.all():
        raise EntreeInvalide("micro_entrepreneur", numpy.flatnonzero(~micro), "a target is searched for persons of one regime at a time")
    variable = variable_cherchee(tbs, annee, bool(micro.all()) and len(micro) > 0, activite)
    retires = {variable, "revenu_professionnel", "revenu_activite_brut"} if not micro.all() else {variable, f"{variable}_annuel_declare"}
    depart = copy.deepcopy(situation)
    for personne in depart.get("individus", {}).values():
        for nom in retires:
            if nom in personne and isinstance(personne[nom], dict):
                personne[nom] = _retirer_annee(personne[nom], annee)
    n = len(micro)
    cible = numpy.broadcast_to(numpy.asarray(net, dtype=float), (n,)).copy()

    def net_de(valeurs):
        simulation = SimulationBuilder().build_from_entities(tbs, copy.deepcopy(depart))
        simulation.set_input(variable, periode, numpy.asarray(valeurs, dtype=float))
        return simulation.calculate("revenu_net_cotisations", periode).astype(float)

    if micro.all() and n:
        borne = _borne_micro(base, tbs, annee, activite)
    else:
        borne = numpy.full(n, BORNE_CLASSIQUE)
    revenu = resoudre(net_de, cible, borne, tolerance=tolerance)
    return Resultat(variable, revenu, net_de(revenu))


def _borne_micro(simulation, tbs, annee: int, activite: str):
    """The largest turnover of `activite` keeping the person within the micro thresholds, given
    their other turnovers: the total under the sales threshold, services (BIC + BNC) under the
    services threshold."""

    periode = str(annee)
    p = tbs.parameters(f"{annee}-01-01").micro_entrepreneur.seuils
    autres = {a: simulation.calculate_add(f"chiffre_affaires_{a}", periode) for a in ACTIVITES if a != activite}
    total_autres = numpy.sum(list(autres.values()), axis=0) if autres else 0
    borne = p.vente - total_autres
    if activite in ("services_bic", "services_bnc"):
        services_autres = autres.get("services_bic", 0) + autres.get("services_bnc", 0)
        borne = numpy.minimum(borne, p.services - services_autres)
    return numpy.maximum(borne, 0)
