"""Helpers of the micro-social regime, shared by the variables of variables/micro_entrepreneur/."""

import functools

import numpy
import pandas
from openfisca_core.errors import PeriodMismatchError
from openfisca_core.holders import set_input_divide_by_period
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit

from openfisca_independants.dates import annee as annee_de, debut_trimestre, en_date, mois_absolu, trimestre_absolu
from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
from openfisca_independants.outils import DEPARTEMENTS, Lignes, aux_lignes, disperser, sur_lignes, sur_lignes_disperse
from openfisca_independants.parametres import parametre, valeurs_aux_dates
from openfisca_independants.regles.base import NOUVELLES_PROFESSIONS, categorie_dans, refuser


ACTIVITES = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")
TOLERANCE_ARRONDI = 1e-6  # float noise tolerated before rounding up (e.g. 0.123 × 2/3)


def refuser_professions_hors_micro(individu, period):
    """CSS L613-7: the micro-social regime is open to the SSI and Cipav contributors only; the other
    professions libérales réglementées are refused, in one line naming the category."""
    annee = period.this_year
    interdits = individu("micro_entrepreneur", annee) & categorie_dans(individu, annee, NOUVELLES_PROFESSIONS)
    refuser(individu, annee, interdits, "the micro-social regime (micro_entrepreneur)",
            "CSS art. L613-7 opens it to the SSI and Cipav contributors only.", variable="micro_entrepreneur")


def chiffre_affaires(individu, period, activite):
    """Turnover of the month for one activity, checked: negative or non-finite is an input error."""
    refuser_professions_hors_micro(individu, period)
    nom = f"chiffre_affaires_{activite}"
    valeurs = individu(nom, period)
    fautifs = numpy.flatnonzero(~numpy.isfinite(valeurs) | (valeurs < 0))
    if fautifs.size:
        raise EntreeInvalide(nom, fautifs, f"'{nom}' must be a non-negative amount (turnover of {period})")
    return valeurs


def regime_micro_seulement(formule):
    """A yearly formula of the micro-social regime computed on the micro-entrepreneurs' rows only
    (outils.sur_lignes_disperse): the other rows owe none of its amounts (0, as the rules give
    them) and the rules are not run on their rows. The inputs it reads (turnovers, dates,
    département) are still computed, and checked, on every row of the population."""

    def calcul(individu, period, *arguments):
        if isinstance(individu, Lignes):
            return formule(individu, period, *arguments)
        micro = individu("micro_entrepreneur", period.this_year)
        if micro.all():
            return formule(individu, period, *arguments)
        return sur_lignes_disperse(individu, micro, lambda vue: formule(vue, period, *arguments), defaut=numpy.float32(0))

    # OpenFisca passes the parameters to a formula whose code takes three arguments
    if formule.__code__.co_argcount == 2:
        return functools.wraps(formule)(lambda individu, period: calcul(individu, period))
    return functools.wraps(formule)(lambda individu, period, parameters, *autres: calcul(individu, period, parameters, *autres))


def mois_du_regime_micro(individu, annee, flux):
    """{mois: amount of the month on every row} of `flux(personnes)` (a par_mois), computed on the
    micro-entrepreneurs' rows only (0 elsewhere): each rate period's amount is put back at those rows
    once, then each month copies it and sets its rows computed month by month; months sharing one
    array still share one."""
    micro = individu("micro_entrepreneur", annee)
    if isinstance(individu, Lignes) or micro.all():
        return dict(mois_complets(flux(individu)))
    lignes = numpy.flatnonzero(micro)
    zero = numpy.float32(0)
    complets, bases = {}, {}
    for mois, base, lignes_mois, valeurs in sur_lignes(individu, lignes, lambda personnes: list(flux(personnes))):
        if base is None:  # every row month by month
            complets[mois] = disperser(individu.count, lignes[lignes_mois], valeurs, zero)
            continue
        if id(base) not in bases:
            bases[id(base)] = (base, disperser(individu.count, lignes, base, zero))
        complet = bases[id(base)][1]
        if valeurs is not None:
            complet = complet.copy()
            complet[lignes[lignes_mois]] = valeurs
        complets[mois] = complet
    return complets


def sur_les_lignes(individu, nom, period, lignes, formule, *entrees):
    """Variable `nom` at the rows `lignes`: read when known (given, or already computed), else its
    `formule` (the function its Variable's formula applies) applied to the inputs `entrees` at
    those rows only."""
    holder = individu.get_holder(nom)
    if holder.get_known_periods():
        return aux_lignes(individu, nom, period, lignes)
    return numpy.asarray(formule(*(aux_lignes(individu, entree, period, lignes) for entree in entrees)), dtype=holder.variable.dtype)


