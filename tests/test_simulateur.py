"""The simulator page `/simulateur` (issue 17): a real server (`openfisca-independants serve`)
driven by headless Chromium through the Chrome DevTools Protocol.

Chromium is Debian's `chromium` package (.ci/run installs it). Without it the browser tests are
skipped on a developer's machine but FAIL in CI (environment variable CI=true), so that CI
really runs them. The server-side routes (redirect of `/`, `/simulateur/lignes`, the reform
API) are also tested with Flask's test client.

Expected figures are hand-checked ones of the YAML tests, cited where used.

`python tests/test_simulateur.py --capture docs/simulateur.png` takes the README's screenshot.
"""

import base64
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from openfisca_independants.web_api import create_app

CONTRAT_CLASSIQUE = "/simulateur?annee=2024&categorie_independant=artisan&revenu_professionnel=30000"
CONTRAT_MICRO = "/simulateur?annee=2025&micro_entrepreneur=true&chiffre_affaires_services_bnc=40000"
DELAI = 30  # s: longest wait for one computation of the page


# ---------------------------------------------------------------- server and browser


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _commande_serveur():
    script = Path(sys.executable).with_name("openfisca-independants")
    return [str(script)] if script.exists() else [shutil.which("openfisca-independants")]


def _chromium() -> str | None:
    for nom in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if chemin := shutil.which(nom):
            return chemin
    return None


