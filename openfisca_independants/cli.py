"""Command line: `openfisca-independants serve | calc | batch | plot`."""

import argparse
import contextlib
import json
import math
import sys
from pathlib import Path


# `serve --read-timeout`, set before gunicorn forks its workers
_DELAI_LECTURE = 10.0


def __getattr__(nom: str):
    """`TravailleurAFils`, gunicorn's worker class of `serve` (named by gunicorn as
    "openfisca_independants.cli.TravailleurAFils"), built on first use: the other commands do
    not import gunicorn."""
    if nom != "TravailleurAFils":
        raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")
    from gunicorn.workers.gthread import ThreadWorker

    class TravailleurAFils(ThreadWorker):
        """gunicorn's threaded worker (`gthread`) whose connections time out after `_DELAI_LECTURE`
        seconds without receiving anything: a client that sends its headers or its body slowly
        holds one thread for that long at most, the other threads keep answering."""

        def handle(self, conn):
            conn.sock.settimeout(_DELAI_LECTURE)  # conn.init() made the socket blocking, without a timeout
            return super().handle(conn)

    globals()[nom] = TravailleurAFils
    return TravailleurAFils


def serve(args: argparse.Namespace) -> int:
    if args.request_timeout >= args.timeout:
        print(f"openfisca-independants serve: --request-timeout ({args.request_timeout:g} s) must be shorter than "
              f"--timeout ({args.timeout} s), gunicorn's worker timeout", file=sys.stderr)
        return 2
    global _DELAI_LECTURE
    _DELAI_LECTURE = args.read_timeout
    from gunicorn.app.base import BaseApplication

    class ServeurWeb(BaseApplication):
        """gunicorn serving this package's web API."""

        def __init__(self, options: dict):
            self.options = options
            super().__init__()

        def load_config(self):
            for key, value in self.options.items():
                self.cfg.set(key, value)

        def load(self):
            from openfisca_independants import CountryTaxBenefitSystem
            from openfisca_independants.web_api import ORIGINES_CORS, create_app

            return create_app(CountryTaxBenefitSystem(), max_personnes=args.max_persons, max_personnes_trace=args.max_persons_trace,
                              taille_max_corps=args.max_body_size,
                              delai_requete=args.request_timeout, origines_cors=args.cors_origin or ORIGINES_CORS)

    ServeurWeb(
        {
            "bind": f"{args.host}:{args.port}",
            "workers": args.workers,
            "worker_class": f"{__name__}.TravailleurAFils",
            "threads": args.threads,
            "timeout": args.timeout,
            "preload_app": True,
            "accesslog": "-",
        }
    ).run()
    return 0


def _secondes(texte: str) -> float:
    try:
        valeur = float(texte)
    except ValueError:
        valeur = math.nan
    if not 0 < valeur < math.inf:
        raise argparse.ArgumentTypeError(f"expects a positive number of seconds, got '{texte}'")
    return valeur


# ---------------------------------------------------------------- calc

ACTIVITES = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")
NOMS_ACTIVITES = {"vente": "ventes", "services_bic": "services BIC", "services_bnc": "services BNC",
                  "meubles_tourisme_classes": "meublés de tourisme classés"}
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
# Lines of the classic regime: (line, the person's base its own base comes from). Each line has
# the model variables <line>_assiette and <line>_taux (variables/cotisations/<risque>.py and regles/<risque>.ligne).
LIGNES_CLASSIQUES = (
    ("maladie_maternite", "assiette_cotisations"),
    ("indemnites_journalieres", "assiette_cotisations"),
    ("allocations_familiales", "assiette_cotisations"),
    ("retraite_de_base", "assiette_cotisations_partagee"),
    ("retraite_complementaire", "assiette_retraite_complementaire_invalidite_deces"),
    ("invalidite_deces", "assiette_retraite_complementaire_invalidite_deces"),
)
CONTRIBUTIONS = ("csg_deductible", "csg_non_deductible", "crds")
# values of categorie_independant, for the help (the model is not loaded to print it)
CATEGORIES = ("artisan", "commercant", "liberal_non_reglemente", "liberal_cipav", "medecin", "chirurgien_dentiste", "sage_femme",
              "auxiliaire_medical", "pharmacien", "veterinaire", "expert_comptable", "notaire", "officier_ministeriel",
              "agent_general_assurance", "avocat")
HORS_TOTAL = ("taxe_frais_chambre", "versement_liberatoire")
# calc options that describe the situation (refused together with --situation)
OPTIONS_SITUATION = ("categorie", "revenu", "brut", "micro", "debut", "departement", "acre", "conjoint",
                     *(f"ca_{activite}" for activite in ACTIVITES), "conventionne", "secteur", "revenus_non_conventionnes",
                     "produits_office", "commissions_brutes")
# options giving a yearly input of the professions libérales réglementées: option → (variable, value read from the option)
OPTIONS_ANNUELLES_PL = {
    "conventionne": ("praticien_conventionne", lambda valeur: valeur),
    "secteur": ("secteur_conventionnel", lambda valeur: f"secteur_{valeur}"),
    "revenus_non_conventionnes": ("revenus_non_conventionnes", lambda valeur: valeur),
    "produits_office": ("produits_office", lambda valeur: valeur),
    "commissions_brutes": ("commissions_brutes", lambda valeur: valeur),
}
OPTIONS_VARIABLES = {"categorie_independant": "--categorie", "revenu_professionnel": "--revenu", "revenu_activite_brut": "--brut",
                     "date_debut_activite": "--debut", "departement": "--departement", "secteur_conventionnel": "--secteur",
                     "praticien_conventionne": "--conventionne", "revenus_non_conventionnes": "--revenus-non-conventionnes",
                     "produits_office": "--produits-office", "commissions_brutes": "--commissions-brutes",
                     **{f"chiffre_affaires_{a}": f"--ca-{a.replace('_', '-')}" for a in ACTIVITES}}
CENTIME = 0.005


class RefusCalc(Exception):
    """A situation `calc` refuses: one line on stderr, exit code 2."""


def _option(nom: str) -> str:
    return "--" + nom.replace("_", "-")


def _aplatir(erreur, options: bool, chemin=()) -> list[str]:
    """'path: message' for every message of a nested web-API error (one line each); the path is
    the calc option when the situation comes from the options."""
    if isinstance(erreur, dict):
        return [ligne for cle, valeur in erreur.items() for ligne in _aplatir(valeur, options, (*chemin, str(cle)))]
    nom = next((OPTIONS_VARIABLES[c] for c in chemin if c in OPTIONS_VARIABLES), None) if options else None
    return [f"{nom or '/'.join(chemin)}: {erreur}" if chemin else str(erreur)]


def _euros(montant: float) -> str:
    return f"{montant:,.2f}".replace(",", " ")


def _euros_entiers(montant: float) -> str:
    return (f"{montant:,.0f}" if float(montant).is_integer() else f"{montant:,.2f}").replace(",", " ") + " €"


def _pourcent(taux: float) -> str:
    return f"{100 * taux:.3f}".rstrip("0").rstrip(".") + " %"


def _lire_situation(chemin: str) -> dict:
    try:
        with open(chemin, encoding="utf-8") as fichier:
            situation = json.load(fichier)
    except FileNotFoundError:
        raise RefusCalc(f"--situation: no such file '{chemin}'") from None
    except (OSError, UnicodeDecodeError) as erreur:
        raise RefusCalc(f"--situation: cannot read '{chemin}': {erreur}") from None
    except json.JSONDecodeError as erreur:
        raise RefusCalc(f"--situation: '{chemin}' is not valid JSON: {erreur}") from None
    if not isinstance(situation, dict):
        raise RefusCalc(f"--situation: '{chemin}' must hold a JSON object (a situation of the web API)")
    return situation


def _touche_annee(cle, annee: int) -> bool:
    from openfisca_core import periods

    if cle == "ETERNITY":
        return False
    periode = periods.period(cle)
    return periode.start.year <= annee <= periode.stop.year


def _entrees_de_l_annee(situation: dict, annee: int) -> dict:
    """{(entity plural, id): names of the variables given a value for a period within `annee`, or for ETERNITY}."""
    entrees = {}
    for pluriel, instances in situation.items():
        if not isinstance(instances, dict):
            continue
        for ident, instance in instances.items():
            if not isinstance(instance, dict):
                continue
            entrees[(pluriel, ident)] = {
                nom for nom, valeurs in instance.items()
                if isinstance(valeurs, dict) and any(v is not None and (cle == "ETERNITY" or _touche_annee(cle, annee)) for cle, v in valeurs.items())
            }
    return entrees


