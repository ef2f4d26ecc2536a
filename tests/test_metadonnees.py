"""Code health: metadata of variables and parameters (style guide §1.7)."""

import re
from collections import Counter

from openfisca_core.parameters import Parameter, ParameterScale

UNITES_SEUILS = {"PSS", "currency-EUR"}


def _feuilles(node):
    for child in node.children.values():
        if isinstance(child, (Parameter, ParameterScale)):
            yield child
        else:
            yield from _feuilles(child)


def _references(values_metadata):
    return values_metadata.get("reference")


def test_chaque_variable_a_label_reference_et_unite(tbs):
    for name, variable in tbs.variables.items():
        assert variable.label, name
        assert variable.reference, name
        if variable.value_type is float:
            assert variable.unit, name


def test_labels_uniques(tbs):
    doublons = [label for label, n in Counter(v.label for v in tbs.variables.values()).items() if n > 1]
    assert not doublons


def test_chaque_parametre_a_description_unite_et_validite(tbs):
    for leaf in _feuilles(tbs.parameters):
        assert leaf.description, leaf.name
        assert leaf.metadata.get("last_value_still_valid_on"), leaf.name
        if isinstance(leaf, ParameterScale):
            assert leaf.metadata.get("threshold_unit") in UNITES_SEUILS, leaf.name
            assert leaf.metadata.get("rate_unit"), leaf.name
        else:
            assert leaf.metadata.get("unit"), leaf.name


def _valeurs_datees(leaf):
    if isinstance(leaf, ParameterScale):
        for bracket in leaf.brackets:
            for child in bracket.children.values():
                yield from child.values_list
    else:
        yield from leaf.values_list


def test_chaque_valeur_datee_a_une_reference(tbs):
    for leaf in _feuilles(tbs.parameters):
        for value in _valeurs_datees(leaf):
            references = value.metadata.get("reference")
            assert references, f"{leaf.name} {value.instant_str}"
            assert all(ref.get("title") for ref in references), f"{leaf.name} {value.instant_str}"


def _sources_python():
    from pathlib import Path

    import openfisca_independants
    from openfisca_independants import dossier_modele

    fichiers = [*dossier_modele("variables").rglob("*.py"), *Path(openfisca_independants.__file__).parent.rglob("*.py")]
    return [p.read_text() for p in fichiers]


def _nom_lu(source, nom):
    """`nom` read as an attribute (`p.nom`), a string key (`parametre(p, "nom")`, `getattr(p, "nom")`)
    or through a name built in an f-string (`getattr(t, f"abattement_micro_{activite}")`)."""
    if re.search(rf"(\.|[\"']){nom}\b", source):
        return True
    return any(nom.startswith(prefixe) for prefixe in re.findall(r'f"([a-z_]+)\{', source))


def test_chaque_parametre_est_lu_par_une_formule(tbs):
    """Every parameter leaf is read by the code (France reads rates it never uses).

    A leaf counts as read when one Python file of the model holds its full dotted path
    (`cotisations.retraite_complementaire.cipav.regime`), or reads its name as an attribute, a
    string key or an f-string-built name AND names its parent node as a word (`p = parameters(
    period).cotisations.retraite_complementaire.cipav` then `p.regime`).

    Limit: this is a textual check, not a resolution of the code's attribute chains. Two leaves of
    the same name under two parents of the same name (`ssi.plafond` under two risks), or a parent
    name used in the file for something else, can pass without the leaf being read; a precise
    check would have to follow each `p = parameters(period)...` assignment to its uses.
    """
    sources = _sources_python()
    non_lus = []
    for leaf in _feuilles(tbs.parameters):
        *parents, nom = leaf.name.split(".")
        parent = parents[-1] if parents else None
        if not any(
            leaf.name in source or (_nom_lu(source, nom) and (parent is None or re.search(rf"\b{parent}\b", source)))
            for source in sources
        ):
            non_lus.append(leaf.name)
    assert not non_lus, non_lus


def _valeurs_en_vigueur_depuis_2019(leaf):
    """Dated values in force on or after 2019-01-01: those dated 2019 or later, and the last value
    dated before 2019 (still in force on 2019-01-01). A null value (no law modelled) is left out."""
    if isinstance(leaf, ParameterScale):
        series = [child.values_list for bracket in leaf.brackets for child in bracket.children.values()]
    else:
        series = [leaf.values_list]
    for values in series:
        anterieures = [v for v in values if v.instant_str < "2019-01-01"]
        en_vigueur = [v for v in values if v.instant_str >= "2019-01-01"]
        if anterieures:
            en_vigueur.append(max(anterieures, key=lambda v: v.instant_str))
        yield from (v for v in en_vigueur if v.value is not None)


# A value whose rule no public text fixes (e.g. the RCI ceiling of 2016-2021, published only on
# service-public.fr / secu-independants.fr) says so in its reference title with this exact phrase;
# every other value in force since 2019 must link (href) at least one source a user can open.
AUCUN_TEXTE_PUBLIE = "aucun texte réglementaire publié"


def test_chaque_valeur_en_vigueur_depuis_2019_a_un_lien(tbs):
    sans_lien = []
    for leaf in _feuilles(tbs.parameters):
        for value in _valeurs_en_vigueur_depuis_2019(leaf):
            references = value.metadata.get("reference") or []
            if any(ref.get("href") for ref in references):
                continue
            if any(AUCUN_TEXTE_PUBLIE in str(ref.get("title", "")) for ref in references):
                continue
            sans_lien.append(f"{leaf.name} {value.instant_str}")
    assert not sans_lien, sans_lien


# The project's research notes do not ship with the package: a reference must name a source a
# user can open (article, décret, arrêté, URSSAF or caisse page), never the notes (fiche
# législative, legislation.md, reform_2025.md, professions_liberales.md,
# outremer_and_micro_history.md, « note de recherche »).
NOTES_NON_LIVREES = re.compile(
    r"fiche l[ée]gislative|historique (micro|outre-mer)|\.md\b|notes? de recherche|\[(MS|OF)[- ]", re.IGNORECASE
)


def _noeuds(node):
    yield node
    for child in node.children.values():
        if not isinstance(child, (Parameter, ParameterScale)):
            yield from _noeuds(child)


def _textes_du_noeud(node):
    return [
        str(getattr(node, "documentation", None) or ""),
        str(getattr(node, "description", None) or ""),
        str((getattr(node, "metadata", None) or {}).get("reference") or ""),
    ]


def test_aucune_reference_aux_notes_non_livrees(tbs):
    """Every node (index.yaml included) and leaf: documentation, description, metadata reference;
    every value in force on or after 2019-01-01: its reference titles."""
    fautes = []
    for node in _noeuds(tbs.parameters):
        fautes += [node.name or "(racine)" for texte in _textes_du_noeud(node) if NOTES_NON_LIVREES.search(texte)]
    for leaf in _feuilles(tbs.parameters):
        textes = _textes_du_noeud(leaf)
        for value in _valeurs_en_vigueur_depuis_2019(leaf):
            textes += [str(ref.get("title", "")) for ref in value.metadata.get("reference") or []]
        fautes += [leaf.name for texte in textes if NOTES_NON_LIVREES.search(texte)]
    assert not fautes, sorted(set(fautes))
