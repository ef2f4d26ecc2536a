"""The OpenFisca web API of this package, with its own handling of bad requests.

openfisca-core's Flask app is reused (routes, OpenAPI spec, headers); this module replaces the
two computing routes (`/calculate`, `/trace`) and completes `/parameter/<id>` and `/spec`.

Computing routes
----------------
`/calculate` returns the situation with every `null` replaced by its computed value, as
core's handler does. `/trace` returns core's flat trace (`trace`, `entitiesDescription`,
`requestedCalculations`).

Both accept OpenFisca's standard `axes` (the way OpenFisca clients draw a what-if curve)::

    "axes": [[{"name": "revenu_professionnel", "count": 5, "min": 0, "max": 100000,
               "period": "2024"}]]

Each axis needs `name` (a numeric variable), `count` (≥ 1; ≥ 2 when there are several
dimensions), `min`, `max` (finite numbers) and `period`; `index` (default 0) picks the
instance of the variable's entity that varies. Axes in one inner list vary together
(parallel: same count and entity); each further inner list is a perpendicular dimension.
openfisca-core's own web API does not answer axes (its handler looks up the unexpanded id,
openfisca-core issue 1326); here, with axes, every requested value is an **array** with one
value per point, at the path of the requested value (`{"2024": [0.0, 4437.0, ...]}`), in the
order of core's expansion (the first dimension varies fastest).

Limits of one request (`create_app` options, `openfisca-independants serve` options)
-------------------------------------------------------------------------------------
- `max_personnes` (`MAX_PERSONNES_CALCULEES`, 50 000): persons computed, number of persons ×
  number of points of the axes; above, 400 naming `individus` (or the axes' `count`); in `/spec`
  as `maxProperties` of `individus`;
- `max_personnes_trace` (`MAX_PERSONNES_TRACE`, 1 000): the same count for `/trace`, whose answer
  lists every intermediate value of every person (a 50 000-point trace is hundreds of MB of JSON,
  built after the computation, out of the request timeout's reach); above, 400 naming `individus`;
- `taille_max_corps` (`TAILLE_MAX_CORPS`, 20 MiB): bytes of body; above, 413 with the limit
  (a chunked body too);
- `delai_requete` (`DELAI_REQUETE`, 30 s): the computation is stopped (checked before every
  variable computed) and answered 503 naming the limit, before gunicorn's worker timeout could
  cut the connection;
- JSON nested deeper than Python's reader allows: 400; a period whose year is not written with
  four digits (`0100`): 400; an empty id: 400.
- `origines_cors` (`ORIGINES_CORS`: localhost on any port): the origins whose pages may call the
  API from a browser (core allows any origin); the simulator page is served by the API itself.

Error format (every 4xx)
------------------------
Every 4xx answer is a JSON object (schema `Error` in `/spec`) with:

- `error` (always): one line that says what is wrong and names the faulty field, e.g.
  `individus/alice/revenu_professionnel/2024: 'revenu_professionnel' expects a number; got 'x'.`;
- where a value of the request is at fault, the message also sits at the path of that value,
  as openfisca-core's own situation errors do (`{"individus": {"alice":
  {"revenu_professionnel": {"2024": "..."}}}}`; for axes: `{"axes": {"0": {"0": {"count":
  "..."}}}}`); several faulty values are reported together;
- `field`: the input variable at fault, when the model names one (400 for an input the law
  excludes, 422);
- `path`: for 422, the requested value that could not be computed.

Status codes: 400 bad request (invalid JSON, a body that is not an object, a non-numeric,
boolean or non-finite amount, an unknown category, a period that cannot be parsed or does not
fit the variable, a year outside the legislation, an input value the law excludes — negative
turnover, unknown département —, invalid axes, core's situation parsing and period mismatch
errors, too many persons); 404 unknown variable (also in `axes`) or route; 405 wrong method;
408 the body was not received in time; 413 request body above the limit; 415 body not sent as
`application/json`; 422 a valid situation the model does not compute yet
(`SituationNonModelisee`); 503 the request timeout. A 500 says only that the error was logged
(with its traceback, server-side): no error body carries internal exception text or a traceback.
"""

import contextvars
import datetime
import functools
import json
import math
import time
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path

import numpy
import werkzeug.exceptions
import yaml
from flask import current_app, has_app_context, jsonify, make_response, request
from flask_cors import CORS
from openfisca_core import periods
from openfisca_core.errors import (
    ParameterNotFoundError,
    PeriodMismatchError,
    SituationParsingError,
    VariableNotFoundError,
)
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterScale
from openfisca_web_api.app import create_app as create_core_app
from openfisca_web_api.loader.parameters import build_api_scale

from openfisca_independants.constructeur import ConstructeurLineaire
from openfisca_independants.outils import BORNE_MONTANT
from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee


# Limits of one request, defaults of `create_app` (and of `openfisca-independants serve`):
# - most persons computed (persons of the request × points of its axes): 50 000 persons take
#   about 4 s and a few hundred MB; a 100 × 100 grid or curves of a few hundred points stay well below;
MAX_PERSONNES_CALCULEES = 50_000
MAX_PERSONNES_TRACE = 1_000  # /trace answers every intermediate value of every person: a smaller limit
# - largest body (bytes): 50 000 persons with an income and a requested total weigh about 11 MB;
TAILLE_MAX_CORPS = 20 * 1024 * 1024
# - longest computation (seconds), shorter than gunicorn's worker timeout (`serve --timeout`, 120 s);
DELAI_REQUETE = 30.0
# - origins allowed by CORS: the page served by the API itself needs none (same origin); a page
#   served from this machine (localhost, any port) may call the API.
ORIGINES_CORS = (r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]+)?$",)

