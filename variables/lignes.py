"""What each line of the breakdown is made of: the base actually used, the legal rate(s), the
amount before exemptions and the ACRE exemption (classic regime), and the yearly lines and CFP
rates of the micro-social regime. `openfisca-independants calc` prints them beside the amounts.

The bases and rates are read with the rule functions and parameters of `classique` (the same
minimum bases, ceilings, schedules and overseas rates as the contributions themselves): a rate
here is the rate of the law at the person's base, never an amount divided by a base.
"""

import numpy
from openfisca_core.model_api import ADD, MONTH, YEAR, Variable, select, where

from openfisca_independants import regles
from openfisca_independants.baremes import borner
from openfisca_independants.entities import Individu
from openfisca_independants.micro import ACTIVITES
from openfisca_independants.parametres import parametre

# ---------------------------------------------------------------- helpers


class Ligne:
    """What a line is made of, per person."""

    def __init__(self, assiette, taux, taux_tranche_2=0, classes=False):
        self.assiette = assiette  # base actually used (minimum base, ceiling applied)
        self.taux = taux  # legal rate (first tranche, or the schedule's average rate, up to its ceiling)
        self.taux_tranche_2 = taux_tranche_2  # rate above the first tranche, 0 when the base does not reach it
        self.classes = classes  # flat amounts by class (Cipav), no rate


def _classique(individu, period, valeurs):
    """`valeurs` for the classic regime, 0 for a micro-entrepreneur or a year without activity."""
    non_dus = regles.base.hors_regime_classique(individu, period)
    return where(non_dus, 0, valeurs) if non_dus.any() else valeurs


def _mayotte(individu, period):
    mayotte = individu("etablissement_mayotte", period)
    return mayotte, mayotte.any()


def _base_rc(individu, period):
    """Base of the retraite complémentaire and invalidité-décès: the chief's shared base, the whole
    base for the Cipav (regles.retraite_complementaire.nette, invalidite_deces_nette)."""
    return where(individu("est_cipav", period), individu("assiette_cotisations", period), individu("assiette_cotisations_partagee", period))


def _maladie(individu, period, parameters):
    """(base, rate up to the ceiling of the schedule, rate above it) of the maladie-maternité line."""
    c = parameters(period).cotisations
    p, p_ij = c.maladie_maternite, c.indemnites_journalieres
    assiette = individu("assiette_cotisations", period)
    pss = regles.base.pass_personne(individu, period)
    uniformes = regles.outre_mer.taux_uniformes(individu, period, parameters)
    base = numpy.maximum(assiette, p.assiette_minimale * pss * regles.base.minimums_applicables(individu, period))
    plafond = p.plafond_taux_progressif * pss
    taux = regles.base.taux_moyen(p.taux_progressif, numpy.minimum(base, plafond), pss, uniformes)
    if p.indemnites_journalieres_comprises:  # maladie 1 = total − the IJ it contains, never below 0
        taux = numpy.maximum(taux - p_ij.taux, 0)
    tranche_2 = where(base > plafond, p.taux_au_dela_plafond, 0)
    cipav = individu("est_cipav", period)
    if cipav.any() and not p.bareme_commun_professions_liberales:  # D621-3 schedule on the base, no minimum
        taux_pl = regles.base.taux_moyen(c.maladie_maternite_pl.taux_progressif, assiette, pss, uniformes)
        base, taux, tranche_2 = where(cipav, assiette, base), where(cipav, taux_pl, taux), where(cipav, 0, tranche_2)
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:  # art. 28-4 2°: part of the income below the Mayotte PASS, all of it above
        m = parameters(period).outre_mer.mayotte
        plafond_m = regles.base.plafond_mayotte(individu, period, parameters)
        base_m = m.part_revenu_sous_plafond * numpy.minimum(assiette, plafond_m) + numpy.maximum(assiette - plafond_m, 0)
        base, taux, tranche_2 = where(mayotte, base_m, base), where(mayotte, m.taux_maladie_maternite, taux), where(mayotte, 0, tranche_2)
    return Ligne(base, taux, tranche_2)


