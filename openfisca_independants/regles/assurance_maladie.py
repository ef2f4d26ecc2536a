"""What the Assurance Maladie pays on behalf of the conventionnés health professionals (PAMC):
its participation in their maladie, AF and base-pension contributions and its share of the
PCV/ASV, each already deducted from its line."""

from openfisca_independants.regles import allocations_familiales, maladie_maternite, prestations_complementaires_vieillesse, retraite_de_base


def prise_en_charge(individu, period, parameters):
    """Positive; 0 for those it does not concern. The AF and base-pension participation concern
    the médecins of sector 1 only."""
    maladie = maladie_maternite.participation_pamc(individu, period, parameters)
    assiette = individu("assiette_cotisations", period)
    medecins = allocations_familiales.participation_medecins_secteur_1(individu, period, parameters, assiette)
    medecins = medecins + retraite_de_base.participation_medecins_secteur_1(individu, period, parameters, assiette)
    return maladie + medecins + prestations_complementaires_vieillesse.parts(individu, period, parameters)[1]