# the deadline of the request being answered (time.monotonic()), per thread
_ECHEANCE: contextvars.ContextVar = contextvars.ContextVar("echeance_requete", default=None)

_CLES_AXE = {"name", "count", "min", "max", "period", "index"}

# Situation examples of /spec (openfisca_independants/situation_examples/<name>.json).
EXEMPLES = {
    "artisan_30000_2024": "Artisan, 30 000 € of professional income in 2024 (classic regime)",
    "micro_entrepreneur_bnc_24000_2024": "Micro-entrepreneur in liberal services (BNC), 24 000 € of turnover in 2024",
    "artisan_la_reunion_creation_2024": "Artisan in La Réunion (974) created on 1 January 2024, 40 000 € in 2024 (24-month exoneration)",
    "medecin_secteur_1_80000_2024": "Médecin conventionné secteur 1 (CARMF), 80 000 € in 2024: ASV, CURPS, what the Assurance Maladie paid",
    "avocat_80000_2024": "Avocat (CNBF), 80 000 € in 2024: no CNAVPL daily allowances",
    "notaire_creation_2024": "Notaire (CPRN) starting in 2024, 90 000 € of income and 200 000 € of office products (produits_office)",
    "agent_general_assurance_2024": "Agent général d'assurance (CAVAMAC), 80 000 € of income, 120 000 € of gross commissions (commissions_brutes)",
    "artisan_net_et_echeancier_2024": "Artisan, 30 000 €, 35 000 € and 40 000 € in 2022–2024: net and taxable income, provisional calls, "
                                      "regularisation and two monthly debits of 2024",
}
_DOSSIER_EXEMPLES = Path(__file__).resolve().parent / "situation_examples"


class DelaiDepasse(Exception):
    """The request's computation went past the request timeout (`delai_requete`)."""


class RequeteInvalide(Exception):
    """A bad request: `status` HTTP code, `error` JSON body (the path of the faulty field)."""

    def __init__(self, error: dict, status: int = 400):
        super().__init__(error)
        self.error = error
        self.status = status


# ---------------------------------------------------------------- error format


def _chemin(path: tuple, message: str) -> dict:
    """Nest `message` under `path`, like openfisca-core's own situation errors."""
    error: object = message
    for key in reversed(path):
        error = {str(key): error}
    return error


def _fusionner(target: dict, source: dict) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _fusionner(target[key], value)
        else:
            target[key] = value


def _une_ligne(texte) -> str:
    return " ".join(str(texte).split())


def _feuilles(arbre, chemin=()) -> Iterator[tuple[tuple, str]]:
    if isinstance(arbre, dict):
        for cle, valeur in arbre.items():
            yield from _feuilles(valeur, (*chemin, cle))
    else:
        yield chemin, arbre


def _cle(cle) -> str:
    """A key of the path in the one-line message: as is, or JSON-escaped when it holds a line break or another
    non-printable character."""
    cle = str(cle)
    return cle if cle.isprintable() else json.dumps(cle)


def corps_erreur(corps) -> dict:
    """The uniform 4xx body: core's nested error kept, a one-line top-level `error` added."""
    if not isinstance(corps, dict):
        corps = {"error": corps}
    corps = dict(corps)
    if isinstance(corps.get("error"), str):
        corps["error"] = _une_ligne(corps["error"])
        return corps
    imbriquees = {cle: valeur for cle, valeur in corps.items() if cle not in ("field", "path")}
    feuilles = list(_feuilles(imbriquees))
    if not feuilles:
        corps["error"] = "Invalid request."
        return corps
    chemin, message = feuilles[0]
    ligne = f"{'/'.join(map(_cle, chemin))}: {_une_ligne(message)}"
    if len(feuilles) > 1:
        ligne += f" (and {len(feuilles) - 1} other invalid value{'s' if len(feuilles) > 2 else ''})"
    return {**corps, "error": ligne}


def reponse_erreur(corps, status: int):
    return make_response(jsonify(corps_erreur(corps)), status)


# ---------------------------------------------------------------- reading the request


def _lire_json() -> dict:
    if request.mimetype is None or not request.mimetype.endswith("json"):
        raise RequeteInvalide(
            {
                "error": "Content-Type must be 'application/json' "
                f"(got {request.content_type or 'no Content-Type header'})."
            },
            415,
        )
    try:
        corps = request.get_data(as_text=True)
        limite = current_app.config.get("MAX_CONTENT_LENGTH")
        if limite and request.content_length is None and len(corps.encode()) >= limite:
            # a chunked body (no Content-Length) is cut at the limit by the server: it was at least that long
            raise werkzeug.exceptions.RequestEntityTooLarge()
    except (werkzeug.exceptions.ClientDisconnected, OSError) as error:
        # the body stopped coming: the client closed the connection, or left it silent longer than `serve --read-timeout`
        raise RequeteInvalide({"error": "Request timeout: the body was not received in full (the client was silent "
                                        "too long or disconnected)."}, 408) from error
    try:
        situation = json.loads(corps)
    except RecursionError as error:
        raise RequeteInvalide({"error": _TROP_IMBRIQUE}) from error
    except json.JSONDecodeError as error:
        raise RequeteInvalide({"error": f"Invalid JSON: {error}"}) from error
    except ValueError as error:  # Python's reader refuses an integer of more than 4 300 digits
        raise RequeteInvalide({"error": "Invalid JSON: a number has too many digits."}) from error
    if not isinstance(situation, dict):
        raise RequeteInvalide({"error": "Invalid situation: the body must be a JSON object."})
    return situation


_TROP_IMBRIQUE = "Invalid JSON: nested too deeply (a situation is 5 levels deep: entity, id, variable, period, value)."


