"""Outre-mer, classic regime: the README example, refusals, the Mayotte CSG switch, mixed
populations, the net-to-gross derivation in the DROM, and the web API."""

import re
from pathlib import Path

import numpy
import pytest
from openfisca_core.reforms import Reform
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.cli import main
from openfisca_independants.erreurs import SituationNonModelisee
from openfisca_independants.web_api import create_app

README = Path(__file__).resolve().parents[1] / "README.md"


def _simulation(tbs, personnes, _annee=None):
    return SimulationBuilder().build_from_entities(tbs, {"individus": personnes})


def _personne(annee, departement="974", debut="2010-01-01", categorie="artisan", **autres):
    personne = {
        "categorie_independant": {"ETERNITY": categorie},
        "departement": {"ETERNITY": departement},
        "date_debut_activite": {"ETERNITY": debut},
    }
    personne.update({cle: {annee: valeur} for cle, valeur in autres.items()})
    return personne


@pytest.mark.parametrize(
    "options, total",
    [
        (["--departement", "974", "--debut", "2024-01-01"], "2 934.47"),
        (["--departement", "974", "--debut", "2022-01-01"], "7 823.59"),
        (["--departement", "974", "--debut", "2020-01-01"], "11 870.68"),
        (["--debut", "2020-01-01"], "18 042.19"),
    ],
)
def test_exemple_du_readme(capsys, options, total):
    assert main(["calc", "--annee", "2024", "--categorie", "artisan", "--revenu", "40000", *options]) == 0
    sortie = capsys.readouterr().out
    assert re.search(rf"Total des cotisations et contributions sociales[^\n]*\s{total}\n", sortie)
    assert f"**{total}**" in README.read_text(encoding="utf-8")


def test_mayotte_avant_2025_refuse(tbs):
    simulation = _simulation(tbs, {"a": _personne("2024", "976", revenu_professionnel=30000)}, "2024")
    with pytest.raises(SituationNonModelisee) as erreur:
        simulation.calculate("total_cotisations_contributions", "2024")
    assert erreur.value.variable == "departement" and "2025 and 2026" in str(erreur.value)


def test_mayotte_cipav_refuse(tbs):
    simulation = _simulation(tbs, {"a": _personne("2025", "976", categorie="liberal_cipav", revenu_activite_brut=30000)}, "2025")
    with pytest.raises(SituationNonModelisee, match="CNAVPL"):
        simulation.calculate("total_cotisations_contributions", "2025")


def test_mayotte_autre_lecture_de_la_csg(tbs):
    """The single parameter outre_mer.mayotte.csg_applicable switches the CSG on (modele-ti's reading)."""

    class avec_csg(Reform):
        def apply(self):
            self.modify_parameters(lambda p: (p.outre_mer.mayotte.csg_applicable.update(start="2025-01-01", value=True), p)[1])

    personnes = {"a": _personne("2025", "976", revenu_activite_brut=30000)}
    sans = _simulation(tbs, personnes, "2025").calculate("csg_deductible", "2025")[0]
    avec = _simulation(avec_csg(tbs), personnes, "2025").calculate("csg_deductible", "2025")[0]
    # assiette unique 30 000 × 0,74 = 22 200 ; 6,8 % × 22 200 = 1 509,60
    assert sans == 0 and avec == pytest.approx(1509.60, abs=0.01)


VARIABLES = ("total_cotisations_contributions", "exoneration_outre_mer", "maladie_maternite", "retraite_de_base", "csg_deductible")


def test_population_melangee_identique_aux_cas_isoles(tbs):
    """Metropolitan, DROM and Mayotte rows in one vectorised run give each row's own result (float32 storage: to the cent)."""
    personnes = {
        "paris": _personne("2025", "75", revenu_activite_brut=60000),
        "reunion_an1": _personne("2025", "974", "2025-03-01", revenu_activite_brut=60000),
        "guyane_an3": _personne("2025", "973", "2023-01-01", revenu_activite_brut=90000),
        "cipav_an2": _personne("2025", "972", "2024-01-01", "liberal_cipav", revenu_activite_brut=40000),
        "mayotte": _personne("2025", "976", "2015-01-01", revenu_activite_brut=60000),
        "mayotte_an1": _personne("2025", "976", "2025-01-01", revenu_activite_brut=60000),
    }
    ensemble = _simulation(tbs, personnes, "2025")
    for variable in VARIABLES:
        resultats = ensemble.calculate(variable, "2025")
        for rang, (nom, personne) in enumerate(personnes.items()):
            seul = _simulation(tbs, {nom: personne}, "2025").calculate(variable, "2025")[0]
            assert resultats[rang] == pytest.approx(seul, abs=0.01), (variable, nom)


