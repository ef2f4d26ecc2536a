"""Seniority and age as the caisses of the professions libérales count them (a reading: the
sources speak of years of practice or of affiliation, not of anniversaries)."""

import numpy

from openfisca_independants.dates import annee


def annee_d_exercice(individu, period):
    """k for the k-th calendar year of activity: the year of the start counts as the first."""
    return period.start.year - annee(individu("date_debut_activite", period)) + 1


def age_au_premier_janvier(individu, period):
    """Age reached on 1 January of the year, from date_naissance."""
    naissance = numpy.asarray(individu("date_naissance", period), dtype="datetime64[D]")
    debut_annee = naissance.astype("datetime64[Y]")
    pas_encore = naissance > debut_annee.astype("datetime64[D]")  # born after 1 January: birthday still to come
    return period.start.year - annee(naissance) - pas_encore