def _indemnites_journalieres(individu, period, parameters):
    """(base between its minimum and its ceiling, rate) of the IJ line."""
    c = parameters(period).cotisations
    assiette = individu("assiette_cotisations", period)
    minimums = regles.base.minimums_applicables(individu, period)
    pss = regles.base.pass_annuel(parameters, period) if c.indemnites_journalieres.pass_annuel else regles.base.pass_personne(individu, period)
    p = c.indemnites_journalieres
    base, taux = borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss), individu.filled_array(p.taux)
    cipav = individu("est_cipav", period)
    if cipav.any():
        pl = c.indemnites_journalieres_pl
        base = where(cipav, borner(assiette, pl.assiette_minimale * pss * minimums, pl.plafond * pss), base)
        taux = where(cipav, pl.taux, taux)
    mayotte, a_mayotte = _mayotte(individu, period)
    return Ligne(base, where(mayotte, 0, taux) if a_mayotte else taux)  # not due in Mayotte


def _allocations_familiales(individu, period, parameters):
    p = parameters(period).cotisations.allocations_familiales
    assiette = individu("assiette_cotisations", period)
    uniformes = regles.outre_mer.taux_uniformes(individu, period, parameters)
    taux = regles.base.taux_moyen(p.taux_progressif, assiette, regles.base.pass_personne(individu, period), uniformes)
    base = assiette
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:  # art. 28-5: part of the income below the Mayotte PASS
        m = parameters(period).outre_mer.mayotte
        base_m = m.part_revenu_sous_plafond * numpy.minimum(assiette, regles.base.plafond_mayotte(individu, period, parameters))
        base, taux = where(mayotte, base_m, base), where(mayotte, m.taux_allocations_familiales, taux)
    return Ligne(base, taux)


def _retraite_de_base(individu, period, parameters):
    """(base raised to the minimum base, rate up to the PASS, rate above it)."""
    c = parameters(period).cotisations
    pss = regles.base.pass_personne(individu, period)
    base = numpy.maximum(individu("assiette_cotisations_partagee", period), individu("retraite_de_base_assiette_minimale", period))
    p = c.retraite_de_base
    taux = individu.filled_array(p.taux_plafonne + p.taux_deplafonne)
    tranche_2 = where(base > p.plafond * pss, p.taux_deplafonne, 0)
    cipav = individu("est_cipav", period)
    if cipav.any():  # CNAVPL: tranche 1 up to 1 PASS, tranche 2 on the whole base up to 5 PASS
        pl = c.retraite_de_base_cnavpl
        taux = where(cipav, pl.taux_tranche_1 + pl.taux_tranche_2, taux)
        tranche_2 = where(cipav, where(base > pl.plafond_tranche_1 * pss, pl.taux_tranche_2, 0), tranche_2)
        base = where(cipav, numpy.minimum(base, pl.plafond_tranche_2 * pss), base)
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:  # art. 28-2: up to the Mayotte PASS
        m = parameters(period).outre_mer.mayotte
        base = where(mayotte, numpy.minimum(base, regles.base.plafond_mayotte(individu, period, parameters)), base)
        taux, tranche_2 = where(mayotte, m.taux_retraite_de_base, taux), where(mayotte, 0, tranche_2)
    return Ligne(base, taux, tranche_2)


