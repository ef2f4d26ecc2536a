"""Exemptions, below the risks: which exemption applies to which contribution, and the ACRE.

One table says which exemption the law attaches to each contribution (keyed by the contract's
names); `nette` applies them in the law's order: the overseas exonerations (CSS L756-2, L756-4;
which lines each covers is the parameter outre_mer.cotisations_exonerees), then the ACRE (CSS
L131-6-4, D131-6-1: the ACRE does not combine with the overseas rules), then the months of
invalidity pension (CSS D621-4, D635-2). Nothing is due by a micro-entrepreneur or in a year
without activity.
"""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.outils import code_dans, sur_lignes, sur_lignes_disperse
from openfisca_independants.parametres import valeurs_aux_dates
from openfisca_independants.regles import outre_mer
from openfisca_independants.regles.base import hors_regime_classique, pass_personne


# "outre_mer": the line is looked up in the dated lists of parameters/outre_mer/cotisations_exonerees/,
# which alone say which lines each overseas exoneration covers in a given year.
EXONERATIONS = {
    "maladie_maternite": ("outre_mer", "acre", "pension_invalidite"),
    "indemnites_journalieres": ("outre_mer", "acre", "pension_invalidite"),
    "allocations_familiales": ("outre_mer", "acre"),
    "retraite_de_base": ("outre_mer", "acre", "pension_invalidite"),
    "retraite_complementaire": ("outre_mer", "pension_invalidite"),
    "invalidite_deces": ("outre_mer", "acre"),
}


def coefficient_acre(individu, period, parameters, assiette):
    """Share of the legal ACRE exoneration that applies this year (0 without ACRE, and outside the
    classic regime), computed on the persons with the ACRE only.

    = maximal rate (by creation date) × degressivity (1 up to 75 % PASS, (PASS − R)/(0.25 PASS)
    up to 1 PASS) × part of the year's activity within 12 months of the start of activity.
    """
    acre = individu("acre", period)
    lignes = numpy.flatnonzero(acre & ~hors_regime_classique(individu, period)) if acre.any() else []
    if not len(lignes):  # (a micro-entrepreneur's ACRE is in its rates: micro.py)
        return individu.empty_array()
    return sur_lignes_disperse(individu, lignes, lambda personnes, base: _coefficient_acre(personnes, period, parameters, base), assiette)


def _coefficient_acre(individu, period, parameters, assiette):
    acre = individu("acre", period)
    p = parameters(period).exonerations.acre
    historique = individu.simulation.tax_benefit_system.parameters.exonerations.acre
    debut = individu("date_debut_activite", period)
    part_annee = outre_mer.part_dans_les_premiers_mois(debut, individu("jours_activite", period), period, p.duree)
    territoires = parameters(period).territoires
    departement = individu("departement_verifie", period)
    eligible = acre & ~code_dans(departement, territoires.outre_mer) & ~code_dans(departement, territoires.mayotte)
    pss = pass_personne(individu, period)
    debut_degressivite, fin_degressivite = p.seuil_exoneration_totale * pss, p.seuil_fin * pss
    ecart, largeur = numpy.broadcast_arrays(fin_degressivite - assiette, fin_degressivite - debut_degressivite)
    # a year without a day of activity has a PASS of 0, hence no range: no exoneration (nothing is due anyway)
    degressivite = numpy.clip(numpy.divide(ecart, largeur, out=numpy.zeros(ecart.shape), where=largeur > 0), 0, 1)
    taux = valeurs_aux_dates(historique.taux_maximal, debut, 0) * degressivite
    return where(eligible, taux * part_annee, 0)


def nette(individu, period, parameters, risque, montant, fonction, assiette, coefficient=None):
    """The contribution `risque` (`montant`, given by `fonction` on `assiette`) net of its exemptions.

    ACRE: the exoneration is coefficient × the contribution on min(R, 75 % PASS), i.e. the
    person's own contribution up to 75 % PASS and E = the contribution at 75 % PASS above
    (D131-6-1 II). `coefficient` may be given when already known (else computed on `assiette`).
    """
    applicables = EXONERATIONS[risque]
    net = montant
    if "outre_mer" in applicables:
        exoneration = outre_mer.exoneration(individu, period, parameters, risque, fonction, assiette)
        if exoneration is not None:
            net = numpy.maximum(net - exoneration, 0)
    if "acre" in applicables:
        k = coefficient_acre(individu, period, parameters, assiette) if coefficient is None else coefficient
        lignes = numpy.flatnonzero(k) if k.any() else ()
        if len(lignes):  # the contribution at min(R, 75 % PASS), recomputed on the exonerated persons only
            p = parameters(period).exonerations.acre
            base_e = numpy.minimum(assiette, p.seuil_exoneration_totale * pass_personne(individu, period))
            exoneree = numpy.zeros(individu.count)
            exoneree[lignes] = k[lignes] * sur_lignes(individu, lignes, lambda personnes, base: fonction(personnes, period, parameters, base), base_e)
            net = numpy.maximum(net - exoneree, 0)  # float noise at k = 1
    if "pension_invalidite" in applicables:
        part = individu("pension_invalidite_part_annee", period)
        if part.any():
            net = net * (1 - part)
    non_dus = hors_regime_classique(individu, period)
    return where(non_dus, 0, net) if non_dus.any() else net


def exoneration_acre(individu, period, parameters, nom, nette, *assiettes, **options):
    """The ACRE exemption of a line: the line computed without the ACRE minus the line."""
    if not individu("acre_taux_exoneration", period).any():
        return individu.filled_array(0.0)
    sans = nette(individu, period, parameters, *assiettes, coefficient=individu.filled_array(0.0), **options)
    return numpy.maximum(sans - individu(nom, period), 0)
