"""Batch runs: a CSV or Parquet file of persons in, the same rows with their results out.

The file is read and computed in chunks of a fixed number of rows (memory stays bounded), with a
progress bar on stderr. Invalid rows are reported by row number (1 = first data row) and column,
and the valid ones still computed. The output is written to a temporary file next to the target
and renamed at the end, so that a crash or Ctrl-C never leaves a half-written file.

Temporaries: the output's temporary file (and the Dask engine's folder of part files) are hidden
files next to the output, named `.<output>.ofi-<host>-<pid>-<random>.tmp` (`.parties` for the
folder): the host (a hash of its name) and process id of the run that owns them. They are removed
when the run ends, fails or is interrupted (Ctrl-C; SIGTERM with the command line, see
`interrompre_sur_sigterm`). A run killed outright (SIGKILL, power cut) cannot remove them: the next
run writing in the same folder does (`nettoyer_temporaires`: ours, of this host, older than that
run, whose process is gone).

Text: a CSV read as UTF-8 or a Parquet `binary` column is decoded as UTF-8 chunk by chunk; a value
with bytes that are not UTF-8 (a file whose start is UTF-8 and a later row Windows-1252, say)
refuses its row (reported with its column; the value written with U+FFFD in place of its bad
bytes), never written as `b'…'`.

Errors that stop a run (see `cli.batch` for the exit codes): ErreurFichier and ValueError (usage:
a file, column or variable refused), HorsLegislation (the year is outside the model's legislation
for every row), ErreurEcriture (the output cannot be written: disk full, no permission).

pyarrow end to end: chunks are read as Arrow tables, the output table is the input's Arrow columns
followed by the results (`resultats_arrow`), written by pyarrow's Parquet writer or by `lignes_csv`
(each column formatted with pyarrow compute functions as pandas' `to_csv` did, byte for byte);
only `calculer` sees the chunk as pandas. The Dask engine (`executer_dask`) sends each worker the
path and a share of the input to read itself; the workers write part files that the client appends
in row order, or, for a Parquet dataset output (a folder, `DatasetAtomique`), the dataset's own part
files, nothing left for the client to write.

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
import concurrent.futures
import contextlib
import csv
import dataclasses
import io
import logging
import os
import errno
import hashlib
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy
import pandas
import pyarrow
import pyarrow.compute
import pyarrow.csv
import pyarrow.ipc
import pyarrow.parquet
from openfisca_core.indexed_enums import Enum
from tqdm import tqdm

from openfisca_independants.microsimulation import (OBJECTIF, OBJECTIF_SORTIES, calculer, colonnes_resultats,
                                                     refuser_si_hors_legislation, systeme)

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


class ErreurEcriture(Exception):
    """The output (or its error report) cannot be written: disk full, no permission, read-only folder…"""


class Interruption(KeyboardInterrupt):
    """SIGTERM received (see `interrompre_sur_sigterm`): unwinds like Ctrl-C, removing the temporaries."""


def _sigterm_recu(numero, pile):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interruption()


_DEMARRAGE_DES_TRAVAILLEURS = threading.Event()  # set while `_demarrer_dask` forks a LocalCluster's workers


def _apres_fork():
    """In a process forked by this one. A LocalCluster's Dask worker (see `_demarrer_dask`) leaves
    Ctrl-C to the command line, which stops the cluster (no KeyboardInterrupt traceback from every
    worker); the command line's SIGTERM handler is not its own: SIGTERM ends it, as a spawned process."""
    if signal.getsignal(signal.SIGTERM) is _sigterm_recu:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _DEMARRAGE_DES_TRAVAILLEURS.is_set():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


os.register_at_fork(after_in_child=_apres_fork)


@contextlib.contextmanager
def interrompre_sur_sigterm():
    """While in the block, SIGTERM raises `Interruption` in the main thread (once; later ones are
    ignored while the run cleans up), so that the temporaries are removed as on Ctrl-C. The
    command line uses it; a library caller keeps its own SIGTERM handling (the stale temporaries
    are then removed by the next run, see `nettoyer_temporaires`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    ancien = signal.signal(signal.SIGTERM, _sigterm_recu)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, ancien)


def _ecriture_impossible(chemin, erreur: OSError, quoi: str = "the output") -> ErreurEcriture:
    """One line naming the file and the reason (pyarrow's errors may carry the reason in their text only)."""
    raison = erreur.strerror or (str(erreur).strip().splitlines() or [type(erreur).__name__])[0]
    if erreur.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left" in raison:
        raison = f"disk full ({raison})"
    return ErreurEcriture(f"cannot write {quoi} '{chemin}': {raison}")


MARQUE = "ofi"  # our temporaries: .<output>.ofi-<host>-<pid>-<random>.tmp or .parties
TEMPORAIRE = re.compile(r"^\..+\." + MARQUE + r"-(?P<hote>[0-9a-f]{8})-(?P<pid>[0-9]+)-[^.]*\.(?:tmp|parties)$")


def _hote() -> str:
    return hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]


def prefixe_temporaire(chemin: Path) -> str:
    """The start of the name of a temporary of `chemin` (in its folder): hidden, naming its owner."""
    return f".{Path(chemin).name}.{MARQUE}-{_hote()}-{os.getpid()}-"


def _processus_vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:  # a zombie (killed, not yet reaped by its parent) is gone too
        with open(f"/proc/{pid}/stat", "rb") as etat:
            return etat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def nettoyer_temporaires(dossier: Path, avant: float | None = None) -> list[Path]:
    """Removes the temporaries that a killed batch run left in `dossier` (SIGKILL and power cuts cannot
    be caught): named as ours (`prefixe_temporaire`), of this host, last modified before `avant`
    (default: now) and whose process is gone. Anything else is left alone (another host's run on a
    shared folder, a run still going, a file that only looks alike). Returns the paths removed."""
    avant = time.time() if avant is None else avant
    hote, enleves = _hote(), []
    try:
        entrees = list(os.scandir(dossier))
    except OSError:
        return enleves
    for entree in entrees:
        trouve = TEMPORAIRE.match(entree.name)
        if not trouve or trouve["hote"] != hote or int(trouve["pid"]) == os.getpid():
            continue
        try:
            if entree.stat(follow_symlinks=False).st_mtime >= avant or _processus_vivant(int(trouve["pid"])):
                continue
            if entree.is_dir(follow_symlinks=False):
                shutil.rmtree(entree.path)
            else:
                os.unlink(entree.path)
            enleves.append(Path(entree.path))
        except OSError:  # removed meanwhile, or not ours to remove: left alone
            continue
    return enleves


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


