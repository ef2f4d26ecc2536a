"""Retraite complémentaire: RCI CSS D635-7 (two tranches; not due in Mayotte), Cipav complementary
scheme (classes in 2021–2022, proportional from 2023)."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.baremes import part_entre
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.regles import exonerations
from openfisca_independants.regles.base import cipav_parmi, mayotte_parmi, pass_annuel, pass_personne


def brute(individu, period, parameters, assiette):
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
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if a_mayotte:  # not due in Mayotte
        rci = where(mayotte, 0, rci)
    cipav, des_cipav = cipav_parmi(individu, period)
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


def nette(individu, period, parameters, assiette, assiette_partagee):
    cipav, des_cipav = cipav_parmi(individu, period)
    base = where(cipav, assiette, assiette_partagee) if des_cipav else assiette_partagee
    return exonerations.nette(individu, period, parameters, "retraite_complementaire", brute(individu, period, parameters, base), brute, base)
