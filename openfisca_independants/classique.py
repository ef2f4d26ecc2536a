"""Helpers of the classic regime shared by several variable files."""

from typing import NamedTuple

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import borner, part_entre, taux_progressif
from openfisca_independants.dates import annee, en_date
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.outils import code_dans
from openfisca_independants.parametres import valeurs_aux_dates


def taux_exoneration_acre(individu, period, parameters, assiette):
    """Share of the year's exonerated contributions that the ACRE removes, for a given base."""
    acre = individu("acre", period)
    if not acre.any():
        return numpy.zeros_like(assiette, dtype=float)
    p = parameters(period).exonerations.acre
    historique = individu.simulation.tax_benefit_system.parameters.exonerations.acre
    debut = individu("date_debut_activite", period)
    fin_exoneration = (debut.astype("datetime64[M]") + p.duree).astype("datetime64[D]") + (
        debut - debut.astype("datetime64[M]").astype("datetime64[D]")
    )
    premier_jour = numpy.maximum(debut, en_date(period.start))
    jours_exoneres = numpy.clip((numpy.minimum(fin_exoneration, en_date(period.stop) + 1) - premier_jour).astype(int), 0, None)
    jours_activite = individu("jours_activite", period)
    part_annee = numpy.divide(jours_exoneres, jours_activite, out=numpy.zeros(len(debut)), where=jours_activite > 0)
    territoires = parameters(period).territoires
    departement = individu("departement", period)
    eligible = acre & ~code_dans(departement, territoires.outre_mer) & ~code_dans(departement, territoires.mayotte)
    taux = valeurs_aux_dates(historique.taux_maximal, debut, 0) * taux_progressif(
        p.taux_progressif, assiette, pass_personne(individu, period)
    )
    return where(eligible, taux * numpy.minimum(part_annee, 1), 0)


# The rules of each classic contribution as functions of a base, so that the definitive
# contributions (on the person's assiette), the provisional ones of the first years (on a
# forfait base) and the collaborating spouse's (on the spouse's base) share one text.


class Maladie(NamedTuple):
    total: numpy.ndarray  # maladie 1 + maladie 2
    maladie_1: numpy.ndarray
    ij: numpy.ndarray


def maladie_ssi(individu, period, parameters, assiette, total=None) -> Maladie:
    """Maladie-maternité of artisans, commerçants and PLNR (D621-1, D621-2, D621-3 I).

    `total` may be given when already known (the cached variable for the person's assiette).
    """
    c = parameters(period).cotisations
    p, p_ij = c.maladie_maternite, c.indemnites_journalieres
    pss = pass_personne(individu, period)
    minimums = _minimums(individu, period)
    base = numpy.maximum(assiette, p.assiette_minimale * pss * minimums)
    if total is None:
        plafond = p.plafond_taux_progressif * pss
        sous_plafond = numpy.minimum(base, plafond)
        total = taux_progressif(p.taux_progressif, sous_plafond, pss) * sous_plafond + p.taux_au_dela_plafond * numpy.maximum(
            base - plafond, 0
        )
    ij = p_ij.taux * borner(assiette, p_ij.assiette_minimale * pss * minimums, p_ij.plafond * pss)
    if p_ij.plafonnement_au_total_maladie:
        ij = numpy.minimum(ij, total)
    maladie_1 = total - numpy.minimum(p_ij.taux * numpy.minimum(base, p_ij.plafond * pss), total)
    return Maladie(total, maladie_1, ij)


def maladie_pl(individu, period, parameters, assiette):
    """Maladie-maternité of the PL réglementées (D621-3): no IJ inside, no 5 PASS split."""
    p = parameters(period).cotisations.maladie_maternite_pl
    return taux_progressif(p.taux_progressif, assiette, pass_personne(individu, period)) * assiette


def indemnites_journalieres_pl(individu, period, parameters, assiette):
    p = parameters(period).cotisations.indemnites_journalieres_pl
    pss = pass_personne(individu, period)
    minimums = _minimums(individu, period)
    return p.taux * borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss)


def allocations_familiales(individu, period, parameters, assiette):
    p = parameters(period).cotisations.allocations_familiales
    return taux_progressif(p.taux_progressif, assiette, pass_personne(individu, period)) * assiette


