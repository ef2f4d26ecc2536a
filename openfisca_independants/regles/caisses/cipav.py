"""Cipav: complementary pension (classes in 2021–2022, proportional from 2023) and
invalidité-décès (classes until 2022, then proportional; none from the age of exemption).
Each legal version is a named function, chosen by a dated parameter (retraite_complementaire.cipav.regime,
invalidite_deces.cipav.regime)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import borner, part_entre
from openfisca_independants.dates import annee
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import minimums_applicables, pass_personne


# ---------------------------------------------------------------- retraite complémentaire


def rc_classes(assiette, pss, pc):
    """Cipav 2021–2022: the flat amount of the class of the income."""
    rang = numpy.searchsorted(numpy.asarray(pc.classes.thresholds[1:]), assiette, side="left")
    return numpy.asarray(pc.classes.amounts)[rang]


def rc_proportionnelle(assiette, pss, pc):
    """Cipav from 2023: rate 1 up to the tranche-1 limit, rate 2 from it to the ceiling (in PASS)."""
    return pc.taux_tranche_1 * numpy.minimum(assiette, pc.plafond_tranche_1 * pss) + pc.taux_tranche_2 * part_entre(
        assiette, pc.plafond_tranche_1 * pss, pc.plafond * pss
    )


REGIMES_RC = {"classes": rc_classes, "proportionnelle": rc_proportionnelle}  # parameter retraite_complementaire.cipav.regime


def retraite_complementaire(individu, period, parameters, assiette, masque):
    """The scheme of the year (parameter retraite_complementaire.cipav.regime); refused without one."""
    pc = parameters(period).cotisations.retraite_complementaire.cipav
    regime = parametre(pc, "regime", None)
    if regime is None:
        raise SituationNonModelisee(
            "categorie_independant",
            f"the Cipav complementary pension rule of {period} is not in the model's sources (2021 on).",
            numpy.flatnonzero(masque),
        )
    return REGIMES_RC[regime](assiette, pass_personne(individu, period), pc)


def retraite_complementaire_ligne(individu, period, parameters, assiette, masque):
    """(base, rate of tranche 1, rate of tranche 2, classes) of the Cipav complementary pension."""
    pc = parameters(period).cotisations.retraite_complementaire.cipav
    pss = pass_personne(individu, period)
    zero = individu.filled_array(0.0)
    if parametre(pc, "regime", None) == "proportionnelle":
        tranche_2 = where(assiette > pc.plafond_tranche_1 * pss, pc.taux_tranche_2, 0)
        return numpy.minimum(assiette, pc.plafond * pss), individu.filled_array(pc.taux_tranche_1), tranche_2, individu.filled_array(False)
    # classes with flat amounts (2021–2022), or no rule in the sources (refused by the line itself)
    return assiette, zero, zero, individu.filled_array(True)


# ---------------------------------------------------------------- invalidité-décès


def id_classes(individu, period, assiette, pss, minimums, pc):
    """Cipav until 2022: the flat amount of the class (A, B or C) chosen."""
    classe = individu("classe_invalidite_deces_cipav", period)
    classes = classe.possible_values
    return numpy.select([classe == classes.a, classe == classes.b], [pc.classe_a, pc.classe_b], pc.classe_c)


def id_proportionnelle(individu, period, assiette, pss, minimums, pc):
    """Cipav from 2023: a rate on the base bounded between its minimum and its ceiling (in PASS)."""
    return pc.taux * borner(assiette, pc.assiette_minimale * pss * minimums, pc.plafond * pss)


REGIMES_ID = {"classes": id_classes, "proportionnelle": id_proportionnelle}  # parameter invalidite_deces.cipav.regime


def invalidite_deces(individu, period, parameters, assiette, masque):
    """Classes until 2022, then proportional; none from the year of the age of exemption."""
    pc = parameters(period).cotisations.invalidite_deces.cipav
    montant = REGIMES_ID[pc.regime](individu, period, assiette, pass_personne(individu, period), minimums_applicables(individu, period), pc)
    age_atteint = period.start.year - annee(individu("date_naissance", period)) >= pc.age_exoneration
    return where(age_atteint, 0, montant)


def invalidite_deces_ligne(individu, period, parameters, assiette, masque):
    """(base, rate, classes) of the Cipav invalidité-décès."""
    pc = parameters(period).cotisations.invalidite_deces.cipav
    pss = pass_personne(individu, period)
    if pc.regime == "proportionnelle":
        base = borner(assiette, pc.assiette_minimale * pss * minimums_applicables(individu, period), pc.plafond * pss)
        return base, individu.filled_array(pc.taux), individu.filled_array(False)
    return assiette, individu.filled_array(0.0), individu.filled_array(True)  # classes A, B, C (until 2022)