def _retraite_complementaire(individu, period, parameters):
    """(base up to the ceiling, rate of tranche 1, rate of tranche 2 when the base reaches it, classes)."""
    c = parameters(period).cotisations
    pss = regles.base.pass_personne(individu, period)
    p = c.retraite_complementaire
    assiette = _base_rc(individu, period)
    limite_1 = regles.retraite_complementaire.LIMITES_TRANCHE_1[p.limite_tranche_1](individu, period, parameters, p)
    limite_2 = p.plafond * (pss if p.plafond_proratise else regles.base.pass_annuel(parameters, period))
    base = numpy.minimum(assiette, limite_2)
    taux = individu.filled_array(p.taux_tranche_1)
    tranche_2 = where(assiette > limite_1, p.taux_tranche_2, 0)
    classes = individu.filled_array(False)
    cipav = individu("est_cipav", period)
    if cipav.any():
        pc = c.retraite_complementaire_cipav
        if parametre(pc, "regime", None) == "proportionnelle":
            base = where(cipav, numpy.minimum(assiette, pc.plafond * pss), base)
            taux = where(cipav, pc.taux_tranche_1, taux)
            tranche_2 = where(cipav, where(assiette > pc.plafond_tranche_1 * pss, pc.taux_tranche_2, 0), tranche_2)
        else:  # classes with flat amounts (2021–2022), or no rule in the sources (refused by the line itself)
            base, taux, tranche_2, classes = where(cipav, assiette, base), where(cipav, 0, taux), where(cipav, 0, tranche_2), cipav
    mayotte, a_mayotte = _mayotte(individu, period)
    if a_mayotte:  # not due in Mayotte
        taux, tranche_2 = where(mayotte, 0, taux), where(mayotte, 0, tranche_2)
    return Ligne(base, taux, tranche_2, classes)


def _invalidite_deces(individu, period, parameters):
    """(base between its minimum and its ceiling, rate, classes)."""
    c = parameters(period).cotisations
    pss = regles.base.pass_personne(individu, period)
    minimums = regles.base.minimums_applicables(individu, period)
    assiette = _base_rc(individu, period)
    p = c.invalidite_deces
    base, taux = borner(assiette, p.assiette_minimale * pss * minimums, p.plafond * pss), individu.filled_array(p.taux)
    classes = individu.filled_array(False)
    cipav = individu("est_cipav", period)
    if cipav.any():
        pc = c.invalidite_deces_cipav
        if pc.regime == "proportionnelle":
            base = where(cipav, borner(assiette, pc.assiette_minimale * pss * minimums, pc.plafond * pss), base)
            taux = where(cipav, pc.taux, taux)
        else:  # classes A, B, C with flat amounts (until 2022)
            base, taux, classes = where(cipav, assiette, base), where(cipav, 0, taux), cipav
    mayotte, a_mayotte = _mayotte(individu, period)
    return Ligne(base, where(mayotte, 0, taux) if a_mayotte else taux, classes=classes)


def _sans_acre(individu, period, parameters, nom, nette, *assiettes, **options):
    """The ACRE exemption of a line: the line computed without the ACRE minus the line."""
    if not individu("acre_taux_exoneration", period).any():
        return individu.filled_array(0.0)
    sans = nette(individu, period, parameters, *assiettes, coefficient=individu.filled_array(0.0), **options)
    return numpy.maximum(sans - individu(nom, period), 0)


# ---------------------------------------------------------------- maladie-maternité


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
        return _classique(individu, period, _maladie(individu, period, parameters).assiette)


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
        return _classique(individu, period, _maladie(individu, period, parameters).taux)