def exiger_taux(taux, assiette, variable, period):
    """Refuse to compute where a rate is unknown (no source) and the base is not zero."""
    manquants = numpy.isnan(taux) & (assiette > 0)
    if manquants.any():
        refuser_taux_manquant(variable, period, numpy.flatnonzero(manquants))


def refuser_taux_manquant(variable, period, lignes):
    raise SituationNonModelisee(
        variable,
        f"no sourced rate for '{variable}' in {period}: the model leaves this rate out rather than guess it.",
        lignes,
    )


def arrondi_superieur(taux, pas):
    """Rate rounded up to the next multiple of `pas` (e.g. 0.001: the tenth of a percent).

    Float noise below TOLERANCE_ARRONDI steps is ignored: 0.123 × 2/3 = 0.08199999… gives 8.2 %.
    """
    return numpy.ceil(taux / pas - TOLERANCE_ARRONDI) * pas


REPARTITION = (
    "Montant du mois. Un montant donné pour une année est réparti sur les mois d'activité de "
    "l'année, chaque mois au prorata de ses jours d'activité (de date_debut_activite à "
    "date_fin_activite, incluses) : un mois entier compte pour 1 (un douzième de l'année quand "
    "l'activité couvre toute l'année), un mois commencé le 10 mai pour 22/31, un mois avant le "
    "début ou après la cessation pour 0. Quand des mois sont aussi donnés, seul le reste de "
    "l'année est réparti, sur les autres mois. Un montant annuel non nul pour une année sans "
    "aucun jour d'activité (hors mois donnés) est refusé."
)


def repartir_sur_l_activite(holder, period, array):
    """`set_input` of the monthly turnovers: a month is stored as given; a year is kept as given
    (in `<variable>_annuel_declare`) and spread over the days of activity by the formula, which
    knows the dates of activity (they may be set after the turnover)."""
    if period.unit == DateUnit.MONTH and period.size == 1:
        return set_input_divide_by_period(holder, period, array)
    if period.unit == DateUnit.YEAR and period.size == 1:
        return holder.population.get_holder(f"{holder.variable.name}_annuel_declare").set_input(period, array)
    raise PeriodMismatchError(
        holder.variable.name,
        period,
        holder.variable.definition_period,
        f"'{holder.variable.name}' is given for one month ('2024-05') or one year ('2024'); got '{period}'.",
    )


def refuser_sans_jour_d_activite(nom, fautifs, annee):
    """Refuse the rows `fautifs`, whose turnover of `annee` has no day of activity to be spread over."""
    if len(fautifs):
        raise EntreeInvalide(
            nom, fautifs,
            f"'{nom}' is given for {annee} but no day of activity is left to spread it over "
            "(date_debut_activite … date_fin_activite, and the months given)",
        )


def chiffre_affaires_du_mois(individu, period, nom):
    """Formula of a monthly turnover that was not given for this month: the yearly amount given,
    minus the months given, spread over the other months in proportion to their share of days of
    activity (REPARTITION).

    The twelve months are computed at once and cached, so that "months given" are inputs only."""
    annee = period.this_year
    annuel = individu(f"{nom}_annuel_declare", annee)
    if not annuel.any():
        return individu.filled_array(0.0)
    fautifs = numpy.flatnonzero(~numpy.isfinite(annuel) | (annuel < 0))
    if fautifs.size:
        raise EntreeInvalide(nom, fautifs, f"'{nom}' must be a non-negative amount (turnover of {annee})")
    holder = individu.get_holder(nom)
    mois = annee.get_subperiods(DateUnit.MONTH)
    donnes = {m: holder.get_array(m) for m in mois}
    a_repartir = [m for m in mois if donnes[m] is None]
    reste = annuel - sum((valeur for valeur in donnes.values() if valeur is not None), numpy.zeros(len(annuel)))
    poids = {m: individu("jours_activite_mois", m) / m.size_in_days for m in a_repartir}  # share of the month active
    total = sum(poids.values(), numpy.zeros(len(annuel)))
    refuser_sans_jour_d_activite(nom, numpy.flatnonzero((total == 0) & (reste != 0)), annee)
    fautifs = numpy.flatnonzero(reste < 0)
    if fautifs.size:
        raise EntreeInvalide(nom, fautifs, f"the months given for '{nom}' exceed the amount given for {annee}")
    par_mois = numpy.divide(reste, total, out=numpy.zeros(len(annuel)), where=total > 0)
    for m in a_repartir:
        if m != period:
            holder.put_in_cache(par_mois * poids[m], m)
    return par_mois * poids[period]


# --- Rate periods -----------------------------------------------------------------------------
#
# A micro-entrepreneur pays each month its turnover of the month × the rate in force that month.
# The rates (and the shares, the CFP, the chamber taxes, the versement libératoire) change at most
# a few times a year, so the yearly amounts are computed per rate period: the stretches of months
# over which every parameter of micro_entrepreneur keeps its value. Rows whose turnover or rate
# changes from month to month (a year of activity begun or ended within the year, the ACRE, the
# outre-mer periods, months given) are computed month by month, on those rows only.

