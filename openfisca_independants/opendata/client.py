"""Download client for open.urssaf.fr (Opendatasoft Explore API v2.1), with a local cache.

`exporter(dataset)` fetches the whole dataset through `exports/csv` (no record limit);
`enregistrements(dataset)` pages through `records` (100 per call, offset + limit ≤ 10 000).
The base URL must be http(s)://host[:port] and the dataset an id (letters, digits, '-', '_'):
anything else (file://, a path, '..') is refused before any request. Requests have a timeout and are retried with exponential backoff on network errors, timeouts
and 5xx / 429 answers; other 4xx answers fail at once. Downloads go to a temporary file renamed
into the cache, so the cache never holds a partial file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

URL_OPEN_URSSAF = "https://open.urssaf.fr"
CHEMIN_API = "/api/explore/v2.1/catalog/datasets/{dataset}/{point}"
TAILLE_PAGE = 100
LIMITE_RECORDS = 10_000


# An Opendatasoft dataset id: letters, digits, '-' and '_' (it also names the cache file)
IDENTIFIANT_DATASET = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


class ErreurTelechargement(RuntimeError):
    pass


def verifier_dataset(dataset: str) -> str:
    """`dataset` if it is a dataset id (letters, digits, '-', '_'); ValueError otherwise (no path, no URL)."""
    if not isinstance(dataset, str) or not IDENTIFIANT_DATASET.fullmatch(dataset):
        raise ValueError(f"dataset {dataset!r}: expected an open.urssaf.fr dataset id (letters, digits, '-' and '_'), "
                         "e.g. auto-entrepreneurs-par-secteur-dactivite")
    return dataset


def verifier_base_url(base_url: str) -> str:
    """`base_url` if it is http(s)://host[:port] (the API path is added by the client); ValueError otherwise
    (another scheme such as file://, a path, a query, credentials)."""
    morceaux = urllib.parse.urlsplit(base_url if isinstance(base_url, str) else "")
    try:
        morceaux.port  # noqa: B018  (raises on a port that is not a number)
        port_valide = True
    except ValueError:
        port_valide = False
    if (morceaux.scheme not in ("http", "https") or not morceaux.hostname or morceaux.path not in ("", "/")
            or morceaux.query or morceaux.fragment or morceaux.username or morceaux.password or not port_valide):
        raise ValueError(f"base URL {base_url!r}: expected http(s)://host[:port] of an Opendatasoft portal, "
                         "without path, query or credentials, e.g. https://open.urssaf.fr")
    return base_url


class Client:
    def __init__(self, base_url: str = URL_OPEN_URSSAF, cache: str | Path | None = None, timeout: float = 30.0,
                 tentatives: int = 3, attente: float = 1.0):
        self.base_url = verifier_base_url(base_url).rstrip("/")
        self.cache = Path(cache or Path.home() / ".cache" / "openfisca-independants" / "opendata")
        self.timeout, self.tentatives, self.attente = timeout, tentatives, attente

    def url(self, dataset: str, point: str, **parametres) -> str:
        adresse = self.base_url + CHEMIN_API.format(dataset=urllib.parse.quote(verifier_dataset(dataset)), point=point)
        return adresse + ("?" + urllib.parse.urlencode(parametres) if parametres else "")

    def _get(self, url: str) -> bytes:
        derniere = None
        for essai in range(self.tentatives):
            try:
                with urllib.request.urlopen(url, timeout=self.timeout) as reponse:
                    return reponse.read()
            except urllib.error.HTTPError as erreur:
                if erreur.code < 500 and erreur.code != 429:
                    raise ErreurTelechargement(f"{url}: HTTP {erreur.code} {erreur.reason}") from erreur
                derniere = f"HTTP {erreur.code} {erreur.reason}"
            except (urllib.error.URLError, TimeoutError, OSError) as erreur:
                derniere = f"{type(erreur).__name__}: {getattr(erreur, 'reason', erreur)}"
            if essai + 1 < self.tentatives:
                time.sleep(self.attente * 2**essai)
        raise ErreurTelechargement(f"{url}: failed after {self.tentatives} attempts ({derniere})")

    def _en_cache(self, nom: str, telecharger, rafraichir: bool) -> Path:
        cible = self.cache / nom
        if cible.exists() and not rafraichir:
            return cible
        contenu = telecharger()
        self.cache.mkdir(parents=True, exist_ok=True)
        descripteur, temporaire = tempfile.mkstemp(dir=self.cache, prefix=f".{nom}.", suffix=".tmp")
        with os.fdopen(descripteur, "wb") as fichier:
            fichier.write(contenu)
        os.replace(temporaire, cible)
        return cible

    def exporter(self, dataset: str, rafraichir: bool = False) -> Path:
        """The dataset as an Opendatasoft CSV export (`;`, label headers), from the cache if present."""
        url = self.url(dataset, "exports/csv", delimiter=";", use_labels="true")
        return self._en_cache(f"{dataset}.csv", lambda: self._get(url), rafraichir)

    def enregistrements(self, dataset: str, rafraichir: bool = False) -> Path:
        """The dataset paged through `records` (JSON list of records), from the cache if present."""

        def telecharger():
            resultats, decalage, total = [], 0, None
            while total is None or decalage < min(total, LIMITE_RECORDS):
                page = json.loads(self._get(self.url(dataset, "records", limit=TAILLE_PAGE, offset=decalage)))
                total = page.get("total_count", 0)
                resultats.extend(page.get("results", []))
                if not page.get("results"):
                    break
                decalage += TAILLE_PAGE
            if total and total > LIMITE_RECORDS:
                raise ErreurTelechargement(f"{dataset}: {total} records, more than the records endpoint serves; use exporter()")
            return json.dumps(resultats, ensure_ascii=False).encode()

        return self._en_cache(f"{dataset}.records.json", telecharger, rafraichir)