def _situation(args: argparse.Namespace, tbs=None) -> dict:
    """The web-API situation described by the options (or read from --situation), after refusing
    contradictory options."""
    donnees = [("--non-conventionne" if getattr(args, o) is False else _option(o)) for o in OPTIONS_SITUATION
               if getattr(args, o) is not None and (getattr(args, o) is not False or o == "conventionne")]
    if args.situation:
        if donnees:
            raise RefusCalc(f"--situation describes the whole situation: do not give {', '.join(donnees)} with it")
        return _lire_situation(args.situation)
    activites = [_option(f"ca_{a}") for a in ACTIVITES if getattr(args, f"ca_{a}") is not None]
    if args.micro:
        for option in ("revenu", "brut"):
            if getattr(args, option) is not None:
                raise RefusCalc(f"--micro takes turnovers (--ca-*), not {_option(option)}: a micro-entrepreneur has no professional income input")
    else:
        if activites:
            raise RefusCalc(f"{', '.join(activites)} is a micro-entrepreneur turnover: add --micro (or give --revenu for the classic regime)")
        if args.revenu is not None and args.brut is not None:
            raise RefusCalc("give --revenu (revenu professionnel, after contributions) or --brut (revenu d'activité brut), not both")
        if args.revenu is None and args.brut is None:
            raise RefusCalc("give --revenu (revenu professionnel) or --brut (revenu d'activité brut, from 2025), or --micro with --ca-*")
    if args.brut is not None and tbs is not None and not tbs.parameters(f"{args.annee}-01-01").reforme_assiette.en_vigueur:
        raise RefusCalc(f"--brut: revenu_activite_brut is an input only from the 2025 assiette reform on, not in {args.annee}: give --revenu")
    if args.debut is not None:
        import datetime

        try:
            datetime.date.fromisoformat(args.debut)
        except ValueError:
            raise RefusCalc(f"--debut: '{args.debut}' is not a date (YYYY-MM-DD)") from None
    if args.departement is not None:
        import numpy

        from openfisca_independants.outils import verifier_departements

        verifier_departements(numpy.array([args.departement]))
    annee = str(args.annee)
    personne = {} if args.categorie is None else {"categorie_independant": {"ETERNITY": args.categorie}}
    if args.micro:
        personne["micro_entrepreneur"] = {annee: True}
        for activite in ACTIVITES:
            montant = getattr(args, f"ca_{activite}")
            if montant is not None:
                personne[f"chiffre_affaires_{activite}"] = {annee: montant}
    elif args.brut is not None:
        personne["revenu_activite_brut"] = {annee: args.brut}
    else:
        personne["revenu_professionnel"] = {annee: args.revenu}
    for option, variable in (("debut", "date_debut_activite"), ("departement", "departement")):
        if getattr(args, option) is not None:
            personne[variable] = {"ETERNITY": getattr(args, option)}
    if args.acre:
        personne["acre"] = {"ETERNITY": True}
    if args.conjoint:
        personne["conjoint_collaborateur"] = {annee: True}
    for option, (variable, valeur) in OPTIONS_ANNUELLES_PL.items():
        if getattr(args, option) is not None:
            personne[variable] = {annee: valeur(getattr(args, option))}
    return {"individus": {"personne": personne}, "foyers_fiscaux": {"foyer": {"declarants": ["personne"]}}}


class _Lecteur:
    """Values of one person of a simulation, for one year."""

    def __init__(self, simulation, annee: str, index: int):
        self.simulation, self.annee, self.index = simulation, annee, index

    def __call__(self, variable: str, periode=None):
        return self.simulation.calculate(variable, periode or self.annee)[self.index]

    def enum(self, variable: str, periode=None):
        return self.simulation.calculate(variable, periode or self.annee).decode()[self.index]

    def texte(self, variable: str, periode=None) -> str:
        valeur = self(variable, periode)
        return valeur.decode() if isinstance(valeur, bytes) else str(valeur)

    def annuel(self, variable: str) -> float:
        return float(self.simulation.calculate_add(variable, self.annee)[self.index])

    def mensuel(self, variable: str) -> list:
        return [self(variable, f"{self.annee}-{mois:02d}") for mois in range(1, 13)]

    def libelle(self, variable: str) -> str:
        return self.simulation.tax_benefit_system.variables[variable].label


# the D756-5 periods of the micro-social rates in the DROM, as calc names them
LIBELLES_PERIODES_OUTRE_MER = {
    "periode_1": "taux réduit des premiers trimestres d'activité",
    "periode_2": "taux réduit jusqu'à la 3e année civile d'activité",
    "periode_3": "taux réduit à partir de la 4e année civile d'activité",
}


def _periodes_de_mois(mois: list[int]) -> str:
    """'de janvier à juin' ("d'avril à juin") for consecutive months (1-12), else the list."""
    if len(mois) == 1:
        return f"en {MOIS[mois[0] - 1]}"
    if mois == list(range(mois[0], mois[-1] + 1)):
        debut = MOIS[mois[0] - 1]
        return f"{'d' + chr(39) if debut[0] in 'aeiouy' else 'de '}{debut} à {MOIS[mois[-1] - 1]}"
    return "en " + ", ".join(MOIS[m - 1] for m in mois)


def _taux_mensuels(taux: list[float], mois_actifs: list[int]) -> tuple[str, list[str]]:
    """The rate column and, when it changes in the year, a note per rate with its months."""
    valeurs = []
    for mois in mois_actifs:
        if not valeurs or abs(valeurs[-1][0] - taux[mois - 1]) > 1e-9:
            valeurs.append((float(taux[mois - 1]), [mois]))
        else:
            valeurs[-1][1].append(mois)
    colonne = " puis ".join(_pourcent(t) for t, _ in valeurs)
    notes = [", ".join(f"{_pourcent(t)} {_periodes_de_mois(m)}" for t, m in valeurs)] if len(valeurs) > 1 else []
    return colonne, notes


def _lignes_micro(lire: _Lecteur) -> list[tuple]:
    lignes = []
    chiffres = {a: lire.annuel(f"chiffre_affaires_{a}") for a in ACTIVITES}
    actives = [a for a in ACTIVITES if chiffres[a]] or []
    acre = [m for m, part in enumerate(lire.mensuel("micro_acre_part_a_payer"), 1) if part < 1]
    periodes = [lire.enum("micro_periode_outre_mer", f"{lire.annee}-{mois:02d}") for mois in range(1, 13)]
    for activite in actives:
        mensuel = lire.mensuel(f"chiffre_affaires_{activite}")
        mois_actifs = [m for m, montant in enumerate(mensuel, 1) if montant > 0]
        taux, notes = _taux_mensuels(lire.mensuel(f"taux_micro_{activite}"), mois_actifs)
        if set(acre) & set(mois_actifs):
            notes.append(f"ACRE : taux réduit {_periodes_de_mois(sorted(set(acre) & set(mois_actifs)))}")
        for periode, texte in LIBELLES_PERIODES_OUTRE_MER.items():
            mois = sorted(set(m for m, p in enumerate(periodes, 1) if p.name == periode) & set(mois_actifs))
            if mois:
                notes.append(f"outre-mer (art. D756-5) : {texte} {_periodes_de_mois(mois)}")
        nom = f"cotisations_micro_{activite}_annuelles"
        lignes.append((lire.libelle(nom), chiffres[activite], taux, lire.annuel(nom), notes))
    taux_cfp = {a: _taux_mensuels(lire.mensuel(f"formation_professionnelle_micro_taux_{a}"), list(range(1, 13)))[0] for a in actives}
    if len(set(taux_cfp.values())) <= 1:  # one rate, or no turnover at all
        colonne, notes = next(iter(taux_cfp.values()), ""), []
    else:
        colonne, notes = "selon l'activité", [", ".join(f"{NOMS_ACTIVITES[a]} {t}" for a, t in taux_cfp.items())]
    lignes.append((lire.libelle("formation_professionnelle"), lire("formation_professionnelle_assiette"), colonne or "-",
                   float(lire("formation_professionnelle")), notes))
    return lignes


def _note_annee_revenu(caisse: str, annee_caisse: int, annee_lue: int) -> str:
    """The income year the caisse reads, and the year the model read instead when it was not given."""
    if annee_lue == annee_caisse:
        return f"{caisse} : revenu {annee_caisse}"
    return f"{caisse} : revenu {annee_caisse}, à défaut celui de {annee_lue} (hypothèse de revenu stable)"


