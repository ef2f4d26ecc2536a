"""Collaborating spouse (CSS L661-1, D633-4…): the base of the spouse's contributions, the chief's
base after sharing, and the spouse's four contributions computed by each risk's rule."""

from typing import NamedTuple

import numpy
from openfisca_core.model_api import where

from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.parametres import parametre
from openfisca_independants.regles import invalidite_deces, retraite_complementaire, retraite_de_base
from openfisca_independants.regles.base import NOUVELLES_PROFESSIONS, categorie_dans, cipav_parmi, hors_regime_classique, pass_personne, refuser


def base(individu, period, parameters, assiette):
    """Base of the spouse's contributions: forfait, or a fraction of the chief's base; 0 without spouse."""
    avec_conjoint = individu("conjoint_collaborateur", period) & ~hors_regime_classique(individu, period)
    if not avec_conjoint.any():
        return individu.empty_array()
    refuser(individu, period, avec_conjoint & categorie_dans(individu, period, NOUVELLES_PROFESSIONS), "conjoint_collaborateur",
            "the collaborating spouse of these professions is not coded yet.", variable="conjoint_collaborateur")
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


def part_cipav(individu, period, parameters, base_du_conjoint):
    """Share of the chief's Cipav amounts due for the spouse (2023 on)."""
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


class Lignes(NamedTuple):
    retraite_de_base: numpy.ndarray
    retraite_complementaire: numpy.ndarray
    invalidite_deces: numpy.ndarray
    indemnites_journalieres: numpy.ndarray


def lignes(individu, period, parameters, base_du_conjoint, rc_chef, id_chef) -> Lignes:
    """The spouse's four contributions."""
    zero = numpy.zeros(len(base_du_conjoint))
    avec = base_du_conjoint > 0
    if not avec.any():
        return Lignes(zero, zero, zero, zero)
    cipav, des_cipav = cipav_parmi(individu, period)
    rb = where(avec, retraite_de_base.brute(individu, period, parameters, base_du_conjoint), 0)
    rci = retraite_complementaire.brute(individu, period, parameters, base_du_conjoint)
    ssi_id = invalidite_deces.brute(individu, period, parameters, base_du_conjoint)
    if des_cipav:
        part = part_cipav(individu, period, parameters, base_du_conjoint)
        rc = where(cipav, rc_chef * part, rci)
        invalidite = where(cipav, id_chef * part, ssi_id)
    else:
        rc, invalidite = rci, ssi_id
    p = parameters(period).conjoint_collaborateur
    taux_ij = where(cipav, p.taux_indemnites_journalieres_cnavpl, p.taux_indemnites_journalieres)
    ij = taux_ij * p.assiette_indemnites_journalieres * pass_personne(individu, period)
    return Lignes(rb, where(avec, rc, 0), where(avec, invalidite, 0), where(avec, ij, 0))
