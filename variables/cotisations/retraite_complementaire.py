"""Retraite complémentaire des indépendants (RCI)."""

from openfisca_core.model_api import YEAR, Variable, min_, where

from openfisca_independants.baremes import part_entre
from openfisca_independants.entities import Individu


class retraite_complementaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire du travailleur indépendant"
    reference = "Code de la sécurité sociale, art. D635-7"
    documentation = (
        "Tranche 1 jusqu'au plafond du RCI (PRCI, en euros), tranche 2 du PRCI à 4 PSS ; pas "
        "d'assiette minimale (fiche législative §3.5). En année incomplète, le PRCI est réduit "
        "au prorata des jours d'activité comme les seuils en PASS."
    )

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.retraite_complementaire
        pss = individu("plafond_securite_sociale", period)
        assiette = individu("assiette_cotisations", period)
        plafond_rci = p.plafond_rci * individu("prorata_annee_activite", period)
        montant = p.taux_tranche_1 * min_(assiette, plafond_rci) + p.taux_tranche_2 * part_entre(
            assiette, plafond_rci, p.plafond * pss
        )
        return where(individu("micro_entrepreneur", period), 0, montant)