def _notes_ligne(lire: _Lecteur, ligne: str, base_brute: str, base: float, montant: float) -> list[str]:
    """Why a classic line differs from rate × the person's base."""
    notes = []
    tbs = lire.simulation.tax_benefit_system
    brute = float(lire(base_brute))
    if base > brute + CENTIME:
        notes.append("assiette minimale appliquée")
    elif base < brute - CENTIME:
        notes.append("plafond de l'assiette atteint")
    if f"{ligne}_taux_tranche_2" in tbs.variables and lire(f"{ligne}_taux_tranche_2"):
        notes.append(f"{_pourcent(lire(f'{ligne}_taux'))} jusqu'à la limite de la 1re tranche, "
                     f"{_pourcent(lire(f'{ligne}_taux_tranche_2'))} au-delà")
    if f"{ligne}_limitee_au_total_maladie" in tbs.variables and lire(f"{ligne}_limitee_au_total_maladie"):
        notes.append("limitée au total de la cotisation maladie-maternité, dont elle est une part")
    if f"{ligne}_classes" in tbs.variables and lire(f"{ligne}_classes"):
        notes.append(f"cotisation forfaitaire par classe ({lire.enum('caisse_retraite_complementaire').value.split(' (')[0]}), sans taux")
    if f"annee_revenu_caisse_{ligne}" in tbs.variables and (caisse := int(lire(f"annee_revenu_caisse_{ligne}"))) != int(lire.annee):
        notes.append(_note_annee_revenu(lire.enum("caisse_retraite_complementaire").name.upper(), caisse, int(lire(f"annee_revenu_{ligne}"))))
    avant = float(lire(f"{ligne}_avant_exonerations"))
    reste = avant - montant
    if f"{ligne}_exoneration_acre" in tbs.variables:
        acre = float(lire(f"{ligne}_exoneration_acre"))
        if acre > CENTIME:
            notes.append(f"ACRE : {_euros(acre)} € exonérés")
            reste -= acre
    if f"exoneration_outre_mer_{ligne}" in tbs.variables:
        outre_mer = float(lire(f"exoneration_outre_mer_{ligne}"))
        if outre_mer > CENTIME:
            motifs = [m for m, v in (("début d'activité, 24 premiers mois", lire("outre_mer_part_debut_activite")),
                                     ("abattement du régime de croisière", lire("outre_mer_abattement"))) if v]
            notes.append(f"exonération outre-mer ({', '.join(motifs)}) : {_euros(outre_mer)} € exonérés")
            reste -= outre_mer
    if reste > CENTIME and lire("pension_invalidite_part_annee"):
        notes.append(f"pension d'invalidité : {_euros(reste)} € exonérés")
    if lire("etablissement_mayotte") and not lire(f"{ligne}_taux") and not montant:
        notes.append("non due à Mayotte")
    return notes


def _notes_assurance_maladie(lire: _Lecteur, ligne: str, montant: float) -> list[str]:
    """A conventionné health professional's line shows the schedule's rate and an amount net of
    what the Assurance Maladie paid: say how much (variable <ligne>_prise_en_charge)."""
    if f"{ligne}_prise_en_charge" not in lire.simulation.tax_benefit_system.variables:
        return []
    prise_en_charge = float(lire(f"{ligne}_prise_en_charge"))
    if prise_en_charge <= CENTIME:
        return []
    notes = [f"avant prise en charge : {_euros(montant + prise_en_charge)} €, dont {_euros(prise_en_charge)} € pris en charge "
             "par l'Assurance Maladie (déjà déduits du montant)"]
    non_conventionnes = float(lire("revenus_non_conventionnes"))
    if ligne == "maladie_maternite" and non_conventionnes > CENTIME:
        notes.append(f"rien n'est pris en charge sur {_euros(non_conventionnes)} € de revenus non conventionnés (dépassements), "
                     "qui portent en plus la contribution additionnelle")
    return notes


def _ligne_pcv(lire: _Lecteur) -> list[tuple]:
    """The PCV/ASV row (practitioner's share, in the total), when it concerns the person."""
    praticien = float(lire("prestations_complementaires_vieillesse"))
    assurance_maladie = float(lire("prestations_complementaires_vieillesse_prise_en_charge"))
    if not praticien and not assurance_maladie:
        return []
    caisse = lire.enum("caisse_retraite_complementaire").value.split(" (")[0]
    notes = [f"régime de la {caisse} : forfait et, selon la caisse, part proportionnelle ; part du praticien"]
    if assurance_maladie > CENTIME:
        notes.append(f"part de l'Assurance Maladie : {_euros(assurance_maladie)} € (payée par elle, hors du montant)")
    return [(lire.libelle("prestations_complementaires_vieillesse"), None, "barème", praticien, notes)]


def _lignes_classiques(lire: _Lecteur) -> list[tuple]:
    lignes = []
    for ligne, base_brute in LIGNES_CLASSIQUES:
        montant = float(lire(ligne))
        base = float(lire(f"{ligne}_assiette"))
        classes = f"{ligne}_classes" in lire.simulation.tax_benefit_system.variables and lire(f"{ligne}_classes")
        taux = "classe" if classes else _pourcent(lire(f"{ligne}_taux"))
        if f"{ligne}_taux_tranche_2" in lire.simulation.tax_benefit_system.variables and lire(f"{ligne}_taux_tranche_2"):
            taux = f"{taux} / {_pourcent(lire(f'{ligne}_taux_tranche_2'))}"
        notes = _notes_ligne(lire, ligne, base_brute, base, montant)
        if ligne == "indemnites_journalieres" and lire("profession_liberale_reglementee") and not lire("affilie_cnavpl"):
            notes = ["non due par les avocats (CNBF, hors CNAVPL)"]
        lignes.append((lire.libelle(ligne), base, taux, montant, notes + _notes_assurance_maladie(lire, ligne, montant)))
        if ligne == "retraite_de_base":  # PCV/ASV: an old-age line of the health professionals, in cotisations_sociales
            lignes.extend(_ligne_pcv(lire))
    conjoint = float(lire("conjoint_collaborateur_cotisations"))
    if conjoint:
        lignes.append((lire.libelle("conjoint_collaborateur_cotisations"), float(lire("conjoint_collaborateur_base")), "barème", conjoint,
                       ["retraite de base, complémentaire, invalidité-décès et IJ du conjoint"]))
    base_csg = float(lire("assiette_csg_crds"))
    exoneration_csg = float(lire("exoneration_outre_mer_csg_crds"))
    for ligne in CONTRIBUTIONS:
        notes = [f"exonération outre-mer de l'assiette : {_euros(float(lire('assiette_csg_crds_exoneree_outre_mer')))} €"] if exoneration_csg > CENTIME else []
        lignes.append((lire.libelle(ligne), base_csg, _pourcent(lire(f"{ligne}_taux")), float(lire(ligne)), notes))
    lignes.append((lire.libelle("formation_professionnelle"), float(lire("formation_professionnelle_assiette")),
                   _pourcent(lire("formation_professionnelle_taux")), float(lire("formation_professionnelle")),
                   ["assiette forfaitaire : le PASS de l'année"]))
    curps = float(lire("contribution_curps"))
    if curps:
        base, taux = float(lire("assiette_cotisations")), float(lire("contribution_curps_taux"))
        notes = ["plafonnée à une fraction du PASS : plafond atteint"] if curps < taux * max(base, 0) - CENTIME else []
        lignes.append((lire.libelle("contribution_curps"), base, _pourcent(taux), curps, notes))
    if lire("etablissement_mayotte"):
        lignes.append((lire.libelle("contribution_maladie_mayotte"), float(lire("assiette_cotisations")),
                       _pourcent(lire("contribution_maladie_mayotte_taux")), float(lire("contribution_maladie_mayotte")), []))
    return lignes


def _en_tete(lire: _Lecteur, entrees: set, micro: bool) -> list[str]:
    """The assumed year, category, regime and income, then what else shapes the result."""
    categorie = lire.enum("categorie_independant", "ETERNITY")
    morceaux = [lire.annee, f"{categorie.name} ({categorie.value})"]
    notes = []
    if "categorie_independant" not in entrees:
        notes.append(f"note: no category given: {categorie.name} is assumed (the model's default)")
    if micro:
        morceaux.append("micro-entrepreneur")
        chiffres = [(a, lire.annuel(f"chiffre_affaires_{a}")) for a in ACTIVITES]
        donnes = [(a, c) for a, c in chiffres if f"chiffre_affaires_{a}" in entrees or c]
        if donnes:
            morceaux.append("chiffre d'affaires " + ", ".join(f"{NOMS_ACTIVITES[a]} {_euros_entiers(c)}" for a, c in donnes))
        else:
            morceaux.append("chiffre d'affaires 0 €")
            notes.append(f"note: no turnover given for {lire.annee}: a turnover of 0 € is assumed (nothing is due on it)")
    else:
        morceaux.append("régime classique")
        if "revenu_activite_brut" in entrees:
            morceaux.append(f"revenu d'activité brut {_euros_entiers(lire('revenu_activite_brut'))}")
        else:
            morceaux.append(f"revenu professionnel {_euros_entiers(lire('revenu_professionnel'))}")
            if lire.simulation.tax_benefit_system.parameters(f"{lire.annee}-01-01").reforme_assiette.en_vigueur:
                morceaux.append(f"revenu d'activité brut déduit {_euros_entiers(round(float(lire('revenu_activite_brut')), 2))}")
            if "revenu_professionnel" not in entrees:
                notes.append(f"note: no professional income given for {lire.annee}: 0 € is assumed")
    lignes = [" · ".join(morceaux)]
    autres = [f"département {lire.texte('departement', 'ETERNITY')}", f"début d'activité {lire.texte('date_debut_activite', 'ETERNITY')}"]
    if lire("acre"):
        autres.append("ACRE")
    if lire("conjoint_collaborateur"):
        autres.append("conjoint collaborateur")
    jours = int(lire("jours_activite"))
    from openfisca_core import periods

    jours_annee = periods.period(lire.annee).size_in_days
    if 0 < jours < jours_annee:
        autres.append(f"année incomplète : {jours} jours d'activité sur {jours_annee}")
    lignes.append(" · ".join(autres))
    if not jours:
        lignes.append(f"aucune activité en {lire.annee} : rien n'est dû")
    return lignes + notes


