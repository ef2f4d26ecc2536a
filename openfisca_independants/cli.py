"""Command line: `openfisca-independants serve | calc | batch | plot`."""

import argparse
import json
import sys
from pathlib import Path


def serve(args: argparse.Namespace) -> int:
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
            from openfisca_independants.web_api import create_app

            return create_app(CountryTaxBenefitSystem())

    ServeurWeb(
        {
            "bind": f"{args.host}:{args.port}",
            "workers": args.workers,
            "timeout": args.timeout,
            "preload_app": True,
            "accesslog": "-",
        }
    ).run()
    return 0


# (line, base shown next to it) of the breakdown printed by `calc`
LIGNES_CLASSIQUES = (
    ("maladie_maternite", "assiette_cotisations"),
    ("indemnites_journalieres", "assiette_cotisations"),
    ("allocations_familiales", "assiette_cotisations"),
    ("retraite_de_base", "retraite_de_base_assiette_retenue"),
    ("retraite_complementaire", "assiette_cotisations_partagee"),
    ("invalidite_deces", "assiette_cotisations_partagee"),
    ("conjoint_collaborateur_cotisations", "conjoint_collaborateur_base"),
    ("csg_deductible", "assiette_csg_crds"),
    ("csg_non_deductible", "assiette_csg_crds"),
    ("crds", "assiette_csg_crds"),
    ("formation_professionnelle", "pass_annuel"),
    ("contribution_maladie_mayotte", "assiette_cotisations"),
)
FACULTATIVES = ("conjoint_collaborateur_cotisations", "contribution_maladie_mayotte")  # shown when not zero
ACTIVITES = ("vente", "services_bic", "services_bnc", "meubles_tourisme_classes")


def _situation(args: argparse.Namespace) -> dict:
    if args.situation:
        with open(args.situation, encoding="utf-8") as fichier:
            situation = json.load(fichier)
        return situation
    annee = str(args.annee)
    personne = {"categorie_independant": {"ETERNITY": args.categorie}}
    if args.micro:
        personne["micro_entrepreneur"] = {annee: True}
        for activite in ACTIVITES:
            montant = getattr(args, f"ca_{activite}")
            if montant:
                personne[f"chiffre_affaires_{activite}"] = {annee: montant}
    elif args.brut is not None:
        personne["revenu_activite_brut"] = {annee: args.brut}
    else:
        personne["revenu_professionnel"] = {annee: args.revenu}
    for option, variable in (("debut", "date_debut_activite"), ("departement", "departement")):
        if getattr(args, option):
            personne[variable] = {"ETERNITY": getattr(args, option)}
    if args.acre:
        personne["acre"] = {"ETERNITY": True}
    if args.conjoint:
        personne["conjoint_collaborateur"] = {annee: True}
    return {"individus": {"personne": personne}}