class maladie_maternite_taux_tranche_2(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux de la cotisation maladie-maternité sur la part de l'assiette au-delà de 5 PSS (3 PSS depuis 2025)"
    reference = "Code de la sécurité sociale, art. D621-1 II"
    documentation = "0 quand l'assiette retenue n'atteint pas ce plafond, et pour la Cipav jusqu'en 2024."

    def formula(individu, period, parameters):
        return _classique(individu, period, _maladie(individu, period, parameters).taux_tranche_2)


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
        return _classique(individu, period, montant)


class maladie_maternite_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation maladie-maternité exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return _sans_acre(individu, period, parameters, "maladie_maternite", regles.maladie_maternite.nette,
                          individu("assiette_cotisations", period), total=individu("maladie_maternite_total", period))


# ---------------------------------------------------------------- indemnités journalières


class indemnites_journalieres_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation d'indemnités journalières (entre son minimum et son plafond)"
    reference = "Code de la sécurité sociale, art. D621-3"
    documentation = (
        "Assiette des cotisations bornée entre 40 % du PSS et 5 PSS (Cipav : 3 PSS) ; PASS annuel, "
        "non proratisé, depuis 2025. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _indemnites_journalieres(individu, period, parameters).assiette)


class indemnites_journalieres_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation d'indemnités journalières"
    reference = "Code de la sécurité sociale, art. D621-3"
    documentation = "SSI ou CNAVPL (Cipav) ; 0 à Mayotte, où elle n'est pas due, et pour un micro-entrepreneur."

    def formula(individu, period, parameters):
        return _classique(individu, period, _indemnites_journalieres(individu, period, parameters).taux)


class indemnites_journalieres_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'indemnités journalières avant ACRE, exonérations d'outre-mer et pension d'invalidité"
    reference = "Code de la sécurité sociale, art. D621-3"

    def formula(individu, period, parameters):
        montant = regles.indemnites_journalieres.brute(individu, period, parameters, individu("assiette_cotisations", period),
                                                           individu("maladie_maternite_total", period))
        return _classique(individu, period, montant)


class indemnites_journalieres_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation d'indemnités journalières exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return _sans_acre(individu, period, parameters, "indemnites_journalieres", regles.indemnites_journalieres.nette,
                          individu("assiette_cotisations", period), total=individu("maladie_maternite_total", period))


# ---------------------------------------------------------------- allocations familiales


class allocations_familiales_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation d'allocations familiales"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"
    documentation = "Toute l'assiette des cotisations, sans minimum ni plafond ; Mayotte : la part sous le plafond de Mayotte (art. 28-5). 0 pour un micro-entrepreneur."

    def formula(individu, period, parameters):
        return _classique(individu, period, _allocations_familiales(individu, period, parameters).assiette)


class allocations_familiales_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation d'allocations familiales à l'assiette retenue"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"
    documentation = (
        "Taux moyen du barème progressif (0 % jusqu'à 110 % du PSS, 3,10 % à partir de 140 %, "
        "interpolé entre les deux) ; outre-mer (DROM, depuis 2023) le taux le plus haut ; Mayotte : "
        "taux de l'art. 28-5. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _allocations_familiales(individu, period, parameters).taux)


class allocations_familiales_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'allocations familiales avant ACRE et exonérations d'outre-mer"
    reference = "Décret n° 2017-1894 du 30 décembre 2017, art. 4"

    def formula(individu, period, parameters):
        montant = regles.allocations_familiales.brute(individu, period, parameters, individu("assiette_cotisations", period))
        return _classique(individu, period, montant)


class allocations_familiales_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation d'allocations familiales exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return _sans_acre(individu, period, parameters, "allocations_familiales", regles.allocations_familiales.nette,
                          individu("assiette_cotisations", period))


# ---------------------------------------------------------------- retraite de base


class retraite_de_base_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation de retraite de base (assiette minimale appliquée)"
    reference = ("Code de la sécurité sociale, art. D633-3 et D642-3", "Code de la sécurité sociale, art. D633-2 et D642-4")
    documentation = (
        "Assiette des cotisations (après partage avec le conjoint collaborateur) relevée à "
        "l'assiette minimale de retraite de base ; CNAVPL : limitée à 5 PSS (plafond de la tranche "
        "2) ; Mayotte : limitée au plafond de Mayotte (art. 28-2). 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _retraite_de_base(individu, period, parameters).assiette)


class retraite_de_base_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation de retraite de base jusqu'au PSS"
    reference = "Code de la sécurité sociale, art. D633-3 et D642-3"
    documentation = (
        "Artisans, commerçants, PLNR : taux plafonné + taux déplafonné (17,75 % en 2024) ; CNAVPL : "
        "taux des tranches 1 et 2 ; Mayotte : taux de l'art. 28-2. 0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _retraite_de_base(individu, period, parameters).taux)


class retraite_de_base_taux_tranche_2(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux de la cotisation de retraite de base sur la part de l'assiette au-delà du PSS"
    reference = "Code de la sécurité sociale, art. D633-3 et D642-3"
    documentation = "Taux déplafonné (CNAVPL : taux de la tranche 2) ; 0 quand l'assiette retenue n'atteint pas le PSS."

    def formula(individu, period, parameters):
        return _classique(individu, period, _retraite_de_base(individu, period, parameters).taux_tranche_2)


class retraite_de_base_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite de base avant ACRE, exonérations d'outre-mer et pension d'invalidité"
    reference = ("Code de la sécurité sociale, art. D633-3 et D642-3")

    def formula(individu, period, parameters):
        montant = regles.retraite_de_base.brute(individu, period, parameters, individu("assiette_cotisations_partagee", period))
        return _classique(individu, period, montant)


class retraite_de_base_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation de retraite de base exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return _sans_acre(individu, period, parameters, "retraite_de_base", regles.retraite_de_base.nette,
                          individu("assiette_cotisations_partagee", period))


# ---------------------------------------------------------------- retraite complémentaire


class retraite_complementaire_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation de retraite complémentaire (plafond appliqué)"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = (
        "Assiette des cotisations (après partage avec le conjoint collaborateur ; Cipav : toute "
        "l'assiette) limitée à 4 PSS (Cipav : plafond de sa tranche 2), sans minimum. 0 pour un "
        "micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _retraite_complementaire(individu, period, parameters).assiette)


class retraite_complementaire_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la tranche 1 de la retraite complémentaire"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = (
        "RCI : taux jusqu'au plafond du RCI (PRCI, jusqu'en 2024) ou jusqu'au PSS (depuis 2025) ; "
        "Cipav : taux jusqu'à 1 PSS. 0 quand la Cipav applique des classes forfaitaires (voir "
        "retraite_complementaire_classes), à Mayotte (non due) et pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _retraite_complementaire(individu, period, parameters).taux)


class retraite_complementaire_taux_tranche_2(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la tranche 2 de la retraite complémentaire"
    reference = ("Code de la sécurité sociale, art. D635-7", "Décret n° 79-262 du 21 mars 1979, art. 2 (Cipav)")
    documentation = "0 quand l'assiette n'atteint pas la limite de la tranche 1."

    def formula(individu, period, parameters):
        return _classique(individu, period, _retraite_complementaire(individu, period, parameters).taux_tranche_2)


class retraite_complementaire_classes(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "La retraite complémentaire est une cotisation forfaitaire par classe (Cipav 2021–2022), sans taux"
    reference = (
        "Décret n° 79-262 du 21 mars 1979, art. 2 (régime complémentaire de la Cipav)",
        "Barème de la Cipav 2021–2022 (classes A à H), repris par mon-entreprise (URSSAF), modele-social, "
        "règle « dirigeant . indépendant . PL . CIPAV . retraite complémentaire . classe »",
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _retraite_complementaire(individu, period, parameters).classes)


class retraite_complementaire_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation de retraite complémentaire avant l'exonération pour pension d'invalidité"
    reference = "Code de la sécurité sociale, art. D635-7"
    documentation = "Pas d'ACRE ni d'exonération d'outre-mer sur cette cotisation."

    def formula(individu, period, parameters):
        montant = regles.retraite_complementaire.brute(individu, period, parameters, _base_rc(individu, period))
        return _classique(individu, period, montant)


# ---------------------------------------------------------------- invalidité-décès


class invalidite_deces_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette retenue pour la cotisation d'invalidité-décès (entre son minimum et son plafond)"
    reference = "Code de la sécurité sociale, art. D632-1 et D632-2"
    documentation = (
        "Assiette des cotisations (après partage avec le conjoint collaborateur ; Cipav : toute "
        "l'assiette) bornée entre 11,5 % du PSS et 1 PSS (Cipav depuis 2023 : 37 % et 185 % du PSS). "
        "0 pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _invalidite_deces(individu, period, parameters).assiette)


class invalidite_deces_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la cotisation d'invalidité-décès"
    reference = "Code de la sécurité sociale, art. D632-1 et D632-2"
    documentation = (
        "SSI ou Cipav (depuis 2023). 0 quand la Cipav applique des classes forfaitaires (voir "
        "invalidite_deces_classes), à Mayotte (non due) et pour un micro-entrepreneur."
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _invalidite_deces(individu, period, parameters).taux)


class invalidite_deces_classes(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "L'invalidité-décès est une cotisation forfaitaire par classe (Cipav jusqu'en 2022), sans taux"
    reference = (
        "Barème de la Cipav (invalidité-décès jusqu'en 2022, classes A, B et C), repris par mon-entreprise (URSSAF), "
        "modele-social, règle « dirigeant . indépendant . PL . CIPAV . invalidité et décès . avant 2023 »",
        "https://www.cnavpl.fr/wp-content/uploads/2024/03/Guide-2024.pdf",  # CNAVPL guide: classes abolished in 2023
    )

    def formula(individu, period, parameters):
        return _classique(individu, period, _invalidite_deces(individu, period, parameters).classes)


class invalidite_deces_avant_exonerations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisation d'invalidité-décès avant ACRE et exonérations d'outre-mer"
    reference = "Code de la sécurité sociale, art. D632-1 et D632-2"

    def formula(individu, period, parameters):
        montant = regles.invalidite_deces.brute(individu, period, parameters, _base_rc(individu, period))
        return _classique(individu, period, montant)


class invalidite_deces_exoneration_acre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation d'invalidité-décès exonérée au titre de l'ACRE"
    reference = "Code de la sécurité sociale, art. L131-6-4 et D131-6-1"
    documentation = "La cotisation calculée sans l'ACRE moins la cotisation due."

    def formula(individu, period, parameters):
        return _sans_acre(individu, period, parameters, "invalidite_deces", regles.invalidite_deces.nette,
                          individu("assiette_cotisations", period), individu("assiette_cotisations_partagee", period))


# ---------------------------------------------------------------- CSG, CRDS, CFP, Mayotte


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


class crds_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux légal de la CRDS"
    reference = "Ordonnance n° 96-50 du 24 janvier 1996, art. 19"

    def formula(individu, period, parameters):
        return individu.filled_array(parameters(period).contributions.crds.taux)


class contribution_maladie_mayotte_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Mayotte : taux de la contribution de l'art. 28-3 de l'ordonnance n° 96-1122"
    reference = "Ordonnance n° 96-1122, art. 28-3"
    documentation = "Sur toute l'assiette des cotisations ; 0 hors de Mayotte."

    def formula(individu, period, parameters):
        mayotte, a_mayotte = _mayotte(individu, period)
        if not a_mayotte:
            return individu.filled_array(0.0)
        return where(mayotte, parameters(period).outre_mer.mayotte.taux_contribution_maladie, 0)


class formation_professionnelle_assiette(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette de la contribution à la formation professionnelle"
    reference = "Code du travail, art. L6331-48"
    documentation = (
        "Régime classique : assiette forfaitaire, le PASS annuel (non proratisé). "
        "Micro-entrepreneur : le chiffre d'affaires de l'année."
    )

    def formula(individu, period, parameters):
        p = parameters(period).contributions.formation_professionnelle
        forfait = p.assiette * regles.base.pass_annuel(parameters, period)
        micro = individu("micro_entrepreneur", period)
        if not micro.any():
            return individu.filled_array(forfait)
        chiffre = individu.filled_array(0.0)
        for activite in ACTIVITES:
            chiffre = chiffre + individu(f"chiffre_affaires_{activite}", period, options=[ADD])
        return where(micro, chiffre, forfait)


# ---------------------------------------------------------------- micro-social regime: the year per activity, CFP rates

class cotisations_micro_vente_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les ventes du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_vente des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_vente", period, options=[ADD])


class cotisations_micro_services_bic_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les prestations de services BIC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_services_bic des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_services_bic", period, options=[ADD])


class cotisations_micro_services_bnc_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les recettes BNC du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_services_bnc des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_services_bnc", period, options=[ADD])


class cotisations_micro_meubles_tourisme_classes_annuelles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations et contributions sociales de l'année sur les meublés de tourisme classés du micro-entrepreneur"
    reference = "Code de la sécurité sociale, art. L613-7 et D613-4"
    documentation = "Somme des cotisations_micro_meubles_tourisme_classes des mois de l'année (chiffre d'affaires du mois × taux du mois)."

    def formula(individu, period):
        return individu("cotisations_micro_meubles_tourisme_classes", period, options=[ADD])
