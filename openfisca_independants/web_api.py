"""The OpenFisca web API of this package, with its own handling of bad requests.

openfisca-core's Flask app is reused as is (routes, OpenAPI spec, headers); only the two
computing routes (`/calculate`, `/trace`) are replaced, so that every bad request gets a 4xx
JSON error naming the faulty field, never a 500:

- a body that is not JSON, or not sent as `application/json` (415 / 400);
- an input value of the wrong type: non-numeric, boolean or non-finite amount, unknown or
  non-string category (400, at the path of the value);
- a period that cannot be parsed or that does not match the variable (a month, or
  `ETERNITY`, for a yearly variable) (400, at the path of the request);
- a year for which the legislation is not in the model (400);
- an input value the law excludes (negative turnover, unknown département) (400, at the path
  of the value);
- a situation the model does not compute yet (422, naming the input that leads there).
"""

import json
import math
from collections.abc import Iterator

import werkzeug.exceptions
from flask import jsonify, make_response, request
from openfisca_core import periods
from openfisca_core.errors import (
    ParameterNotFoundError,
    PeriodMismatchError,
    SituationParsingError,
    VariableNotFoundError,
)
from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import SimulationBuilder
from openfisca_web_api import handlers
from openfisca_web_api.app import create_app as create_core_app

from openfisca_independants.erreurs import EntreeInvalide, SituationNonModelisee

# Largest magnitude a float32 variable can hold (numpy.finfo(numpy.float32).max).
FLOAT32_MAX = 3.4028234663852886e38


class RequeteInvalide(Exception):
    """A bad request: `status` HTTP code, `error` JSON body (the path of the faulty field)."""

    def __init__(self, error: dict, status: int = 400):
        super().__init__(error)
        self.error = error
        self.status = status


def _chemin(path: tuple, message: str) -> dict:
    """Nest `message` under `path`, like openfisca-core's own situation errors."""
    error: object = message
    for key in reversed(path):
        error = {key: error}
    return error


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
        situation = json.loads(request.get_data(as_text=True))
    except ValueError as error:
        raise RequeteInvalide({"error": f"Invalid JSON: {error}"}) from error
    if not isinstance(situation, dict):
        raise RequeteInvalide({"error": "Invalid situation: the body must be a JSON object."})
    return situation


def _valeurs(tax_benefit_system, situation: dict) -> Iterator[tuple[tuple, object, object]]:
    """(path, variable, value) of every variable value of a well-formed situation.

    Malformed parts are skipped: openfisca-core's SimulationBuilder reports them itself.
    """
    for entity in tax_benefit_system.entities:
        instances = situation.get(entity.plural)
        if not isinstance(instances, dict):
            continue
        for instance_id, instance in instances.items():
            if not isinstance(instance, dict):
                continue
            for name, values in instance.items():
                variable = tax_benefit_system.variables.get(name)
                if variable is None or not isinstance(values, dict):
                    continue
                for period_str, value in values.items():
                    yield (entity.plural, instance_id, name, period_str), variable, value


def _erreur_valeur(variable, value) -> str | None:
    """Why `value` is not a valid input of `variable`, or None."""
    if variable.value_type is float or variable.value_type is int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{variable.name}' expects a number; got {value!r}."
        if not math.isfinite(value) or abs(value) > FLOAT32_MAX:
            return f"'{variable.name}' expects a finite number; got {value!r}."
    elif variable.value_type is bool:
        if not isinstance(value, bool):
            return f"'{variable.name}' expects true or false; got {value!r}."
    elif variable.value_type is Enum:
        names = [item.name for item in variable.possible_values]
        if value not in names:
            return f"{value!r} is not a known value for '{variable.name}'. Possible values are {names}."
    return None


def _erreur_periode(variable, period_str, entree: bool) -> str | None:
    """Why `period_str` cannot be used for `variable` (as an input value, or a request), or None."""
    try:
        period = periods.period(period_str)
    except (ValueError, TypeError) as error:
        return str(error)
    unit = variable.definition_period
    if unit == periods.DateUnit.ETERNITY:
        return None
    if entree and variable.set_input is not None and unit == periods.DateUnit.MONTH and period.unit == periods.DateUnit.YEAR:
        return None  # a yearly amount spread over the months (set_input_divide_by_period)
    if period.unit != unit or period.size != 1:
        return (
            f"'{variable.name}' is defined for one {unit} at a time "
            f"(e.g. '2024' for a year, '2024-01' for a month); got '{period_str}'."
        )
    return None


