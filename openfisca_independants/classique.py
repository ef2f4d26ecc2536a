"""Rules of the classic regime as functions of a base.

The definitive contributions (on the person's assiette), the provisional ones of the first
years (on a forfait base), the collaborating spouse's (on the spouse's base) and the
gross-from-net solver (on trial bases) all call these functions, so each rule is written once.
Each `*_brute` function gives a contribution before exemptions; each `*_nette` one applies the
exemptions that the law attaches to it (ACRE, invalidity pension) and is zero for a
micro-entrepreneur.
"""

from typing import NamedTuple

import numpy
from openfisca_core.model_api import where

from openfisca_independants import outre_mer
from openfisca_independants.baremes import bareme, borner, part_entre, taux_progressif
from openfisca_independants.dates import annee
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.outils import code_dans
from openfisca_independants.parametres import valeurs_aux_dates


# ---------------------------------------------------------------- helpers


def pass_personne(individu, period):
    """The person's PASS (prorated in an incomplete year): a scalar when it is the same for
    everybody, which spares an array operation for each threshold; else the per-person array."""
    pss = individu("plafond_securite_sociale", period)
    premier = pss[0] if len(pss) else 0
    return float(premier) if len(pss) and pss.min() == premier == pss.max() else pss


def pass_annuel(parameters, period):
    return parameters(period).prelevements_sociaux.pss.plafond_securite_sociale_annuel


def _minimums(individu, period):
    """1 where the minimum bases apply (everybody, except RSA / seasonal activity)."""
    applicables = individu("assiettes_minimales_applicables", period)
    return 1 if applicables.all() else applicables


def hors_regime_classique(individu, period):
    """Where the classic contributions of the year are not due: a micro-entrepreneur, or a
    business with no day of activity in the year (nothing is due, not even a minimum base)."""
    return individu("micro_entrepreneur", period) | ~individu("activite_dans_l_annee", period)


def _cipav(individu, period):
    cipav = individu("est_cipav", period)
    return cipav, cipav.any()


def _mayotte(individu, period):
    mayotte = individu("etablissement_mayotte", period)
    return mayotte, mayotte.any()


def _taux(bareme, assiette, pss, uniformes):
    """Rate of an average-rate schedule; its top rate where `uniformes` (DROM, non-cumul)."""
    taux = taux_progressif(bareme, assiette, pss)
    return taux if uniformes is None else where(uniformes, bareme.rates[-1], taux)


# ---------------------------------------------------------------- base of the reform


def assiette_reforme(parameters, period, revenu_brut):
    """Single base of the 2025 reform: gross income minus the bounded 26 % abattement, floor 0."""
    p = parameters(period).reforme_assiette.abattement
    pss = pass_annuel(parameters, period)
    abattement = numpy.clip(p.taux * revenu_brut, p.plancher * pss, p.plafond * pss)
    return numpy.maximum(revenu_brut - abattement, 0)


# ---------------------------------------------------------------- contributions before exemptions


class Maladie(NamedTuple):
    total: numpy.ndarray  # maladie-maternité rate schedule applied to the base
    maladie_1: numpy.ndarray  # the "maladie-maternité" line (total without the IJ it contains)
    ij: numpy.ndarray


def maladie_ssi(individu, period, parameters, assiette, total=None) -> Maladie:
    """Maladie-maternité and IJ of artisans, commerçants and PLNR (D621-1, D621-2, D621-3 I).

    Up to 2024 the total rate includes the IJ, and "maladie 1" is the total minus the IJ it
    contains; from 2025 the two are separate contributions. `total` may be given when already
    known (the cached variable for the person's assiette).
    """
    c = parameters(period).cotisations
    p, p_ij = c.maladie_maternite, c.indemnites_journalieres
    pss = pass_personne(individu, period)
    minimums = _minimums(individu, period)
    base = numpy.maximum(assiette, p.assiette_minimale * pss * minimums)
    if total is None:
        plafond = p.plafond_taux_progressif * pss
        sous_plafond = numpy.minimum(base, plafond)
        uniformes = outre_mer.taux_uniformes(individu, period, parameters)
        total = _taux(bareme(p, "taux_progressif"), sous_plafond, pss, uniformes) * sous_plafond + p.taux_au_dela_plafond * numpy.maximum(
            base - plafond, 0
        )
    pss_ij = pass_annuel(parameters, period) if p_ij.pass_annuel else pss
    ij = p_ij.taux * borner(assiette, p_ij.assiette_minimale * pss_ij * minimums, p_ij.plafond * pss_ij)
    if p_ij.plafonnement_au_total_maladie:
        ij = numpy.minimum(ij, total)
    if p.indemnites_journalieres_comprises:
        maladie_1 = total - numpy.minimum(p_ij.taux * numpy.minimum(base, p_ij.plafond * pss), total)
    else:
        maladie_1 = total
    return Maladie(total, maladie_1, ij)


