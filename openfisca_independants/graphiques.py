"""Charts of the model: effective contribution rates against income (classic regime) and
against turnover (micro-entrepreneurs), with French labels, French number formats and the
source on every chart. Also the shared helpers of the open-data charts (number formats,
source line).

Every chart carries its source. Curves of one panel differ by colour AND line style AND
marker; curves that coincide (a numerical test, not a list of known cases) are named in a
note on the panel, since one of them would otherwise hide the other.
"""

from __future__ import annotations

import textwrap

import numpy

NOM_PAQUET = "openfisca-independants"
SOURCE_OPENDATA = "Source : Urssaf, open data (ODbL) ; calculs openfisca-independants"
ESPACE = "\u00a0"  # no-break space: French thousands separator and before € and %
# Okabe-Ito colour-blind safe palette, each with its own line style and marker.
COULEURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
TRAITS = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2)), (0, (1, 3)), (0, (3, 1, 1, 1)))
MARQUEURS = ("o", "s", "^", "D", "v", "P", "X", "*")
# Curves closer than this everywhere (in percentage points) cannot be told apart on a chart.
ECART_CONFONDU = 0.05
# Micro-entrepreneur curves: the activities drawn for each category (the Cipav / SSI split
# of the BNC rate and the CFP rate follow the category). The other categories (médecin, avocat…:
# the professions libérales outside the Cipav) may not be micro-entrepreneurs (CSS L613-7): they
# have classic-regime curves only.
ACTIVITES_MICRO = {
    "artisan": ("services_bic", "vente"),
    "commercant": ("vente", "services_bic", "meubles_tourisme_classes"),
    "liberal_non_reglemente": ("services_bnc",),
    "liberal_cipav": ("services_bnc",),
}
REGIMES = ("classique", "micro")
HYPOTHESES = "activité toute l'année, sans ACRE, Paris (75), sans conjoint collaborateur"


class ErreurGraphique(ValueError):
    """A chart the model cannot draw (year outside its legislation, unknown category…), in one line."""


