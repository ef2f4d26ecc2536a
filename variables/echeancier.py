"""Payment schedule of the classic regime: provisional contributions called, regularisation, monthly debits."""

import numpy
from openfisca_core.model_api import MONTH, YEAR, Variable, where

from openfisca_independants.dates import MOIS_PAR_AN, annee, mois_absolu
from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.regles import echeancier as regles_echeancier


def _refuser_micro(individu, period):
    micro = individu("micro_entrepreneur", period)
    if micro.any():
        raise SituationNonModelisee(
            "micro_entrepreneur",
            "the payment schedule is that of the classic regime; a micro-entrepreneur pays on the turnover declared each month or quarter",
            numpy.flatnonzero(micro),
        )


def _sur_revenu(individu, period, parameters, decalage, raison):
    """total_cotisations_contributions of the year on the income of `decalage` years before, by the
    rules of the provisional calls of the year; 0 for who has no activity that year."""
    rang = individu("annee_activite", period)
    concernes = numpy.flatnonzero((rang > decalage) & individu("activite_dans_l_annee", period))
    if not concernes.size:
        return individu.filled_array(0.0)
    annee_revenu = period.start.year - decalage
    regles_echeancier.refuser_revenu_manquant(individu, annee_revenu, concernes, raison)
    anciennes = parameters(period).echeancier.appels_sans_reforme_assiette
    total = regles_echeancier.total_sur_revenu(individu, period.start.year, annee_revenu, anciennes_regles=bool(anciennes))
    return where((rang > decalage) & individu("activite_dans_l_annee", period), total, 0)


def _forfait(individu, period, parameters):
    """The start-of-activity forfait (variables/debut_activite.py), by the rules of the provisional
    calls of the year (in 2025, the pre-reform ones)."""
    if parameters(period).echeancier.appels_sans_reforme_assiette:
        return regles_echeancier.sous_anciennes_regles(individu, period.start.year, "cotisations_provisionnelles_debut_activite")
    return individu("cotisations_provisionnelles_debut_activite", period)