def maladie_brute(individu, period, parameters, assiette, total=None):
    """The maladie-maternité line: D621-3 schedule for the PL réglementées up to 2024, else SSI;
    Mayotte: art. 28-4 2°."""
    p = parameters(period).cotisations
    montant = maladie_ssi(individu, period, parameters, assiette, total).maladie_1
    cipav, des_cipav = _cipav(individu, period)
    if des_cipav and not p.maladie_maternite.bareme_commun_professions_liberales:
        uniformes = outre_mer.taux_uniformes(individu, period, parameters)
        pl = _taux(bareme(p.maladie_maternite_pl, "taux_progressif"), assiette, pass_personne(individu, period), uniformes) * assiette
        montant = where(cipav, pl, montant)
    mayotte, a_mayotte = _mayotte(individu, period)
    return where(mayotte, outre_mer.mayotte_maladie(individu, period, parameters, assiette), montant) if a_mayotte else montant


def indemnites_journalieres_brutes(individu, period, parameters, assiette, total=None):
    """IJ: 0.5 % (SSI) or CNAVPL 0.3 % (PL réglementées), between 40 % PASS and 5 (3) PASS; none in Mayotte."""
    ssi = maladie_ssi(individu, period, parameters, assiette, total).ij
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:
        ssi = where(mayotte, 0, ssi)
    cipav, des_cipav = _cipav(individu, period)
    if not des_cipav:
        return ssi
    p = parameters(period).cotisations
    pss = pass_annuel(parameters, period) if p.indemnites_journalieres.pass_annuel else pass_personne(individu, period)
    pl = p.indemnites_journalieres_pl
    ij_pl = pl.taux * borner(assiette, pl.assiette_minimale * pss * _minimums(individu, period), pl.plafond * pss)
    return where(cipav, ij_pl, ssi)


def allocations_familiales_brutes(individu, period, parameters, assiette):
    """Average-rate schedule on the whole base (top rate in the DROM from 2023); Mayotte: art. 28-5."""
    p = parameters(period).cotisations.allocations_familiales
    uniformes = outre_mer.taux_uniformes(individu, period, parameters)
    montant = _taux(bareme(p, "taux_progressif"), assiette, pass_personne(individu, period), uniformes) * assiette
    mayotte, a_mayotte = _mayotte(individu, period)
    return where(mayotte, outre_mer.mayotte_allocations_familiales(individu, period, parameters, assiette), montant) if a_mayotte else montant


def retraite_de_base_brute(individu, period, parameters, assiette):
    """SSI (D633-3) or CNAVPL (D642-3) basic pension, on the base raised to the minimum base."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    base = numpy.maximum(assiette, individu("retraite_de_base_assiette_minimale", period))
    p = c.retraite_de_base
    ssi = p.taux_plafonne * numpy.minimum(base, p.plafond * pss) + p.taux_deplafonne * base
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:  # art. 28-2 of ordonnance 96-1122
        ssi = where(mayotte, outre_mer.mayotte_retraite_de_base(individu, period, parameters, base), ssi)
    cipav, des_cipav = _cipav(individu, period)
    if not des_cipav:
        return ssi
    pl = c.retraite_de_base_cnavpl
    cnavpl = pl.taux_tranche_1 * numpy.minimum(base, pl.plafond_tranche_1 * pss) + pl.taux_tranche_2 * numpy.minimum(
        base, pl.plafond_tranche_2 * pss
    )
    return where(cipav, cnavpl, ssi)


def retraite_complementaire_brute(individu, period, parameters, assiette):
    """RCI (D635-7) or Cipav complementary scheme; the Cipav rule of the year must be known."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    p = c.retraite_complementaire
    prorata = individu("prorata_annee_activite", period)
    if hasattr(p, "plafond_tranche_1"):  # since 2025: 1 PASS prorated, no more PRCI
        limite_1 = p.plafond_tranche_1 * pss
    else:
        limite_1 = p.plafond_rci * prorata
    limite_2 = p.plafond * (pss if p.plafond_proratise else pass_annuel(parameters, period))
    rci = p.taux_tranche_1 * numpy.minimum(assiette, limite_1) + p.taux_tranche_2 * part_entre(assiette, limite_1, limite_2)
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:  # not due in Mayotte
        rci = where(mayotte, 0, rci)
    cipav, des_cipav = _cipav(individu, period)
    if not des_cipav:
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
            numpy.flatnonzero(cipav),
        )
    return where(cipav, montant_cipav, rci)


