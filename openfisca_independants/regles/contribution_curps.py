"""Contribution aux unions régionales des professionnels de santé (CURPS, CSS L4031-4 du code de la
santé publique): due by the conventionnés health professionals and the pharmacists."""

from openfisca_independants.regles.base import categorie_dans, hors_regime_classique, pamc, refuser


def concernes(individu, period):
    pharmaciens = categorie_dans(individu, period, ("pharmacien",))
    return pamc(individu, period) | (pharmaciens & ~hors_regime_classique(individu, period))


def montant(individu, period, parameters):
    refuser(individu, period, concernes(individu, period), "contribution_curps", "the CURPS is not coded yet.")
    return individu.filled_array(0.0)