def _valeurs(tax_benefit_system, situation: dict) -> Iterator[tuple[tuple, object, object]]:
    """(path, variable, value) of every variable value of a well-formed situation.

    Malformed parts are skipped: openfisca-core's SimulationBuilder reports them itself.
    """
    variables = tax_benefit_system.variables
    for entity in tax_benefit_system.entities:
        plural = entity.plural
        instances = situation.get(plural)
        if not isinstance(instances, dict):
            continue
        for instance_id, instance in instances.items():
            if not isinstance(instance, dict):
                continue
            for name, values in instance.items():
                variable = variables.get(name)
                if variable is None or not isinstance(values, dict):
                    continue
                for period_str, value in values.items():
                    yield (plural, instance_id, name, period_str), variable, value


def _erreur_nombre(nom: str, value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"'{nom}' expects a number; got {value!r}."
    if isinstance(value, float) and not math.isfinite(value):
        return f"'{nom}' expects a finite number; got {value!r}."
    if abs(value) > BORNE_MONTANT:  # an int of 400 digits too: compared without converting it
        return f"'{nom}': absurd value, beyond ±{BORNE_MONTANT:.0e} (the model's float32 would lose the euro)."
    return None


@functools.cache
def _noms_possibles(possible_values) -> list[str]:
    """The names of an Enum's items (listed once per Enum, not once per value)."""
    return [item.name for item in possible_values]


def _erreur_valeur(variable, value) -> str | None:
    """Why `value` is not a valid input of `variable`, or None."""
    if variable.value_type is float or variable.value_type is int:
        return _erreur_nombre(variable.name, value)
    if variable.value_type is bool:
        if not isinstance(value, bool):
            return f"'{variable.name}' expects true or false; got {value!r}."
    elif variable.value_type is Enum:
        names = _noms_possibles(variable.possible_values)
        if value not in names:
            return f"{value!r} is not a known value for '{variable.name}'. Possible values are {names}."
    elif variable.value_type is str and not isinstance(value, str):
        return f"'{variable.name}' expects a string (e.g. \"{variable.default_value}\"); got {json.dumps(value)}."
    return None


ANNEE_MAX = 9998  # the calendar's last year is 9999, and core computes the day after a period


def _erreur_periode(variable, period_str, entree: bool) -> str | None:
    """Why `period_str` cannot be used for `variable` (as an input value, or a request), or None."""
    try:
        period = periods.period(period_str)
    except (ValueError, TypeError) as error:
        return _une_ligne(error)
    try:  # core reads the period back from its text: a year before 1000 ('0100' → '100') does not read back
        periods.period(str(period))
    except (ValueError, TypeError):
        return f"'{period_str}' is not a period this API reads: years have four digits, 1000 to {ANNEE_MAX} (e.g. '2024')."
    if period.start.year > ANNEE_MAX:  # core steps to the day after a period: beyond year 9999 there is none
        return f"'{period_str}' is not a period this API reads: years have four digits, 1000 to {ANNEE_MAX} (e.g. '2024')."
    unit = variable.definition_period
    if unit == periods.DateUnit.ETERNITY:
        return None
    debut = period.start
    if (period.unit == periods.DateUnit.YEAR and (debut.month, debut.day) != (1, 1)) or (
        period.unit == periods.DateUnit.MONTH and debut.day != 1
    ):
        # "year:2024-03" (March 2024 to February 2025) or a month starting mid-month: not a calendar period
        return f"'{period_str}' is not a calendar {period.unit} (write '2024' for a year, '2024-03' for a month)."
    if entree and variable.set_input is not None and unit == periods.DateUnit.MONTH and period.unit == periods.DateUnit.YEAR:
        return None  # a yearly amount spread over the months (set_input_divide_by_period)
    if period.unit != unit or period.size != 1:
        exemple = {periods.DateUnit.YEAR: "'2024'", periods.DateUnit.MONTH: "'2024-01'"}.get(unit, f"one {unit}")
        return f"'{variable.name}' is defined for one {unit} at a time (e.g. {exemple}); got '{period_str}'."
    return None


def valider_situation(tax_benefit_system, situation: dict, valeurs: list | None = None) -> None:
    """Raise RequeteInvalide listing every bad value and every bad requested period.

    `valeurs`: the situation's `_valeurs`, when the caller has them already. Each (variable,
    period) is checked once per request: the cost is linear in the number of values."""
    if valeurs is None:
        valeurs = list(_valeurs(tax_benefit_system, situation))
    errors: dict = {}
    for entity in tax_benefit_system.entities:
        instances = situation.get(entity.plural)
        if isinstance(instances, dict) and "" in instances:
            _fusionner(errors, _chemin((entity.plural, ""), f"An id of '{entity.plural}' must be a non-empty string; got ''."))
    erreurs_periode: dict = {}
    for path, variable, value in valeurs:
        cle = (variable.name, path[-1], value is not None)
        if cle not in erreurs_periode:
            erreurs_periode[cle] = _erreur_periode(variable, path[-1], entree=value is not None)
        message = erreurs_periode[cle]
        if message is None and value is not None:
            message = _erreur_valeur(variable, value)
        if message is not None:
            _fusionner(errors, _chemin(path, message))
    for path, message in _annees_de_revenu_inegales(tax_benefit_system, situation, valeurs):
        _fusionner(errors, _chemin(path, message))
    if errors:
        raise RequeteInvalide(errors)


def _annees_de_revenu_inegales(tax_benefit_system, situation: dict, valeurs: list | None = None) -> Iterator[tuple[tuple, str]]:
    """A caisse reading an earlier year's income reads it when the simulation holds that year
    (regles/caisses/annee_revenu.py): OpenFisca cannot tell a person left out from an income of 0,
    so the income years must be the same for every person of a request."""
    from openfisca_independants.regles.caisses.annee_revenu import COMMISSIONS, ENTREES_REVENU, PRODUITS

    if valeurs is None:
        valeurs = list(_valeurs(tax_benefit_system, situation))
    groupes = (ENTREES_REVENU, COMMISSIONS, PRODUITS)
    annees_par_groupe: list[dict] = [{} for _ in groupes]  # one pass over the values for the three groups
    for (pluriel, instance_id, name, period_str), _, value in valeurs:
        if value is None:
            continue
        for entrees, annees in zip(groupes, annees_par_groupe):
            if name in entrees:
                annees.setdefault((pluriel, instance_id), set()).add(str(period_str)[:4])
    for entrees, annees in zip(groupes, annees_par_groupe):
        if len(annees) < 2:
            continue
        toutes = set().union(*annees.values())
        for (pluriel, instance_id), donnees in annees.items():
            for annee in sorted(toutes - donnees):
                yield ((pluriel, instance_id, entrees[0]),
                       f"the income of {annee} is given for other persons but not for '{instance_id}': a caisse reading "
                       f"{annee} would take 0 for '{instance_id}'; give every person the same income years (or one request each)")


# ---------------------------------------------------------------- axes


def _erreurs_axe(tax_benefit_system, situation, axe, premier) -> dict:
    """{key: message} for one axis; `premier` is the first axis of its dimension (or None)."""
    if not isinstance(axe, dict):
        return {"": "An axis is an object with 'name', 'count', 'min', 'max' and 'period'."}
    erreurs = {cle: f"Unknown axis key '{cle}'; an axis has {sorted(_CLES_AXE)}." for cle in axe if cle not in _CLES_AXE}
    for cle in ("name", "count", "min", "max", "period"):
        if cle not in axe:
            erreurs[cle] = f"The axis has no '{cle}'."
    nom = axe.get("name")
    variable = tax_benefit_system.variables.get(nom) if isinstance(nom, str) else None
    if "name" in axe and variable is None:
        erreurs["name"] = f"Unknown variable {nom!r}: an axis varies a variable of the model."
    elif variable is not None and variable.value_type not in (float, int):
        erreurs["name"] = f"'{nom}' is not a number: an axis varies a numeric variable."
    if "count" in axe:
        count = axe["count"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            erreurs["count"] = f"'count' is the number of points, a whole number ≥ 1; got {count!r}."
        elif premier is not None and count != premier.get("count"):
            erreurs["count"] = "Parallel axes (in the same list) must have the same 'count' as the first one."
    for cle in ("min", "max"):
        if cle in axe and (message := _erreur_nombre(cle, axe[cle])) is not None:
            erreurs[cle] = message
    if variable is not None and "period" in axe:
        periode = axe["period"]
        if not isinstance(periode, (str, int)) or isinstance(periode, bool):
            erreurs["period"] = f"'period' is a period such as '2024'; got {periode!r}."
        elif (message := _erreur_periode(variable, str(periode), entree=True)) is not None:
            erreurs["period"] = message
    if variable is not None:
        instances = situation.get(variable.entity.plural)
        nombre = len(instances) if isinstance(instances, dict) else 0
        index = axe.get("index", 0)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < max(nombre, 1):
            erreurs["index"] = (
                f"'index' picks one of the {nombre} {variable.entity.plural} of the situation "
                f"(0 to {nombre - 1}); got {index!r}."
            )
        if premier is not None:
            variable_premier = tax_benefit_system.variables.get(premier.get("name"))
            if variable_premier is not None and variable_premier.entity.key != variable.entity.key:
                erreurs["name"] = "Parallel axes (in the same list) must vary variables of the same entity."
    return erreurs


def _config(nom: str, defaut):
    """A limit of the app answering (create_app's options), or its default outside a request."""
    return current_app.config.get(nom, defaut) if has_app_context() else defaut


def _verifier_nombre_personnes(tax_benefit_system, situation: dict, max_personnes: int) -> None:
    """400 naming the persons' entity when the request has more persons than the API computes."""
    pluriel = tax_benefit_system.person_entity.plural
    personnes = situation.get(pluriel)
    if isinstance(personnes, dict) and len(personnes) > max_personnes:
        raise RequeteInvalide(_chemin((pluriel,), f"{len(personnes)} persons in the request; this API computes at most "
                                                  f"{max_personnes} per request (split the request)."))


def _verifier_delai() -> None:
    echeance = _ECHEANCE.get()
    if echeance is not None and time.monotonic() > echeance:
        raise DelaiDepasse()


@functools.cache
def _classe_surveillee(classe):
    """`classe` (core's Simulation), checking the request's deadline before each variable computed."""

    class SimulationSurveillee(classe):
        def calculate(self, variable_name, period):
            _verifier_delai()
            return super().calculate(variable_name, period)

    return SimulationSurveillee


def _surveiller_delai(simulation) -> None:
    """Check the request's deadline before each variable the simulation computes (formulas ask
    their inputs through `simulation.calculate`): a long request stops within one vector operation.
    By its class, not an attribute of the instance: `simulation.clone()` (regles/echeancier.py)
    copies the instance's attributes, so a wrapper bound to this simulation would compute the
    clone's variables on the original."""
    if _ECHEANCE.get() is not None:
        simulation.__class__ = _classe_surveillee(type(simulation))


def valider_axes(tax_benefit_system, situation: dict, max_personnes: int | None = None) -> int:
    """Number of points of the situation's `axes` (1 without axes); RequeteInvalide if invalid.

    `max_personnes`: most persons × points (default: the app's limit, `MAX_PERSONNES_CALCULEES`)."""
    if max_personnes is None:
        max_personnes = _config("MAX_PERSONNES", MAX_PERSONNES_CALCULEES)
    if "axes" not in situation:
        return 1
    axes = situation["axes"]
    forme = "'axes' is a list of lists of axes: [[{\"name\": ..., \"count\": ..., \"min\": ..., \"max\": ..., \"period\": ...}]]."
    if not isinstance(axes, list) or not axes or not all(isinstance(d, list) and d for d in axes):
        raise RequeteInvalide({"axes": forme})
    erreurs: dict = {}
    inconnue = False
    for i, dimension in enumerate(axes):
        premier = dimension[0] if isinstance(dimension[0], dict) else None
        for j, axe in enumerate(dimension):
            messages = _erreurs_axe(tax_benefit_system, situation, axe, premier if j else None)
            if len(axes) > 1 and j == 0 and isinstance(axe, dict) and "count" not in messages and axe.get("count") == 1:
                messages["count"] = "With several dimensions (perpendicular axes), each 'count' must be ≥ 2."
            inconnue = inconnue or (isinstance(axe, dict) and messages.get("name", "").startswith("Unknown variable"))
            for cle, message in messages.items():
                _fusionner(erreurs, _chemin(("axes", i, j, cle) if cle else ("axes", i, j), message))
    if erreurs:
        raise RequeteInvalide(erreurs, 404 if inconnue else 400)
    points = math.prod(dimension[0]["count"] for dimension in axes)
    personnes = situation.get(tax_benefit_system.person_entity.plural)
    personnes = len(personnes) if isinstance(personnes, dict) else 0  # else refused by core
    if points * personnes > max_personnes:
        raise RequeteInvalide(
            _chemin(
                ("axes", 0, 0, "count"),
                f"The axes ask for {points} points × {personnes} person(s) = {points * personnes} persons to "
                f"compute; this API computes at most {max_personnes} per request.",
            )
        )
    return points


# ---------------------------------------------------------------- computing


def _hors_legislation(error: ParameterNotFoundError) -> str:
    return (
        f"No legislation in this model on {error.instant_str} (parameter '{error.name}' has no "
        "value then): the model covers contribution years 2019 to 2026 (micro-entrepreneurs: 2009 to 2026)."
    )


class _Lignes:
    """The rows of the request's instances in the simulation, by dictionary (id → position,
    built once per entity and request: a look-up per requested value, not a scan of the ids)."""

    def __init__(self, simulation, situation: dict, points: int):
        self.simulation, self.situation, self.points = simulation, situation, points
        self._positions: dict = {}

    def _position(self, plural: str, instance_id: str) -> int:
        if plural not in self._positions:
            # points == 1: the simulation's ids (persons left out of every group are groups of their own);
            # with axes, core expands the situation `points` times, the instances of the request first, in order
            ids = self.simulation.get_population(plural).ids if self.points == 1 else list(self.situation[plural])
            positions: dict = {}
            for position, identifiant in enumerate(ids):
                positions.setdefault(identifiant, position)  # the first one, as `list.index`
            self._positions[plural] = positions
        return self._positions[plural][instance_id]

    def __call__(self, plural: str, instance_id: str):
        """The rows of an instance of the request: one, or one per point of the axes."""
        index = self._position(plural, instance_id)
        if self.points == 1:
            return slice(index, index + 1)
        return slice(index, None, self.simulation.get_population(plural).count // self.points)


def _identifiants(simulation, situation: dict, plural: str, lignes, points: int) -> list[str]:
    """The ids, in the request, of the instances computed at rows `lignes`."""
    population = simulation.get_population(plural)
    if points == 1:
        return [str(population.ids[ligne]) for ligne in lignes]
    par_point = population.count // points
    ids = list(situation.get(plural) or {})
    return [ids[ligne % par_point] if ligne % par_point < len(ids) else str(population.ids[ligne % par_point]) for ligne in lignes]


def _entree_invalide(simulation, situation, points, error: EntreeInvalide) -> dict:
    """The error at the path of each faulty instance's input (rows mapped back to the ids)."""
    plural = simulation.tax_benefit_system.variables[error.variable].entity.plural
    errors: dict = {"field": error.variable}
    for identifiant in _identifiants(simulation, situation, plural, error.lignes, points):
        _fusionner(errors, _chemin((plural, identifiant, error.variable), error.message))
    return errors


def _calculer(simulation, situation: dict, points: int, variable_name: str, period_str, path: tuple):
    try:
        return simulation.calculate(variable_name, period_str)
    except EntreeInvalide as error:
        raise RequeteInvalide(_entree_invalide(simulation, situation, points, error)) from error
    except SituationNonModelisee as error:
        corps = {"error": error.message, "field": error.variable, "path": "/".join(map(str, path))}
        _fusionner(corps, _chemin(path, error.message))
        raise RequeteInvalide(corps, 422) from error
    except ParameterNotFoundError as error:
        raise RequeteInvalide(_chemin(path, _hors_legislation(error))) from error


class _Resultat:
    """A computed array as JSON values, converted once for every instance (float32 without
    spurious decimals), with the rows that have no value (NaN) or an out-of-range one."""

    def __init__(self, variable, valeurs: numpy.ndarray):
        self.variable = variable
        self.manquantes = self.hors_bornes = None
        if variable.value_type is Enum:
            self.json = valeurs.decode_to_str().tolist()
        elif variable.value_type is float:
            manquantes = numpy.isnan(valeurs)  # a value the model's sources do not give (a null parameter, an input not given)
            hors_bornes = ~numpy.isfinite(valeurs)
            if hors_bornes.any():  # (NaN included) the rows are looked at only then
                self.manquantes, self.hors_bornes = manquantes, hors_bornes
            self.json = valeurs.astype(str).astype(float).tolist()  # str: float32's shortest repr
        elif variable.value_type is datetime.date:
            self.json = valeurs.astype(str).tolist()  # ISO dates, as given in inputs (not Flask's RFC 822 dates)
        else:
            self.json = valeurs.tolist()

    def valeurs(self, lignes: slice, path: tuple) -> list:
        """The JSON values of rows `lignes` (the requested value at `path`); 422 if one has none."""
        if self.manquantes is not None:
            if self.manquantes[lignes].any():
                raise RequeteInvalide(
                    _chemin(path, f"No value for '{self.variable.name}' in {path[-1]}: the model's sources do not give it "
                            "(or it is an input that was not given)."),
                    422,
                )
            if self.hors_bornes[lignes].any():
                raise RequeteInvalide(
                    _chemin(path, "The result is out of the range of the model's numbers (float32): "
                            "check the magnitude of the amounts given."),
                    422,
                )
        return self.json[lignes]


def _simulation(tax_benefit_system, situation: dict):
    """The simulation of the request, its number of points, and its requested values (path, variable).

    Built by `ConstructeurLineaire` (core's builder with its look-ups by id made linear). The
    number of persons is checked first, the request's deadline between the steps and before
    each computed variable."""
    max_personnes = _config("MAX_PERSONNES", MAX_PERSONNES_CALCULEES)
    _verifier_nombre_personnes(tax_benefit_system, situation, max_personnes)
    valeurs = list(_valeurs(tax_benefit_system, situation))
    valider_situation(tax_benefit_system, situation, valeurs)
    points = valider_axes(tax_benefit_system, situation, max_personnes)
    _verifier_delai()
    simulation = ConstructeurLineaire().build_from_entities(tax_benefit_system, situation)
    _verifier_delai()
    _surveiller_delai(simulation)
    return simulation, points, [(path, variable) for path, variable, value in valeurs if value is None]


def calculate(tax_benefit_system, situation: dict) -> dict:
    """The situation with every `null` replaced by its computed value (openfisca semantics);
    with axes, by the array of its values at each point.

    Each requested (variable, period) is computed and converted to JSON once for all the
    instances that ask for it, at its first request (its errors name that request)."""
    simulation, points, demandes = _simulation(tax_benefit_system, situation)
    lignes = _Lignes(simulation, situation, points)
    resultats: dict = {}
    for path, variable in demandes:
        entity_plural, instance_id, name, period_str = path
        resultat = resultats.get((name, period_str))
        if resultat is None:
            resultat = resultats[(name, period_str)] = _Resultat(
                variable, _calculer(simulation, situation, points, name, period_str, path)
            )
        valeurs = resultat.valeurs(lignes(entity_plural, instance_id), path)
        situation[entity_plural][instance_id][name][period_str] = valeurs if points > 1 else valeurs[0]
    return situation


def trace(tax_benefit_system, situation: dict) -> dict:
    """openfisca-core's /trace answer, with this package's errors.

    Each requested (variable, period) is computed once, at its first request: core's flat
    trace keeps the first computation of a value, a cache read adds nothing to it."""
    limite = _config("MAX_PERSONNES_TRACE", MAX_PERSONNES_TRACE)
    personnes = len(situation.get("individus") or {}) if isinstance(situation.get("individus"), dict) else 0
    if personnes > limite:  # the axes' points are counted once they are read (below)
        raise RequeteInvalide(_chemin(("individus",), f"{personnes} persons to trace: /trace answers at most {limite} "
                                                      "persons × points per request (use /calculate for more)."))
    simulation, points, requetes = _simulation(tax_benefit_system, situation)
    if personnes * points > limite:
        raise RequeteInvalide(_chemin(("individus",), f"{personnes * points} persons × points to trace: /trace answers at "
                                                      f"most {limite} per request (use /calculate for more)."))
    simulation.trace = True
    demandes = []
    calculees = set()
    for path, _variable in requetes:
        _plural, _id, name, period_str = path
        demandes.append(f"{name}<{period_str}>")
        if (name, period_str) not in calculees:
            _calculer(simulation, situation, points, name, period_str, path)
            calculees.add((name, period_str))
    return {
        "trace": simulation.tracer.get_serialized_flat_trace(),
        "entitiesDescription": simulation.describe_entities(),
        "requestedCalculations": demandes,
    }


def _route(app, endpoint: str, handler):
    tax_benefit_system = app.config["TAX_BENEFIT_SYSTEM"]

    def view():
        delai = current_app.config.get("DELAI_REQUETE")
        jeton = _ECHEANCE.set(time.monotonic() + delai if delai else None)
        try:
            return jsonify(handler(tax_benefit_system, _lire_json()))
        except DelaiDepasse:
            return reponse_erreur({"error": f"Request timeout: the computation took more than the {delai:g} s this server "
                                            "allows per request; ask for fewer persons, points or values per request."}, 503)
        except RecursionError:  # a value nested deeper than the JSON reader's limit
            return reponse_erreur({"error": _TROP_IMBRIQUE}, 400)
        except RequeteInvalide as error:
            return reponse_erreur(error.error, error.status)
        except SituationParsingError as error:
            return reponse_erreur(error.error, error.code or 400)
        except PeriodMismatchError as error:  # core's has no `error` body: its message, its variable
            return reponse_erreur({"error": error.message, "field": error.variable_name}, 400)
        except VariableNotFoundError as error:
            return reponse_erreur({"error": error.message}, 404)
        finally:
            _ECHEANCE.reset(jeton)

    app.view_functions[endpoint] = view


# ---------------------------------------------------------------- /parameter


def _documentation_echelle(echelle) -> str | None:
    """The `documentation` of a scale's YAML file (core's ParameterScale does not keep it)."""
    try:
        with open(echelle.file_path, encoding="utf-8") as fichier:
            donnees = yaml.safe_load(fichier)
    except (OSError, TypeError, yaml.YAMLError):
        return None
    if isinstance(donnees, dict) and "brackets" in donnees and isinstance(donnees.get("documentation"), str):
        return donnees["documentation"].strip()
    return None


def _completer_parametres(app, tax_benefit_system):
    """`/parameter/<id>` of the average-rate scales, with their brackets and documentation.

    openfisca-core's loader (`build_api_parameter`) gives the brackets of a scale only when
    they have a `rate` or an `amount`: the brackets of a scale of `average_rate`s (the
    maladie-maternité and allocations familiales schedules) are left out. They are added
    here with core's own `build_api_scale`, in the same shape: {date: {threshold: rate}}.
    """
    ajouts = {}
    for parametre in tax_benefit_system.parameters.get_descendants():
        if isinstance(parametre, ParameterScale) and parametre.brackets:
            ajout = {}
            if "average_rate" in parametre.brackets[0].children:
                ajout["brackets"] = build_api_scale(parametre, "average_rate")
            if (documentation := _documentation_echelle(parametre)) is not None:
                ajout["documentation"] = documentation
            if ajout:
                ajouts[parametre.name] = ajout
    vue_core = app.view_functions["get_parameter"]

    def get_parameter(parameter_id):
        reponse = vue_core(parameter_id)
        corps = reponse.get_json()
        ajout = ajouts.get(corps.get("id")) if isinstance(corps, dict) else None
        if not ajout:
            return reponse
        return jsonify({**corps, **ajout})

    app.view_functions["get_parameter"] = get_parameter
    vue_variable = app.view_functions["get_variable"]

    def get_variable(id):
        """A default value that is not a number (NaN: "not given") is written null, as JSON has no NaN."""
        reponse = vue_variable(id)
        corps = json.loads(reponse.get_data(as_text=True)) if reponse.is_json else None
        if isinstance(corps, dict) and isinstance(corps.get("defaultValue"), float) and not math.isfinite(corps["defaultValue"]):
            return make_response(jsonify({**corps, "defaultValue": None}), reponse.status_code)
        return reponse

    app.view_functions["get_variable"] = get_variable


# ---------------------------------------------------------------- /spec

ERREUR_SCHEMA = {
    "type": "object",
    "description": (
        "Every 4xx answer. `error`: one line naming the faulty field. Where a value of the request is "
        "at fault, the message also sits at the path of that value, as in openfisca-core's situation "
        "errors (entity plural → id → variable → period, or axes → dimension → axis → key)."
    ),
    "required": ["error"],
    "properties": {
        "error": {"type": "string", "description": "What is wrong, in one line."},
        "field": {"type": "string", "description": "The input variable at fault (400 for an excluded value, 422)."},
        "path": {"type": "string", "description": "422: the requested value (entity/id/variable/period) that could not be computed."},
    },
    "additionalProperties": {"$ref": "#/components/schemas/ErrorAtPath"},
}
ERREUR_CHEMIN_SCHEMA = {
    "description": "The message at the path of the faulty value.",
    "oneOf": [
        {"type": "string"},
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/ErrorAtPath"}},
    ],
}
AXES_SCHEMA = {
    "type": "array",
    "description": (
        "OpenFisca axes: each inner list is one dimension of parallel axes (same count); with axes, each "
        "requested value is answered by an array with one value per point (the first dimension varies "
        "fastest). The persons computed (persons × points) count towards the request's limit of persons."
    ),
    "items": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["name", "count", "min", "max", "period"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "description": "A numeric variable"},
                "count": {"type": "integer", "minimum": 1},
                "min": {"type": "number"},
                "max": {"type": "number"},
                "period": {"type": "string"},
                "index": {"type": "integer", "minimum": 0, "description": "The instance that varies (default 0)"},
            },
        },
    },
}
REPONSES_ERREUR = {
    "400": "Invalid request: invalid JSON, a value of the wrong type, a period that does not fit the variable, "
    "a year outside the legislation, an input value the law excludes, invalid axes.",
    "404": "A variable of the situation (or of the axes) does not exist in the model.",
    "415": "The body is not sent as application/json.",
    "422": "A valid situation that the model does not compute yet; `field` names the input that leads there.",
}