def invalidite_deces_brute(individu, period, parameters, assiette):
    """SSI (D632-1, D632-2) or Cipav invalidité-décès (classes until 2022, then proportional)."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    p = c.invalidite_deces
    minimums = _minimums(individu, period)
    ssi = p.taux * borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss)
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:  # not due in Mayotte
        ssi = where(mayotte, 0, ssi)
    cipav, des_cipav = _cipav(individu, period)
    if not des_cipav:
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


# ---------------------------------------------------------------- exemptions


def coefficient_acre(individu, period, parameters, assiette):
    """Share of the legal ACRE exoneration that applies this year (0 without ACRE).

    = maximal rate (by creation date) × degressivity (1 up to 75 % PASS, (PASS − R)/(0.25 PASS)
    up to 1 PASS) × part of the year's activity within 12 months of the start of activity.
    """
    acre = individu("acre", period)
    if not acre.any():
        return numpy.zeros(len(acre))
    p = parameters(period).exonerations.acre
    historique = individu.simulation.tax_benefit_system.parameters.exonerations.acre
    debut = individu("date_debut_activite", period)
    part_annee = outre_mer.part_dans_les_premiers_mois(debut, individu("jours_activite", period), period, p.duree)
    territoires = parameters(period).territoires
    departement = individu("departement_verifie", period)
    eligible = acre & ~code_dans(departement, territoires.outre_mer) & ~code_dans(departement, territoires.mayotte)
    pss = pass_personne(individu, period)
    debut_degressivite, fin_degressivite = p.seuil_exoneration_totale * pss, p.seuil_fin * pss
    degressivite = numpy.clip((fin_degressivite - assiette) / (fin_degressivite - debut_degressivite), 0, 1)
    taux = valeurs_aux_dates(historique.taux_maximal, debut, 0) * degressivite
    return where(eligible, taux * part_annee, 0)


def apres_exonerations(individu, period, parameters, montant, fonction=None, assiette=None, pension_invalidite=True, coefficient=None):
    """A classic contribution net of its exemptions; zero for a micro-entrepreneur.

    ACRE (when `fonction` is given: maladie, IJ, AF, retraite de base, invalidité-décès): the
    exoneration is coefficient × the contribution on min(R, 75 % PASS), i.e. the person's own
    contribution up to 75 % PASS and E = the contribution at 75 % PASS above (D131-6-1 II).
    Overseas (when `fonction` is given): the DROM and Mayotte exonerations (outre_mer), which
    exclude the ACRE.
    Invalidity pension (maladie, IJ, retraite de base, retraite complémentaire): pro rata of months.
    """
    net = montant
    if fonction is not None:
        exoneration = outre_mer.exoneration(individu, period, parameters, fonction, assiette)
        if exoneration is not None:
            net = numpy.maximum(net - exoneration, 0)
        k = coefficient_acre(individu, period, parameters, assiette) if coefficient is None else coefficient
        if k.any():
            p = parameters(period).exonerations.acre
            base_e = numpy.minimum(assiette, p.seuil_exoneration_totale * pass_personne(individu, period))
            net = numpy.maximum(net - k * fonction(individu, period, parameters, base_e), 0)  # float noise at k = 1
    if pension_invalidite:
        part = individu("pension_invalidite_part_annee", period)
        if part.any():
            net = net * (1 - part)
    non_dus = hors_regime_classique(individu, period)
    return where(non_dus, 0, net) if non_dus.any() else net


# ---------------------------------------------------------------- the six lines, net


def maladie_nette(individu, period, parameters, assiette, total=None, coefficient=None):
    return apres_exonerations(individu, period, parameters, maladie_brute(individu, period, parameters, assiette, total),
                              maladie_brute, assiette, coefficient=coefficient)


def indemnites_journalieres_nettes(individu, period, parameters, assiette, total=None, coefficient=None):
    return apres_exonerations(individu, period, parameters, indemnites_journalieres_brutes(individu, period, parameters, assiette, total),
                              indemnites_journalieres_brutes, assiette, coefficient=coefficient)


def allocations_familiales_nettes(individu, period, parameters, assiette, coefficient=None):
    return apres_exonerations(individu, period, parameters, allocations_familiales_brutes(individu, period, parameters, assiette),
                              allocations_familiales_brutes, assiette, pension_invalidite=False, coefficient=coefficient)


def retraite_de_base_nette(individu, period, parameters, assiette_partagee, coefficient=None):
    return apres_exonerations(individu, period, parameters, retraite_de_base_brute(individu, period, parameters, assiette_partagee),
                              retraite_de_base_brute, assiette_partagee, coefficient=coefficient)


def retraite_complementaire_nette(individu, period, parameters, assiette, assiette_partagee):
    cipav, des_cipav = _cipav(individu, period)
    base = where(cipav, assiette, assiette_partagee) if des_cipav else assiette_partagee
    return apres_exonerations(individu, period, parameters, retraite_complementaire_brute(individu, period, parameters, base))


def invalidite_deces_nette(individu, period, parameters, assiette, assiette_partagee, coefficient=None):
    cipav, des_cipav = _cipav(individu, period)
    base = where(cipav, assiette, assiette_partagee) if des_cipav else assiette_partagee
    return apres_exonerations(individu, period, parameters, invalidite_deces_brute(individu, period, parameters, base),
                              invalidite_deces_brute, base, pension_invalidite=False, coefficient=coefficient)


def contribution_mayotte_nette(individu, period, parameters, assiette):
    """Mayotte art. 28-3 contribution after the 24-month exoneration (art. 28-8); 0 elsewhere."""
    mayotte, a_mayotte = _mayotte(individu, period)
    if not a_mayotte:
        return individu.filled_array(0.0)
    fonction = outre_mer.contribution_mayotte_brute
    montant = fonction(individu, period, parameters, assiette)
    r = outre_mer.reductions(individu, period, parameters, assiette)
    net = numpy.maximum(montant - r.debut_activite * montant, 0)
    return where(mayotte & ~hors_regime_classique(individu, period), net, 0)


def assiette_csg_nette(individu, period, parameters, assiette_csg, revenu):
    """The CSG-CRDS base after the DROM exonerations."""
    if not individu("etablissement_drom", period).any():
        return assiette_csg
    return assiette_csg - outre_mer.assiette_csg_exoneree(individu, period, parameters, assiette_csg, revenu)


def taux_csg(individu, period, parameters, taux):
    """A CSG rate, 0 in Mayotte unless the CSG applies there (parameter outre_mer.mayotte.csg_applicable)."""
    mayotte, a_mayotte = _mayotte(individu, period)
    if not a_mayotte or parameters(period).outre_mer.mayotte.csg_applicable:
        return taux
    return where(mayotte, 0, taux)


def csg_deductible(individu, period, parameters, assiette_csg, revenu):
    taux = taux_csg(individu, period, parameters, parameters(period).contributions.csg.taux_deductible)
    return taux * assiette_csg_nette(individu, period, parameters, assiette_csg, revenu)


# ---------------------------------------------------------------- collaborating spouse


def base_conjoint(individu, period, parameters, assiette):
    """Base of the spouse's contributions: forfait, or a fraction of the chief's base; 0 without spouse."""
    avec_conjoint = individu("conjoint_collaborateur", period) & ~hors_regime_classique(individu, period)
    if not avec_conjoint.any():
        return numpy.zeros(len(avec_conjoint))
    p = parameters(period).conjoint_collaborateur
    pss = pass_personne(individu, period)
    cipav = individu("est_cipav", period)
    option = individu("conjoint_collaborateur_assiette", period)
    options = option.possible_values
    fraction_choisie = individu("conjoint_collaborateur_fraction", period)
    moitie = fraction_choisie == fraction_choisie.possible_values.moitie
    fraction = where(moitie, p.fraction_moitie, where(cipav, p.fraction_basse_cnavpl, p.fraction_tiers))
    forfait = where(cipav, p.assiette_forfaitaire_cnavpl, p.assiette_forfaitaire) * pss
    base = where(option == options.forfaitaire, forfait, fraction * assiette)
    return where(avec_conjoint, base, 0)


def assiette_partagee(individu, period, assiette, base_du_conjoint):
    """The chief's base for retirement and invalidité-décès, after sharing with the spouse."""
    option = individu("conjoint_collaborateur_assiette", period)
    partage = option == option.possible_values.revenu_avec_partage
    if not partage.any():
        return assiette
    return where(partage, assiette - base_du_conjoint, assiette)


