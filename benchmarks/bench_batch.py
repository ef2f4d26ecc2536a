"""Batch speed and memory: N persons (default 10 000 000) through `batch`, against the pyarrow I/O floor.

Writes the input files (mixed classic categories and micro-entrepreneurs, Parquet and CSV), then for
each format:
- the floor: reading the input and writing an output of the same shape (the input's columns and one
  column of amounts to the cent; Parquet with the batch's own writer options) with pyarrow alone, in
  this process;
- `openfisca-independants batch` on it in a child process: wall time and the child's peak resident
  memory; the floor and batch alternated `--repetitions` times; ratio model / floor of the best and of
  the median times (target ≤ 3) and peak RSS (target ≤ 2 GiB at 10 M rows);
- the split of the local engine's time (same steps run one after the other in this process, without
  the read-ahead and write-behind threads): read, validation, compute, results and write.
With `--dask`, on the Parquet file, each case run `--repetitions` times (default 3), the cases alternated
(other jobs on the machine move wall times): the local engine and the Dask engine on a LocalCluster of
1 and 2 worker processes, each writing
- one Parquet file (the Dask client appends the workers' parts to it, encoding Parquet once), and
- a Parquet dataset (a folder: one part file per task, written by the worker that computed it; the
  local engine writes one part);
wall and CPU times (client and workers) of every run, then the ratios of the medians: dask / local
engine writing one file (the issue's target ≤ 0.7 with 2 workers), and dask / local engine writing the
same kind of output. Every output is checked identical to the local engine's file.
Run: `python benchmarks/bench_batch.py [N] [--formats parquet csv] [--dask] [--repetitions R]`.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy
import pandas
import pyarrow
import pyarrow.csv
import pyarrow.parquet

VARIABLES = ["total_cotisations_contributions"]


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


def ecrire_entrees(n: int, dossier: Path) -> dict:
    parquet, fichier_csv = dossier / "population.parquet", dossier / "population.csv"
    table = pyarrow.Table.from_pandas(population(n), preserve_index=False)
    pyarrow.parquet.write_table(table, parquet, row_group_size=500_000)
    pyarrow.csv.write_csv(table, fichier_csv, pyarrow.csv.WriteOptions(quoting_style="none"))
    return {"parquet": parquet, "csv": fichier_csv}


def plancher(entree: Path, sortie: Path, montants: numpy.ndarray) -> float:
    """pyarrow alone: the input read in chunks as batch reads it, an output of the same shape written
    (the input's columns and `montants`, amounts to the cent drawn beforehand, as the result column),
    a Parquet output with the batch's own writer options."""
    from openfisca_independants.batch import options_parquet

    debut = time.perf_counter()
    premiere = 0
    if entree.suffix == ".parquet":
        ecrivain = None
        for lot in pyarrow.parquet.ParquetFile(entree).iter_batches(batch_size=200_000):
            lot = lot.append_column("resultat", pyarrow.array(montants[premiere:premiere + lot.num_rows]))
            premiere += lot.num_rows
            ecrivain = ecrivain or pyarrow.parquet.ParquetWriter(sortie, lot.schema, **options_parquet(lot.schema))
            ecrivain.write_batch(lot)
        ecrivain.close()
    else:
        noms = entree.open().readline().strip().split(",")
        lecteur = pyarrow.csv.open_csv(entree, convert_options=pyarrow.csv.ConvertOptions(
            column_types={nom: pyarrow.string() for nom in noms}, strings_can_be_null=True, null_values=[""]))
        schema = lecteur.schema.append(pyarrow.field("resultat", pyarrow.float64()))
        with pyarrow.csv.CSVWriter(sortie, schema, write_options=pyarrow.csv.WriteOptions(quoting_style="none")) as ecrivain:
            for lot in lecteur:
                ecrivain.write_batch(lot.append_column("resultat", pyarrow.array(montants[premiere:premiere + lot.num_rows])))
                premiere += lot.num_rows
    return time.perf_counter() - debut


def lancer(entree: Path, sortie: Path, *options) -> tuple[float, float, float]:
    """Wall time, peak RSS (GiB) and CPU time (its own and its waited children's: the Dask workers)
    of `openfisca-independants batch` in a child process."""
    commande = [sys.executable, "-m", "openfisca_independants.cli", "batch", str(entree), str(sortie), "--annee", "2024",
                "--quiet", "--variables", *VARIABLES, *options]
    debut = time.perf_counter()
    processus = subprocess.Popen(commande)
    _, statut, usage = os.wait4(processus.pid, 0)
    duree = time.perf_counter() - debut
    processus.returncode = os.waitstatus_to_exitcode(statut)
    if processus.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({processus.returncode})")
    return duree, usage.ru_maxrss / 1024**2, usage.ru_utime + usage.ru_stime


def repartition(entree: Path, sortie: Path) -> dict:
    """The local engine's steps one after the other, timed: read, validation, compute, results and write."""
    from openfisca_independants import batch, microsimulation

    temps = dict.fromkeys(["chargement du système", "lecture", "validation", "calcul", "résultats et écriture"], 0.0)
    debut = time.perf_counter()
    tbs = microsimulation.systeme()
    temps["chargement du système"] = time.perf_counter() - debut
    valider = microsimulation.valider

    def valider_chronometre(*args, **kwargs):
        debut = time.perf_counter()
        try:
            return valider(*args, **kwargs)
        finally:
            temps["validation"] += time.perf_counter() - debut

    microsimulation.valider = valider_chronometre
    try:
        format_entree = "parquet" if entree.suffix == ".parquet" else "csv"
        dialecte = batch.detecter_dialecte(entree) if format_entree == "csv" else batch.Dialecte()
        colonnes = microsimulation.colonnes_resultats(VARIABLES, 2024, tbs)
        schema = batch.schema_sortie(entree, dialecte, colonnes, tbs) if sortie.suffix == ".parquet" else None
        with batch.EcritureAtomique(sortie, dialecte, schema) as ecriture:
            lots, premiere = batch.lire_lots_arrow(entree, batch.TAILLE_LOT, dialecte), 1
            while True:
                debut = time.perf_counter()
                lot = next(lots, None)
                if lot is not None:  # a UTF-8 CSV is read as bytes, decoded chunk by chunk
                    lot = batch.textes_utf8(lot, premiere, format_entree)[0]
                temps["lecture"] += time.perf_counter() - debut
                if lot is None:
                    break
                debut = time.perf_counter()
                resultat = microsimulation.calculer(batch._vers_pandas(lot, format_entree), 2024, VARIABLES, tbs=tbs,
                                                    premiere_ligne=premiere, decimale=dialecte.decimale)
                temps["calcul"] += time.perf_counter() - debut
                debut = time.perf_counter()
                resultats = batch.resultats_arrow(resultat.resultats, colonnes, tbs)
                ecriture.ecrire(pyarrow.Table.from_arrays([*lot.columns, *resultats.values()], names=[*lot.column_names, *resultats]))
                temps["résultats et écriture"] += time.perf_counter() - debut
                premiere += lot.num_rows
    finally:
        microsimulation.valider = valider
    temps["calcul"] -= temps["validation"]  # calculer = validation + the model's computation
    return temps


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("n", type=int, nargs="?", default=10_000_000)
    arguments.add_argument("--formats", nargs="+", default=["parquet", "csv"], choices=["parquet", "csv"])
    arguments.add_argument("--dask", action="store_true", help="also the Dask engine (1 and 2 workers) on the Parquet file")
    arguments.add_argument("--sans-repartition", action="store_true", help="skip the split of the local engine's time")
    arguments.add_argument("--repetitions", type=int, default=3,
                           help="runs of the floor and of batch for each format, and of each Dask case, alternated (default 3)")
    args = arguments.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        dossier = Path(dossier)
        entrees = ecrire_entrees(args.n, dossier)
        print(f"rows: {args.n:,}; variables: {', '.join(VARIABLES)}")
        montants = numpy.random.default_rng(1).lognormal(8.5, 1.0, args.n).round(2)
        for format_fichier in args.formats:
            entree, sortie = entrees[format_fichier], dossier / f"resultats.{format_fichier}"
            sols, lancers = [], []
            for _ in range(args.repetitions):  # floor and batch alternated: both see the same state of the machine
                sols.append(plancher(entree, dossier / f"plancher.{format_fichier}", montants))
                lancers.append(lancer(entree, sortie))
            durees = [duree for duree, _, _ in lancers]
            pic, cpu = max(p for _, p, _ in lancers), statistics.median(c for _, _, c in lancers)
            print(f"\n{format_fichier}: pyarrow floor (read + write the same shape) {' '.join(f'{t:.1f}' for t in sols)} s")
            print(f"  batch (local engine) {' '.join(f'{t:.1f}' for t in durees)} s "
                  f"({args.n / min(durees):,.0f} rows/s at best, median CPU {cpu:.1f} s), peak RSS {pic:.2f} GiB")
            print(f"  ratio model / floor: {min(durees) / min(sols):.2f} best, {statistics.median(durees) / statistics.median(sols):.2f} "
                  f"median (target ≤ 3); peak RSS target ≤ 2 GiB at 10 M rows")
            sol = min(sols)
            if not args.sans_repartition:
                temps = repartition(entree, dossier / f"repartition.{format_fichier}")
                total = sum(temps.values())
                print(f"  split, steps one after the other ({total:.1f} s):")
                for etape, secondes in temps.items():
                    print(f"    {etape:<24} {secondes:6.1f} s  {secondes / total:5.1%}")
                hors_calcul = total - temps["calcul"]
                print(f"  ratio without the model's compute / floor: {hors_calcul / sol:.2f}")
            total = pyarrow.parquet.read_table(sortie, columns=[VARIABLES[0]])[0] if format_fichier == "parquet" else None
            if total is not None:
                print(f"  total contributions: {pyarrow.compute.sum(total).as_py():,.0f} €")
        if args.dask:
            dask(entrees["parquet"], dossier, args.repetitions)


def dask(entree: Path, dossier: Path, repetitions: int):
    """The local and Dask engines, one file and dataset outputs, alternated `repetitions` times."""
    cas = {  # name: (output, options)
        "local, one file": (dossier / "local.parquet", []),
        "local, dataset": (f"{dossier / 'local_dataset'}/", []),
        "dask 1 worker, one file": (dossier / "dask1.parquet", ["--engine", "dask", "--workers", "1"]),
        "dask 1 worker, dataset": (f"{dossier / 'dask1_dataset'}/", ["--engine", "dask", "--workers", "1"]),
        "dask 2 workers, one file": (dossier / "dask2.parquet", ["--engine", "dask", "--workers", "2"]),
        "dask 2 workers, dataset": (f"{dossier / 'dask2_dataset'}/", ["--engine", "dask", "--workers", "2"]),
    }
    print(f"\ndask on the Parquet file: {len(cas)} cases alternated, {repetitions} runs each "
          f"(load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    mesures = {nom: [] for nom in cas}
    for _ in range(repetitions):
        for nom, (sortie, options) in cas.items():
            charge = os.getloadavg()[0]
            duree, _, cpu = lancer(entree, sortie, *options)
            mesures[nom].append((duree, cpu, charge))
    for nom, runs in mesures.items():
        print(f"  {nom:<26} wall {' '.join(f'{d:5.1f}' for d, _, _ in runs)} s; CPU {' '.join(f'{c:5.1f}' for _, c, _ in runs)} s; "
              f"load before each run {' '.join(f'{l:.1f}' for _, _, l in runs)}")
    mediane = {nom: (statistics.median(d for d, _, _ in runs), statistics.median(c for _, c, _ in runs)) for nom, runs in mesures.items()}
    print("  ratios of the medians (wall; CPU):")
    for workers in (1, 2):
        for sortie in ("one file", "dataset"):
            nom = f"dask {workers} worker{'s' if workers > 1 else ''}, {sortie}"
            for reference in ("local, one file", f"local, {sortie}") if sortie == "dataset" else ("local, one file",):
                print(f"    {nom:<26} / {reference:<16} {mediane[nom][0] / mediane[reference][0]:5.2f}; "
                      f"{mediane[nom][1] / mediane[reference][1]:5.2f}"
                      + ("  (target ≤ 0.7 with 2 workers)" if reference == "local, one file" and workers == 2 else ""))
    reference = pyarrow.parquet.read_table(dossier / "local.parquet")
    identiques = all(pyarrow.parquet.read_table(sortie).equals(reference) for sortie, _ in cas.values())
    print(f"  every output identical to the local engine's file: {identiques}")


if __name__ == "__main__":
    main()
