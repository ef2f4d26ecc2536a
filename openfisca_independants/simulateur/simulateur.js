/* Simulator page of openfisca-independants (issue 17, contract "Simulator page").
 *
 * Plain JavaScript, no library, nothing fetched from another host. The situation lives in the
 * query string with the contract's input names (shareable link); every change recomputes
 * through this server: /calculate (total and net; the curves with OpenFisca axes),
 * /simulateur/lignes (the lines of `openfisca-independants calc`, with their notes and
 * references) and /reformes/sans_reforme_assiette/calculate (the curve without the 2025
 * assiette reform). API errors are shown next to the field they name.
 */
"use strict";

const ACTIVITES = ["vente", "services_bic", "services_bnc", "meubles_tourisme_classes"];
const REVENUS = ["revenu_professionnel", "revenu_activite_brut"];
const CHIFFRES = ACTIVITES.map((a) => "chiffre_affaires_" + a);
const TEXTES = ["date_debut_activite", "departement"];
const CASES = ["acre", "conjoint_collaborateur"];
const PERSONNE = "personne";
const POINTS = 41;
const DELAI = 350; // ms of quiet typing before a computation
const REFORME = "sans_reforme_assiette";
const SVG = "http://www.w3.org/2000/svg";

const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const eurosEntiers = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const pourcent = new Intl.NumberFormat("fr-FR", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

const config = { annees: [], anneeReforme: null, categorieParDefaut: "commercant" };
let numeroCalcul = 0;
const erreursSaisie = {}; // values of the query string a field could not take (an impossible date)
let minuterie = null;

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- the API

async function appeler(chemin, corps) {
  const options = corps === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(corps),
  };
  const reponse = await fetch(chemin, options);
  let donnees = null;
  try { donnees = await reponse.json(); } catch (e) { donnees = { error: `Réponse illisible du serveur (${reponse.status}).` }; }
  return { ok: reponse.ok, status: reponse.status, donnees };
}

async function chargerConfiguration() {
  const [categories, couverture, reforme] = await Promise.all([
    appeler("/variable/categorie_independant"),
    appeler("/parameter/couverture.derniere_annee"),
    appeler("/parameter/reforme_assiette.en_vigueur"),
  ]);
  const select = $("categorie_independant");
  if (categories.ok) {
    config.categorieParDefaut = categories.donnees.defaultValue;
    const valeurs = Object.entries(categories.donnees.possibleValues).sort((a, b) => a[1].localeCompare(b[1], "fr"));
    for (const [nom, libelle] of valeurs) select.append(new Option(libelle, nom));
  }
  // the years the model covers: from the first date of couverture.derniere_annee to its value
  if (couverture.ok) {
    const [date, valeur] = Object.entries(couverture.donnees.values).sort()[0];
    for (let annee = Number(valeur); annee >= Number(date.slice(0, 4)); annee -= 1) config.annees.push(annee);
  }
  for (const annee of config.annees) $("annee").append(new Option(String(annee), String(annee)));
  if (reforme.ok) {
    const dates = Object.entries(reforme.donnees.values).filter(([, v]) => v === true || v === 1).map(([d]) => d).sort();
    if (dates.length) config.anneeReforme = Number(dates[0].slice(0, 4));
  }
}

// ---------------------------------------------------------------- form ⇄ query string

function anneeParDefaut() {
  const courante = new Date().getFullYear();
  return config.annees.includes(courante) ? courante : config.annees[0];
}