def version_paquet() -> str:
    """The installed package's version, from its metadata (the number is written once, in setup.cfg)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(NOM_PAQUET)
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(version unknown: not installed)"


def nombre(valeur: float, decimales: int = 0) -> str:
    """French number: 10 000 ; 12,5."""
    texte = f"{valeur:,.{decimales}f}"
    return texte.replace(",", ESPACE).replace(".", ",")


def nombre_court(valeur: float, _position=None) -> str:
    """French number with only the decimals it needs (up to 3): 10 000 ; 0,25 ; 12,5."""
    texte = nombre(valeur, 3)
    texte = texte.rstrip("0").rstrip(",") if "," in texte else texte
    return "0" if texte == "-0" else texte


def euros(valeur: float, _position=None) -> str:
    """Axis label in euros: '10 000 €'."""
    return f"{nombre(valeur)}{ESPACE}€"


def pourcents(valeur: float, _position=None) -> str:
    """Axis label in %: '12,5 %' (decimals only when needed)."""
    return f"{nombre_court(valeur)}{ESPACE}%"


def format_francais(axe, x=None, y=None):
    """French tick labels on an axis: x/y is 'euros', 'pourcents', 'nombre' or None."""
    from matplotlib.ticker import FuncFormatter

    formats = {"euros": euros, "pourcents": pourcents, "nombre": nombre_court}
    if x:
        axe.xaxis.set_major_formatter(FuncFormatter(formats[x]))
    if y:
        axe.yaxis.set_major_formatter(FuncFormatter(formats[y]))


def mention_source(figure, texte: str) -> None:
    """The source line, bottom left of the figure (gid 'source', for tests and readers)."""
    figure.text(0.005, 0.005, texte, fontsize=7.5, color="#444444", ha="left", va="bottom", gid="source")


def style(rang: int) -> dict:
    """The rang-th curve style of a panel: its own colour, line style and marker."""
    return {"color": COULEURS[rang % len(COULEURS)], "linestyle": TRAITS[rang % len(TRAITS)],
            "marker": MARQUEURS[rang % len(MARQUEURS)]}


def courbes_confondues(courbes: dict, ecart: float = ECART_CONFONDU) -> list[list]:
    """Groups (in the order given) of curves that differ by at most `ecart` at every point.

    Each value is an array of the same x points; a curve is in at most one group.
    """
    cles = list(courbes)
    groupes, vus = [], set()
    for i, cle in enumerate(cles):
        if cle in vus:
            continue
        groupe = [cle] + [autre for autre in cles[i + 1:] if autre not in vus
                          and numpy.nanmax(numpy.abs(numpy.asarray(courbes[cle]) - numpy.asarray(courbes[autre]))) <= ecart]
        if len(groupe) > 1:
            groupes.append(groupe)
            vus.update(groupe)
    return groupes


def _une_ligne(erreur: Exception) -> str:
    return " ".join(str(erreur).split())


def _calculer(tbs, donnees, annee: int, contexte: str) -> numpy.ndarray:
    """total_cotisations_contributions of each row; a refusal becomes an ErreurGraphique naming the context."""
    from openfisca_core.errors import ParameterNotFoundError

    from openfisca_independants.microsimulation import calculer

    try:
        resultat = calculer(donnees, annee, ["total_cotisations_contributions"], tbs=tbs)
    except ParameterNotFoundError as erreur:
        raise ErreurGraphique(f"{annee}, {contexte}: this year is outside the model's legislation ({_une_ligne(erreur)})") from None
    except ValueError as erreur:  # SituationNonModelisee, EntreeInvalide
        raise ErreurGraphique(f"{annee}, {contexte}: {_une_ligne(erreur)}") from None
    if len(resultat.erreurs):
        premiere = resultat.erreurs.iloc[0]
        ligne = donnees.iloc[int(premiere["ligne"])]
        raise ErreurGraphique(f"{annee}, {contexte}, {ligne['categorie_independant']}: {premiere['colonne']}: {premiere['message']}")
    return resultat.resultats["total_cotisations_contributions"].to_numpy(dtype=float)


def taux_classique(tbs, annee: int, categories, revenus) -> dict:
    """Effective rate (% of revenu_professionnel) of the classic regime, per category."""
    import pandas

    revenus = numpy.asarray(revenus, dtype=float)
    donnees = pandas.DataFrame({"categorie_independant": numpy.repeat(categories, revenus.size),
                                "revenu_professionnel": numpy.tile(revenus, len(categories))})
    total = _calculer(tbs, donnees, annee, "classic regime").reshape(len(categories), revenus.size)
    return {categorie: 100 * total[i] / revenus for i, categorie in enumerate(categories)}


def taux_micro(tbs, annee: int, couples, chiffres) -> dict:
    """Effective rate (% of the yearly turnover, spread evenly over the months) of micro-entrepreneurs,
    per (category, activity)."""
    import pandas

    from openfisca_independants.micro import ACTIVITES

    chiffres = numpy.asarray(chiffres, dtype=float)
    activites = numpy.repeat([activite for _, activite in couples], chiffres.size)
    donnees = pandas.DataFrame({"categorie_independant": numpy.repeat([categorie for categorie, _ in couples], chiffres.size),
                                "micro_entrepreneur": True})
    for activite in ACTIVITES:
        donnees[f"chiffre_affaires_{activite}"] = numpy.where(activites == activite, numpy.tile(chiffres, len(couples)), 0.0)
    total = _calculer(tbs, donnees, annee, "micro-entrepreneur").reshape(len(couples), chiffres.size)
    return {couple: 100 * total[i] / chiffres for i, couple in enumerate(couples)}


def libelle_categorie(tbs, categorie: str) -> str:
    return tbs.variables["categorie_independant"].possible_values[categorie].value


def libelle_activite(tbs, activite: str) -> str:
    """'Ventes de marchandises, restauration sur place, hébergement (BIC)', from the input's label."""
    libelle = tbs.variables[f"chiffre_affaires_{activite}"].label.split(" : ", 1)[-1]
    return libelle[:1].upper() + libelle[1:]


