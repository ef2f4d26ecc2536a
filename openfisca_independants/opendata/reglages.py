"""Settings of the open-data estimate: what the URSSAF series leave out, made explicit.

The defaults, their dates and their sources are in `donnees/urssaf/reglages_estimation.yaml`
(no legal number or date in this module); `Reglages.defaut()` reads them, and the command line
overrides a few (`opendata estimate --acre-recours 2019=0.4 --part-drom 0.03 …`). `notes()`
says, for the output, which setting was used and where its default comes from.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas
import yaml

FICHIER_REGLAGES = Path(__file__).resolve().parents[1] / "donnees" / "urssaf" / "reglages_estimation.yaml"
FICHIER_AGREGATS = Path(__file__).resolve().parents[1] / "donnees" / "urssaf" / "agregats_publies.csv"


@dataclasses.dataclass(frozen=True)
class Deduction:
    """Months whose turnover the micro-entrepreneurs of some sectors could deduct (Covid)."""

    secteurs: tuple
    premier_mois: str  # "YYYY-MM"
    dernier_mois: str
    source: str = ""


@dataclasses.dataclass(frozen=True)
class Reglages:
    recours_acre: dict = dataclasses.field(default_factory=dict)  # year of registration → take-up
    chiffre_affaires_relatif_acre: float = 1.0
    part_drom: float = 0.0
    departement_drom: str = "974"
    deductions_covid: tuple = ()
    recours_covid: float = 1.0
    recours_versement_liberatoire: float = 0.0
    encaissement: bool = False
    part_decalee: float = 1.0
    taux_recouvrement: float = 1.0
    sources: dict = dataclasses.field(default_factory=dict, compare=False)

    @classmethod
    def defaut(cls, fichier: Path = FICHIER_REGLAGES) -> "Reglages":
        """The defaults of the settings file."""
        brut = yaml.safe_load(Path(fichier).read_text(encoding="utf-8"))
        deductions = tuple(Deduction(tuple(d["secteurs"]), str(d["premier_mois"]), str(d["dernier_mois"]), d.get("source", "").strip())
                           for d in brut["covid"]["deductions"])
        sources = {
            "acre": brut["acre"]["recours"]["source"].strip(),
            "acre_chiffre": brut["acre"]["chiffre_affaires_relatif"]["source"].strip(),
            "drom": brut["drom"]["part_chiffre_affaires"]["source"].strip(),
            "covid": brut["covid"]["recours"]["source"].strip(),
            "versement_liberatoire": brut["versement_liberatoire"]["recours"]["source"].strip(),
            "encaissement": brut["encaissement"]["part_decalee"]["source"].strip(),
            "recouvrement": brut["encaissement"]["taux_recouvrement"]["source"].strip(),
        }
        return cls(
            recours_acre={int(annee): float(taux) for annee, taux in (brut["acre"]["recours"]["valeurs"] or {}).items()},
            chiffre_affaires_relatif_acre=float(brut["acre"]["chiffre_affaires_relatif"]["valeur"]),
            part_drom=float(brut["drom"]["part_chiffre_affaires"]["valeur"]),
            departement_drom=str(brut["drom"]["departement"]["valeur"]),
            deductions_covid=deductions,
            recours_covid=float(brut["covid"]["recours"]["valeur"]),
            recours_versement_liberatoire=float(brut["versement_liberatoire"]["recours"]["valeur"]),
            part_decalee=float(brut["encaissement"]["part_decalee"]["valeur"]),
            taux_recouvrement=float(brut["encaissement"]["taux_recouvrement"]["valeur"]),
            sources=sources,
        )

    def avec(self, **changements) -> "Reglages":
        """A copy with some settings changed (checked: shares between 0 and 1)."""
        reglages = dataclasses.replace(self, **changements)
        reglages.verifier()
        return reglages

    def verifier(self) -> None:
        parts = {"part_drom": self.part_drom, "recours_covid": self.recours_covid, "part_decalee": self.part_decalee,
                 "recours_versement_liberatoire": self.recours_versement_liberatoire, "taux_recouvrement": self.taux_recouvrement}
        parts.update({f"recours_acre[{annee}]": taux for annee, taux in self.recours_acre.items()})
        for nom, valeur in parts.items():
            if not 0 <= valeur <= 1:
                raise ValueError(f"setting {nom} must be between 0 and 1, got {valeur}")
        if self.chiffre_affaires_relatif_acre < 0:
            raise ValueError(f"setting chiffre_affaires_relatif_acre must not be negative, got {self.chiffre_affaires_relatif_acre}")

    def notes(self) -> list[str]:
        """One line per setting: its value and where the default comes from (for the output's notes)."""
        par_defaut = Reglages.defaut()
        s = par_defaut.sources

        def origine(nom):
            return "default" if getattr(self, nom) == getattr(par_defaut, nom) else "set by the user"

        acre = ", ".join(f"{annee}: {taux:g}" for annee, taux in sorted(self.recours_acre.items())) or "none"
        lignes = [
            f"ACRE take-up by year of registration: {acre} ({origine('recours_acre')}; default source: {s['acre']}); "
            f"rates and periods: the model's parameters micro_entrepreneur.acre",
            f"ACRE beneficiaries' relative turnover: {self.chiffre_affaires_relatif_acre:g} ({origine('chiffre_affaires_relatif_acre')}; {s['acre_chiffre']})",
            f"DROM share of the sector series' turnover: {self.part_drom:g} at the rates of département {self.departement_drom} "
            f"({origine('part_drom')}; default source: {s['drom']})",
            f"Covid deductions (take-up {self.recours_covid:g}, {origine('recours_covid')}; {s['covid']}): "
            + "; ".join(f"{', '.join(d.secteurs)} {d.premier_mois} to {d.dernier_mois} ({d.source})" for d in self.deductions_covid),
            f"versement libératoire take-up: {self.recours_versement_liberatoire:g} ({origine('recours_versement_liberatoire')}; "
            f"default source: {s['versement_liberatoire']}); separate column, income tax",
            "CFP and chamber taxes: the model's rates (artisans at the CMA and artisans' CFP rates for the sectors of "
            "population.SECTEURS_ARTISANAUX); separate columns, not in the micro-social contributions",
            f"cash basis: {'on' if self.encaissement else 'off'}; share paid the next quarter {self.part_decalee:g} ({s['encaissement']}); "
            f"collection rate {self.taux_recouvrement:g} ({s['recouvrement']})",
        ]
        return lignes


def lire_recours(textes: list[str] | None) -> dict:
    """`--acre-recours 2019=0.4 2020=0.3` → {2019: 0.4, 2020: 0.3} (a one-line error names the bad item)."""
    recours = {}
    for texte in textes or []:
        try:
            annee, taux = texte.split("=")
            recours[int(annee)] = float(taux)
        except ValueError:
            raise ValueError(f"--acre-recours: expects YEAR=SHARE such as 2019=0.4, got '{texte}'") from None
    return recours


def agregats_publies(fichier: Path = FICHIER_AGREGATS) -> pandas.DataFrame:
    """The published aggregates shipped with the package (comment lines start with '#')."""
    table = pandas.read_csv(fichier, comment="#", dtype={"trimestre": "Int64"})
    table.attrs["fichier"] = str(fichier)
    return table