def calc(args: argparse.Namespace) -> int:
    """One situation: a readable breakdown, each line with its base and rate."""
    import numpy
    from openfisca_core.simulations import SimulationBuilder

    from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
    from openfisca_independants.microsimulation import systeme

    try:
        tbs = systeme(args.reforme)
    except ValueError as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    annee = str(args.annee)
    try:
        simulation = SimulationBuilder().build_from_entities(tbs, _situation(args))
        micro = bool(simulation.calculate("micro_entrepreneur", annee)[0])
        lignes = []
        if micro:
            for activite in ACTIVITES:
                base = float(simulation.calculate_add(f"chiffre_affaires_{activite}", annee)[0])
                if base:
                    montant = float(simulation.calculate_add(f"cotisations_micro_{activite}", annee)[0])
                    lignes.append((f"cotisations micro ({activite})", base, montant))
            base_ca = float(numpy.sum([simulation.calculate_add(f"chiffre_affaires_{a}", annee)[0] for a in ACTIVITES]))
            lignes.append(("formation_professionnelle", base_ca, float(simulation.calculate("formation_professionnelle", annee)[0])))
        else:
            pass_annuel = tbs.parameters(f"{annee}-01-01").prelevements_sociaux.pss.plafond_securite_sociale_annuel
            for ligne, base_nom in LIGNES_CLASSIQUES:
                montant = float(simulation.calculate(ligne, annee)[0])
                if base_nom == "pass_annuel":
                    base = pass_annuel
                elif base_nom == "retraite_de_base_assiette_retenue":
                    base = max(
                        float(simulation.calculate("assiette_cotisations_partagee", annee)[0]),
                        float(simulation.calculate("retraite_de_base_assiette_minimale", annee)[0]),
                    )
                else:
                    base = float(simulation.calculate(base_nom, annee)[0])
                if montant or ligne not in FACULTATIVES:
                    lignes.append((ligne, base, montant))
        total = float(simulation.calculate("total_cotisations_contributions", annee)[0])
        exoneration = 0.0 if micro else float(simulation.calculate("exoneration_outre_mer", annee)[0])
    except (EntreeInvalide, SituationNonModelisee, ValueError) as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    largeur = max(len("total_cotisations_contributions"), *(len(nom) for nom, _, _ in lignes))
    print(f"{'ligne':<{largeur}}  {'base (€)':>12}  {'taux':>8}  {'montant (€)':>12}")
    for nom, base, montant in lignes:
        taux = f"{100 * montant / base:7.3f}%" if base else "       -"
        print(f"{nom:<{largeur}}  {base:12,.2f}  {taux:>8}  {montant:12,.2f}".replace(",", " "))
    print(f"{'total_cotisations_contributions':<{largeur}}  {'':>12}  {'':>8}  {total:12,.2f}".replace(",", " "))
    if exoneration:
        print(f"{'exoneration_outre_mer (not due)':<{largeur}}  {'':>12}  {'':>8}  {exoneration:12,.2f}".replace(",", " "))
    return 0


def batch(args: argparse.Namespace) -> int:
    """Exit code 0: every row computed; 1: some rows invalid (reported, the others computed);
    2: usage error (a file, column, variable or year refused: one line, nothing written); 130: interrupted."""
    from openfisca_independants import batch as moteur

    variables = args.variables or ["total_cotisations_contributions"]
    try:
        if args.engine == "dask":
            erreurs = moteur.executer_dask(args.entree, args.sortie, args.annee, variables, scheduler=args.scheduler,
                                           workers=args.workers, taille_lot=args.taille_lot, progression=not args.quiet,
                                           reforme=args.reforme)
        else:
            erreurs = moteur.executer(args.entree, args.sortie, args.annee, variables, taille_lot=args.taille_lot,
                                      progression=not args.quiet, reforme=args.reforme)
    except (ValueError, OSError) as erreur:  # ColonneManquante, HorsLegislation, ErreurFichier, SituationNonModelisee…
        if isinstance(erreur, OSError) and erreur.strerror:
            message = f"{erreur.filename}: {erreur.strerror}" if erreur.filename else erreur.strerror
        else:
            message = str(erreur).strip() or type(erreur).__name__
        print(f"error: {message.splitlines()[0]}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing written", file=sys.stderr)
        return 130
    if len(erreurs):
        fichier = moteur.ecrire_erreurs(erreurs, args.entree, args.sortie)
        moteur.rapport_erreurs(erreurs)
        print(f"full error report: {fichier}", file=sys.stderr)
        return 1
    return 0


