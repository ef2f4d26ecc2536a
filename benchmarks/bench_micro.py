"""Speed and memory of the micro-entrepreneurs against a plain numpy computation of 2024.

Builds N persons (default 1 000 000), all micro-entrepreneurs in 2024: the four categories of the
micro-social regime, each with the activities of its category (artisans: sales or BIC services;
commerçants: sales, BIC services or furnished tourist lets; professions libérales, SSI or Cipav:
BNC), a fifth of them with a second activity, lognormal yearly turnovers. Computes
`total_cotisations_contributions` for 2024 with the model (best of 3, a fresh simulation each
time) and with the hand-written numpy reference below (same input checks, the category's rates,
the 1 July 2024 BNC change, the CFP); checks they agree within 1 € per person and prints the
timings, their ratio and the peak memory allocated during the model's calculation per person
(tracemalloc, which numpy reports to). Targets: ratio ≤ 6, ≤ 300 bytes per person.
Run: `python benchmarks/bench_micro.py [N]`.
"""

import logging
import sys
import time
import tracemalloc

import numpy

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ACTIVITES = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")


def population(n, graine=2024):
    """Category codes (artisan, commercant, liberal_non_reglemente, liberal_cipav) and the yearly
    turnover of each activity."""
    rng = numpy.random.default_rng(graine)
    categorie = rng.integers(0, 4, n)
    liberal = categorie >= 2
    premiere = numpy.where(liberal, 2, numpy.where(categorie == 0, rng.integers(0, 2, n), rng.choice([0, 1, 3], n, p=[0.5, 0.4, 0.1])))
    seconde = numpy.where(rng.random(n) < 0.2, numpy.where(liberal, 1, 1 - numpy.minimum(premiere, 1)), -1)  # BNC + BIC services, or sales + services
    chiffres = {}
    for rang, activite in enumerate(ACTIVITES):
        chiffres[activite] = (numpy.where(premiere == rang, rng.lognormal(10.0, 0.8, n), 0.0)
                              + numpy.where(seconde == rang, rng.lognormal(8.5, 0.8, n), 0.0))
    return categorie, chiffres


def reference_numpy(categorie, chiffres):
    """2024 by hand (URSSAF figures, not read from the model): sales 12.3 %, BIC services 21.2 %,
    BNC 21.1 % then 23.1 % from 1 July (Cipav 21.2 % then 23.2 %), furnished tourist lets 6 %;
    CFP 0.3 % of the BIC turnover for artisans, else 0.1 %, 0.2 % of the BNC."""
    for nom, valeurs in chiffres.items():
        if not (valeurs >= 0).all() or not numpy.isfinite(valeurs).all():
            raise ValueError(nom)
    cipav = categorie == 3
    bic = chiffres["vente"] + chiffres["services_bic"] + chiffres["meubles_tourisme_classes"]
    cotisations = (0.123 * chiffres["vente"] + 0.212 * chiffres["services_bic"] + 0.06 * chiffres["meubles_tourisme_classes"]
                   + chiffres["services_bnc"] * numpy.where(cipav, (0.212 + 0.232) / 2, (0.211 + 0.231) / 2))
    cfp = numpy.where(categorie == 0, 0.003, 0.001) * bic + 0.002 * chiffres["services_bnc"]
    return cotisations + cfp


def main():
    logging.disable(logging.WARNING)
    categorie, chiffres = population(N)

    from openfisca_core.simulations import SimulationBuilder

    from openfisca_independants import CountryTaxBenefitSystem

    tbs = CountryTaxBenefitSystem()

    def simulation():
        s = SimulationBuilder().build_default_simulation(tbs, N)
        s.set_input("micro_entrepreneur", "2024", numpy.ones(N, dtype=bool))
        s.set_input("categorie_independant", "ETERNITY", categorie.astype(numpy.int16))
        for activite, valeurs in chiffres.items():
            s.set_input(f"chiffre_affaires_{activite}", "2024", valeurs)
        return s

    simulation().calculate("total_cotisations_contributions", "2024")  # warm-up (imports, parameter caches)
    temps_modele, temps_numpy = [], []
    for _ in range(3):  # a fresh simulation each time (results are cached inside one); the model and
        s = simulation()  # numpy alternate, so that both meet the same load of the machine
        debut = time.perf_counter()
        modele = s.calculate("total_cotisations_contributions", "2024")
        temps_modele.append(time.perf_counter() - debut)
        for _ in range(2):
            debut = time.perf_counter()
            reference = reference_numpy(categorie, chiffres)
            temps_numpy.append(time.perf_counter() - debut)

    s = simulation()
    tracemalloc.start()
    depart = tracemalloc.get_traced_memory()[0]
    s.calculate("total_cotisations_contributions", "2024")
    pic = tracemalloc.get_traced_memory()[1] - depart
    tracemalloc.stop()

    # the same population with a tenth of the rows computed month by month (ACRE and a start in
    # 2024, or overseas): timed only (the numpy reference has neither rule)
    rng = numpy.random.default_rng(7)
    mensuel = rng.random(N) < 0.1
    creation = numpy.where(mensuel & (rng.random(N) < 0.6), numpy.datetime64("2024-01-01") + rng.integers(0, 365, N).astype("timedelta64[D]"),
                           numpy.datetime64("2015-01-01"))
    departement = numpy.where(mensuel & (creation == numpy.datetime64("2015-01-01")), "974", "75").astype(object)
    temps_mixte = []
    for _ in range(3):
        s = simulation()
        s.set_input("date_debut_activite", "ETERNITY", creation)
        s.set_input("acre", "ETERNITY", creation > numpy.datetime64("2015-01-01"))
        s.set_input("departement", "ETERNITY", departement)
        debut = time.perf_counter()
        s.calculate("total_cotisations_contributions", "2024")
        temps_mixte.append(time.perf_counter() - debut)

    ecart = numpy.abs(modele - reference).max()
    print(f"persons: {N:,} micro-entrepreneurs, 2024")
    print(f"model, total_cotisations_contributions (best of 3): {min(temps_modele):.3f} s")
    print(f"numpy reference (best of 6): {min(temps_numpy):.4f} s")
    print(f"ratio model / numpy: {min(temps_modele) / min(temps_numpy):.1f}")
    print(f"peak memory allocated during the calculation: {pic / N:.0f} bytes per person")
    print(f"model with 10 % of the rows month by month (ACRE, overseas; best of 3): {min(temps_mixte):.3f} s "
          f"({min(temps_mixte) / min(temps_numpy):.1f} × numpy)")
    print(f"largest difference: {ecart:.4f} €")
    assert ecart <= 1, "the model and the numpy reference disagree by more than 1 €"


if __name__ == "__main__":
    main()