def _tableau(lignes: list[tuple], total: tuple, hors_total: list[tuple], revenus: list[tuple] = ()) -> str:
    largeur = max(len(libelle) for libelle, *_ in [*lignes, total, *hors_total, *revenus])
    largeur_taux = max([len("taux"), *(len(taux) for _, _, taux, _, _ in lignes)])
    texte = [f"{'ligne':<{largeur}}  {'assiette (€)':>14}  {'taux':>{largeur_taux}}  {'montant (€)':>12}"]
    for libelle, base, taux, montant, notes in lignes:
        assiette = "" if base is None else _euros(base)
        texte.append(f"{libelle:<{largeur}}  {assiette:>14}  {taux:>{largeur_taux}}  {_euros(montant):>12}")
        texte.extend(f"    ↳ {note}" for note in notes)
    for libelle, montant in [total, *hors_total, *revenus]:
        texte.append(f"{libelle:<{largeur}}  {'':>14}  {'':>{largeur_taux}}  {_euros(montant):>12}")
    return "\n".join(texte)


def _detail(simulation, annee: str, index: int, entrees: set) -> str:
    lire = _Lecteur(simulation, annee, index)
    micro = bool(lire("micro_entrepreneur"))
    en_tete = _en_tete(lire, entrees, micro)
    total = (lire.libelle("total_cotisations_contributions"), float(lire("total_cotisations_contributions")))
    revenus = [(lire.libelle(nom), float(lire(nom))) for nom in ("revenu_net_cotisations", "revenu_imposable_activite")]
    if not lire("activite_dans_l_annee"):  # nothing is due: no line to explain
        return "\n".join([*en_tete, _tableau([], total, [], revenus)])
    lignes = _lignes_micro(lire) if micro else _lignes_classiques(lire)
    hors_total = []
    if micro:
        hors_total = [(f"{lire.libelle(nom)} (hors total)", lire.annuel(nom)) for nom in HORS_TOTAL if lire.annuel(nom)]
    else:
        exoneration = float(lire("exoneration_outre_mer"))
        if exoneration:
            hors_total.append((f"{lire.libelle('exoneration_outre_mer')} (non dû)", exoneration))
        prise_en_charge = float(lire("prise_en_charge_assurance_maladie"))
        if prise_en_charge:
            hors_total.append((f"{lire.libelle('prise_en_charge_assurance_maladie')} (déjà déduites)", prise_en_charge))
    return "\n".join([*en_tete, _tableau(lignes, total, hors_total, revenus)])


def calc(args: argparse.Namespace) -> int:
    """One situation: a readable breakdown, each line with its base, legal rate and why it differs."""
    try:
        texte = _calc(args)
    except RefusCalc as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    try:
        print(texte)
        sys.stdout.flush()
    except BrokenPipeError:  # `calc … | head`: the reader is gone, nothing more to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _systeme_et_categorie(args: argparse.Namespace):
    """The tax-benefit system (with --reforme), after checking --categorie."""
    from openfisca_independants.microsimulation import systeme

    try:
        tbs = systeme(args.reforme)
    except ValueError as erreur:
        raise RefusCalc(str(erreur)) from None
    if not args.situation and args.categorie is not None:
        categories = [c.name for c in tbs.variables["categorie_independant"].possible_values]
        if args.categorie not in categories:
            raise RefusCalc(f"--categorie: '{args.categorie}' is not a known category; possible values: {', '.join(categories)}")
    return tbs


@contextlib.contextmanager
def _refus_du_modele(args: argparse.Namespace):
    """The model's and the situation parser's refusals, as one-line RefusCalc."""
    from openfisca_core.errors import ParameterNotFoundError, PeriodMismatchError, SituationParsingError, VariableNotFoundError

    from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
    from openfisca_independants.web_api import RequeteInvalide, _hors_legislation

    try:
        yield
    except RequeteInvalide as erreur:
        raise RefusCalc("; ".join(_aplatir(erreur.error, not args.situation))) from None
    except (SituationParsingError, PeriodMismatchError) as erreur:
        raise RefusCalc("; ".join(_aplatir(erreur.error, not args.situation))) from None
    except VariableNotFoundError as erreur:
        raise RefusCalc(erreur.message.strip().splitlines()[0]) from None
    except ParameterNotFoundError as erreur:
        raise RefusCalc(_hors_legislation(erreur)) from None
    except EntreeInvalide as erreur:
        nom = erreur.variable if args.situation else OPTIONS_VARIABLES.get(erreur.variable, erreur.variable)
        raise RefusCalc(f"{nom}: {erreur.message}") from None
    except SituationNonModelisee as erreur:
        raise RefusCalc(f"not computed: {erreur}") from None
    except ValueError as erreur:
        raise RefusCalc(str(erreur)) from None


def objectif(args: argparse.Namespace) -> int:
    """The income leaving a target revenu_net_cotisations (contract): one line, or one JSON object with --json."""
    try:
        variable, revenu, net = _objectif(args)
    except RefusCalc as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({variable: round(revenu, 2), "revenu_net_cotisations": round(net, 2)}))
    else:
        print(f"{variable} = {_euros(revenu)} € → revenu_net_cotisations = {_euros(net)} € ({args.annee})")
    return 0


def _objectif(args: argparse.Namespace) -> tuple[str, float, float]:
    from openfisca_core.errors import ParameterNotFoundError

    from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
    from openfisca_independants.microsimulation import systeme
    from openfisca_independants.objectif import revenu_pour_net
    from openfisca_independants.web_api import RequeteInvalide, _hors_legislation, valider_situation

    if args.situation is None:
        if args.micro:
            if args.activite is None:
                raise RefusCalc("--micro: give --activite, the activity whose turnover is searched")
            if getattr(args, f"ca_{args.activite}") is None:
                setattr(args, f"ca_{args.activite}", 0.0)  # searched: any value
        else:
            if args.activite is not None:
                raise RefusCalc("--activite is for a micro-entrepreneur's turnover: add --micro")
            if args.revenu is None and args.brut is None:
                args.revenu = 0.0  # searched: any value
    try:
        tbs = systeme(args.reforme)
        situation = _situation(args, tbs)
        valider_situation(tbs, situation)
        if len(situation.get("individus", {})) != 1:
            raise RefusCalc("objectif searches the income of one person: give a situation with one individu")
        resultat = revenu_pour_net(situation, args.annee, args.net, activite=args.activite, tbs=tbs)
    except RequeteInvalide as erreur:
        raise RefusCalc("; ".join(_aplatir(erreur.error, not args.situation))) from None
    except ParameterNotFoundError as erreur:
        raise RefusCalc(_hors_legislation(erreur)) from None
    except EntreeInvalide as erreur:
        nom = "--net" if erreur.variable == "objectif_revenu_net_cotisations" else OPTIONS_VARIABLES.get(erreur.variable, erreur.variable)
        raise RefusCalc(f"{nom}: {erreur.message}") from None
    except SituationNonModelisee as erreur:
        raise RefusCalc(f"not computed: {erreur}") from None
    except ValueError as erreur:
        raise RefusCalc(str(erreur)) from None
    return resultat.variable, float(resultat.revenu[0]), float(resultat.net[0])


def _calc(args: argparse.Namespace) -> str:
    from openfisca_core.simulations import SimulationBuilder

    from openfisca_independants.web_api import valider_situation

    tbs = _systeme_et_categorie(args)
    annee = str(args.annee)
    with _refus_du_modele(args):
        situation = _situation(args, tbs)
        valider_situation(tbs, situation)
        entrees = _entrees_de_l_annee(situation, args.annee)
        if args.situation and not any(_touche_annee(cle, args.annee) for instances in situation.values() if isinstance(instances, dict)
                                      for instance in instances.values() if isinstance(instance, dict)
                                      for valeurs in instance.values() if isinstance(valeurs, dict)
                                      for cle, valeur in valeurs.items() if valeur is not None):
            raise RefusCalc(f"--situation: '{args.situation}' gives no input for {annee}: "
                            "choose the year of its inputs with --annee, or add the inputs of that year")
        simulation = SimulationBuilder().build_from_entities(tbs, situation)
        population = simulation.get_population("individus")
        return "\n\n".join(
            (f"— {ident} —\n" if population.count > 1 else "") + _detail(simulation, annee, index, entrees.get(("individus", ident), set()))
            for index, ident in enumerate(population.ids)
        )


def _revenus_par_annee(texte: str) -> dict:
    """`--revenu` of echeancier: YEAR=AMOUNT pairs separated by commas, or one amount for every year."""
    revenus = {}
    for morceau in texte.split(","):
        annee, egal, montant = morceau.strip().rpartition("=")
        try:
            revenus[_annee(annee) if egal else None] = float(montant)
        except (ValueError, argparse.ArgumentTypeError):
            raise argparse.ArgumentTypeError(f"expects YEAR=AMOUNT pairs separated by commas (e.g. 2022=30000,2023=36000) or one amount, got '{texte}'") from None
    if None in revenus and len(revenus) > 1:
        raise argparse.ArgumentTypeError(f"give either one amount or YEAR=AMOUNT pairs, not both: '{texte}'")
    return revenus


