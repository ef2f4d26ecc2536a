"""Web API speed: one `/calculate` of N persons, for N = 5 000, 10 000, 20 000, 40 000.

Each person is its own foyer fiscal and asks for `total_cotisations_contributions` of 2024
(mixed classic categories and micro-entrepreneurs, bench_batch's population). The request is
sent through Flask's test client (the body serialised beforehand: what is timed is the
server's work, from the JSON body to the JSON answer). Prints the time of each size, the time
per person, and the ratio time(40k) / time(10k) (wall and CPU time of the process): ≈ 4 when the cost is linear in the size
(it was quadratic: 20 000 persons took ~26 s). Target: 20 000 persons ≤ 2 s.
Run: `python benchmarks/bench_web_api.py [N ...] [--repetitions R]`.
"""

import argparse
import json
import logging
import time

from bench_batch import population

from openfisca_independants import CountryTaxBenefitSystem
from openfisca_independants.web_api import create_app


def situation(n: int) -> dict:
    """n persons, each in its own foyer fiscal, asking for their 2024 total."""
    lignes = population(n)
    individus, foyers = {}, {}
    for i, (categorie, micro, revenu, chiffre) in enumerate(lignes.itertuples(index=False)):
        personne = {"categorie_independant": {"ETERNITY": str(categorie)}, "total_cotisations_contributions": {"2024": None}}
        if micro:
            personne |= {"micro_entrepreneur": {"2024": True}, "chiffre_affaires_services_bic": {"2024": round(float(chiffre), 2)}}
        else:
            personne["revenu_professionnel"] = {"2024": round(float(revenu), 2)}
        individus[f"p{i}"] = personne
        foyers[f"f{i}"] = {"declarants": [f"p{i}"]}
    return {"individus": individus, "foyers_fiscaux": foyers}


def chronometrer(client, corps: bytes, repetitions: int) -> tuple[float, float]:
    """The best wall time and the best CPU time of this process over `repetitions` requests
    (the CPU time is less disturbed by other jobs on a shared machine)."""
    mur = cpu = float("inf")
    for _ in range(repetitions):
        debut, debut_cpu = time.perf_counter(), time.process_time()
        reponse = client.post("/calculate", data=corps, content_type="application/json")
        reponse.get_data()
        mur, cpu = min(mur, time.perf_counter() - debut), min(cpu, time.process_time() - debut_cpu)
        assert reponse.status_code == 200, reponse.get_data(as_text=True)[:500]
    return mur, cpu


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("tailles", type=int, nargs="*", default=[5_000, 10_000, 20_000, 40_000])
    arguments.add_argument("--repetitions", type=int, default=2)
    args = arguments.parse_args()
    logging.getLogger("openfisca_core").setLevel(logging.ERROR)
    client = create_app(CountryTaxBenefitSystem()).test_client()
    chronometrer(client, json.dumps(situation(100)).encode(), 1)  # warm-up (first-call caches)
    temps = {}
    for n in args.tailles:
        temps[n] = mur, cpu = chronometrer(client, json.dumps(situation(n)).encode(), args.repetitions)
        print(f"{n:>7,} persons: {mur:6.2f} s wall, {cpu:6.2f} s CPU  ({mur / n * 1e6:5.1f} µs wall, {cpu / n * 1e6:5.1f} µs CPU per person)")
    if 10_000 in temps and 40_000 in temps:
        print(f"time(40k) / time(10k) = {temps[40_000][0] / temps[10_000][0]:.2f} wall, "
              f"{temps[40_000][1] / temps[10_000][1]:.2f} CPU  (linear ≈ 4, quadratic ≈ 16)")
    if 20_000 in temps:
        print(f"20 000 persons: {temps[20_000][0]:.2f} s wall, {temps[20_000][1]:.2f} s CPU (target ≤ 2 s)")


if __name__ == "__main__":
    main()
