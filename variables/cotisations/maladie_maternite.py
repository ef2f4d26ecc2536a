"""Maladie-maternité of artisans, commerçants and PL non réglementées (maladie 1)."""

from openfisca_core.model_api import YEAR, Variable, max_, min_, where

from openfisca_independants.baremes import taux_progressif
from openfisca_independants.entities import Individu


class maladie_maternite_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette de la cotisation maladie-maternité, après assiette minimale"
    reference = "Code de la sécurité sociale, art. D621-1 I"

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.maladie_maternite
        pss = individu("plafond_securite_sociale", period)
        return max_(individu("assiette_cotisations", period), p.assiette_minimale * pss)


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
        "et taux propre sur la seule part au-delà de 5 PSS (fiche législative §3.2)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.maladie_maternite
        pss = individu("plafond_securite_sociale", period)
        assiette = individu("maladie_maternite_assiette", period)
        plafond = p.plafond_taux_progressif * pss
        assiette_sous_plafond = min_(assiette, plafond)
        taux = taux_progressif(p.taux_progressif, assiette_sous_plafond, pss)
        return taux * assiette_sous_plafond + p.taux_au_dela_plafond * max_(assiette - plafond, 0)


class maladie_maternite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation maladie-maternité (maladie 1), hors indemnités journalières"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046714760",  # D621-1
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046714747",  # D621-2
    )
    documentation = (
        "Total maladie-maternité moins la part d'indemnités journalières qu'il contient : le taux "
        "d'IJ appliqué à l'assiette maladie (plafonnée à celle des IJ), sans excéder le total "
        "(fiche législative §3.2). À partir de 2022, l'assiette maladie a le même minimum que "
        "celle des IJ et cette part est exactement la cotisation d'IJ. Jusqu'en 2021, la "
        "cotisation maladie n'a pas d'assiette minimale : sous 40 % PSS on retire donc le taux "
        "d'IJ appliqué au revenu, et non la cotisation d'IJ minimale, comme modele-social 0.2.0 "
        "(maladie 1 = taux progressif hors IJ × revenu). Professions relevant de la Cipav : "
        "maladie_maternite_pl (D621-3)."
    )

    def formula(individu, period, parameters):
        p_ij = parameters(period).cotisations.indemnites_journalieres
        pss = individu("plafond_securite_sociale", period)
        total = individu("maladie_maternite_total", period)
        assiette = min_(individu("maladie_maternite_assiette", period), p_ij.plafond * pss)
        maladie_ssi = total - min_(p_ij.taux * assiette, total)
        maladie = where(individu("est_cipav", period), individu("maladie_maternite_pl", period), maladie_ssi)
        maladie = maladie * (1 - individu("acre_taux_exoneration", period))
        return where(individu("micro_entrepreneur", period), 0, maladie)


class maladie_maternite_pl(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation maladie-maternité des professions libérales réglementées (CNAVPL)"
    reference = "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000043656764"  # D621-3
    documentation = "Taux progressif en PSS appliqué à toute l'assiette, sans IJ ni seuil de 5 PSS (fiche législative §4.1)."

    def formula(individu, period, parameters):
        p = parameters(period).cotisations.maladie_maternite_pl
        assiette = individu("assiette_cotisations", period)
        return taux_progressif(p.taux_progressif, assiette, individu("plafond_securite_sociale", period)) * assiette