def _situation_echeancier(args: argparse.Namespace, tbs) -> dict:
    """The situation of `echeancier`: that of calc's options, with the incomes of several years
    and the yearly options given for the years N−2 to N."""
    if args.situation:
        return _situation(args, tbs)
    annees = range(args.annee - tbs.parameters(f"{args.annee}-01-01").echeancier.decalage_revenu_initial, args.annee + 1)
    revenus = {}
    for option in ("revenu", "brut"):
        valeurs = getattr(args, option)
        if valeurs is not None:
            revenus[option] = {str(a): valeurs[None] for a in annees} if None in valeurs else {str(a): v for a, v in valeurs.items()}
    if args.revenu is not None and args.brut is not None and set(revenus["revenu"]) & set(revenus["brut"]):
        raise RefusCalc("--revenu and --brut give the same year: one income per year")
    for annee in revenus.get("brut", {}):
        if not tbs.parameters(f"{annee}-01-01").reforme_assiette.en_vigueur:
            raise RefusCalc(f"--brut: revenu_activite_brut is an input only from the 2025 assiette reform on, not in {annee}: give --revenu")
    simple = argparse.Namespace(**vars(args))
    simple.revenu = None if args.revenu is None else 0.0
    simple.brut = None
    if args.revenu is None and args.brut is not None:
        simple.revenu = 0.0
    situation = _situation(simple, None)
    personne = situation["individus"]["personne"]
    personne.pop("revenu_professionnel", None)
    for option, variable in (("revenu", "revenu_professionnel"), ("brut", "revenu_activite_brut")):
        if option in revenus:
            personne[variable] = revenus[option]
    for variable, valeurs in personne.items():  # the yearly options of calc hold for each year of the schedule
        if variable not in ("revenu_professionnel", "revenu_activite_brut") and list(valeurs) == [str(args.annee)]:
            valeurs.update({str(a): valeurs[str(args.annee)] for a in annees})
    return situation


def _tableau_echeancier(simulation, annee: int, index: int, tbs) -> str:
    p = tbs.parameters(f"{annee}-01-01").echeancier
    lire = lambda variable, periode: float(simulation.calculate(variable, periode)[index])  # noqa: E731
    trimestriel = bool(simulation.calculate("paiement_trimestriel", str(annee))[index])
    jours = " or the ".join(f"{int(j)}th" for j in p.jours_prelevement_mensuel)
    rang = int(simulation.calculate("annee_activite", str(annee))[index])
    forfait = bool(simulation.calculate("debut_activite_forfait_applicable", str(annee))[index])
    base_initiale = "start-of-activity forfait" if forfait else f"income of {annee - p.decalage_revenu_initial}"
    if p.appels_sans_reforme_assiette:
        base_initiale += ", rules before the 2025 assiette reform"
    en_tete = [
        f"Payment schedule {annee} (classic regime), {'quarterly instalments' if trimestriel else f'monthly debits on the {jours}'}",
        f"  provisional {annee}, first calls ({base_initiale}): {_euros(lire('cotisations_provisionnelles_initiales', str(annee)))}",
    ]
    if rang > 1:
        anciennes = ", rules before the 2025 assiette reform" if p.appels_sans_reforme_assiette else ""
        en_tete.append(f"  provisional {annee} recalculated on the income of {annee - 1} once declared (from month {int(p.mois_recalcul)}{anciennes}): "
                       f"{_euros(lire('cotisations_provisionnelles_appelees', str(annee)))}")
        precedente = str(annee - 1)
        en_tete.append(
            f"  regularisation {precedente}: definitive {_euros(lire('total_cotisations_contributions', precedente))} − called "
            f"{_euros(lire('cotisations_provisionnelles_appelees', precedente))} = {_euros(lire('regularisation_cotisations', precedente))}"
        )
    lignes = [("month", f"provisional {annee}", f"regularisation {annee - 1}", "debit")]
    totaux = [0.0, 0.0, 0.0]
    from openfisca_independants.dates import MOIS_PAR_AN

    for mois in range(1, MOIS_PAR_AN + 1):
        periode = f"{annee}-{mois:02d}"
        valeurs = [lire("echeance_provisionnelle", periode), lire("echeance_regularisation", periode), lire("echeance_mensuelle", periode)]
        totaux = [t + v for t, v in zip(totaux, valeurs)]
        lignes.append((periode, *(_euros(v) for v in valeurs)))
    lignes.append(("total", *(_euros(t) for t in totaux)))
    largeurs = [max(len(ligne[i]) for ligne in lignes) for i in range(4)]
    corps = [f"{l[0]:<{largeurs[0]}}  " + "  ".join(f"{c:>{largeurs[i + 1]}}" for i, c in enumerate(l[1:])) for l in lignes]
    return "\n".join([*en_tete, "", *corps])


def _echeancier(args: argparse.Namespace) -> str:
    from openfisca_core.simulations import SimulationBuilder

    from openfisca_independants.web_api import valider_situation

    tbs = _systeme_et_categorie(args)
    with _refus_du_modele(args):
        situation = _situation_echeancier(args, tbs)
        if args.trimestriel:
            for personne in situation.get("individus", {}).values():
                personne["paiement_trimestriel"] = {str(args.annee): True}
        valider_situation(tbs, situation)
        simulation = SimulationBuilder().build_from_entities(tbs, situation)
        population = simulation.get_population("individus")
        return "\n\n".join(
            (f"— {ident} —\n" if population.count > 1 else "") + _tableau_echeancier(simulation, args.annee, index, tbs)
            for index, ident in enumerate(population.ids)
        )


def echeancier(args: argparse.Namespace) -> int:
    """The twelve months of year N: what the URSSAF debits, provisional part and regularisation part."""
    try:
        texte = _echeancier(args)
    except RefusCalc as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    try:
        print(texte)
        sys.stdout.flush()
    except BrokenPipeError:  # `echeancier … | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _erreur_d_usage(sous_parseur: argparse.ArgumentParser):
    """argparse's error for the calc options, in one line."""

    def erreur(message: str):
        sous_parseur.exit(2, f"{sous_parseur.prog}: error: {message}\n")

    return erreur


# Exit codes of `batch` (listed in its --help, the README and `batch`'s docstring).
SORTIE_LIGNES_INVALIDES = 1
SORTIE_USAGE = 2
SORTIE_ANNEE_HORS_MODELE = 3
SORTIE_ECRITURE_IMPOSSIBLE = 4
SORTIE_INTERROMPU = 130  # Ctrl-C (SIGINT)
SORTIE_TERMINE = 143  # SIGTERM
CODES_BATCH = ("Exit codes: 0 every row computed; 1 some rows invalid (reported by row and column in <sortie>.erreurs.csv, "
               "the others computed); 2 usage error (a file, column, variable or option refused); 3 the year is outside "
               "the model's legislation (no row computable that year); 4 the output cannot be written (disk full, no "
               "permission); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). From 2 on: one line on stderr, nothing "
               "written, no temporary file left (a run killed by SIGKILL leaves one, removed by the next run in that folder).")


def _message(erreur: BaseException) -> str:
    if isinstance(erreur, OSError) and erreur.strerror:
        message = f"{erreur.filename}: {erreur.strerror}" if erreur.filename else erreur.strerror
    else:
        message = str(erreur).strip() or type(erreur).__name__
    return f"error: {message.splitlines()[0]}"


def batch(args: argparse.Namespace) -> int:
    """Exit code 0: every row computed; 1: some rows invalid (reported, the others computed);
    2: usage error (a file, column, variable or option refused); 3: the year is outside the model's
    legislation (HorsLegislation: no row computable that year); 4: the output or its error report
    cannot be written (ErreurEcriture: disk full, no permission); 130: interrupted (Ctrl-C);
    143: terminated (SIGTERM). From 2 on: one line on stderr, nothing written, the temporaries removed."""
    from openfisca_independants import batch as moteur
    from openfisca_independants.microsimulation import HorsLegislation

    variables = args.variables or ["total_cotisations_contributions"]
    try:
        with moteur.interrompre_sur_sigterm():
            if args.engine == "dask":
                erreurs = moteur.executer_dask(args.entree, args.sortie, args.annee, variables, scheduler=args.scheduler,
                                               workers=args.workers, taille_lot=args.taille_lot, progression=not args.quiet,
                                               reforme=args.reforme)
            else:
                erreurs = moteur.executer(args.entree, args.sortie, args.annee, variables, taille_lot=args.taille_lot,
                                          progression=not args.quiet, reforme=args.reforme)
            if len(erreurs):
                fichier = moteur.ecrire_erreurs(erreurs, args.entree, args.sortie)
    except HorsLegislation as erreur:
        print(_message(erreur), file=sys.stderr)
        return SORTIE_ANNEE_HORS_MODELE
    except moteur.ErreurEcriture as erreur:
        print(_message(erreur), file=sys.stderr)
        return SORTIE_ECRITURE_IMPOSSIBLE
    except (ValueError, OSError) as erreur:  # ColonneManquante, ErreurFichier, SituationNonModelisee…
        print(_message(erreur), file=sys.stderr)
        return SORTIE_USAGE
    except moteur.Interruption:
        print("terminated (SIGTERM): nothing written", file=sys.stderr)
        return SORTIE_TERMINE
    except KeyboardInterrupt:
        print("interrupted: nothing written", file=sys.stderr)
        return SORTIE_INTERROMPU
    if len(erreurs):
        moteur.rapport_erreurs(erreurs)
        print(f"full error report: {fichier}", file=sys.stderr)
        return SORTIE_LIGNES_INVALIDES
    return 0


