"""Read and validate scenario files (YAML; JSON accepted too), safely and within limits.

Validation collects every problem before it gives up, so a broken file is fixed in one pass; each problem
carries the file, line, column and field path (``scenario.yaml:142:7 stances[russia][I1].salience: 140 is
above 100``). Reading is bounded: the file size is checked before anything is parsed, and the YAML layer
(:mod:`accord.scenario._yaml`) limits nesting depth and alias expansion, so hostile input gives a located
:class:`ScenarioError` within milliseconds, never a traceback. The sections of the file are read by
``_sections``, ``_stances`` and ``_tracks``; writing is in :mod:`accord.scenario.writer`.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ._checker import Checker
from ._constraints import check_parties, parse_constraints, parse_round
from ._degenerate import check_degenerate
from ._sections import parse_actors, parse_issues, parse_sources
from ._stances import parse_stances
from ._tracks import parse_tracks
from ._uncertainty import parse_uncertainty
from ._yaml import MAX_ALIAS_NODES, MAX_DEPTH, YAMLInputError, load_marked
from .errors import Problem, ScenarioError
from .model import Scenario
from .writer import FORMAT, scenario_to_dict

__all__ = [
    "MAX_SIZE",
    "load_scenario",
    "parse_scenario",
    "read_scenario_data",
    "validate_scenario",
]

#: Default largest scenario file, in bytes (``--max-size`` on the command line). The flagship is 60 KB;
#: a 46 MB file took 97 s and 3 GB to load with the pure-Python parser.
MAX_SIZE = 20_000_000

_TOP = {
    "format",
    "title",
    "as_of",
    "description",
    "metadata",
    "sources",
    "actors",
    "issues",
    "stances",
    "tracks",
    "uncertainty",
    "constraints",
    "round",
}


def parse_scenario(data: Any, file: str = "<scenario>") -> Scenario:
    """Validate parsed scenario data (dicts and lists) and build a :class:`Scenario`.

    Parameters
    ----------
    data : mapping
        As read from YAML or JSON; positions are reported when it came from :func:`load_marked`.
    file : str
        Name used in problem reports.

    Raises
    ------
    ScenarioError
        With every problem found. Warnings (a stance without a source) do not raise; use
        :func:`load_scenario` with ``warnings=`` to see them.
    """
    scenario, problems = _parse(data, file)
    if scenario is None or any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    return scenario


def validate_scenario(scenario: Scenario, file: str = "<scenario>") -> list[Problem]:
    """Every problem the loader would report for this scenario once written to a file.

    Importers and other code that builds a :class:`Scenario` in Python use this to make sure that what
    they write loads again.

    Parameters
    ----------
    scenario : Scenario
    file : str
        Name used in problem reports.

    Returns
    -------
    list of Problem
        Errors and warnings; positions are 0 (there is no file yet).
    """
    return _parse(scenario_to_dict(scenario), file)[1]


def _parse(data: Any, file: str) -> tuple[Scenario | None, list[Problem]]:
    c = Checker(file)
    top = c.mapping(data, (1, 1), "", _TOP)
    if top is None:
        return None, c.problems
    fmt = c.string(top, "format", "")
    if fmt is not None and fmt != FORMAT:
        c.add(
            top.value_marks.get("format", top.mark),
            "format",
            f"unsupported format {fmt!r}; expected {FORMAT!r}",
        )
    sources = parse_sources(c, top)
    actors = parse_actors(c, top)
    issues, groups = parse_issues(c, top, {a.id for a in actors})
    clash = {a.id for a in actors} & ({i.id for i in issues} | {g.id for g in groups})
    for x in sorted(clash):
        c.add(top.mark, "", f"id {x!r} is used by both an actor and an issue")
    stances = parse_stances(c, top, actors, issues, groups, {s.id for s in sources})
    tracks = parse_tracks(c, top, actors, issues, {s.id for s in sources})
    constraints = parse_constraints(c, top, issues, groups, {s.id for s in sources})
    check_parties(c, top, issues, stances)
    as_of = c.string(top, "as_of", "")
    round_length = parse_round(c, top, as_of)
    if not any(p.severity == "error" for p in c.problems):
        check_degenerate(c, top, actors, issues, stances)
    meta_raw = top.get("metadata", {})
    if not isinstance(meta_raw, dict):
        c.add(top.value_marks.get("metadata", top.mark), "metadata", "expected a mapping")
        meta_raw = {}
    scenario = Scenario(
        actors=tuple(actors),
        issues=tuple(issues),
        stances=tuple(stances),
        sources=tuple(sources),
        groups=tuple(groups),
        title=c.string(top, "title", "") or "",
        as_of=as_of,
        description=c.string(top, "description", "") or "",
        metadata=_plain(meta_raw),
        tracks=tuple(tracks),
        constraints=tuple(constraints),
        round=round_length,
    )
    scenario = parse_uncertainty(c, top, scenario, {s.id for s in sources})
    return scenario, c.problems


def _plain(v: Any) -> Any:
    """Marked containers and dates back to plain JSON-able Python."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v


