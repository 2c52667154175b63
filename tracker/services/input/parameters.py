"""Refusing a query parameter: the error every page, the API and the services raise for one."""

from __future__ import annotations


class ParameterError(ValueError):
    """A query parameter or form value we cannot use; the message says which and why."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")
