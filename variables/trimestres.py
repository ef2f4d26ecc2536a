"""Quarters of basic pension insurance validated for the year."""

import numpy
from openfisca_core.model_api import ADD, YEAR, Variable, where

from openfisca_independants import regles
from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.micro import refuser_professions_hors_micro
from openfisca_independants.parametres import parametre


class revenu_cotise_retraite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Revenu cotisé pour la retraite de base (validation des trimestres)"
    reference = (
        "Code de la sécurité sociale, art. R351-9",
        "mon-entreprise (URSSAF), modele-social, règle « protection sociale . retraite . base . cotisée . revenu auto-entrepreneur »",
    )
    documentation = (
        "Régime classique : cotisation de retraite de base avant exonérations (l'ACRE ne réduit "
        "pas les droits : URSSAF, « Travailleurs indépendants ne relevant pas du régime "
        "micro-social ») divisée par le taux jusqu'à 1 PSS, plafonnée à 1 PSS. "
        "Micro-entrepreneur (hors Cipav) : chiffre d'affaires de l'année après abattement fiscal."
    )

    def formula(individu, period, parameters):
        c = parameters(period).cotisations
        t = parameters(period).retraite.trimestres
        taux = where(
            individu("affilie_cnavpl", period),
            c.retraite_de_base.cnavpl.taux_tranche_1 + c.retraite_de_base.cnavpl.taux_tranche_2,
            c.retraite_de_base.ssi.taux_plafonne + c.retraite_de_base.ssi.taux_deplafonne,
        )
        micro = individu("micro_entrepreneur", period)
        revenu_classique = individu.empty_array()
        if not micro.all():
            brute = regles.retraite_de_base.brute(individu, period, parameters, individu("assiette_cotisations_partagee", period))
            revenu_classique = numpy.minimum(brute / taux, individu("plafond_securite_sociale", period))
        revenu_micro = individu.empty_array()
        if micro.any():
            refuser_professions_hors_micro(individu, period)
            for activite in ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes"):
                chiffre = individu(f"chiffre_affaires_{activite}", period, options=[ADD])
                revenu_micro = revenu_micro + chiffre * (1 - getattr(t, f"abattement_micro_{activite}"))
        return where(micro, revenu_micro, revenu_classique)


class trimestres_retraite_valides(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    label = "Trimestres d'assurance vieillesse de base validés pour l'année"
    reference = "Code de la sécurité sociale, art. R351-9, D634-1 et R634-1"
    documentation = (
        "Un trimestre par tranche de revenu cotisé égale à 150 heures de SMIC horaire au 1er janvier, "
        "au plus 4 ; l'assiette minimale de retraite (450 heures) en valide 3. Micro-entrepreneur de "
        "la Cipav : un trimestre par tranche de chiffre d'affaires BNC égale au seuil de l'année."
    )

    def formula(individu, period, parameters):
        t = parameters(period).retraite.trimestres
        smic = parameters(period.start).marche_travail.salaire_minimum.smic.smic_b_horaire
        trimestres = numpy.floor(individu("revenu_cotise_retraite", period) / (t.heures_smic_par_trimestre * smic))
        micro_cipav = individu("micro_entrepreneur", period) & individu("est_cipav", period)
        if micro_cipav.any():
            seuil = parametre(t, "seuil_trimestre_micro_cipav")
            if numpy.isnan(seuil):
                raise SituationNonModelisee(
                    "categorie_independant",
                    f"the turnover validating a quarter for a Cipav micro-entrepreneur in {period} is not in the model's sources (2022 on).",
                    numpy.flatnonzero(micro_cipav),
                )
            chiffre = individu("chiffre_affaires_services_bnc", period, options=[ADD])
            trimestres = where(micro_cipav, numpy.floor(chiffre / seuil), trimestres)
        return numpy.clip(trimestres, 0, t.nombre_maximal).astype(int)
