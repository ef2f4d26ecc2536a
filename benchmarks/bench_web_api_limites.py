"""Cost of the request limits of the web API (issue 18): the same `/calculate` of N persons
(bench_web_api's situation) on an app with the limits (persons, body size, request timeout
checked before every variable computed: `create_app`'s defaults) and on an app without them
(`delai_requete=None`, `taille_max_corps=None`), alternately in one process. Prints the best
CPU time of each and their ratio (≈ 1.00: the limits cost nothing measurable).
Run: `python benchmarks/bench_web_api_limites.py [N] [--repetitions R]`.
"""

import argparse
import json
import logging

from bench_web_api import chronometrer, situation

from openfisca_independants import CountryTaxBenefitSystem
from openfisca_independants.web_api import create_app


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("taille", type=int, nargs="?", default=20_000)
    arguments.add_argument("--repetitions", type=int, default=3)
    args = arguments.parse_args()
    logging.getLogger("openfisca_core").setLevel(logging.ERROR)
    tbs = CountryTaxBenefitSystem()
    clients = {
        "with limits": create_app(tbs, simulateur=False).test_client(),
        "without limits": create_app(tbs, simulateur=False, delai_requete=None, taille_max_corps=None,
                                     max_personnes=10**9).test_client(),
    }
    corps = json.dumps(situation(args.taille)).encode()
    meilleurs = {nom: float("inf") for nom in clients}
    for client in clients.values():
        chronometrer(client, json.dumps(situation(100)).encode(), 1)  # warm-up
    for _ in range(args.repetitions):  # alternately, so that the machine's load weighs on both
        for nom, client in clients.items():
            meilleurs[nom] = min(meilleurs[nom], chronometrer(client, corps, 1)[1])
    for nom, cpu in meilleurs.items():
        print(f"{args.taille:,} persons, {nom:>14}: {cpu:6.2f} s CPU")
    print(f"ratio with / without limits = {meilleurs['with limits'] / meilleurs['without limits']:.3f} (CPU)")


if __name__ == "__main__":
    main()