_DATES_DE_CHANGEMENT = {}


def _dates_de_changement(noeud):
    """Every date at which a parameter under `noeud` takes a new value (cached per parameter tree)."""
    cle = id(noeud)
    if cle not in _DATES_DE_CHANGEMENT:
        dates, pile = set(), [noeud]
        while pile:
            courant = pile.pop()
            if hasattr(courant, "values_list"):
                dates.update(str(valeur.instant_str) for valeur in courant.values_list)
            elif hasattr(courant, "brackets"):
                pile.extend(courant.brackets)
            else:
                pile.extend(getattr(courant, "children", {}).values())
        _DATES_DE_CHANGEMENT[cle] = (noeud, numpy.array(sorted(dates), dtype="datetime64[D]"))  # keeps the tree alive
    return _DATES_DE_CHANGEMENT[cle][1]


def periodes_de_taux(individu, annee):
    """The rate periods of the year: tuples of consecutive months over which no parameter of
    micro_entrepreneur changes. A month reads the parameters at its first day, so a value dated
    within a month starts a period with the next month. Derived from the parameters' own dates."""
    dates = _dates_de_changement(individu.simulation.tax_benefit_system.parameters.micro_entrepreneur)
    mois = annee.get_subperiods(DateUnit.MONTH)
    debuts = numpy.array([str(m.start) for m in mois], dtype="datetime64[D]")
    nouvelles = numpy.searchsorted(dates, debuts[1:], side="right") > numpy.searchsorted(dates, debuts[:-1], side="right")
    coupures = [0] + [i + 1 for i in numpy.flatnonzero(nouvelles)] + [len(mois)]
    return [tuple(mois[a:b]) for a, b in zip(coupures[:-1], coupures[1:])]


def _mois_connus(individu, nom, annee):
    """Whether some month of the year of a monthly turnover is known (given, or already computed)."""
    holder = individu.get_holder(nom)
    return any(holder.get_array(m) is not None for m in annee.get_subperiods(DateUnit.MONTH))


def verifier_montants(nom, valeurs, periode):
    """Refuse a negative or non-finite turnover, naming the rows (two reductions when all is well)."""
    if valeurs.size and valeurs.min() >= 0 and numpy.isfinite(valeurs.max()):
        return
    fautifs = numpy.flatnonzero(~numpy.isfinite(valeurs) | (valeurs < 0))
    if fautifs.size:
        raise EntreeInvalide(nom, fautifs, f"'{nom}' must be a non-negative amount (turnover of {periode})")


def chiffre_affaires_de_l_annee(individu, annee, activite):
    """Turnover of the year for one activity, checked once: the yearly amount given when no month
    is known (it is spread over the days of activity, which must exist), else the sum of the months,
    each checked."""
    refuser_professions_hors_micro(individu, annee)
    nom = f"chiffre_affaires_{activite}"
    if _mois_connus(individu, nom, annee):
        return sum(chiffre_affaires(individu, m, activite) for m in annee.get_subperiods(DateUnit.MONTH))
    annuel = individu(f"{nom}_annuel_declare", annee)
    if not annuel.any():
        return annuel
    verifier_montants(nom, annuel, annee)
    if not dates_donnees(individu):
        return annuel
    jours = individu("jours_activite", annee)
    if jours.min() == 0:
        fautifs = numpy.flatnonzero((jours == 0) & (annuel != 0))
        refuser_sans_jour_d_activite(nom, fautifs, annee)
    return annuel


def dates_donnees(individu):
    """Whether a date of activity is given (else every row has the defaults: active every day of
    every year the model covers)."""
    return any(individu.get_holder(nom).get_known_periods() for nom in ("date_debut_activite", "date_fin_activite"))


def poids_des_mois(individu, annee, lignes):
    """Share of each month of the year that is active (jours_activite_mois / days of the month), on `lignes`."""
    debut = aux_lignes(individu, "date_debut_activite", annee, lignes).view("int64")
    fin = aux_lignes(individu, "date_fin_activite", annee, lignes).view("int64")
    poids = []
    for m in annee.get_subperiods(DateUnit.MONTH):
        premier, dernier = int(en_date(m.start).astype("int64")), int(en_date(m.stop).astype("int64"))
        jours = numpy.maximum(numpy.minimum(fin, dernier) - numpy.maximum(debut, premier) + 1, 0)
        poids.append(jours / m.size_in_days)
    return poids


def parametres_micro(individu, mois):
    """The micro_entrepreneur parameters in force in a month (read at its first day; cached by the system)."""
    return individu.simulation.tax_benefit_system.get_parameters_at_instant(mois.start).micro_entrepreneur


