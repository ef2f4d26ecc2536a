"""Other exemptions of the classic regime: invalidity pension, RSA / prime d'activité, seasonal activity."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants.dates import MOIS_PAR_AN
from openfisca_independants.entities import Individu
from openfisca_independants.outils import entree_donnee


class mois_pension_invalidite(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "month"
    label = "Nombre de mois de l'année pendant lesquels une pension d'invalidité est perçue"
    reference = "Code de la sécurité sociale, art. D635-2 et D621-4"


class pension_invalidite_part_annee(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part de l'année exonérée de maladie, IJ, retraite de base et complémentaire pour pension d'invalidité"
    reference = "Code de la sécurité sociale, art. D635-2 et D621-4"
    documentation = "Mois de pension / 12, borné à 1 (exonération au prorata des mois de pension)."

    def formula(individu, period, parameters):
        if not parameters(period).exonerations.pension_invalidite or not entree_donnee(individu, "mois_pension_invalidite"):
            return individu.empty_array()  # no exoneration that year, or no month of pension given
        return individu("mois_pension_invalidite", period).clip(0, MOIS_PAR_AN) / MOIS_PAR_AN


class beneficiaire_rsa_prime_activite(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Bénéficiaire du RSA ou de la prime d'activité"
    reference = "Code de la sécurité sociale, art. L613-11 et D613-2"


class activite_saisonniere(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Activité saisonnière"
    reference = "Code de la sécurité sociale, art. D613-2"


class assiettes_minimales_applicables(Variable):
    value_type = bool
    default_value = True
    entity = Individu
    definition_period = YEAR
    label = "Les assiettes minimales de cotisations s'appliquent"
    reference = "Code de la sécurité sociale, art. L613-11 et D613-2"
    documentation = "Pas d'assiette minimale pour les bénéficiaires du RSA ou de la prime d'activité ni pour une activité saisonnière (modele-social assiette minimale)."

    def formula(individu, period):
        return ~(individu("beneficiaire_rsa_prime_activite", period) | individu("activite_saisonniere", period))