def test_revenu_net_vers_brut_outre_mer(tbs):
    """With only the net income for 2025, gross − deductible contributions gives back the net."""
    personnes = {
        "an1": _personne("2025", "974", "2025-01-01", revenu_professionnel=30000),
        "an3": _personne("2025", "974", "2023-01-01", revenu_professionnel=30000),
        "mayotte": _personne("2025", "976", "2015-01-01", revenu_professionnel=30000),
    }
    simulation = _simulation(tbs, personnes, "2025")
    brut = simulation.calculate("revenu_activite_brut", "2025")
    deductible = (
        simulation.calculate("cotisations_sociales", "2025")
        + simulation.calculate("csg_deductible", "2025")
        + simulation.calculate("formation_professionnelle", "2025")
        + simulation.calculate("contribution_maladie_mayotte", "2025")
    )
    assert numpy.allclose(brut - deductible, 30000, atol=0.01)
    # year 1 in La Réunion: almost nothing deductible (RCI and CFP), so gross < year 3's
    assert brut[0] < brut[1]


def test_web_api_mayotte_hors_annees_en_4xx(tbs):
    client = create_app(tbs).test_client()
    situation = {
        "individus": {"a": {**_personne("2024", "976", revenu_professionnel=30000), "total_cotisations_contributions": {"2024": None}}},
        "foyers_fiscaux": {"f": {"declarants": ["a"]}},
    }
    reponse = client.post("/calculate", json=situation)
    assert 400 <= reponse.status_code < 500
    assert "departement" in reponse.get_data(as_text=True)


def test_web_api_exoneration_outre_mer(tbs):
    client = create_app(tbs).test_client()
    situation = {
        "individus": {"a": {**_personne("2024", "974", "2024-01-01", revenu_professionnel=40000), "exoneration_outre_mer": {"2024": None}}},
        "foyers_fiscaux": {"f": {"declarants": ["a"]}},
    }
    reponse = client.post("/calculate", json=situation)
    assert reponse.status_code == 200
    # year 1, R = 40 000 < 110 % PASS: 6,70 + 0,50 + 3,10 + 17,75 + 1,30 = 29,35 % × 40 000 = 11 740
    # + CSG-CRDS 9,7 % × (40 000 + RCI 2 800) = 4 151,60 ⇒ 15 891,60
    assert reponse.get_json()["individus"]["a"]["exoneration_outre_mer"]["2024"] == pytest.approx(15891.60, abs=0.01)


def test_batch_mayotte_hors_annees_ligne_signalee():
    """A batch run reports the Mayotte rows of an unmodelled year by row and computes the others."""
    import pandas

    from openfisca_independants.microsimulation import calculer

    donnees = pandas.DataFrame(
        {
            "categorie_independant": ["artisan", "artisan", "artisan"],
            "revenu_professionnel": [40000, 40000, 40000],
            "departement": ["974", "976", "75"],
            "date_debut_activite": ["2024-01-01", "2024-01-01", "2020-01-01"],
        }
    )
    resultat = calculer(donnees, 2024, ["total_cotisations_contributions"], premiere_ligne=1)
    assert list(resultat.erreurs["ligne"]) == [2] and list(resultat.erreurs["colonne"]) == ["departement"]
    totaux = resultat.resultats["total_cotisations_contributions"]
    assert numpy.isnan(totaux[1])
    # La Réunion year 1: RCI 7 % × 40 000 + CFP 0,29 % × 46 368 = 2 934,47. Paris: maladie
    # 5,91838 % × 40 000 − IJ 200 = 2 167,35 ; IJ 200 ; AF 0 ; RB 7 100 ; RCI 2 800 ; ID 520 ⇒ 12 787,35 ;
    # CSG-CRDS 9,7 % × 52 787,35 = 5 120,37 ; CFP 134,47 ⇒ 18 042,19
    assert totaux[0] == pytest.approx(2934.47, abs=0.01) and totaux[2] == pytest.approx(18042.19, abs=0.01)


def test_les_listes_d_exoneration_outre_mer_ne_nomment_que_des_risques_connus():
    """A misspelt risk name in parameters/outre_mer/cotisations_exonerees/ would silently switch
    an exoneration off: every name, at every date, is a key of regles.exonerations.EXONERATIONS
    that the overseas exonerations may cover."""
    from openfisca_independants import CountryTaxBenefitSystem
    from openfisca_independants.regles.exonerations import EXONERATIONS

    listes = CountryTaxBenefitSystem().parameters.outre_mer.cotisations_exonerees
    couvrables = {risque for risque, exonerations in EXONERATIONS.items() if "outre_mer" in exonerations}
    for liste in listes.children.values():
        for valeur in liste.values_list:
            assert set(valeur.value or []) <= couvrables, (liste.name, valeur.instant_str, set(valeur.value) - couvrables)
