"""Speed of the model against plain numpy implementations of the same formulas.

Builds 1 000 000 persons (the four classic categories, lognormal incomes) and, in the same
process, times (CPU time, a fresh simulation each time; the classic case alternates model and
numpy runs, best of 7 each):
- `total_cotisations_contributions` 2024, model vs the hand-written numpy reference below
  (target: ratio ≤ 1.5);
- the same with 5 % of the rows overseas (DROM), a third of them in their first two years;
- a mixed population (30 % micro-entrepreneurs, 5 % overseas, 10 % ACRE) in one simulation
  against its classic and micro parts computed apart, the three alternated, best of 9 (target:
  ratio ≤ 1.2);
- the 2025 net → gross inversion (`revenu_activite_brut` from `revenu_professionnel`), model vs
  a numpy fixed point of the 2025 formulas written by hand (target: ratio ≤ 1.3).
Each model result is checked against its numpy reference within 1 € per person.

Memory: on this machine (a virtual machine) the first write to memory fresh from the system costs
1 to 5 µs per 4 KiB page and swings tenfold from one run to the next, so a timing mostly measures
how much fresh memory a run got. With `--memoire-gardee` the process keeps the memory it frees
(glibc's mallopt: no trim, no mmap) and the runs reuse it, model and numpy alike: the steady state
of a process that computes one population after the other, as batch does chunk after chunk.
Run: `python benchmarks/bench_calcul.py [N] [--memoire-gardee]`.
"""

import ctypes
import logging
import sys
import time

import numpy

ARGUMENTS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGUMENTS[0]) if ARGUMENTS else 1_000_000
MEMOIRE_GARDEE = "--memoire-gardee" in sys.argv
MESURES_MIXTE = 9  # runs of each case of the mixed population (its ratio is the noisiest)
M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4  # glibc's malloc.h


def garder_la_memoire():
    """glibc keeps what the process frees (no trim of the heap, no mmap of large blocks)."""
    libc = ctypes.CDLL("libc.so.6")
    if not (libc.mallopt(M_MMAP_MAX, 0) and libc.mallopt(M_TRIM_THRESHOLD, 2**31 - 1)):
        raise SystemExit("mallopt refused the settings")
CATEGORIES = numpy.array(["artisan", "commercant", "liberal_non_reglemente", "liberal_cipav"])


def reference_numpy(revenu, categorie):
    """The 2024 rules written by hand (figures of the fact sheet, not read from the model)."""
    pss, prci = 46_368.0, 42_946.0
    r = numpy.maximum(revenu, 0)
    cipav = categorie == 3
    # maladie total SSI (D621-2), minimum base 40 % PSS, 6.5 % above 5 PSS; IJ 0.5 % between 40 % PSS and 5 PSS
    base = numpy.maximum(r, 0.4 * pss)
    sous = numpy.minimum(base, 5 * pss)
    total = numpy.interp(sous / pss, [0, 0.4, 0.6, 1.1], [0.005, 0.005, 0.045, 0.072]) * sous + 0.065 * numpy.maximum(base - 5 * pss, 0)
    ij = 0.005 * numpy.clip(r, 0.4 * pss, 5 * pss)
    maladie_1 = total - numpy.minimum(0.005 * sous, total)
    # PL réglementées (D621-3) and CNAVPL IJ
    maladie_pl = numpy.interp(r / pss, [0, 0.4, 0.6, 1.1], [0, 0, 0.04, 0.065]) * r
    ij_pl = 0.003 * numpy.clip(r, 0.4 * pss, 3 * pss)
    af = numpy.interp(r / pss, [0, 1.1, 1.4], [0, 0, 0.031]) * r
    base_rb = numpy.maximum(r, 450 * 11.65)
    rb = numpy.where(cipav, 0.0823 * numpy.minimum(base_rb, pss) + 0.0187 * numpy.minimum(base_rb, 5 * pss),
                     0.1715 * numpy.minimum(base_rb, pss) + 0.006 * base_rb)
    rc = numpy.where(cipav, 0.09 * numpy.minimum(r, pss) + 0.22 * numpy.clip(r - pss, 0, 2.5 * pss),
                     0.07 * numpy.minimum(r, prci) + 0.08 * numpy.clip(r - prci, 0, 4 * pss - prci))
    invalidite = numpy.where(cipav, 0.005 * numpy.clip(r, 0.37 * pss, 1.85 * pss), 0.013 * numpy.clip(r, 0.115 * pss, pss))
    cotisations = numpy.where(cipav, maladie_pl + ij_pl, maladie_1 + ij) + af + rb + rc + invalidite
    csg_crds = 0.097 * numpy.maximum(revenu + cotisations, 0)
    cfp = numpy.where(categorie == 0, 0.0029, 0.0025) * pss
    return cotisations + csg_crds + cfp


