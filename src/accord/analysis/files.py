"""File-level entry points: validate a scenario file, import another tool's file."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..registry import IMPORTERS
from .results import ImportReport, ProblemRecord, ValidationReport

__all__ = ["validate", "import_file", "importer_options"]


def validate(path: str | Path, *, strict: bool = False, **load_options: Any) -> ValidationReport:
    """Check a scenario file; every problem found, errors first, then warnings.

    Parameters
    ----------
    path : str or Path
    strict : bool
        Warnings make the file invalid.
    **load_options
        Passed to :func:`accord.load_scenario` (``max_size``).

    Returns
    -------
    ValidationReport
        Never raises for a bad file: the problems are the result.
    """
    from ..scenario import Problem, ScenarioError, load_scenario

    warnings: list[Problem] = []
    try:
        sc = load_scenario(path, warnings=warnings, **load_options)
    except ScenarioError as err:
        problems = err.problems + err.warnings
        return ValidationReport(str(path), False, 0, 0, 0, 0, tuple(_record(p) for p in problems))
    valid = not (strict and warnings)
    return ValidationReport(
        str(path),
        valid,
        sc.n_actors,
        sc.n_issues,
        len(sc.stances),
        len(sc.sources),
        tuple(_record(p) for p in warnings),
    )


def _record(p: Any) -> ProblemRecord:
    return ProblemRecord(p.file, p.line, p.column, p.path, p.message, p.severity)


def importer_options(fmt: str) -> dict[str, Any]:
    """The options an importer takes, with their defaults."""
    cls = IMPORTERS.get(fmt, "FORMAT")
    return {k: p.default for k, p in inspect.signature(cls).parameters.items()}


def import_file(fmt: str, path: str | Path, out: str | Path, **options: Any) -> ImportReport:
    """Read another tool's file with the registered importer ``fmt`` and write accord scenario(s).

    Parameters
    ----------
    fmt : str
        A registered importer (``ktab``, ``decide``, ``bdm``, ``deu``, ...).
    path : str or Path
    out : str or Path
        A scenario file (``.yaml`` / ``.json``), or a folder for importers that give many scenarios;
        written atomically (a folder is built beside it and renamed into place).
    **options
        The importer's own options; one that it does not take is an InputError naming it.
    """
    from ..scenario import save_scenario
    from ..scenario.writer import write_folder

    cls = IMPORTERS.get(fmt, "FORMAT")
    known = importer_options(fmt)
    given = {k: v for k, v in options.items() if v is not None and v != known.get(k, object())}
    wrong = [k for k in given if k not in known]
    if wrong:
        which = ", ".join("--" + k.replace("_", "-") for k in wrong)
        raise InputError.single(which, f"does not apply to {fmt} (it takes: {_names(known)})")
    scenarios = cls(**given).read(path)
    if not scenarios:
        raise InputError.single(str(path), "holds no scenario to import")
    if cls.multi:
        written = [str(p) for p in write_folder(scenarios, Path(out))]
    else:
        save_scenario(scenarios[0], out)
        written = [str(out)]
    first = scenarios[0]
    return ImportReport(fmt, str(path), tuple(written), len(scenarios), first.n_actors, first.n_issues)


def _names(known: dict[str, Any]) -> str:
    return ", ".join("--" + k.replace("_", "-") for k in known) or "no options"
