"""Maladie-maternité (maladie 1) of the classic regime."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class maladie_maternite_total(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation maladie-maternité totale des artisans, commerçants et PLNR, indemnités journalières comprises (maladie 1 + maladie 2)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046714760",  # D621-1
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046714747",  # D621-2
    )
    documentation = (
        "Taux progressif (barème à taux moyen, en PSS) appliqué à toute l'assiette jusqu'à 5 PSS, "
        "et taux propre sur la seule part au-delà de 5 PSS (3 PSS à partir de 2025) (art. D621-1 et D621-2, "
        "à partir de 2025 dans leur rédaction issue du décret n° 2024-688 du 5 juillet 2024), avant exonérations. "
        "Règle de la sécurité sociale des "
        "indépendants (et, à partir de 2025, de toutes les catégories)."
    )

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.maladie_maternite.total_ssi(individu, period, parameters, individu("assiette_cotisations", period))


class maladie_maternite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation maladie-maternité (maladie 1), hors indemnités journalières"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046714760",  # D621-1
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046714747",  # D621-2
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000043656764",  # D621-3
    )
    documentation = (
        "Artisans, commerçants, PLNR : total maladie-maternité moins la part d'indemnités "
        "journalières qu'il contient, le taux d'IJ appliqué à l'assiette maladie (plafonnée à celle "
        "des IJ), sans excéder le total. À partir de 2022, l'assiette "
        "maladie a le même minimum que celle des IJ et cette part est exactement la cotisation "
        "d'IJ. Jusqu'en 2021, la cotisation maladie n'a pas d'assiette minimale : sous 40 % PSS on "
        "retire donc le taux d'IJ appliqué au revenu, et non la cotisation d'IJ minimale, comme "
        "modele-social 0.2.0 (maladie 1 = taux progressif hors IJ × revenu). Cipav : barème D621-3 "
        "jusqu'en 2024. À partir de 2025 (réforme de l'assiette) : barème D621-2 nouveau, sans IJ "
        "ni assiette minimale, commun à toutes les catégories. Après ACRE ; nulle pour un "
        "micro-entrepreneur."
    )

    @regles.base.regime_classique_seulement
    def formula(individu, period, parameters):
        return regles.maladie_maternite.nette(
            individu, period, parameters, individu("assiette_cotisations", period),
            total=individu("maladie_maternite_total", period), coefficient=individu("acre_taux_exoneration", period),
        )


# ---------------------------------------------------------------- what the line is made of (calc, /trace)


class maladie_maternite_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation maladie-maternité (assiette minimale appliquée)"
    reference = "Code de la sécurité sociale, art. D621-1 et D621-2"
    documentation = (
        "Assiette des cotisations relevée à l'assiette minimale maladie (40 % du PSS de 2022 à 2024, "
        "aucune avant 2022 ni depuis 2025 ; pas de minimum pour les bénéficiaires du RSA ou de la "
        "prime d'activité). Cipav jusqu'en 2024 : l'assiette sans minimum (D621-3). Mayotte : la "
        "part de l'assiette sous le plafond de Mayotte retenue par l'art. 28-4 2°, plus la part "
        "au-delà. Avant les exonérations. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.maladie_maternite.ligne(individu, period, parameters).assiette)


class maladie_maternite_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation maladie-maternité à l'assiette retenue (jusqu'au plafond du barème)"
    reference = "Code de la sécurité sociale, art. D621-1, D621-2 et D621-3"
    documentation = (
        "Taux moyen du barème progressif (interpolé entre les seuils en PSS) à l'assiette retenue, "
        "plafonnée à 5 PSS (3 PSS depuis 2025). Jusqu'en 2024 le barème comprend les indemnités "
        "journalières : le taux de la ligne « maladie 1 » est ce taux moins le taux d'IJ, sans "
        "descendre sous 0. Outre-mer (DROM, depuis 2023) : le taux le plus haut du barème. Cipav "
        "jusqu'en 2024 : barème D621-3. Mayotte : taux de l'art. 28-4. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.maladie_maternite.ligne(individu, period, parameters).taux)


class maladie_maternite_taux_tranche_2(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux de la cotisation maladie-maternité sur la part de l'assiette au-delà de 5 PSS (3 PSS depuis 2025)"
    reference = "Code de la sécurité sociale, art. D621-1 II"
    documentation = "0 quand l'assiette retenue n'atteint pas ce plafond, et pour la Cipav jusqu'en 2024."

    def formula(individu, period, parameters):
        return regles.base.seulement_classique(individu, period, regles.maladie_maternite.ligne(individu, period, parameters).taux_tranche_2)


class maladie_maternite_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation maladie-maternité (maladie 1) avant ACRE, exonérations d'outre-mer et pension d'invalidité"
    reference = "Code de la sécurité sociale, art. D621-1 et D621-2"

    def formula(individu, period, parameters):
        montant = regles.maladie_maternite.brute(individu, period, parameters, individu("assiette_cotisations", period),
                                          individu("maladie_maternite_total", period))
        return regles.base.seulement_classique(individu, period, montant)


class maladie_maternite_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation maladie-maternité exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return regles.exonerations.exoneration_acre(individu, period, parameters, "maladie_maternite", regles.maladie_maternite.nette,
                          individu("assiette_cotisations", period), total=individu("maladie_maternite_total", period))