def plot(args: argparse.Namespace) -> int:
    """Effective contribution rate by income, for each category and year, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy
    import pandas

    from openfisca_independants.microsimulation import calculer

    categories = args.categories
    revenus = numpy.linspace(args.revenu_min, args.revenu_max, args.points)
    figure, axes = plt.subplots(1, len(args.annees), figsize=(6 * len(args.annees), 4.5), squeeze=False, sharey=True)
    for axe, annee in zip(axes[0], args.annees):
        for categorie in categories:
            donnees = pandas.DataFrame({"categorie_independant": categorie, "revenu_professionnel": revenus})
            resultat = calculer(donnees, annee, ["total_cotisations_contributions"])
            taux = resultat.resultats["total_cotisations_contributions"].to_numpy() / revenus
            axe.plot(revenus, 100 * taux, label=categorie)
        axe.set_title(f"{annee} : cotisations et contributions / revenu")
        axe.set_ylim(0, args.taux_max)
        axe.set_xlabel("revenu professionnel (€)")
        axe.grid(alpha=0.3)
    axes[0][0].set_ylabel("% du revenu")
    axes[0][0].legend()
    figure.tight_layout()
    figure.savefig(args.sortie, dpi=110)
    print(f"written: {args.sortie}")
    return 0


def _source_opendata(args):
    from openfisca_independants.opendata import FICHIER_SECTEURS
    from openfisca_independants.opendata.client import Client

    if args.dataset:
        client = Client(base_url=args.base_url, cache=args.cache, timeout=args.timeout)
        return client.exporter(args.dataset, rafraichir=args.rafraichir)
    return Path(args.source) if args.source else FICHIER_SECTEURS


def opendata_estimate(args: argparse.Namespace) -> int:
    """Estimated micro-social contributions per cell and quarter, from URSSAF open data."""
    from openfisca_independants.opendata import ErreurDonnees, charger
    from openfisca_independants.opendata.client import ErreurTelechargement
    from openfisca_independants.opendata.estimation import estimer, graphiques, resume
    from openfisca_independants.opendata.population import parts_nationales, population

    try:
        donnees = charger(_source_opendata(args))
        parts = None
        if "secteur_d_activite_me" not in donnees.columns:
            from openfisca_independants.opendata import FICHIER_SECTEURS

            parts = parts_nationales(charger(args.parts_source or FICHIER_SECTEURS))
        table = population(donnees, parts)
        if "code_departement" in table.columns:
            table["departement"] = table["code_departement"]
            connus = ~table["departement"].isin(["976"])  # Mayotte: micro rates not in the sources
            if not connus.all():
                print(f"note: {(~connus).sum()} Mayotte cells left out (micro-social rates of Mayotte not in the sources)", file=sys.stderr)
                table = table[connus].reset_index(drop=True)
                table.attrs["cle"] = "code_departement"
        estimations = estimer(table, systeme_opendata(args))
    except (ErreurDonnees, ErreurTelechargement, ValueError) as erreur:
        print(f"error: {erreur}", file=sys.stderr)
        return 2
    dossier = Path(args.out)
    dossier.mkdir(parents=True, exist_ok=True)
    estimations.to_csv(dossier / "estimates.csv", index=False)
    if args.parquet:
        estimations.to_parquet(dossier / "estimates.parquet", index=False)
    chemins = graphiques(estimations, dossier)
    print(resume(estimations))
    print("written: " + ", ".join(str(p) for p in [dossier / "estimates.csv", *chemins]))
    return 0


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
    dossier = Path(args.out)
    dossier.mkdir(parents=True, exist_ok=True)
    tables = comptes(donnees)
    for nom, table in tables.items():
        table.to_csv(dossier / f"{nom}.csv", index=False)
    chemin = graphique(tables, dossier)
    print(tables["comptes_nationaux"].to_string(index=False))
    print(f"written: {', '.join(str(dossier / (nom + '.csv')) for nom in tables)}, {chemin}")
    return 0


def _positif(texte: str) -> int:
    try:
        valeur = int(texte)
    except ValueError:
        valeur = 0
    if valeur < 1:
        raise argparse.ArgumentTypeError(f"expects a positive whole number, got '{texte}'")
    return valeur


def parser() -> argparse.ArgumentParser:
    racine = argparse.ArgumentParser(prog="openfisca-independants", description="Cotisations sociales des travailleurs indépendants (OpenFisca).")
    commandes = racine.add_subparsers(dest="commande", required=True)

    web = commandes.add_parser("serve", help="start the web API (OpenFisca /calculate, /spec …)")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    web.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    web.add_argument("--timeout", type=int, default=120, help="worker timeout in seconds (default 120)")
    web.set_defaults(action=serve)

    un = commandes.add_parser("calc", help="one situation: breakdown of the contributions with bases and rates")
    un.add_argument("--annee", type=int, default=2024)
    un.add_argument("--categorie", default="commercant", choices=["artisan", "commercant", "liberal_non_reglemente", "liberal_cipav"])
    un.add_argument("--revenu", type=float, default=0.0, help="revenu professionnel (classic regime)")
    un.add_argument("--micro", action="store_true", help="micro-entrepreneur (give the turnovers with --ca-*)")
    for activite in ACTIVITES:
        un.add_argument(f"--ca-{activite.replace('_', '-')}", dest=f"ca_{activite}", type=float, default=0.0, help=f"yearly turnover, {activite}")
    un.add_argument("--debut", help="date_debut_activite (YYYY-MM-DD)")
    un.add_argument("--departement", help="INSEE code of the département")
    un.add_argument("--acre", action="store_true")
    un.add_argument("--conjoint", action="store_true", help="collaborating spouse (forfait option)")
    un.add_argument("--situation", help="a situation JSON file (web API format) instead of the options")
    un.add_argument("--reforme", help="apply a reform of openfisca_independants.reforms (e.g. sans_reforme_assiette)")
    un.add_argument("--brut", type=float, help="revenu_activite_brut (2025 on), instead of deriving it from --revenu")
    un.set_defaults(action=calc)

    lots = commandes.add_parser(
        "batch", help="a CSV or Parquet file of persons in, results out",
        description="A CSV (comma or French Excel export: ';' and decimal comma, UTF-8 or Windows-1252, detected) or "
                    "Parquet file of persons in, the same rows with their results out. Exit code 0: every row computed; "
                    "1: some rows invalid (reported, the others computed); 2: usage error (nothing written).")
    lots.add_argument("entree", help="input .csv or .parquet (one row per person, contract input columns)")
    lots.add_argument("sortie", help="output .csv or .parquet (written atomically)")
    lots.add_argument("--annee", type=int, required=True)
    lots.add_argument("--variables", nargs="+", help="output variables (default total_cotisations_contributions)")
    lots.add_argument("--engine", choices=["local", "dask"], default="local")
    lots.add_argument("--scheduler", help="dask scheduler address (default: a LocalCluster)")
    lots.add_argument("--workers", type=int, default=2, help="LocalCluster workers (dask engine)")
    lots.add_argument("--taille-lot", dest="taille_lot", type=_positif, default=200_000, help="rows per chunk")
    lots.add_argument("--quiet", action="store_true", help="no progress bar")
    lots.add_argument("--reforme", help="apply a reform of openfisca_independants.reforms (e.g. sans_reforme_assiette)")
    lots.set_defaults(action=batch)

    graphe = commandes.add_parser("plot", help="effective contribution rate by income, per category and year (PNG)")
    graphe.add_argument("--annees", type=int, nargs="+", default=[2024])
    graphe.add_argument("--categories", nargs="+", default=["artisan", "commercant", "liberal_non_reglemente", "liberal_cipav"])
    graphe.add_argument("--revenu-min", dest="revenu_min", type=float, default=5_000)
    graphe.add_argument("--revenu-max", dest="revenu_max", type=float, default=250_000)
    graphe.add_argument("--taux-max", dest="taux_max", type=float, default=70, help="top of the y axis, in %% (minimum contributions make low incomes go beyond)")
    graphe.add_argument("--points", type=int, default=400)
    graphe.add_argument("--sortie", default="taux_effectifs.png")
    graphe.set_defaults(action=plot)

    donnees = commandes.add_parser("opendata", help="URSSAF open data: estimates and counts")
    sous = donnees.add_subparsers(dest="opendata", required=True)
    for nom, aide, action in (("estimate", "estimated micro-social contributions per sector or département and quarter", opendata_estimate),
                              ("counts", "administratively vs economically active TI by type and département", opendata_counts)):
        commande = sous.add_parser(nom, help=aide)
        origine = commande.add_mutually_exclusive_group()
        origine.add_argument("--source", help="a CSV export or API JSON file (default: the shipped sector file)")
        origine.add_argument("--dataset", help="download this open.urssaf.fr dataset id (exports/csv, cached)")
        commande.add_argument("--out", required=True, help="output folder")
        commande.add_argument("--base-url", dest="base_url", default="https://open.urssaf.fr")
        commande.add_argument("--cache", help="download cache folder (default ~/.cache/openfisca-independants/opendata)")
        commande.add_argument("--timeout", type=float, default=30.0)
        commande.add_argument("--rafraichir", action="store_true", help="download again even if cached")
        if nom == "estimate":
            commande.add_argument("--parquet", action="store_true", help="also write estimates.parquet")
            commande.add_argument("--reforme", help="apply a reform of openfisca_independants.reforms")
            commande.add_argument("--parts-source", dest="parts_source", help="sector file giving the national activity mix (département datasets)")
        commande.set_defaults(action=action)
    return racine


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.action(args)


if __name__ == "__main__":
    sys.exit(main())
