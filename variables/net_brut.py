"""Net to gross: the income before contributions from which the 2025 reform's single base is taken,
derived from the net professional income when only that is given (regles/net_brut.py)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class revenu_activite_brut(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Revenu d'activité brut, avant déduction des cotisations sociales, de la CSG-CRDS et de la CFP"
    reference = (
        "Code de la sécurité sociale, art. L131-6 et L136-3",
        "https://www.urssaf.fr/accueil/independant/comprendre-payer-cotisations/reforme-cotisations-independants.html",
        "mon-entreprise (URSSAF), modele-ti, règle « indépendant . revenu brut »",
    )
    documentation = (
        "Entrée du contrat à partir de 2025 (chiffre d'affaires − charges autres que les cotisations, "
        "la CSG-CRDS et la CFP ; peut être négatif). Quand seul revenu_professionnel (net des "
        "contributions déductibles, comme sur la déclaration fiscale) est donné, il est déduit en "
        "résolvant brut = net + contributions déductibles calculées sur l'assiette de ce brut "
        "(les six cotisations, celles du conjoint collaborateur, la CSG déductible et la CFP), par "
        "itérations de point fixe vectorisées : la fonction est continue et de pente inférieure à 1/2, "
        "chaque itération divise l'erreur par 2 au moins, et l'on s'arrête quand plus aucun brut ne "
        "bouge de plus d'un millième d'euro. Avant 2025 : revenu professionnel + ces mêmes "
        "contributions, calculées par le modèle."
    )

    def formula(individu, period, parameters):
        net = individu("revenu_professionnel", period)
        if parameters(period).reforme_assiette.en_vigueur:
            return regles.net_brut.depuis_net(individu, period, parameters, net)
        deductibles = (
            individu("cotisations_sociales", period)
            + individu("conjoint_collaborateur_cotisations", period)
            + individu("csg_deductible", period)
            + individu("formation_professionnelle", period)
        )
        return net + deductibles
