"""Prestations complémentaires de vieillesse (PCV, ASV) of the conventionnés health professionals
(CSS L645-1 to L645-5): the practitioner's share and the Assurance Maladie's, by caisse
(regles/caisses/<caisse>.py); a caisse not in the table is refused."""

from openfisca_independants.regles.base import categorie_dans, hors_regime_classique, pamc
from openfisca_independants.regles.caisses import carcdsf, carmf, carpimko, cavp, par_caisse

# caisse → function(individu, period, parameters, assiette, masque) → (practitioner's share, Assurance Maladie's share)
PRESTATIONS = {
    "carmf": carmf.prestations_complementaires_vieillesse,
    "carcdsf": carcdsf.prestations_complementaires_vieillesse,
    "carpimko": carpimko.prestations_complementaires_vieillesse,
    "cavp": cavp.prestations_complementaires_vieillesse,
}


def biologistes(individu, period):
    """Pharmacists declared conventioned biologists (cavp_biologiste_conventionne), classic regime."""
    bio = categorie_dans(individu, period, ("pharmacien",))
    if not bio.any():
        return bio
    bio &= individu("cavp_biologiste_conventionne", period)
    return bio & ~hors_regime_classique(individu, period) if bio.any() else bio


def parts(individu, period, parameters):
    """(practitioner's share, Assurance Maladie's share); 0 for those the PCV/ASV does not concern."""
    zero = individu.empty_array()
    concernes = pamc(individu, period) | biologistes(individu, period)
    if not concernes.any():
        return zero, zero
    return par_caisse(individu, period, parameters, PRESTATIONS, "prestations_complementaires_vieillesse", (zero, zero),
                      individu("assiette_cotisations", period), concernes)
