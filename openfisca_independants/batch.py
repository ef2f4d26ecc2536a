"""Batch runs: a CSV or Parquet file of persons in, the same rows with their results out.

The file is read and computed in chunks (memory stays bounded), with a progress bar on
stderr. Invalid rows are reported by row number (1 = first data row) and column, and the
valid ones still computed. The output is written to a temporary file next to the target and
renamed at the end, so that a crash or Ctrl-C never leaves a half-written file.

CSV dialect, detected from the first 64 KiB without options (`detecter_dialecte`):
- encoding: UTF-8 (with or without a BOM); a file whose start is not valid UTF-8 is read as
  Windows-1252, the encoding of Excel's "CSV (séparateur : point-virgule)" on a French
  Windows (every byte, as Windows reads it, so that it is written back unchanged);
- separator: the most frequent of `;`, `,`, tab and `|` in the header line (`,` if none);
- decimal mark: `,` when the separator is not `,` and a field of the first lines is a number
  written with a decimal comma (`30000,50`), or when the separator is `;` and no field is
  written with a decimal point (`30000.50`); then a `.` in a number is refused as ambiguous
  (`1.234` may be a thousands separator) and dates may be written JJ/MM/AAAA.
Every CSV column is read as text, so that the inputs are echoed exactly as given (`007`,
`false`, `VRAI`, `Zoé`); only the computation reads them as numbers, booleans or dates. A CSV
output is written in the input's dialect (separator, decimal mark, encoding, BOM) so that it
opens in the same spreadsheet; Parquet keeps the input's types.

Results: amounts (unit `currency-EUR`) rounded to the cent, rates at float32 precision
(`0.123`, not `0.12300000339746475`), counts as integers, booleans True/False, enums by
name; an invalid row has empty results. A monthly variable gives one column per month.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import os
import re
import sys
import tempfile
from pathlib import Path

import numpy
import pandas
import pyarrow
import pyarrow.compute
import pyarrow.csv
import pyarrow.parquet
from openfisca_core.indexed_enums import Enum
from tqdm import tqdm

from openfisca_independants.microsimulation import OBJECTIF_SORTIES, calculer, colonnes_resultats, systeme

TAILLE_LOT = 200_000
TAILLE_ECHANTILLON = 1 << 16  # bytes read to detect the dialect
SEPARATEURS = (";", ",", "\t", "|")
NOMBRE_DECIMALE_VIRGULE = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
NOMBRE_DECIMALE_POINT = re.compile(r"^\s*[-+]?\d+\.\d+\s*$")


def _cp1252_complet(nom: str):
    """Windows-1252 as Windows reads it: the 5 bytes Python's cp1252 leaves undefined (0x81, 0x8D,
    0x8F, 0x90, 0x9D) map to the control characters of the same number, so that any byte reads
    and is written back unchanged."""
    if nom != CP1252:
        return None
    decodage = "".join(bytes([octet]).decode("cp1252", errors="replace").replace("\ufffd", chr(octet)) for octet in range(256))
    encodage = codecs.charmap_build(decodage)

    class Codec(codecs.Codec):
        def encode(self, texte, erreurs="strict"):
            return codecs.charmap_encode(texte, erreurs, encodage)

        def decode(self, octets, erreurs="strict"):
            return codecs.charmap_decode(octets, erreurs, decodage)

    class Encodeur(codecs.IncrementalEncoder):
        def encode(self, texte, final=False):
            return codecs.charmap_encode(texte, self.errors, encodage)[0]

    class Decodeur(codecs.IncrementalDecoder):
        def decode(self, octets, final=False):
            return codecs.charmap_decode(octets, self.errors, decodage)[0]

    class Ecrivain(Codec, codecs.StreamWriter):
        pass

    class Lecteur(Codec, codecs.StreamReader):
        pass

    return codecs.CodecInfo(Codec().encode, Codec().decode, Lecteur, Ecrivain, Encodeur, Decodeur, name=CP1252)


CP1252 = "cp1252_complet"
codecs.register(_cp1252_complet)


class ErreurFichier(ValueError):
    """A file that cannot be read or written (missing, unreadable, missing folder…)."""


@dataclasses.dataclass(frozen=True)
class Dialecte:
    separateur: str = ","
    decimale: str = "."
    encodage: str = "utf-8"
    bom: bool = False


def _format(chemin: Path) -> str:
    suffixe = chemin.suffix.lower()
    if suffixe in (".parquet", ".pq"):
        return "parquet"
    if suffixe in (".csv", ".txt"):
        return "csv"
    raise ErreurFichier(f"{chemin}: unsupported file type '{suffixe}' (expected .csv or .parquet)")


def detecter_dialecte(chemin: Path) -> Dialecte:
    """Encoding, separator and decimal mark of a CSV file (see the module docstring)."""
    with open(chemin, "rb") as fichier:
        echantillon = fichier.read(TAILLE_ECHANTILLON)
        complet = not fichier.read(1)
    bom = echantillon.startswith(codecs.BOM_UTF8)
    if bom:
        echantillon = echantillon[len(codecs.BOM_UTF8):]
    if not complet:  # do not judge a character cut at the end of the sample
        echantillon = echantillon[: echantillon.rfind(b"\n") + 1]
    try:
        texte, encodage = echantillon.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        texte, encodage = echantillon.decode(CP1252), CP1252
    lignes = texte.splitlines()
    entete = lignes[0] if lignes else ""
    separateur = max(SEPARATEURS, key=entete.count) if any(entete.count(s) for s in SEPARATEURS) else ","
    decimale = "."
    if separateur != ",":
        champs = [champ for ligne in csv.reader(lignes[1:], delimiter=separateur) for champ in ligne]
        virgule = any(NOMBRE_DECIMALE_VIRGULE.match(champ) for champ in champs)
        point = any(NOMBRE_DECIMALE_POINT.match(champ) for champ in champs)
        # ';' is the separator of the countries writing decimal commas (Excel in French): a comma
        # unless the first lines show decimal points only
        if virgule or (separateur == ";" and not point):
            decimale = ","
    return Dialecte(separateur, decimale, encodage, bom)


def _entete(chemin: Path, dialecte: Dialecte) -> list[str]:
    with open(chemin, encoding="utf-8-sig" if dialecte.encodage == "utf-8" else dialecte.encodage, errors="replace", newline="") as fichier:
        noms = next(csv.reader(fichier, delimiter=dialecte.separateur), [])
    if not noms:
        raise ErreurFichier(f"{chemin}: empty file (expected a header line naming the columns)")
    doubles = sorted({nom for nom in noms if noms.count(nom) > 1})
    if doubles:
        raise ErreurFichier(f"{chemin}: column '{doubles[0]}' appears twice in the header")
    return noms


def nombre_lignes(chemin: Path) -> int | None:
    if _format(chemin) == "parquet":
        return pyarrow.parquet.ParquetFile(chemin).metadata.num_rows
    with open(chemin, "rb") as fichier:
        lignes = sum(bloc.count(b"\n") for bloc in iter(lambda: fichier.read(1 << 24), b""))
    return max(lignes - 1, 0)


def _types_arrow(type_arrow):
    """Arrow-backed pandas columns (exact types, nulls kept apart from NaN); categoricals stay categoricals."""
    return None if pyarrow.types.is_dictionary(type_arrow) else pandas.ArrowDtype(type_arrow)


def lire_par_lots(chemin: Path, taille: int = TAILLE_LOT, dialecte: Dialecte | None = None):
    """DataFrames of at most `taille` rows, at least one (empty for a header-only file).

    CSV: every column as text, exactly as written (empty cells are missing); Parquet: the
    file's own types (Arrow-backed, so that integers with gaps stay integers)."""
    chemin = Path(chemin)
    if _format(chemin) == "parquet":
        fichier = pyarrow.parquet.ParquetFile(chemin)
        types = _types_arrow
        lus = 0
        for lot in fichier.iter_batches(batch_size=taille):
            lus += 1
            yield lot.to_pandas(types_mapper=types)
        if not lus:
            yield fichier.schema_arrow.empty_table().to_pandas(types_mapper=types)
        return
    dialecte = dialecte or detecter_dialecte(chemin)
    noms = _entete(chemin, dialecte)
    try:
        lecteur = pyarrow.csv.open_csv(
            chemin,
            read_options=pyarrow.csv.ReadOptions(block_size=1 << 24, encoding=dialecte.encodage),
            parse_options=pyarrow.csv.ParseOptions(delimiter=dialecte.separateur),
            convert_options=pyarrow.csv.ConvertOptions(
                column_types={nom: pyarrow.string() for nom in noms}, strings_can_be_null=True, null_values=[""]
            ),
        )
        tampon, taille_tampon, lus = [], 0, 0
        for lot in lecteur:
            tampon.append(lot)
            taille_tampon += lot.num_rows
            if taille_tampon >= taille:
                lus += 1
                yield pyarrow.Table.from_batches(tampon).to_pandas()
                tampon, taille_tampon = [], 0
        if tampon or not lus:
            yield pyarrow.Table.from_batches(tampon, schema=lecteur.schema).to_pandas()
    except (pyarrow.ArrowInvalid, UnicodeDecodeError) as erreur:
        encodage = "Windows-1252" if dialecte.encodage == CP1252 else "UTF-8"
        raise ErreurFichier(f"{chemin}: unreadable as CSV ({encodage}, separator '{dialecte.separateur}'): "
                            + str(erreur).strip().splitlines()[0]) from None