def est_dataset(chemin) -> bool:
    """Whether the output is a Parquet dataset: a folder, named with a trailing '/' or already there."""
    return str(chemin).endswith(("/", os.sep)) or Path(chemin).is_dir()


def _format_sortie(chemin) -> str:
    """'csv', 'parquet' (one file) or 'dataset' (a folder of Parquet part files, see `DatasetAtomique`)."""
    if est_dataset(chemin):
        return "dataset"
    if not Path(chemin).suffix:
        raise ErreurFichier(f"{chemin}: no file type (expected .csv or .parquet, or a folder ending with '/' for a "
                            "Parquet dataset)")
    return _format(Path(chemin))


def options_parquet(schema: pyarrow.Schema) -> dict:
    """pyarrow's Parquet writer options of the outputs (one file, or a dataset's part files): dictionary
    encoding for the text columns only. Amounts are nearly all distinct: building their dictionary, dropped past 1 MiB, half of the
    encoding time for a larger file."""
    textes = [champ.name for champ in schema if pyarrow.types.is_dictionary(champ.type) or pyarrow.types.is_string(champ.type)
              or pyarrow.types.is_large_string(champ.type)]
    return dict(use_dictionary=textes)


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


def _vers_pandas(table: pyarrow.Table, format_entree: str) -> pandas.DataFrame:
    """A chunk as `calculer` reads it: CSV columns as text, Parquet columns with the file's own types."""
    return table.to_pandas(types_mapper=_types_arrow) if format_entree == "parquet" else table.to_pandas()


def _options_csv(noms, dialecte: Dialecte, en_tete: bool = True) -> dict:
    """pyarrow's CSV options: every column as text, an empty cell missing; without the header line, the names given.

    A UTF-8 file's columns are read as bytes (`binary`), decoded chunk by chunk by `textes_utf8`: a
    row that is not UTF-8 further down than the sample the encoding was detected on is then refused
    alone, where pyarrow would refuse the whole block. Windows-1252 reads any byte (as text)."""
    type_texte = pyarrow.binary() if dialecte.encodage == "utf-8" else pyarrow.string()
    return dict(
        read_options=pyarrow.csv.ReadOptions(block_size=1 << 24, encoding=dialecte.encodage,
                                             column_names=None if en_tete else list(noms)),
        parse_options=pyarrow.csv.ParseOptions(delimiter=dialecte.separateur),
        convert_options=pyarrow.csv.ConvertOptions(column_types={nom: type_texte for nom in noms},
                                                   strings_can_be_null=True, null_values=[""]),
    )


_OCTETS_INVALIDES = threading.local()


def _noter_octets_invalides(erreur: UnicodeDecodeError):
    """Codec error handler: notes where the bytes that are not UTF-8 start, and goes on."""
    _OCTETS_INVALIDES.positions.append(erreur.start)
    return "\ufffd", erreur.end


codecs.register_error("openfisca_independants_octets_invalides", _noter_octets_invalides)


def _indices_non_utf8(colonne: pyarrow.Array) -> tuple[numpy.ndarray, list[str]]:
    """Positions of the values of a binary array that are not valid UTF-8, with their first bad byte
    (`byte 0xE9 at position 4`): the values' bytes decoded at once (the handler called on the bad bytes
    only), each bad byte mapped to its value through the offsets. A sequence cut between two values
    may look valid once they are joined: then (checked by Arrow on the other values) value by value."""
    largeur = numpy.int64 if pyarrow.types.is_large_binary(colonne.type) else numpy.int32
    decalages = numpy.frombuffer(colonne.buffers()[1], dtype=largeur)[colonne.offset: colonne.offset + len(colonne) + 1]
    donnees = colonne.buffers()[2]
    _OCTETS_INVALIDES.positions = []
    if donnees is not None and decalages[-1] > decalages[0]:
        codecs.utf_8_decode(memoryview(donnees)[decalages[0]:decalages[-1]], "openfisca_independants_octets_invalides", True)
    positions = numpy.asarray(_OCTETS_INVALIDES.positions, dtype=numpy.int64) + decalages[0]
    _OCTETS_INVALIDES.positions = []
    lignes = numpy.searchsorted(decalages, positions, side="right") - 1
    indices, premieres = numpy.unique(lignes, return_index=True)  # positions are in order: the first of each value
    octets = numpy.frombuffer(donnees, dtype=numpy.uint8) if indices.size else None
    details = [f"byte 0x{octet:02X} at position {rang + 1}" for octet, rang in
               zip(octets[positions[premieres]].tolist() if indices.size else [],
                   (positions[premieres] - decalages[indices]).tolist())]
    masque = numpy.zeros(len(colonne), dtype=bool)
    masque[indices] = True
    try:
        pyarrow.compute.if_else(pyarrow.array(masque), pyarrow.scalar(b"", colonne.type), colonne).cast(
            pyarrow.large_string() if largeur is numpy.int64 else pyarrow.string())
    except pyarrow.ArrowInvalid:
        valeurs = colonne.to_pylist()
        indices = numpy.array([rang for rang, valeur in enumerate(valeurs) if valeur is not None and not _utf8_valide(valeur)],
                              dtype=numpy.int64)
        details = [_octet_invalide(valeurs[rang]) for rang in indices]
    return indices, details


def _utf8_valide(octets: bytes) -> bool:
    try:
        octets.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _octet_invalide(octets: bytes) -> str:
    erreur = None
    try:
        octets.decode("utf-8")
    except UnicodeDecodeError as probleme:
        erreur = probleme
    return f"byte 0x{octets[erreur.start]:02X} at position {erreur.start + 1}" if erreur else "invalid bytes"