def part_cipav_conjoint(individu, period, parameters, base_du_conjoint):
    """Share of the chief's Cipav amounts due for the spouse (2023 on)."""
    from openfisca_independants.parametres import parametre

    p = parameters(period).conjoint_collaborateur
    concernes = individu("est_cipav", period) & (base_du_conjoint > 0)
    forfait, moitie = parametre(p, "cipav_forfait"), parametre(p, "cipav_moitie")
    if concernes.any() and numpy.isnan(forfait):
        raise SituationNonModelisee(
            "conjoint_collaborateur", f"the Cipav rules for a collaborating spouse in {period} are not in the model's sources (2023 on).",
            numpy.flatnonzero(concernes),
        )
    option = individu("conjoint_collaborateur_assiette", period)
    fraction = individu("conjoint_collaborateur_fraction", period)
    option_moitie = (option != option.possible_values.forfaitaire) & (fraction == fraction.possible_values.moitie)
    return where(option_moitie, moitie, forfait)


class LignesConjoint(NamedTuple):
    retraite_de_base: numpy.ndarray
    retraite_complementaire: numpy.ndarray
    invalidite_deces: numpy.ndarray
    indemnites_journalieres: numpy.ndarray


def conjoint_lignes(individu, period, parameters, base_du_conjoint, rc_chef, id_chef) -> LignesConjoint:
    """The spouse's four contributions."""
    zero = numpy.zeros(len(base_du_conjoint))
    avec = base_du_conjoint > 0
    if not avec.any():
        return LignesConjoint(zero, zero, zero, zero)
    cipav, des_cipav = _cipav(individu, period)
    rb = where(avec, retraite_de_base_brute(individu, period, parameters, base_du_conjoint), 0)
    rci = retraite_complementaire_brute(individu, period, parameters, base_du_conjoint)
    ssi_id = invalidite_deces_brute(individu, period, parameters, base_du_conjoint)
    if des_cipav:
        part = part_cipav_conjoint(individu, period, parameters, base_du_conjoint)
        rc = where(cipav, rc_chef * part, rci)
        invalidite = where(cipav, id_chef * part, ssi_id)
    else:
        rc, invalidite = rci, ssi_id
    p = parameters(period).conjoint_collaborateur
    taux_ij = where(cipav, p.taux_indemnites_journalieres_cnavpl, p.taux_indemnites_journalieres)
    ij = taux_ij * p.assiette_indemnites_journalieres * pass_personne(individu, period)
    return LignesConjoint(rb, where(avec, rc, 0), where(avec, invalidite, 0), where(avec, ij, 0))