def valider_situation(tax_benefit_system, situation: dict) -> None:
    """Raise RequeteInvalide listing every bad value and every bad requested period."""
    errors: dict = {}
    for path, variable, value in _valeurs(tax_benefit_system, situation):
        message = _erreur_periode(variable, path[-1], entree=value is not None)
        if message is None and value is not None:
            message = _erreur_valeur(variable, value)
        if message is not None:
            _fusionner(errors, _chemin(path, message))
    if errors:
        raise RequeteInvalide(errors)


def _fusionner(target: dict, source: dict) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _fusionner(target[key], value)
        else:
            target[key] = value


def _hors_legislation(error: ParameterNotFoundError) -> str:
    return (
        f"No legislation in this model on {error.instant_str} (parameter '{error.name}' has no "
        "value then): the model covers contribution years 2019 to 2026."
    )


def _entree_invalide(simulation, error: EntreeInvalide) -> dict:
    """The error at the path of each faulty person's input (rows mapped back to the ids)."""
    variable = simulation.tax_benefit_system.variables[error.variable]
    population = simulation.get_population(variable.entity.plural)
    errors: dict = {}
    for ligne in error.lignes:
        _fusionner(errors, _chemin((variable.entity.plural, population.ids[ligne], error.variable), error.message))
    return errors


def _calculer(simulation, variable_name: str, period_str, path: tuple):
    try:
        return simulation.calculate(variable_name, period_str)
    except EntreeInvalide as error:
        raise RequeteInvalide(_entree_invalide(simulation, error)) from error
    except SituationNonModelisee as error:
        raise RequeteInvalide(
            {"error": error.message, "field": error.variable, "path": "/".join(map(str, path))},
            422,
        ) from error
    except ParameterNotFoundError as error:
        raise RequeteInvalide(_chemin(path, _hors_legislation(error))) from error
    except PeriodMismatchError as error:
        raise RequeteInvalide(error.error, error.code or 400) from error


def calculate(tax_benefit_system, situation: dict) -> dict:
    """The situation with every `null` replaced by its computed value (openfisca semantics)."""
    valider_situation(tax_benefit_system, situation)
    simulation = SimulationBuilder().build_from_entities(tax_benefit_system, situation)
    for path, variable, value in list(_valeurs(tax_benefit_system, situation)):
        if value is not None:
            continue
        entity_plural, instance_id, name, period_str = path
        result = _calculer(simulation, name, period_str, path)
        index = simulation.get_population(entity_plural).get_index(instance_id)
        if variable.value_type is Enum:
            answer = result.decode()[index].name
        elif variable.value_type is float:
            answer = float(str(result[index]))  # the float32 value without spurious decimals
            if not math.isfinite(answer):
                raise RequeteInvalide(
                    _chemin(path, "The result is out of the range of the model's numbers (float32): "
                            "check the magnitude of the amounts given."),
                    422,
                )
        else:
            answer = result.tolist()[index]
        situation[entity_plural][instance_id][name][period_str] = answer
    return situation


def trace(tax_benefit_system, situation: dict) -> dict:
    valider_situation(tax_benefit_system, situation)
    try:
        return handlers.trace(tax_benefit_system, situation)
    except EntreeInvalide as error:
        raise RequeteInvalide({"error": error.message, "field": error.variable}) from error
    except SituationNonModelisee as error:
        raise RequeteInvalide({"error": error.message, "field": error.variable}, 422) from error
    except ParameterNotFoundError as error:
        raise RequeteInvalide({"error": _hors_legislation(error)}) from error


def _route(app, endpoint: str, handler):
    tax_benefit_system = app.config["TAX_BENEFIT_SYSTEM"]

    def view():
        try:
            return jsonify(handler(tax_benefit_system, _lire_json()))
        except RequeteInvalide as error:
            return make_response(jsonify(error.error), error.status)
        except (SituationParsingError, PeriodMismatchError) as error:
            return make_response(jsonify(error.error), error.code or 400)
        except VariableNotFoundError as error:
            return make_response(jsonify({"error": error.message}), 404)

    app.view_functions[endpoint] = view


def create_app(tax_benefit_system, **options):
    """openfisca-core's web API app, with this package's handling of bad requests."""
    app = create_core_app(tax_benefit_system, **options)
    app.config["TAX_BENEFIT_SYSTEM"] = tax_benefit_system
    _route(app, "calculate", calculate)
    _route(app, "trace", trace)

    @app.errorhandler(werkzeug.exceptions.HTTPException)
    def http_error(error):
        if error.response is not None:
            return error.response
        return make_response(jsonify({"error": f"{error.name}: {error.description}"}), error.code)

    return app