def _lignes_mois_par_mois(individu, annee, activites):
    """(rows computed month by month, whether that is every row: a month of some turnover is known)."""
    if any(_mois_connus(individu, f"chiffre_affaires_{activite}", annee) for activite in activites):
        return numpy.arange(individu.count), True
    return numpy.flatnonzero(individu("micro_calcul_mensuel", annee)), False


def _part_egale(individu, annee, activite, annuel, lignes):
    """The turnover of each month where the yearly turnover is spread evenly: a twelfth, the correctly
    rounded float32 the monthly variable stores (0 on the rows computed month by month). Kept for the
    year on the population, while the yearly turnover is the same array."""
    memoire = individu.__dict__.setdefault("_parts_egales_micro", {})
    cle = (annee, activite)
    if cle not in memoire or memoire[cle][0] is not annuel:
        egal = annuel / numpy.float32(len(annee.get_subperiods(DateUnit.MONTH)))
        egal[lignes] = 0
        egal.flags.writeable = False
        memoire[cle] = (annuel, egal)
    return memoire[cle][1]


def par_mois(individu, annee, activites, formule):
    """Yields, for the twelve months of the year, (mois, base, lignes, valeurs): the amount of the month
    is `base` on every row but `lignes`, `valeurs` on `lignes`, each given by `formule(mois, chiffres,
    lignes)`: `chiffres` maps each activity with some turnover in the year to its turnover of the
    month, in float32 as the monthly variable holds it, on the rows `lignes` (None: every row);
    `formule` returns an array over those rows, or a dict of arrays.

    Computed per rate period (periodes_de_taux): `base`, for the rows whose yearly turnover is spread
    evenly on the twelve months, is evaluated once, at the first month of the period, and is the same
    object for every month of the period; the rows whose turnover or rate changes within a period
    (micro_calcul_mensuel) are evaluated month by month (`valeurs`, None when there is none). When a
    month of a turnover is known, every row is (base None). The arithmetic is the monthly variables'
    own, so every month's amount, and every sum of months, is theirs to the bit."""
    annuels = {activite: individu(f"chiffre_affaires_{activite}_annuel", annee) for activite in activites}
    annuels = {activite: annuel for activite, annuel in annuels.items() if annuel.any()}  # nothing to add otherwise
    mois_annee = annee.get_subperiods(DateUnit.MONTH)
    lignes, tous = _lignes_mois_par_mois(individu, annee, annuels)
    if tous:  # every row month by month, on the monthly turnovers themselves
        for mois in mois_annee:
            yield mois, None, lignes, formule(mois, {activite: individu(f"chiffre_affaires_{activite}", mois) for activite in annuels}, lignes)
        return
    egaux = {activite: _part_egale(individu, annee, activite, annuel, lignes) for activite, annuel in annuels.items()}
    detail = {}
    if lignes.size:
        poids = poids_des_mois(individu, annee, lignes)
        total = sum(poids, numpy.zeros(len(lignes)))
        for activite, annuel in annuels.items():
            reparti = numpy.divide(annuel[lignes].astype(float), total, out=numpy.zeros(len(lignes)), where=total > 0)
            detail[activite] = [(reparti * p).astype(numpy.float32) for p in poids]
    for periode in periodes_de_taux(individu, annee):
        base = formule(periode[0], egaux, None)
        for mois in periode:
            if not lignes.size:
                yield mois, base, lignes, None
                continue
            rang = mois_annee.index(mois)
            yield mois, base, lignes, formule(mois, {activite: detail[activite][rang] for activite in annuels}, lignes)


def _complet(base, lignes, valeurs):
    """The amount of the month on every row (a copy of `base` with `valeurs` on `lignes`)."""
    if isinstance(valeurs, dict) or isinstance(base, dict):
        cles = (base or {}).keys() | (valeurs or {}).keys()
        return {cle: _complet(None if base is None else base.get(cle), lignes,
                              None if valeurs is None else valeurs.get(cle)) for cle in cles}
    if valeurs is None:
        return base
    if base is None:
        return valeurs  # every row: lignes are all the rows, in order
    complet = base.copy()
    complet[lignes] = valeurs
    return complet


def mois_complets(flux):
    """(mois, amount on every row) from par_mois; the months of a period share `base` where no row is
    computed month by month."""
    for mois, base, lignes, valeurs in flux:
        yield mois, _complet(base, lignes, valeurs)


class _Somme:
    """A float32 sum in order, in place once the sum is an array of its own."""

    def __init__(self):
        self.total, self.a_soi = None, False

    def ajouter(self, montant):
        if self.total is None:
            self.total = montant
        elif self.a_soi:
            self.total += montant
        else:
            self.total, self.a_soi = self.total + montant, True


