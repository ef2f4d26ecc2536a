"""Indemnités journalières (maladie 2) of the classic regime."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières (maladie 2)"
    reference = "Code de la sécurité sociale, art. L621-2 et D621-3"
    documentation = (
        "Artisans, commerçants, PLNR : taux × assiette bornée entre 40 % PSS et 5 PSS, limitée en "
        "2022–2023 au total maladie-maternité (lecture de mon-entreprise, modele-social : les IJ sont une part "
        "de ce total). Cipav : IJ CNAVPL, assiette bornée entre 40 % PSS et 3 PSS (art. D621-3). Après ACRE ; "
        "nulle pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.indemnites_journalieres.nette(
            individu, period, parameters, individu("assiette_cotisations", period),
            total=individu("maladie_maternite_total", period), coefficient=individu("acre_taux_exoneration", period),
        )
