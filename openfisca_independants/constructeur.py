"""A simulation built from a JSON situation at a cost linear in its size.

openfisca-core's `SimulationBuilder.build_from_entities` (46.x) finds each instance by
`list.index` on the list of ids — for every input value of every person, for every member of
every group — and tests membership in a list: its cost grows with the square of the number of
persons. It also deep-copies the whole situation and parses every period string again for
every value.

`ConstructeurLineaire` is core's builder with these look-ups done through dictionaries
(id → position, built once per entity) and the periods parsed once per distinct string; the
order of the checks, the error messages and the resulting simulation are core's own. Only
`build_from_entities` and the methods it calls with an id are replaced; axes, the
finalisation of inputs and the period-mismatch report are core's methods.
"""

from copy import deepcopy

import numpy
from openfisca_core import errors, periods
from openfisca_core.simulations import Simulation, SimulationBuilder, helpers


def _positions(ids) -> dict:
    """id → position of its first occurrence (what `list.index` answers)."""
    positions: dict = {}
    for position, identifiant in enumerate(ids):
        positions.setdefault(identifiant, position)
    return positions


class ConstructeurLineaire(SimulationBuilder):
    """core's SimulationBuilder, linear in the number of instances (see the module)."""

    def __init__(self):
        super().__init__()
        self._positions_par_entite: dict = {}
        self._periodes: dict = {}  # period string → Period, parsed once
        self._textes_periodes: dict = {}  # period string → str(Period)
        self._variables_verifiees: set = set()  # (entity, variable) defined for that entity: checked once

    def _periode(self, period_str):
        periode = self._periodes.get(period_str)
        if periode is None:
            periode = self._periodes[period_str] = periods.period(period_str)
        return periode

    def _texte_periode(self, period_str) -> str:
        texte = self._textes_periodes.get(period_str)
        if texte is None:
            texte = self._textes_periodes[period_str] = str(self._periode(period_str))
        return texte

    def build_from_entities(self, tax_benefit_system, input_dict):
        """core's `build_from_entities`, without its deep copy of the situation (nothing here
        writes into it: group instances are copied before their roles are popped, axes are
        copied)."""
        populations = tax_benefit_system.instantiate_entities()
        simulation = Simulation(tax_benefit_system, populations)
        plural = tax_benefit_system.entities_plural()
        self.register_variables(simulation)
        axes = None
        helpers.check_type(input_dict, dict, ["error"])
        params = {key: value for key, value in input_dict.items() if key != "axes"}
        if input_dict.get("axes") is not None:
            axes = deepcopy(input_dict["axes"])
        helpers.check_unexpected_entities(params, plural)
        person_entity = tax_benefit_system.person_entity
        persons_json = params.get(person_entity.plural, None)
        if not persons_json:
            raise errors.SituationParsingError(
                [person_entity.plural],
                f"No {person_entity.key} found. At least one {person_entity.key} must be defined to run a simulation.",
            )
        persons_ids = self.add_person_entity(simulation.persons.entity, persons_json)
        instances_json = None
        for entity_class in tax_benefit_system.group_entities:
            instances_json = params.get(entity_class.plural)
            if instances_json is not None:
                self.add_group_entity(self.persons_plural, persons_ids, entity_class, instances_json)
            elif axes is not None:
                message = (
                    f"We could not find any specified {entity_class.plural}. "
                    "In order to expand over axes, all group entities and roles "
                    "must be fully specified. For further support, please do "
                    "not hesitate to take a look at the official documentation: "
                    "https://openfisca.org/doc/simulate/replicate-simulation-inputs.html."
                )
                raise errors.SituationParsingError([entity_class.plural], message)
            else:
                self.add_default_group_entity(persons_ids, entity_class)
        if axes is not None:
            for axis in axes[0]:
                self.add_parallel_axis(axis)
            if len(axes) >= 1:
                for axis in axes[1:]:
                    self.add_perpendicular_axis(axis[0])
            self.expand_axes()
        try:
            self.finalize_variables_init(simulation.persons)
        except errors.PeriodMismatchError as e:
            self.raise_period_mismatch(simulation.persons.entity, persons_json, e)
        for entity_class in tax_benefit_system.group_entities:
            try:
                population = simulation.populations[entity_class.key]
                self.finalize_variables_init(population)
            except errors.PeriodMismatchError as e:
                self.raise_period_mismatch(population.entity, instances_json, e)
        return simulation

    def add_person_entity(self, entity, instances_json):
        helpers.check_type(instances_json, dict, [entity.plural])
        entity_ids = list(map(str, instances_json.keys()))
        self.persons_plural = entity.plural
        self.entity_ids[self.persons_plural] = entity_ids
        self.entity_counts[self.persons_plural] = len(entity_ids)
        self._positions_par_entite[entity.plural] = _positions(entity_ids)
        for instance_id, instance_object in instances_json.items():
            helpers.check_type(instance_object, dict, [entity.plural, instance_id])
            self.init_variable_values(entity, instance_object, str(instance_id))
        return self.get_ids(entity.plural)

    def add_group_entity(self, persons_plural, persons_ids, entity, instances_json) -> None:
        """core's `add_group_entity`, members and instances found by dictionary."""
        helpers.check_type(instances_json, dict, [entity.plural])
        entity_ids = list(map(str, instances_json.keys()))
        positions_entite = self._positions_par_entite[entity.plural] = _positions(entity_ids)
        positions_personnes = self._positions_par_entite[persons_plural]
        self.entity_ids[entity.plural] = entity_ids
        self.entity_counts[entity.plural] = len(entity_ids)
        persons_count = len(persons_ids)
        persons_to_allocate = set(persons_ids)
        memberships = self.memberships[entity.plural] = numpy.empty(persons_count, dtype=numpy.int32)
        roles = self.roles[entity.plural] = numpy.empty(persons_count, dtype=object)
        role_by_plural = {role.plural or role.key: role for role in entity.roles}
        for instance_id, instance_object in instances_json.items():
            helpers.check_type(instance_object, dict, [entity.plural, instance_id])
            variables_json = instance_object.copy()  # the request is not written into
            roles_json = {
                role.plural or role.key: helpers.transform_to_strict_syntax(variables_json.pop(role.plural or role.key, []))
                for role in entity.roles
            }
            for role_id, role_definition in roles_json.items():
                helpers.check_type(role_definition, list, [entity.plural, instance_id, role_id])
                for index, person_id in enumerate(role_definition):
                    # core's check, with the ids as a dictionary: `in` at constant cost
                    self.check_persons_to_allocate(
                        persons_plural, entity.plural, positions_personnes, person_id, instance_id, role_id,
                        persons_to_allocate, index,
                    )
                    persons_to_allocate.discard(person_id)
            entity_index = positions_entite[instance_id]
            for role_plural, persons_with_role in roles_json.items():
                role = role_by_plural[role_plural]
                if role.max is not None and len(persons_with_role) > role.max:
                    raise errors.SituationParsingError(
                        [entity.plural, instance_id, role_plural],
                        f"There can be at most {role.max} {role_plural} in a {entity.key}. "
                        f"{len(persons_with_role)} were declared in '{instance_id}'.",
                    )
                for index_within_role, person_id in enumerate(persons_with_role):
                    person_index = positions_personnes[person_id]
                    memberships[person_index] = entity_index
                    roles[person_index] = role.subroles[index_within_role] if role.subroles else role
            self.init_variable_values(entity, variables_json, instance_id)
        if persons_to_allocate:
            # each person left out is a group of its own, appended (at the position `index` would find)
            entity_ids = entity_ids + list(persons_to_allocate)
            positions_completes = _positions(entity_ids)
            for person_id in persons_to_allocate:
                person_index = positions_personnes[person_id]
                memberships[person_index] = positions_completes[person_id]
                roles[person_index] = entity.flattened_roles[0]
            self.entity_ids[entity.plural] = entity_ids
            self.entity_counts[entity.plural] = len(entity_ids)
        self.roles[entity.plural] = roles.tolist()
        self.memberships[entity.plural] = memberships.tolist()

    def init_variable_values(self, entity, instance_object, instance_id) -> None:
        """core's `init_variable_values`, the instance found by dictionary, the periods parsed once."""
        for variable_name, variable_values in instance_object.items():
            path_in_json = [entity.plural, instance_id, variable_name]
            if (entity.key, variable_name) not in self._variables_verifiees:
                try:
                    entity.check_variable_defined_for_entity(variable_name)
                except ValueError as e:  # the variable is defined for another entity
                    raise errors.SituationParsingError(path_in_json, e.args[0])
                except errors.VariableNotFoundError as e:  # the variable does not exist
                    raise errors.SituationParsingError(path_in_json, str(e), code=404)
                self._variables_verifiees.add((entity.key, variable_name))
            instance_index = self._positions_par_entite[entity.plural][instance_id]
            if not isinstance(variable_values, dict):
                if self.default_period is None:
                    raise errors.SituationParsingError(
                        path_in_json,
                        "Can't deal with type: expected object. Input variables should be set for specific periods. "
                        "For instance: {'salary': {'2017-01': 2000, '2017-02': 2500}}, or {'birth_date': {'ETERNITY': '1980-01-01'}}.",
                    )
                variable_values = {self.default_period: variable_values}
            for period_str, value in variable_values.items():
                try:
                    self._periode(period_str)
                except ValueError as e:
                    raise errors.SituationParsingError(path_in_json, e.args[0])
                variable = entity.get_variable(variable_name)
                self.add_variable_value(entity, variable, instance_index, instance_id, period_str, value)

    def add_variable_value(self, entity, variable, instance_index, instance_id, period_str, value) -> None:
        """core's `add_variable_value`, the period parsed once."""
        if value is None:
            return
        array = self.get_input(variable.name, str(period_str))
        if array is None:
            array = variable.default_array(self.get_count(entity.plural))
        try:
            value = variable.check_set_value(value)
        except ValueError as error:
            raise errors.SituationParsingError([entity.plural, instance_id, variable.name, period_str], *error.args)
        array[instance_index] = value
        self.input_buffer[variable.name][self._texte_periode(period_str)] = array

