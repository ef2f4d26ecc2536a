"""openfisca_independants.outils: a rule computed on some rows only (Lignes, sur_lignes) reads the
simulation's variables at those rows and names the population's rows when it refuses some."""

import numpy
import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee
from openfisca_independants.microsimulation import systeme
from openfisca_independants.outils import Lignes, code_dans, disperser, sur_lignes, sur_lignes_disperse


def _population(revenus):
    simulation = SimulationBuilder().build_default_simulation(systeme(), len(revenus))
    simulation.set_input("revenu_professionnel", "2024", numpy.asarray(revenus, dtype=float))
    return simulation.populations["individu"]


def test_une_vue_lit_les_variables_a_ses_lignes():
    individu = _population([10, 20, 30, 40])
    vue = Lignes(individu, [1, 3])
    assert vue.count == 2
    assert list(vue("revenu_professionnel", "2024")) == [20, 40]
    assert list(Lignes(vue, [1])("revenu_professionnel", "2024")) == [40]  # a view of a view


def test_sur_lignes_coupe_les_tableaux_et_disperse_le_resultat():
    individu = _population([10, 20, 30, 40])
    doubles = sur_lignes_disperse(individu, numpy.array([False, True, False, True]),
                                  lambda personnes, x: 2 * x, numpy.array([1.0, 2.0, 3.0, 4.0]), defaut=-1.0)
    assert list(doubles) == [-1, 4, -1, 8]


@pytest.mark.parametrize("erreur", [EntreeInvalide, SituationNonModelisee])
def test_un_refus_sur_une_vue_nomme_les_lignes_de_la_population(erreur):
    individu = _population([10, 20, 30, 40])

    def regle(personnes):  # refuses the second person it sees
        if erreur is EntreeInvalide:
            raise EntreeInvalide("revenu_professionnel", [1], "refused")
        raise SituationNonModelisee("revenu_professionnel", "refused", [1])

    with pytest.raises(erreur) as refus:
        sur_lignes(individu, [0, 2, 3], regle)
    assert refus.value.lignes == [2]


def test_code_dans_une_colonne_factorisee_une_fois():
    codes = numpy.array(["75", "971", "2A", "75"], dtype=object)
    assert list(code_dans(codes, ["971", "974"])) == [False, True, False, False]
    assert list(code_dans(codes, ["75"])) == [True, False, False, True]  # the same array, its factorisation reused
    assert list(code_dans(codes.astype("S3"), ["2A"])) == [False, False, True, False]


def test_les_vues_des_memes_lignes_partagent_leurs_coupes():
    individu = _population([10, 20, 30, 40])
    premiere = sur_lignes(individu, numpy.array([False, True, False, True]), lambda vue: vue("revenu_professionnel", "2024"))
    seconde = sur_lignes(individu, numpy.array([False, True, False, True]), lambda vue: vue("revenu_professionnel", "2024"))
    assert seconde is premiere and list(premiere) == [20, 40]  # cut once for these rows
    assert not premiere.flags.writeable  # shared: nobody may change it
    individu.simulation.set_input("revenu_professionnel", "2024", numpy.array([1.0, 2.0, 3.0, 4.0]))
    assert list(Lignes(individu, [1, 3])("revenu_professionnel", "2024")) == [2, 4]  # the population's array changed: cut again


def test_disperser_un_zero_positif():
    assert list(numpy.signbit(disperser(3, [1], numpy.array([-0.0], dtype=numpy.float32), numpy.float32(0)))) == [False, True, False]
    assert list(disperser(3, [1], [5], -1.0)) == [-1, 5, -1]
