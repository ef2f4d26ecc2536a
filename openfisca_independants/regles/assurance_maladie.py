"""What the Assurance Maladie pays on behalf of the conventionnés health professionals (PAMC):
its participation in their maladie, AF and base-pension contributions and its share of the
PCV/ASV, each already deducted from its line."""

from openfisca_independants.regles import maladie_maternite, prestations_complementaires_vieillesse
from openfisca_independants.regles.base import PAMC_NON_CODE, medecins_secteur_1, refuser


def prise_en_charge(individu, period, parameters):
    """Positive; 0 for those it does not concern. The AF and base-pension participation of the
    médecins of sector 1 is not coded yet (refused)."""
    refuser(individu, period, medecins_secteur_1(individu, period), "prise_en_charge_assurance_maladie", PAMC_NON_CODE)
    maladie = maladie_maternite.participation_pamc(individu, period, parameters)
    return maladie + prestations_complementaires_vieillesse.parts(individu, period, parameters)[1]
