"""Speed of the model against a plain numpy implementation of the same 2024 formulas.

Builds 1 000 000 persons (the four classic categories, lognormal incomes), computes
`total_cotisations_contributions` for 2024 with the model and, in the same process, with the
hand-written numpy reference below; checks they agree within 1 € per person and prints the
timings and their ratio. Run: `python benchmarks/bench_calcul.py [N]`.
"""

import logging
import sys
import time

import numpy

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
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


def main():
    logging.disable(logging.WARNING)
    rng = numpy.random.default_rng(2024)
    revenu = rng.lognormal(10.3, 0.9, N)
    categorie = rng.integers(0, 4, N)

    debut = time.perf_counter()
    from openfisca_independants import CountryTaxBenefitSystem

    tbs = CountryTaxBenefitSystem()
    chargement = time.perf_counter() - debut

    from openfisca_core.simulations import SimulationBuilder

    temps_modele = []
    for _ in range(3):  # a fresh simulation each time (results are cached inside one)
        simulation = SimulationBuilder().build_default_simulation(tbs, N)
        simulation.set_input("revenu_professionnel", "2024", revenu)
        simulation.set_input("categorie_independant", "ETERNITY", categorie.astype(numpy.int16))
        debut = time.perf_counter()
        modele = simulation.calculate("total_cotisations_contributions", "2024")
        temps_modele.append(time.perf_counter() - debut)
    calcul = min(temps_modele)

    meilleurs = []
    for _ in range(3):
        debut = time.perf_counter()
        reference = reference_numpy(revenu, categorie)
        meilleurs.append(time.perf_counter() - debut)
    temps_numpy = min(meilleurs)

    # the same population with 5 % of the rows in the DROM (La Réunion etc.), a third of them in
    # their first two years: timed only (the numpy reference has no overseas rules)
    departement = numpy.where(rng.random(N) < 0.05, rng.choice(["971", "972", "973", "974"], N), "75").astype(object)
    creation = numpy.where(rng.random(N) < 0.33, numpy.datetime64("2023-06-01"), numpy.datetime64("2015-01-01"))
    temps_om = []
    for _ in range(3):
        simulation = SimulationBuilder().build_default_simulation(tbs, N)
        simulation.set_input("revenu_professionnel", "2024", revenu)
        simulation.set_input("categorie_independant", "ETERNITY", categorie.astype(numpy.int16))
        simulation.set_input("departement", "ETERNITY", departement)
        simulation.set_input("date_debut_activite", "ETERNITY", creation)
        debut = time.perf_counter()
        simulation.calculate("total_cotisations_contributions", "2024")
        temps_om.append(time.perf_counter() - debut)

    ecart = numpy.abs(modele - reference).max()
    print(f"persons: {N:,}")
    print(f"tax-benefit system load: {chargement:.3f} s")
    print(f"model compute, total_cotisations_contributions 2024 (best of 3, first {temps_modele[0]:.3f} s): {calcul:.3f} s")
    print(f"numpy reference (best of 3): {temps_numpy:.3f} s")
    print(f"ratio model / numpy: {calcul / temps_numpy:.2f}")
    print(f"model compute with 5 % of rows overseas (best of 3): {min(temps_om):.3f} s")
    print(f"largest difference: {ecart:.4f} €")
    assert ecart <= 1, "the model and the numpy reference disagree by more than 1 €"


if __name__ == "__main__":
    main()