def somme_des_mois(flux):
    """Sum of the months' float32 amounts in month order, as a yearly sum (ADD) of the monthly variable
    adds them; each row's sum only involves that row's amounts, so the rows summed from `base` and
    those summed from `valeurs` are summed apart."""
    sur_base, sur_lignes, lignes = _Somme(), _Somme(), None
    for _, base, lignes, valeurs in flux:
        if base is not None:
            sur_base.ajouter(base)
        if valeurs is not None:
            sur_lignes.ajouter(valeurs)
    if sur_base.total is None:
        return 0 if sur_lignes.total is None else sur_lignes.total
    if sur_lignes.total is None:
        return sur_base.total
    total = sur_base.total if sur_base.a_soi else sur_base.total.copy()
    total[lignes] = sur_lignes.total
    return total


def selon_activite(flux, activite):
    """The flux of one activity from a flux of dicts {activité: amount} (None where it has no turnover)."""
    for mois, base, lignes, valeurs in flux:
        yield mois, None if base is None else base.get(activite), lignes, None if valeurs is None else valeurs.get(activite)


class TauxSelon:
    """A rate that depends on the row through a few masks: `defaut`, then each `valeur` on the rows
    of its mask (in order, the last one winning). Multiplied by a turnover without building an array
    of rates (produit): the rows of each mask are listed once (`lignes_du_masque`)."""

    def __init__(self, defaut, *cas):
        self.defaut, self.cas = defaut, cas  # cas: (masque, lignes du masque, valeur)

    def sur(self, lignes):
        """The rates of the rows `lignes`, as an array."""
        taux = numpy.full(len(lignes), self.defaut, dtype=numpy.result_type(self.defaut, *(v for _, _, v in self.cas)))
        for masque, _, valeur in self.cas:
            taux[masque[lignes]] = valeur
        return taux

    def inconnu(self):
        """Rows whose rate is unknown (NaN), or a bool when it is the same on every row."""
        inconnu = bool(numpy.isnan(self.defaut))
        for masque, _, valeur in self.cas:
            if bool(numpy.isnan(valeur)) != inconnu:
                inconnu = numpy.where(masque, bool(numpy.isnan(valeur)), inconnu)
        return inconnu


def lignes_du_masque(masque):
    return numpy.flatnonzero(masque)


def produit(chiffre, taux, out=None):
    """chiffre × taux, element by element, for a scalar rate, an array of rates or a TauxSelon (the
    float32 products a per-row float32 rate gives), in `out` when given."""
    if not isinstance(taux, TauxSelon):
        return numpy.multiply(chiffre, taux, out=out)
    resultat = numpy.multiply(chiffre, taux.defaut, out=out)
    for _, lignes, valeur in taux.cas:
        resultat[lignes] = chiffre[lignes] * valeur
    return resultat


class Somme:
    """Σ of terms in order (float32 additions), the first term kept as the sum's own array and the
    others computed in one scratch array: two arrays for any number of terms."""

    def __init__(self):
        self.total, self.brouillons = None, {}

    def brouillon(self, taille):
        """The scratch array for the next term (None for the first: it becomes the sum)."""
        if self.total is None:
            return None
        if taille not in self.brouillons:
            self.brouillons[taille] = numpy.empty(taille, dtype=numpy.float32)
        return self.brouillons[taille]

    def ajouter(self, terme):
        if self.total is None:
            self.total = terme
        else:
            self.total += terme

    def resultat(self):
        total, self.total = self.total, None
        return total


def zeros(individu, lignes):
    return numpy.zeros(individu.count if lignes is None else len(lignes), dtype=numpy.float32)


def cotisation_du_mois(individu, mois, activite, chiffre, taux, micro, lignes, out=None):
    """The contribution of the month of one activity, as cotisations_micro_<activité> computes it:
    turnover × float32 rate where the person is a micro-entrepreneur with turnover; a rate unknown
    (NaN) where there is turnover is refused, naming the rows. In `out` when given."""
    if isinstance(taux, TauxSelon):
        inconnu = taux.inconnu()
    else:
        taux = numpy.asarray(taux, dtype=numpy.float32)
        inconnu = numpy.isnan(taux)
    if numpy.any(inconnu):
        manquants = numpy.flatnonzero(inconnu & (chiffre > 0))
        if manquants.size:
            refuser_taux_manquant(f"chiffre_affaires_{activite}", mois, manquants if lignes is None else lignes[manquants])
    montant = produit(chiffre, taux, out)
    if not numpy.any(inconnu) and (micro is True or micro.all()):
        return montant  # turnover ≥ 0: where it is 0 the product is 0
    return numpy.where(micro & (chiffre > 0), montant, numpy.float32(0))


