"""Professions libérales réglementées: who belongs to which pension fund (CNAVPL and its sections,
CNBF), and the inputs of the conventionnés health professionals, of the notaires and of the
agents généraux d'assurance (contract, "Professions libérales réglementées beyond the Cipav")."""

from openfisca_core.indexed_enums import EnumArray
from openfisca_core.model_api import ETERNITY, YEAR, Enum, Variable

from openfisca_independants import regles
from openfisca_independants.entities import Individu


class profession_liberale_reglementee(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Profession libérale réglementée (Cipav, autres sections de la CNAVPL, avocats)"
    reference = ("Code de la sécurité sociale, art. L640-1", "Code de la sécurité sociale, art. L651-1")
    documentation = (
        "liberal_cipav et les onze professions des autres sections de la CNAVPL et de la CNBF : "
        "barème maladie des professions libérales (art. D621-3, jusqu'en 2024), assiette entière "
        "(sans partage) de la retraite complémentaire et de l'invalidité-décès de leur caisse."
    )

    def formula(individu, period):
        return regles.base.categorie_dans(individu, period, regles.base.PROFESSIONS_LIBERALES_REGLEMENTEES)


class affilie_cnavpl(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Affilié à la Caisse nationale d'assurance vieillesse des professions libérales (CNAVPL)"
    reference = ("Code de la sécurité sociale, art. L640-1", "Code de la sécurité sociale, art. L641-1")
    documentation = (
        "Toutes les professions libérales réglementées sauf les avocats (CNBF, art. L651-1) : "
        "retraite de base CNAVPL (art. D642-3), indemnités journalières CNAVPL (art. D621-3, "
        "qui ne vise que les affiliés de l'art. L640-1), validation des trimestres."
    )

    def formula(individu, period):
        return regles.base.categorie_dans(individu, period, regles.base.AFFILIES_CNAVPL)


class TypesCaisseRetraiteComplementaire(Enum):
    __order__ = "ssi cipav carmf carcdsf carpimko cavp carpv cavec cprn cavom cavamac cnbf"
    ssi = "Sécurité sociale des indépendants (RCI)"
    cipav = "Cipav"
    carmf = "CARMF (médecins)"
    carcdsf = "CARCDSF (chirurgiens-dentistes et sages-femmes)"
    carpimko = "CARPIMKO (auxiliaires médicaux)"
    cavp = "CAVP (pharmaciens)"
    carpv = "CARPV (vétérinaires)"
    cavec = "CAVEC (experts-comptables et commissaires aux comptes)"
    cprn = "CPRN (notaires)"
    cavom = "CAVOM (officiers ministériels, publics et judiciaires)"
    cavamac = "CAVAMAC (agents généraux d'assurance)"
    cnbf = "CNBF (avocats)"


class caisse_retraite_complementaire(Variable):
    value_type = Enum
    possible_values = TypesCaisseRetraiteComplementaire
    default_value = TypesCaisseRetraiteComplementaire.ssi
    entity = Individu
    definition_period = YEAR
    label = "Caisse de retraite complémentaire et d'invalidité-décès"
    reference = (
        "Code de la sécurité sociale, art. L641-1 (sections de la CNAVPL)",
        "Code de la sécurité sociale, art. L651-1 (CNBF)",
    )
    documentation = "Suit categorie_independant : la SSI pour les artisans, commerçants et PLNR, la section de la profession sinon."

    def formula(individu, period):
        categorie = individu("categorie_independant", period)
        caisses = TypesCaisseRetraiteComplementaire
        noms = [caisses[regles.base.CAISSES[item.name]] for item in categorie.possible_values]
        return EnumArray(regles.base.par_categorie(categorie, [caisse.index for caisse in noms]).astype("int16"), caisses)


class praticien_conventionne(Variable):
    value_type = bool
    default_value = True
    entity = Individu
    definition_period = YEAR
    label = "Professionnel de santé exerçant dans le cadre de la convention nationale (PAMC)"
    reference = ("Code de la sécurité sociale, art. L646-1", "Code de la sécurité sociale, art. L162-14-1")
    documentation = (
        "Médecins, chirurgiens-dentistes, sages-femmes et auxiliaires médicaux conventionnés : "
        "l'Assurance Maladie prend en charge une partie de leurs cotisations maladie et allocations "
        "familiales, et le régime des prestations complémentaires de vieillesse (PCV, ASV) "
        "s'applique. Vrai par défaut ; sans effet pour les autres catégories."
    )


class TypesSecteurConventionnel(Enum):
    __order__ = "secteur_1 secteur_2"
    secteur_1 = "Secteur 1 (tarifs conventionnels)"
    secteur_2 = "Secteur 2 (dépassements d'honoraires)"


class secteur_conventionnel(Variable):
    value_type = Enum
    possible_values = TypesSecteurConventionnel
    default_value = TypesSecteurConventionnel.secteur_1
    entity = Individu
    definition_period = YEAR
    label = "Secteur conventionnel du médecin"
    reference = "Code de la sécurité sociale, art. L646-1 ; convention médicale nationale"
    documentation = "Médecins conventionnés seulement : secteur 1 (par défaut) ou secteur 2."


class revenus_non_conventionnes(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part du revenu professionnel tirée de dépassements ou d'une activité non conventionnée"
    reference = "Code de la sécurité sociale, art. L162-14-1 et L646-3"
    documentation = "L'Assurance Maladie ne prend rien en charge sur cette part. 0 par défaut."


class produits_office(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Produits de base de l'office notarial de l'année (assiette de la CPRN)"
    reference = "Code de la sécurité sociale, art. L641-1 (section des notaires, CPRN)"
    documentation = (
        "Notaires : produits de base de l'office (nets des charges de personnel et de l'abattement prévus, "
        "part du notaire dans une société). La CPRN retient la moyenne des années N−4 à N−2 ; le modèle "
        "fait la moyenne de celles de ces années qui sont données, à défaut lit l'année N (hypothèse de revenu stable). Le plafond de la section C n'étant pas dans les "
        "sources, la section C (due à partir de la troisième année) est refusée."
    )


class commissions_brutes(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Commissions et rémunérations brutes de l'année (assiette de la CAVAMAC)"
    reference = "Code de la sécurité sociale, art. L641-1 (section des agents généraux d'assurance, CAVAMAC)"
    documentation = (
        "Agents généraux d'assurance : la CAVAMAC lit les commissions de l'année N−1 ; le modèle aussi "
        "quand elles sont données pour N−1, sinon celles de l'année N (hypothèse de revenu stable). 0 "
        "(non donné) : l'assiette de la même année en tient lieu, ce qui sous-estime la cotisation (les commissions brutes dépassent le revenu net)."
    )


# ---------------------------------------------------------------- class choices and situations of each caisse (optional)


class cavp_reduction_classe_3(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Pharmacien en classe 3 demandant la réduction de sa cotisation de retraite complémentaire (CAVP)"
    reference = "Décret n° 49-580 du 22 avril 1949, art. 2 ; statuts de la CAVP (réduction de la classe 3 sur demande)"
    documentation = (
        "Sur demande et seulement en classe 3 : réduction de 75, 50 ou 25 % selon que le revenu est "
        "inférieur au tiers, aux deux tiers ou au PASS. Faux par défaut (classe obligatoire)."
    )


class cavp_biologiste_conventionne(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Pharmacien biologiste conventionné, redevable des prestations complémentaires de vieillesse (CAVP)"
    reference = "Code de la sécurité sociale, art. L645-1 et D645-3 ; décret du 24 avril 2007 (PCV des biologistes)"
    documentation = (
        "Directeur de laboratoire d'analyses médicales non médecin, conventionné : forfait et cotisation "
        "proportionnelle jusqu'à 5 PASS, en partie payés par l'Assurance Maladie. Faux par défaut : "
        "un pharmacien ne cotise pas aux PCV."
    )


class carpv_classe_superieure(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Vétérinaire cotisant, sur demande, dans la classe de retraite complémentaire au-dessus de la sienne (CARPV)"
    reference = "Décret n° 50-1318 du 21 octobre 1950, art. 2 ; statuts de la CARPV, art. 4"
    documentation = (
        "Classe B → C, C → D (D reste D). Sans effet les premières années (classe B) ni avec une classe "
        "réduite. Faux par défaut (classe obligatoire selon le revenu)."
    )


class carpv_classe_reduite(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Vétérinaire demandant une classe réduite de retraite complémentaire (CARPV)"
    reference = "Décret n° 50-1318 du 21 octobre 1950, art. 2 ; statuts de la CARPV, art. 4"
    documentation = (
        "Accordée quand le revenu ne dépasse pas la limite des classes réduites (2 à 12 points selon le "
        "revenu), y compris les premières années ; au-dessus de la limite, la demande est sans effet. "
        "Faux par défaut."
    )


class TypesClassePrevoyanceCarpv(Enum):
    __order__ = "a b c"
    a = "Classe A (minimum, obligatoire)"
    b = "Classe B (médium)"
    c = "Classe C (maximum)"


class carpv_classe_prevoyance(Variable):
    value_type = Enum
    possible_values = TypesClassePrevoyanceCarpv
    default_value = TypesClassePrevoyanceCarpv.a
    entity = Individu
    definition_period = YEAR
    label = "Classe d'invalidité-décès choisie auprès de la CARPV"
    reference = "Décret n° 65-1139 du 21 décembre 1965 ; statuts de la CARPV (régime invalidité-décès)"
    documentation = (
        "A par défaut (classe obligatoire). B et C sont réduites pour un vétérinaire de moins de 35 ans "
        "dans ses trois premières années d'exercice."
    )


class TypesClassePrevoyanceCavom(Enum):
    __order__ = "classe_par_defaut a b c d"
    classe_par_defaut = "Sans option : la classe appliquée par la CAVOM (B)"
    a = "Classe A"
    b = "Classe B"
    c = "Classe C"
    d = "Classe D"


class cavom_classe_prevoyance(Variable):
    value_type = Enum
    possible_values = TypesClassePrevoyanceCavom
    default_value = TypesClassePrevoyanceCavom.classe_par_defaut
    entity = Individu
    definition_period = YEAR
    label = "Classe d'invalidité-décès choisie auprès de la CAVOM"
    reference = "Décret n° 81-755 du 3 août 1981 (régime invalidité-décès de la CAVOM)"
    documentation = (
        "Classes B, C et D : 2, 4 et 6 fois la cotisation de la classe A. Sans option, la classe B "
        "(paramètre invalidite_deces.cavom.classe_defaut)."
    )


class TypesClasseSectionBCprn(Enum):
    __order__ = "non_choisie classe_1 classe_2 classe_3 classe_4 classe_5 classe_6 classe_7 classe_8"
    non_choisie = "Pas de classe choisie : classe 1 les premières années, sinon selon les produits de l'office"
    classe_1 = "Classe 1"
    classe_2 = "Classe 2"
    classe_3 = "Classe 3"
    classe_4 = "Classe 4"
    classe_5 = "Classe 5"
    classe_6 = "Classe 6"
    classe_7 = "Classe 7"
    classe_8 = "Classe 8"


class cprn_classe_section_b(Variable):
    value_type = Enum
    possible_values = TypesClasseSectionBCprn
    default_value = TypesClasseSectionBCprn.non_choisie
    entity = Individu
    definition_period = YEAR
    label = "Classe de la section B du régime complémentaire des notaires (CPRN), quand elle est connue"
    reference = "Décret n° 49-578 du 22 avril 1949 ; décret n° 2013-1157 du 12 décembre 2013 (section B selon les produits de l'office)"
    documentation = (
        "Classe k : k fois la cotisation de la classe 1. Sans classe donnée : classe 1 les six premières "
        "années d'exercice, ensuite la classe des produits de l'office, dont les limites ne sont pas dans "
        "les sources du modèle (calcul refusé)."
    )


class carmf_affiliation_apres_40_ans(Variable):
    value_type = bool
    default_value = False
    entity = Individu
    definition_period = ETERNITY
    label = "Médecin âgé de plus de 40 ans au début de son activité libérale (CARMF)"
    reference = (
        "Décret n° 49-579 du 22 avril 1949, art. 2 ; statuts du régime complémentaire de la CARMF",
        "https://dev.monacturetraite.fr/retraite-complementaire-du-medecin",
    )
    documentation = (
        "La retraite complémentaire CARMF n'est pas due les deux premières années civiles "
        "d'affiliation, sauf pour le médecin de plus de 40 ans au début de son activité libérale : "
        "celui-ci cotise dès la première année (la caisse retient ses revenus non salariés des deux "
        "années précédant l'affiliation ; le modèle, le revenu de l'année). Faux par défaut."
    )


class carcdsf_dispense_debut(Variable):
    value_type = bool
    default_value = False
    entity = Individu
    definition_period = YEAR
    label = "Dispense de la cotisation proportionnelle CARCDSF demandée pour les premières années d'exercice"
    reference = "Décret n° 50-28 du 6 janvier 1950 ; statuts du régime complémentaire de la CARCDSF"
    documentation = (
        "Chirurgiens-dentistes et sages-femmes : sur demande écrite, la cotisation proportionnelle de "
        "retraite complémentaire n'est pas due les deux premières années civiles d'exercice (le "
        "forfait reste dû). Faux par défaut : la cotisation obligatoire."
    )


class carcdsf_reduction_forfait(Variable):
    value_type = bool
    default_value = False
    entity = Individu
    definition_period = YEAR
    label = "Réduction du forfait de retraite complémentaire CARCDSF demandée (faibles revenus)"
    reference = "Décret n° 50-28 du 6 janvier 1950 ; statuts du régime complémentaire de la CARCDSF"
    documentation = (
        "Sur demande, la CARCDSF réduit le forfait d'un revenu inférieur au seuil de la cotisation "
        "proportionnelle ; la règle n'est pas dans les sources du modèle : vrai est refusé. Faux par défaut."
    )


class TypesClasseInvaliditeDecesCarcdsf(Enum):
    __order__ = "a b c"
    a = "Classe A"
    b = "Classe B"
    c = "Classe C"


class carcdsf_classe_invalidite_deces(Variable):
    value_type = Enum
    possible_values = TypesClasseInvaliditeDecesCarcdsf
    default_value = TypesClasseInvaliditeDecesCarcdsf.a
    entity = Individu
    definition_period = YEAR
    label = "Classe d'invalidité-décès choisie par la sage-femme auprès de la CARCDSF (jusqu'en 2022)"
    reference = "Décret n° 70-803 du 4 septembre 1970 ; statuts du régime invalidité-décès des sages-femmes (CARCDSF)"
    documentation = (
        "Sages-femmes, jusqu'en 2022 : classe A (par défaut, la plus basse), B ou C ; une seule "
        "cotisation depuis 2023 (B ou C refusées). Sans effet pour les autres catégories."
    )


# ---------------------------------------------------------------- income year read by each caisse (contract)

_DOCUMENTATION_ANNEE_REVENU = (
    "La CARMF et la CARPV appellent l'année N sur le revenu de N−2, la CAVEC et la CARCDSF sur celui "
    "de N−1, la CARPIMKO sur N−2 (N−1 à partir de 2026), la CAVP sur N−2, la CAVAMAC sur les "
    "commissions de N−1, la CPRN sur la moyenne des produits de N−4 à N−2 (paramètres "
    "anciennete_revenu de chaque caisse). Le modèle lit l'assiette de cette année-là (celle qu'il "
    "calcule pour cette année : revenu_professionnel avant 2025, l'assiette de la réforme ensuite) "
    "quand la simulation a reçu un revenu de cette année (revenu_professionnel ou revenu_activite_brut ; "
    "commissions_brutes, produits_office pour la CAVAMAC et la CPRN) ; sinon, ou si l'année précède "
    "celles que le modèle couvre (2019), il lit l'année N (hypothèse de revenu stable). Année N pour "
    "les autres caisses et lignes (CNBF, CAVOM, SSI, Cipav, montants forfaitaires)."
)


class annee_revenu_retraite_complementaire(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "year"
    label = "Année du revenu lu par le modèle pour la retraite complémentaire de la caisse"
    reference = "Contrat du modèle, « Professions libérales réglementées beyond the Cipav » (année du revenu lu par la caisse)"
    documentation = _DOCUMENTATION_ANNEE_REVENU

    def formula(individu, period, parameters):
        return regles.caisses.annee_revenu.annees_par_personne(individu, period, parameters, "retraite_complementaire", False)


class annee_revenu_caisse_retraite_complementaire(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "year"
    label = "Année du revenu que la caisse lit pour la retraite complémentaire"
    reference = "Contrat du modèle, « Professions libérales réglementées beyond the Cipav » (année du revenu lu par la caisse)"
    documentation = _DOCUMENTATION_ANNEE_REVENU

    def formula(individu, period, parameters):
        return regles.caisses.annee_revenu.annees_par_personne(individu, period, parameters, "retraite_complementaire", True)


class annee_revenu_invalidite_deces(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "year"
    label = "Année du revenu lu par le modèle pour l'invalidité-décès de la caisse"
    reference = "Contrat du modèle, « Professions libérales réglementées beyond the Cipav » (année du revenu lu par la caisse)"
    documentation = _DOCUMENTATION_ANNEE_REVENU

    def formula(individu, period, parameters):
        return regles.caisses.annee_revenu.annees_par_personne(individu, period, parameters, "invalidite_deces", False)


class annee_revenu_caisse_invalidite_deces(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "year"
    label = "Année du revenu que la caisse lit pour l'invalidité-décès"
    reference = "Contrat du modèle, « Professions libérales réglementées beyond the Cipav » (année du revenu lu par la caisse)"
    documentation = _DOCUMENTATION_ANNEE_REVENU

    def formula(individu, period, parameters):
        return regles.caisses.annee_revenu.annees_par_personne(individu, period, parameters, "invalidite_deces", True)


class annee_revenu_prestations_complementaires_vieillesse(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "year"
    label = "Année du revenu lu par le modèle pour l'ajustement des PCV/ASV de la caisse"
    reference = "Contrat du modèle, « Professions libérales réglementées beyond the Cipav » (année du revenu lu par la caisse)"
    documentation = _DOCUMENTATION_ANNEE_REVENU

    def formula(individu, period, parameters):
        return regles.caisses.annee_revenu.annees_par_personne(individu, period, parameters, "prestations_complementaires_vieillesse", False)


class annee_revenu_caisse_prestations_complementaires_vieillesse(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "year"
    label = "Année du revenu que la caisse lit pour l'ajustement des PCV/ASV"
    reference = "Contrat du modèle, « Professions libérales réglementées beyond the Cipav » (année du revenu lu par la caisse)"
    documentation = _DOCUMENTATION_ANNEE_REVENU

    def formula(individu, period, parameters):
        return regles.caisses.annee_revenu.annees_par_personne(individu, period, parameters, "prestations_complementaires_vieillesse", True)
