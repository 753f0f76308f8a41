"""Errors for bad input: every problem at once, each with file, line, column and field path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Problem", "ScenarioError"]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``line`` and ``column`` are 1-based; 0 when unknown. ``path`` is the field path, e.g.
    ``stances[russia][I1].salience``.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        tag = "" if self.severity == "error" else "warning: "
        return f"{where} {self.path}: {tag}{self.message}" if self.path else f"{where}: {tag}{self.message}"


class ScenarioError(ValueError):
    """A scenario (or imported file) could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"] or list(problems)
        self.warnings = [p for p in problems if p.severity == "warning"]
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int = 0, column: int = 0, path: str = "") -> ScenarioError:
        """An error with one problem."""
        return cls([Problem(file, line, column, path, message)])