function depuisQuery() {
  const parametres = new URLSearchParams(window.location.search);
  const v = (nom) => parametres.get(nom);
  const micro = v("micro_entrepreneur") === "true";
  $("annee").value = String(v("annee") || anneeParDefaut());
  if ($("annee").value === "" && v("annee")) { // a year outside the list: keep it, the API will say why
    $("annee").append(new Option(v("annee"), v("annee")));
    $("annee").value = v("annee");
  }
  document.querySelector(`input[name="micro_entrepreneur"][value="${micro}"]`).checked = true;
  $("categorie_independant").value = v("categorie_independant") || config.categorieParDefaut;
  if ($("categorie_independant").value === "" && v("categorie_independant")) {
    $("categorie_independant").append(new Option(v("categorie_independant"), v("categorie_independant")));
    $("categorie_independant").value = v("categorie_independant");
  }
  const nature = v("revenu_activite_brut") !== null ? "revenu_activite_brut" : "revenu_professionnel";
  $("nature_revenu").value = nature;
  if (v(nature) !== null) $("revenu").value = v(nature);
  for (const nom of CHIFFRES) $(nom).value = v(nom) || "";
  for (const nom of TEXTES) {
    $(nom).value = v(nom) || "";
    delete erreursSaisie[nom];
    if (v(nom) && $(nom).value === "") erreursSaisie[nom] = `« ${v(nom)} » n'est pas une date (AAAA-MM-JJ) : le champ est laissé vide.`;
  }
  for (const nom of CASES) $(nom).checked = v(nom) === "true";
  majVisibilite();
}

function valeursFormulaire() {
  const valeurs = {
    annee: $("annee").value,
    micro_entrepreneur: document.querySelector('input[name="micro_entrepreneur"]:checked').value === "true",
    categorie_independant: $("categorie_independant").value,
  };
  if (valeurs.micro_entrepreneur) {
    for (const nom of CHIFFRES) if ($(nom).value.trim() !== "") valeurs[nom] = $(nom).value.trim();
  } else if ($("revenu").value.trim() !== "") {
    valeurs[$("nature_revenu").value] = $("revenu").value.trim();
  }
  for (const nom of TEXTES) if ($(nom).value.trim() !== "") valeurs[nom] = $(nom).value.trim();
  for (const nom of CASES) if ($(nom).checked) valeurs[nom] = true;
  return valeurs;
}

function versQuery(valeurs) {
  const parametres = new URLSearchParams();
  for (const [nom, valeur] of Object.entries(valeurs)) {
    if (nom === "micro_entrepreneur" && !valeur) continue;
    parametres.set(nom, String(valeur));
  }
  const adresse = `${window.location.pathname}?${parametres.toString()}`;
  if (adresse !== window.location.pathname + window.location.search) window.history.replaceState(null, "", adresse);
}

function majVisibilite() {
  const micro = document.querySelector('input[name="micro_entrepreneur"]:checked').value === "true";
  $("revenus-classiques").hidden = micro;
  $("revenus-micro").hidden = !micro;
  const reforme = config.anneeReforme !== null && Number($("annee").value) >= config.anneeReforme;
  $("champ-nature-revenu").hidden = !reforme;
  if (!reforme) $("nature_revenu").value = "revenu_professionnel";
  const nature = $("nature_revenu").value;
  $("revenu").name = nature;
  $("libelle-revenu").textContent = nature === "revenu_activite_brut"
    ? "Revenu d'activité brut annuel (€)" : "Revenu professionnel annuel (€)";
  $("aide-revenu").textContent = nature === "revenu_activite_brut"
    ? "Recettes moins charges, avant cotisations, CSG-CRDS et CFP ; négatif en cas de déficit."
    : "Résultat fiscal de l'année, après déduction des cotisations ; négatif en cas de déficit.";
  $("champ-activite-comparaison").hidden = micro;
}

// ---------------------------------------------------------------- situations

/** An amount typed in French ("30 000", "1234,5") as a number; anything else as typed, so
 * that the API says what is wrong with it next to the field. */
function montant(texte) {
  const nettoye = String(texte).replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return nettoye !== "" && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(nettoye) ? Number(nettoye) : texte;
}

function situation(valeurs, demandes, axes) {
  const annee = valeurs.annee;
  const personne = { categorie_independant: { ETERNITY: valeurs.categorie_independant } };
  personne.micro_entrepreneur = { [annee]: Boolean(valeurs.micro_entrepreneur) };
  for (const nom of [...REVENUS, ...CHIFFRES]) if (nom in valeurs) personne[nom] = { [annee]: montant(valeurs[nom]) };
  for (const nom of TEXTES) if (nom in valeurs) personne[nom] = { ETERNITY: valeurs[nom] };
  if (valeurs.acre) personne.acre = { ETERNITY: true };
  if (valeurs.conjoint_collaborateur) personne.conjoint_collaborateur = { [annee]: true };
  for (const nom of demandes) personne[nom] = { [annee]: null };
  const corps = { individus: { [PERSONNE]: personne }, foyers_fiscaux: { foyer: { declarants: [PERSONNE] } } };
  if (axes) corps.axes = axes;
  return corps;
}

