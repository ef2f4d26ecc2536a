"""The estimate on the shipped export against the published aggregates shipped with the package."""

import matplotlib.figure
import pandas
import pytest

from openfisca_independants.cli import main
from openfisca_independants.opendata import FICHIER_SECTEURS, charger
from openfisca_independants.opendata.comparaison import comparer
from openfisca_independants.opendata.estimation import estimer
from openfisca_independants.opendata.population import population
from openfisca_independants.opendata.reglages import agregats_publies

# Revisions of the turnover between a first publication (extraction ~5 months after the quarter)
# and the later export shipped: late declarations are added, none removed. Acoss/Urssaf first
# publications found: 2014-Q2 … 2022-Q2 and the year 2018; the export lies 0 to 10 % above them.
REVISION_MIN, REVISION_MAX = 1.0, 1.10


@pytest.fixture(scope="module")
def comparaison():
    return comparer(estimer(population(charger(FICHIER_SECTEURS))), agregats_publies())


def test_fichier_des_agregats_publies():
    publies = agregats_publies()
    assert set(publies["concept"]) <= {"chiffre_affaires", "revenu_micro_fiscal", "compensation_acre_tous_regimes",
                                       "revenu_mensuel_moyen_ti_classiques", "revenu_global_ti_classiques"}
    for colonne in ("valeur", "unite", "millesime", "source", "adresse"):
        assert publies[colonne].notna().all() and (publies[colonne].astype(str).str.len() > 0).all(), colonne
    revenu_2023 = publies[(publies["concept"] == "revenu_micro_fiscal") & (publies["annee"] == 2023)].iloc[0]
    assert revenu_2023["valeur"] == 14.5e9 and "Stat'Ur n° 392" in revenu_2023["millesime"]
    # derived figures say how they were derived
    assert publies[publies["note"].str.startswith("derived", na=False)]["note"].str.contains("×|÷").all()


def test_revenu_micro_fiscal_2023_a_3_pourcents_du_chiffre_publie(comparaison):
    ligne = comparaison[(comparaison["concept"] == "revenu_micro_fiscal") & (comparaison["annee"] == 2023)].iloc[0]
    assert ligne["publie"] == 14.5e9
    assert abs(ligne["ratio"] - 1) <= 0.03


def test_chiffre_d_affaires_dans_l_intervalle_des_revisions(comparaison):
    chiffres = comparaison[comparaison["concept"] == "chiffre_affaires"]
    assert len(chiffres) >= 8
    assert chiffres["ratio"].between(REVISION_MIN, REVISION_MAX).all(), chiffres[["annee", "trimestre", "ratio"]]


def test_acre_comparee_seulement_avec_un_recours(comparaison):
    assert "compensation_acre_tous_regimes" not in set(comparaison["concept"])  # no take-up: nothing said of the ACRE


def _espionner(monkeypatch):
    figures = {}
    origine = matplotlib.figure.Figure.savefig

    def espion(figure, chemin, *args, **kwargs):
        figure.canvas.draw()
        figures[str(chemin).rsplit("/", 1)[-1]] = {
            "titres": [axe.get_title() for axe in figure.axes],
            "x": [t.get_text() for axe in figure.axes for t in axe.get_xticklabels()],
            "decalage": [axe.xaxis.get_offset_text().get_text() for axe in figure.axes],
            "textes_dans_les_axes": sum(len(axe.texts) for axe in figure.axes),
            "source": [t.get_text() for t in figure.texts if t.get_gid() == "source"],
        }
        return origine(figure, chemin, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", espion)
    return figures


def test_cli_ecrit_la_comparaison_et_ses_graphiques(tmp_path, capsys, monkeypatch):
    figures = _espionner(monkeypatch)
    assert main(["opendata", "estimate", "--out", str(tmp_path), "--acre-recours", "2023=0.3", "2024=0.3"]) == 0
    sortie = capsys.readouterr()
    table = pandas.read_csv(tmp_path / "comparaison.csv")
    assert {"annee", "trimestre", "concept", "modele", "publie", "ratio", "millesime", "source", "adresse"} <= set(table.columns)
    assert (table["ratio"] == table["modele"] / table["publie"]).all()
    assert "compensation_acre_tous_regimes" in set(table["concept"])  # a take-up given: the ACRE is compared
    assert "revenu_micro_fiscal" in sortie.out and "ratio" in sortie.out
    notes = (tmp_path / "notes.txt").read_text(encoding="utf-8")
    assert "2023: 0.3" in notes and "set by the user" in notes
    assert "note: ACRE take-up" in sortie.err
    estimations = pandas.read_csv(tmp_path / "estimates.csv")
    for colonne in ("cotisations_estimees", "reduction_acre", "deduction_covid", "formation_professionnelle", "taxe_frais_chambre",
                    "versement_liberatoire", "revenu_micro_fiscal", "cotisations_encaissees"):
        assert colonne in estimations.columns
    for nom in ("comparaison.png", "cotisations_par_annee.png", "taux_effectif.png"):
        assert (tmp_path / nom).read_bytes()[:4] == b"\x89PNG"
        figure = figures[nom]
        # the export's vintage and the source on every chart
        assert any("Source : Urssaf" in s and "copie du 2026-01-02" in s for s in figure["source"]), nom
        # nothing written inside the plotting area (annotations never cover a curve), no "+2.02e3" offset
        assert figure["textes_dans_les_axes"] == 0, nom
        assert not any(d for d in figure["decalage"]), nom
    # integer year ticks
    for nom in ("comparaison.png", "cotisations_par_annee.png"):
        annees = [t for t in figures[nom]["x"] if t]
        assert annees and all(t.isdigit() and len(t) == 4 for t in annees), (nom, annees)
    # titles say what is shown
    assert "taux plein" in figures["cotisations_par_annee.png"]["titres"][0]
    assert "taux plein" in figures["taux_effectif.png"]["titres"][0]
    assert any("publiés" in t for t in figures["comparaison.png"]["titres"])
