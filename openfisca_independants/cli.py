"""Command line: `openfisca-independants serve [--host H] [--port P] [--workers N]`."""

import argparse
import sys

from gunicorn.app.base import BaseApplication


class _ServeurWeb(BaseApplication):
    """gunicorn serving this package's web API (one tax-benefit system loaded per worker)."""

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


def serve(args: argparse.Namespace) -> int:
    _ServeurWeb(
        {
            "bind": f"{args.host}:{args.port}",
            "workers": args.workers,
            "timeout": args.timeout,
            "preload_app": True,
            "accesslog": "-",
        }
    ).run()
    return 0


def parser() -> argparse.ArgumentParser:
    racine = argparse.ArgumentParser(
        prog="openfisca-independants",
        description="Cotisations sociales des travailleurs indépendants (OpenFisca).",
    )
    commandes = racine.add_subparsers(dest="commande", required=True)
    web = commandes.add_parser("serve", help="start the web API (OpenFisca /calculate, /spec …)")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    web.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    web.add_argument("--timeout", type=int, default=120, help="worker timeout in seconds (default 120)")
    web.set_defaults(action=serve)
    return racine


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.action(args)


if __name__ == "__main__":
    sys.exit(main())