/** The same activity in the other regime: turnover ↔ income before contributions. */
function autreRegime(valeurs, activite) {
  const autre = { ...valeurs };
  for (const nom of [...REVENUS, ...CHIFFRES]) delete autre[nom];
  autre.micro_entrepreneur = !valeurs.micro_entrepreneur;
  return autre;
}

// ---------------------------------------------------------------- errors next to their field

function champDe(variable) {
  if (REVENUS.includes(variable)) return $("revenu");
  if (variable === "micro_entrepreneur") return document.querySelector('input[name="micro_entrepreneur"]:checked');
  return $(variable);
}

function zoneErreur(variable) {
  if (REVENUS.includes(variable)) return $("erreur-revenu");
  return $("erreur-" + variable);
}

function effacerErreurs() {
  for (const zone of document.querySelectorAll(".erreur")) zone.textContent = "";
  for (const champ of document.querySelectorAll("[aria-invalid]")) champ.removeAttribute("aria-invalid");
}

function* feuilles(arbre, chemin = []) {
  if (arbre !== null && typeof arbre === "object") {
    for (const [cle, valeur] of Object.entries(arbre)) yield* feuilles(valeur, [...chemin, cle]);
  } else {
    yield [chemin, arbre];
  }
}

/** Put each message of an API error beside the field it names (path individus/<id>/<variable>/…
 * or `field`); what names no field goes under the form. */
function afficherErreurs(corps) {
  let placees = 0;
  const placer = (variable, message) => {
    const zone = zoneErreur(variable);
    if (!zone) return false;
    zone.textContent = zone.textContent ? `${zone.textContent} ${message}` : message;
    const champ = champDe(variable);
    if (champ) champ.setAttribute("aria-invalid", "true");
    placees += 1;
    return true;
  };
  const { error, field, path, ...imbriquees } = corps || {};
  for (const [chemin, message] of feuilles(imbriquees)) {
    if (/^No legislation in this model/.test(String(message)) && placer("annee", String(message))) continue; // beside the year
    if (chemin[0] === "individus" && chemin.length >= 3 && placer(chemin[2], String(message))) continue;
  }
  if (!placees && field) placer(field, error);
  if (!placees && /^annee/.test(String(error))) placer("annee", error);
  if (!placees) $("erreur-generale").textContent = error || "Le calcul a échoué.";
}

// ---------------------------------------------------------------- the answer

function texteMontant(valeur) {
  return valeur === null || valeur === undefined ? "" : euros.format(valeur);
}

/** calc's figures ("8.5 %", "209.87 €") with the French decimal comma. */
function decimales(texte) {
  return texte.replace(/(\d)\.(\d)/g, "$1,$2");
}

/** An amount in euros, machine-readable too (<data value="13181.994">). */
function montantDans(parent, valeur) {
  const donnee = document.createElement("data");
  donnee.value = String(valeur);
  donnee.textContent = euros.format(valeur);
  parent.append(donnee);
  return donnee;
}

function cellule(ligne, texte, classe, titre) {
  const td = document.createElement("td");
  if (classe) td.className = classe;
  if (titre) td.dataset.titre = titre;
  td.textContent = texte;
  ligne.append(td);
  return td;
}

