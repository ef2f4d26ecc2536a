"""Loaders: Opendatasoft CSV exports and Explore API v2.1 JSON to typed pandas DataFrames.

Every problem is an `ErreurDonnees` naming the file, the line (CSV: 1 = header; JSON: record
number, 1 = first) and the column.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy
import pandas

from openfisca_independants.opendata.schemas import CODE, DATASETS, DATE, DECIMAL, ENTIER, champ, reconnaitre


class ErreurDonnees(ValueError):
    def __init__(self, fichier, ligne, colonne, message):
        self.fichier, self.ligne, self.colonne = str(fichier), ligne, colonne
        position = f"line {ligne}" if ligne is not None else "header"
        super().__init__(f"{fichier}: {position}, column '{colonne}': {message}")


def _lire_brut(source, nom: str) -> tuple[pandas.DataFrame, int]:
    """Raw text columns and the line number of the first row (CSV 2, JSON 1)."""
    if isinstance(source, (str, Path)):
        contenu = Path(source).read_bytes()
    else:
        contenu = source.read()
        contenu = contenu.encode() if isinstance(contenu, str) else contenu
    texte = contenu.decode("utf-8-sig")
    debut = texte.lstrip()[:1]
    if debut in ("{", "["):
        donnees = json.loads(texte)
        if isinstance(donnees, dict):  # records endpoint: {"total_count": …, "results": […]}
            if "results" not in donnees:
                raise ErreurDonnees(nom, None, "results", "JSON object without 'results' (not an Explore API v2.1 answer)")
            donnees = donnees["results"]
        tableau = pandas.DataFrame.from_records(donnees)
        return tableau.astype(object).where(tableau.notna(), None), 1
    separateur = ";" if texte.split("\n", 1)[0].count(";") >= texte.split("\n", 1)[0].count(",") else ","
    return pandas.read_csv(io.StringIO(texte), sep=separateur, dtype=str, keep_default_na=False), 2


def charger(source, dataset: str | None = None, nom: str | None = None) -> pandas.DataFrame:
    """Load an Opendatasoft CSV export or an Explore API JSON (records or exports/json).

    Columns are renamed to the API field names and typed: integers, floats, dates
    (datetime64), codes as strings ("01", "2A", "974"). `dataset` is recognised from the
    columns when not given. Checks: every field present, numbers numeric, no duplicate key.
    """
    nom = nom or (str(source) if isinstance(source, (str, Path)) else "<données>")
    brut, premiere = _lire_brut(source, nom)
    dataset = dataset or reconnaitre(brut.columns)
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset '{dataset}' (known: {', '.join(DATASETS)})")
    definition = DATASETS[dataset]
    brut = brut.rename(columns={colonne: champ(colonne, dataset) for colonne in brut.columns})
    for nom_champ in definition["champs"]:
        if nom_champ not in brut.columns:
            raise ErreurDonnees(nom, None, nom_champ, f"missing column (dataset {dataset}; columns read: {list(brut.columns)})")
    table = pandas.DataFrame(index=brut.index)
    for nom_champ, genre in definition["champs"].items():
        valeurs = brut[nom_champ]
        texte = valeurs.map(lambda v: "" if v is None else str(v).strip())
        if genre in (ENTIER, DECIMAL):
            nombres = pandas.to_numeric(texte.replace("", numpy.nan), errors="coerce")
            fautes = nombres.isna() & (texte != "")
            if fautes.any():
                ligne = int(numpy.flatnonzero(fautes.to_numpy())[0])
                raise ErreurDonnees(nom, ligne + premiere, nom_champ, f"not a number: {texte.iloc[ligne]!r}")
            if genre == ENTIER:
                if (nombres.dropna() % 1 != 0).any():
                    ligne = int(numpy.flatnonzero((nombres % 1 != 0).fillna(False).to_numpy())[0])
                    raise ErreurDonnees(nom, ligne + premiere, nom_champ, f"not an integer: {texte.iloc[ligne]!r}")
                table[nom_champ] = nombres.astype("Int64")
            else:
                table[nom_champ] = nombres.astype(float)
        elif genre == DATE:
            dates = pandas.to_datetime(texte, errors="coerce", format="ISO8601")
            fautes = dates.isna() & (texte != "")
            if fautes.any():
                ligne = int(numpy.flatnonzero(fautes.to_numpy())[0])
                raise ErreurDonnees(nom, ligne + premiere, nom_champ, f"not a date (YYYY-MM-DD): {texte.iloc[ligne]!r}")
            table[nom_champ] = dates
        elif genre == CODE:
            # numeric codes lose their leading zero in some exports: "1" → "01"; "2A", "974" kept
            table[nom_champ] = texte.where(~texte.str.fullmatch(r"\d"), "0" + texte).astype("string")
        else:
            table[nom_champ] = texte.astype("string")
    doublons = table.duplicated(list(definition["cle"]), keep="first")
    if doublons.any():
        ligne = int(numpy.flatnonzero(doublons.to_numpy())[0])
        cle = ", ".join(f"{c}={table[c].iloc[ligne]}" for c in definition["cle"])
        raise ErreurDonnees(nom, ligne + premiere, definition["cle"][0], f"duplicate row for ({cle})")
    table.attrs["dataset"] = dataset
    return table
