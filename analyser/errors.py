"""Errors a user can act on.

The CLI turns an :class:`InputError` into one line naming the file, row and column and exits with code 2;
it never shows a traceback for bad input.  Library callers get the same exception with the same fields.
"""

from __future__ import annotations


class AnalyserError(Exception):
    """Base class for errors that are the input's or the configuration's fault, not a bug."""


class InputError(AnalyserError):
    """Bad input: names where the problem is so the user can fix it."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ConfigError(AnalyserError):
    """An invalid configuration key or value (in pyproject.toml or a ticket-analyser.toml)."""
