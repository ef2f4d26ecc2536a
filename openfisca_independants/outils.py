"""Small helpers shared by the variables."""

import weakref

import numpy
import pandas

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee


# Largest magnitude accepted for a numeric input, in every interface (web API, calc, batch) (an amount, a count). Not a legal figure but
# the range where the model's numbers stay exact to the euro: the model computes in float32
# (24-bit mantissa, about 7 significant digits). At 100 M€ an input is stored to within 4 €
# and a line of up to 20 M€ (the CSG, uncapped, is 9.7 % of it) to within 1 €, the contract's
# tolerance; a thousand times more and the lines would be wrong by hundreds of euros, and
# 1e39 does not fit at all (inf). No self-employed income or turnover comes near 100 M€, so
# a larger value is an entry or export error (1e308, a misplaced decimal mark): reported.
BORNE_MONTANT = 1e8


def somme(entite, period, composantes):
    """Sum of the variables named in `composantes`, computed for `entite` over `period`."""
    total = entite.empty_array()
    for nom in composantes:
        total += entite(nom, period)  # in place: the same float32 additions, in the same order
    return total


def code_dans(codes, liste):
    """Whether each code (a str variable: numpy bytes or str) is in `liste` (parameter of strings).

    A column of codes is factorised once (its distinct codes and each row's rank among them,
    kept while the array lives): each test is then a membership test on the few distinct codes
    and a take, whatever the number of rows."""
    distincts, rangs = _factorisation(codes)
    if codes.dtype.kind == "S":
        liste = numpy.char.encode(numpy.asarray(liste, dtype=str))
    if not len(codes):
        return numpy.zeros(0, dtype=bool)
    dedans = numpy.isin(distincts, list(liste))
    return numpy.full(len(codes), dedans[0]) if rangs is None else dedans[rangs]


_FACTORISATIONS = {}  # id(array) → (weak reference to it, distinct codes, ranks)


def entree_donnee(individu, nom) -> bool:
    """Whether the input `nom` was given for anybody (to be asked before reading it, since reading
    an input never given caches its default)."""
    return bool(individu.get_holder(nom).get_known_periods())


def code_unique(codes):
    """`codes`, known to hold one code everywhere (an input left at its default): registered as
    such, so that code_dans does not factorise it."""
    distincts = numpy.asarray(codes[:1], dtype=codes.dtype)
    _FACTORISATIONS[id(codes)] = (weakref.ref(codes), distincts, None)  # no rank to read: one code
    return codes


def _factorisation(codes):
    entree = _FACTORISATIONS.get(id(codes))
    if entree is not None and entree[0]() is codes:
        return entree[1], entree[2]
    rangs, distincts = pandas.factorize(codes)
    distincts = numpy.asarray(distincts, dtype=codes.dtype)
    if len(_FACTORISATIONS) > 16:  # the arrays of the last simulations only
        _FACTORISATIONS.clear()
    _FACTORISATIONS[id(codes)] = (weakref.ref(codes), distincts, rangs)
    return distincts, rangs


_PRESENTS = {}  # id(array of Enum codes) → (weak reference to it, which codes are present)


def codes_presents(valeurs):
    """Which codes of its Enum an EnumArray holds (a boolean per code), found once per array (a
    cached variable, or its cut for a view) and kept while the array lives."""
    entree = _PRESENTS.get(id(valeurs))
    if entree is not None and entree[0]() is valeurs:
        return entree[1]
    codes = numpy.asarray(valeurs)
    presents = numpy.zeros(len(valeurs.possible_values), dtype=bool)
    if len(codes):  # the smallest and the largest code, then a test for each code between them (not each row)
        bas, haut = int(codes.min()), int(codes.max())
        presents[[bas, haut]] = True
        for code in range(bas + 1, haut):
            presents[code] = (codes == code).any()
    if len(_PRESENTS) > 64:  # the arrays of the last simulations only
        _PRESENTS.clear()
    _PRESENTS[id(valeurs)] = (weakref.ref(valeurs), presents)
    return presents


