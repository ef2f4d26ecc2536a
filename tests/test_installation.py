"""The installed package ships every model file of the checkout and computes."""

from pathlib import Path

import openfisca_independants
from openfisca_independants import dossier_modele

RACINE = Path(__file__).resolve().parents[1]


def _relatifs(base: Path, motif: str) -> set:
    return {str(p.relative_to(base)) for p in base.rglob(motif) if "__pycache__" not in p.parts}


def test_le_paquet_charge_contient_les_fichiers_du_depot():
    for dossier, motif in (("variables", "*.py"), ("parameters", "*.yaml")):
        assert _relatifs(dossier_modele(dossier), motif) == _relatifs(RACINE / dossier, motif), dossier


def test_exemples_de_situation_livres(tbs):
    exemples = Path(openfisca_independants.__file__).parent / "situation_examples"
    assert {p.name for p in exemples.glob("*.json")} >= {
        "artisan_30000_2024.json",
        "commercant_revenu_nul_2024.json",
        "liberal_non_reglemente_100000_2024.json",
    }
    assert tbs.open_api_config["simulation_example"]["individus"]["alice"]["revenu_professionnel"] == {"2024": 30000}


def test_toutes_les_variables_se_calculent_chaque_annee(tbs):
    """Every variable computes, finite and non-negative where it is an amount, every year 2019–2026."""
    import numpy
    from openfisca_core.simulations import SimulationBuilder

    revenus = [-20000, 0, 5000, 18000, 30000, 50000, 60000, 150000, 250000, 1e6]
    categories = ["artisan", "commercant", "liberal_non_reglemente"]
    n = len(revenus) * len(categories)
    for annee in range(2019, 2027):
        builder = SimulationBuilder()
        builder.create_entities(tbs)
        builder.declare_person_entity("individu", [f"i{k}" for k in range(n)])
        simulation = builder.build(tbs)
        simulation.set_input("revenu_professionnel", str(annee), numpy.tile(revenus, len(categories)))
        simulation.set_input("categorie_independant", "ETERNITY", numpy.repeat(categories, len(revenus)))
        for name, variable in tbs.variables.items():
            if variable.entity.key != "individu" or not variable.formulas:
                continue
            valeurs = simulation.calculate(name, str(annee))
            assert numpy.isfinite(valeurs).all(), (name, annee)
            if variable.unit == "currency-EUR" and name != "revenu_professionnel":
                assert (valeurs >= 0).all(), (name, annee)