def cotisations_des_mois(individu, annee, activites, total=False):
    """par_mois of the contributions of each activity ({activité: amount of the month}), or of their sum
    in the activities' order (`total`, as cotisations_micro_sociales_mensuelles adds them): the normal
    rate of the rate period (a scalar; by Cipav membership for the BNC), and month by month, on the
    rows computed month by month, the rate of the month (outre-mer, ACRE: taux_mensuels)."""
    micro = individu("micro_entrepreneur", annee)
    micro = True if micro.all() else micro
    cipav = individu("est_cipav", annee) if "services_bnc" in activites else False
    lignes_cipav = lignes_du_masque(cipav) if numpy.ndim(cipav) and cipav.any() and not cipav.all() else None
    taux_mois = taux_mensuels(individu, annee)

    somme = Somme()

    def formule(mois, chiffres, lignes):
        p = parametres_micro(individu, mois)
        montants = {}
        for activite in activites:
            if activite in chiffres:
                if lignes is None:  # the normal rate, as float32 scalars (by Cipav membership for the BNC)
                    taux = taux_selon_cipav(cipav, *(numpy.float32(taux_normal(p, activite, c)) for c in (True, False)), lignes_cipav)
                else:
                    taux = taux_mois(mois, activite, lignes)
                micro_lignes = micro if (micro is True or lignes is None) else micro[lignes]
                if not total:
                    montants[activite] = cotisation_du_mois(individu, mois, activite, chiffres[activite], taux, micro_lignes, lignes)
                    continue
                brouillon = somme.brouillon(len(chiffres[activite]))
                somme.ajouter(cotisation_du_mois(individu, mois, activite, chiffres[activite], taux, micro_lignes, lignes, brouillon))
        if total:
            resultat = somme.resultat()
            return zeros(individu, lignes) if resultat is None else resultat
        return montants

    return par_mois(individu, annee, activites, formule)


# --- Rates of a month: outre-mer periods (D756-5), ACRE (D131-6-3), normal rates (D613-4) ------

class TypesPeriodeOutreMer(Enum):
    __order__ = "metropole periode_1 periode_2 periode_3"
    metropole = "Taux métropolitains"
    periode_1 = "Outre-mer, jusqu'à la fin du 7e trimestre civil suivant le début d'activité"
    periode_2 = "Outre-mer, jusqu'à la fin de la 3e année civile d'activité"
    periode_3 = "Outre-mer, à partir de la 4e année civile d'activité"


def periode_outre_mer_du_mois(p_outre_mer, mois, outre_mer, trimestre_debut, date_debut, lignes=None, annee_debut=None):
    """Index (TypesPeriodeOutreMer) of the D756-5 period of the month, on the rows given (`lignes`:
    their numbers in the population, for the refusal): counted in calendar quarters from the
    quarter of creation, then in calendar years of activity."""
    periodes = TypesPeriodeOutreMer
    if not outre_mer.any():
        return numpy.full(len(outre_mer), periodes.metropole.index)
    if numpy.isnan(getattr(p_outre_mer.fraction, "periode_2", numpy.nan)):
        fautifs = numpy.flatnonzero(outre_mer)
        raise SituationNonModelisee(
            "departement",
            f"outre-mer micro-social rates before 2017 (D756-5 as of décret 2017-972) are not modelled ({mois}).",
            fautifs if lignes is None else lignes[fautifs],
        )
    ecart = trimestre_absolu(en_date(mois.start)) - trimestre_debut
    annee_activite = annee_de(en_date(mois.start)) - (annee_de(date_debut) if annee_debut is None else annee_debut) + 1
    periode = numpy.select(
        [ecart <= p_outre_mer.fin_periode_1, annee_activite <= p_outre_mer.fin_periode_2],
        [periodes.periode_1.index, periodes.periode_2.index],
        default=periodes.periode_3.index,
    )
    return numpy.where(outre_mer, periode, periodes.metropole.index)


def part_acre_periode(parametres, annee, date_debut, trimestre_debut, rang):
    """Share of the normal rate of ACRE period `rang` ("periode_1", "periode_2", "periode_3"), read at
    the date that period begins (durations of the year `annee`)."""
    p = parametres(annee).micro_entrepreneur.acre
    historique = parametres.micro_entrepreneur.acre.part_a_payer
    decalage = {"periode_1": None, "periode_2": p.duree_premiere_periode,
                "periode_3": p.duree_premiere_periode + p.duree_periodes_suivantes}[rang]
    debut = date_debut if decalage is None else debut_trimestre(trimestre_debut + decalage)
    return valeurs_aux_dates(getattr(historique, rang), debut, 1)


def part_acre_du_mois(p_acre, mois, acre, trimestre_debut, mois_debut, parts, duree):
    """Share of the normal rate due in the month under the ACRE (1 outside it): the share of the ACRE
    period the month falls in, from the month of creation for `duree` calendar quarters."""
    ecart = trimestre_absolu(en_date(mois.start)) - trimestre_debut
    fin_1 = p_acre.duree_premiere_periode
    fin_2 = fin_1 + p_acre.duree_periodes_suivantes
    part = numpy.select([ecart < fin_1, ecart < fin_2], parts[:2], default=parts[2])
    applicable = acre & (mois_absolu(en_date(mois.start)) >= mois_debut) & (ecart < duree)
    return numpy.where(applicable, part, 1)