def plot(args: argparse.Namespace) -> int:
    """Effective contribution rate by income (classic regime) and by turnover (micro-entrepreneurs),
    for each category and year, as an image (PNG, SVG, PDF…)."""
    from matplotlib.backend_bases import FigureCanvasBase

    from openfisca_independants.graphiques import ErreurGraphique, figure_taux_effectifs

    sortie = Path(args.sortie)
    formats = FigureCanvasBase.get_supported_filetypes()
    if sortie.suffix.lower().lstrip(".") not in formats:
        return _erreur_une_ligne(f"--sortie {sortie}: not an image file name (extensions: {', '.join(sorted(formats))})")
    if not sortie.parent.is_dir():
        return _erreur_une_ligne(f"--sortie {sortie}: folder '{sortie.parent}' does not exist")
    if not 2 <= args.points <= POINTS_MAX:
        return _erreur_une_ligne(f"--points {args.points}: between 2 and {POINTS_MAX} points per curve")
    if not 0 < args.revenu_min < args.revenu_max or not math.isfinite(args.revenu_max):
        return _erreur_une_ligne(f"--revenu-min {args.revenu_min:g} / --revenu-max {args.revenu_max:g}: "
                      "need 0 < revenu-min < revenu-max (the rate divides by the income)")
    from openfisca_independants.outils import BORNE_MONTANT

    if args.revenu_max > BORNE_MONTANT:
        return _erreur_une_ligne(f"--revenu-max {args.revenu_max:g}: absurd value, beyond ±{BORNE_MONTANT:.0e}")
    if not 0 < args.taux_max < math.inf:
        return _erreur_une_ligne(f"--taux-max {args.taux_max:g}: the top of the rate axis must be above 0")
    import numpy

    from openfisca_independants.graphiques import REGIMES, sans_micro

    regimes = args.regimes
    if regimes is None:  # not asked: a micro row only for the categories that have one
        regimes = [r for r in REGIMES if r == "classique" or len(sans_micro(args.categories)) < len(args.categories)]
    try:
        figure = figure_taux_effectifs(args.annees, args.categories, numpy.linspace(args.revenu_min, args.revenu_max, args.points),
                                       regimes=regimes, taux_max=args.taux_max, omettre_sans_micro=args.regimes is None)
        figure.savefig(sortie, dpi=110)
    except ErreurGraphique as erreur:
        return _erreur_une_ligne(str(erreur))
    except OSError as erreur:
        return _erreur_une_ligne(f"--sortie {sortie}: {erreur.strerror or erreur}")
    if args.regimes is None and sans_micro(args.categories):
        print(f"note: no micro-entrepreneur curve for {', '.join(sans_micro(args.categories))}: the micro-social regime "
              "is closed to them (CSS L613-7)", file=sys.stderr)
    print(f"written: {sortie}")
    return 0


POINTS_MAX = 10_000  # points per curve: far more than a chart shows, and a bounded memory


def _erreur_une_ligne(message: str, code: int = 2) -> int:
    """A refusal: one line on stderr, a non-zero exit code."""
    print(f"error: {message}", file=sys.stderr)
    return code


def _source_opendata(args):
    from openfisca_independants.opendata import FICHIER_SECTEURS
    from openfisca_independants.opendata.client import Client

    if args.dataset:
        client = Client(base_url=args.base_url, cache=args.cache, timeout=args.timeout)
        return client.exporter(args.dataset, rafraichir=args.rafraichir)
    return Path(args.source) if args.source else FICHIER_SECTEURS


def opendata_estimate(args: argparse.Namespace) -> int:
    """Estimated micro-social contributions per cell and quarter, from URSSAF open data, compared
    with the published aggregates."""
    from openfisca_independants.opendata import ErreurDonnees, charger
    from openfisca_independants.opendata.client import ErreurTelechargement
    from openfisca_independants.opendata.comparaison import comparer, graphique, millesime, tableau
    from openfisca_independants.opendata.estimation import estimer, graphiques, parts_deduites_covid, resume
    from openfisca_independants.opendata.population import parts_nationales, population
    from openfisca_independants.opendata.reglages import Reglages, agregats_publies, lire_recours

    try:
        reglages = _reglages_opendata(args, Reglages, lire_recours)
        chemin = _source_opendata(args)
        donnees = charger(chemin)
        parts = parts_covid = None
        if "secteur_d_activite_me" not in donnees.columns:
            from openfisca_independants.opendata import FICHIER_SECTEURS

            secteurs = charger(args.parts_source or FICHIER_SECTEURS)
            parts = parts_nationales(secteurs)
            parts_covid = parts_deduites_covid(secteurs, reglages)
        table = population(donnees, parts)
        if "code_departement" in table.columns:
            table["departement"] = table["code_departement"]
            connus = ~table["departement"].isin(["976"])  # Mayotte: micro rates not in the sources
            if not connus.all():
                print(f"note: {(~connus).sum()} Mayotte cells left out (micro-social rates of Mayotte not in the sources)", file=sys.stderr)
                table = table[connus].reset_index(drop=True)
                table.attrs["cle"] = "code_departement"
        estimations = estimer(table, systeme_opendata(args), reglages, parts_covid)
    except (ErreurDonnees, ErreurTelechargement, ValueError) as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    except KeyError as erreur:
        return _erreur_une_ligne(f"{args.source or args.dataset}: not an auto-entrepreneurs dataset (no column {erreur})")
    except OSError as erreur:
        return _erreur_une_ligne(f"{erreur.filename or args.source}: {erreur.strerror or erreur}")
    dossier = _dossier_de_sortie(args.out)
    if dossier is None:
        return 2
    from openfisca_independants.graphiques import SOURCE_OPENDATA
    from openfisca_independants.opendata.population import NOTE_PROFESSIONS_REGLEMENTEES

    mention = f"{SOURCE_OPENDATA} ; export {args.dataset or 'auto-entrepreneurs-par-secteur-dactivite'} ({millesime(chemin)})"
    estimations.to_csv(dossier / "estimates.csv", index=False)
    if args.parquet:
        estimations.to_parquet(dossier / "estimates.parquet", index=False)
    chemins = graphiques(estimations, dossier, mention)
    comparaison = comparer(estimations, agregats_publies())
    comparaison.to_csv(dossier / "comparaison.csv", index=False)
    chemins.append(graphique(comparaison, estimations, dossier, mention + " ; publiés : Urssaf/Acoss, Cour des comptes"))
    notes = [NOTE_PROFESSIONS_REGLEMENTEES, *reglages.notes()]
    if estimations.attrs.get("drom_au_taux_de_metropole"):
        notes.append(f"{estimations.attrs['drom_au_taux_de_metropole']} DROM cells before 2017 at the metropolitan rates "
                     "(the model has the DROM micro rates of D756-5 from 2017 only)")
    (dossier / "notes.txt").write_text("\n".join(notes) + "\n", encoding="utf-8")
    print(resume(estimations))
    print(tableau(comparaison))
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print("written: " + ", ".join(str(p) for p in [dossier / "estimates.csv", dossier / "comparaison.csv", dossier / "notes.txt", *chemins]))
    return 0


def _reglages_opendata(args, Reglages, lire_recours):
    """The estimate's settings: the shipped defaults, overridden by the options given."""
    changements = {}
    if args.acre_recours:
        changements["recours_acre"] = lire_recours(args.acre_recours)
    for option, champ in (("part_drom", "part_drom"), ("recours_covid", "recours_covid"), ("recours_vl", "recours_versement_liberatoire"),
                          ("part_decalee", "part_decalee"), ("taux_recouvrement", "taux_recouvrement")):
        if getattr(args, option) is not None:
            changements[champ] = getattr(args, option)
    if args.encaissement:
        changements["encaissement"] = True
    return Reglages.defaut().avec(**changements)


def _dossier_de_sortie(chemin: str) -> Path | None:
    """The output folder, created if needed; None (after a one-line error) when it cannot be."""
    dossier = Path(chemin)
    try:
        dossier.mkdir(parents=True, exist_ok=True)
    except OSError as erreur:
        _erreur_une_ligne(f"--out {chemin}: {erreur.strerror or erreur}")
        return None
    return dossier


def systeme_opendata(args):
    from openfisca_independants.microsimulation import systeme

    return systeme(args.reforme)