# INSEE codes of the départements (and overseas communities 975, 977, 978): a format, not law.
DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"] + [str(n) for n in range(971, 979)]


def verifier_departements(codes):
    """Raise EntreeInvalide, naming the rows, for codes that are not INSEE département codes.

    Compared as the column's own type (bytes or str) and once for a column holding one code."""
    connus = code_dans(codes, DEPARTEMENTS)
    if connus.all():
        return
    fautifs = numpy.flatnonzero(~connus)
    premier = codes[fautifs[0]]
    premier = premier.decode("utf-8", "replace") if isinstance(premier, bytes) else str(premier)
    raise EntreeInvalide(
        "departement",
        fautifs,
        f"'departement' must be an INSEE département code ('75', '2A', '974'…); got {premier!r}",
    )


class Lignes:
    """Some persons of a population (positions `lignes`), read like the population itself: a rule
    of regles/ given a Lignes instead of `individu` computes on those rows only (one caisse's
    members, the rows a fixed point still moves, the micro-entrepreneurs), reading every variable
    of the simulation at those rows: computed on the whole population, cut once for every view of
    the same rows (read-only cuts). Use `sur_lignes`, which also renumbers the refusals to the
    whole population."""

    def __init__(self, population, lignes):
        if isinstance(population, Lignes):  # a view of a view: positions in the whole population
            population, lignes = population.population, population.lignes[lignes]
        self.population = population
        self.lignes = numpy.asarray(lignes)
        self.count = len(self.lignes)
        self.simulation = population.simulation
        self.entity = population.entity
        self._lus = _coupes_des_lignes(population, self.lignes)  # each variable cut once for these rows
        self._positions_dans_la_population, self._lus_avec_options = {}, {}

    def __call__(self, nom, period=None, options=None):
        cle = (nom, str(period), str(options))
        if options:  # a sum or a division over periods: a new array at each call, cut once per view
            if cle not in self._lus_avec_options:
                self._lus_avec_options[cle] = self._lire(nom, period, options)[self.lignes]
            return self._lus_avec_options[cle]
        valeurs = self._lire(nom, period)
        lu = self._lus.get(cle)
        if lu is None or lu[0]() is not valeurs:  # not cut yet, or the population's array has changed since
            coupe = valeurs.take(self.lignes)  # take: faster than indexing, keeps the array's class (EnumArray)
            coupe.flags.writeable = False  # shared by the views of these rows
            lu = self._lus[cle] = (weakref.ref(valeurs), coupe)
        return lu[1]

    def aux_lignes(self, nom, period, lignes):
        """Variable `nom` at some of the view's rows (`lignes`: positions in the view), read at
        those rows of the population without cutting the view's rows first."""
        if id(lignes) not in self._positions_dans_la_population:  # the same rows asked for several variables
            self._positions_dans_la_population = {id(lignes): (lignes, self.lignes[lignes])}
        return self._lire(nom, period).take(self._positions_dans_la_population[id(lignes)][1])

    def _lire(self, nom, period, options=None):
        try:
            return self.population(nom, period, options)
        except (EntreeInvalide, SituationNonModelisee) as erreur:
            erreur.lignes_de_la_population = True  # computed on the whole population: its rows already
            raise

    def filled_array(self, value, dtype=None):
        return numpy.full(self.count, value, dtype)

    def empty_array(self):
        return numpy.zeros(self.count, dtype=numpy.float32)

    def get_holder(self, nom):
        return self.population.get_holder(nom)


VUES_GARDEES = 8  # sets of rows whose cuts a population keeps (the regime's rows, each caisse's members…)


def _coupes_des_lignes(population, lignes):
    """The cuts of the population's variables at the rows `lignes`, shared by every view of the same
    rows (each classic line, each micro amount reads the same inputs at the same rows): a dict
    {(variable, period, options): (weak reference to the population's array, its cut)}, kept for
    the last VUES_GARDEES sets of rows of the population."""
    return _recent(population, "_coupes_des_vues", lignes, lambda: (lignes, {}))