function references(ligne) {
  const bloc = document.createElement("div");
  bloc.className = "references";
  for (const reference of ligne.references || []) {
    if (reference.url) {
      const lien = document.createElement("a");
      lien.href = reference.url;
      lien.rel = "noopener";
      // the source's own title, shortened (the whole of it on hover)
      lien.textContent = reference.texte.length > 70 ? `${reference.texte.slice(0, 69)}…` : reference.texte;
      lien.title = reference.texte;
      bloc.append(lien);
    } else {
      const texte = document.createElement("span");
      texte.textContent = reference.texte;
      bloc.append(texte);
    }
  }
  if (ligne.variable) {
    const meta = document.createElement("a");
    meta.href = `/variable/${ligne.variable}`;
    meta.textContent = `variable ${ligne.variable}`;
    bloc.append(meta);
  }
  return bloc;
}

function afficherLignes(reponse, calcul) {
  const corps = $("lignes").tBodies[0];
  const pied = $("lignes").tFoot;
  corps.replaceChildren();
  pied.replaceChildren();
  $("en-tete").replaceChildren(...reponse.en_tete.map((texte) => {
    const li = document.createElement("li");
    li.textContent = decimales(texte);
    return li;
  }));
  for (const ligne of reponse.lignes) {
    const tr = document.createElement("tr");
    tr.className = "ligne";
    tr.dataset.variable = ligne.variable || "";
    tr.dataset.montant = String(ligne.montant);
    const td = cellule(tr, "");
    const libelle = document.createElement("span");
    libelle.className = "libelle";
    libelle.textContent = ligne.libelle;
    td.append(libelle, references(ligne));
    cellule(tr, ligne.assiette === null ? "" : euros.format(ligne.assiette), "nombre", "assiette");
    cellule(tr, decimales(ligne.taux), "nombre", "taux");
    montantDans(cellule(tr, "", "nombre montant", "montant"), ligne.montant);
    corps.append(tr);
    for (const note of ligne.notes.map(decimales)) {
      const trNote = document.createElement("tr");
      trNote.className = "note";
      const tdNote = cellule(trNote, note);
      tdNote.colSpan = 4;
      corps.append(trNote);
    }
  }
  const [total, net, imposable] = reponse.totaux;
  const pieds = [[total, "total", calcul.total], ...reponse.hors_total.map((l) => [l, "hors-total", l.montant]),
    [net, "net", calcul.net], [imposable, "imposable", imposable.montant]];
  for (const [ligne, classe, valeur] of pieds) {
    const tr = document.createElement("tr");
    tr.className = classe;
    tr.dataset.variable = ligne.variable;
    tr.dataset.montant = String(valeur);
    const libelle = classe === "hors-total" ? `${ligne.libelle} (hors total)` : ligne.libelle;
    const td = cellule(tr, "");
    td.colSpan = 3;
    const nom = document.createElement("span");
    nom.textContent = libelle;
    td.append(nom, references({ variable: ligne.variable, references: [] }));
    montantDans(cellule(tr, "", "nombre montant"), valeur);
    pied.append(tr);
  }
  $("libelle-total").textContent = total.libelle;
  $("libelle-net").textContent = net.libelle;
}

// ---------------------------------------------------------------- curves (OpenFisca axes)

/** A round step (1, 2 or 5 × 10^n) giving about `n` intervals up to `maximum`. */
function pas(maximum, n) {
  const brut = maximum / n;
  const puissance = 10 ** Math.floor(Math.log10(brut));
  return [1, 2, 5, 10].map((m) => m * puissance).find((m) => m >= brut);
}

function arrondiHaut(valeur) {
  const puissance = 10 ** Math.floor(Math.log10(valeur));
  return Math.ceil(valeur / puissance) * puissance;
}

/** total and net at POINTS values of `variable` from 0 to `maximum`; x = net + total. */
async function courbe(chemin, valeurs, variable, maximum) {
  const axes = [[{ name: variable, count: POINTS, min: 0, max: maximum, period: valeurs.annee }]];
  const demandes = ["total_cotisations_contributions", "revenu_net_cotisations"];
  const reponse = await appeler(chemin, situation(valeurs, demandes, axes));
  if (!reponse.ok) return { erreur: reponse.donnees.error };
  const p = reponse.donnees.individus[PERSONNE];
  const totaux = p.total_cotisations_contributions[valeurs.annee];
  const nets = p.revenu_net_cotisations[valeurs.annee];
  return { points: totaux.map((total, i) => ({ x: nets[i] + total, total, net: nets[i] })) };
}