def opendata_counts(args: argparse.Namespace) -> int:
    """Tables and a chart of the TI-par-département datasets."""
    from openfisca_independants.opendata import ErreurDonnees, charger
    from openfisca_independants.opendata.client import ErreurTelechargement
    from openfisca_independants.opendata.comptes import comptes, graphique

    try:
        donnees = charger(_source_opendata(args))
        if "type_de_travailleur_independant" not in donnees.columns:
            raise ValueError(f"{donnees.attrs.get('dataset')}: not a travailleurs-indépendants dataset")
    except (ErreurDonnees, ErreurTelechargement, ValueError) as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    except OSError as erreur:
        return _erreur_une_ligne(f"{erreur.filename or args.source}: {erreur.strerror or erreur}")
    dossier = _dossier_de_sortie(args.out)
    if dossier is None:
        return 2
    tables = comptes(donnees)
    for nom, table in tables.items():
        table.to_csv(dossier / f"{nom}.csv", index=False)
    chemin = graphique(tables, dossier)
    print(tables["comptes_nationaux"].to_string(index=False))
    print(f"written: {', '.join(str(dossier / (nom + '.csv')) for nom in tables)}, {chemin}")
    return 0


def opendata_classiques(args: argparse.Namespace) -> int:
    """Classic-regime independent workers rebuilt from INSEE's income quantiles by sector, their
    contributions computed by the model, compared with the published mean and total income."""
    from openfisca_independants.graphiques import SOURCE_OPENDATA
    from openfisca_independants.opendata import classiques
    from openfisca_independants.opendata.reglages import agregats_publies

    try:
        table = classiques.distribution(args.source or classiques.FICHIER_DISTRIBUTION)
    except (ValueError, KeyError) as erreur:
        return _erreur_une_ligne(f"{args.source}: {erreur}")
    except OSError as erreur:
        return _erreur_une_ligne(f"{erreur.filename or args.source}: {erreur.strerror or erreur}")
    dossier = _dossier_de_sortie(args.out)
    if dossier is None:
        return 2
    estimations = classiques.estimer(classiques.population(table), systeme_opendata(args))
    tableau = classiques.par_secteur(estimations)
    comparaison = classiques.comparer(tableau, agregats_publies())
    tableau.to_csv(dossier / "classiques.csv", index=False)
    comparaison.to_csv(dossier / "classiques_comparaison.csv", index=False)
    mention = SOURCE_OPENDATA.replace("Urssaf, open data (ODbL)", "Insee, Emploi et revenus des indépendants, éd. 2025 (revenus 2022)")
    chemin = classiques.graphique(tableau, dossier, mention)
    print(tableau.assign(**{c: tableau[c] / 1e9 for c in ("revenu_total", "cotisations_sociales", "total_cotisations_contributions")})
          .round(2).to_string(index=False))
    print(comparaison[["concept", "modele", "publie", "ratio"]].round(3).to_string(index=False))
    print("note: the health sector's contributions are not estimated (médecins, auxiliaires médicaux, dentists, pharmacists: "
          "each caisse its own rules, no split sourced); deficits count as 0", file=sys.stderr)
    print(f"written: {dossier / 'classiques.csv'}, {dossier / 'classiques_comparaison.csv'}, {chemin}")
    return 0


class Analyseur(argparse.ArgumentParser):
    """argparse with one-line usage errors (the usage is in --help), like every other refusal."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def version() -> str:
    """The installed package's version (from its metadata: written once, in setup.cfg)."""
    from openfisca_independants.graphiques import version_paquet

    return version_paquet()


def _annee(texte: str) -> int:
    """A calendar year as OpenFisca periods write it (four digits); the legislation's own range
    is checked by the model (its parameters), not here."""
    from openfisca_core import periods

    try:
        valeur = int(texte)
        periods.period(str(valeur))
    except (ValueError, TypeError):
        valeur = 0
    if not 1000 <= valeur <= 9999:
        raise argparse.ArgumentTypeError(f"expects a year such as 2024, got '{texte}'")
    return valeur


def _dataset(texte: str) -> str:
    from openfisca_independants.opendata.client import verifier_dataset

    try:
        return verifier_dataset(texte)
    except ValueError as erreur:
        raise argparse.ArgumentTypeError(str(erreur)) from None


def _base_url(texte: str) -> str:
    from openfisca_independants.opendata.client import verifier_base_url

    try:
        return verifier_base_url(texte)
    except ValueError as erreur:
        raise argparse.ArgumentTypeError(str(erreur)) from None


def _positif(texte: str) -> int:
    try:
        valeur = int(texte)
    except ValueError:
        valeur = 0
    if valeur < 1:
        raise argparse.ArgumentTypeError(f"expects a positive whole number, got '{texte}'")
    return valeur



def _options_situation(sous, type_revenu=float, aide_revenu=None, aide_brut=None):
    """The options describing a situation, shared by calc and echeancier."""
    sous.add_argument("--categorie", help=f"categorie_independant: {', '.join(CATEGORIES)} (default commercant, said above the table)")
    sous.add_argument("--revenu", type=type_revenu, help=aide_revenu or "revenu professionnel (classic regime; give it or --brut)")
    sous.add_argument("--brut", type=type_revenu, help=aide_brut or "revenu_activite_brut (classic regime, from the 2025 assiette reform on), instead of --revenu")
    sous.add_argument("--micro", action="store_true", help="micro-entrepreneur (give the yearly turnovers with --ca-*; none given means 0 €)")
    for activite in ACTIVITES:
        sous.add_argument(f"--ca-{activite.replace('_', '-')}", dest=f"ca_{activite}", type=float, help=f"yearly turnover, {NOMS_ACTIVITES[activite]} (with --micro)")
    sous.add_argument("--debut", help="date_debut_activite (YYYY-MM-DD)")
    sous.add_argument("--departement", help="INSEE code of the département (default 75)")
    sous.add_argument("--acre", action="store_true")
    sous.add_argument("--conjoint", action="store_true", help="collaborating spouse (forfait option)")
    conventionnement = sous.add_mutually_exclusive_group()
    conventionnement.add_argument("--conventionne", dest="conventionne", action="store_const", const=True,
                                  help="health professional under the national convention (PAMC: médecin, chirurgien_dentiste, "
                                       "sage_femme, auxiliaire_medical); the model's default")
    conventionnement.add_argument("--non-conventionne", dest="conventionne", action="store_const", const=False,
                                  help="health professional outside the convention: no Assurance Maladie participation, no PCV/ASV")
    sous.add_argument("--secteur", choices=["1", "2"], help="médecin's secteur conventionnel (default 1)")
    sous.add_argument("--revenus-non-conventionnes", dest="revenus_non_conventionnes", type=float,
                      help="part of the income from dépassements or non-conventioned activity (PAMC; default 0)")
    sous.add_argument("--produits-office", dest="produits_office", type=float, help="notaire: the office's products (CPRN base)")
    sous.add_argument("--commissions-brutes", dest="commissions_brutes", type=float,
                      help="agent_general_assurance: gross commissions (CAVAMAC base)")
    sous.add_argument("--situation", help="a situation JSON file (web API format) instead of the options above; "
                                          "any other input goes there (e.g. cprn_classe_section_b)")
    sous.add_argument("--reforme", help="apply a reform of openfisca_independants.reforms (e.g. sans_reforme_assiette)")