def textes_utf8(table: pyarrow.Table, premiere_ligne: int = 1, format_entree: str = "csv"):
    """(table, errors, rows refused): the binary columns (a CSV read as UTF-8, a Parquet `binary` column)
    decoded as UTF-8 text. A value that is not valid UTF-8 refuses its row (an error naming the row
    and column; the value kept with U+FFFD in place of its bad bytes), so that no `b'…'` is written."""
    refusees = numpy.zeros(table.num_rows, dtype=bool)
    erreurs, decodees = [], False
    colonnes = list(table.columns)
    for rang, champ in enumerate(table.schema):
        if not (pyarrow.types.is_binary(champ.type) or pyarrow.types.is_large_binary(champ.type)):
            continue
        decodees = True
        texte = pyarrow.large_string() if pyarrow.types.is_large_binary(champ.type) else pyarrow.string()
        pourquoi = ("the file is read as UTF-8, as its start): save the file in one encoding, UTF-8 or Windows-1252"
                    if format_entree == "csv" else "a binary column is read as UTF-8 text)")
        try:
            colonnes[rang] = colonnes[rang].cast(texte)
            continue
        except pyarrow.ArrowInvalid:
            pass
        colonne = colonnes[rang].combine_chunks()
        indices, details = _indices_non_utf8(colonne)
        valeurs = colonne.take(pyarrow.array(indices)).to_pylist()  # the bad values only
        masque = numpy.zeros(table.num_rows, dtype=bool)
        masque[indices] = True
        propre = pyarrow.compute.if_else(pyarrow.array(masque), pyarrow.scalar(b"", champ.type), colonne).cast(texte)
        colonnes[rang] = pyarrow.compute.replace_with_mask(
            propre, pyarrow.array(masque), pyarrow.array([valeur.decode("utf-8", "replace") for valeur in valeurs], texte))
        refusees |= masque
        erreurs.append(pandas.DataFrame({
            "ligne": indices + premiere_ligne, "colonne": champ.name,
            "message": [f"not valid UTF-8 text ({detail}; {pourquoi}" for detail in details]}))
    if decodees:
        table = pyarrow.Table.from_arrays(colonnes, names=table.column_names)
    return table, (pandas.concat(erreurs, ignore_index=True) if erreurs else _aucune_erreur()), refusees


def _illisible(chemin, dialecte: Dialecte, erreur) -> ErreurFichier:
    encodage = "Windows-1252" if dialecte.encodage == CP1252 else "UTF-8"
    return ErreurFichier(f"{chemin}: unreadable as CSV ({encodage}, separator '{dialecte.separateur}'): "
                         + str(erreur).strip().splitlines()[0])


def _decouper(lots, taille: int, schema):
    """Record batches cut and joined into tables of exactly `taille` rows (the last one shorter; one empty
    table when there is no row): the chunk size, not the file's row groups or CSV blocks, bounds the memory."""
    tampon, n, rendus = [], 0, 0
    for lot in lots:
        while lot.num_rows:
            prise = lot.slice(0, taille - n)
            lot = lot.slice(prise.num_rows)
            tampon.append(prise)
            n += prise.num_rows
            if n == taille:
                rendus += 1
                yield pyarrow.Table.from_batches(tampon)
                tampon, n = [], 0
    if tampon or not rendus:
        yield pyarrow.Table.from_batches(tampon) if tampon else schema.empty_table()


def lire_lots_arrow(chemin: Path, taille: int = TAILLE_LOT, dialecte: Dialecte | None = None, groupes=None):
    """pyarrow Tables of `taille` rows (the last one shorter; one empty table for a file without rows).

    CSV: every column as text, exactly as written (empty cells are missing); Parquet: the file's
    own types. `groupes`: only these row groups of a Parquet file (a Dask task's share)."""
    chemin = Path(chemin)
    if _format(chemin) == "parquet":
        fichier = pyarrow.parquet.ParquetFile(chemin)
        lots = fichier.iter_batches(batch_size=taille, row_groups=groupes) if groupes is None or len(groupes) else iter(())
        yield from _decouper(lots, taille, fichier.schema_arrow)
        return
    dialecte = dialecte or detecter_dialecte(chemin)
    noms = _entete(chemin, dialecte)
    try:
        lecteur = pyarrow.csv.open_csv(chemin, **_options_csv(noms, dialecte))
        yield from _decouper(lecteur, taille, lecteur.schema)
    except (pyarrow.ArrowInvalid, UnicodeDecodeError) as erreur:
        raise _illisible(chemin, dialecte, erreur) from None


def _lots_bloc_csv(chemin: Path, debut: int, fin: int, noms, dialecte: Dialecte, taille: int):
    """The rows of bytes [debut, fin) of a CSV file (whole lines after the header), in tables of `taille` rows."""
    with open(chemin, "rb") as fichier:
        fichier.seek(debut)
        octets = fichier.read(fin - debut)
    try:
        lecteur = pyarrow.csv.open_csv(pyarrow.BufferReader(octets), **_options_csv(noms, dialecte, en_tete=False))
        yield from _decouper(lecteur, taille, lecteur.schema)
    except (pyarrow.ArrowInvalid, UnicodeDecodeError) as erreur:
        raise _illisible(chemin, dialecte, erreur) from None


def lire_par_lots(chemin: Path, taille: int = TAILLE_LOT, dialecte: Dialecte | None = None):
    """DataFrames of at most `taille` rows, at least one (empty for a header-only file).

    CSV: every column as text, exactly as written (empty cells are missing); Parquet: the file's
    own types (Arrow-backed, so that integers with gaps stay integers), binary columns as text.
    Bytes that are not UTF-8 are read as U+FFFD here (the batch engines refuse those rows)."""
    format_entree = _format(Path(chemin))
    for lot in lire_lots_arrow(chemin, taille, dialecte):
        yield _vers_pandas(textes_utf8(lot)[0], format_entree)


def _en_avance(lots):
    """The next chunk read in a thread while the current one is computed (pyarrow reads without the GIL)."""
    with concurrent.futures.ThreadPoolExecutor(1) as fil:
        iterateur = iter(lots)
        suivant = fil.submit(next, iterateur, None)
        while True:
            lot = suivant.result()
            if lot is None:
                return
            suivant = fil.submit(next, iterateur, None)
            yield lot


# --- CSV output with pyarrow: each column formatted as pandas' to_csv did, then the lines joined at once


def _entete_csv(noms, dialecte: Dialecte) -> str:
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=dialecte.separateur, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(noms)
    return tampon.getvalue()


def _flottants_en_texte(colonne, decimale: str):
    """Floats as pandas writes them: Python's repr (`5325.0`, `1e-05`) with a decimal point; with a
    decimal comma, Arrow's shortest form with ',' (what the writer did before, `5325`)."""
    texte = pyarrow.compute.cast(colonne, pyarrow.string())
    if decimale != ".":
        return pyarrow.compute.replace_substring(texte, ".", decimale)
    valeurs = numpy.abs(colonne.to_numpy(zero_copy_only=False))  # nulls: NaN
    # Arrow writes the same digits as repr, but not always in the same notation: its plain decimals
    # from 1e-4 on are repr's once given a '.0' when they have no point; the others go through numpy's repr
    exposant = pyarrow.compute.match_substring(texte, "e").fill_null(False).to_numpy(zero_copy_only=False)
    simples = ((valeurs >= 1e-4) | (valeurs == 0)) & ~exposant & numpy.isfinite(valeurs)
    with numpy.errstate(invalid="ignore"):
        entiers = simples & (valeurs == numpy.floor(valeurs))  # written without a point by Arrow (`5325`)
    if entiers.any():
        texte = pyarrow.compute.if_else(entiers, pyarrow.compute.binary_join_element_wise(texte, ".0", ""), texte)
    autres = ~simples & ~numpy.isnan(valeurs)
    if autres.any():
        texte = pyarrow.compute.replace_with_mask(
            texte, autres, pyarrow.array(colonne.to_numpy(zero_copy_only=False)[autres].astype(str), pyarrow.string()))
    return texte


