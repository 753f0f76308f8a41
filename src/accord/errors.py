"""One error family for everything accord reports to a user.

* :class:`AccordError` is the root; an interface catches it, and only it, to turn a failure into a
  message and an exit code, so no traceback reaches a user.
* :class:`InputError`: bad files or bad options (exit code 2). It carries every :class:`Problem` found,
  each located by file, line, column and field path.
* :class:`LimitError`: the work is too large or too slow for a configured limit (exit code 3); it names
  the knob that raises the limit.

``InputError`` is also a :class:`ValueError`, so library callers that catch ``ValueError`` keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["AccordError", "InputError", "LimitError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file or option.

    Parameters
    ----------
    file : str
        The file (or the option, such as ``--models``) at fault.
    line, column : int
        1-based position in the file; 0 when unknown.
    path : str
        The field path, e.g. ``stances[russia][I1].salience``.
    message : str
        What is wrong, in words a user can act on.
    severity : {"error", "warning"}
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
        if not where:
            return f"{self.path}: {tag}{self.message}" if self.path else f"{tag}{self.message}"
        return f"{where} {self.path}: {tag}{self.message}" if self.path else f"{where}: {tag}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """The problem as plain data (for ``--json`` error documents and the web API)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


class AccordError(Exception):
    """Root of every error accord raises on purpose; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(AccordError, ValueError):
    """Bad input: a file or an option. Lists every problem found at once (exit code 2).

    Parameters
    ----------
    problems : list of Problem, or str
        The problems; a plain string is one unlocated problem.
    """

    exit_code = 2

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", 0, 0, "", problems)]
        self.problems = [p for p in problems if p.severity == "error"] or list(problems)
        self.warnings = [p for p in problems if p.severity == "warning"]
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int = 0, column: int = 0, path: str = "") -> InputError:
        """An error with one problem."""
        return cls([Problem(file, line, column, path, message)])


class LimitError(AccordError):
    """The requested work exceeds a limit (exit code 3).

    Parameters
    ----------
    message : str
        Which limit was hit.
    knob : str, optional
        The option or parameter that raises the limit (``--max-size``, ``enumeration_limit``); it is
        appended to the message.
    """

    exit_code = 3

    def __init__(self, message: str, knob: str = ""):
        self.knob = knob
        super().__init__(
            message + (f" (raise the limit with {knob})" if knob and knob not in message else "")
        )
