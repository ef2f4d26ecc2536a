"""Indemnités journalières (maladie 2) of artisans, commerçants and PL non réglementées."""

from openfisca_core.model_api import YEAR, Variable, min_, where

from openfisca_independants.baremes import borner
from openfisca_independants.entities import Individu


class indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières (maladie 2)"
    reference = "Code de la sécurité sociale, art. L621-2 et D621-3 I"
    documentation = (
        "Taux × assiette des cotisations bornée entre 40 % PSS et 5 PSS ; en 2022–2023, limitée "
        "au total maladie-maternité (fiche législative §3.3)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.indemnites_journalieres
        pss = individu("plafond_securite_sociale", period)
        assiette = borner(
            individu("assiette_cotisations", period), p.assiette_minimale * pss, p.plafond * pss
        )
        cotisation = p.taux * assiette
        total_maladie = individu("maladie_maternite_total", period)
        cotisation = where(p.plafonnement_au_total_maladie, min_(cotisation, total_maladie), cotisation)
        cotisation = where(individu("est_cipav", period), individu("indemnites_journalieres_pl", period), cotisation)
        cotisation = cotisation * (1 - individu("acre_taux_exoneration", period))
        return where(individu("micro_entrepreneur", period), 0, cotisation)


class indemnites_journalieres_pl(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières des professions libérales réglementées (CNAVPL)"
    reference = "Code de la sécurité sociale, art. D621-3 III"
    documentation = "Taux × assiette bornée entre 40 % PSS et 3 PSS ; créée au 1er juillet 2021 (fiche législative §4.2)."

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.indemnites_journalieres_pl
        pss = individu("plafond_securite_sociale", period)
        return p.taux * borner(individu("assiette_cotisations", period), p.assiette_minimale * pss, p.plafond * pss)