class cotisations_provisionnelles_initiales(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations provisionnelles de l'année appelées avant la déclaration du revenu de l'année précédente (revenu de N−2, ou forfait de début d'activité)"
    reference = "Code de la sécurité sociale, art. L131-6-2, R131-2 et R131-2-1"
    documentation = (
        "Les cotisations et contributions de l'année (total_cotisations_contributions, mêmes règles) "
        "calculées sur le revenu de l'avant-dernière année ; dans les deux premières années d'activité, "
        "les cotisations provisionnelles forfaitaires (cotisations_provisionnelles_debut_activite). En "
        "2025, selon les règles antérieures à la réforme de l'assiette."
    )

    def formula(individu, period, parameters):
        _refuser_micro(individu, period)
        forfait = individu("debut_activite_forfait_applicable", period)
        if forfait.all():
            return _forfait(individu, period, parameters)
        decalage = parameters(period).echeancier.decalage_revenu_initial
        anterieur = _sur_revenu(individu, period, parameters, decalage, "income of N−2, base of the first provisional calls")
        return where(forfait, _forfait(individu, period, parameters), anterieur)


class cotisations_provisionnelles_recalculees(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations provisionnelles de l'année recalculées sur le revenu de l'année précédente, une fois déclaré"
    reference = "Code de la sécurité sociale, art. L131-6-2"
    documentation = (
        "Les cotisations et contributions de l'année calculées sur le revenu de N−1 ; l'année du début "
        "d'activité (pas de revenu antérieur), le forfait de début d'activité."
    )

    def formula(individu, period, parameters):
        _refuser_micro(individu, period)
        rang = individu("annee_activite", period)
        creation = rang <= 1
        # the year of creation: the forfait all year (rank 1 is within the forfait years)
        initiales = _forfait(individu, period, parameters) if creation.any() else 0
        if creation.all():
            return initiales
        return where(creation, initiales, _sur_revenu(individu, period, parameters, 1, "income of N−1, base of the recalculated provisional calls"))


class cotisations_provisionnelles_appelees(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Cotisations provisionnelles appelées au titre de l'année"
    reference = "Code de la sécurité sociale, art. L131-6-2, R131-2 et R131-2-1"
    documentation = (
        "Ce qui est appelé au titre de l'année N avant régularisation : les échéances calculées sur le "
        "revenu de N−2 (ou le forfait de début d'activité) jusqu'à la déclaration du revenu de N−1, "
        "puis ajustées pour que le total appelé soit égal aux cotisations de N calculées sur le revenu "
        "de N−1. L'année du début d'activité : le forfait."
    )

    def formula(individu, period):
        return individu("cotisations_provisionnelles_recalculees", period)


class regularisation_cotisations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Régularisation des cotisations de l'année (définitives − provisionnelles appelées), réglée l'année suivante"
    reference = "Code de la sécurité sociale, art. L131-6-2"
    documentation = "Positive : complément dû ; négative : remboursement. Répartie sur les échéances de l'année suivante à partir du mois du recalcul."

    def formula(individu, period):
        return individu("total_cotisations_contributions", period) - individu("cotisations_provisionnelles_appelees", period)


class paiement_trimestriel(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    default_value = False
    label = "Le travailleur indépendant paie par échéances trimestrielles plutôt que mensuelles"
    reference = "Code de la sécurité sociale, art. R131-2"
    documentation = "Faux par défaut : prélèvement mensuel, douze échéances de janvier à décembre."


def _rang_des_mois(mois_echeances, mois_limite):
    """Rank (1…) of the first instalment in or after `mois_limite` (an array), len+1 when none."""
    mois_echeances = numpy.asarray(mois_echeances)
    return numpy.searchsorted(mois_echeances, numpy.asarray(mois_limite), side="left") + 1


def _echeances(mois_echeances, provision_initiale, provision_totale, regularisation, mois_debut, mois_recalcul):
    """Instalments of one calendar (array persons × len(mois_echeances)): the provisional part and the regularisation part."""
    nombre = len(mois_echeances)
    premier = _rang_des_mois(mois_echeances, mois_debut)
    recalcul = numpy.maximum(_rang_des_mois(mois_echeances, mois_recalcul), premier)
    provision = regles_echeancier.repartir(provision_initiale, provision_totale, nombre, recalcul, premier)
    regul = regles_echeancier.repartir(regularisation, regularisation, nombre, numpy.full_like(recalcul, nombre + 1), recalcul)
    return provision, regul


def _calendrier(individu, period, parameters):
    """(provisional part, regularisation part) of the instalment of the month `period`."""
    annee_courante = period.this_year
    p = parameters(annee_courante).echeancier
    mois_courant = period.start.month
    initiale = individu("cotisations_provisionnelles_initiales", annee_courante)
    totale = individu("cotisations_provisionnelles_appelees", annee_courante)
    rang = individu("annee_activite", annee_courante)
    avant = annee_courante.offset(-1)
    regularisation = where(rang > 1, individu("regularisation_cotisations", avant), 0) if (rang > 1).any() else individu.filled_array(0.0)
    debut = individu("date_debut_activite", annee_courante)
    mois_debut = where(annee(debut) == annee_courante.start.year, mois_absolu(debut) % MOIS_PAR_AN + 1, 1)
    # the year of creation has no income of N−1 to declare: no recalculation
    mois_recalcul = where(rang <= 1, MOIS_PAR_AN + 1, p.mois_recalcul)
    resultats = []
    for mois_echeances in (p.echeances_mensuelles, p.echeances_trimestrielles):
        mois_echeances = list(mois_echeances)
        provision, regul = _echeances(mois_echeances, initiale, totale, regularisation, mois_debut, mois_recalcul)
        if mois_courant in mois_echeances:
            rang_mois = mois_echeances.index(mois_courant)
            resultats.append((provision[:, rang_mois], regul[:, rang_mois]))
        else:
            resultats.append((individu.filled_array(0.0), individu.filled_array(0.0)))
    trimestriel = individu("paiement_trimestriel", annee_courante)
    (pm, rm), (pt, rt) = resultats
    return where(trimestriel, pt, pm), where(trimestriel, rt, rm)


class echeance_provisionnelle(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Part de l'échéance du mois au titre des cotisations provisionnelles de l'année"
    reference = "Code de la sécurité sociale, art. L131-6-2 et R131-2"

    def formula(individu, period, parameters):
        return _calendrier(individu, period, parameters)[0]


class echeance_regularisation(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Part de l'échéance du mois au titre de la régularisation de l'année précédente"
    reference = "Code de la sécurité sociale, art. L131-6-2 et R131-2"

    def formula(individu, period, parameters):
        return _calendrier(individu, period, parameters)[1]


class echeance_mensuelle(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Montant prélevé par l'URSSAF dans le mois (échéance provisionnelle et part de la régularisation de l'année précédente)"
    reference = "Code de la sécurité sociale, art. L131-6-2 et R131-2"
    documentation = (
        "Négatif : crédit (ajustement à la baisse ou remboursement de la régularisation). Paiement "
        "trimestriel : non nul seulement les mois des échéances trimestrielles."
    )

    def formula(individu, period):
        return individu("echeance_provisionnelle", period) + individu("echeance_regularisation", period)
