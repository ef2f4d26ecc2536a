"""What the Assurance Maladie pays on behalf of the conventionnés health professionals (PAMC):
its participation in their maladie, AF and base-pension contributions and its share of the
PCV/ASV, each already deducted from its line."""

from openfisca_independants.regles.base import PAMC_NON_CODE, pamc, refuser


def prise_en_charge(individu, period, parameters):
    """Positive; 0 for those it does not concern."""
    refuser(individu, period, pamc(individu, period), "prise_en_charge_assurance_maladie", PAMC_NON_CODE)
    return individu.filled_array(0.0)
