"""Errors raised by the model when a situation is outside what it computes."""


class SituationNonModelisee(ValueError):
    """A valid input that the model does not compute yet (the rules are not implemented).

    `variable` names the input that leads there, so that callers (web API, batch runs) can
    point at the field.
    """

    def __init__(self, variable: str, message: str):
        super().__init__(message)
        self.variable = variable
        self.message = message