def _read_bytes(p: Path, name: str, max_size: int) -> bytes:
    """The file's bytes, refusing what is not a regular file or is over ``max_size``, before reading."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ScenarioError.single(name, "no such file") from None
    except OSError as e:
        raise ScenarioError.single(name, f"cannot be read: {e.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError.single(name, "is a folder, not a scenario file")
    if not stat.S_ISREG(st.st_mode):
        # /dev/null, a pipe, a socket: reading would give nothing or wait for ever
        raise ScenarioError.single(name, f"is {_file_kind(st.st_mode)}, not a regular file")
    if st.st_size > max_size:
        raise ScenarioError.single(name, _too_large(st.st_size, max_size))
    try:
        with p.open("rb") as fh:
            data = fh.read(max_size + 1)  # the file may have grown since stat()
    except OSError as e:
        raise ScenarioError.single(name, f"cannot be read: {e.strerror}") from None
    if len(data) > max_size:
        raise ScenarioError.single(name, _too_large(len(data), max_size))
    return data


def _file_kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "a special file"


def _too_large(size: int, max_size: int) -> str:
    return (
        f"is {size / 1e6:.1f} MB, over the {max_size / 1e6:g} MB limit for scenario files "
        "(raise the limit with --max-size)"
    )


def _json_depth(text: str, limit: int) -> tuple[int, int] | None:
    """Line and column where JSON text nests deeper than ``limit``, or None (no parsing, no recursion)."""
    depth, line, col, in_string, escaped = 0, 1, 0, False, False
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        elif in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line, col
        elif ch in "]}":
            depth -= 1
    return None


def read_scenario_data(
    path: str | os.PathLike[str],
    *,
    max_size: int = MAX_SIZE,
    max_depth: int = MAX_DEPTH,
    max_alias_nodes: int = MAX_ALIAS_NODES,
    libyaml: bool | None = None,
) -> tuple[Any, str]:
    """Read a scenario file's raw data (marked when possible) and the display name of the file.

    Parameters are those of :func:`load_scenario`.

    Raises
    ------
    ScenarioError
        For a missing, unreadable, oversized or malformed file, or one over a YAML limit; located.
    """
    p = Path(path)
    name = str(path)
    raw = _read_bytes(p, name, max_size)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioError.single(name, f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    try:
        return load_marked(text, max_depth=max_depth, max_alias_nodes=max_alias_nodes, libyaml=libyaml), name
    except YAMLInputError as e:
        line, col = (e.problem_mark.line + 1, e.problem_mark.column + 1) if e.problem_mark else (0, 0)
        raise ScenarioError.single(name, str(e.problem), line, col) from None
    except yaml.YAMLError as e:
        if p.suffix.lower() == ".json":
            return _read_json(text, name, max_depth), name
        mark = getattr(e, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        msg = getattr(e, "problem", None) or str(e)
        raise ScenarioError.single(name, f"invalid YAML: {msg}", line, col) from None
    except RecursionError:  # a last resort: the depth limit above is meant to stop this first
        raise ScenarioError.single(name, "nested too deeply to read") from None


def _read_json(text: str, name: str, max_depth: int) -> Any:
    """JSON that is not also YAML (tabs, say), with the same depth limit as YAML."""
    where = _json_depth(text, max_depth)
    if where is not None:
        raise ScenarioError.single(
            name, f"nested more than {max_depth} levels deep (raise the limit with max_depth)", *where
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as je:
        raise ScenarioError.single(name, f"invalid JSON: {je.msg}", je.lineno, je.colno) from None
    except ValueError as ve:  # an integer literal of thousands of digits (Python's conversion limit)
        raise ScenarioError.single(name, f"invalid JSON: {ve}") from None
    except RecursionError:
        raise ScenarioError.single(name, "nested too deeply to read") from None


def load_scenario(
    path: str | os.PathLike[str],
    *,
    warnings: list[Problem] | None = None,
    strict: bool = False,
    max_size: int = MAX_SIZE,
    max_depth: int = MAX_DEPTH,
    max_alias_nodes: int = MAX_ALIAS_NODES,
    libyaml: bool | None = None,
) -> Scenario:
    """Load and validate a scenario file.

    Parameters
    ----------
    path : path-like
        A ``.yaml``/``.yml`` or ``.json`` file.
    warnings : list, optional
        If given, receives the warnings (problems that do not stop loading, such as a stance without a
        source).
    strict : bool
        If True, warnings are errors (``--strict``).
    max_size : int
        Largest file accepted, in bytes, checked before anything is read (``--max-size``).
    max_depth : int
        Most nested collections accepted.
    max_alias_nodes : int
        Most nodes that YAML aliases and merge keys may add.
    libyaml : bool, optional
        Parse with libyaml (True) or pure Python (False); by default libyaml when PyYAML has it. Both give
        the same data, marks and errors.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        The only exception it raises on bad input: every problem, each with file, line, column and field
        path.
    """
    data, name = read_scenario_data(
        path, max_size=max_size, max_depth=max_depth, max_alias_nodes=max_alias_nodes, libyaml=libyaml
    )
    scenario, problems = _parse(data, name)
    if strict:
        problems = [p if p.severity == "error" else _as_error(p) for p in problems]
    if scenario is None or any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    if warnings is not None:
        warnings.extend(problems)
    return scenario


def _as_error(p: Problem) -> Problem:
    return Problem(p.file, p.line, p.column, p.path, p.message + " (an error with --strict)")
