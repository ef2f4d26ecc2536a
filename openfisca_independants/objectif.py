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


@dataclass
class Refus:
    """Persons whose target cannot be reached: their positions, the error class, one message each."""

    lignes: numpy.ndarray
    erreur: type
    messages: list


def chercher(net_de, cible, borne_haute, tolerance=TOLERANCE, iterations=ITERATIONS):
    """Vectorised search of x in [0, borne_haute] with net_de(x) = cible, net_de non-decreasing.

    `net_de(x)` takes and returns arrays (one value per person). Returns x and the list of Refus:
    targets out of reach (below net_de(0) or above net_de(borne_haute), or not finite:
    EntreeInvalide) and targets the net jumps over (SituationNonModelisee); x of a refused
    person is meaningless. Only the persons still searched are computed at each step.
    """
    cible = numpy.asarray(cible, dtype=float)
    # the model computes in float32: far from 0 a cent is below its resolution, allow two steps of it
    tolerance = numpy.maximum(tolerance, 2 * numpy.spacing(numpy.abs(numpy.nan_to_num(cible)).astype(numpy.float32)).astype(float))
    bas = numpy.zeros_like(cible)
    haut = numpy.broadcast_to(numpy.asarray(borne_haute, dtype=float), cible.shape).copy()
    tous = numpy.arange(cible.size)
    f_bas = net_de_lignes(net_de, bas, tous, cible.size) - cible
    f_haut = net_de_lignes(net_de, haut, tous, cible.size) - cible
    refus = []
    hors_portee = numpy.zeros(cible.shape, dtype=bool)
    for fautifs, message in (
        (~numpy.isfinite(cible), lambda i: "the target must be a finite amount"),
        (f_bas > tolerance, lambda i: f"the target is below the net income left by an income of 0 ({f_bas[i] + cible[i]:.2f} €)"),
        (f_haut < -tolerance, lambda i: f"the target is above the net income the model reaches at its upper bound "
                                        f"({f_haut[i] + cible[i]:.2f} € for {haut[i]:.2f} €)"),
    ):
        lignes = numpy.flatnonzero(fautifs & ~hors_portee)
        if lignes.size:
            refus.append(Refus(lignes, EntreeInvalide, [message(i) for i in lignes]))  # only the refused rows are formatted
            hors_portee = hors_portee | fautifs
    x = numpy.where(numpy.abs(f_bas) <= tolerance, bas, haut)
    f_x = numpy.where(numpy.abs(f_bas) <= tolerance, f_bas, f_haut)
    fini = hors_portee | (numpy.abs(f_x) <= tolerance)
    for iteration in range(iterations):
        fini |= haut - bas <= LARGEUR_MINIMALE
        if fini.all():
            break
        actifs = numpy.flatnonzero(~fini)  # only the persons still searched are computed
        b, h, fb, fh = bas[actifs], haut[actifs], f_bas[actifs], f_haut[actifs]
        milieu = (b + h) / 2
        if iteration % 2:
            essai = milieu
        else:
            pente = fh - fb
            secante = b - fb * (h - b) / numpy.where(pente > 0, pente, 1)
            essai = numpy.where((pente > 0) & (secante > b) & (secante < h), secante, milieu)
        f_essai = net_de_lignes(net_de, essai, actifs, cible.size) - cible[actifs]
        au_dessus = f_essai >= 0
        haut[actifs] = numpy.where(au_dessus, essai, h)
        f_haut[actifs] = numpy.where(au_dessus, f_essai, fh)
        bas[actifs] = numpy.where(au_dessus, b, essai)
        f_bas[actifs] = numpy.where(au_dessus, fb, f_essai)
        x[actifs], f_x[actifs] = essai, f_essai
        fini[actifs] = numpy.abs(f_essai) <= tolerance[actifs]
    # a bracket too narrow to close the gap: the net jumps over the target there
    sauts = numpy.flatnonzero((numpy.abs(f_x) > tolerance) & ~hors_portee)
    if sauts.size:
        refus.append(Refus(sauts, SituationNonModelisee, [
            f"the net income jumps over the target near an income of {haut[i]:.2f} € (from {f_bas[i] + cible[i]:.2f} to "
            f"{f_haut[i] + cible[i]:.2f} €): no income leaves exactly this net" for i in sauts]))
    return x, refus


def net_de_lignes(net_de, valeurs, lignes, n):
    """net_de on some persons only: `net_de(valeurs, lignes)` when it accepts the positions
    (a population computed on those rows only), else on everybody with the others at 0."""
    if getattr(net_de, "par_lignes", False):
        return net_de(valeurs, lignes)
    complet = numpy.zeros(n)
    complet[lignes] = valeurs
    return net_de(complet)[lignes]


def resoudre(net_de, cible, borne_haute, tolerance=TOLERANCE, iterations=ITERATIONS, variable="objectif_revenu_net_cotisations"):
    """`chercher`, raising for the first kind of refusal: EntreeInvalide (naming the persons,
    with the bound of the first one) or SituationNonModelisee (a target jumped over)."""
    x, refus = chercher(net_de, cible, borne_haute, tolerance, iterations)
    if refus:
        premier = refus[0]
        if premier.erreur is EntreeInvalide:
            raise EntreeInvalide(variable, premier.lignes, premier.messages[0])
        raise SituationNonModelisee(variable, premier.messages[0], premier.lignes)
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
    """The micro bound of `revenu_pour_net`, the other turnovers read from its simulation."""
    periode = str(annee)
    autres = {a: simulation.calculate_add(f"chiffre_affaires_{a}", periode) for a in ACTIVITES if a != activite}
    return borne_micro(tbs, annee, activite, autres)


def borne_micro(tbs, annee: int, activite: str, autres: dict):
    """The largest turnover of `activite` keeping the person within the micro thresholds, given
    their other turnovers (`autres`: activity → yearly amounts): the total under the sales
    threshold, services (BIC + BNC) under the services threshold."""
    p = tbs.parameters(f"{annee}-01-01").micro_entrepreneur.seuils
    autres = {a: v for a, v in autres.items() if a != activite}
    total_autres = numpy.sum(list(autres.values()), axis=0) if autres else 0
    borne = p.vente - total_autres
    if activite in ("services_bic", "services_bnc"):
        services_autres = autres.get("services_bic", 0) + autres.get("services_bnc", 0)
        borne = numpy.minimum(borne, p.services - services_autres)
    return numpy.maximum(borne, 0)