def _recent(population, registre, cle, nouveau):
    """The value kept in the population's `registre` for an array equal to `cle` (the last VUES_GARDEES
    ones, the most recent first), else the (key, value) pair `nouveau()` gives, kept."""
    entrees = population.__dict__.setdefault(registre, [])
    for rang, (autre, valeur) in enumerate(entrees):
        if autre is cle or (len(autre) == len(cle) and numpy.array_equal(autre, cle)):
            if rang:
                entrees.insert(0, entrees.pop(rang))
            return valeur
    entree = nouveau()
    entrees.insert(0, entree)
    del entrees[VUES_GARDEES:]
    return entree[1]


def aux_lignes(individu, nom, period, lignes):
    """Variable `nom` of `individu` (a population or a Lignes) at its rows `lignes` (positions)."""
    if isinstance(individu, Lignes):
        return individu.aux_lignes(nom, period, lignes)
    return individu(nom, period)[lignes]


def sur_lignes(individu, lignes, fonction, *arguments):
    """`fonction(vue, *arguments)` on the persons `lignes` only (positions, or a boolean mask):
    `vue` is a Lignes, every argument that is an array of the population's length is cut to those
    rows (scalars and parameters pass as they are). A refusal raised inside (EntreeInvalide,
    SituationNonModelisee naming rows) names the rows of the whole population."""
    lignes = _positions(lignes, individu)
    vue = Lignes(individu, lignes)
    coupes = [a[lignes] if isinstance(a, numpy.ndarray) and a.ndim and len(a) == individu.count else a for a in arguments]
    try:
        return fonction(vue, *coupes)
    except EntreeInvalide as erreur:
        if getattr(erreur, "lignes_de_la_population", False):
            raise
        raise EntreeInvalide(erreur.variable, lignes[erreur.lignes], erreur.message) from None
    except SituationNonModelisee as erreur:
        if erreur.lignes is None or getattr(erreur, "lignes_de_la_population", False):
            raise
        raise SituationNonModelisee(erreur.variable, erreur.message, lignes[erreur.lignes]) from None


def _positions(lignes, population=None):
    """Positions, from positions or a boolean mask. The positions of the last masks of a population are
    kept: each line of a regime asks for the same rows (a new mask, equal to the last one), and
    getting the same positions back lets the views of those rows find their cuts at once."""
    lignes = numpy.asarray(lignes)
    if lignes.dtype != bool:
        return lignes
    if population is None or isinstance(population, Lignes):
        return numpy.flatnonzero(lignes)
    return _recent(population, "_positions_des_masques", lignes, lambda: _positions_gardees(lignes))


def _positions_gardees(masque):
    positions = numpy.flatnonzero(masque)
    masque = masque.copy()  # the caller's mask may change after
    masque.flags.writeable = positions.flags.writeable = False
    return masque, positions


def sur_lignes_disperse(individu, lignes, fonction, *arguments, defaut=0.0):
    """`sur_lignes` whose result (an array, or a tuple of arrays) is put back at its rows in
    arrays of the population's length; `defaut` (a value, an array or a tuple of them) elsewhere."""
    lignes = _positions(lignes, individu)
    resultat = sur_lignes(individu, lignes, fonction, *arguments)
    if isinstance(resultat, tuple):
        defauts = defaut if isinstance(defaut, tuple) else (defaut,) * len(resultat)
        return tuple(disperser(individu.count, lignes, valeurs, d) for valeurs, d in zip(resultat, defauts))
    return disperser(individu.count, lignes, resultat, defaut)


def disperser(n, lignes, valeurs, defaut):
    """An array of `n` rows: `valeurs` at the positions `lignes`, `defaut` elsewhere."""
    valeurs = numpy.asarray(valeurs)
    type_ = numpy.result_type(valeurs, defaut)
    if numpy.ndim(defaut) == 0 and not numpy.asarray(defaut).tobytes().strip(b"\0") and type_.kind in "biuf":  # 0 (not -0.0)
        complet = numpy.zeros(n, dtype=type_)
    else:
        complet = numpy.array(numpy.broadcast_to(defaut, (n,)), dtype=type_)
    complet[lignes] = valeurs
    return complet


_disperser = disperser  # its former name, still imported by regles/caisses