function interpoler(points, x) {
  for (let i = 1; i < points.length; i += 1) {
    const [a, b] = [points[i - 1], points[i]];
    if ((a.x - x) * (b.x - x) <= 0 && a.x !== b.x) return a.net + (b.net - a.net) * (x - a.x) / (b.x - a.x);
  }
  return null;
}

function element(nom, attributs, parent) {
  const noeud = document.createElementNS(SVG, nom);
  for (const [cle, valeur] of Object.entries(attributs)) noeud.setAttribute(cle, String(valeur));
  if (parent) parent.append(noeud);
  return noeud;
}

/** An inline SVG chart: series [{classe, nom, points: [[x, y]]}], the current point marked. */
function graphique(conteneur, titre, series, marque, formatY) {
  const [L, H, g, d, h, b] = [640, 300, 64, 36, 14, 40];
  const tous = series.flatMap((s) => s.points);
  conteneur.replaceChildren();
  if (!tous.length) return;
  const xmax = Math.max(...tous.map((p) => p[0]), marque ? marque[0] : 0);
  const ymin = Math.min(0, ...tous.map((p) => p[1]));
  const ymax = Math.max(...tous.map((p) => p[1]), marque ? marque[1] : 0) || 1;
  const X = (x) => g + (L - g - d) * x / xmax;
  const Y = (y) => h + (H - h - b) * (1 - (y - ymin) / (ymax - ymin));
  const svg = element("svg", { viewBox: `0 0 ${L} ${H}`, role: "img", "aria-label": titre });
  element("title", {}, svg).textContent = titre;
  const pasY = pas(ymax - ymin, 4);
  for (let y = Math.ceil(ymin / pasY) * pasY; y <= ymax + 1e-9; y += pasY) {
    element("line", { class: "grille", x1: g, x2: L - d, y1: Y(y), y2: Y(y) }, svg);
    const t = element("text", { x: g - 6, y: Y(y) + 4, "text-anchor": "end" }, svg);
    t.textContent = formatY(Math.abs(y) < 1e-9 ? 0 : y);  // no "-0" on the axis
  }
  const pasX = pas(xmax, 4);
  for (let x = 0; x <= xmax + 1e-9; x += pasX) {
    const tx = element("text", { x: X(x), y: H - b + 16, "text-anchor": "middle" }, svg);
    tx.textContent = eurosEntiers.format(x);
  }
  element("line", { class: "axe", x1: g, x2: L - d, y1: Y(Math.max(ymin, 0)), y2: Y(Math.max(ymin, 0)) }, svg);
  element("line", { class: "axe", x1: g, x2: g, y1: h, y2: H - b }, svg);
  const ta = element("text", { x: (L + g) / 2, y: H - 4, "text-anchor": "middle" }, svg);
  ta.textContent = "revenu de l'activité avant cotisations (€)";
  for (const serie of series) {
    const traces = serie.points.filter((p) => p[0] >= 0 && p[0] <= xmax);
    if (traces.length < 2) continue;
    element("polyline", { class: `courbe ${serie.classe}`, points: traces.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(" ") }, svg);
  }
  if (marque) {
    element("line", { class: "repere", x1: X(marque[0]), x2: X(marque[0]), y1: h, y2: H - b }, svg);
    element("circle", { class: "point", cx: X(marque[0]), cy: Y(marque[1]), r: 6 }, svg);
  }
  conteneur.append(svg);
}

function legende(zone, series, marque) {
  zone.replaceChildren();
  for (const serie of series) {
    const cle = document.createElement("span");
    cle.className = `cle ${serie.classe}`;
    cle.setAttribute("aria-hidden", "true");
    zone.append(cle, document.createTextNode(serie.nom + (serie.erreur ? ` : non calculé (${serie.erreur})` : "")));
  }
  if (marque) zone.append(document.createTextNode(` ; ● ${marque}`));
}