def _contient(colonne, octets: bytes) -> bool:
    """Whether one of these bytes is in the character data of a text column (a byte scan, no value split)."""
    morceaux = colonne.chunks if isinstance(colonne, pyarrow.ChunkedArray) else [colonne]
    for morceau in morceaux:
        donnees = morceau.buffers()[2]
        if donnees is not None:
            brut = donnees.to_pybytes()
            if any(bytes([octet]) in brut for octet in octets):
                return True
    return False


def _colonne_en_texte(colonne, dialecte: Dialecte):
    """A column as pandas' to_csv wrote it (quoted when needed), or None for a type left to pandas."""
    type_arrow = colonne.type
    if pyarrow.types.is_dictionary(type_arrow) and pyarrow.types.is_string(type_arrow.value_type):
        colonne, type_arrow = pyarrow.compute.cast(colonne, pyarrow.string()), pyarrow.string()
    if pyarrow.types.is_string(type_arrow) or pyarrow.types.is_large_string(type_arrow):
        speciaux = (dialecte.separateur + '"\r\n').encode()  # Arrow holds the text as UTF-8
        if not _contient(colonne, speciaux):  # most columns: no value to quote, no value to look at
            return colonne
        colonne = pyarrow.compute.cast(colonne, pyarrow.string())
        a_citer = pyarrow.compute.match_substring_regex(colonne, "[" + re.escape(dialecte.separateur + '"') + "\r\n]").fill_null(False)
        if pyarrow.compute.any(a_citer).as_py():  # QUOTE_MINIMAL: "a;b", "say ""hi"""
            citee = pyarrow.compute.binary_join_element_wise('"', pyarrow.compute.replace_substring(colonne, '"', '""'), '"', "")
            colonne = pyarrow.compute.if_else(a_citer, citee, colonne)
        return colonne
    if pyarrow.types.is_float64(type_arrow):
        return _flottants_en_texte(colonne, dialecte.decimale)
    if pyarrow.types.is_integer(type_arrow):
        return pyarrow.compute.cast(colonne, pyarrow.string())
    if pyarrow.types.is_boolean(type_arrow):
        return pyarrow.compute.if_else(colonne, "True", "False")
    return None


def _csv_pandas(table: pandas.DataFrame, dialecte: Dialecte) -> str:
    """The rows of a DataFrame as pandas writes them in the dialect (the types the Arrow writer leaves)."""
    if dialecte.decimale != ".":  # pandas formats a decimal comma number by number: Arrow does it at once
        table = table.copy()
        for colonne in table.columns[[dtype.kind == "f" for dtype in table.dtypes]]:
            texte = pyarrow.compute.cast(pyarrow.array(table[colonne], from_pandas=True), pyarrow.string())
            table[colonne] = pandas.Series(pyarrow.compute.replace_substring(texte, ".", dialecte.decimale),
                                           dtype=pandas.StringDtype("pyarrow", na_value=numpy.nan), index=table.index)
    return table.to_csv(None, header=False, index=False, sep=dialecte.separateur, decimal=dialecte.decimale, lineterminator="\n")


def lignes_csv(table, dialecte: Dialecte) -> bytes:
    """The rows of a table (pyarrow or pandas) as bytes of a CSV file in the dialect, without the header."""
    if isinstance(table, pandas.DataFrame):
        texte = _csv_pandas(table, dialecte)
    else:
        textes = [_colonne_en_texte(colonne, dialecte) for colonne in table.combine_chunks().columns]
        textes = [texte if texte is None or texte.type == pyarrow.string() else texte.cast(pyarrow.string()) for texte in textes]
        if any(texte is None for texte in textes):  # a date or another type: pandas' formatting
            texte = _csv_pandas(_vers_pandas(table, "parquet"), dialecte)
        elif not table.num_rows:
            return b""
        else:
            lignes = pyarrow.compute.binary_join_element_wise(*textes, dialecte.separateur, null_handling="replace",
                                                             null_replacement="")
            lignes = pyarrow.compute.binary_join_element_wise(lignes, "", "\n")
            if isinstance(lignes, pyarrow.ChunkedArray):
                lignes = lignes.combine_chunks()
            largeur = numpy.int64 if pyarrow.types.is_large_string(lignes.type) else numpy.int32
            positions = numpy.frombuffer(lignes.buffers()[1], dtype=largeur)
            octets = memoryview(lignes.buffers()[2])[positions[lignes.offset]:positions[lignes.offset + len(lignes)]]
            if dialecte.encodage == "utf-8" or octets.tobytes().isascii():
                return octets.tobytes()
            texte = octets.tobytes().decode("utf-8")
    return texte.encode(dialecte.encodage)


