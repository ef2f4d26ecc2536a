"""Batch runs: a CSV or Parquet file of persons in, the same rows with their results out.

The file is read and computed in chunks (memory stays bounded), with a progress bar on
stderr. Invalid rows are reported by row number (1 = first data row) and column, and the
valid ones still computed. The output is written to a temporary file next to the target and
renamed at the end, so that a crash or Ctrl-C never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import pandas
import pyarrow
import pyarrow.csv
import pyarrow.parquet
from tqdm import tqdm

from openfisca_independants.microsimulation import calculer, systeme

TAILLE_LOT = 200_000
TYPES_TEXTE = {"departement": pyarrow.string(), "categorie_independant": pyarrow.string()}


def _format(chemin: Path) -> str:
    suffixe = chemin.suffix.lower()
    if suffixe in (".parquet", ".pq"):
        return "parquet"
    if suffixe in (".csv", ".txt"):
        return "csv"
    raise ValueError(f"{chemin}: unsupported file type '{suffixe}' (expected .csv or .parquet)")


def nombre_lignes(chemin: Path) -> int | None:
    if _format(chemin) == "parquet":
        return pyarrow.parquet.ParquetFile(chemin).metadata.num_rows
    with open(chemin, "rb") as fichier:
        lignes = sum(bloc.count(b"\n") for bloc in iter(lambda: fichier.read(1 << 24), b""))
    return max(lignes - 1, 0)


def lire_par_lots(chemin: Path, taille: int = TAILLE_LOT):
    """DataFrames of at most `taille` rows; codes stay strings ('01', '2A'), other columns as read."""
    if _format(chemin) == "parquet":
        fichier = pyarrow.parquet.ParquetFile(chemin)
        for lot in fichier.iter_batches(batch_size=taille):
            yield lot.to_pandas()
        return
    options = pyarrow.csv.ConvertOptions(column_types=TYPES_TEXTE, strings_can_be_null=True)
    lecteur = pyarrow.csv.open_csv(chemin, read_options=pyarrow.csv.ReadOptions(block_size=1 << 24), convert_options=options)
    tampon = []
    taille_tampon = 0
    for lot in lecteur:
        tampon.append(lot)
        taille_tampon += lot.num_rows
        if taille_tampon >= taille:
            yield pyarrow.Table.from_batches(tampon).to_pandas()
            tampon, taille_tampon = [], 0
    if tampon:
        yield pyarrow.Table.from_batches(tampon).to_pandas()


class EcritureAtomique(contextlib.AbstractContextManager):
    """Writes CSV or Parquet chunks to a temporary file, renamed onto the target on success only."""

    def __init__(self, chemin: Path):
        self.chemin = Path(chemin)
        self.format = _format(self.chemin)
        descripteur, temporaire = tempfile.mkstemp(prefix=f".{self.chemin.name}.", suffix=".tmp", dir=self.chemin.parent or ".")
        os.close(descripteur)
        self.temporaire = Path(temporaire)
        self._parquet = None
        self._csv_entete = True

    def ecrire(self, table: pandas.DataFrame):
        if self.format == "parquet":
            donnees = pyarrow.Table.from_pandas(table, preserve_index=False)
            if self._parquet is None:
                self._parquet = pyarrow.parquet.ParquetWriter(self.temporaire, donnees.schema)
            self._parquet.write_table(donnees.cast(self._parquet.schema))
        else:
            table.to_csv(self.temporaire, mode="w" if self._csv_entete else "a", header=self._csv_entete, index=False)
            self._csv_entete = False

    def __exit__(self, type_erreur, erreur, trace):
        if self._parquet is not None:
            self._parquet.close()
        if type_erreur is None:
            if self.format == "csv" and self._csv_entete:
                Path(self.temporaire).write_text("")
            masque = os.umask(0)
            os.umask(masque)
            os.chmod(self.temporaire, 0o666 & ~masque)  # mkstemp creates 0600: give the usual mode
            os.replace(self.temporaire, self.chemin)
        else:
            self.temporaire.unlink(missing_ok=True)
        return False


def _sortie(lot: pandas.DataFrame, resultat) -> pandas.DataFrame:
    table = lot.reset_index(drop=True).copy()
    for colonne in resultat.resultats.columns:
        table[colonne] = resultat.resultats[colonne].to_numpy()
    return table


def executer(entree, sortie, annee: int, variables, taille_lot: int = TAILLE_LOT, progression: bool = True,
             reforme: str | None = None) -> pandas.DataFrame:
    """Run the local engine; returns the errors (ligne, colonne, message)."""
    tbs = systeme(reforme)
    entree, sortie = Path(entree), Path(sortie)
    total = nombre_lignes(entree)
    erreurs = []
    premiere_ligne = 1
    with EcritureAtomique(sortie) as ecriture, tqdm(total=total, unit=" lignes", file=sys.stderr, disable=not progression) as barre:
        for lot in lire_par_lots(entree, taille_lot):
            resultat = calculer(lot, annee, variables, tbs=tbs, premiere_ligne=premiere_ligne)
            ecriture.ecrire(_sortie(lot, resultat))
            erreurs.append(resultat.erreurs)
            premiere_ligne += len(lot)
            barre.update(len(lot))
    return pandas.concat(erreurs, ignore_index=True) if erreurs else pandas.DataFrame(columns=["ligne", "colonne", "message"])


def _partition(lot: pandas.DataFrame, annee: int, variables, premiere_ligne: int, reforme: str | None = None):
    """Run on a Dask worker: the tax-benefit system is loaded once per worker process."""
    resultat = calculer(lot, annee, variables, tbs=systeme(reforme), premiere_ligne=premiere_ligne)
    return _sortie(lot, resultat), resultat.erreurs


def executer_dask(entree, sortie, annee: int, variables, scheduler: str | None = None, workers: int = 2,
                  taille_lot: int = TAILLE_LOT, progression: bool = True, reforme: str | None = None) -> pandas.DataFrame:
    """Same computation over partitions with dask.distributed; written in order, atomically."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as erreur:
        raise SystemExit("the Dask engine needs the optional extra: pip install 'openfisca-independants[distributed]'") from erreur
    entree, sortie = Path(entree), Path(sortie)
    total = nombre_lignes(entree)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    erreurs = []
    try:
        with EcritureAtomique(sortie) as ecriture, tqdm(total=total, unit=" lignes", file=sys.stderr, disable=not progression) as barre:
            futures, premiere_ligne = [], 1
            for lot in lire_par_lots(entree, taille_lot):
                futures.append((client.submit(_partition, lot, annee, tuple(variables), premiere_ligne, reforme, pure=False), len(lot)))
                premiere_ligne += len(lot)
                # keep at most 2 lots per worker in flight: bounded memory, ordered output
                while len(futures) > 2 * max(len(client.scheduler_info().get("workers", {})), 1):
                    _ecrire_premier(futures, ecriture, erreurs, barre)
            while futures:
                _ecrire_premier(futures, ecriture, erreurs, barre)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return pandas.concat(erreurs, ignore_index=True) if erreurs else pandas.DataFrame(columns=["ligne", "colonne", "message"])


def _ecrire_premier(futures, ecriture, erreurs, barre):
    future, taille = futures.pop(0)
    table, erreurs_lot = future.result()
    ecriture.ecrire(table)
    erreurs.append(erreurs_lot)
    barre.update(taille)
    future.release()


def rapport_erreurs(erreurs: pandas.DataFrame, flux=None, maximum: int = 20) -> None:
    flux = flux or sys.stderr
    if not len(erreurs):
        return
    lignes = erreurs["ligne"].nunique()
    print(f"{lignes} invalid row(s), left out of the computation (row 1 = first data row):", file=flux)
    for _, erreur in erreurs.head(maximum).iterrows():
        print(f"  row {erreur['ligne']}, column {erreur['colonne']}: {erreur['message']}", file=flux)
    if len(erreurs) > maximum:
        print(f"  … and {len(erreurs) - maximum} more (see the error file)", file=flux)

