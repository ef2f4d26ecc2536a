"""The simulator page `/simulateur`: the model in a browser (issue 17, contract "Simulator page").

`enregistrer(app)` adds to the web API app (web_api.create_app):

- `GET /simulateur`: the page (index.html, simulateur.css, simulateur.js of this folder: plain
  HTML, CSS and JavaScript, nothing fetched from another host; Content-Security-Policy
  `default-src 'self'`). It reads its situation from the query string with the contract's input
  names (`?annee=2024&categorie_independant=artisan&revenu_professionnel=30000`) and computes
  through the API's own `/calculate`;
- `GET /` asked by a browser (Accept prefers text/html): a redirect to `/simulateur`; API
  clients keep core's JSON welcome;
- `POST /simulateur/lignes` `{"annee": 2024, "situation": {...one individu...}}`: the lines of
  `openfisca-independants calc` (the same functions of cli.py: French label, base, legal rate,
  amount, the notes saying why a line differs from the plain rule), each with its variable name
  and legal references (the variable's, and the addresses its parameters give for the year); errors in the web API's format;
- `/reformes/<reform>/...`: the whole web API (`/calculate`, `/trace`, `/variable/…`, `/spec`)
  of the model with a named reform (`sans_reforme_assiette`, the counterfactual of the 2025
  assiette reform), built on its first request. openfisca-core's web API serves one system:
  a second app mounted at a prefix is the least invasive way to expose a reform.
"""

import threading
from pathlib import Path

from flask import make_response, redirect, request, send_from_directory

DOSSIER = Path(__file__).resolve().parent
FICHIERS = ("simulateur.css", "simulateur.js")
# nothing from another host, no inline script or style; fetch only to this server
POLITIQUE_CONTENU = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                     "form-action 'self'; frame-ancestors 'none'")
PREFIXE_REFORMES = "/reformes"

