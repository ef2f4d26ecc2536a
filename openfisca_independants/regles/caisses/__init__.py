"""The schemes of each pension fund of the professions libérales réglementées, one module per
caisse (its retraite complémentaire, invalidité-décès, and PCV/ASV or base pension where it has
its own), and the dispatch of a line to the caisse of each person (`par_caisse`).

A caisse whose rule is not in a line's table is refused, naming the categories, the line and the
year: never an SSI or Cipav computation in its place."""

import numpy
from openfisca_core.model_api import where

from openfisca_independants.outils import _disperser, sur_lignes
from openfisca_independants.parametres import parametre
from openfisca_independants.regles.base import hors_regime_classique, refuser


def par_caisse(individu, period, parameters, table, ligne, defaut, assiette, concernes=None):
    """`defaut` (the SSI rule's values, an array or a tuple of arrays), replaced for each person
    whose caisse is in `table` by that caisse's function (computed on that caisse's members only); the persons of a caisse not in `table`
    (among `concernes` when given) are refused."""
    caisse = individu("caisse_retraite_complementaire", period)
    valeurs = caisse.possible_values
    codes = numpy.asarray(caisse)
    a_refuser, non_codees = numpy.zeros(individu.count, dtype=bool), []
    resultat = defaut
    for membre in valeurs:
        if membre.name == "ssi":
            continue
        masque = codes == membre.index
        if concernes is not None:
            masque = masque & concernes
        if not masque.any():
            continue
        fonction = table.get(membre.name)
        if fonction is None:
            a_refuser |= masque
            non_codees.append(membre.name.upper())
            continue
        # computed on the caisse's members only (outils.sur_lignes), then put back at their rows
        lignes = numpy.flatnonzero(masque)
        valeurs_caisse = sur_lignes(individu, lignes, lambda membres, base: fonction(
            membres, period, parameters, base, numpy.ones(membres.count, dtype=bool)), assiette)
        if isinstance(resultat, tuple):
            resultat = tuple(_disperser(individu.count, lignes, v, r) for v, r in zip(valeurs_caisse, resultat))
        else:
            resultat = _disperser(individu.count, lignes, valeurs_caisse, resultat)
    if a_refuser.any():
        a_refuser &= ~hors_regime_classique(individu, period)
    refuser(individu, period, a_refuser, ligne, f"the rules of the pension fund ({', '.join(non_codees)}) are not coded yet.")
    return resultat


def forfait_source(individu, period, masque, noeud, ligne, caisse, nom="forfait"):
    """The flat amount `nom` of the parameter node `noeud`; refused for the persons of `masque` when
    the sources give none for the year."""
    forfait = parametre(noeud, nom)
    if numpy.isnan(forfait):
        refuser(individu, period, masque, ligne, f"the {caisse} flat amount of this year is not in the model's sources.")
    return forfait