def exemple(nom: str) -> dict:
    with open(_DOSSIER_EXEMPLES / f"{nom}.json", encoding="utf-8") as fichier:
        return json.load(fichier)


def _completer_spec(app, tax_benefit_system):
    """`/spec`: the Error schema on every 4xx of /calculate and /trace, axes, and the examples."""
    exemples = {nom: exemple(nom) for nom in EXEMPLES}
    resultats = {nom: calculate(tax_benefit_system, deepcopy(situation)) for nom, situation in exemples.items()}
    vue_core = app.view_functions["get_spec"]

    def get_spec():
        spec = vue_core().get_json()
        schemas = spec["components"]["schemas"]
        schemas["Error"] = ERREUR_SCHEMA
        schemas["ErrorAtPath"] = ERREUR_CHEMIN_SCHEMA
        for nom in ("SituationInput", "SituationOutput"):
            schemas[nom].setdefault("properties", {})["axes"] = {"$ref": "#/components/schemas/Axes"}
        schemas["Axes"] = AXES_SCHEMA
        config = current_app.config
        max_personnes, taille, delai = config["MAX_PERSONNES"], config["MAX_CONTENT_LENGTH"], config["DELAI_REQUETE"]
        limites = {
            "400": f"Also: more than {max_personnes} persons to compute (persons × points of the axes).",
            "413": (f"The body is above this server's limit of {taille} bytes." if taille else "The body is above this server's limit."),
            "503": (f"The computation took more than this server's request timeout ({delai:g} s)." if delai
                    else "The computation took more than this server's request timeout."),
        }
        individus = schemas["SituationInput"]["properties"].get(tax_benefit_system.person_entity.plural)
        if isinstance(individus, dict):
            individus["maxProperties"] = max_personnes
            individus["description"] = (f"At most {max_personnes} persons per request (persons × points of the axes); "
                                        "above, 400.")
        for route in ("/calculate", "/trace"):
            operation = spec["paths"][route]["post"]
            operation["description"] = (
                f"{operation.get('description', '').strip()} Limits of this server: {max_personnes} persons computed "
                f"(persons × points of the axes), {taille or 'unlimited'} bytes of body, "
                f"{f'{delai:g} s' if delai else 'no limit'} of computation.".strip()
            )
            operation["requestBody"]["content"]["application/json"]["examples"] = {
                nom: {"summary": resume, "value": exemples[nom]} for nom, resume in EXEMPLES.items()
            }
            reponses = operation["responses"]
            for code in (*REPONSES_ERREUR, "413", "503"):
                reponse = reponses.setdefault(code, {})
                reponse["description"] = " ".join(filter(None, (REPONSES_ERREUR.get(code), limites.get(code))))
                reponse["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        spec["paths"]["/calculate"]["post"]["responses"]["200"]["content"]["application/json"]["examples"] = {
            nom: {"summary": resume, "value": resultats[nom]} for nom, resume in EXEMPLES.items()
        }
        for route, methode in (("/parameter/{parameterID}", "get"), ("/variable/{variableID}", "get")):
            reponses = spec["paths"].get(route, {}).get(methode, {}).get("responses", {})
            if "404" in reponses:
                reponses["404"]["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        return jsonify(spec)

    app.view_functions["get_spec"] = get_spec


# ---------------------------------------------------------------- the app


def _restreindre_cors(app, origines) -> None:
    """openfisca-core allows every origin (`CORS(app, origins="*")`): its hook is removed (and the
    exception handlers it wrapped restored), then CORS is set again for `origines` only."""
    app.after_request_funcs[None] = [
        fonction for fonction in app.after_request_funcs.get(None, []) if fonction.__name__ != "cors_after_request"
    ]
    for nom in ("handle_exception", "handle_user_exception"):
        app.__dict__.pop(nom, None)  # flask-cors' wrappers: the class's own methods again
    CORS(app, origins=list(origines))


def create_app(
    tax_benefit_system,
    simulateur: bool = True,
    *,
    max_personnes: int = MAX_PERSONNES_CALCULEES,
    max_personnes_trace: int = None,
    taille_max_corps: int | None = TAILLE_MAX_CORPS,
    delai_requete: float | None = DELAI_REQUETE,
    origines_cors=ORIGINES_CORS,
    **options,
):
    """openfisca-core's web API app, with this package's handling of bad requests (and, with
    `simulateur`, the simulator page and the reforms' APIs: openfisca_independants/simulateur).

    Limits of one request: `max_personnes` persons computed (persons × points of the axes; 400
    above), `taille_max_corps` bytes of body (413 above; None: no limit), `delai_requete` seconds
    of computation (503 above; None: no limit). `origines_cors`: the origins (strings or regular
    expressions, `"*"` for any) whose pages may call the API from a browser; the reforms' APIs
    under `/reformes/` get the same limits."""
    app = create_core_app(tax_benefit_system, **options)
    app.config["TAX_BENEFIT_SYSTEM"] = tax_benefit_system
    app.config["MAX_PERSONNES"] = max_personnes
    app.config["MAX_PERSONNES_TRACE"] = min(max_personnes, MAX_PERSONNES_TRACE if max_personnes_trace is None else max_personnes_trace)
    app.config["MAX_CONTENT_LENGTH"] = taille_max_corps
    app.config["DELAI_REQUETE"] = delai_requete
    _restreindre_cors(app, origines_cors)
    _route(app, "calculate", calculate)
    _route(app, "trace", trace)
    _completer_parametres(app, tax_benefit_system)
    _completer_spec(app, tax_benefit_system)

    @app.errorhandler(werkzeug.exceptions.HTTPException)
    def http_error(error):
        if error.response is not None:  # core's `abort(make_response(...))`
            corps = error.response.get_json(silent=True)
            return reponse_erreur(corps, error.response.status_code) if isinstance(corps, dict) else error.response
        if isinstance(error, werkzeug.exceptions.RequestEntityTooLarge):
            limite = current_app.config.get("MAX_CONTENT_LENGTH")
            return reponse_erreur({"error": f"{error.name}: the request body is above this server's limit of {limite} bytes "
                                            f"({limite / 1024 / 1024:.3g} MiB)."}, 413)
        return reponse_erreur({"error": f"{error.name}: {error.description}"}, error.code)

    @app.errorhandler(500)
    def internal_server_error(error):
        # Flask has logged the exception and its traceback; its text stays out of the answer
        return make_response(jsonify({"error": "Internal server error: the request could not be computed; the error has been logged."}), 500)

    if simulateur:
        from openfisca_independants.simulateur import enregistrer

        enregistrer(app, functools.partial(create_app, max_personnes=max_personnes, taille_max_corps=taille_max_corps,
                                           delai_requete=delai_requete, origines_cors=origines_cors, **options))
    return app
