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

    def formula(individu, period, parameters):
        return regles.maladie_maternite.ssi(individu, period, parameters, individu("assiette_cotisations", period)).total


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

    def formula(individu, period, parameters):
        return regles.maladie_maternite.nette(
            individu, period, parameters, individu("assiette_cotisations", period),
            total=individu("maladie_maternite_total", period), coefficient=individu("acre_taux_exoneration", period),
        )
