"""Problems found in content files, worded for the people who wrote them."""

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    error = "error"  # the file is rejected
    warning = "warning"  # the file is accepted; something in it needs a look


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    severity: Severity = Severity.error
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        field = f" field '{self.field}':" if self.field else ""
        return f"{where}:{field} {self.message}"


class ContentError(Exception):
    """A file cannot be accepted; carries the precise problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
