"""What the Assurance Maladie pays, line by line, for the conventionnés health professionals
(PAMC), and the CURPS rate: what `calc` and /trace show next to each line. Their sum is
prise_en_charge_assurance_maladie (regles/assurance_maladie.py)."""

import numpy
from openfisca_core.model_api import YEAR, Variable, where

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class maladie_maternite_prise_en_charge(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation maladie-maternité prise en charge par l'Assurance Maladie (praticien conventionné)"
    reference = "Code de la sécurité sociale, art. L162-14-1 et L646-3"
    documentation = "Déjà déduite de maladie_maternite ; 0 hors des professionnels de santé conventionnés."

    def formula(individu, period, parameters):
        return regles.maladie_maternite.participation_pamc(individu, period, parameters)


class allocations_familiales_prise_en_charge(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation d'allocations familiales prise en charge par l'Assurance Maladie (médecin du secteur 1)"
    reference = "Convention médicale nationale, art. 69 (avenant n° 5)"
    documentation = "Déjà déduite de allocations_familiales ; 0 hors des médecins du secteur 1."

    def formula(individu, period, parameters):
        assiette = individu("assiette_cotisations", period)
        return regles.allocations_familiales.participation_medecins_secteur_1(individu, period, parameters, assiette)


class retraite_de_base_prise_en_charge(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de la cotisation de retraite de base prise en charge par l'Assurance Maladie (médecin du secteur 1)"
    reference = "Code de la sécurité sociale, art. L646-3 ; avenant n° 5 à la convention médicale"
    documentation = "Déjà déduite de retraite_de_base ; 0 hors des médecins du secteur 1."

    def formula(individu, period, parameters):
        assiette = individu("assiette_cotisations", period)
        return regles.retraite_de_base.participation_medecins_secteur_1(individu, period, parameters, assiette)


class prestations_complementaires_vieillesse_prise_en_charge(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part des prestations complémentaires de vieillesse (PCV, ASV) payée par l'Assurance Maladie"
    reference = "Code de la sécurité sociale, art. L645-2"
    documentation = "Hors de prestations_complementaires_vieillesse (part du praticien) ; 0 pour ceux qu'elles ne concernent pas."

    def formula(individu, period, parameters):
        return regles.prestations_complementaires_vieillesse.parts(individu, period, parameters)[1]


class contribution_curps_taux(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux de la contribution aux unions régionales des professionnels de santé (CURPS) de la profession"
    reference = "Code de la santé publique, art. L4031-4"
    documentation = "Taux de la profession sur assiette_cotisations, la contribution étant plafonnée à une fraction du PASS ; 0 pour ceux qui ne la doivent pas."

    def formula(individu, period, parameters):
        curps = regles.contribution_curps
        p = parameters(period).contributions.contribution_curps
        taux = numpy.select([regles.base.categorie_dans(individu, period, (nom,)) for nom in curps.PROFESSIONS],
                            [p.taux[nom] for nom in curps.PROFESSIONS], 0)
        return where(curps.concernes(individu, period), taux, 0)