def deductibles_2025(brut, categorie):
    """The 2025 contributions deducted from the gross income (figures of the reform's fact sheet:
    D621-1/2 maladie schedule, D621-3 IJ, AF, D633-3 / D642-3 base pensions, D635-7 RCI,
    Cipav RC 11 % / 21 %, ID, CSG déductible 6.8 %, CFP), on the 26 % abattement's base."""
    pss = 47_100.0
    a = numpy.maximum(brut - numpy.clip(0.26 * brut, 0.0176 * pss, 1.3 * pss), 0)
    cipav = categorie == 3
    maladie = numpy.interp(numpy.minimum(a, 3 * pss) / pss, [0, 0.2, 0.4, 0.6, 1.1, 2, 3],
                           [0, 0, 0.015, 0.04, 0.065, 0.077, 0.085]) * numpy.minimum(a, 3 * pss) + 0.065 * numpy.maximum(a - 3 * pss, 0)
    ij = numpy.where(cipav, 0.003 * numpy.clip(a, 0.4 * pss, 3 * pss), 0.005 * numpy.clip(a, 0.4 * pss, 5 * pss))
    af = numpy.interp(a / pss, [0, 1.1, 1.4], [0, 0, 0.031]) * a
    base_rb = numpy.maximum(a, 450 * 11.88)
    rb = numpy.where(cipav, 0.0873 * numpy.minimum(base_rb, pss) + 0.0187 * numpy.minimum(base_rb, 5 * pss),
                     0.1715 * numpy.minimum(base_rb, pss) + 0.0072 * base_rb)
    rc = numpy.where(cipav, 0.11 * numpy.minimum(a, pss) + 0.21 * numpy.clip(a - pss, 0, 3 * pss),
                     0.081 * numpy.minimum(a, pss) + 0.091 * numpy.clip(a - pss, 0, 3 * pss))
    invalidite = numpy.where(cipav, 0.005 * numpy.clip(a, 0.37 * pss, 1.85 * pss), 0.013 * numpy.clip(a, 0.115 * pss, pss))
    cfp = numpy.where(categorie == 0, 0.0029, 0.0025) * pss
    return maladie + ij + af + rb + rc + invalidite + 0.068 * a + cfp


def brut_numpy(net, categorie, tolerance=0.001):
    """A plain numpy fixed point brut = net + deductibles(brut), every row until none moves."""
    brut = net.copy()
    while True:
        suivant = net + deductibles_2025(brut, categorie)
        ecart = numpy.abs(suivant - brut).max()
        brut = suivant
        if ecart <= tolerance:
            return brut


def alterner(fonctions, fois=7):
    """Best CPU time of each of `fonctions` (each returns (CPU time, result)) over `fois` rounds that
    run them one after the other: both sides see the same state of the machine."""
    temps = [[] for _ in fonctions]
    resultats = [None] * len(fonctions)
    for _ in range(fois):
        for rang, fonction in enumerate(fonctions):
            duree, resultats[rang] = fonction()
            temps[rang].append(duree)
    return [min(t) for t in temps], resultats


