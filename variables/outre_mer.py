"""Outre-mer, classic regime: where the person is established, Mayotte's own contribution, and
what the overseas exonerations saved, line by line (rules in openfisca_independants.outre_mer)."""

from openfisca_core.model_api import YEAR, Variable, where

from openfisca_independants import regles
from openfisca_independants.entities import Individu
from openfisca_independants.outils import code_dans, somme


class etablissement_drom(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Établissement en Guadeloupe, Martinique, Guyane, à La Réunion, Saint-Pierre-et-Miquelon, Saint-Barthélemy ou Saint-Martin"
    reference = "Décret n° 2017-972 du 9 mai 2017 ; CSS art. L756-2 et L756-4"
    documentation = (
        "Territoires des articles L756-2, L756-4 et D756-4 (paramètre territoires.outre_mer). "
        "L'ACRE n'y est pas appliquée (lecture de mon-entreprise, modele-social, règle « dirigeant . indépendant . "
        "cotisations et contributions . exonérations . DROM », et modele-ti, "
        "« rend non applicable : exonérations . Acre » ; aucun texte lu)."
    )

    def formula(individu, period, parameters):
        drom = code_dans(individu("departement_verifie", period), parameters(period).territoires.outre_mer)
        regles.outre_mer.verifier_drom(individu, period, drom)
        return drom


class etablissement_mayotte(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Établissement à Mayotte, régime classique (régime propre de l'ordonnance n° 96-1122)"
    reference = "Ordonnance n° 96-1122 du 20 décembre 1996, chapitre III ; décret n° 2011-2085"
    documentation = (
        "Régime classique modélisé pour 2025 et 2026 (paramètre outre_mer.mayotte) ; les autres années "
        "et les professions libérales de la CNAVPL sont refusées avec un message."
    )

    def formula(individu, period, parameters):
        # the classic regime's rules only: a micro-entrepreneur in Mayotte has its own (micro) rules
        mayotte = code_dans(individu("departement_verifie", period), parameters(period).territoires.mayotte)
        mayotte = mayotte & ~individu("micro_entrepreneur", period)
        regles.outre_mer.verifier_mayotte(individu, period, parameters, mayotte)
        return mayotte


class outre_mer_part_debut_activite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Outre-mer : part des jours d'activité de l'année comprise dans les 24 mois d'exonération de début d'activité"
    reference = "CSS art. L756-2 ; ordonnance n° 96-1122 art. 28-8"
    documentation = (
        "24 mois à compter de la date de création (le même quantième, 24 mois plus tard, exclu). "
        "DROM : créations à partir du 1er janvier 2017 (les créations antérieures relèvent de l'ancien "
        "L756-5, terminé fin 2018 au plus tard). 0 hors outre-mer."
    )

    def formula(individu, period, parameters):
        return regles.outre_mer.part_debut_activite(individu, period, parameters)


class outre_mer_abattement(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Outre-mer : taux d'abattement du régime de croisière avant dégressivité (75 % la 3e année civile, 50 % ensuite)"
    reference = "CSS art. L756-4"

    def formula(individu, period, parameters):
        return regles.outre_mer.abattement_croisiere(individu, period, parameters)


class contribution_maladie_mayotte(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Mayotte : contribution maladie-maternité-invalidité-décès-autonomie (art. 28-3 de l'ordonnance n° 96-1122)"
    reference = "Ordonnance n° 96-1122, art. 28-3 et 28-8"
    documentation = (
        "Taux × toute l'assiette des cotisations, exonérée pendant les 24 premiers mois (art. 28-8) ; "
        "nulle hors de Mayotte et pour un micro-entrepreneur. Comprise dans "
        "total_cotisations_contributions (pas dans cotisations_sociales, somme des six lignes)."
    )

    def formula(individu, period, parameters):
        return regles.outre_mer.contribution_mayotte_nette(individu, period, parameters, individu("assiette_cotisations", period))


def _exoneration(individu, period, parameters, risque, assiette):
    regle = getattr(regles, risque)
    montant = regles.outre_mer.exoneration(individu, period, parameters, risque, regle.brute, assiette)
    if montant is None:
        return individu.filled_array(0.0)
    return montant * ~individu("micro_entrepreneur", period)


class exoneration_outre_mer_maladie_maternite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Outre-mer : exonération ou abattement appliqué à la cotisation maladie-maternité"
    reference = "CSS art. L756-2, L756-4, D756-4 ; ordonnance n° 96-1122 art. 28-8"
    documentation = "Montant retiré de la cotisation par les règles d'outre-mer (avant le prorata d'une pension d'invalidité)."

    def formula(individu, period, parameters):
        return _exoneration(individu, period, parameters, "maladie_maternite", individu("assiette_cotisations", period))


class exoneration_outre_mer_indemnites_journalieres(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Outre-mer : exonération ou abattement appliqué à la cotisation d'indemnités journalières"
    reference = "CSS art. L756-2, L756-4, D756-4"

    def formula(individu, period, parameters):
        return _exoneration(individu, period, parameters, "indemnites_journalieres", individu("assiette_cotisations", period))


class exoneration_outre_mer_allocations_familiales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Outre-mer : exonération ou abattement appliqué à la cotisation d'allocations familiales"
    reference = "CSS art. L756-2, L756-4, D756-4 ; ordonnance n° 96-1122 art. 28-8"

    def formula(individu, period, parameters):
        return _exoneration(individu, period, parameters, "allocations_familiales", individu("assiette_cotisations", period))


class exoneration_outre_mer_retraite_de_base(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Outre-mer : exonération ou abattement appliqué à la retraite de base (hors CNAVPL)"
    reference = "CSS art. L756-2, L756-4, D756-4 ; ordonnance n° 96-1122 art. 28-8"

    def formula(individu, period, parameters):
        return _exoneration(individu, period, parameters, "retraite_de_base", individu("assiette_cotisations_partagee", period))


class exoneration_outre_mer_invalidite_deces(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Outre-mer : exonération de début d'activité appliquée à l'invalidité-décès (pas d'abattement ensuite)"
    reference = "CSS art. L756-2, D756-4"

    def formula(individu, period, parameters):
        return _exoneration(individu, period, parameters, "invalidite_deces", individu("assiette_cotisations_partagee", period))


class exoneration_outre_mer_csg_crds(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Outre-mer : CSG et CRDS non dues du fait de l'exonération de début d'activité ou de l'abattement"
    reference = "CSS art. L756-2, L756-4"

    def formula(individu, period, parameters):
        c = parameters(period).contributions
        taux = c.csg.taux_deductible + c.csg.taux_non_deductible + c.crds.taux
        return taux * individu("assiette_csg_crds_exoneree_outre_mer", period) * ~individu("micro_entrepreneur", period)


class exoneration_outre_mer_contribution_mayotte(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Mayotte : exonération de la contribution de l'art. 28-3 pendant les 24 premiers mois"
    reference = "Ordonnance n° 96-1122, art. 28-8"

    def formula(individu, period, parameters):
        mayotte = individu("etablissement_mayotte", period)
        if not mayotte.any():
            return individu.filled_array(0.0)
        assiette = individu("assiette_cotisations", period)
        brute = regles.outre_mer.contribution_mayotte_brute(individu, period, parameters, assiette) * mayotte
        return (brute - individu("contribution_maladie_mayotte", period)) * ~individu("micro_entrepreneur", period)


LIGNES = (
    "exoneration_outre_mer_maladie_maternite",
    "exoneration_outre_mer_indemnites_journalieres",
    "exoneration_outre_mer_allocations_familiales",
    "exoneration_outre_mer_retraite_de_base",
    "exoneration_outre_mer_invalidite_deces",
    "exoneration_outre_mer_csg_crds",
    "exoneration_outre_mer_contribution_mayotte",
)


class exoneration_outre_mer(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Outre-mer : total des cotisations et contributions non dues grâce aux règles d'outre-mer"
    reference = "CSS art. L756-2, L756-4, D756-4 ; ordonnance n° 96-1122 art. 28-8"
    documentation = "Somme des exoneration_outre_mer_* ; la retraite complémentaire et la CFP restent dues."

    def formula(individu, period):
        return somme(individu, period, LIGNES)


class contribution_maladie_mayotte_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Mayotte : taux de la contribution de l'art. 28-3 de l'ordonnance n° 96-1122"
    reference = "Ordonnance n° 96-1122, art. 28-3"
    documentation = "Sur toute l'assiette des cotisations ; 0 hors de Mayotte."

    def formula(individu, period, parameters):
        mayotte, a_mayotte = regles.base.mayotte_parmi(individu, period)
        if not a_mayotte:
            return individu.filled_array(0.0)
        return where(mayotte, parameters(period).outre_mer.mayotte.taux_contribution_maladie, 0)