class EcritureAtomique(contextlib.AbstractContextManager):
    """Writes CSV or Parquet chunks to a temporary file, renamed onto the target on success only.

    `ecrire` takes pyarrow Tables (the batch engines) or pandas DataFrames; `schema`: the Parquet
    schema of the file (by default the first chunk's). The temporary is named by `prefixe_temporaire`;
    the stale ones of killed runs in the folder are removed first (`nettoyer_temporaires`). An
    OSError while writing (disk full, no permission) is raised as ErreurEcriture, the temporary removed."""

    def __init__(self, chemin: Path, dialecte: Dialecte | None = None, schema=None):
        self.chemin = Path(chemin)
        self.format = _format(self.chemin)
        self.dialecte = dialecte or Dialecte()
        self.schema = schema
        dossier = self.chemin.parent
        if not dossier.is_dir():
            raise ErreurFichier(f"output folder '{dossier}' does not exist")
        nettoyer_temporaires(dossier)
        try:
            descripteur, temporaire = tempfile.mkstemp(prefix=prefixe_temporaire(self.chemin), suffix=".tmp", dir=dossier)
        except OSError as erreur:
            raise _ecriture_impossible(self.chemin, erreur) from None
        os.close(descripteur)
        self.temporaire = Path(temporaire)
        self._parquet = None
        self._fichier = None
        # a chunk may be written by a thread: the end (rename or removal) waits for it, and nothing is written after
        self._verrou = threading.RLock()
        self._termine = False

    def en_tete(self, noms):
        """The CSV header line (and the BOM, if any), once at the start of the file."""
        with self._verrou:
            try:
                self._ouvrir(noms)
            except OSError as erreur:
                raise _ecriture_impossible(self.chemin, erreur) from None

    def _ouvrir(self, noms):
        if self._termine:
            raise ErreurFichier(f"{self.chemin}: written after the end of the output")
        if self._fichier is None:
            self._fichier = open(self.temporaire, "wb")
            if self.dialecte.bom:
                self._fichier.write(codecs.BOM_UTF8)
            self._fichier.write(_entete_csv(noms, self.dialecte).encode(self.dialecte.encodage))

    def ecrire(self, table):
        with self._verrou:
            try:
                self._ecrire(table)
            except OSError as erreur:
                raise _ecriture_impossible(self.chemin, erreur) from None

    def _ecrire(self, table):
        if self._termine:
            raise ErreurFichier(f"{self.chemin}: written after the end of the output")
        if self.format == "parquet":
            if isinstance(table, pandas.DataFrame):
                table = pyarrow.Table.from_pandas(table, preserve_index=False)
            if self._parquet is None:
                schema = self.schema or table.schema
                self._parquet = pyarrow.parquet.ParquetWriter(self.temporaire, schema, **options_parquet(schema))
            self._parquet.write_table(table.cast(self._parquet.schema))
        else:
            self._ouvrir(list(table.columns) if isinstance(table, pandas.DataFrame) else table.column_names)
            self._fichier.write(lignes_csv(table, self.dialecte))

    def ajouter(self, partie: Path):
        """Appends a part written by a Dask worker: CSV rows without header (copied byte for byte), or
        an Arrow IPC file of the output's chunks (encoded to Parquet here, once)."""
        with self._verrou:
            try:
                if self.format == "parquet":
                    with pyarrow.memory_map(str(partie)) as source:
                        lecteur = pyarrow.ipc.open_file(source)
                        for rang in range(lecteur.num_record_batches):
                            self._ecrire(pyarrow.Table.from_batches([lecteur.get_batch(rang)]))
                else:
                    with open(partie, "rb") as source:
                        shutil.copyfileobj(source, self._fichier, 1 << 24)
            except OSError as erreur:
                raise _ecriture_impossible(self.chemin, erreur) from None

    def __exit__(self, type_erreur, erreur, trace):
        with self._verrou:
            self._termine = True
            self._terminer(type_erreur is None)
        return False

    def _terminer(self, succes: bool):
        """Closes the writer and renames the temporary onto the target (success) or removes it; on a
        failure, an error while closing (the disk that was full) is not raised over the first one."""
        try:
            for ecrivain in (self._parquet, self._fichier):
                if ecrivain is not None:
                    try:
                        ecrivain.close()
                    except OSError:
                        if succes:
                            raise
            if succes:
                masque = os.umask(0)
                os.umask(masque)
                os.chmod(self.temporaire, 0o666 & ~masque)  # mkstemp creates 0600: give the usual mode
                os.replace(self.temporaire, self.chemin)
        except OSError as erreur:
            raise _ecriture_impossible(self.chemin, erreur) from None
        finally:
            self.temporaire.unlink(missing_ok=True)  # gone once renamed


PARTIE = re.compile(r"^part-[0-9]{6}\.parquet$")


class DatasetAtomique(contextlib.AbstractContextManager):
    """A Parquet dataset: a folder of part files `part-NNNNNN.parquet`, in row order (the order in which
    pyarrow, pandas and Dask read them), written in a temporary folder next to the target
    (`.<output>.ofi-….parties`, see `prefixe_temporaire`) renamed onto it on success only; removed
    otherwise. A folder already at the target is replaced only when it holds nothing but part files (a
    dataset written here before): any other folder is refused, never emptied."""

    def __init__(self, chemin):
        self.chemin = Path(chemin)
        dossier = self.chemin.parent
        if not dossier.is_dir():
            raise ErreurFichier(f"output folder '{dossier}' does not exist")
        if self.chemin.exists() and not (self.chemin.is_dir() and all(PARTIE.match(nom) for nom in os.listdir(self.chemin))):
            raise ErreurFichier(f"output '{self.chemin}' exists and is not a Parquet dataset written by batch "
                                "(a folder of part-NNNNNN.parquet files only): not replaced")
        nettoyer_temporaires(dossier)
        try:
            self.temporaire = Path(tempfile.mkdtemp(prefix=prefixe_temporaire(self.chemin), suffix=".parties", dir=dossier))
        except OSError as erreur:
            raise _ecriture_impossible(self.chemin, erreur) from None

    def partie(self, rang: int) -> Path:
        return self.temporaire / f"part-{rang:06d}.parquet"

    def __exit__(self, type_erreur, erreur, trace):
        try:
            if type_erreur is None:
                self._renommer()
        finally:
            shutil.rmtree(self.temporaire, ignore_errors=True)  # gone once renamed
        return False

    def _renommer(self):
        ancien = None
        try:
            masque = os.umask(0)
            os.umask(masque)
            os.chmod(self.temporaire, 0o777 & ~masque)  # mkdtemp creates 0700: give the usual mode
            if self.chemin.exists():  # the previous dataset set aside, removed once the new one is in place
                ancien = Path(tempfile.mkdtemp(prefix=prefixe_temporaire(self.chemin), suffix=".parties", dir=self.chemin.parent))
                os.replace(self.chemin, ancien)
            try:
                os.replace(self.temporaire, self.chemin)
            except OSError:
                if ancien is not None:
                    os.replace(ancien, self.chemin)
                    ancien = None
                raise
        except OSError as erreur:
            raise _ecriture_impossible(self.chemin, erreur) from None
        finally:
            if ancien is not None:
                shutil.rmtree(ancien, ignore_errors=True)


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


