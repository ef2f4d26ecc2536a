"""Base of the contributions and the PASS of the contribution year."""

import numpy
from openfisca_core.model_api import MONTH, YEAR, Variable, max_

from openfisca_independants import regles
from openfisca_independants.dates import en_date
from openfisca_independants.erreurs import EntreeInvalide
from openfisca_independants.outils import entree_donnee

from openfisca_independants.entities import Individu


class plafond_securite_sociale(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Plafond annuel de la sécurité sociale applicable au travailleur indépendant"
    reference = "Code de la sécurité sociale, art. L241-3 et D242-19"
    documentation = (
        "PASS de l'année au titre de laquelle la cotisation est due, "
        "réduit au prorata des jours d'activité de l'année (paramètre "
        "cotisations.annee_incomplete). Les seuils exprimés en PSS dans les paramètres sont "
        "multipliés par cette valeur."
    )

    def formula(individu, period, parameters):
        pass_annuel = parameters(period).prelevements_sociaux.pss.plafond_securite_sociale_annuel
        return pass_annuel * individu("prorata_annee_activite", period)


def _jour(numero):
    return numpy.datetime64(int(numero), "D")


def _refuser_dates(individu, debut, fin, inverses):
    """An end before the start: blame the end the user gave, or the start when no end was given
    (then the start lies beyond date_fin_activite's default, the model's calendar)."""
    defaut = numpy.datetime64(individu.simulation.tax_benefit_system.variables["date_fin_activite"].default_value, "D")
    sans_fin = fin[inverses] == defaut.astype("int64")
    if sans_fin.all():
        raise EntreeInvalide(
            "date_debut_activite", inverses,
            f"'date_debut_activite' {_jour(debut[inverses[0]])} is beyond the model's calendar (an activity "
            f"without cessation runs to {defaut}, the default of date_fin_activite)",
        )
    lignes = inverses[~sans_fin]
    raise EntreeInvalide(
        "date_fin_activite", lignes,
        f"'date_fin_activite' ({_jour(fin[lignes[0]])}) must not be before 'date_debut_activite' "
        f"({_jour(debut[lignes[0]])}): the activity would end before it starts",
    )


def _jours_dans(individu, period):
    """Days of activity within `period` (a month or a year), after checking the two dates."""
    premier, dernier = int(en_date(period.start).astype("int64")), int(en_date(period.stop).astype("int64"))
    if not (entree_donnee(individu, "date_debut_activite") or entree_donnee(individu, "date_fin_activite")):
        defauts = individu.simulation.tax_benefit_system.variables  # both dates at their defaults
        if en_date(defauts["date_debut_activite"].default_value) <= en_date(period.start) and \
                en_date(defauts["date_fin_activite"].default_value) >= en_date(period.stop):
            return individu.filled_array(dernier - premier + 1, dtype=numpy.int32)  # the type core stores an int in
    debut = individu("date_debut_activite", period).view("int64")  # day numbers: cheap comparisons
    fin = individu("date_fin_activite", period).view("int64")
    inverses = numpy.flatnonzero(fin < debut)
    if inverses.size:
        _refuser_dates(individu, debut, fin, inverses)
    if debut.max(initial=premier) <= premier and fin.min(initial=dernier) >= dernier:  # everybody active all along
        return individu.filled_array(dernier - premier + 1, dtype=numpy.int32)
    return numpy.maximum(numpy.minimum(fin, dernier) - numpy.maximum(debut, premier) + 1, 0)


class jours_activite(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "day"
    label = "Nombre de jours d'activité indépendante dans l'année"
    reference = "Code de la sécurité sociale, art. R131-3"
    documentation = (
        "Du plus tard du 1er janvier et du début d'activité au plus tôt du 31 décembre et de la "
        "cessation, inclus. Une date de cessation antérieure au début d'activité est refusée. "
        "0 jour : l'entreprise n'est pas en activité dans l'année et ne doit rien "
        "(voir activite_dans_l_annee)."
    )

    def formula(individu, period):
        return _jours_dans(individu, period)


class jours_activite_mois(Variable):
    value_type = int
    entity = Individu
    definition_period = MONTH
    unit = "day"
    label = "Nombre de jours d'activité indépendante dans le mois"
    reference = "Code de la sécurité sociale, art. R131-3"
    documentation = "Comme jours_activite, sur le mois : sert à répartir un chiffre d'affaires annuel sur les jours d'activité."

    def formula(individu, period):
        return _jours_dans(individu, period)


class activite_dans_l_annee(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "L'entreprise est en activité au moins un jour de l'année"
    reference = "Code de la sécurité sociale, art. L131-6 et R131-3"
    documentation = (
        "Faux quand l'année est entièrement avant le début d'activité ou après la cessation : "
        "rien n'est dû pour cette année (ni cotisation, ni assiette minimale, ni CSG-CRDS, ni CFP), "
        "même si un revenu est donné. Les cotisations d'une année d'activité restent dues après la "
        "cessation ; le modèle les rattache à l'année où le revenu est gagné."
    )

    def formula(individu, period):
        return individu("jours_activite", period) > 0


class prorata_annee_activite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part de l'année couverte par l'activité indépendante (jours d'activité / jours de l'année)"
    reference = (
        "Code de la sécurité sociale, art. D635-7 (seuil réduit au prorata de la durée d'affiliation, depuis 2025)",
        "mon-entreprise (URSSAF), modele-social 8.0.0 et suivants : proratisation des cotisations pour les années incomplètes",
    )

    def formula(individu, period):
        jours_annee = (en_date(period.stop) - en_date(period.start)).astype(int) + 1
        jours = individu("jours_activite", period)
        if (jours == jours_annee).all():
            return individu.filled_array(1.0, dtype=numpy.float32)  # the type core stores a float in
        return jours / jours_annee


class assiette_cotisations(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Assiette des cotisations sociales du travailleur indépendant (régime classique)"
    reference = "Code de la sécurité sociale, art. L131-6"
    documentation = (
        "Jusqu'en 2024 : revenu professionnel, plancher 0. À partir de "
        "2025 (réforme de l'assiette) : revenu d'activité brut moins l'abattement de 26 % borné "
        "entre 1,76 % et 130 % du PASS annuel, plancher 0 (art. L136-3 et D136-5) ; la même assiette "
        "sert à la CSG-CRDS."
    )

    def formula(individu, period, parameters):
        if parameters(period).reforme_assiette.en_vigueur:
            return regles.base.assiette_reforme(parameters, period, individu("revenu_activite_brut", period))
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
