"""Payment schedule of the classic regime (CSS L131-6-2, R131-2): the contributions of year N
computed by the same rules on the income of an earlier year, and the monthly instalments.

The provisional contributions of N are "the contributions of N applied to the income of N−2"
(then of N−1): rather than re-deriving each line, the whole model is run again on a copy of the
simulation in which the income of year N is replaced by that of the earlier year, every other
input of N (category, ACRE, dates, caisse…) being kept. The copy has its own storage, so the
original simulation is untouched.
"""

import numpy
from openfisca_core.data_storage import InMemoryStorage
from openfisca_core.periods import period as periode

from openfisca_independants.erreurs import SituationNonModelisee

REVENUS = ("revenu_professionnel", "revenu_activite_brut")

_SYSTEMES_SANS_REFORME = {}


def _sans_reforme(tbs):
    """The tax-benefit system under the pre-2025 rules (the rules of the 2025 provisional calls), cached."""
    cle = id(tbs)
    if cle not in _SYSTEMES_SANS_REFORME:
        from openfisca_independants.reforms.sans_reforme_assiette import sans_reforme_assiette

        _SYSTEMES_SANS_REFORME[cle] = (tbs, sans_reforme_assiette(tbs))
    return _SYSTEMES_SANS_REFORME[cle][1]


def revenu_donne(simulation, annee: int) -> bool:
    """Whether an income of `annee` was given (revenu_professionnel or revenu_activite_brut)."""
    p = periode(str(annee))
    return any(simulation.get_holder(nom).get_array(p) is not None for nom in REVENUS)


def refuser_revenu_manquant(individu, annee: int, lignes, raison: str):
    if len(lignes) and not revenu_donne(individu.simulation, annee):
        raise SituationNonModelisee(
            "revenu_professionnel",
            f"the payment schedule needs the income of {annee} ({raison}); give revenu_professionnel "
            f"or revenu_activite_brut for {annee}, it cannot be guessed",
            lignes,
        )


def _copie(simulation, annee: int, tbs):
    """A copy of the simulation with its own storage, the values computed for `annee` dropped."""
    copie = simulation.clone()
    copie.tax_benefit_system = tbs
    for population in copie.populations.values():
        for nom, holder in population._holders.items():
            ancien = holder._memory_storage
            neuf = InMemoryStorage(is_eternal=ancien.is_eternal)
            neuf._arrays = dict(ancien._arrays)
            holder._memory_storage = neuf
            variable = tbs.variables.get(nom)
            if variable is None or not variable.formulas or nom in REVENUS:
                continue
            for p in list(neuf._arrays):
                if not ancien.is_eternal and p.start.year == annee:
                    del neuf._arrays[p]
    return copie


def total_sur_revenu(individu, annee: int, annee_revenu: int, anciennes_regles: bool = False):
    """total_cotisations_contributions of `annee`, by the rules of `annee` (the pre-2025 ones when
    `anciennes_regles`), on the income of `annee_revenu`."""
    simulation = individu.simulation
    tbs = simulation.tax_benefit_system
    if anciennes_regles:
        tbs = _sans_reforme(tbs)
    copie = _copie(simulation, annee, tbs)
    p, p_revenu = periode(str(annee)), periode(str(annee_revenu))
    for nom in REVENUS:
        copie.delete_arrays(nom, p)
    if tbs.get_parameters_at_instant(p.start).reforme_assiette.en_vigueur:
        copie.set_input("revenu_activite_brut", p, simulation.calculate("revenu_activite_brut", p_revenu))
    copie.set_input("revenu_professionnel", p, simulation.calculate("revenu_professionnel", p_revenu))
    return copie.calculate("total_cotisations_contributions", p)


def sous_anciennes_regles(individu, annee: int, variable: str):
    """`variable` of `annee` computed by the pre-2025 rules (the rules of the 2025 provisional calls)."""
    copie = _copie(individu.simulation, annee, _sans_reforme(individu.simulation.tax_benefit_system))
    return copie.calculate(variable, periode(str(annee)))


def repartir(premier_montant, montant_total, nombre: int, rang_recalcul, rang_premier=1):
    """Instalments 1…nombre of a year: `premier_montant` spread evenly over the instalments from
    `rang_premier`, until the instalment `rang_recalcul` from which what remains of `montant_total`
    is spread evenly over the remaining ones. Returns an array (persons × nombre)."""
    premier_montant = numpy.asarray(premier_montant, dtype=float)
    montant_total = numpy.asarray(montant_total, dtype=float)
    rangs = numpy.arange(1, nombre + 1)[None, :]
    rang_premier = numpy.asarray(rang_premier)[:, None] if numpy.ndim(rang_premier) else rang_premier
    rang_recalcul = numpy.asarray(rang_recalcul)[:, None] if numpy.ndim(rang_recalcul) else rang_recalcul
    avant_nombre = numpy.maximum(numpy.minimum(rang_recalcul, nombre + 1) - rang_premier, 0)
    total_initial = numpy.maximum(nombre - rang_premier + 1, 1)
    initial = premier_montant[:, None] / total_initial
    deja = initial * avant_nombre
    reste_nombre = numpy.maximum(nombre - numpy.maximum(rang_recalcul, rang_premier) + 1, 1)
    ensuite = (montant_total[:, None] - deja) / reste_nombre
    actif = rangs >= rang_premier
    return numpy.where(actif & (rangs < rang_recalcul), initial, numpy.where(actif & (rangs >= rang_recalcul), ensuite, 0.0))
