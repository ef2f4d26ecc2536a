"""Base of the contributions and the PASS of the contribution year."""

import numpy
from openfisca_core.model_api import YEAR, Variable, max_

from openfisca_independants.dates import en_date

from openfisca_independants.entities import Individu


class plafond_securite_sociale(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Plafond annuel de la sécurité sociale applicable au travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L241-3 et D242-19"
    documentation = (
        "PASS de l'année au titre de laquelle la cotisation est due (fiche législative §3.1), "
        "réduit au prorata des jours d'activité de l'année (paramètre "
        "cotisations.annee_incomplete). Les seuils exprimés en PSS dans les paramètres sont "
        "multipliés par cette valeur."
    )

    def formula(individu, period, parameters):
        pass_annuel = parameters(period).prelevements_sociaux.pss.plafond_securite_sociale_annuel
        return pass_annuel * individu("prorata_annee_activite", period)


class jours_activite(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "day"
    label = "Nombre de jours d'activité indépendante dans l'année"
    reference = "Code de la sécurité sociale, art. R131-3"
    documentation = "Du plus tard du 1er janvier et du début d'activité au plus tôt du 31 décembre et de la cessation, inclus."

    def formula(individu, period):
        # dates as day numbers (datetime64[D] viewed as int64): cheap comparisons
        debut = individu("date_debut_activite", period).view("int64")
        fin = individu("date_fin_activite", period).view("int64")
        premier, dernier = int(en_date(period.start).astype("int64")), int(en_date(period.stop).astype("int64"))
        if debut.max() <= premier and fin.min() >= dernier:  # everybody active all year
            return individu.filled_array(dernier - premier + 1)
        return numpy.maximum(numpy.minimum(fin, dernier) - numpy.maximum(debut, premier) + 1, 0)


class prorata_annee_activite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part de l'année couverte par l'activité indépendante (jours d'activité / jours de l'année)"
    reference = "Fiche législative §0.3 et §7"

    def formula(individu, period):
        jours_annee = (en_date(period.stop) - en_date(period.start)).astype(int) + 1
        jours = individu("jours_activite", period)
        if (jours == jours_annee).all():
            return individu.filled_array(1.0)
        return jours / jours_annee


class assiette_cotisations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette des cotisations sociales du travailleur indépendant (régime classique)"
    reference = "Code de la sécurité sociale, art. L131-6"
    documentation = "Revenu professionnel, plancher 0 (fiche législative §3.1)."

    def formula(individu, period):
        return max_(individu("revenu_professionnel", period), 0)


class est_cipav(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Profession libérale relevant de la Cipav (retraite de base CNAVPL)"
    reference = "Code de la sécurité sociale, art. L640-1"

    def formula(individu, period):
        categorie = individu("categorie_independant", period)
        return categorie == categorie.possible_values.liberal_cipav
