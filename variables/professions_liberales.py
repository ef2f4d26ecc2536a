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
    documentation = "Notaires : la CPRN retient la moyenne des produits des années N−4 à N−2."


class commissions_brutes(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Commissions et rémunérations brutes de l'année (assiette de la CAVAMAC)"
    reference = "Code de la sécurité sociale, art. L641-1 (section des agents généraux d'assurance, CAVAMAC)"
    documentation = "Agents généraux d'assurance : la CAVAMAC lit les commissions de l'année N−1."


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