class Serveur:
    def __init__(self):
        if _commande_serveur()[0] is None:
            pytest.fail("console script openfisca-independants not installed")
        self.port = _port_libre()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processus = subprocess.Popen(
            [*_commande_serveur(), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{self.url}/spec", timeout=1)
                return
            except (urllib.error.URLError, ConnectionError):
                if self.processus.poll() is not None:
                    pytest.fail(self.processus.stderr.read().decode()[-2000:])
                time.sleep(0.25)
        self.arreter()
        pytest.fail("the server did not answer within 60 s")

    def arreter(self):
        os.killpg(self.processus.pid, signal.SIGTERM)
        self.processus.wait(timeout=30)


class Navigateur:
    """Headless Chromium with one page, driven over the DevTools Protocol (websocket-client)."""

    def __init__(self, binaire: str):
        import websocket

        self.profil = tempfile.mkdtemp(prefix="simulateur-chromium-")
        self.processus = subprocess.Popen(
            [binaire, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
             "--remote-debugging-port=0", "--remote-allow-origins=*", f"--user-data-dir={self.profil}",
             "--window-size=1280,2000", "--lang=fr-FR", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        fichier = Path(self.profil) / "DevToolsActivePort"
        for _ in range(200):
            if fichier.exists() and len(fichier.read_text().splitlines()) >= 2:
                break
            if self.processus.poll() is not None:
                pytest.fail(f"chromium stopped at start (code {self.processus.returncode})")
            time.sleep(0.1)
        else:
            self.arreter()
            pytest.fail("chromium did not open its DevTools port within 20 s")
        port = fichier.read_text().splitlines()[0]
        cibles = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5))
        page = next(c for c in cibles if c["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=DELAI, suppress_origin=True)
        self.numero = 0
        self.evenements = []
        self.requetes = []  # every URL the page asked for
        self.envoyer("Network.enable")
        self.envoyer("Page.enable")
        self.envoyer("Runtime.enable")

    def _lire(self):
        message = json.loads(self.ws.recv())
        if message.get("method") == "Network.requestWillBeSent":
            self.requetes.append(message["params"]["request"]["url"])
        elif "method" in message:
            self.evenements.append(message)
        return message

    def envoyer(self, methode: str, **params):
        self.numero += 1
        numero = self.numero
        self.ws.send(json.dumps({"id": numero, "method": methode, "params": params}))
        while True:
            message = self._lire()
            if message.get("id") == numero:
                if "error" in message:
                    raise RuntimeError(f"{methode}: {message['error']}")
                return message.get("result", {})

    def evaluer(self, expression: str):
        resultat = self.envoyer("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in resultat:
            raise RuntimeError(f"{expression}: {resultat['exceptionDetails']}")
        return resultat["result"].get("value")

    def attendre(self, expression: str, delai: float = DELAI):
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            valeur = self.evaluer(expression)
            if valeur:
                return valeur
            time.sleep(0.05)
        raise AssertionError(f"still false after {delai} s: {expression}")

    def ouvrir(self, url: str):
        self.envoyer("Page.navigate", url=url)
        self.attendre("document.readyState === 'complete' && document.body && document.body.dataset.etat !== undefined")
        # the first computation is over and the curves are drawn
        self.attendre("document.body.dataset.graphiques === document.body.dataset.calcul || document.body.dataset.etat === 'erreur'")

    def largeur(self, largeur: int, hauteur: int = 2000):
        self.envoyer("Emulation.setDeviceMetricsOverride", width=largeur, height=hauteur, deviceScaleFactor=1, mobile=largeur < 600)

    def capture(self, selecteur: str | None = None) -> bytes:
        params = {"format": "png"}
        if selecteur:
            boite = self.evaluer(f"(() => {{ const r = document.querySelector({json.dumps(selecteur)}).getBoundingClientRect();"
                                 " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; })()")
            params["clip"] = {**boite, "scale": 1}
            params["captureBeyondViewport"] = True
        return base64.b64decode(self.envoyer("Page.captureScreenshot", **params)["data"])

    def arreter(self):
        try:
            self.ws.close()
        except Exception:
            pass
        os.killpg(self.processus.pid, signal.SIGTERM)
        try:
            self.processus.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.processus.pid, signal.SIGKILL)
        shutil.rmtree(self.profil, ignore_errors=True)


@pytest.fixture(scope="module")
def serveur():
    serveur = Serveur()
    yield serveur
    serveur.arreter()


@pytest.fixture(scope="module")
def navigateur():
    binaire = _chromium()
    if binaire is None:
        message = "chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI: the browser tests must run: {message}")
        pytest.skip(message)
    pytest.importorskip("websocket", reason="websocket-client (test extra) is needed to drive chromium")
    navigateur = Navigateur(binaire)
    yield navigateur
    navigateur.arreter()


def _lignes(navigateur) -> dict:
    return navigateur.evaluer(
        "Object.fromEntries([...document.querySelectorAll('#lignes tr[data-variable]')]"
        ".filter(tr => tr.dataset.variable).map(tr => [tr.dataset.variable, "
        "{montant: Number(tr.dataset.montant), libelle: tr.querySelector('td').innerText.split('\\n')[0]}]))")


def _montant(navigateur, identifiant: str) -> float:
    return float(navigateur.evaluer(f"document.getElementById({json.dumps(identifiant)}).dataset.montant"))


def _calcul_api(serveur, personne: dict, annee: str, demande: str) -> float:
    corps = {"individus": {"p": {**personne, demande: {annee: None}}}}
    requete = urllib.request.Request(f"{serveur.url}/calculate", data=json.dumps(corps).encode(),
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(requete, timeout=30))["individus"]["p"][demande][annee]


# ---------------------------------------------------------------- in the browser


def test_situation_classique_du_contrat(navigateur, serveur, tbs):
    navigateur.ouvrir(serveur.url + CONTRAT_CLASSIQUE)
    assert navigateur.evaluer("document.body.dataset.etat") == "calcule"
    # tests/totaux.yaml, "total_cotisations_contributions 2024 : artisan, revenu 30000 €" (calcul manuel):
    # maladie 1 1276.14 + IJ 150.00 + AF 0.00 + retraite de base 5325.00 + RCI 2100.00 + ID 390.00 = 9241.14 ;
    # + 9,7 % × 39241.14 (CSG-CRDS) + CFP 134.47 = 13181.99
    assert _montant(navigateur, "total") == pytest.approx(13181.99, abs=0.02)
    lignes = _lignes(navigateur)
    attendues = {"maladie_maternite": 1276.14, "indemnites_journalieres": 150.00, "allocations_familiales": 0.0,
                 "retraite_de_base": 5325.00, "retraite_complementaire": 2100.00, "invalidite_deces": 390.00,
                 "csg_deductible": 0.068 * 39241.14, "csg_non_deductible": 0.024 * 39241.14, "crds": 0.005 * 39241.14,
                 "formation_professionnelle": 134.47}
    for variable, montant in attendues.items():
        assert lignes[variable]["montant"] == pytest.approx(montant, abs=0.02), variable
        assert lignes[variable]["libelle"] == tbs.variables[variable].label  # the French label
    # contract: classic before the reform, net = revenu_professionnel − CSG non déductible − CRDS (2,9 % × 39241.14)
    assert _montant(navigateur, "revenu_net_cotisations") == pytest.approx(30000 - 0.029 * 39241.14, abs=0.02)
    texte = navigateur.evaluer("document.getElementById('resultat').innerText")
    assert "13 181,99" in texte.replace("\u202f", " ").replace("\u00a0", " ")
    # every line links to its variable's metadata, and to Légifrance where the reference is an address
    assert navigateur.evaluer("document.querySelectorAll('#lignes tbody tr.ligne a[href^=\"/variable/\"]').length") == 10
    assert navigateur.evaluer("document.querySelectorAll('#lignes a[href^=\"https://www.legifrance.gouv.fr/\"]').length") >= 1
    # and each of the 10 lines to at least one source of its parameters (issue 17: a link per line)
    assert navigateur.evaluer("[...document.querySelectorAll('#lignes tbody tr.ligne')]"
                              ".filter(tr => tr.querySelector('a[href^=\"https://\"]')).length") == 10
    # the curves (axes) are drawn, the situation marked; no counterfactual before 2025
    assert navigateur.evaluer("document.querySelectorAll('#graphique-net polyline.courbe').length") == 1
    assert navigateur.evaluer("document.querySelectorAll('#graphique-net circle.point').length") == 1
    assert navigateur.evaluer("document.querySelectorAll('#graphique-comparaison polyline.courbe').length") == 2


def test_situation_micro_du_contrat(navigateur, serveur, tbs):
    navigateur.ouvrir(serveur.url + CONTRAT_MICRO)
    assert navigateur.evaluer("document.getElementById('revenus-micro').hidden") is False
    # BNC rate 2025: 24,6 % (tests/micro_entrepreneur/cotisations.yaml, "cotisations_micro_sociales 2025 :
    # services_bnc", 12 × 1000 × 24.6 %); CFP on BNC turnover 0,2 % (tests/contributions/formation_professionnelle.yaml,
    # "micro liberal_non_reglemente, services_bnc"; and for a commerçant, tests/totaux.yaml "commerçant, ventes,
    # services BIC et BNC": 6870 = 2952 + 2544 + 1326 + 24 + 12 + 12)
    cotisations, cfp = 0.246 * 40000, 0.002 * 40000
    lignes = _lignes(navigateur)
    assert lignes["cotisations_micro_services_bnc_annuelles"]["montant"] == pytest.approx(cotisations, abs=0.01)
    assert lignes["cotisations_micro_services_bnc_annuelles"]["libelle"] == tbs.variables["cotisations_micro_services_bnc_annuelles"].label
    assert lignes["formation_professionnelle"]["montant"] == pytest.approx(cfp, abs=0.01)
    assert _montant(navigateur, "total") == pytest.approx(cotisations + cfp, abs=0.01)
    # contract: micro net = turnover − total
    assert _montant(navigateur, "revenu_net_cotisations") == pytest.approx(40000 - cotisations - cfp, abs=0.01)
    # micro vs classic: both curves, and a sentence comparing them at this activity
    assert navigateur.evaluer("document.querySelectorAll('#graphique-comparaison polyline.courbe').length") == 2
    assert "régime classique" in navigateur.evaluer("document.getElementById('comparaison').innerText")


def test_2025_la_courbe_sans_la_reforme(navigateur, serveur):
    navigateur.ouvrir(serveur.url + "/simulateur?annee=2025&categorie_independant=artisan&revenu_professionnel=30000")
    assert navigateur.evaluer("document.querySelectorAll('#graphique-net polyline.sans').length") == 1
    assert navigateur.evaluer("document.querySelectorAll('#graphique-taux polyline.sans').length") == 1
    assert "sans_reforme_assiette" in navigateur.evaluer("document.getElementById('legende-net').innerText")
    assert "non calculé" not in navigateur.evaluer("document.getElementById('legende-net').innerText")


def test_un_changement_recalcule_et_met_le_lien_a_jour(navigateur, serveur):
    navigateur.ouvrir(serveur.url + CONTRAT_CLASSIQUE)
    avant = navigateur.evaluer("document.body.dataset.calcul")
    navigateur.evaluer("(() => { const c = document.getElementById('revenu'); c.focus(); c.value = '45 000';"
                       " c.dispatchEvent(new Event('input', {bubbles: true})); })()")
    navigateur.attendre(f"document.body.dataset.calcul !== {json.dumps(avant)} && document.body.dataset.etat === 'calcule'")
    attendu = _calcul_api(serveur, {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 45000}},
                          "2024", "total_cotisations_contributions")
    assert _montant(navigateur, "total") == pytest.approx(attendu, abs=0.01)
    parametres = urllib.parse.parse_qs(navigateur.evaluer("location.search")[1:])
    assert parametres["revenu_professionnel"] == ["45 000"] and parametres["annee"] == ["2024"]
    # a select: the regime; the query string follows, the micro fields show
    navigateur.evaluer("document.querySelector('input[name=micro_entrepreneur][value=true]').click()")
    navigateur.attendre("new URLSearchParams(location.search).get('micro_entrepreneur') === 'true'"
                        " && document.body.dataset.etat === 'calcule' && !document.getElementById('revenus-micro').hidden")
    assert "revenu_professionnel" not in navigateur.evaluer("location.search")


def test_un_revenu_invalide_montre_le_message_de_l_api_a_cote_du_champ(navigateur, serveur):
    navigateur.ouvrir(serveur.url + CONTRAT_CLASSIQUE)
    navigateur.evaluer("(() => { const c = document.getElementById('revenu'); c.value = 'trente mille';"
                       " c.dispatchEvent(new Event('input', {bubbles: true})); })()")
    navigateur.attendre("document.body.dataset.etat === 'erreur'")
    corps = {"individus": {"p": {"revenu_professionnel": {"2024": "trente mille"}}}}
    requete = urllib.request.Request(f"{serveur.url}/calculate", data=json.dumps(corps).encode(),
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as erreur:
        urllib.request.urlopen(requete, timeout=30)
    message = json.load(erreur.value)["individus"]["p"]["revenu_professionnel"]["2024"]
    assert navigateur.evaluer("document.getElementById('erreur-revenu').innerText") == message
    assert navigateur.evaluer("document.getElementById('revenu').getAttribute('aria-invalid')") == "true"
    # the field's error is announced with it (aria-describedby), nothing else is flagged
    assert "erreur-revenu" in navigateur.evaluer("document.getElementById('revenu').getAttribute('aria-describedby')")
    assert navigateur.evaluer("document.getElementById('erreur-generale').innerText") == ""
    # no stale figures beside the error
    assert navigateur.evaluer("document.getElementById('total').textContent") == "—"
    assert navigateur.evaluer("document.querySelectorAll('#lignes tr').length") == 1  # the head only
    # a département the law does not know: the model's refusal, beside the département field
    navigateur.ouvrir(serveur.url + CONTRAT_CLASSIQUE + "&departement=99")
    assert navigateur.evaluer("document.body.dataset.etat") == "erreur"
    assert "99" in navigateur.evaluer("document.getElementById('erreur-departement').innerText")
    # a year the model does not cover: beside the year; an impossible date of the link: beside the date
    navigateur.ouvrir(serveur.url + "/simulateur?annee=2040&categorie_independant=artisan&revenu_professionnel=1000")
    assert "2040" in navigateur.evaluer("document.getElementById('erreur-annee').innerText")
    navigateur.ouvrir(serveur.url + CONTRAT_CLASSIQUE + "&date_debut_activite=2024-13-01")
    assert "2024-13-01" in navigateur.evaluer("document.getElementById('erreur-date_debut_activite').innerText")


def test_rien_n_est_charge_d_un_autre_hote(navigateur, serveur):
    navigateur.requetes.clear()
    navigateur.ouvrir(serveur.url + "/simulateur?annee=2025&categorie_independant=artisan&revenu_professionnel=30000")
    assert navigateur.requetes, "no request recorded"
    ailleurs = [url for url in navigateur.requetes if not url.startswith(serveur.url + "/") and not url.startswith(("data:", "about:"))]
    assert not ailleurs
    chemins = {urllib.parse.urlsplit(url).path for url in navigateur.requetes}
    assert {"/simulateur", "/simulateur/simulateur.js", "/simulateur/simulateur.css", "/calculate", "/simulateur/lignes",
            "/reformes/sans_reforme_assiette/calculate"} <= chemins
    entete = urllib.request.urlopen(serveur.url + "/simulateur", timeout=10).headers["Content-Security-Policy"]
    assert "default-src 'self'" in entete


def test_clavier_et_largeur_de_telephone(navigateur, serveur):
    try:
        navigateur.largeur(390)
        navigateur.ouvrir(serveur.url + CONTRAT_CLASSIQUE)
        # nothing wider than the screen
        assert navigateur.evaluer("document.documentElement.scrollWidth") <= 390
        # every field has a label; the tab order follows the form (no positive tabindex)
        sans_libelle = navigateur.evaluer(
            "[...document.querySelectorAll('input, select')].filter(c => !c.closest('[hidden]') && c.labels.length === 0)"
            ".map(c => c.id || c.name)")
        assert sans_libelle == []
        assert navigateur.evaluer("[...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length") == 0
        # keyboard only: Tab reaches the year first (after the skip link), a key changes it, the page recomputes
        avant = navigateur.evaluer("document.body.dataset.calcul")
        navigateur.evaluer("document.activeElement && document.activeElement.blur()")
        for _ in range(2):
            navigateur.envoyer("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
            navigateur.envoyer("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
        premiers = navigateur.evaluer("document.activeElement.id || document.activeElement.textContent")
        navigateur.envoyer("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
        navigateur.envoyer("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
        assert "annee" in (premiers, navigateur.evaluer("document.activeElement.id"))
        navigateur.evaluer("document.getElementById('annee').focus()")
        navigateur.envoyer("Input.dispatchKeyEvent", type="keyDown", key="ArrowDown", code="ArrowDown", windowsVirtualKeyCode=40)
        navigateur.envoyer("Input.dispatchKeyEvent", type="keyUp", key="ArrowDown", code="ArrowDown", windowsVirtualKeyCode=40)
        navigateur.attendre(f"document.body.dataset.calcul !== {json.dumps(avant)} && document.body.dataset.etat === 'calcule'")
        assert navigateur.evaluer("new URLSearchParams(location.search).get('annee')") == "2023"
    finally:
        navigateur.envoyer("Emulation.clearDeviceMetricsOverride")


def _part_non_blanche(png: bytes) -> float:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    histogramme = image.histogram()
    return 1 - sum(histogramme[245:]) / (image.width * image.height)


def test_capture_du_resultat_non_blanche(navigateur, serveur):
    navigateur.ouvrir(serveur.url + CONTRAT_CLASSIQUE)
    png = navigateur.capture("#resultat")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # a page that renders blank (no style, no lines, a script error) leaves the result area white
    assert _part_non_blanche(png) > 0.03
    graphique = navigateur.capture("#graphique-net")
    assert _part_non_blanche(graphique) > 0.01


# ---------------------------------------------------------------- the routes (Flask test client)


@pytest.fixture(scope="module")
def client(tbs):
    return create_app(tbs).test_client()


def test_un_navigateur_ouvrant_la_racine_va_au_simulateur(client):
    reponse = client.get("/", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert reponse.status_code == 302 and reponse.headers["Location"].endswith("/simulateur")
    for accept in (None, "application/json", "*/*"):
        reponse = client.get("/", headers={"Accept": accept} if accept else {})
        assert "welcome" in reponse.get_json()


def test_fichiers_du_simulateur(client):
    for chemin, type_ in (("/simulateur", "text/html"), ("/simulateur/simulateur.js", "javascript"), ("/simulateur/simulateur.css", "text/css")):
        reponse = client.get(chemin)
        assert reponse.status_code == 200 and type_ in reponse.content_type, chemin
        assert "default-src 'self'" in reponse.headers["Content-Security-Policy"]
    assert client.get("/simulateur/../web_api.py").status_code == 404
    assert client.get("/simulateur/__init__.py").status_code == 404
    # nothing from another host in the page's own files
    for nom in ("index.html", "simulateur.js", "simulateur.css"):
        texte = client.get(f"/simulateur/{nom}" if nom != "index.html" else "/simulateur").get_data(as_text=True)
        assert "src=\"http" not in texte and "href=\"//" not in texte and "@import" not in texte and "url(" not in texte, nom


def test_lignes_reprend_calc(client, tbs):
    situation = {"individus": {"p": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2025": 3000},
                                     "acre": {"ETERNITY": True}, "departement": {"ETERNITY": "974"},
                                     "date_debut_activite": {"ETERNITY": "2025-03-01"}}}}
    reponse = client.post("/simulateur/lignes", json={"annee": 2025, "situation": situation})
    assert reponse.status_code == 200
    corps = reponse.get_json()
    lignes = {ligne["variable"]: ligne for ligne in corps["lignes"]}
    # the notes of calc: the minimum base, the overseas exoneration of a creation in La Réunion
    assert "assiette minimale appliquée" in lignes["retraite_de_base"]["notes"]
    assert any(note.startswith("exonération outre-mer") for note in lignes["retraite_de_base"]["notes"])
    assert lignes["retraite_de_base"]["libelle"] == tbs.variables["retraite_de_base"].label
    assert lignes["maladie_maternite"]["references"][0]["url"].startswith("https://www.legifrance.gouv.fr/")
    assert [ligne["variable"] for ligne in corps["hors_total"]] == ["exoneration_outre_mer"]
    assert all(ligne["variable"] for ligne in corps["lignes"])


def test_chaque_ligne_a_un_lien_vers_sa_source(client):
    """Issue 17: each line links to its legal reference, from its parameters' metadata (the values in
    force that year), the texts on Légifrance first; an artisan's lines cite no other pension fund."""
    situation = {"individus": {"p": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2024": 30000}}}}
    corps = client.post("/simulateur/lignes", json={"annee": 2024, "situation": situation}).get_json()
    assert corps["lignes"]
    for ligne in corps["lignes"]:
        adresses = [reference["url"] for reference in ligne["references"] if reference["url"]]
        assert adresses, ligne["variable"]
    adresses = {ligne["variable"]: [r["url"] for r in ligne["references"] if r["url"]] for ligne in corps["lignes"]}
    # D633-3 (retraite de base SSI rates) is on Légifrance
    assert adresses["retraite_de_base"][0].startswith("https://www.legifrance.gouv.fr/")
    autres_caisses = ("carpimko", "carmf", "cavec", "cavp", "carcdsf", "agipi")
    assert not any(caisse in adresse for liste in adresses.values() for adresse in liste for caisse in autres_caisses)


def test_lignes_refus_au_format_de_l_api(client):
    reponse = client.post("/simulateur/lignes", json={"annee": 2024, "situation": {"individus": {"p": {"revenu_professionnel": {"2024": "x"}}}}})
    assert reponse.status_code == 400
    assert reponse.get_json()["individus"]["p"]["revenu_professionnel"]["2024"].startswith("'revenu_professionnel' expects a number")
    assert client.post("/simulateur/lignes", json={"annee": "deux", "situation": {}}).get_json()["error"].startswith("annee:")
    reponse = client.post("/simulateur/lignes", json={"annee": 2040, "situation": {"individus": {"p": {"revenu_professionnel": {"2040": 1}}}}})
    assert reponse.status_code == 400 and "2040" in reponse.get_json()["error"]


def test_api_de_la_reforme(client, tbs):
    from openfisca_independants.reforms.sans_reforme_assiette import sans_reforme_assiette
    from openfisca_independants.web_api import calculate

    situation = {"individus": {"p": {"categorie_independant": {"ETERNITY": "artisan"}, "revenu_professionnel": {"2025": 40000},
                                     "total_cotisations_contributions": {"2025": None}}}}
    reponse = client.post("/reformes/sans_reforme_assiette/calculate", json=situation)
    assert reponse.status_code == 200
    attendu = calculate(sans_reforme_assiette(tbs), json.loads(json.dumps(situation)))
    assert reponse.get_json() == attendu
    assert reponse.get_json() != client.post("/calculate", json=situation).get_json()
    assert client.post("/reformes/inconnue/calculate", json=situation).status_code == 404
    assert client.post("/reformes/sans_reforme_assiette/calculate", data="x", content_type="application/json").status_code == 400


def test_le_paquet_installe_livre_la_page():
    from importlib import resources

    dossier = resources.files("openfisca_independants") / "simulateur"
    for nom in ("index.html", "simulateur.css", "simulateur.js"):
        assert (dossier / nom).is_file(), nom


# ---------------------------------------------------------------- the README's screenshot


def capturer(chemin: str, adresse: str = "/simulateur?annee=2025&categorie_independant=artisan&revenu_professionnel=42000"):
    """Write a PNG of the page (1280 px wide) for the README."""
    serveur = Serveur()
    navigateur = Navigateur(_chromium())
    try:
        navigateur.largeur(1280, 1500)
        navigateur.ouvrir(serveur.url + adresse)
        hauteur = navigateur.evaluer("Math.min(document.documentElement.scrollHeight, 2200)")
        navigateur.largeur(1280, hauteur)
        time.sleep(0.3)
        Path(chemin).write_bytes(navigateur.capture())
    finally:
        navigateur.arreter()
        serveur.arreter()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--capture":
        sys.exit("usage: python tests/test_simulateur.py --capture docs/simulateur.png")
    capturer(sys.argv[2])
