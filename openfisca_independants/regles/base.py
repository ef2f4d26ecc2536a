"""Pieces shared by the rules of every risk: the person's PASS, where the minimum bases apply,
who is in which population, the average-rate schedules and the single base of the 2025 reform."""

import functools

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import taux_progressif
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.outils import Lignes, codes_presents, sur_lignes_disperse


def pass_personne(individu, period):
    """The person's PASS (prorated in an incomplete year): a scalar when it is the same for
    everybody, which spares an array operation for each threshold; else the per-person array."""
    pss = individu("plafond_securite_sociale", period)
    premier = pss[0] if len(pss) else 0
    return float(premier) if len(pss) and pss.min() == premier == pss.max() else pss


def pass_annuel(parameters, period):
    return parameters(period).prelevements_sociaux.pss.plafond_securite_sociale_annuel


def minimums_applicables(individu, period):
    """1 where the minimum bases apply (everybody, except RSA / seasonal activity)."""
    applicables = individu("assiettes_minimales_applicables", period)
    return 1 if applicables.all() else applicables


def hors_regime_classique(individu, period):
    """Where the classic contributions of the year are not due: a micro-entrepreneur, or a
    business with no day of activity in the year (nothing is due, not even a minimum base)."""
    return individu("micro_entrepreneur", period) | ~individu("activite_dans_l_annee", period)


def regime_classique_seulement(formule):
    """A formula of a classic-regime line computed on that regime's rows only (outils.sur_lignes):
    the micro-entrepreneurs and the years without a day of activity get 0, as the rules give
    them, without the rules being run on their rows."""

    @functools.wraps(formule)
    def sur_le_regime_classique(individu, period, parameters):
        hors = hors_regime_classique(individu, period)
        if not hors.any() or isinstance(individu, Lignes):
            return formule(individu, period, parameters)
        if hors.all():
            return individu.empty_array()
        return sur_lignes_disperse(individu, ~hors, lambda personnes: formule(personnes, period, parameters))

    return sur_le_regime_classique


# Pension funds by category (contract, "Professions libérales réglementées beyond the Cipav").
CAISSES = {
    "artisan": "ssi",
    "commercant": "ssi",
    "liberal_non_reglemente": "ssi",
    "liberal_cipav": "cipav",
    "medecin": "carmf",
    "chirurgien_dentiste": "carcdsf",
    "sage_femme": "carcdsf",
    "auxiliaire_medical": "carpimko",
    "pharmacien": "cavp",
    "veterinaire": "carpv",
    "expert_comptable": "cavec",
    "notaire": "cprn",
    "officier_ministeriel": "cavom",
    "agent_general_assurance": "cavamac",
    "avocat": "cnbf",
}
PROFESSIONS_LIBERALES_REGLEMENTEES = tuple(nom for nom, caisse in CAISSES.items() if caisse != "ssi")
AFFILIES_CNAVPL = tuple(nom for nom in PROFESSIONS_LIBERALES_REGLEMENTEES if CAISSES[nom] != "cnbf")
NOUVELLES_PROFESSIONS = tuple(nom for nom in PROFESSIONS_LIBERALES_REGLEMENTEES if nom != "liberal_cipav")
PROFESSIONS_DE_SANTE = ("medecin", "chirurgien_dentiste", "sage_femme", "auxiliaire_medical")


def categorie_dans(individu, period, noms):
    """True where categorie_independant is one of `noms`: all false at once when none of these
    categories is in the population (the usual case: each rule names its own professions), else a
    look-up of the codes in a table of the categories (a take, not a membership test over the rows)."""
    categorie = individu("categorie_independant", period)
    table = _table_categories(categorie.possible_values, tuple(noms))
    if not table[codes_presents(categorie)].any():
        return numpy.zeros(len(categorie), dtype=bool)
    return table[numpy.asarray(categorie)]


@functools.lru_cache(maxsize=None)
def _table_categories(valeurs, noms):
    table = numpy.zeros(len(valeurs), dtype=bool)
    table[[valeurs[nom].index for nom in noms]] = True
    return table


def par_categorie(categorie, valeurs):
    """valeurs[i] for the persons of the i-th category (in the order of the Enum)."""
    return numpy.asarray(valeurs)[numpy.asarray(categorie)]


