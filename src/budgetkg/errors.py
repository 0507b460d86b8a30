"""Library errors.  The CLI turns them into one-line messages and exit codes."""

from __future__ import annotations


class BudgetKGError(Exception):
    """Base class for errors that the CLI reports without a traceback."""

    exit_code = 2


class InputError(BudgetKGError):
    """A file could not be read as a disclosure (exit code 2)."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class UsageError(BudgetKGError):
    """Options that do not fit together (exit code 2)."""


class OutputError(BudgetKGError):
    """An output file, store or spool directory could not be written (exit code 2)."""
