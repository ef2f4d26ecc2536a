"""The URSSAF open-data datasets this package reads: API field names, types, keys.

Field names are those of the Opendatasoft Explore API v2.1 (https://open.urssaf.fr/api/explore/v2.1/catalog/datasets/<id>/records,
as queried by public code; no copy of the schema page was available). CSV exports
use the field *labels* as headers ("Dernier jour du trimestre"); `champ()` turns a label into
the field name (lower case, no accents, non-alphanumerics as `_`), with the exceptions listed in
ALIAS.
"""

import re
import unicodedata

ENTIER, DECIMAL, DATE, TEXTE, CODE = "entier", "decimal", "date", "texte", "code"

DATASETS = {
    "auto-entrepreneurs-par-secteur-dactivite": {
        "champs": {
            "secteur_d_activite_me": TEXTE, "annee": ENTIER, "trimestre": ENTIER, "dernier_jour_du_trimestre": DATE,
            "immatriculations": DECIMAL, "radiations": DECIMAL, "economiquement_actifs": DECIMAL,
            "administrativement_actifs": DECIMAL, "chiffres_d_affaires": DECIMAL,
        },
        "cle": ("secteur_d_activite_me", "dernier_jour_du_trimestre"),
    },
    "auto-entrepreneurs-par-departement": {
        "champs": {
            "region": TEXTE, "departement": TEXTE, "annee": ENTIER, "trimestre": ENTIER, "dernier_jour_du_trimestre": DATE,
            "code_region": CODE, "code_departement": CODE, "immatriculations": DECIMAL, "radiations": DECIMAL,
            "chiffres_d_affaires": DECIMAL, "economiquement_actifs": DECIMAL, "administrativement_actifs": DECIMAL,
        },
        "cle": ("code_departement", "dernier_jour_du_trimestre"),
    },
    # Field list of the 2004–2020 dataset not found in any public code:
    # taken from its description (type of worker, professional group, département, year) and
    # from its `-secteur` successor.
    "travailleurs-independants-par-departement": {
        "champs": {
            "type_de_travailleur_independant": TEXTE, "groupe_professionnel": TEXTE, "region": TEXTE, "departement": TEXTE,
            "annee": ENTIER, "code_region": CODE, "code_departement": CODE,
            "administrativement_actifs": DECIMAL, "economiquement_actifs": DECIMAL,
        },
        "cle": ("code_departement", "type_de_travailleur_independant", "groupe_professionnel", "annee"),
    },
    "travailleurs-independants-par-departement-secteur": {
        "champs": {
            "type_de_travailleur_independant": TEXTE, "region": TEXTE, "ancienne_region": TEXTE, "departement": TEXTE,
            "secteur_d_activite": TEXTE, "annee": ENTIER, "code_region": CODE, "code_ancienne_region": CODE,
            "code_departement": CODE, "administrativement_actifs": DECIMAL, "economiquement_actifs": DECIMAL,
        },
        "cle": ("code_departement", "type_de_travailleur_independant", "secteur_d_activite", "annee"),
    },
}

# CSV labels whose simplified form is not the API field name
ALIAS = {
    "secteur_d_activite": {"auto-entrepreneurs-par-secteur-dactivite": "secteur_d_activite_me"},
}


def simplifier(libelle: str) -> str:
    """'Code Département' → 'code_departement'; 'Chiffres d'affaires' → 'chiffres_d_affaires'."""
    sans_accents = unicodedata.normalize("NFKD", libelle.strip().lstrip("\ufeff")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", sans_accents.lower()).strip("_")


def champ(libelle: str, dataset: str) -> str:
    nom = simplifier(libelle)
    return ALIAS.get(nom, {}).get(dataset, nom)


def reconnaitre(colonnes) -> str:
    """The dataset whose fields match these columns best (all its fields present)."""
    candidats = []
    for dataset, definition in DATASETS.items():
        noms = {champ(colonne, dataset) for colonne in colonnes}
        manquants = set(definition["champs"]) - noms
        candidats.append((len(manquants), -len(definition["champs"]), dataset))
    candidats.sort()
    return candidats[0][2]
