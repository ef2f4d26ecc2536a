"""URSSAF open data: loaders, a download client, populations and contribution estimates."""

from pathlib import Path

from openfisca_independants.opendata.chargement import ErreurDonnees, charger  # noqa: F401

FICHIER_SECTEURS = Path(__file__).resolve().parents[1] / "donnees" / "urssaf" / "auto-entrepreneurs-par-secteur-dactivite.csv"
