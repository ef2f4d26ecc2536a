"""Batch speed and memory: a Parquet file of N persons (default 10 000 000) through `batch`.

Writes the input file (mixed classic categories and micro-entrepreneurs), then runs
`openfisca-independants batch` on it in a child process and reports the wall time and the
child's peak resident memory. Targets: 10 M rows in ≤ 60 s, peak RSS ≤ 2 GiB.
Run: `python benchmarks/bench_batch.py [N] [--engine dask]`.
"""

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy
import pandas


def population(n: int, graine: int = 7) -> pandas.DataFrame:
    rng = numpy.random.default_rng(graine)
    micro = rng.random(n) < 0.5
    chiffre = numpy.where(micro, rng.lognormal(9.8, 1.0, n), 0.0)
    return pandas.DataFrame(
        {
            "categorie_independant": pandas.Categorical.from_codes(
                rng.integers(0, 4, n), ["artisan", "commercant", "liberal_non_reglemente", "liberal_cipav"]
            ),
            "micro_entrepreneur": micro,
            "revenu_professionnel": numpy.where(micro, numpy.nan, rng.lognormal(10.3, 0.9, n)),
            "chiffre_affaires_services_bic": chiffre,
        }
    )


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("n", type=int, nargs="?", default=10_000_000)
    arguments.add_argument("--engine", default="local")
    args = arguments.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        entree, sortie = Path(dossier) / "population.parquet", Path(dossier) / "resultats.parquet"
        population(args.n).to_parquet(entree, row_group_size=500_000)
        commande = [sys.executable, "-m", "openfisca_independants.cli", "batch", str(entree), str(sortie), "--annee", "2024", "--quiet", "--engine", args.engine]
        debut = time.perf_counter()
        subprocess.run(commande, check=True)
        duree = time.perf_counter() - debut
        pic = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2  # KiB → GiB
        lignes = pandas.read_parquet(sortie, columns=["total_cotisations_contributions"])
        print(f"rows: {args.n:,} ({args.engine} engine)")
        print(f"batch wall time: {duree:.1f} s ({args.n / duree:,.0f} rows/s)")
        print(f"peak RSS of the batch process: {pic:.2f} GiB")
        print(f"total contributions: {lignes['total_cotisations_contributions'].sum():,.0f} €")


if __name__ == "__main__":
    main()