async function tracer(valeurs, actuel, numero) {
  const micro = valeurs.micro_entrepreneur;
  const annee = Number(valeurs.annee);
  const reforme = config.anneeReforme !== null && annee >= config.anneeReforme;
  const activite = micro
    ? ACTIVITES.reduce((m, a) => (Number(montant(valeurs["chiffre_affaires_" + a])) || 0) > (Number(montant(valeurs["chiffre_affaires_" + m])) || 0) ? a : m, "services_bnc")
    : $("activite_comparaison").value;
  const variable = micro ? "chiffre_affaires_" + activite : $("nature_revenu").value;
  const maximum = arrondiHaut(Math.max(50000, 2 * actuel.x));
  const base = { ...valeurs };
  const autre = autreRegime(valeurs);
  const variableAutre = micro ? (reforme ? "revenu_activite_brut" : "revenu_professionnel") : "chiffre_affaires_" + activite;
  const demandes = [
    courbe("/calculate", base, variable, maximum),
    courbe("/calculate", autre, variableAutre, maximum),
  ];
  if (reforme && !micro) {
    const sans = { ...valeurs };
    delete sans.revenu_activite_brut;
    demandes.push(courbe(`/reformes/${REFORME}/calculate`, sans, "revenu_professionnel", maximum));
  }
  const [principale, comparee, sansReforme] = await Promise.all(demandes);
  if (numero !== numeroCalcul) return;
  const taux = (p) => p.x > 0 && p.total / p.x <= 1 ? [[p.x, p.total / p.x]] : [];
  const series = (f) => {
    const liste = [{ classe: "avec", nom: reforme && !micro ? "avec la réforme de l'assiette (droit en vigueur)" : "droit en vigueur", points: principale.points ? principale.points.flatMap(f) : [], erreur: principale.erreur }];
    if (sansReforme) liste.push({ classe: "sans", nom: "sans la réforme de l'assiette 2025 (sans_reforme_assiette)", points: sansReforme.points ? sansReforme.points.flatMap(f) : [], erreur: sansReforme.erreur });
    return liste;
  };
  const marqueTaux = actuel.x > 0 ? [actuel.x, actuel.total / actuel.x] : null;
  const sTaux = series(taux);
  graphique($("graphique-taux"), "Taux effectif des cotisations selon le revenu", sTaux, marqueTaux && marqueTaux[1] <= 1 ? marqueTaux : null, (y) => pourcent.format(y));
  legende($("legende-taux"), sTaux, marqueTaux ? `situation saisie : ${pourcent.format(marqueTaux[1])}` : null);
  const sNet = series((p) => [[p.x, p.net]]);
  graphique($("graphique-net"), "Revenu net de cotisations selon le revenu", sNet, [actuel.x, actuel.net], (y) => eurosEntiers.format(y));
  legende($("legende-net"), sNet, `situation saisie : ${euros.format(actuel.net)}`);
  const nomMicro = `micro-entrepreneur (${activite.replaceAll("_", " ")}, sans charges)`;
  const sComp = [
    { classe: micro ? "micro" : "avec", nom: micro ? nomMicro : "régime classique", points: principale.points ? principale.points.map((p) => [p.x, p.net]) : [], erreur: principale.erreur },
    { classe: micro ? "avec" : "micro", nom: micro ? "régime classique" : nomMicro, points: comparee.points ? comparee.points.map((p) => [p.x, p.net]) : [], erreur: comparee.erreur },
  ];
  graphique($("graphique-comparaison"), "Revenu net : micro-entrepreneur et régime classique", sComp, [actuel.x, actuel.net], (y) => eurosEntiers.format(y));
  legende($("legende-comparaison"), sComp, "situation saisie");
  const autreNet = comparee.points ? interpoler(comparee.points, actuel.x) : null;
  $("comparaison").textContent = comparee.erreur
    ? `${micro ? "Régime classique" : "Micro-entrepreneur"} : non calculé (${comparee.erreur})`
    : autreNet === null ? "" : `Pour ${euros.format(actuel.x)} de revenu avant cotisations : ${euros.format(actuel.net)} net `
      + `${micro ? "en micro-entrepreneur" : "au régime classique"}, environ ${euros.format(autreNet)} `
      + `${micro ? "au régime classique" : "en micro-entrepreneur"} (lu sur la courbe).`;
}

