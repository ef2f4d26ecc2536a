"""Contribution aux unions régionales des professionnels de santé (CURPS, code de la santé publique
L4031-4): a rate by profession on the income, capped at a fraction of the PASS; due by the
conventionnés health professionals and the pharmacists in activity on the year's first day (not in
the year of creation), prorated by the days of activity in a year of cessation (URSSAF, the URPS)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.regles.base import categorie_dans, hors_regime_classique, pamc, pass_annuel

PROFESSIONS = ("medecin", "chirurgien_dentiste", "sage_femme", "auxiliaire_medical", "pharmacien")  # parameter contributions.contribution_curps.taux


def concernes(individu, period):
    professions = categorie_dans(individu, period, PROFESSIONS)
    if not professions.any():  # none of the professions of the CURPS: nothing else read
        return professions
    pharmaciens = categorie_dans(individu, period, ("pharmacien",))
    sante = pamc(individu, period) | (pharmaciens & ~hors_regime_classique(individu, period))
    return sante & (individu("date_debut_activite", period) <= numpy.datetime64(period.start.date))


def montant(individu, period, parameters):
    dus = concernes(individu, period)
    if not dus.any():
        return individu.empty_array()
    p = parameters(period).contributions.contribution_curps
    taux = numpy.select([categorie_dans(individu, period, (nom,)) for nom in PROFESSIONS], [p.taux[nom] for nom in PROFESSIONS], 0)
    revenu = numpy.maximum(individu("assiette_cotisations", period), 0)
    annuelle = numpy.minimum(taux * revenu, p.plafond * pass_annuel(parameters, period))
    return where(dus, annuelle * individu("prorata_annee_activite", period), 0)