def _legende(texte: str) -> str:
    return textwrap.fill(texte, 48)


def _seuils_micro(tbs, axe, annee: int, chiffres) -> None:
    """Dotted vertical lines at the micro regime's turnover thresholds of the year, when known and in range."""
    from openfisca_independants.parametres import parametre

    seuils = tbs.parameters(f"{annee}-01-01").micro_entrepreneur.seuils
    for nom, texte in (("services", "seuil services"), ("vente", "seuil ventes")):
        valeur = parametre(seuils, nom)
        if numpy.isfinite(valeur) and chiffres[0] <= valeur <= chiffres[-1]:
            axe.axvline(valeur, color="grey", linestyle=":", linewidth=1, gid="seuil")
            axe.annotate(f"{texte} {euros(valeur)}", (valeur, 0.5), xycoords=("data", "axes fraction"),
                         rotation=90, fontsize=7, color="#555555", ha="center", va="center", gid="seuil",
                         bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def _note_confondues(axe, groupes, libelles) -> None:
    if not groupes:
        return
    lignes = [" = ".join(libelles[cle] for cle in groupe) for groupe in groupes]
    texte = f"Courbes confondues (écart ≤ {nombre(ECART_CONFONDU, 2)} point) :\n" + "\n".join(
        textwrap.fill(ligne, 70) for ligne in lignes)
    axe.text(0.98, 0.97, texte, transform=axe.transAxes, ha="right", va="top", fontsize=7, gid="note",
             bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#999999", "alpha": 0.9})


def sans_micro(categories) -> list:
    """The categories closed to the micro-social regime (no micro curve)."""
    return [c for c in categories if c not in ACTIVITES_MICRO]


def verifier(tbs, annees, categories, revenus, regimes, omettre_sans_micro: bool = False) -> None:
    """The requests a chart cannot honour, refused in one line (before computing). With
    omettre_sans_micro, the categories closed to the micro regime are left out of its row (and
    named on it) instead of refused, as long as one category has a micro curve."""
    connues = [item.name for item in tbs.variables["categorie_independant"].possible_values]
    inconnues = [c for c in categories if c not in connues]
    if inconnues:
        raise ErreurGraphique(f"unknown category '{inconnues[0]}' (known: {', '.join(connues)})")
    if len(set(categories)) != len(categories):
        raise ErreurGraphique("a category is given twice")
    inconnus = [r for r in regimes if r not in REGIMES]
    if inconnus or not regimes:
        raise ErreurGraphique(f"unknown regime '{inconnus[0] if inconnus else ''}' (known: {', '.join(REGIMES)})")
    if "micro" in regimes:
        fermees = sans_micro(categories)
        if fermees and (not omettre_sans_micro or len(fermees) == len(categories)):
            raise ErreurGraphique(f"no micro-entrepreneur curve for category '{fermees[0]}': the micro-social regime is closed to it "
                                  "(CSS L613-7; draw it with --regimes classique)")
    revenus = numpy.asarray(revenus, dtype=float)
    if revenus.size < 2:
        raise ErreurGraphique("at least 2 points are needed to draw a curve")
    if not numpy.isfinite(revenus).all() or revenus.min() <= 0:
        raise ErreurGraphique("incomes must be finite and above 0 (the effective rate divides by them)")
    if not annees:
        raise ErreurGraphique("no year given")


def figure_taux_effectifs(annees, categories, revenus, regimes=REGIMES, taux_max: float = 70, tbs=None, omettre_sans_micro: bool = False):
    """A matplotlib Figure: one column per year; a row for the classic regime (rate against
    revenu_professionnel) and/or a row for micro-entrepreneurs (rate against turnover). The
    categories closed to the micro regime are refused in its row, or, with omettre_sans_micro,
    left out of it and named in a note on each of its panels.

    Raises ErreurGraphique (one line) for what cannot be drawn.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from openfisca_independants.microsimulation import systeme

    tbs = tbs or systeme()
    verifier(tbs, annees, categories, revenus, regimes, omettre_sans_micro)
    if not taux_max > 0:
        raise ErreurGraphique("the top of the rate axis must be above 0")
    regimes = [r for r in REGIMES if r in regimes]
    revenus = numpy.asarray(revenus, dtype=float)
    couples = [(categorie, activite) for categorie in categories for activite in ACTIVITES_MICRO.get(categorie, ())] if "micro" in regimes else []
    libelles = {categorie: libelle_categorie(tbs, categorie) for categorie in categories}
    libelles.update({(c, a): f"{libelle_activite(tbs, a)} — {libelles[c]}" for c, a in couples})
    # compute everything first: a refusal leaves no half-drawn figure behind
    taux = {}
    for annee in annees:
        if "classique" in regimes:
            taux[("classique", annee)] = taux_classique(tbs, annee, categories, revenus)
        if "micro" in regimes:
            taux[("micro", annee)] = taux_micro(tbs, annee, couples, revenus)

    figure, axes = plt.subplots(len(regimes), len(annees), figsize=(5.5 * len(annees) + 4.5, 4.6 * len(regimes)),
                                squeeze=False, layout="constrained")
    for ligne, regime in enumerate(regimes):
        for colonne, annee in enumerate(annees):
            axe = axes[ligne][colonne]
            courbes = taux[(regime, annee)]
            marques = max(1, revenus.size // 12)
            for rang, (cle, valeurs) in enumerate(courbes.items()):
                axe.plot(revenus, valeurs, label=_legende(libelles[cle]), linewidth=1.6, markersize=4,
                         markevery=(rang * max(1, marques // len(courbes)), marques), gid="courbe", **style(rang))
            _note_confondues(axe, courbes_confondues(courbes), libelles)
            if regime == "classique":
                axe.set_title(f"{annee} — régime classique")
                axe.set_xlabel("Revenu professionnel annuel (€)")
                axe.set_ylim(0, taux_max)
            else:
                axe.set_title(f"{annee} — micro-entrepreneur")
                axe.set_xlabel("Chiffre d'affaires annuel (€)")
                axe.set_ylim(0, 1.3 * max(numpy.nanmax(v) for v in courbes.values()))
                _seuils_micro(tbs, axe, annee, revenus)
                if sans_micro(categories):
                    texte = "Sans courbe (régime micro fermé, CSS L613-7) : " + ", ".join(libelles[c] for c in sans_micro(categories))
                    axe.text(0.98, 0.03, textwrap.fill(texte, 70), transform=axe.transAxes, ha="right", va="bottom", fontsize=7,
                             gid="sans_micro", bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#999999", "alpha": 0.9})
            axe.set_ylabel("Cotisations et contributions (% du revenu)" if regime == "classique"
                           else "Cotisations et contributions (% du chiffre d'affaires)")
            axe.set_xlim(revenus[0], revenus[-1])
            format_francais(axe, x="euros", y="pourcents")
            axe.grid(alpha=0.3)
        axes[ligne][-1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=7.5, frameon=False)
    legislations = " et ".join([", ".join(str(a) for a in annees[:-1]), str(annees[-1])] if len(annees) > 1 else [str(annees[0])])
    mention_source(figure, f"Source : {NOM_PAQUET} {version_paquet()}, législation{'s' if len(annees) > 1 else ''} "
                           f"{legislations} ; {HYPOTHESES}")
    figure.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))
    return figure
