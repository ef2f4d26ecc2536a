"""CSG and CRDS on the earned income of the self-employed (classic regime): their common base, the
CSG (deductible and non-deductible parts) and the CRDS."""

from openfisca_core.model_api import YEAR, Variable, max_, where

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class assiette_csg_crds_avant_outre_mer(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette de la CSG et de la CRDS avant les exonérations d'outre-mer"
    reference = "Code de la sécurité sociale, art. L136-3"
    documentation = (
        "Revenu professionnel (sans plancher) + cotisations sociales obligatoires, plancher 0 ; "
        "les contributions (CSG, CRDS, CFP) ne sont pas réintégrées (comme dans mon-entreprise, modele-social). "
        "À partir de 2025 : l'assiette unique des cotisations (revenu brut moins l'abattement de "
        "26 %, art. L131-6 et L136-3 issus de la loi n° 2023-1250 du 26 décembre 2023, art. 18). "
        "Nulle pour une année sans activité (activite_dans_l_annee)."
    )

    def formula(individu, period, parameters):
        if parameters(period).reforme_assiette.en_vigueur:  # since 2025: the single base
            assiette = individu("assiette_cotisations", period)
        else:
            cotisations = individu("cotisations_sociales", period) + individu("conjoint_collaborateur_cotisations", period)
            assiette = max_(individu("revenu_professionnel", period) + cotisations, 0)
        actif = individu("activite_dans_l_annee", period)
        return assiette if actif.all() else where(actif, assiette, 0)


class assiette_csg_crds_exoneree_outre_mer(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de l'assiette de la CSG et de la CRDS exonérée outre-mer (DROM)"
    reference = "CSS art. L756-2 et L756-4"
    documentation = (
        "La part exonérée des 24 premiers mois porte sur l'assiette qu'aurait la personne à 110 % du "
        "PASS, cotisations réintégrées comprises ; l'abattement du régime de croisière sur la part du "
        "revenu inférieure au PASS (paramètres outre_mer). 0 hors des DROM."
    )

    def formula(individu, period, parameters):
        return regles.outre_mer.assiette_csg_exoneree(
            individu, period, parameters, individu("assiette_csg_crds_avant_outre_mer", period), individu("assiette_cotisations", period)
        )


class assiette_csg_crds(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette de la CSG et de la CRDS du travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L136-3"
    documentation = (
        "Revenu professionnel (sans plancher) + cotisations sociales obligatoires, plancher 0 ; "
        "les contributions (CSG, CRDS, CFP) ne sont pas réintégrées (comme dans mon-entreprise, modele-social). "
        "À partir de 2025 : l'assiette unique des cotisations (revenu brut moins l'abattement de "
        "26 %, art. L131-6 et L136-3 issus de la loi n° 2023-1250 du 26 décembre 2023, art. 18). "
        "Nulle pour un micro-entrepreneur : la CSG-CRDS est comprise "
        "dans son taux global. Outre-mer (DROM) : après l'exonération de début d'activité et "
        "l'abattement du régime de croisière (paramètres outre_mer : la part exonérée des 24 premiers "
        "mois porte sur l'assiette qu'aurait la personne à 110 % du PASS, cotisations réintégrées "
        "comprises ; l'abattement sur la part du revenu inférieure au PASS)."
    )

    def formula(individu, period, parameters):
        assiette = individu("assiette_csg_crds_avant_outre_mer", period)
        if individu("etablissement_drom", period).any():
            assiette = assiette - individu("assiette_csg_crds_exoneree_outre_mer", period)
        return where(individu("micro_entrepreneur", period), 0, assiette)


class csg_deductible(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "CSG déductible sur les revenus d'activité du travailleur indépendant"
    reference = "Code général des impôts, art. 154 quinquies ; CSS art. L136-8"
    documentation = "Nulle à Mayotte (paramètre outre_mer.mayotte.csg_applicable)."

    def formula(individu, period, parameters):
        taux = regles.csg_crds.taux(individu, period, parameters, parameters(period).contributions.csg.taux_deductible)
        return taux * individu("assiette_csg_crds", period)


class csg_non_deductible(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "CSG non déductible sur les revenus d'activité du travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L136-8"
    documentation = "Nulle à Mayotte (paramètre outre_mer.mayotte.csg_applicable)."

    def formula(individu, period, parameters):
        taux = regles.csg_crds.taux(individu, period, parameters, parameters(period).contributions.csg.taux_non_deductible)
        return taux * individu("assiette_csg_crds", period)


class csg_deductible_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la CSG déductible"
    reference = "Code de la sécurité sociale, art. L136-8"
    documentation = "0 à Mayotte quand la CSG n'y est pas applicable (paramètre outre_mer.mayotte.csg_applicable)."

    def formula(individu, period, parameters):
        return regles.csg_crds.taux(individu, period, parameters, individu.filled_array(parameters(period).contributions.csg.taux_deductible))


class csg_non_deductible_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la CSG non déductible"
    reference = "Code de la sécurité sociale, art. L136-8"
    documentation = "0 à Mayotte quand la CSG n'y est pas applicable (paramètre outre_mer.mayotte.csg_applicable)."

    def formula(individu, period, parameters):
        return regles.csg_crds.taux(individu, period, parameters, individu.filled_array(parameters(period).contributions.csg.taux_non_deductible))


class crds(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Contribution au remboursement de la dette sociale du travailleur indépendant"
    reference = "Ordonnance n° 96-50 du 24 janvier 1996"

    def formula(individu, period, parameters):
        taux = parameters(period).contributions.crds.taux
        return taux * individu("assiette_csg_crds", period)


class crds_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la CRDS"
    reference = "Ordonnance n° 96-50 du 24 janvier 1996, art. 19"

    def formula(individu, period, parameters):
        return individu.filled_array(parameters(period).contributions.crds.taux)
