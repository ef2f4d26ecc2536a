"""Contribution aux unions régionales des professionnels de santé (CURPS, code de la santé publique
L4031-4): a rate by profession on the income, capped at a fraction of the PASS; due by the
conventionnés health professionals and the pharmacists."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.regles.base import categorie_dans, hors_regime_classique, pamc, pass_annuel

PROFESSIONS = ("medecin", "chirurgien_dentiste", "sage_femme", "auxiliaire_medical", "pharmacien")  # parameter contributions.contribution_curps.taux


def concernes(individu, period):
    pharmaciens = categorie_dans(individu, period, ("pharmacien",))
    return pamc(individu, period) | (pharmaciens & ~hors_regime_classique(individu, period))


def montant(individu, period, parameters):
    dus = concernes(individu, period)
    if not dus.any():
        return individu.filled_array(0.0)
    p = parameters(period).contributions.contribution_curps
    taux = numpy.select([categorie_dans(individu, period, (nom,)) for nom in PROFESSIONS], [p.taux[nom] for nom in PROFESSIONS], 0)
    revenu = numpy.maximum(individu("assiette_cotisations", period), 0)
    return where(dus, numpy.minimum(taux * revenu, p.plafond * pass_annuel(parameters, period)), 0)
