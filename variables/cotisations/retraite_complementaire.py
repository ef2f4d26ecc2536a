"""Retraite complémentaire des indépendants (RCI)."""

import numpy
from openfisca_core.model_api import YEAR, Variable, min_, where

from openfisca_independants.baremes import part_entre
from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee


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
        montant = where(individu("est_cipav", period), individu("retraite_complementaire_cipav", period), montant)
        return where(individu("micro_entrepreneur", period), 0, montant)


class retraite_complementaire_cipav(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire des professions libérales relevant de la Cipav"
    reference = "Fiche législative §4.4"

    def formula(individu, period):
        """2019–2020 : classes non trouvées dans les sources."""
        concernes = individu("est_cipav", period) & ~individu("micro_entrepreneur", period)
        if concernes.any():
            raise SituationNonModelisee(
                "categorie_independant",
                f"the Cipav complementary pension classes of {period} are not in the model's sources (2021 on).",
            )
        return individu.empty_array()

    def formula_2021_01_01(individu, period, parameters):
        """2021–2022 : montant forfaitaire de la classe de revenu."""
        classes = parameters(period).cotisations.retraite_complementaire_cipav.classes
        assiette = individu("assiette_cotisations", period)
        rang = numpy.searchsorted(numpy.asarray(classes.thresholds[1:]), assiette, side="left")
        return numpy.asarray(classes.amounts)[rang]

    def formula_2023_01_01(individu, period, parameters):
        """Depuis 2023 : proportionnelle, tranche 1 jusqu'à 1 PSS, tranche 2 jusqu'au plafond."""
        p = parameters(period).cotisations.retraite_complementaire_cipav
        pss = individu("plafond_securite_sociale", period)
        assiette = individu("assiette_cotisations", period)
        return p.taux_tranche_1 * min_(assiette, p.plafond_tranche_1 * pss) + p.taux_tranche_2 * part_entre(
            assiette, p.plafond_tranche_1 * pss, p.plafond * pss
        )