def noms_categories(individu, period, masque):
    categorie = individu("categorie_independant", period)
    return ", ".join(sorted({item.name for item in categorie.decode()[masque]}))


def refuser(individu, period, masque, ligne, raison, variable="categorie_independant"):
    """Refuse the persons of `masque`, in one line naming their categories, the line and the year."""
    if masque.any():
        raise SituationNonModelisee(
            variable, f"{ligne} of {noms_categories(individu, period, masque)} in {period}: {raison}", numpy.flatnonzero(masque)
        )


def cipav_parmi(individu, period):
    """The persons whose complementary and invalidité-décès schemes are the Cipav's."""
    cipav = individu("est_cipav", period)
    return cipav, cipav.any()


def pl_reglementee_parmi(individu, period):
    """PL réglementées: D621-3 maladie schedule, the whole base for their caisse's RC and ID."""
    pl = individu("profession_liberale_reglementee", period)
    return pl, pl.any()


def pamc(individu, period):
    """Conventionnés health professionals (PAMC, CSS L646-1) of the classic regime."""
    sante = categorie_dans(individu, period, PROFESSIONS_DE_SANTE)
    if not sante.any():  # no health professional: nothing else read
        return sante
    sante &= individu("praticien_conventionne", period)
    return sante & ~hors_regime_classique(individu, period) if sante.any() else sante


def medecins_secteur_1(individu, period):
    """Conventionnés médecins of sector 1 (their AF and base pension get a participation)."""
    medecins = pamc(individu, period) & categorie_dans(individu, period, ("medecin",))
    if not medecins.any():
        return medecins
    secteur = individu("secteur_conventionnel", period)
    return medecins & (secteur == secteur.possible_values.secteur_1)


def cnavpl_parmi(individu, period):
    """CNAVPL affiliates: base pension D642-3, IJ D621-3 (0.3 %), quarters."""
    cnavpl = individu("affilie_cnavpl", period)
    return cnavpl, cnavpl.any()


def mayotte_parmi(individu, period):
    mayotte = individu("etablissement_mayotte", period)
    return mayotte, mayotte.any()


def taux_moyen(bareme, assiette, pss, uniformes):
    """Rate of an average-rate schedule; its top rate where `uniformes` (DROM, non-cumul)."""
    taux = taux_progressif(bareme, assiette, pss)
    return taux if uniformes is None else where(uniformes, bareme.rates[-1], taux)


def assiette_reforme(parameters, period, revenu_brut):
    """Single base of the 2025 reform: gross income minus the bounded 26 % abattement, floor 0."""
    p = parameters(period).reforme_assiette.abattement
    pss = pass_annuel(parameters, period)
    abattement = numpy.clip(p.taux * revenu_brut, p.plancher * pss, p.plafond * pss)
    return numpy.maximum(revenu_brut - abattement, 0)


def plafond_mayotte(individu, period, parameters):
    """The Mayotte PASS of the year, prorated like the national one."""
    return parameters(period).outre_mer.mayotte.plafond_securite_sociale * individu("prorata_annee_activite", period)


class Ligne:
    """What a line is made of, per person."""

    def __init__(self, assiette, taux, taux_tranche_2=0, classes=False):
        self.assiette = assiette  # base actually used (minimum base, ceiling applied)
        self.taux = taux  # legal rate (first tranche, or the schedule's average rate, up to its ceiling)
        self.taux_tranche_2 = taux_tranche_2  # rate above the first tranche, 0 when the base does not reach it
        self.classes = classes  # flat amounts by class (Cipav), no rate


def seulement_classique(individu, period, valeurs):
    """`valeurs` for the classic regime, 0 for a micro-entrepreneur or a year without activity."""
    non_dus = hors_regime_classique(individu, period)
    return where(non_dus, 0, valeurs) if non_dus.any() else valeurs


def assiette_rc_id(individu, period):
    """Base of the retraite complémentaire and invalidité-décès: the chief's shared base, the whole
    base for the PL réglementées (as in retraite_complementaire.nette and invalidite_deces.nette)."""
    return where(individu("profession_liberale_reglementee", period), individu("assiette_cotisations", period), individu("assiette_cotisations_partagee", period))
