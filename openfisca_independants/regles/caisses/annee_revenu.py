"""The income year each caisse reads (contract, "Professions libérales réglementées beyond the Cipav").

A caisse that charges year N on an earlier year's income (CARMF and CARPV on N−2, CAVEC on N−1…)
has, for each line concerned, the dated parameter `anciennete_revenu` (years between the year of the
call and the income year; `nombre_annees_revenu` when the caisse averages several years ending
there). The model reads the base of that year — `assiette_cotisations` of that year, i.e. the
definition in force for it (`revenu_professionnel` before 2025, the reform base from 2025) — but
only when the simulation was given an income input for that year (`ENTREES_REVENU`, or the
caisse's own input: `commissions_brutes`, `produits_office`); otherwise it reads year N (the
stable-income assumption). "Given" is per simulation: the holder's known periods.

A year before the model's coverage (parameter couverture.derniere_annee undefined: before 2019)
is never read: the model has no base for it, so year N stands in (fallback, as when not given).

Limit: a holder's known periods also hold values computed earlier in the same simulation (OpenFisca
caches a default); computing an earlier year of the same simulation before year N could make that
year look given. "Given" cannot be per person (a person left out holds 0): the web API refuses a
request whose persons were not given the same income years, and batch gives year N only."""

import numpy
from openfisca_core import periods

from openfisca_independants.parametres import parametre

ENTREES_REVENU = ("revenu_professionnel", "revenu_activite_brut")


def couverte(parameters, annee):
    """The model has the law of this year (coverage: couverture.derniere_annee is defined)."""
    derniere = parametre(parameters(periods.period(annee).start).couverture, "derniere_annee", None)
    return derniere is not None and annee <= derniere


def annees_donnees(individu, entrees):
    """The years for which the simulation holds one of `entrees` (per simulation, not per person)."""
    annees = set()
    for nom in entrees:
        for periode in individu.simulation.get_holder(nom).get_known_periods():
            annees.add(periods.period(periode).start.year)
    return annees


def annees_de_la_caisse(period, noeud):
    """The income years the caisse reads for year N (one, or the years it averages), latest last."""
    anciennete = int(parametre(noeud, "anciennete_revenu", 0))
    nombre = int(parametre(noeud, "nombre_annees_revenu", 1))
    derniere = period.start.year - anciennete
    return list(range(derniere - nombre + 1, derniere + 1))


def annees_lues(individu, period, parameters, noeud, entrees=ENTREES_REVENU):
    """The caisse's income years that the model reads (given and covered); [] → year N (fallback)."""
    caisse = annees_de_la_caisse(period, noeud)
    if caisse == [period.start.year]:
        return []
    donnees = annees_donnees(individu, entrees)
    return [annee for annee in caisse if annee in donnees and couverte(parameters, annee)]


def valeur_lue(individu, period, parameters, noeud, valeur_n, variable="assiette_cotisations", entrees=ENTREES_REVENU):
    """`variable` of the year(s) the caisse reads (their mean), or `valeur_n` (year N) when none was given."""
    annees = annees_lues(individu, period, parameters, noeud, entrees)
    if not annees:
        return valeur_n
    return numpy.mean([individu(variable, periods.period(annee)) for annee in annees], axis=0)


def revenu_lu(individu, period, parameters, noeud, assiette):
    """The base of the income year the caisse reads, or `assiette` (year N) when not given."""
    return valeur_lue(individu, period, parameters, noeud, assiette)


def annee_lue(individu, period, parameters, noeud, entrees=ENTREES_REVENU):
    """The (latest) income year the model reads: the caisse's year when given, else N."""
    annees = annees_lues(individu, period, parameters, noeud, entrees)
    return annees[-1] if annees else period.start.year


def annee_de_la_caisse(period, noeud):
    """The (latest) income year the caisse reads."""
    return annees_de_la_caisse(period, noeud)[-1]


# line → caisse → (its parameter node under cotisations.<line>, the inputs that make a year given).
# The lines and caisses not listed read year N (CNBF, CAVOM, the CNAVPL base pension, the flat amounts).
COMMISSIONS, PRODUITS = ("commissions_brutes",), ("produits_office",)
TABLE = {
    "retraite_complementaire": {
        "carmf": ("carmf", ENTREES_REVENU),
        "carcdsf": ("carcdsf", ENTREES_REVENU),
        "carpimko": ("carpimko", ENTREES_REVENU),
        "cavp": ("cavp", ENTREES_REVENU),
        "carpv": ("carpv", ENTREES_REVENU),
        "cavec": ("cavec", ENTREES_REVENU),
        "cavamac": ("cavamac", COMMISSIONS),
        "cprn": ("cprn", PRODUITS),
    },
    "invalidite_deces": {
        "carmf": ("carmf", ENTREES_REVENU),
        "cavec": ("cavec", ENTREES_REVENU),
        "cavamac": ("cavamac", COMMISSIONS),
    },
    "prestations_complementaires_vieillesse": {
        "carmf": ("carmf", ENTREES_REVENU),
        "carcdsf": ("carcdsf.chirurgien_dentiste", ENTREES_REVENU),
        "carpimko": ("carpimko", ENTREES_REVENU),
    },
}


def noeud(parameters, period, ligne, caisse):
    """The parameter node holding `anciennete_revenu` for this line of this caisse."""
    resultat = getattr(parameters(period).cotisations, ligne)
    for nom in TABLE[ligne][caisse][0].split("."):
        resultat = getattr(resultat, nom)
    return resultat


def lu(individu, period, parameters, ligne, caisse, assiette):
    """The contribution base of the income year this line of this caisse reads, else `assiette` (year N)."""
    return revenu_lu(individu, period, parameters, noeud(parameters, period, ligne, caisse), assiette)


def entree_lue(individu, period, parameters, ligne, caisse, variable):
    """The caisse's own input (`commissions_brutes`, `produits_office`) of the year(s) it reads, else of year N."""
    return valeur_lue(individu, period, parameters, noeud(parameters, period, ligne, caisse), individu(variable, period),
                      variable, TABLE[ligne][caisse][1])


def annees_par_personne(individu, period, parameters, ligne, de_la_caisse):
    """(year read by the model, or by the caisse when `de_la_caisse`) of each person for `ligne`:
    year N for a caisse that reads it (or the SSI)."""
    caisses = individu("caisse_retraite_complementaire", period)
    resultat = individu.filled_array(period.start.year)
    for caisse, (_chemin, entrees) in TABLE[ligne].items():
        masque = numpy.asarray(caisses == caisses.possible_values.__members__[caisse])
        if not masque.any():
            continue
        p = noeud(parameters, period, ligne, caisse)
        annee = annee_de_la_caisse(period, p) if de_la_caisse else annee_lue(individu, period, parameters, p, entrees)
        resultat = numpy.where(masque, annee, resultat)
    return resultat