def resultats_arrow(resultats: pandas.DataFrame, colonnes, tbs) -> dict:
    """`mettre_en_forme` as Arrow arrays, without a pandas round trip (an invalid row is null): amounts to
    the cent, rates at float32 precision (Arrow's shortest float32 decimal, read back), counts int64,
    booleans, enums by name."""
    calcul = pyarrow.compute
    sortie = {}
    for colonne, nom, periode in colonnes:
        variable = tbs.variables[nom]
        valeurs = resultats[colonne].to_numpy()
        if variable.value_type is float and str(variable.unit).startswith("currency"):
            sortie[colonne] = pyarrow.array(valeurs.astype(float).round(2), from_pandas=True)
        elif variable.value_type is float:
            simple = pyarrow.array(valeurs.astype(numpy.float32), from_pandas=True)
            sortie[colonne] = calcul.cast(calcul.cast(simple, pyarrow.string()), pyarrow.float64())
        elif variable.value_type in (int, bool):
            sortie[colonne] = calcul.cast(pyarrow.array(valeurs.astype(float), from_pandas=True),
                                          pyarrow.int64() if variable.value_type is int else pyarrow.bool_())
        elif variable.value_type in (Enum, str):
            sortie[colonne] = pyarrow.array(valeurs, pyarrow.large_string(), from_pandas=True)
        else:  # a date: as pandas gives it
            sortie[colonne] = pyarrow.array(mettre_en_forme(resultats[[colonne]], [(colonne, nom, periode)], tbs)[colonne], from_pandas=True)
    if OBJECTIF_SORTIES[0] in resultats:
        variable, revenu = OBJECTIF_SORTIES
        sortie[variable] = pyarrow.array(resultats[variable].to_numpy(), pyarrow.large_string(), from_pandas=True)
        sortie[revenu] = pyarrow.array(resultats[revenu].to_numpy(dtype=float).round(2), from_pandas=True)
    return sortie


def _verifier_sorties(noms_entree, colonnes):
    deja = [colonne for colonne in [c for c, _, _ in colonnes] + list(OBJECTIF_SORTIES) if colonne in noms_entree]
    if deja:
        raise ValueError(f"result column '{deja[0]}' is also an input column of the file: the input would be overwritten")


def _sortie(lot: pandas.DataFrame, resultat, colonnes, tbs) -> pandas.DataFrame:
    """Inputs and results as one DataFrame (the Python API's form of a batch chunk)."""
    _verifier_sorties(lot.columns, colonnes)
    return pandas.concat([lot.reset_index(drop=True), mettre_en_forme(resultat.resultats, colonnes, tbs)], axis=1)


def _calculer_lot(table: pyarrow.Table, format_entree: str, annee: int, variables, tbs, colonnes, premiere_ligne: int,
                  decimale: str):
    """One chunk: the inputs as pandas for `calculer` (validation and computation), the output as the
    input's Arrow columns followed by the results, with the chunk's errors. Binary columns are decoded
    first (`textes_utf8`): a row with bytes that are not UTF-8 is refused (empty results)."""
    table, erreurs_texte, refusees = textes_utf8(table, premiere_ligne, format_entree)
    resultat = calculer(_vers_pandas(table, format_entree), annee, variables, tbs=tbs, premiere_ligne=premiere_ligne,
                        decimale=decimale, hors_legislation_par_ligne=True)  # the file decides: refuser_si_hors_legislation
    _verifier_sorties(table.column_names, colonnes)
    resultats = resultats_arrow(resultat.resultats, colonnes, tbs)
    erreurs = resultat.erreurs
    if refusees.any():
        masque = pyarrow.array(refusees)
        resultats = {nom: pyarrow.compute.if_else(masque, pyarrow.scalar(None, valeurs.type), valeurs)
                     for nom, valeurs in resultats.items()}
        erreurs = pandas.concat([erreurs, erreurs_texte], ignore_index=True).sort_values(["ligne", "colonne"], ignore_index=True)
    return pyarrow.Table.from_arrays([*table.columns, *resultats.values()], names=[*table.column_names, *resultats]), erreurs


def schema_sortie(chemin: Path, dialecte: Dialecte, colonnes, tbs) -> pyarrow.Schema:
    """The Parquet schema of the output, as the pandas writer gave it (with its pandas metadata): the
    input's columns as read (CSV: text), the results' types whatever the rows of the first chunk."""
    chemin = Path(chemin)
    if _format(chemin) == "parquet":
        fichier = pyarrow.parquet.ParquetFile(chemin)
        tete = next(fichier.iter_batches(batch_size=1), None) if fichier.metadata.num_rows else None
        tete = pyarrow.Table.from_batches([tete]) if tete is not None else fichier.schema_arrow.empty_table()
        tete = textes_utf8(tete)[0]  # binary columns are written as text
    else:
        tete = pyarrow.schema([(nom, pyarrow.string()) for nom in _entete(chemin, dialecte)]).empty_table()
    entrees = _vers_pandas(tete, _format(chemin))
    vides = pandas.DataFrame({colonne: numpy.full(len(entrees), numpy.nan, dtype=float if tbs.variables[nom].value_type in (float, int, bool)
                                                   else object) for colonne, nom, _ in colonnes})
    if OBJECTIF in tete.column_names:
        vides[OBJECTIF_SORTIES[0]] = pandas.Series([None] * len(entrees), dtype=object)
        vides[OBJECTIF_SORTIES[1]] = numpy.full(len(entrees), numpy.nan)
    return pyarrow.Schema.from_pandas(pandas.concat([entrees, mettre_en_forme(vides, colonnes, tbs)], axis=1), preserve_index=False)


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


def _aucune_erreur() -> pandas.DataFrame:
    return pandas.DataFrame(columns=["ligne", "colonne", "message"])


def executer(entree, sortie, annee: int, variables, taille_lot: int = TAILLE_LOT, progression: bool = True,
             reforme: str | None = None) -> pandas.DataFrame:
    """Run the local engine; returns the errors (ligne, colonne, message).

    Chunks of `taille_lot` rows go through pyarrow end to end (read, output table, CSV or Parquet
    writer); only the model's inputs are handed to `calculer` as pandas. The next chunk is read and
    the previous one written in threads while a chunk is computed. A dataset output (`sortie` a folder,
    see `DatasetAtomique`) gets one part file."""
    format_sortie = _format_sortie(sortie)
    entree, sortie, tbs, colonnes, dialecte = _preparer(entree, sortie, annee, variables, reforme)
    format_entree = _format(entree)
    total = nombre_lignes(entree)
    schema = schema_sortie(entree, dialecte, colonnes, tbs) if format_sortie != "csv" else None
    erreurs = []
    premiere_ligne = 1
    with contextlib.ExitStack() as pile:
        if format_sortie == "dataset":
            jeu = pile.enter_context(DatasetAtomique(sortie))
            ecriture = pile.enter_context(EcritureAtomique(jeu.partie(0), dialecte, schema))
        else:
            ecriture = pile.enter_context(EcritureAtomique(sortie, dialecte, schema))
        barre = pile.enter_context(tqdm(total=total, unit=" lignes", file=sys.stderr, disable=not progression))
        fil = pile.enter_context(concurrent.futures.ThreadPoolExecutor(1))
        ecrit = None
        for lot in _en_avance(lire_lots_arrow(entree, taille_lot, dialecte)):
            table, erreurs_lot = _calculer_lot(lot, format_entree, annee, variables, tbs, colonnes, premiere_ligne,
                                               dialecte.decimale)
            if ecrit is not None:
                ecrit.result()  # one chunk written at a time, in order
            ecrit = fil.submit(ecriture.ecrire, table)
            erreurs.append(erreurs_lot)
            premiere_ligne += lot.num_rows
            barre.update(lot.num_rows)
        if ecrit is not None:
            ecrit.result()
        erreurs = pandas.concat(erreurs, ignore_index=True) if erreurs else _aucune_erreur()
        refuser_si_hors_legislation(erreurs, premiere_ligne - 1, annee)  # nothing written then
    return erreurs


