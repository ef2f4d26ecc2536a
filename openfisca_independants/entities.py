"""Entities of the contract: the person and the tax household."""

from openfisca_core.entities import build_entity

Individu = build_entity(
    key="individu",
    plural="individus",
    label="Individu (travailleur indépendant)",
    doc="Une personne physique. Les cotisations sociales sont calculées par personne.",
    is_person=True,
)

FoyerFiscal = build_entity(
    key="foyer_fiscal",
    plural="foyers_fiscaux",
    label="Foyer fiscal",
    doc="Le foyer fiscal au sens de l'impôt sur le revenu (déclarants et personnes à charge).",
    roles=[
        {
            "key": "declarant",
            "plural": "declarants",
            "label": "Déclarant",
            "max": 2,
        },
        {
            "key": "personne_a_charge",
            "plural": "personnes_a_charge",
            "label": "Personne à charge",
        },
    ],
)

entities = [Individu, FoyerFiscal]
