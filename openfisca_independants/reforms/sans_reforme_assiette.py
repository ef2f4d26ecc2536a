"""2025 and later as if the "assiette unique" reform had not happened.

The rules of the 2025 provisional calls: contributions on the professional income (net of the
contributions), CSG-CRDS on that income plus the contributions, and the 2024 rates and
schedules (maladie with IJ included and its 40 % PASS minimum, retraite de base 0.60 %, RCI 7 %
/ 8 % with the PRCI, CNAVPL 8.23 %, Cipav 9 % / 22 % to 3.5 PASS, the PL maladie schedule).
Reference amounts (PASS, SMIC, PRCI) keep their 2025 and 2026 values. The caisses' rates raised
to offset the reform go back to their 2024 values too (CARMF 10.2 %, CARCDSF 10.8 %, the CAVP's
pay-as-you-go part called at 100 %, the CNBF's 3.10 % and its 2024 complementary barèmes); the
caisses' other 2025–2026 amounts (forfaits, classes, the CARPIMKO's 2026 proportional scheme and
the CAVEC's nine classes, for which no scheme without the reform was published) are kept.

Usage: `openfisca_independants.reforms.sans_reforme_assiette.sans_reforme_assiette(tbs)`; in a
YAML test, `reforms: openfisca_independants.reforms.sans_reforme_assiette.sans_reforme_assiette`;
on the command line, `--reforme sans_reforme_assiette`.
"""

from openfisca_core.reforms import Reform

# Parameters whose values dated from the reform are removed, so that their 2024 values carry on.
PARAMETRES_DE_LA_REFORME = (
    "reforme_assiette.en_vigueur",
    "cotisations.maladie_maternite.taux_progressif",
    "cotisations.maladie_maternite.assiette_minimale",
    "cotisations.maladie_maternite.plafond_taux_progressif",
    "cotisations.maladie_maternite.indemnites_journalieres_comprises",
    "cotisations.maladie_maternite.bareme_commun_professions_liberales",
    "cotisations.indemnites_journalieres.pass_annuel",
    "cotisations.retraite_de_base.ssi.taux_deplafonne",
    "cotisations.retraite_de_base.cnavpl.taux_tranche_1",
    "cotisations.retraite_complementaire.ssi.taux_tranche_1",
    "cotisations.retraite_complementaire.ssi.taux_tranche_2",
    "cotisations.retraite_complementaire.ssi.plafond_tranche_1",
    "cotisations.retraite_complementaire.ssi.limite_tranche_1",
    "cotisations.retraite_complementaire.ssi.plafond_proratise",
    "cotisations.retraite_complementaire.cipav.taux_tranche_1",
    "cotisations.retraite_complementaire.cipav.taux_tranche_2",
    "cotisations.retraite_complementaire.cipav.plafond",
    "debut_activite.assiette_forfaitaire_maladie",
    # the caisses' rates raised to offset the reform (décret n° 2025-1076; CNBF barème revised in 2025)
    "cotisations.retraite_complementaire.carmf.taux",
    "cotisations.retraite_complementaire.carcdsf.taux",
    "cotisations.retraite_complementaire.cavp.taux_appel_repartition",
    "cotisations.retraite_de_base.cnbf.taux",
    "cotisations.retraite_complementaire.cnbf.bareme_classe_un",
    "cotisations.retraite_complementaire.cnbf.bareme_classe_deux",
    "cotisations.retraite_complementaire.cnbf.bareme_classe_plus",
)


def _noeud(parametres, chemin):
    noeud = parametres
    for nom in chemin.split("."):
        noeud = noeud.children[nom]
    return noeud


def _retirer_depuis(parametre, instant):
    """Drop the values of a parameter (or of each bracket of a scale) from `instant` on."""
    if hasattr(parametre, "brackets"):
        for tranche in parametre.brackets:
            for enfant in tranche.children.values():
                _retirer_depuis(enfant, instant)
        return
    parametre.values_list = [valeur for valeur in parametre.values_list if valeur.instant_str < instant]


def debut_reforme(parametres) -> str:
    """The date from which the reform applies: the first value of reforme_assiette.en_vigueur that is true."""
    return min(valeur.instant_str for valeur in parametres.reforme_assiette.en_vigueur.values_list if valeur.value)


def supprimer_la_reforme(parametres):
    debut = debut_reforme(parametres)
    for chemin in PARAMETRES_DE_LA_REFORME:
        _retirer_depuis(_noeud(parametres, chemin), debut)
    return parametres


class sans_reforme_assiette(Reform):
    name = "2025 et après sans la réforme de l'assiette (règles des appels provisionnels de 2025)"

    def apply(self):
        self.modify_parameters(modifier_function=supprimer_la_reforme)
