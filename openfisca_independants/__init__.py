"""OpenFisca model of the social contributions of French self-employed workers."""

import json
from pathlib import Path

from openfisca_core import periods
from openfisca_core.parameters import Parameter
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_independants import entities

_PAQUET = Path(__file__).resolve().parent


def dossier_modele(nom: str) -> Path:
    """The model folder `nom`: inside the installed package, else at the repository root."""
    for candidat in (_PAQUET / nom, _PAQUET.parent / nom):
        if candidat.is_dir():
            return candidat
    raise FileNotFoundError(f"dossier du modèle introuvable : {nom}")


def _exemple(nom: str) -> dict:
    with open(_PAQUET / "situation_examples" / f"{nom}.json", encoding="utf-8") as fichier:
        return json.load(fichier)


def clore_la_legislation(parametres) -> None:
    """Make every parameter undefined after the last year the model covers
    (parameter couverture.derniere_annee), so that a later year is refused, not computed with
    the last known values."""
    derniere = int(parametres.couverture.derniere_annee.values_list[0].value)
    fin = periods.instant(f"{derniere + 1}-01-01")
    reference = {"title": f"Législation postérieure à {derniere} : pas dans les sources du modèle (paramètre couverture.derniere_annee)"}
    for descendant in parametres.get_descendants():
        if isinstance(descendant, Parameter):
            descendant.update(start=fin, value=None)
            for valeur in descendant.values_list:
                if valeur.instant_str == str(fin):
                    valeur.metadata["reference"] = [reference]


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Système socio-fiscal des travailleurs indépendants (cotisations et contributions sociales)."""

    def __init__(self):
        super().__init__(entities.entities)
        self.add_variables_from_directory(str(dossier_modele("variables")))
        self.load_parameters(str(dossier_modele("parameters")))
        clore_la_legislation(self.parameters)
        self.open_api_config = {
            "variable_example": "total_cotisations_contributions",
            "parameter_example": "prelevements_sociaux.pss.plafond_securite_sociale_annuel",
            "simulation_example": _exemple("artisan_30000_2024"),
        }

    def get_package_metadata(self):
        # Source links of the web API: the model folders sit at the repository root.
        metadata = super().get_package_metadata()
        metadata["location"] = str(dossier_modele("variables").parent)
        return metadata
