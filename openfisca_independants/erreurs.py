"""Errors raised by the model when a situation is outside what it computes."""


class SituationNonModelisee(ValueError):
    """A valid input that the model does not compute yet (the rules are not implemented).

    `variable` names the input that leads there, so that callers (web API, batch runs) can
    point at the field; `lignes`, when the rule is refused for some persons only, their
    positions, so that a batch run leaves those rows out and computes the others.
    """

    def __init__(self, variable: str, message: str, lignes=None):
        super().__init__(f"{message} (input '{variable}')")
        self.variable = variable
        self.message = message
        self.lignes = None if lignes is None else [int(ligne) for ligne in lignes]


class EntreeInvalide(ValueError):
    """An input value the law excludes (a negative turnover, an unknown code…).

    `variable` names the input and `lignes` the positions (rows) of the faulty persons in the
    population, so that the web API can name the person and a batch run the row.
    """

    def __init__(self, variable: str, lignes, message: str):
        self.variable = variable
        self.lignes = [int(ligne) for ligne in lignes]
        self.message = message
        premieres = ", ".join(str(ligne) for ligne in self.lignes[:10])
        super().__init__(f"{message} (variable '{variable}', lignes {premieres}{'…' if len(self.lignes) > 10 else ''})")