class EcritureAtomique(contextlib.AbstractContextManager):
    """Writes CSV or Parquet chunks to a temporary file, renamed onto the target on success only."""

    def __init__(self, chemin: Path, dialecte: Dialecte | None = None):
        self.chemin = Path(chemin)
        self.format = _format(self.chemin)
        self.dialecte = dialecte or Dialecte()
        dossier = self.chemin.parent
        if not dossier.is_dir():
            raise ErreurFichier(f"output folder '{dossier}' does not exist")
        try:
            descripteur, temporaire = tempfile.mkstemp(prefix=f".{self.chemin.name}.", suffix=".tmp", dir=dossier)
        except OSError as erreur:
            raise ErreurFichier(f"cannot write in the output folder '{dossier}': {erreur.strerror}") from None
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
            dialecte = self.dialecte
            if dialecte.decimale != ".":  # pandas formats a decimal comma number by number: Arrow does it at once
                table = table.copy()
                for colonne in table.columns[[dtype.kind == "f" for dtype in table.dtypes]]:
                    texte = pyarrow.compute.cast(pyarrow.array(table[colonne], from_pandas=True), pyarrow.string())
                    table[colonne] = pandas.Series(pyarrow.compute.replace_substring(texte, ".", dialecte.decimale),
                                                   dtype=pandas.StringDtype("pyarrow", na_value=numpy.nan), index=table.index)
            # the BOM, if any, once at the start of the file
            encodage = "utf-8-sig" if dialecte.bom and self._csv_entete else dialecte.encodage
            table.to_csv(self.temporaire, mode="w" if self._csv_entete else "a", header=self._csv_entete, index=False,
                         sep=dialecte.separateur, decimal=dialecte.decimale, encoding=encodage)
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


