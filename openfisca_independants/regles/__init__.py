"""The rules of the classic regime as pure functions of a base, one module per risk.

The same contribution is evaluated on bases that are not the person's own (the forfait of the
first years, the spouse's base, the contribution at 75 % PASS for the ACRE, min(R, 110 % PASS)
overseas, trial bases of the net→gross solver), which OpenFisca variables cannot do: each
module `regles/<risque>.py` gives `brute` (the contribution before exemptions) and `nette` (after
the exemptions that `exonerations.EXONERATIONS` attaches to it), read by the variables of
`variables/cotisations/<risque>.py`.
"""

from openfisca_independants.regles import (  # noqa: F401  (the order follows the imports between them)
    base,
    caisses,
    outre_mer,
    exonerations,
    maladie_maternite,
    indemnites_journalieres,
    allocations_familiales,
    retraite_de_base,
    retraite_complementaire,
    invalidite_deces,
    prestations_complementaires_vieillesse,
    assurance_maladie,
    contribution_curps,
    csg_crds,
    conjoint_collaborateur,
    net_brut,
    echeancier,
)
