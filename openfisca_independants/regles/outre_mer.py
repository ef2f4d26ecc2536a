"""Overseas rules of the classic regime.

DROM and the overseas communities under the same articles (CSS L756-2, L756-4, D756-4):
the exoneration of the first 24 months and the "régime de croisière" abattement, written as
exonerations of each contribution as D756-4 does: the 24-month one is the contribution on
min(R, 110 % PASS), the abattement a0 × the contribution on min(R, PASS), both multiplied by
the degressivity (2.5 PASS − R) / PASS between 150 % and 250 % PASS. For a contribution that is
linear in income this is exactly L756-4's reduced base.

Mayotte (ordonnance 96-1122, ch. III): its own rates and the 24-month exoneration of art. 28-8.

The parameters are in `parameters/outre_mer`; their `documentation` states the readings.
Which contribution each exoneration covers is data: parameter outre_mer.cotisations_exonerees.
"""

from typing import NamedTuple

import numpy
from openfisca_core.model_api import where

from openfisca_independants.dates import en_date
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.outils import sur_lignes, sur_lignes_disperse
from openfisca_independants.parametres import parametre, valeurs_aux_dates
from openfisca_independants.regles.base import NOUVELLES_PROFESSIONS, categorie_dans, hors_regime_classique, mayotte_parmi, refuser


def part_dans_les_premiers_mois(debut, jours_activite, period, mois):
    """Share of the year's activity days that fall within `mois` months of `debut` (0 to 1)."""
    fin = (debut.astype("datetime64[M]") + mois).astype("datetime64[D]") + (debut - debut.astype("datetime64[M]").astype("datetime64[D]"))
    premier_jour = numpy.maximum(debut, en_date(period.start))
    jours = numpy.clip((numpy.minimum(fin, en_date(period.stop) + 1) - premier_jour).astype(int), 0, None)
    part = numpy.divide(jours, jours_activite, out=numpy.zeros(len(debut)), where=jours_activite > 0)
    return numpy.minimum(part, 1)


class Reductions(NamedTuple):
    debut_activite: numpy.ndarray  # share of the contribution on min(R, plafond_debut) exonerated
    plafond_debut: numpy.ndarray  # 110 % PASS in the DROM, no limit in Mayotte
    croisiere: numpy.ndarray  # share of the contribution on min(R, PASS) exonerated (abattement)


def degressivite(individu, period, parameters, revenu):
    """1 up to 150 % PASS, (2.5 PASS − R) / PASS up to 250 % PASS, 0 above (D756-4 II, L756-4 1°)."""
    p = parameters(period).outre_mer
    pss = individu("plafond_securite_sociale", period)
    largeur = (p.seuil_fin - p.seuil_degressivite) * pss
    return numpy.clip(numpy.divide(p.seuil_fin * pss - revenu, largeur, out=numpy.zeros(individu.count), where=largeur > 0), 0, 1)


def part_debut_activite(individu, period, parameters):
    """Share of the year's activity within the 24-month exoneration (DROM: creations since 2017;
    Mayotte: art. 28-8); 0 elsewhere (computed on the overseas persons only)."""
    lignes = lignes_outre_mer(individu, period)
    if lignes is None:
        return individu.empty_array()
    return sur_lignes_disperse(individu, lignes, lambda personnes: _part_debut_activite(personnes, period, parameters))


def _part_debut_activite(individu, period, parameters):
    p = parameters(period).outre_mer
    drom = individu("etablissement_drom", period)
    mayotte = individu("etablissement_mayotte", period)
    debut = individu("date_debut_activite", period)
    jours = individu("jours_activite", period)
    # read at each creation date: earlier creations keep the former L756-5 exoneration (not modelled)
    historique = individu.simulation.tax_benefit_system.parameters.outre_mer.creations_exonerees_24_mois
    couvertes = valeurs_aux_dates(historique, debut, 0) > 0
    part_drom = where(couvertes, part_dans_les_premiers_mois(debut, jours, period, p.duree_debut_activite), 0)
    part_mayotte = part_dans_les_premiers_mois(debut, jours, period, p.mayotte.duree_exoneration) if mayotte.any() else 0
    return where(drom, part_drom, where(mayotte, part_mayotte, 0))


def abattement_croisiere(individu, period, parameters):
    """a0 of L756-4: 75 % in the 3rd calendar year of activity, 50 % from the 4th (DROM only)."""
    p = parameters(period).outre_mer
    drom = individu("etablissement_drom", period)
    if not drom.any():
        return individu.empty_array()
    rang = individu("annee_activite", period)
    premiere = p.annee_debut_abattement
    a0 = numpy.select([rang == premiere, rang > premiere], [p.abattement_troisieme_annee, p.abattement_annees_suivantes], 0)
    return where(drom, a0, 0)


def reductions(individu, period, parameters, revenu):
    """The overseas exoneration shares of the year for an income `revenu`, or None when nobody is overseas."""
    drom = individu("etablissement_drom", period)
    mayotte = individu("etablissement_mayotte", period)
    if not (drom.any() or mayotte.any()):
        return None
    part = individu("outre_mer_part_debut_activite", period)
    facteur = degressivite(individu, period, parameters, revenu)
    pss = individu("plafond_securite_sociale", period)
    return Reductions(
        debut_activite=where(drom, part * facteur, part),
        plafond_debut=where(mayotte, numpy.inf, parameters(period).outre_mer.seuil_exoneration_totale * pss),
        croisiere=(1 - part) * individu("outre_mer_abattement", period) * facteur,
    )