# lines whose label calc prints, by variable name (to give each line its references)
LIGNES_NOMMEES = (
    "maladie_maternite", "indemnites_journalieres", "allocations_familiales", "retraite_de_base",
    "prestations_complementaires_vieillesse", "retraite_complementaire", "invalidite_deces",
    "conjoint_collaborateur_cotisations", "csg_deductible", "csg_non_deductible", "crds", "formation_professionnelle",
    "contribution_curps", "contribution_maladie_mayotte",
    *(f"cotisations_micro_{a}_annuelles" for a in ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")),
    "taxe_frais_chambre", "versement_liberatoire", "exoneration_outre_mer", "prise_en_charge_assurance_maladie",
    "total_cotisations_contributions", "revenu_net_cotisations", "revenu_imposable_activite",
)


def _entete_securite(reponse):
    reponse.headers["Content-Security-Policy"] = POLITIQUE_CONTENU
    reponse.headers["X-Content-Type-Options"] = "nosniff"
    return reponse


def _nombre(valeur) -> float | None:
    """A float32 result as its shortest decimal (as /calculate writes it)."""
    import numpy

    return None if valeur is None else float(str(numpy.float32(valeur)))


def _references(tax_benefit_system, nom: str) -> list[dict]:
    """The variable's legal references: {texte, url} (url only when the reference is an address)."""
    variable = tax_benefit_system.variables.get(nom)
    references = getattr(variable, "reference", None) or []
    if isinstance(references, str):
        references = [references]
    return [{"texte": str(r), "url": str(r) if str(r).startswith(("https://", "http://")) else None} for r in references]


# where each line's parameters live (the same stem as the variable: one address per legal risk)
PARAMETRES_DES_LIGNES = {
    **{nom: f"cotisations.{nom}" for nom in (
        "maladie_maternite", "indemnites_journalieres", "allocations_familiales", "retraite_de_base",
        "retraite_complementaire", "invalidite_deces", "prestations_complementaires_vieillesse")},
    "csg_deductible": "contributions.csg", "csg_non_deductible": "contributions.csg", "crds": "contributions.crds",
    "formation_professionnelle": "contributions.formation_professionnelle",
    "contribution_curps": "contributions.contribution_curps",
    "conjoint_collaborateur_cotisations": "conjoint_collaborateur",
    "contribution_maladie_mayotte": "outre_mer.mayotte",
    **{f"cotisations_micro_{a}_annuelles": "micro_entrepreneur.taux"
       for a in ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")},
    "taxe_frais_chambre": "micro_entrepreneur.taxe_frais_chambre",
    "versement_liberatoire": "micro_entrepreneur.versement_liberatoire",
}
LIENS_PAR_LIGNE = 4  # the first sources of a line's parameters (a line may read dozens of values)


def _liens_parametres(tax_benefit_system, nom: str, annee: str, caisse: str | None = None) -> list[dict]:
    """The addresses given by the parameters of the line `nom` for their values in force on 1 January
    of `annee` (metadata `reference`: title and href), Légifrance first, without repeats, at most
    LIENS_PAR_LIGNE; the folders of the other pension funds than the person's `caisse` are skipped."""
    from openfisca_core.parameters import Parameter, ParameterScale

    # the parameter folders of the pension funds are named after them
    autres_caisses = set(tax_benefit_system.variables["caisse_retraite_complementaire"].possible_values.__members__) - {caisse}

    chemin = PARAMETRES_DES_LIGNES.get(nom)
    if chemin is None:
        return []
    noeud = tax_benefit_system.parameters
    for morceau in chemin.split("."):
        noeud = getattr(noeud, morceau, None)
        if noeud is None:
            return []
    date, liens, vus = f"{annee}-01-01", [], set()

    def series(element):
        if isinstance(element, ParameterScale):
            for tranche in element.brackets:
                yield from (enfant.values_list for enfant in tranche.children.values())
        elif isinstance(element, Parameter):
            yield element.values_list
        else:
            for cle, enfant in element.children.items():
                if cle not in autres_caisses:
                    yield from series(enfant)

    for valeurs in series(noeud):
        en_vigueur = [v for v in valeurs if v.instant_str <= date]  # values_list: most recent first
        if not en_vigueur or en_vigueur[0].value is None:
            continue
        for reference in en_vigueur[0].metadata.get("reference") or []:
            adresse = reference.get("href") if isinstance(reference, dict) else None
            if adresse and adresse not in vus:
                vus.add(adresse)
                liens.append({"texte": str(reference.get("title") or adresse), "url": adresse})
    liens.sort(key=lambda lien: "legifrance.gouv.fr" not in lien["url"])  # the texts themselves first (stable)
    return liens[:LIENS_PAR_LIGNE]


def lignes(tax_benefit_system, corps: dict) -> dict:
    """The lines of `calc` for the one person of `corps["situation"]` in year `corps["annee"]`."""
    from openfisca_independants import cli
    from openfisca_independants.web_api import RequeteInvalide, _calculer, _simulation

    annee, situation = corps.get("annee"), corps.get("situation")
    if isinstance(annee, bool) or not isinstance(annee, (int, str)) or not str(annee).isdigit() or len(str(annee)) != 4:
        raise RequeteInvalide({"annee": f"'annee' is a year such as 2024; got {annee!r}."})
    if not isinstance(situation, dict) or not isinstance(situation.get("individus"), dict) or len(situation["individus"]) != 1 \
            or "axes" in situation:
        raise RequeteInvalide({"situation": "'situation' is a situation of /calculate with one individu (and no axes)."})
    annee = str(annee)
    simulation, _points, _demandes = _simulation(tax_benefit_system, situation)  # the same checks and builder as /calculate
    [ident] = situation["individus"]
    lire = cli._Lecteur(simulation, annee, 0)
    # the model's refusals (an excluded input, a year outside the legislation) as /calculate gives them
    for nom in ("total_cotisations_contributions", "revenu_net_cotisations"):
        _calculer(simulation, situation, 1, nom, annee, ("individus", ident, nom, annee))
    par_libelle = {}
    for nom in LIGNES_NOMMEES:
        if nom in tax_benefit_system.variables:
            par_libelle.setdefault(tax_benefit_system.variables[nom].label, nom)
    micro = bool(lire("micro_entrepreneur"))
    caisse = simulation.calculate("caisse_retraite_complementaire", annee).decode_to_str()[0]
    resultat = []
    if lire("activite_dans_l_annee"):
        calculees = cli._lignes_micro(lire) if micro else cli._lignes_classiques(lire)
        for libelle, base, taux, montant, notes in calculees:
            nom = par_libelle.get(libelle)
            resultat.append({"variable": nom, "libelle": libelle, "assiette": _nombre(base),
                             "taux": taux, "montant": _nombre(montant), "notes": list(notes),
                             "references": (_references(tax_benefit_system, nom) + _liens_parametres(tax_benefit_system, nom, annee, caisse))
                             if nom else []})
    hors_total = []
    noms_hors_total = cli.HORS_TOTAL if micro else ("exoneration_outre_mer", "prise_en_charge_assurance_maladie")
    for nom in noms_hors_total:
        montant = lire.annuel(nom) if micro else float(lire(nom))
        if montant:
            hors_total.append({"variable": nom, "libelle": lire.libelle(nom), "montant": _nombre(montant),
                               "references": _references(tax_benefit_system, nom) + _liens_parametres(tax_benefit_system, nom, annee, caisse)})
    entrees = cli._entrees_de_l_annee(situation, int(annee)).get(("individus", ident), set())
    return {
        "annee": int(annee),
        "micro_entrepreneur": micro,
        "en_tete": cli._en_tete(lire, entrees, micro),
        "lignes": resultat,
        "hors_total": hors_total,
        "totaux": [{"variable": nom, "libelle": lire.libelle(nom), "montant": _nombre(lire(nom)),
                    "references": _references(tax_benefit_system, nom)}
                   for nom in ("total_cotisations_contributions", "revenu_net_cotisations", "revenu_imposable_activite")],
    }


class _AppliReformee:
    """The web API of the model with a named reform, built on its first request (a few seconds)."""

    def __init__(self, creer_app, tax_benefit_system, nom: str):
        self.creer_app, self.tax_benefit_system, self.nom = creer_app, tax_benefit_system, nom
        self.app = None
        self.verrou = threading.Lock()

    def __call__(self, environ, start_response):
        if self.app is None:
            with self.verrou:
                if self.app is None:
                    from openfisca_independants.microsimulation import reformes

                    self.app = self.creer_app(reformes()[self.nom](self.tax_benefit_system), simulateur=False)
        return self.app(environ, start_response)


def enregistrer(app, creer_app) -> None:
    """Add the simulator's routes to the web API `app`; `creer_app(tbs, simulateur=False)` builds
    the app of a reformed system."""
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from openfisca_independants.microsimulation import reformes
    from openfisca_independants.web_api import _route

    tax_benefit_system = app.config["TAX_BENEFIT_SYSTEM"]

    @app.route("/simulateur", strict_slashes=False)
    def simulateur_page():
        reponse = make_response(send_from_directory(DOSSIER, "index.html", max_age=0))
        reponse.headers["Cache-Control"] = "no-cache"
        return _entete_securite(reponse)

    @app.route("/simulateur/<nom>")
    def simulateur_fichier(nom):
        if nom not in FICHIERS:
            from werkzeug.exceptions import NotFound

            raise NotFound(f"No file '{nom}' in the simulator (files: {', '.join(FICHIERS)}).")
        reponse = make_response(send_from_directory(DOSSIER, nom, max_age=0))
        reponse.headers["Cache-Control"] = "no-cache"
        return _entete_securite(reponse)

    app.add_url_rule("/simulateur/lignes", "simulateur_lignes", lambda: None, methods=["POST"])
    _route(app, "simulateur_lignes", lignes)

    racine = app.view_functions["get_root"]

    def get_root():
        """A browser opening `/` is sent to the simulator; API clients keep the JSON welcome."""
        if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html" \
                and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]:
            return redirect("/simulateur", 302)
        return racine()

    app.view_functions["get_root"] = get_root

    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {
        f"{PREFIXE_REFORMES}/{nom}": _AppliReformee(creer_app, tax_benefit_system, nom) for nom in reformes()
    })
