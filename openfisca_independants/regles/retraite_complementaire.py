"""Retraite complémentaire: RCI CSS D635-7 (two tranches; not due in Mayotte), Cipav complementary
scheme (classes in 2021–2022, proportional from 2023). Each legal version is a named function,
chosen by a dated parameter (retraite_complementaire.ssi.limite_tranche_1, retraite_complementaire.cipav.regime)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import part_entre
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.parametres import parametre
from openfisca_independants.regles import exonerations
from openfisca_independants.regles.base import (
    Ligne,
    assiette_rc_id,
    cipav_parmi,
    mayotte_parmi,
    pass_annuel,
    pass_personne,
)


def limite_prci(individu, period, parameters, p):
    """Tranche 1 up to the RCI ceiling (PRCI), prorated in an incomplete year (D635-7 until 2024)."""
    return p.plafond_rci * individu("prorata_annee_activite", period)


def limite_pass(individu, period, parameters, p):
    """Tranche 1 up to a fraction of the person's PASS (D635-7 1° as of décret 2024-688, from 2025)."""
    return p.plafond_tranche_1 * pass_personne(individu, period)


LIMITES_TRANCHE_1 = {"prci": limite_prci, "pass": limite_pass}  # parameter retraite_complementaire.ssi.limite_tranche_1


def rci(individu, period, parameters, assiette):
    """RCI, CSS D635-7: rate 1 up to the tranche-1 limit, rate 2 from it to 4 PASS; not due in Mayotte."""
    p = parameters(period).cotisations.retraite_complementaire.ssi
    limite_1 = LIMITES_TRANCHE_1[p.limite_tranche_1](individu, period, parameters, p)
    limite_2 = p.plafond * (pass_personne(individu, period) if p.plafond_proratise else pass_annuel(parameters, period))
    montant = p.taux_tranche_1 * numpy.minimum(assiette, limite_1) + p.taux_tranche_2 * part_entre(assiette, limite_1, limite_2)
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    return where(mayotte, 0, montant) if a_mayotte else montant


def cipav_classes(assiette, pss, pc):
    """Cipav 2021–2022: the flat amount of the class of the income."""
    rang = numpy.searchsorted(numpy.asarray(pc.classes.thresholds[1:]), assiette, side="left")
    return numpy.asarray(pc.classes.amounts)[rang]


def cipav_proportionnelle(assiette, pss, pc):
    """Cipav from 2023: rate 1 up to the tranche-1 limit, rate 2 from it to the ceiling (in PASS)."""
    return pc.taux_tranche_1 * numpy.minimum(assiette, pc.plafond_tranche_1 * pss) + pc.taux_tranche_2 * part_entre(
        assiette, pc.plafond_tranche_1 * pss, pc.plafond * pss
    )


CIPAV = {"classes": cipav_classes, "proportionnelle": cipav_proportionnelle}  # parameter retraite_complementaire.cipav.regime


def brute(individu, period, parameters, assiette):
    """RCI, or for the Cipav the scheme of the year (parameter retraite_complementaire.cipav.regime)."""
    montant = rci(individu, period, parameters, assiette)
    cipav, des_cipav = cipav_parmi(individu, period)
    if not des_cipav:
        return montant
    pc = parameters(period).cotisations.retraite_complementaire.cipav
    regime = parametre(pc, "regime", None)
    if regime is None:
        raise SituationNonModelisee(
            "categorie_independant",
            f"the Cipav complementary pension rule of {period} is not in the model's sources (2021 on).",
            numpy.flatnonzero(cipav),
        )
    return where(cipav, CIPAV[regime](assiette, pass_personne(individu, period), pc), montant)



def ligne(individu, period, parameters) -> Ligne:
    """(base up to the ceiling, rate of tranche 1, rate of tranche 2 when the base reaches it, classes)."""
    c = parameters(period).cotisations
    pss = pass_personne(individu, period)
    p = c.retraite_complementaire.ssi
    assiette = assiette_rc_id(individu, period)
    limite_1 = LIMITES_TRANCHE_1[p.limite_tranche_1](individu, period, parameters, p)
    limite_2 = p.plafond * (pss if p.plafond_proratise else pass_annuel(parameters, period))
    base = numpy.minimum(assiette, limite_2)
    taux = individu.filled_array(p.taux_tranche_1)
    tranche_2 = where(assiette > limite_1, p.taux_tranche_2, 0)
    classes = individu.filled_array(False)
    cipav = individu("est_cipav", period)
    if cipav.any():
        pc = c.retraite_complementaire.cipav
        if parametre(pc, "regime", None) == "proportionnelle":
            base = where(cipav, numpy.minimum(assiette, pc.plafond * pss), base)
            taux = where(cipav, pc.taux_tranche_1, taux)
            tranche_2 = where(cipav, where(assiette > pc.plafond_tranche_1 * pss, pc.taux_tranche_2, 0), tranche_2)
        else:  # classes with flat amounts (2021–2022), or no rule in the sources (refused by the line itself)
            base, taux, tranche_2, classes = where(cipav, assiette, base), where(cipav, 0, taux), where(cipav, 0, tranche_2), cipav
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # not due in Mayotte
        taux, tranche_2 = where(mayotte, 0, taux), where(mayotte, 0, tranche_2)
    return Ligne(base, taux, tranche_2, classes)

def nette(individu, period, parameters, assiette, assiette_partagee):
    cipav, des_cipav = cipav_parmi(individu, period)
    base = where(cipav, assiette, assiette_partagee) if des_cipav else assiette_partagee
    return exonerations.nette(individu, period, parameters, "retraite_complementaire", brute(individu, period, parameters, base), brute, base)
