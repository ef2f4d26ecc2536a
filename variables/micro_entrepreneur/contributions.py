"""CFP, chamber taxes, versement libératoire and turnover thresholds of micro-entrepreneurs."""

import numpy
from openfisca_core.model_api import MONTH, YEAR, Variable, where

from openfisca_independants.entities import Individu
from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
from openfisca_independants.micro import (
    ACTIVITES, TauxSelon, chiffre_affaires, Somme, departement_dans, lignes_du_masque, mois_du_regime_micro, par_mois, produit,
    parametres_micro, regime_micro_seulement, somme_des_mois, zeros,
)
from openfisca_independants.parametres import parametre


class formation_professionnelle_micro_mensuelle(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Contribution à la formation professionnelle du micro-entrepreneur pour le mois"
    reference = "Code du travail, art. L6331-48"
    documentation = (
        "Taux sur le chiffre d'affaires : artisans 0,3 % sur le BIC (taux propre à l'Alsace jusqu'en "
        "2016), autres 0,1 % sur le BIC, 0,2 % sur le BNC (paramètres : désaccords documentés). "
        "Chiffre d'affaires du mois × taux du mois, calculé pour les douze mois à la fois, par période "
        "de taux (les mois d'une période partagent leur montant là où le chiffre d'affaires annuel se "
        "répartit également sur les mois)."
    )

    def formula(individu, period):
        annee = period.this_year
        mois = mois_du_regime_micro(individu, annee, lambda personnes: formation_micro_par_mois(personnes, annee))
        holder = individu.get_holder("formation_professionnelle_micro_mensuelle")
        for autre, montant in mois.items():  # the twelve months at once: a yearly sum asks for all of them
            montant.flags.writeable = False  # an array may be shared by the months of a period
            if autre != period and holder.get_array(autre) is None:
                holder.put_in_cache(montant, autre)
        return mois[period]


def _taux_formation(individu, annee):
    """`taux(mois, activite, lignes)`: the float32 CFP rate of an activity in a month, as
    formation_professionnelle_micro_taux_<activité> holds it, on `lignes` (None: every row); a scalar
    when no row is an artisan, else a TauxSelon (artisans, artisans in Alsace)."""
    categorie = individu("categorie_independant", annee)
    artisan = categorie == categorie.possible_values.artisan
    alsace = individu("etablissement_alsace", annee) if artisan.any() else None
    artisan_alsace = artisan & alsace if alsace is not None and alsace.any() else None
    lignes_artisan = lignes_du_masque(artisan) if alsace is not None else None

    def taux(mois, activite, lignes):
        p = parametres_micro(individu, mois).formation_professionnelle
        if activite == "services_bnc":
            return numpy.float32(p.services_bnc)
        autres = p.services_bic if activite == "services_bic" else p.vente
        if alsace is None:
            return numpy.float32(autres)
        cas = [(artisan, lignes_artisan, numpy.float32(p.artisan))]
        if artisan_alsace is not None:
            cas.append((artisan_alsace, lignes_du_masque(artisan_alsace), numpy.float32(p.artisan_alsace)))
        taux_lignes = TauxSelon(numpy.float32(autres), *cas)
        return taux_lignes if lignes is None else taux_lignes.sur(lignes)

    return taux


def formation_micro_par_mois(individu, annee):
    """par_mois of the CFP: Σ over the activities of the turnover of the month × the CFP rate, in the
    order and float32 arithmetic of formation_professionnelle_micro_mensuelle."""
    micro = individu("micro_entrepreneur", annee)
    taux = _taux_formation(individu, annee)

    somme = Somme()

    def formule(mois, chiffres, lignes):
        for activite in ACTIVITES:  # 0 + the first term is that term, exactly
            if activite in chiffres:
                somme.ajouter(produit(chiffres[activite], taux(mois, activite, lignes), somme.brouillon(len(chiffres[activite]))))
        montant = somme.resultat()
        if montant is None:
            return zeros(individu, lignes)
        if micro.all():
            return montant
        return where(micro if lignes is None else micro[lignes], montant, numpy.float32(0))

    return par_mois(individu, annee, ACTIVITES, formule)


class formation_professionnelle_micro(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Contribution à la formation professionnelle du micro-entrepreneur pour l'année"
    reference = "Code du travail, art. L6331-48"
    documentation = (
        "Somme des formation_professionnelle_micro_mensuelle de l'année (chiffre d'affaires du mois × "
        "taux du mois), calculée par période de taux."
    )

    @regime_micro_seulement
    def formula(individu, period):
        return somme_des_mois(formation_micro_par_mois(individu, period))


def _taux_formation_micro(individu, period, parameters, activite):
    """CFP rate of an activity: artisans on their BIC turnover (Alsace rate until 2016), others by activity;
    furnished tourist lets at the sales rate."""
    p = parameters(period).micro_entrepreneur.formation_professionnelle
    if activite == "services_bnc":
        return individu.filled_array(p.services_bnc)
    categorie = individu("categorie_independant", period)
    artisan = categorie == categorie.possible_values.artisan
    taux_artisan = where(individu("etablissement_alsace", period.this_year), p.artisan_alsace, p.artisan)
    return where(artisan, taux_artisan, p.services_bic if activite == "services_bic" else p.vente)


DOCUMENTATION_CFP_MICRO = (
    "Artisans : 0,3 % du chiffre d'affaires BIC (taux propre à l'Alsace jusqu'en 2016) ; autres : "
    "0,1 % du BIC ; 0,2 % du BNC ; les meublés de tourisme classés au taux des ventes."
)


class formation_professionnelle_micro_taux_vente(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux du mois de la contribution à la formation professionnelle du micro-entrepreneur sur les ventes"
    reference = "Code du travail, art. L6331-48"
    documentation = DOCUMENTATION_CFP_MICRO

    def formula(individu, period, parameters):
        return _taux_formation_micro(individu, period, parameters, "vente")


class formation_professionnelle_micro_taux_services_bic(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux du mois de la contribution à la formation professionnelle du micro-entrepreneur sur les prestations de services BIC"
    reference = "Code du travail, art. L6331-48"
    documentation = DOCUMENTATION_CFP_MICRO

    def formula(individu, period, parameters):
        return _taux_formation_micro(individu, period, parameters, "services_bic")


class formation_professionnelle_micro_taux_services_bnc(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux du mois de la contribution à la formation professionnelle du micro-entrepreneur sur les recettes BNC"
    reference = "Code du travail, art. L6331-48"
    documentation = DOCUMENTATION_CFP_MICRO

    def formula(individu, period, parameters):
        return _taux_formation_micro(individu, period, parameters, "services_bnc")


class formation_professionnelle_micro_taux_meubles_tourisme_classes(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "/1"
    label = "Taux du mois de la contribution à la formation professionnelle du micro-entrepreneur sur les meublés de tourisme classés"
    reference = "Code du travail, art. L6331-48"
    documentation = DOCUMENTATION_CFP_MICRO

    def formula(individu, period, parameters):
        return _taux_formation_micro(individu, period, parameters, "meubles_tourisme_classes")



def _taux_chambre(individu, mois, parameters):
    """(rate on sales, rate on services) of the chamber tax in the month: CMA for artisans (Alsace and
    Moselle rates), CCI for commerçants, none for the professions libérales."""
    p = parameters(mois.start).micro_entrepreneur.taxe_frais_chambre
    annee = mois.this_year
    categorie = individu("categorie_independant", annee)
    categories = categorie.possible_values
    alsace = individu("etablissement_alsace", annee)
    moselle = individu("etablissement_moselle", annee)
    cma_vente = numpy.select([alsace, moselle], [p.cma_vente_alsace, p.cma_vente_moselle], p.cma_vente)
    cma_services = numpy.select([alsace, moselle], [p.cma_services_alsace, p.cma_services_moselle], p.cma_services)
    taux_vente = numpy.select([categorie == categories.artisan, categorie == categories.commercant], [cma_vente, p.cci_vente], 0)
    taux_services = numpy.select(
        [categorie == categories.artisan, categorie == categories.commercant], [cma_services, p.cci_services], 0
    )
    return taux_vente, taux_services


class taxe_frais_chambre_mensuelle(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Taxe pour frais de chambre (CCI ou CMA) du micro-entrepreneur pour le mois"
    reference = "Loi n° 2014-626 du 18 juin 2014, art. 29"

    def formula(individu, period, parameters):
        taux_vente, taux_services = _taux_chambre(individu, period, parameters)
        montant = (
            chiffre_affaires(individu, period, "vente") * taux_vente
            + chiffre_affaires(individu, period, "services_bic") * taux_services
        )
        return where(individu("micro_entrepreneur", period.this_year), montant, 0)


class taxe_frais_chambre(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Taxe pour frais de chambre (CCI ou CMA) du micro-entrepreneur pour l'année"
    reference = "Loi n° 2014-626 du 18 juin 2014, art. 29"
    documentation = "Recouvrée avec les cotisations mais hors du total des cotisations et contributions sociales."

    @regime_micro_seulement
    def formula(individu, period, parameters):
        micro = individu("micro_entrepreneur", period)

        def formule(mois, chiffres, lignes):
            taux = dict(zip(("vente", "services_bic"), _taux_chambre(individu, mois, parameters)))
            montant = 0
            for activite in taux:
                if activite in chiffres:
                    montant = montant + chiffres[activite] * (taux[activite] if lignes is None else taux[activite][lignes])
            if isinstance(montant, int):
                return zeros(individu, lignes)
            return where(micro if lignes is None else micro[lignes], montant, 0).astype(numpy.float32)  # stored by month

        return somme_des_mois(par_mois(individu, period, ("vente", "services_bic"), formule))


class versement_liberatoire_eligible(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le micro-entrepreneur a opté pour le versement libératoire et remplit la condition de revenu fiscal de référence"
    reference = "Code général des impôts, art. 151-0"
    documentation = (
        "Revenu fiscal de référence du foyer de l'année N-2 ≤ plafond de l'année N × nombre de parts "
        "de ce foyer en N-2 (au moins 1). L'option sans revenu fiscal de référence de N-2 donné est "
        "refusée : le modèle ne suppose pas le foyer éligible."
    )

    def formula(individu, period, parameters):
        option = individu("option_versement_liberatoire", period) & individu("micro_entrepreneur", period)
        plafond = parametre(parameters(period).micro_entrepreneur.versement_liberatoire, "plafond_rfr_par_part")
        if option.any() and numpy.isnan(plafond):
            raise SituationNonModelisee(
                "option_versement_liberatoire",
                f"the RFR ceiling of the versement libératoire for {period} is not in the model's sources (2009 to 2026).",
                numpy.flatnonzero(option),
            )
        annee_rfr = period.offset(-parameters(period).micro_entrepreneur.versement_liberatoire.anciennete_rfr)
        rfr = individu.foyer_fiscal("revenu_fiscal_reference", annee_rfr)
        parts = individu.foyer_fiscal("nombre_parts_fiscales", annee_rfr)
        foyer = individu.simulation.populations["foyer_fiscal"].members_entity_id  # each person's household
        for nom, fautifs, message in (
            ("revenu_fiscal_reference", option & numpy.isnan(rfr),
             f"the versement libératoire of {period} depends on the household's revenu_fiscal_reference of {annee_rfr} "
             f"(CGI art. 151-0): give it for {annee_rfr}"),
            ("revenu_fiscal_reference", option & (rfr < 0), f"'revenu_fiscal_reference' of {annee_rfr} must not be negative"),
            ("nombre_parts_fiscales", option & ~(parts >= 1), f"'nombre_parts_fiscales' of {annee_rfr} must be at least 1"),
        ):
            if fautifs.any():
                raise EntreeInvalide(nom, numpy.unique(foyer[fautifs]), message)
        return option & (rfr <= numpy.nan_to_num(plafond) * parts)


class versement_liberatoire_mensuel(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Versement libératoire de l'impôt sur le revenu du micro-entrepreneur pour le mois"
    reference = "Code général des impôts, art. 151-0"

    def formula(individu, period, parameters):
        p = parameters(period).micro_entrepreneur.versement_liberatoire
        montant = (
            chiffre_affaires(individu, period, "vente") * p.vente
            + chiffre_affaires(individu, period, "services_bic") * p.services_bic
            + chiffre_affaires(individu, period, "services_bnc") * p.services_bnc
            + chiffre_affaires(individu, period, "meubles_tourisme_classes") * p.vente
        )
        return where(individu("versement_liberatoire_eligible", period.this_year), montant, 0)


class versement_liberatoire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Versement libératoire de l'impôt sur le revenu du micro-entrepreneur pour l'année"
    reference = "Code général des impôts, art. 151-0"
    documentation = "0 sans option ou si la condition de revenu n'est pas remplie (voir versement_liberatoire_eligible) ; hors du total des cotisations."

    @regime_micro_seulement
    def formula(individu, period, parameters):
        eligible = individu("versement_liberatoire_eligible", period)
        if not eligible.any():
            return individu.filled_array(0.0)

        def formule(mois, chiffres, lignes):
            p = parametres_micro(individu, mois).versement_liberatoire
            montant = 0
            for activite in ACTIVITES:
                if activite in chiffres:  # furnished tourist lets at the sales rate
                    taux = p.vente if activite == "meubles_tourisme_classes" else getattr(p, activite)
                    montant = montant + chiffres[activite] * numpy.float32(taux)
            if isinstance(montant, int):
                return zeros(individu, lignes)
            return where(eligible if lignes is None else eligible[lignes], montant, numpy.float32(0))

        return somme_des_mois(par_mois(individu, period, ACTIVITES, formule))


class depassement_seuils_micro(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le chiffre d'affaires de l'année dépasse un seuil du régime micro"
    reference = "Code général des impôts, art. 50-0 et 102 ter"
    documentation = (
        "Chiffre d'affaires total (ventes, services, BNC, meublés de tourisme classés) au-delà du seuil "
        "des ventes et de l'hébergement, ou services BIC + BNC au-delà du seuil des services. "
        "Indicateur seulement : le modèle ne change pas le régime (la sortie du régime suppose un "
        "dépassement deux années de suite)."
    )

    def formula(individu, period, parameters):
        p = parameters(period).micro_entrepreneur.seuils
        seuil_vente = parametre(p, "vente")
        seuil_services = parametre(p, "services")
        micro = individu("micro_entrepreneur", period)
        if numpy.isnan(seuil_vente) or numpy.isnan(seuil_services):
            raise SituationNonModelisee("chiffre_affaires_vente", f"the micro thresholds of {period} are not in the model's sources (from 2017 only).",
                                        numpy.flatnonzero(micro))
        annuel = {nom: individu(f"chiffre_affaires_{nom}_annuel", period) for nom in ACTIVITES}
        services = annuel["services_bic"] + annuel["services_bnc"]
        total = services + annuel["vente"] + annuel["meubles_tourisme_classes"]
        return (total > seuil_vente) | (services > seuil_services)


class etablissement_alsace(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Établissement dans le Bas-Rhin ou le Haut-Rhin (taux propres de CFP et de taxe CMA)"
    reference = "Loi n° 2014-626 du 18 juin 2014, art. 29"

    def formula(individu, period, parameters):
        return departement_dans(individu, period, parameters(period).micro_entrepreneur.taxe_frais_chambre.departements_alsace)


class etablissement_moselle(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Établissement en Moselle (taux propres de taxe CMA)"
    reference = "Loi n° 2014-626 du 18 juin 2014, art. 29"

    def formula(individu, period, parameters):
        return departement_dans(individu, period, parameters(period).micro_entrepreneur.taxe_frais_chambre.departements_moselle)