# ---------------------------------------------------------------- gross income from net income


def contributions_deductibles(individu, period, parameters, assiette):
    """What is deducted from the gross income to get the net one (revenu_professionnel), for a
    given single base: the six contributions, the spouse's, the deductible CSG and the CFP."""
    base_c = base_conjoint(individu, period, parameters, assiette)
    partagee = assiette_partagee(individu, period, assiette, base_c)
    k = coefficient_acre(individu, period, parameters, assiette)
    rc = retraite_complementaire_nette(individu, period, parameters, assiette, partagee)
    invalidite = invalidite_deces_nette(individu, period, parameters, assiette, partagee, k)
    total = (
        maladie_nette(individu, period, parameters, assiette, coefficient=k)
        + indemnites_journalieres_nettes(individu, period, parameters, assiette, coefficient=k)
        + allocations_familiales_nettes(individu, period, parameters, assiette, coefficient=k)
        + retraite_de_base_nette(individu, period, parameters, partagee, coefficient=k)
        + rc
        + invalidite
    )
    for ligne in conjoint_lignes(individu, period, parameters, base_c, rc, invalidite):
        total = total + ligne
    return (
        total
        + contribution_mayotte_nette(individu, period, parameters, assiette)
        + csg_deductible(individu, period, parameters, assiette, assiette)
        + individu("formation_professionnelle", period)
    )


TOLERANCE_BRUT = 0.001  # euros: numerical method, not law
ITERATIONS_BRUT = 100


def revenu_brut_depuis_net(individu, period, parameters, revenu_net, tolerance=TOLERANCE_BRUT, iterations=ITERATIONS_BRUT):
    """Solve brut = net + deductible contributions(single base of brut), vectorised.

    The deductible contributions are a continuous, non-decreasing function of the gross income
    whose slope stays well below 1 (at most about 0.5), so the fixed-point iteration
    brut ← net + D(base(brut)) contracts: each step divides the error by 2 or more. It stops
    when no person's gross income moves by more than `tolerance` (euros).
    """
    brut = numpy.asarray(revenu_net, dtype=float)
    for _ in range(iterations):
        suivant = revenu_net + contributions_deductibles(individu, period, parameters, assiette_reforme(parameters, period, brut))
        ecart = numpy.max(numpy.abs(suivant - brut)) if len(brut) else 0
        brut = suivant
        if ecart <= tolerance:
            break
    return brut