# --- Dask: each worker reads its share of the input (Parquet row groups, CSV byte ranges cut at line
# ends), computes it chunk by chunk and writes a part file in a folder next to the output; the client
# only sends paths and ranges, then appends the parts in row order to the atomic output (or, for a
# dataset, renames the folder of parts onto it).


def _taches_parquet(chemin: Path, taille: int):
    """(row groups, first row) of each task: consecutive row groups of at least `taille` rows."""
    metadonnees = pyarrow.parquet.ParquetFile(chemin).metadata
    taches, groupes, lignes, premiere = [], [], 0, 1
    for groupe in range(metadonnees.num_row_groups):
        groupes.append(groupe)
        lignes += metadonnees.row_group(groupe).num_rows
        if lignes >= taille:
            taches.append((tuple(groupes), premiere))
            premiere += lignes
            groupes, lignes = [], 0
    if groupes:
        taches.append((tuple(groupes), premiere))
    return taches, metadonnees.num_rows


def _taches_csv(chemin: Path, taille: int):
    """(byte range, first row) of each task: ranges of about `taille` rows (from the mean line length of
    the first 64 KiB), cut after a line end. The rows are counted by line ends, as `nombre_lignes`."""
    with open(chemin, "rb") as fichier:
        echantillon = fichier.read(TAILLE_ECHANTILLON)
        fichier.seek(0)
        fichier.readline()  # the header
        debut, fin_fichier = fichier.tell(), os.fstat(fichier.fileno()).st_size
        pas = max(taille * len(echantillon) // max(echantillon.count(b"\n"), 1), 1)
        taches, premiere = [], 1
        while debut < fin_fichier:
            fichier.seek(min(debut + pas, fin_fichier))
            fichier.readline()
            fin = fichier.tell() if debut + pas < fin_fichier else fin_fichier
            fichier.seek(debut)
            lignes = sum(fichier.read(min(1 << 24, fin - position)).count(b"\n") for position in range(debut, fin, 1 << 24))
            taches.append(((debut, fin), premiere))
            premiere += lignes
            debut = fin
    return taches, premiere - 1


def _tache(entree: str, source, partie: str, annee: int, variables, reforme, dialecte: Dialecte, noms, taille: int,
           premiere_ligne: int, schema, dataset: bool = False):
    """Run on a Dask worker: reads its share of the input, computes it and writes the part file `partie`:
    for a dataset output, one of its Parquet part files (nothing left for the client to write);
    otherwise CSV rows without header, or for a Parquet file an Arrow IPC file of the output's schema
    (the client encodes Parquet once, a Parquet part would be encoded, decoded and encoded again).
    Returns (rows, errors); the tax-benefit system is loaded once per worker process (a LocalCluster's
    workers are forked with it, see `_demarrer_dask`)."""
    tbs = systeme(reforme)
    colonnes = colonnes_resultats(variables, annee, tbs)
    format_entree = _format(Path(entree))
    if format_entree == "parquet":
        lots = lire_lots_arrow(entree, taille, dialecte, groupes=list(source))
    else:
        lots = _lots_bloc_csv(Path(entree), *source, noms, dialecte, taille)
    lignes, erreurs = 0, []
    temporaire = partie + ".tmp"
    ecrivain = None
    try:
        with open(temporaire, "wb") as fichier:
            for lot in lots:
                table, erreurs_lot = _calculer_lot(lot, format_entree, annee, variables, tbs, colonnes,
                                                   premiere_ligne + lignes, dialecte.decimale)
                if schema is not None:
                    if ecrivain is None:
                        ecrivain = (pyarrow.parquet.ParquetWriter(fichier, schema, **options_parquet(schema)) if dataset
                                    else pyarrow.ipc.new_file(fichier, schema))
                    ecrivain.write_table(table.cast(schema))
                else:
                    fichier.write(lignes_csv(table, dialecte))
                erreurs.append(erreurs_lot)
                lignes += lot.num_rows
            if ecrivain is not None:
                ecrivain.close()
        os.replace(temporaire, partie)
    except OSError as erreur:  # the disk full or the folder gone: not a reading error (those are ErreurFichier)
        raise _ecriture_impossible(partie, erreur, "a part of the output") from None
    finally:
        Path(temporaire).unlink(missing_ok=True)
    return lignes, pandas.concat(erreurs, ignore_index=True) if erreurs else _aucune_erreur()


def _demarrer_dask(scheduler: str | None, workers: int):
    """(client, LocalCluster or None): the remote scheduler's client, or a LocalCluster of `workers` processes.

    On Linux the LocalCluster's worker processes are forked from this one (Dask spawns them by default:
    a fresh interpreter importing everything and loading the tax-benefit system, about 1 s of CPU each,
    and as long again to stop): called once the tax-benefit system is loaded, they start with it."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_ in its workers, which freezes glibc's mmap threshold:
    # every numpy temporary of a chunk would then be a fresh mmap (page faults), twice as slow
    environnement = {cle: valeur for cle, valeur in dask.config.get("distributed.nanny.pre-spawn-environ").items()
                     if cle != "MALLOC_TRIM_THRESHOLD_"}
    # the scheduler's HTTP server (health checks; no dashboard without bokeh) takes another port when
    # 8787 is busy (another cluster on the machine) and says so on stderr: not the user's concern
    warnings.filterwarnings("ignore", message=r"Port \d+ is already in use", category=UserWarning, module=r"distributed\.")
    reglages = {"distributed.nanny.pre-spawn-environ": environnement}
    if sys.platform.startswith("linux"):  # fork is unsafe on macOS, missing on Windows
        reglages["distributed.worker.multiprocessing-method"] = "fork"
    # the workers' statistical profiler samples their task's stack every 10 ms for the dashboard (not started)
    reglages["distributed.worker.profile.enabled"] = False
    _DEMARRAGE_DES_TRAVAILLEURS.set()
    try:
        with dask.config.set(reglages):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.CRITICAL)  # no worker's heartbeat complaint at shutdown on stderr
    finally:
        _DEMARRAGE_DES_TRAVAILLEURS.clear()
    try:
        return Client(cluster), cluster
    except BaseException:
        cluster.close()
        raise


def _arreter_dask(demarrage):
    """Closes the client and cluster once started (waiting for a start under way)."""
    try:
        client, cluster = demarrage.result()
    except Exception:  # a failed start: its error is raised where the client is used
        return
    client.close()
    if cluster is not None:
        cluster.close()


def _demarrage_fait(scheduler, workers) -> concurrent.futures.Future:
    """`_demarrer_dask` run here, its result (or error) as a finished future."""
    fait = concurrent.futures.Future()
    try:
        fait.set_result(_demarrer_dask(scheduler, workers))
    except BaseException as erreur:
        fait.set_exception(erreur)
    return fait


def executer_dask(entree, sortie, annee: int, variables, scheduler: str | None = None, workers: int = 2,
                  taille_lot: int = TAILLE_LOT, progression: bool = True, reforme: str | None = None) -> pandas.DataFrame:
    """Same computation with dask.distributed: each worker reads, computes and writes its own share
    (see `_tache`). A dataset output (`sortie` a folder, see `DatasetAtomique`) is written by the
    workers, one part file per task; for a single output file, the client appends the part files in row
    order to the output, written atomically.

    A remote scheduler is connected to (in a thread) while the client plans the tasks; a LocalCluster
    is started once the client has loaded the tax-benefit system, its workers forked with it (see
    `_demarrer_dask`). With `scheduler` (a remote cluster), the workers must see the input, and the
    output's folder (where the parts are written), at the same paths as the client."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError as erreur:
        raise ValueError("the Dask engine needs the optional extra: pip install 'openfisca-independants[distributed]'") from erreur
    format_sortie = _format_sortie(sortie)
    entree, sortie = Path(entree), Path(sortie)
    if not entree.is_file():
        raise ErreurFichier(f"input file '{entree}' not found")
    _format(entree)
    if not sortie.parent.is_dir():
        raise ErreurFichier(f"output folder '{sortie.parent}' does not exist")
    erreurs, parties, demarrage = [], None, None
    with concurrent.futures.ThreadPoolExecutor(1) as fil:
        if scheduler:
            demarrage = fil.submit(_demarrer_dask, scheduler, workers)
        try:
            taches, total = (_taches_parquet if _format(entree) == "parquet" else _taches_csv)(entree, taille_lot)
            if not total:  # a header-only file: the local engine writes its header
                return executer(entree, sortie if format_sortie != "dataset" else str(sortie) + os.sep, annee, variables,
                                taille_lot, progression, reforme)
            entree, sortie, tbs, colonnes, dialecte = _preparer(entree, sortie, annee, variables, reforme)
            if demarrage is None:  # the tax-benefit system loaded: the LocalCluster's workers start with it
                demarrage = _demarrage_fait(None, workers)
            entree, sortie = entree.resolve(), sortie.absolute()
            if _format(entree) == "parquet":
                noms = pyarrow.parquet.ParquetFile(entree).schema_arrow.names
            else:
                noms = _entete(entree, dialecte)
            schema = schema_sortie(entree, dialecte, colonnes, tbs) if format_sortie != "csv" else None
            dataset = format_sortie == "dataset"
            with (DatasetAtomique(sortie) if dataset else EcritureAtomique(sortie, dialecte, schema)) as ecriture:
                if dataset:
                    parties = ecriture.temporaire
                else:
                    try:
                        parties = Path(tempfile.mkdtemp(prefix=prefixe_temporaire(sortie), suffix=".parties", dir=sortie.parent))
                    except OSError as erreur:
                        raise _ecriture_impossible(sortie, erreur) from None
                nom_partie = ecriture.partie if dataset else (lambda rang: parties / f"{rang:06d}")
                client, _ = demarrage.result()
                if schema is None:
                    sorties = [c for c, _, _ in colonnes] + (list(OBJECTIF_SORTIES) if OBJECTIF in noms else [])
                    ecriture.en_tete([*noms, *sorties])
                futures = [client.submit(_tache, str(entree), source, str(nom_partie(rang)), annee, tuple(variables),
                                         reforme, dialecte, noms, taille_lot, premiere, schema, dataset, pure=False)
                           for rang, (source, premiere) in enumerate(taches)]
                with tqdm(total=total, unit=" lignes", file=sys.stderr, disable=not progression) as barre:
                    premiere_ligne = 1
                    for rang, (future, (_, estimee)) in enumerate(zip(futures, taches)):
                        lignes, erreurs_tache = future.result()
                        future.release()
                        if not dataset:
                            partie = nom_partie(rang)
                            ecriture.ajouter(partie)
                            partie.unlink()
                        # the rows a CSV task found (a blank line is no row): its errors renumbered
                        erreurs_tache["ligne"] += premiere_ligne - estimee
                        erreurs.append(erreurs_tache)
                        premiere_ligne += lignes
                        barre.update(lignes)
                erreurs = pandas.concat(erreurs, ignore_index=True) if erreurs else _aucune_erreur()
                refuser_si_hors_legislation(erreurs, premiere_ligne - 1, annee)  # nothing written then
        finally:
            if demarrage is not None:
                _arreter_dask(demarrage)  # the workers stopped first: none writes a part any more
            if parties is not None:
                shutil.rmtree(parties, ignore_errors=True)
    return erreurs


def ecrire_erreurs(erreurs: pandas.DataFrame, entree, sortie) -> Path:
    """The error report next to the output, `<sortie>.erreurs.csv`, in the CSV dialect of the output
    (written to a temporary renamed at the end, as the output; ErreurEcriture if it cannot be written)."""
    entree, fichier = Path(entree), Path(sortie).with_name(Path(sortie).name + ".erreurs.csv")  # a dataset's: next to its folder
    dialecte = detecter_dialecte(entree) if _format(entree) == "csv" and _format_sortie(sortie) == "csv" else Dialecte()
    temporaire = None
    try:
        descripteur, temporaire = tempfile.mkstemp(prefix=prefixe_temporaire(fichier), suffix=".tmp", dir=fichier.parent)
        with open(descripteur, "w", encoding="utf-8-sig" if dialecte.bom else dialecte.encodage, errors="replace",
                  newline="") as flux:
            erreurs.to_csv(flux, index=False, sep=dialecte.separateur)
        masque = os.umask(0)
        os.umask(masque)
        os.chmod(temporaire, 0o666 & ~masque)
        os.replace(temporaire, fichier)
    except OSError as erreur:
        raise _ecriture_impossible(fichier, erreur, "the error report") from None
    finally:
        if temporaire is not None:
            Path(temporaire).unlink(missing_ok=True)
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