def mettre_en_forme(resultats: pandas.DataFrame, colonnes, tbs) -> pandas.DataFrame:
    """Results as written: amounts to the cent, rates at float32 precision, counts as integers,
    booleans True/False, enums by name; empty for an invalid row."""
    table = pandas.DataFrame(index=resultats.index)
    for colonne, nom, _ in colonnes:
        variable = tbs.variables[nom]
        valeurs = resultats[colonne]
        if variable.value_type is float:
            if str(variable.unit).startswith("currency"):
                table[colonne] = valeurs.to_numpy(dtype=float).round(2)
            else:  # the shortest decimal that is the model's float32
                table[colonne] = valeurs.to_numpy(dtype=numpy.float32).astype(str).astype(float)
        elif variable.value_type is int:
            table[colonne] = valeurs.astype("Float64").astype("Int64")
        elif variable.value_type is bool:
            table[colonne] = valeurs.astype("Float64").astype("boolean")
        else:  # Enum (by name), str, date
            table[colonne] = valeurs.astype("str") if variable.value_type in (Enum, str) else valeurs
    if OBJECTIF_SORTIES[0] in resultats:  # a file of targets: the input searched and the amount found, to the cent
        variable, revenu = OBJECTIF_SORTIES
        table[variable] = resultats[variable].astype(pandas.StringDtype("pyarrow", na_value=numpy.nan))
        table[revenu] = resultats[revenu].to_numpy(dtype=float).round(2)
    return table