def lignes_outre_mer(individu, period):
    """Positions of the persons established in the DROM or in Mayotte, None when there are none."""
    lignes = numpy.flatnonzero(individu("etablissement_drom", period) | individu("etablissement_mayotte", period))
    return lignes if lignes.size else None


def exoneration(individu, period, parameters, risque, fonction, assiette):
    """Overseas exoneration of the contribution `risque` (computed by `fonction`, its rule before
    exemptions) on `assiette`, the thresholds being read on that base; which contributions each
    exoneration covers is the parameter outre_mer.cotisations_exonerees. None when nobody is
    overseas; computed on the overseas persons only."""
    lignes = lignes_outre_mer(individu, period)
    if lignes is None:
        return None
    total = numpy.zeros(individu.count)
    total[lignes] = sur_lignes(individu, lignes, lambda personnes, base: _exoneration(
        personnes, period, parameters, risque, fonction, base), assiette)
    return total


def _exoneration(individu, period, parameters, risque, fonction, assiette):
    r = reductions(individu, period, parameters, assiette)
    couvertes = parameters(period).outre_mer.cotisations_exonerees
    cipav = individu("est_cipav", period)
    total = numpy.zeros(individu.count)
    for general, pl, part, plafond in (
        (couvertes.debut_activite, couvertes.debut_activite_cipav, r.debut_activite, r.plafond_debut),
        (couvertes.croisiere, couvertes.croisiere_cipav, r.croisiere,
         parameters(period).outre_mer.plafond_abattement * individu("plafond_securite_sociale", period)),
    ):
        part = where(cipav, part * (risque in pl), part * (risque in general))
        lignes = numpy.flatnonzero(part)
        if lignes.size:  # the contribution recomputed on the exonerated persons only
            total[lignes] += part[lignes] * sur_lignes(individu, lignes, lambda personnes, base: fonction(
                personnes, period, parameters, base), numpy.minimum(assiette, plafond))
    return total


def assiette_csg_exoneree(individu, period, parameters, assiette_csg, revenu):
    """Part of the CSG-CRDS base exonerated in the DROM: the 24-month share within the base the
    person would have at 110 % PASS (the contributions added back kept), and the abattement on
    the income below the PASS (L756-4 applies to the contributions, CSG-CRDS included)."""
    lignes = numpy.flatnonzero(individu("etablissement_drom", period))
    resultat = numpy.zeros(individu.count)
    if lignes.size:  # computed on the DROM persons only
        resultat[lignes] = sur_lignes(individu, lignes, lambda personnes, base, r: _assiette_csg_exoneree(
            personnes, period, parameters, base, r), assiette_csg, revenu)
    return resultat


def _assiette_csg_exoneree(individu, period, parameters, assiette_csg, revenu):
    drom = individu("etablissement_drom", period)
    r = reductions(individu, period, parameters, revenu)
    pss = individu("plafond_securite_sociale", period)
    reintegre = numpy.maximum(assiette_csg - revenu, 0)
    debut = r.debut_activite * numpy.minimum(assiette_csg, r.plafond_debut + reintegre)
    croisiere = r.croisiere * numpy.minimum(revenu, parameters(period).outre_mer.plafond_abattement * pss)
    return where(drom, numpy.minimum(debut + croisiere, assiette_csg), 0)


def taux_uniformes(individu, period, parameters):
    """Where the maladie-maternité and AF schedules give way to their top rate (DROM, non-cumul)."""
    if not parameters(period).outre_mer.taux_uniformes:
        return None
    drom = individu("etablissement_drom", period)
    return drom if drom.any() else None


# ---------------------------------------------------------------- Mayotte


def contribution_mayotte_brute(individu, period, parameters, assiette):
    """Art. 28-3 contribution on the whole base."""
    return parameters(period).outre_mer.mayotte.taux_contribution_maladie * assiette


def verifier_mayotte(individu, period, parameters, mayotte):
    """Refuse what the model has no source for in Mayotte (classic regime)."""
    if not mayotte.any():
        return
    if numpy.isnan(parametre(parameters(period).outre_mer.mayotte, "taux_maladie_maternite")):
        raise SituationNonModelisee(
            "departement",
            f"the contributions of the self-employed in Mayotte (976) are modelled for 2025 and 2026 (collected by the URSSAF "
            f"since 2025, rates known to 2026), not {period}.",
            numpy.flatnonzero(mayotte),
        )
    refuser(individu, period, mayotte & individu("profession_liberale_reglementee", period), "the contributions in Mayotte (976)",
            "the Mayotte rules for the professions libérales réglementées (CNAVPL, CNBF) are not in the model's sources.")


def verifier_drom(individu, period, drom):
    """Refuse the professions libérales réglementées beyond the Cipav overseas (classic regime)."""
    if drom.any():
        nouvelles = drom & categorie_dans(individu, period, NOUVELLES_PROFESSIONS) & ~individu("micro_entrepreneur", period)
        refuser(individu, period, nouvelles, "the overseas contributions",
                "the overseas rules for these professions are not coded yet.", variable="departement")


def contribution_mayotte_nette(individu, period, parameters, assiette):
    """Mayotte art. 28-3 contribution after the 24-month exoneration (art. 28-8); 0 elsewhere."""
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if not a_mayotte:
        return individu.empty_array()
    fonction = contribution_mayotte_brute
    montant = fonction(individu, period, parameters, assiette)
    r = reductions(individu, period, parameters, assiette)
    net = numpy.maximum(montant - r.debut_activite * montant, 0)
    return where(mayotte & ~hors_regime_classique(individu, period), net, 0)