def chronometrer(fonction, fois=3):
    """Best CPU time of `fois` runs (CPU time: other processes on the machine barely move it)."""
    temps = []
    for _ in range(fois):
        debut = time.process_time()
        resultat = fonction()
        temps.append(time.process_time() - debut)
    return min(temps), temps[0], resultat


def main():
    if MEMOIRE_GARDEE:
        garder_la_memoire()
    logging.disable(logging.WARNING)
    rng = numpy.random.default_rng(2024)
    revenu = rng.lognormal(10.3, 0.9, N)
    categorie = rng.integers(0, 4, N)

    debut = time.perf_counter()
    from openfisca_independants import CountryTaxBenefitSystem

    tbs = CountryTaxBenefitSystem()
    chargement = time.perf_counter() - debut

    from openfisca_core.simulations import SimulationBuilder

    def calcul(annee, entrees, variable, n=N):
        simulation = SimulationBuilder().build_default_simulation(tbs, n)
        for nom, (periode, valeurs) in entrees.items():
            simulation.set_input(nom, periode, valeurs)
        debut = time.process_time()  # the simulation's construction is not timed
        resultat = simulation.calculate(variable, str(annee))
        return time.process_time() - debut, resultat

    def modele(annee, entrees, variable, n=N):
        temps = [calcul(annee, entrees, variable, n) for _ in range(3)]
        return min(t for t, _ in temps), temps[0][0], temps[0][1]

    def numpy_chronometre():
        debut = time.process_time()
        resultat = reference_numpy(revenu, categorie)
        return time.process_time() - debut, resultat

    classique = {"revenu_professionnel": ("2024", revenu), "categorie_independant": ("ETERNITY", categorie.astype(numpy.int16))}
    premier = calcul(2024, classique, "total_cotisations_contributions")[0]
    (calcul_classique, temps_numpy), (resultat, reference) = alterner(
        [lambda: calcul(2024, classique, "total_cotisations_contributions"), numpy_chronometre])

    # the same population with 5 % of the rows in the DROM (La Réunion etc.), a third of them in
    # their first two years: timed only (the numpy reference has no overseas rules)
    departement = numpy.where(rng.random(N) < 0.05, rng.choice(["971", "972", "973", "974"], N), "75").astype(object)
    creation = numpy.where(rng.random(N) < 0.33, numpy.datetime64("2023-06-01"), numpy.datetime64("2015-01-01"))
    outre_mer = dict(classique, departement=("ETERNITY", departement), date_debut_activite=("ETERNITY", creation))
    temps_om, _, _ = modele(2024, outre_mer, "total_cotisations_contributions")

    # 2025: the gross income from the net one (fixed point), model vs numpy
    net = {"revenu_professionnel": ("2025", revenu), "categorie_independant": ("ETERNITY", categorie.astype(numpy.int16))}
    temps_brut, _, brut = modele(2025, net, "revenu_activite_brut")
    temps_brut_numpy, _, brut_reference = chronometrer(lambda: brut_numpy(revenu, categorie))

    # a mixed population in one simulation: 30 % micro-entrepreneurs (sales and services), 5 % of
    # the rows overseas, 10 % with the ACRE, against the sum of its parts computed apart
    micro = rng.random(N) < 0.3
    chiffre = rng.lognormal(9.8, 1.0, N)
    vente = rng.random(N) < 0.5
    acre = rng.random(N) < 0.1
    creation_mixte = numpy.where(acre, numpy.datetime64("2024-03-01"), creation)

    def population(lignes):
        return {
            "revenu_professionnel": ("2024", numpy.where(micro, 0, revenu)[lignes]),
            "categorie_independant": ("ETERNITY", categorie.astype(numpy.int16)[lignes]),
            "micro_entrepreneur": ("2024", micro[lignes]),
            "chiffre_affaires_vente": ("2024", numpy.where(micro & vente, chiffre, 0)[lignes]),
            "chiffre_affaires_services_bic": ("2024", numpy.where(micro & ~vente, chiffre, 0)[lignes]),
            "departement": ("ETERNITY", departement[lignes]),
            "date_debut_activite": ("ETERNITY", creation_mixte[lignes]),
            "acre": ("ETERNITY", acre[lignes]),
        }

    def un_calcul(lignes):
        simulation = SimulationBuilder().build_default_simulation(tbs, len(lignes))
        for nom, (periode, valeurs) in population(lignes).items():
            simulation.set_input(nom, periode, valeurs)
        debut = time.process_time()
        resultat = simulation.calculate("total_cotisations_contributions", "2024")
        return time.process_time() - debut, resultat

    # the three cases alternated, best of MESURES_MIXTE: this machine's cost of touching fresh memory
    # drifts over seconds, and cases timed one after the other would compare that drift
    tous = numpy.arange(N)
    parts = {"mixte": tous, "classique": tous[~micro], "micro": tous[micro]}
    temps_parts, totaux = {nom: [] for nom in parts}, {}
    for _ in range(MESURES_MIXTE):
        for nom, lignes in parts.items():
            duree, totaux[nom] = un_calcul(lignes)
            temps_parts[nom].append(duree)
    temps_mixte, temps_classique, temps_micro = (min(temps_parts[nom]) for nom in ("mixte", "classique", "micro"))
    total_mixte, total_classique, total_micro = totaux["mixte"], totaux["classique"], totaux["micro"]
    ecart_mixte = max(numpy.abs(total_mixte[~micro] - total_classique).max(), numpy.abs(total_mixte[micro] - total_micro).max())

    ecart = numpy.abs(resultat - reference).max()
    ecart_brut = numpy.abs(brut - brut_reference).max()
    memoire = "memory kept by the process (--memoire-gardee)" if MEMOIRE_GARDEE else "system allocator as it is"
    print(f"persons: {N:,} (CPU times; {memoire})")
    print(f"tax-benefit system load: {chargement:.3f} s")
    print(f"model, total_cotisations_contributions 2024: {calcul_classique:.3f} s (best of 7, first run {premier:.3f} s)")
    print(f"numpy reference: {temps_numpy:.3f} s (best of 7, alternated with the model's runs)")
    print(f"ratio model / numpy (classic 2024, target ≤ 1.5): {calcul_classique / temps_numpy:.2f}")
    print(f"model with 5 % of rows overseas: {temps_om:.3f} s (ratio to the plain population: {temps_om / calcul_classique:.2f})")
    print(f"model, 2025 net → gross (revenu_activite_brut): {temps_brut:.3f} s")
    print(f"numpy fixed point: {temps_brut_numpy:.3f} s")
    print(f"ratio model / numpy (net → gross 2025, target ≤ 1.3): {temps_brut / temps_brut_numpy:.2f}")
    somme = temps_classique + temps_micro
    print(f"mixed population (30 % micro, 5 % overseas, 10 % ACRE) in one simulation (best of {MESURES_MIXTE}): {temps_mixte:.3f} s; "
          f"its parts apart: classic {temps_classique:.3f} s + micro {temps_micro:.3f} s = {somme:.3f} s")
    print(f"ratio mixed / sum of its parts (target ≤ 1.2): {temps_mixte / somme:.2f}")
    print(f"largest difference: {ecart:.4f} € (total 2024), {ecart_brut:.4f} € (gross 2025), "
          f"{ecart_mixte:.4f} € (mixed vs its parts)")
    assert ecart <= 1, "the model and the numpy reference disagree by more than 1 €"
    assert ecart_brut <= 1, "the model's gross income and the numpy fixed point disagree by more than 1 €"
    assert ecart_mixte <= 0.01, "a person's total depends on the others in the simulation"


if __name__ == "__main__":
    main()