def retraite_de_base(individu, period, parameters, assiette):
    """SSI (D633-3) or CNAVPL (D642-3) basic pension, on the base raised to the minimum base."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    base = numpy.maximum(assiette, individu("retraite_de_base_assiette_minimale", period))
    p, pl = c.retraite_de_base, c.retraite_de_base_cnavpl
    ssi = p.taux_plafonne * numpy.minimum(base, p.plafond * pss) + p.taux_deplafonne * base
    cnavpl = pl.taux_tranche_1 * numpy.minimum(base, pl.plafond_tranche_1 * pss) + pl.taux_tranche_2 * numpy.minimum(
        base, pl.plafond_tranche_2 * pss
    )
    return where(individu("est_cipav", period), cnavpl, ssi)


def retraite_complementaire(individu, period, parameters, assiette):
    """RCI (D635-7) or Cipav complementary scheme; the Cipav rule of the year must be known."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    p = c.retraite_complementaire
    plafond_rci = p.plafond_rci * individu("prorata_annee_activite", period)
    rci = p.taux_tranche_1 * numpy.minimum(assiette, plafond_rci) + p.taux_tranche_2 * part_entre(
        assiette, plafond_rci, p.plafond * pss
    )
    cipav = individu("est_cipav", period)
    if not cipav.any():
        return rci
    pc = c.retraite_complementaire_cipav
    if hasattr(pc, "taux_tranche_1"):
        montant_cipav = pc.taux_tranche_1 * numpy.minimum(assiette, pc.plafond_tranche_1 * pss) + pc.taux_tranche_2 * part_entre(
            assiette, pc.plafond_tranche_1 * pss, pc.plafond * pss
        )
    elif hasattr(pc, "classes") and len(pc.classes.thresholds):
        rang = numpy.searchsorted(numpy.asarray(pc.classes.thresholds[1:]), assiette, side="left")
        montant_cipav = numpy.asarray(pc.classes.amounts)[rang]
    else:
        raise SituationNonModelisee(
            "categorie_independant",
            f"the Cipav complementary pension rule of {period} is not in the model's sources (2021 on).",
        )
    return where(cipav, montant_cipav, rci)


def invalidite_deces(individu, period, parameters, assiette):
    """SSI (D632-1, D632-2) or Cipav invalidité-décès (classes until 2022, then proportional)."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    p = c.invalidite_deces
    minimums = _minimums(individu, period)
    ssi = p.taux * borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss)
    cipav = individu("est_cipav", period)
    if not cipav.any():
        return ssi
    pc = c.invalidite_deces_cipav
    if hasattr(pc, "taux"):
        montant_cipav = pc.taux * borner(assiette, pc.assiette_minimale * pss * minimums, pc.plafond * pss)
    else:
        classe = individu("classe_invalidite_deces_cipav", period)
        classes = classe.possible_values
        montant_cipav = numpy.select([classe == classes.a, classe == classes.b], [pc.classe_a, pc.classe_b], pc.classe_c)
    age_atteint = period.start.year - annee(individu("date_naissance", period)) >= pc.age_exoneration
    return where(cipav, where(age_atteint, 0, montant_cipav), ssi)


def pass_personne(individu, period):
    """The person's PASS: a scalar when it is the same for everybody (no incomplete year), which
    spares an array operation for each threshold; else the per-person array."""
    pss = individu("plafond_securite_sociale", period)
    premier = pss[0] if len(pss) else 0
    return float(premier) if len(pss) and pss.min() == premier == pss.max() else pss


def _minimums(individu, period):
    """1 where the minimum bases apply (everybody, except RSA / seasonal activity)."""
    applicables = individu("assiettes_minimales_applicables", period)
    return 1 if applicables.all() else applicables


def apres_exonerations(individu, period, montant, acre=True, pension_invalidite=True):
    """A classic contribution net of the exonerations that apply to it; zero for a micro-entrepreneur.

    ACRE: maladie, IJ, AF, retraite de base, invalidité-décès. Invalidity pension: maladie, IJ,
    retraite de base, retraite complémentaire, pro rata of the months of pension.
    """
    net = montant
    for applicable, taux_exonere in ((acre, "acre_taux_exoneration"), (pension_invalidite, "pension_invalidite_part_annee")):
        if applicable:
            taux = individu(taux_exonere, period)
            if taux.any():
                net = net * (1 - taux)
    micro = individu("micro_entrepreneur", period)
    return where(micro, 0, net) if micro.any() else net
