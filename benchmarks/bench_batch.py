"""Batch speed and memory: N persons (default 10 000 000) through `batch`, against the pyarrow I/O floor.

Writes the input files (mixed classic categories and micro-entrepreneurs, Parquet and CSV), then for
each format:
- the floor: reading the input and writing an output of the same shape (the input's columns and one
  float column) with pyarrow alone, in this process;
- `openfisca-independants batch` on it in a child process: wall time and the child's peak resident
  memory; ratio model / floor (target ≤ 3) and peak RSS (target ≤ 2 GiB at 10 M rows);
- the split of the local engine's time (same steps run one after the other in this process, without
  the read-ahead and write-behind threads): read, validation, compute, results and write.
With `--dask`, the Dask engine on a LocalCluster of 1 and 2 worker processes on the Parquet file:
ratio dask / local (target ≤ 0.7 with 2 workers).
Run: `python benchmarks/bench_batch.py [N] [--formats parquet csv] [--dask]`.
"""

import argparse
import os
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


def plancher(entree: Path, sortie: Path) -> float:
    """pyarrow alone: the input read in chunks as batch reads it, an output of the same shape written."""
    debut = time.perf_counter()
    if entree.suffix == ".parquet":
        ecrivain = None
        for lot in pyarrow.parquet.ParquetFile(entree).iter_batches(batch_size=200_000):
            lot = lot.append_column("resultat", pyarrow.array(numpy.zeros(lot.num_rows)))
            ecrivain = ecrivain or pyarrow.parquet.ParquetWriter(sortie, lot.schema)
            ecrivain.write_batch(lot)
        ecrivain.close()
    else:
        noms = entree.open().readline().strip().split(",")
        lecteur = pyarrow.csv.open_csv(entree, convert_options=pyarrow.csv.ConvertOptions(
            column_types={nom: pyarrow.string() for nom in noms}, strings_can_be_null=True, null_values=[""]))
        schema = lecteur.schema.append(pyarrow.field("resultat", pyarrow.float64()))
        with pyarrow.csv.CSVWriter(sortie, schema, write_options=pyarrow.csv.WriteOptions(quoting_style="none")) as ecrivain:
            for lot in lecteur:
                ecrivain.write_batch(lot.append_column("resultat", pyarrow.array(numpy.zeros(lot.num_rows))))
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
    args = arguments.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        dossier = Path(dossier)
        entrees = ecrire_entrees(args.n, dossier)
        print(f"rows: {args.n:,}; variables: {', '.join(VARIABLES)}")
        locaux = {}
        for format_fichier in args.formats:
            entree, sortie = entrees[format_fichier], dossier / f"resultats.{format_fichier}"
            sol = plancher(entree, dossier / f"plancher.{format_fichier}")
            duree, pic, cpu = lancer(entree, sortie)
            locaux[format_fichier] = duree, cpu
            print(f"\n{format_fichier}: pyarrow floor (read + write the same shape) {sol:.1f} s")
            print(f"  batch (local engine) {duree:.1f} s ({args.n / duree:,.0f} rows/s, CPU {cpu:.1f} s), peak RSS {pic:.2f} GiB")
            print(f"  ratio model / floor: {duree / sol:.2f} (target ≤ 3); peak RSS target ≤ 2 GiB at 10 M rows")
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
            entree = entrees["parquet"]
            local, cpu_local = locaux.get("parquet") or lancer(entree, dossier / "resultats.parquet")[::2]
            print(f"\ndask on the Parquet file (local engine: {local:.1f} s, CPU {cpu_local:.1f} s; "
                  f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
            for workers in (1, 2):
                duree, _, cpu = lancer(entree, dossier / f"dask{workers}.parquet", "--engine", "dask", "--workers", str(workers))
                print(f"  LocalCluster of {workers} worker process(es): {duree:.1f} s, CPU {cpu:.1f} s (client and workers); "
                      f"ratio dask / local: {duree / local:.2f}" + (" (target ≤ 0.7)" if workers == 2 else "")
                      + f", CPU ratio {cpu / cpu_local:.2f}")
            identiques = pyarrow.parquet.read_table(dossier / "dask2.parquet").equals(pyarrow.parquet.read_table(dossier / "resultats.parquet"))
            print(f"dask output identical to the local engine's: {identiques}")


if __name__ == "__main__":
    main()
