"""CSG-CRDS of the classic regime (CSS L136-3): the base after the overseas exonerations, the
rates (not applied in Mayotte unless parameter outre_mer.mayotte.csg_applicable)."""

from openfisca_core.model_api import where

from openfisca_independants.regles import outre_mer
from openfisca_independants.regles.base import mayotte_parmi


def assiette_nette(individu, period, parameters, assiette_csg, revenu):
    """The CSG-CRDS base after the DROM exonerations."""
    if not individu("etablissement_drom", period).any():
        return assiette_csg
    return assiette_csg - outre_mer.assiette_csg_exoneree(individu, period, parameters, assiette_csg, revenu)


def taux(individu, period, parameters, taux_legal):
    """A CSG rate, 0 in Mayotte unless the CSG applies there (parameter outre_mer.mayotte.csg_applicable)."""
    mayotte, a_mayotte = mayotte_parmi(individu, period)
    if not a_mayotte or parameters(period).outre_mer.mayotte.csg_applicable:
        return taux_legal
    return where(mayotte, 0, taux_legal)


def csg_deductible(individu, period, parameters, assiette_csg, revenu):
    taux_applicable = taux(individu, period, parameters, parameters(period).contributions.csg.taux_deductible)
    return taux_applicable * assiette_nette(individu, period, parameters, assiette_csg, revenu)