// ---------------------------------------------------------------- one computation

async function calculer() {
  const numero = ++numeroCalcul;
  const valeurs = valeursFormulaire();
  versQuery(valeurs);
  $("etat").textContent = "Calcul en cours…";
  $("etat").className = "";
  const demandes = ["total_cotisations_contributions", "revenu_net_cotisations"];
  const corps = situation(valeurs, demandes);
  const [calcul, lignes] = await Promise.all([
    appeler("/calculate", corps),
    appeler("/simulateur/lignes", { annee: Number(valeurs.annee) || valeurs.annee, situation: situation(valeurs, []) }),
  ]);
  if (numero !== numeroCalcul) return; // a later change is being computed
  effacerErreurs();
  for (const [nom, message] of Object.entries(erreursSaisie)) {
    zoneErreur(nom).textContent = message;
    champDe(nom).setAttribute("aria-invalid", "true");
  }
  if (!calcul.ok || !lignes.ok) {
    afficherErreurs(!calcul.ok ? calcul.donnees : lignes.donnees);
    $("etat").textContent = "Le calcul n'a pas abouti : voir le message à côté du champ concerné.";
    $("etat").className = "echec";
    effacerResultat();
    document.body.dataset.etat = "erreur";
    return;
  }
  const p = calcul.donnees.individus[PERSONNE];
  const total = p.total_cotisations_contributions[valeurs.annee];
  const net = p.revenu_net_cotisations[valeurs.annee];
  const actuel = { total, net, x: net + total };
  for (const [identifiant, valeur] of [["total", total], ["revenu_net_cotisations", net]]) {
    $(identifiant).textContent = euros.format(valeur);
    $(identifiant).value = String(valeur);
    $(identifiant).dataset.montant = String(valeur);
  }
  $("taux_effectif").textContent = actuel.x > 0 ? pourcent.format(total / actuel.x) : "—";
  afficherLignes(lignes.donnees, { total, net });
  $("etat").textContent = `Calculé pour ${valeurs.annee}.`;
  document.body.dataset.etat = "calcule";
  document.body.dataset.calcul = String(numero);
  try {
    await tracer(valeurs, actuel, numero);
  } catch (erreur) {
    $("legende-taux").textContent = `Courbes non calculées : ${erreur}`;
  }
  if (numero === numeroCalcul) document.body.dataset.graphiques = String(numero);
}

/** No stale figures beside an error. */
function effacerResultat() {
  for (const identifiant of ["total", "revenu_net_cotisations", "taux_effectif"]) {
    $(identifiant).textContent = "—";
    if ("value" in $(identifiant)) $(identifiant).value = "";
    delete $(identifiant).dataset.montant;
  }
  $("lignes").tBodies[0].replaceChildren();
  $("lignes").tFoot.replaceChildren();
  $("en-tete").replaceChildren();
  for (const identifiant of ["graphique-taux", "graphique-net", "graphique-comparaison", "legende-taux", "legende-net",
    "legende-comparaison", "comparaison"]) $(identifiant).replaceChildren();
}

function planifier(delai) {
  window.clearTimeout(minuterie);
  minuterie = window.setTimeout(calculer, delai);
}

async function demarrer() {
  await chargerConfiguration();
  depuisQuery();
  const formulaire = $("formulaire");
  formulaire.addEventListener("input", (evenement) => {
    if (evenement.target.matches('input[type="text"]')) planifier(DELAI);
  });
  formulaire.addEventListener("change", (evenement) => {
    delete erreursSaisie[evenement.target.id];
    majVisibilite();
    planifier(50);
  });
  formulaire.addEventListener("submit", (evenement) => { evenement.preventDefault(); planifier(0); });
  $("activite_comparaison").addEventListener("change", () => planifier(50));
  window.addEventListener("popstate", () => { depuisQuery(); planifier(0); });
  await calculer();
}

document.addEventListener("DOMContentLoaded", demarrer);