def situation_du_mois(p_micro, periode_om, cipav, part_acre, plancher_applicable):
    """What makes a row's rate of the month differ from the normal rate, whatever the activity: (rows
    in an outre-mer period, their D756-5 fraction; rows under the ACRE, their share, whether the ACRE
    floor applies to them). All arrays are over the same rows; `plancher_applicable` may be a bool."""
    periodes = TypesPeriodeOutreMer
    en_outre_mer = numpy.flatnonzero(periode_om != periodes.metropole.index)
    fraction_om = None
    if en_outre_mer.size:
        fraction = p_micro.outre_mer.fraction
        fraction_om = numpy.select(
            [periode_om == periodes.periode_1.index, periode_om == periodes.periode_2.index, periode_om == periodes.periode_3.index],
            [
                numpy.where(cipav, parametre(fraction, "periode_1_autres"), parametre(fraction, "periode_1_ssi")),
                parametre(fraction, "periode_2"),
                parametre(fraction, "periode_3"),
            ],
            default=numpy.nan,
        )[en_outre_mer]
    en_acre = numpy.flatnonzero((periode_om == periodes.metropole.index) & (part_acre < 1))  # ACRE does not combine with outre-mer rates
    applicable = plancher_applicable[en_acre] if numpy.ndim(plancher_applicable) else plancher_applicable
    return en_outre_mer, fraction_om, en_acre, part_acre[en_acre], applicable


def taux_selon_situation(p_micro, taux_normal, nombre, situation, part_plancher):
    """Rate of the month of `nombre` rows in a situation_du_mois: outre-mer fraction of the normal rate
    (D756-5, rounded up), else the ACRE share of it (at least the CSG-CRDS and RC shares where that
    floor applies, rounded up), else the normal rate; `taux_normal`, `part_plancher`: scalars or arrays."""
    en_outre_mer, fraction_om, en_acre, part_acre, applicable = situation
    taux = numpy.array(numpy.broadcast_to(taux_normal, (nombre,)), dtype=float)
    if en_outre_mer.size:
        taux[en_outre_mer] = arrondi_superieur(taux[en_outre_mer] * fraction_om, parametre(p_micro.outre_mer, "arrondi"))
    if en_acre.size:
        plancher = part_plancher[en_acre] if numpy.ndim(part_plancher) else part_plancher
        plancher = numpy.where(applicable, numpy.nan_to_num(plancher), 0)
        taux[en_acre] = arrondi_superieur(numpy.maximum(part_acre, plancher) * taux[en_acre], parametre(p_micro.acre, "arrondi"))
    return taux


def taux_du_mois(p_micro, taux_normal, periode_om, cipav, part_acre, plancher_applicable, part_plancher):
    """Rate of the month (taux_selon_situation) on rows whose outre-mer period, ACRE share and floor are
    given. All arrays are over the same rows; `taux_normal` and `part_plancher` may be scalars."""
    situation = situation_du_mois(p_micro, periode_om, cipav, part_acre, plancher_applicable)
    return taux_selon_situation(p_micro, taux_normal, len(periode_om), situation, part_plancher)


def _plancher_acre(repartition):
    """Share of the global rate that the ACRE rate cannot go below: CSG-CRDS (and other contributions) + RC."""
    return parametre(repartition, "autres_contributions") + parametre(repartition, "retraite_complementaire")


def selon(condition, si_vrai, si_faux):
    """where(condition, si_vrai, si_faux) for two scalars: a scalar when the condition is the same on
    every row, else a lookup in a two-value table (a fifth of the cost of numpy.where)."""
    if not numpy.ndim(condition):
        return si_vrai if condition else si_faux
    if condition.all():
        return si_vrai
    if not condition.any():
        return si_faux
    return numpy.array([si_faux, si_vrai], dtype=numpy.result_type(si_vrai, si_faux)).take(condition.view(numpy.int8))


def _selon_cipav(cipav, taux_cipav, taux_autres):
    """The Cipav rate or the other one, kept scalar when every row (or none) is at the Cipav."""
    return selon(cipav, taux_cipav, taux_autres)


def taux_selon_cipav(cipav, taux_cipav, taux_autres, lignes_cipav=None):
    """The same as a TauxSelon (no array of rates) when the rows differ (`lignes_cipav`: the rows of
    the mask, when already listed)."""
    if not numpy.ndim(cipav) or cipav.all() or not cipav.any():
        return _selon_cipav(cipav, taux_cipav, taux_autres)
    return TauxSelon(taux_autres, (cipav, lignes_du_masque(cipav) if lignes_cipav is None else lignes_cipav, taux_cipav))