def parser() -> argparse.ArgumentParser:
    racine = Analyseur(prog="openfisca-independants", description="Cotisations sociales des travailleurs indépendants (OpenFisca).")
    racine.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commandes = racine.add_subparsers(dest="commande", required=True)

    web = commandes.add_parser("serve", help="start the web API (OpenFisca /calculate, /spec …)")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    web.add_argument("--workers", type=_positif, default=2, help="gunicorn worker processes (default 2)")
    web.add_argument("--threads", type=_positif, default=4,
                     help="threads per worker (default 4): a slow client holds one thread, not the worker")
    web.add_argument("--timeout", type=_positif, default=120, help="gunicorn's worker timeout in seconds (default 120)")
    web.add_argument("--request-timeout", dest="request_timeout", type=_secondes, default=30,
                     help="longest computation of one request in seconds, shorter than --timeout; above, 503 (default 30)")
    web.add_argument("--read-timeout", dest="read_timeout", type=_secondes, default=10,
                     help="seconds a connection may stay silent while its headers or body are read (default 10)")
    web.add_argument("--max-body-size", dest="max_body_size", type=_positif, default=20 * 1024 * 1024,
                     help="largest request body in bytes; above, 413 (default 20 MiB = 20971520)")
    web.add_argument("--max-persons", dest="max_persons", type=_positif, default=50_000,
                     help="most persons computed per request (persons × points of the axes); above, 400 (default 50000)")
    web.add_argument("--max-persons-trace", dest="max_persons_trace", type=_positif, default=1_000,
                     help="most persons × points per /trace request, whose answer lists every intermediate value; "
                          "above, 400 (default 1000)")
    web.add_argument("--cors-origin", dest="cors_origin", action="append", metavar="ORIGIN",
                     help="an origin whose pages may call the API from a browser (repeat for several; '*' for any; "
                          "default: http(s)://localhost and 127.0.0.1 on any port)")
    web.set_defaults(action=serve)

    un = commandes.add_parser("calc", help="one situation: breakdown of the contributions with bases, legal rates and exemptions")
    un.error = _erreur_d_usage(un)
    un.add_argument("--annee", type=_annee, required=True, help="contribution year")
    _options_situation(un)
    un.set_defaults(action=calc)

    plan = commandes.add_parser("echeancier", help="the payment schedule of year N: the twelve monthly debits and what makes them up")
    plan.error = _erreur_d_usage(plan)
    plan.add_argument("--annee", type=_annee, required=True, help="year of the schedule")
    _options_situation(
        plan, type_revenu=_revenus_par_annee,
        aide_revenu="revenu professionnel of the years N−2 to N: YEAR=AMOUNT,YEAR=AMOUNT… or one amount for all of them",
        aide_brut="revenu_activite_brut of the years from 2025: YEAR=AMOUNT,… (or one amount), instead of --revenu for those years",
    )
    plan.add_argument("--trimestriel", action="store_true", help="quarterly instalments instead of monthly debits")
    plan.set_defaults(action=echeancier)

    cible = commandes.add_parser(
        "objectif", help="the income (classic) or turnover (micro, --activite) leaving a target revenu_net_cotisations",
        description="Searches revenu_professionnel (before 2025), revenu_activite_brut (from the 2025 assiette reform on) or, "
                    "with --micro, the turnover of --activite, such that revenu_net_cotisations = --net (to the cent); the "
                    "income options of calc (--revenu, --brut, --ca-* of that activity) are ignored.")
    cible.error = _erreur_d_usage(cible)
    cible.add_argument("--annee", type=_annee, required=True, help="contribution year")
    cible.add_argument("--net", type=float, required=True, help="target revenu_net_cotisations (€ per year)")
    cible.add_argument("--activite", choices=list(ACTIVITES), help="micro: the activity whose turnover is searched")
    cible.add_argument("--json", action="store_true", help="print one JSON object: the input found and revenu_net_cotisations")
    _options_situation(cible)
    cible.set_defaults(action=objectif)

    lots = commandes.add_parser(
        "batch", help="a CSV or Parquet file of persons in, results out",
        description="A CSV (comma or French Excel export: ';' and decimal comma, UTF-8 or Windows-1252, detected) or "
                    "Parquet file of persons in, the same rows with their results out. " + CODES_BATCH)
    lots.add_argument("entree", help="input .csv or .parquet (one row per person, contract input columns)")
    lots.add_argument("sortie", help="output .csv or .parquet (written atomically), or a folder ending with '/' for a "
                                     "Parquet dataset (one part file per Dask task, written by the workers)")
    lots.add_argument("--annee", type=_annee, required=True)
    lots.add_argument("--variables", nargs="+", help="output variables (default total_cotisations_contributions)")
    lots.add_argument("--engine", choices=["local", "dask"], default="local")
    lots.add_argument("--scheduler", help="dask scheduler address (default: a LocalCluster)")
    lots.add_argument("--workers", type=_positif, default=2, help="LocalCluster workers (dask engine, at least 1)")
    lots.add_argument("--taille-lot", dest="taille_lot", type=_positif, default=200_000, help="rows per chunk")
    lots.add_argument("--quiet", action="store_true", help="no progress bar")
    lots.add_argument("--reforme", help="apply a reform of openfisca_independants.reforms (e.g. sans_reforme_assiette)")
    lots.set_defaults(action=batch)

    graphe = commandes.add_parser(
        "plot", help="effective contribution rate by income (classic) and turnover (micro), per category and year",
        description="One column per year. Row 'classique': total contributions / revenu_professionnel for each category. "
                    "Row 'micro': total / yearly turnover for each micro activity of each category (artisan: services BIC, "
                    "ventes; commercant: ventes, services BIC, meublés de tourisme classés; liberal_non_reglemente, liberal_cipav: BNC; "
                    "the other professions libérales have no micro regime), with the micro "
                    "thresholds. Curves that coincide are named in a note on the panel; the source is printed on the chart.")
    graphe.add_argument("--annees", type=_annee, nargs="+", default=[2024], help="years, one column each (default 2024)")
    graphe.add_argument("--categories", nargs="+", default=["artisan", "commercant", "liberal_non_reglemente", "liberal_cipav"],
                        help=f"values of categorie_independant: {', '.join(CATEGORIES)} (default: the first four); the "
                             "professions libérales outside the Cipav (medecin … avocat) may not be micro-entrepreneurs: "
                             "classic curves only")
    graphe.add_argument("--regimes", nargs="+", default=None, metavar="REGIME",
                        help="classique and/or micro, one row each (default: both, the micro row for the categories "
                             "open to it; asking for micro with a category closed to it is refused)")
    graphe.add_argument("--revenu-min", dest="revenu_min", type=float, default=5_000,
                        help="left of the x axis, income or turnover in € (default 5000, must be > 0)")
    graphe.add_argument("--revenu-max", dest="revenu_max", type=float, default=250_000, help="right of the x axis (default 250000)")
    graphe.add_argument("--taux-max", dest="taux_max", type=float, default=70,
                        help="top of the classic regime's y axis, in %% (minimum contributions make low incomes go beyond)")
    graphe.add_argument("--points", type=int, default=400, help="points per curve (default 400, at least 2)")
    graphe.add_argument("--sortie", default="taux_effectifs.png", help="output image: .png, .svg, .pdf… (default taux_effectifs.png)")
    graphe.set_defaults(action=plot)

    donnees = commandes.add_parser("opendata", help="URSSAF open data: estimates and counts")
    sous = donnees.add_subparsers(dest="opendata", required=True)
    for nom, aide, action in (("estimate", "estimated micro-social contributions per sector or département and quarter", opendata_estimate),
                              ("counts", "administratively vs economically active TI by type and département", opendata_counts)):
        commande = sous.add_parser(nom, help=aide)
        if nom == "estimate":
            origine = commande.add_mutually_exclusive_group()
            origine.add_argument("--source", help="a CSV export or API JSON file (default: the shipped sector file)")
        else:  # no TI dataset ships with the package: say where the data comes from
            origine = commande.add_mutually_exclusive_group(required=True)
            origine.add_argument("--source", help="a CSV export or API JSON file of travailleurs-independants-par-departement "
                                                  "(or its -secteur successor); required unless --dataset")
        origine.add_argument("--dataset", type=_dataset, help="download this open.urssaf.fr dataset id (exports/csv, cached)"
                                               + ("" if nom == "estimate" else ", e.g. travailleurs-independants-par-departement"))
        commande.add_argument("--out", required=True, help="output folder")
        commande.add_argument("--base-url", dest="base_url", type=_base_url, default="https://open.urssaf.fr",
                              help="the Opendatasoft portal, http(s)://host[:port] (default https://open.urssaf.fr)")
        commande.add_argument("--cache", help="download cache folder (default ~/.cache/openfisca-independants/opendata)")
        commande.add_argument("--timeout", type=float, default=30.0)
        commande.add_argument("--rafraichir", action="store_true", help="download again even if cached")
        if nom == "estimate":
            commande.add_argument("--parquet", action="store_true", help="also write estimates.parquet")
            commande.add_argument("--reforme", help="apply a reform of openfisca_independants.reforms")
            commande.add_argument("--parts-source", dest="parts_source", help="sector file giving the national activity mix (département datasets)")
            reglage = commande.add_argument_group("settings (defaults and sources: donnees/urssaf/reglages_estimation.yaml)")
            reglage.add_argument("--acre-recours", dest="acre_recours", nargs="+", metavar="YEAR=SHARE",
                                 help="ACRE take-up by year of registration, e.g. 2019=0.4 2020=0.3 (default: none published, no ACRE)")
            reglage.add_argument("--part-drom", dest="part_drom", type=float, help="DROM share of the sector series' turnover (default 0)")
            reglage.add_argument("--recours-covid", dest="recours_covid", type=float, help="take-up of the 2020-2021 Covid deductions (default 1)")
            reglage.add_argument("--recours-vl", dest="recours_vl", type=float, help="versement libératoire take-up (default 0)")
            reglage.add_argument("--encaissement", action="store_true", help="cash basis: contributions when paid (quarter shifted, collection rate)")
            reglage.add_argument("--part-decalee", dest="part_decalee", type=float, help="cash basis: share paid the next quarter (default 1)")
            reglage.add_argument("--taux-recouvrement", dest="taux_recouvrement", type=float, help="cash basis: collection rate (default 1)")
        commande.set_defaults(action=action)
    classiques = sous.add_parser("classiques", help="classic-regime TI rebuilt from INSEE income quantiles by sector, with the model's contributions")
    classiques.add_argument("--out", required=True, help="output folder")
    classiques.add_argument("--source", help="distribution CSV (default: the shipped INSEE 2022 quantiles)")
    classiques.add_argument("--reforme", help="apply a reform of openfisca_independants.reforms")
    classiques.set_defaults(action=opendata_classiques)
    return racine


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.action(args)


if __name__ == "__main__":
    sys.exit(main())
