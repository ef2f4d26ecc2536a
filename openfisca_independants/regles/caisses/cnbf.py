"""CNBF (avocats): base pension (flat amount by seniority, full from the sixth year or at 65, plus
a rate on the income up to a ceiling, CSS L652-7 and D652-1), complementary pension (marginal
scale of the class: cnbf_classe, the first class by default) and invalidité-décès (flat amount,
reduced in the first years of practice).

The CNBF calls the year provisionally and then adjusts it on the year's own income: the model
computes the definitive contribution on the year-N base. Seniority: N − year of the start + 1
(the year of the start is the first); age: reached on 1 January of N. A year whose amounts are
not in the sources (null parameter, empty scale) is refused, naming the line and the year."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import bareme
from openfisca_independants.dates import annee
from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import refuser


def anciennete(individu, period):
    """The k-th calendar year of practice (the year of the start is the first)."""
    return period.start.year - annee(individu("date_debut_activite", period)) + 1


def age_au_premier_janvier(individu, period):
    naissance = numpy.asarray(individu("date_naissance", period), dtype="datetime64[D]")
    premier_janvier = naissance - naissance.astype("datetime64[Y]").astype("datetime64[D]") == numpy.timedelta64(0, "D")
    return period.start.year - annee(naissance) - where(premier_janvier, 0, 1)


def lire(individu, period, noeud, noms, masque, ligne, quoi):
    """The scalar parameters `noms` of `noeud`; the persons of `masque` refused when one is absent."""
    valeurs = [parametre(noeud, nom) for nom in noms]
    if any(numpy.isnan(valeur) for valeur in valeurs):
        refuser(individu, period, masque, ligne, f"the CNBF {quoi} of this year are not in the model's sources.")
    return valeurs


# ---------------------------------------------------------------- retraite de base


# The flat amount of each year of practice, the first year first; the last one for every later year.
FORFAITS = ("forfait_premiere_annee", "forfait_deuxieme_annee", "forfait_troisieme_annee", "forfait_quatrieme_et_cinquieme_annees",
            "forfait_quatrieme_et_cinquieme_annees", "forfait_a_partir_de_la_sixieme_annee")


def forfait_retraite_de_base(individu, period, b, masque):
    """The flat amount of the year of practice; the full one (the last) at the age of the full amount."""
    forfaits = numpy.asarray(lire(individu, period, b, FORFAITS, masque, "retraite_de_base", "flat amounts by seniority"))
    rang = numpy.clip(anciennete(individu, period) - 1, 0, len(FORFAITS) - 1)
    rang = where(age_au_premier_janvier(individu, period) >= b.age_forfait_plein, len(FORFAITS) - 1, rang)
    return forfaits[rang]


def base_proportionnelle(individu, period, b, assiette, masque):
    taux, plafond = lire(individu, period, b, ("taux", "plafond"), masque, "retraite_de_base", "proportional rate and ceiling")
    return taux, numpy.minimum(numpy.maximum(assiette, 0), plafond)


def retraite_de_base(individu, period, parameters, assiette, masque):
    """Flat amount of the seniority + rate × the income up to the ceiling (no minimum base)."""
    b = parameters(period).cotisations.retraite_de_base.cnbf
    taux, base = base_proportionnelle(individu, period, b, assiette, masque)
    return forfait_retraite_de_base(individu, period, b, masque) + taux * base


def retraite_de_base_ligne(individu, period, parameters, assiette, masque):
    """(base up to the ceiling, proportional rate, no second tranche): the flat amount has no rate."""
    b = parameters(period).cotisations.retraite_de_base.cnbf
    taux, base = base_proportionnelle(individu, period, b, assiette, masque)
    return base, individu.filled_array(taux), individu.filled_array(0.0)


# ---------------------------------------------------------------- retraite complémentaire


BAREMES = {"classe_1": "bareme_classe_un", "classe_2": "bareme_classe_deux", "classe_3": "bareme_classe_trois",
           "classe_plus": "bareme_classe_plus"}  # input cnbf_classe


def baremes_par_classe(individu, period, parameters, masque):
    """[(persons of the class, its marginal scale)]; a class without a scale this year is refused."""
    c = parameters(period).cotisations.retraite_complementaire.cnbf
    classe = individu("cnbf_classe", period)
    resultat = []
    for nom, parametre_bareme in BAREMES.items():
        concernes = masque & numpy.asarray(classe == classe.possible_values[nom])
        if not concernes.any():
            continue
        echelle = bareme(c, parametre_bareme)
        if not echelle.thresholds:
            refuser(individu, period, concernes, "retraite_complementaire",
                    f"the CNBF scale of {nom} (cnbf_classe) of this year is not in the model's sources.",
                    "categorie_independant" if nom == "classe_1" else "cnbf_classe")
        resultat.append((concernes, echelle))
    return resultat


def retraite_complementaire(individu, period, parameters, assiette, masque):
    """The marginal scale of the person's class on the income (0 % above its last threshold)."""
    revenu = numpy.maximum(assiette, 0)
    montant = individu.filled_array(0.0)
    for concernes, echelle in baremes_par_classe(individu, period, parameters, masque):
        montant = where(concernes, echelle.calc(revenu), montant)
    return montant


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base up to the scale's last threshold, rate of its first tranche, marginal rate reached
    above the first tranche, no classes)."""
    revenu = numpy.maximum(assiette, 0)
    base, taux, marginal = revenu, individu.filled_array(0.0), individu.filled_array(0.0)
    for concernes, echelle in baremes_par_classe(individu, period, parameters, masque):
        seuils, taux_bareme = numpy.asarray(echelle.thresholds), numpy.asarray(echelle.rates)
        plafonne = numpy.minimum(revenu, seuils[-1])
        rang = numpy.clip(numpy.searchsorted(seuils, plafonne, side="left") - 1, 0, len(seuils) - 1)
        base = where(concernes, plafonne, base)
        taux = where(concernes, taux_bareme[0], taux)
        marginal = where(concernes & (plafonne > seuils[1]), taux_bareme[rang], marginal)
    return base, taux, marginal, individu.filled_array(False)


# ---------------------------------------------------------------- invalidité-décès


def invalidite_deces(individu, period, parameters, assiette, masque):
    """The reduced flat amount in the first years of practice, the full one after them or at 65."""
    i = parameters(period).cotisations.invalidite_deces.cnbf
    reduit, plein = lire(individu, period, i, ("forfait_debut_activite", "forfait_plein"), masque, "invalidite_deces", "flat amounts")
    age_plein = parameters(period).cotisations.retraite_de_base.cnbf.age_forfait_plein
    complet = (anciennete(individu, period) > i.duree_forfait_debut_activite) | (age_au_premier_janvier(individu, period) >= age_plein)
    return where(complet, plein, reduit)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    invalidite_deces(individu, period, parameters, assiette, masque)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)