def departement_dans(individu, annee, liste):
    """Whether each row's département (departement_verifie) is in `liste`; a département never given
    is the default on every row, tested once."""
    holder = individu.get_holder("departement")
    if not holder.get_known_periods():
        return numpy.full(individu.count, holder.variable.default_value in list(liste))
    return numpy.isin(DEPARTEMENTS, list(liste))[individu("departement_rang", annee)]


def rang_des_departements(codes):
    """Rank of each (verified) département code in DEPARTEMENTS: the codes are hashed once, each list
    of départements is then a lookup."""
    if len(codes) > 1 and (codes == codes[0]).all():
        uniques, positions = codes[:1], numpy.zeros(len(codes), dtype=numpy.intp)
    else:
        positions, uniques = pandas.factorize(codes)
    uniques = [u.decode() if isinstance(u, bytes) else str(u) for u in uniques]
    return numpy.array([DEPARTEMENTS.index(u) for u in uniques], dtype=numpy.int16)[positions]


def taux_normal(p_micro, activite, cipav):
    """Global rate of the activity (D613-4), metropolitan, without ACRE: the Cipav rate for Cipav BNC."""
    if activite == "services_bnc":
        return _selon_cipav(cipav, p_micro.taux.services_bnc_cipav, parametre(p_micro.taux, "services_bnc"))
    return parametre(p_micro.taux, activite)


def plancher_acre(p_micro, activite, cipav):
    """Floor of the ACRE share (CSG-CRDS + RC shares of D613-6); none for furnished tourist lets."""
    repartition = p_micro.repartition
    if activite == "services_bnc":
        return _selon_cipav(cipav, _plancher_acre(repartition.bnc_cipav), _plancher_acre(repartition.bnc))
    if activite == "meubles_tourisme_classes":
        return numpy.nan
    return _plancher_acre(repartition.bic)


def taux_mensuels(individu, annee):
    """`taux_mois(mois, activite, lignes)`: the rate of an activity in a month on the rows computed
    month by month, as taux_micro_<activité> gives it (outre-mer period and ACRE share read on those
    rows only, once a month for all the activities)."""
    parametres = individu.simulation.tax_benefit_system.parameters
    donnees, par_mois_ = {}, {}

    def situation(mois, lignes):
        if donnees.get("lignes") is not lignes:
            donnees.clear()
            par_mois_.clear()
            date_debut = aux_lignes(individu, "date_debut_activite", annee, lignes)
            trimestre = sur_les_lignes(individu, "trimestre_debut_activite", annee, lignes, trimestre_absolu, "date_debut_activite")
            acre = aux_lignes(individu, "acre", annee, lignes)
            donnees.update(
                lignes=lignes, cipav=aux_lignes(individu, "est_cipav", annee, lignes),
                outre_mer=aux_lignes(individu, "etablissement_outre_mer_micro", annee, lignes),
                date_debut=date_debut, trimestre=trimestre, acre=acre,
                mois_debut=sur_les_lignes(individu, "mois_debut_activite", annee, lignes, mois_absolu, "date_debut_activite"),
            )
            if acre.any():
                historique = parametres.micro_entrepreneur.acre
                donnees.update(
                    parts=[part_acre_periode(parametres, annee, date_debut, trimestre, rang) for rang in ("periode_1", "periode_2", "periode_3")],
                    duree=valeurs_aux_dates(historique.duree_totale, date_debut, 0),
                    plancher=valeurs_aux_dates(historique.plancher_csg_retraite_complementaire, date_debut, 0) > 0,
                )
        if mois not in par_mois_:
            d, p = donnees, parametres_micro(individu, mois)
            if "annee_debut" not in d:
                d["annee_debut"] = annee_de(d["date_debut"])
            periode_om = periode_outre_mer_du_mois(p.outre_mer, mois, d["outre_mer"], d["trimestre"], d["date_debut"], lignes, d["annee_debut"])
            if d["acre"].any():
                part = part_acre_du_mois(p.acre, mois, d["acre"], d["trimestre"], d["mois_debut"], d["parts"], d["duree"])
                plancher = d["plancher"]
            else:
                part, plancher = numpy.ones(len(lignes)), numpy.zeros(len(lignes), dtype=bool)
            par_mois_[mois] = (p, situation_du_mois(p, periode_om, d["cipav"], part, plancher))
        return par_mois_[mois]

    def taux_mois(mois, activite, lignes):
        p, situation_mois = situation(mois, lignes)
        cipav = donnees["cipav"]
        return taux_selon_situation(p, taux_normal(p, activite, cipav), len(lignes), situation_mois, plancher_acre(p, activite, cipav))

    return taux_mois
