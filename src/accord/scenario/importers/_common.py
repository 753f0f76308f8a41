"""What every importer shares: reading text, numbers with positions, one id rule, and the plug-in base.

Every importer turns names from another tool's file into accord ids with :func:`clean_id`, so ``EU (incl
Norway)`` becomes ``EU_incl_Norway`` whichever format it came from, and every imported scenario passes the
same validator as a scenario file (:meth:`Importer.read`), so what an importer writes loads again.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import ClassVar

from ..errors import Problem, ScenarioError
from ..model import Scenario

__all__ = ["Importer", "clean_id", "read_text", "slug", "to_float"]

_NOT_ID = re.compile(r"[^A-Za-z0-9_]+")


def read_text(path: str | Path) -> str:
    """Read a text file, turning OS errors into a ScenarioError naming the file."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScenarioError.single(str(path), "no such file") from None
    except IsADirectoryError:
        raise ScenarioError.single(str(path), "is a folder, not a file") from None
    except UnicodeDecodeError as e:
        raise ScenarioError.single(str(path), f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise ScenarioError.single(str(path), f"cannot be read: {e.strerror}") from None


def to_float(
    text: str,
    problems: list[Problem],
    file: str,
    line: int,
    column: int,
    field: str,
    missing: tuple[str, ...] = ("",),
) -> float | None:
    """Parse a number; record a problem (and return None) if it is not one. Missing markers give None."""
    t = text.strip().strip("'\"")
    if t in missing:
        return None
    try:
        x = float(t)
    except ValueError:
        problems.append(Problem(file, line, column, field, f"expected a number, got {t!r}"))
        return None
    if not math.isfinite(x):
        problems.append(Problem(file, line, column, field, f"expected a finite number, got {t!r}"))
        return None
    return x


def clean_id(name: str, fallback: str = "x") -> str:
    """The accord id for a name from another tool: the one id rule every importer follows.

    Accents are dropped (``Česko`` -> ``Cesko``), each run of anything but ASCII letters, digits and ``_``
    becomes one ``_``, and leading or trailing ``_`` go, so the result always passes the scenario
    validator's id rule. A name with nothing left gives ``fallback``.

    Parameters
    ----------
    name : str
    fallback : str

    Returns
    -------
    str

    Examples
    --------
    >>> clean_id("EU (incl Norway)")
    'EU_incl_Norway'
    >>> clean_id("  ")
    'x'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("_", ascii_name).strip("_") or fallback


#: The former name of :func:`clean_id`, kept for callers outside the importers.
slug = clean_id


class Importer:
    """Base of the importer plug-ins registered under the ``accord.importers`` entry-point group.

    A subclass sets the class attributes, takes its format options as keyword arguments of ``__init__``
    (stored unmodified) and implements :meth:`_read`; :meth:`read` then validates what it built exactly
    as :func:`accord.scenario.load_scenario` validates a file, so an import that succeeds always writes
    a scenario that loads again.

    Attributes
    ----------
    name : str
        The format name on the command line (``accord import NAME FILE``).
    description : str
        One line for ``--help``.
    multi : bool
        True when one file gives many scenarios (written to a folder with
        :func:`accord.scenario.writer.write_folder`).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    multi: ClassVar[bool] = False

    def read(self, path: str | Path, warnings: list[Problem] | None = None) -> list[Scenario]:
        """Import a file.

        Parameters
        ----------
        path : path-like
        warnings : list, optional
            Receives the validator's warnings (an issue nobody takes a stance on, say), each naming the
            file.

        Returns
        -------
        list of Scenario
            One scenario, or one per issue for a ``multi`` format.

        Raises
        ------
        ScenarioError
            Listing every problem, in the input file or in the scenario it would give.
        """
        # Imported here: the validator lives in the loader, which itself needs nothing from importers.
        from ..loader import validate_scenario

        scenarios = self._read(Path(path))
        problems: list[Problem] = []
        for k, s in enumerate(scenarios):
            found = validate_scenario(s, _where(str(path), k, self.multi, s))
            problems += found
        if any(p.severity == "error" for p in problems):
            raise ScenarioError(problems)
        if warnings is not None:
            warnings.extend(problems)
        return scenarios

    def _read(self, path: Path) -> list[Scenario]:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


def _where(file: str, k: int, multi: bool, s: Scenario) -> str:
    """The name problems carry: the file, and for a multi-scenario format which scenario in it."""
    if not multi:
        return file
    row = s.metadata.get("row")
    return f"{file} (row {row})" if row is not None else f"{file} (scenario {k + 1})"