def _sortie(lot: pandas.DataFrame, resultat, colonnes, tbs) -> pandas.DataFrame:
    table = lot.reset_index(drop=True)
    deja = [colonne for colonne in [c for c, _, _ in colonnes] + list(OBJECTIF_SORTIES) if colonne in table.columns]
    if deja:
        raise ValueError(f"result column '{deja[0]}' is also an input column of the file: the input would be overwritten")
    return pandas.concat([table, mettre_en_forme(resultat.resultats, colonnes, tbs)], axis=1)


def _preparer(entree, sortie, annee, variables, reforme):
    """Checks made before reading any row: the files, the variables, the dialect."""
    entree, sortie = Path(entree), Path(sortie)
    if not entree.is_file():
        raise ErreurFichier(f"input file '{entree}' not found")
    _format(entree)
    tbs = systeme(reforme)
    colonnes = colonnes_resultats(variables, annee, tbs)
    dialecte = detecter_dialecte(entree) if _format(entree) == "csv" else Dialecte()
    return entree, sortie, tbs, colonnes, dialecte


def executer(entree, sortie, annee: int, variables, taille_lot: int = TAILLE_LOT, progression: bool = True,
             reforme: str | None = None) -> pandas.DataFrame:
    """Run the local engine; returns the errors (ligne, colonne, message)."""
    entree, sortie, tbs, colonnes, dialecte = _preparer(entree, sortie, annee, variables, reforme)
    total = nombre_lignes(entree)
    erreurs = []
    premiere_ligne = 1
    with EcritureAtomique(sortie, dialecte) as ecriture, tqdm(total=total, unit=" lignes", file=sys.stderr, disable=not progression) as barre:
        for lot in lire_par_lots(entree, taille_lot, dialecte):
            resultat = calculer(lot, annee, variables, tbs=tbs, premiere_ligne=premiere_ligne, decimale=dialecte.decimale)
            ecriture.ecrire(_sortie(lot, resultat, colonnes, tbs))
            erreurs.append(resultat.erreurs)
            premiere_ligne += len(lot)
            barre.update(len(lot))
    return pandas.concat(erreurs, ignore_index=True) if erreurs else pandas.DataFrame(columns=["ligne", "colonne", "message"])


def _partition(lot: pandas.DataFrame, annee: int, variables, premiere_ligne: int, reforme: str | None = None, decimale: str = "."):
    """Run on a Dask worker: the tax-benefit system is loaded once per worker process."""
    tbs = systeme(reforme)
    resultat = calculer(lot, annee, variables, tbs=tbs, premiere_ligne=premiere_ligne, decimale=decimale)
    return _sortie(lot, resultat, colonnes_resultats(variables, annee, tbs), tbs), resultat.erreurs


def executer_dask(entree, sortie, annee: int, variables, scheduler: str | None = None, workers: int = 2,
                  taille_lot: int = TAILLE_LOT, progression: bool = True, reforme: str | None = None) -> pandas.DataFrame:
    """Same computation over partitions with dask.distributed; written in order, atomically."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as erreur:
        raise ValueError("the Dask engine needs the optional extra: pip install 'openfisca-independants[distributed]'") from erreur
    entree, sortie, _, _, dialecte = _preparer(entree, sortie, annee, variables, reforme)
    total = nombre_lignes(entree)
    erreurs = []
    with EcritureAtomique(sortie, dialecte) as ecriture:  # the output folder is checked before starting a cluster
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            with tqdm(total=total, unit=" lignes", file=sys.stderr, disable=not progression) as barre:
                futures, premiere_ligne = [], 1
                for lot in lire_par_lots(entree, taille_lot, dialecte):
                    futures.append((client.submit(_partition, lot, annee, tuple(variables), premiere_ligne, reforme,
                                                  dialecte.decimale, pure=False), len(lot)))
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


def ecrire_erreurs(erreurs: pandas.DataFrame, entree, sortie) -> Path:
    """The error report next to the output, `<sortie>.erreurs.csv`, in the CSV dialect of the output."""
    entree, fichier = Path(entree), Path(str(sortie) + ".erreurs.csv")
    dialecte = detecter_dialecte(entree) if _format(entree) == "csv" and _format(Path(sortie)) == "csv" else Dialecte()
    erreurs.to_csv(fichier, index=False, sep=dialecte.separateur, encoding="utf-8-sig" if dialecte.bom else dialecte.encodage,
                   errors="replace")
    return fichier


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
