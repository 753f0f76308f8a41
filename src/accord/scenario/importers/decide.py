"""Import the Decide exchange-model format (``#A``/``#P``/``#M``/``#D`` lines, tab-separated, quoted).

Lines: ``#A key name comment`` (actor), ``#P key name comment`` (issue), ``#M issue position meaning``
(scale anchors; min and max of an issue's ``#M`` values define its scale, default 0-100),
``#D actor issue position salience power`` (salience and power in [0, 1]), ``#0`` and ``#/`` comments.
Reference: the ``decide-exchange-model`` package (Stokman & van Oosten 1994 exchange model).

accord keeps one capability per actor: Decide's per-issue power becomes the actor's capability when it is
the same on every issue (as in all shipped files), and the mean over issues otherwise, with a note.
Actor and issue keys become ids by the importers' one rule (:func:`~._common.clean_id`): the key
``EU (incl Norway)`` is the actor ``EU_incl_Norway``, named ``EU (incl Norway)``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, ScenarioError
from ..model import Actor, Issue, Option, Scenario, Source, Stance
from ._common import Importer, clean_id, read_text, to_float

__all__ = ["DecideImporter", "read_decide"]


def _fields(line: str) -> list[str]:
    return [f.strip().strip("'\"").strip() for f in line.rstrip("\r\n").split("\t")]


def read_decide(path: str | Path) -> Scenario:
    """Read a Decide input file into a scenario.

    Raises
    ------
    ScenarioError
        Listing every bad line: unknown tags, wrong field counts, unknown actor or issue keys, numbers
        that are not numbers or fall outside their range.
    """
    file = str(path)
    problems: list[Problem] = []
    actors: dict[str, tuple[str, str]] = {}
    issues: dict[str, tuple[str, str]] = {}
    anchors: dict[str, list[tuple[float, str]]] = {}
    data: list[tuple[int, list[str]]] = []
    # key -> id by the one id rule; two keys that clean to the same id are reported where the second is.
    ids: dict[str, str] = {}
    owner: dict[str, str] = {}

    def new_id(key: str, n: int, tag: str) -> None:
        ident = clean_id(key)
        if owner.get(ident, key) != key:
            problems.append(
                Problem(file, n, 2, tag, f"keys {owner[ident]!r} and {key!r} both give the id {ident!r}")
            )
        owner.setdefault(ident, key)
        ids[key] = ident

    for n, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        f = _fields(line)
        tag = f[0]
        if tag in ("#0", "#/") or tag.startswith("#/"):
            continue
        if tag == "#A" and len(f) >= 3:
            if f[1] in actors:
                problems.append(Problem(file, n, 1, "#A", f"duplicate actor {f[1]!r}"))
            actors[f[1]] = (f[2] or f[1], f[3] if len(f) > 3 else "")
            new_id(f[1], n, "#A")
        elif tag == "#P" and len(f) >= 3:
            if f[1] in issues:
                problems.append(Problem(file, n, 1, "#P", f"duplicate issue {f[1]!r}"))
            issues[f[1]] = (f[2] or f[1], f[3] if len(f) > 3 else "")
            new_id(f[1], n, "#P")
        elif tag == "#M" and len(f) >= 3:
            v = to_float(f[2], problems, file, n, 3, "#M position")
            if v is not None:
                anchors.setdefault(f[1], []).append((v, f[3] if len(f) > 3 else ""))
        elif tag == "#D" and len(f) >= 6:
            data.append((n, f))
        elif tag in ("#A", "#P", "#M", "#D"):
            need = {"#A": 3, "#P": 3, "#M": 3, "#D": 6}[tag]
            problems.append(Problem(file, n, 1, tag, f"expected at least {need} fields, got {len(f)}"))
        else:
            problems.append(Problem(file, n, 1, "", f"unknown line tag {tag!r} (expected #A, #P, #M, #D)"))
    for key in anchors:
        if key not in issues:
            problems.append(Problem(file, 0, 0, "#M", f"anchor for unknown issue {key!r}"))
    scales = {}
    for key in issues:
        vals = [v for v, _ in anchors.get(key, [])]
        lo, hi = (min(vals), max(vals)) if len(vals) >= 2 and max(vals) > min(vals) else (0.0, 100.0)
        scales[key] = (lo, hi)
    stances: list[Stance] = []
    power: dict[str, list[float]] = {}
    for n, f in data:
        a, i = f[1], f[2]
        if a not in actors:
            problems.append(Problem(file, n, 2, "#D actor", f"unknown actor {a!r} (no #A line)"))
        if i not in issues:
            problems.append(Problem(file, n, 3, "#D issue", f"unknown issue {i!r} (no #P line)"))
        pos = to_float(f[3], problems, file, n, 4, "#D position")
        sal = to_float(f[4], problems, file, n, 5, "#D salience")
        pw = to_float(f[5], problems, file, n, 6, "#D power")
        if sal is not None and not 0 <= sal <= 1:
            problems.append(Problem(file, n, 5, "#D salience", f"{sal:g} is outside [0, 1]"))
            sal = None
        if pw is not None and pw < 0:
            problems.append(Problem(file, n, 6, "#D power", f"{pw:g} is below 0"))
            pw = None
        if a in actors and i in issues and pos is not None:
            lo, hi = scales[i]
            if not lo <= pos <= hi:
                problems.append(Problem(file, n, 4, "#D position", f"{pos:g} is outside [{lo:g}, {hi:g}]"))
                continue
            if sal is not None and pw is not None:
                stances.append(Stance(ids[a], ids[i], pos, sal * 100.0, sources=("file",)))
                power.setdefault(a, []).append(pw)
    if not actors:
        problems.append(Problem(file, 0, 0, "#A", "no actors (no #A lines): is this a Decide input file?"))
    if not issues:
        problems.append(Problem(file, 0, 0, "#P", "no issues (no #P lines)"))
    if problems:
        raise ScenarioError(problems)
    actor_objs = []
    for key, (name, comment) in actors.items():
        ps = power.get(key, [1.0])
        note = comment
        if max(ps) != min(ps):
            note = (
                note + " " if note else ""
            ) + f"Decide power varies by issue ({min(ps):g}-{max(ps):g}); mean used."
        actor_objs.append(Actor(ids[key], name, sum(ps) / len(ps), notes=note))
    issue_objs = []
    for key, (name, comment) in issues.items():
        lo, hi = scales[key]
        opts = sorted({v: m for v, m in anchors.get(key, [])}.items())
        options = tuple(Option(f"{v:g}", m or f"{v:g}", v) for v, m in opts)
        issue_objs.append(Issue(ids[key], name, lo, hi, options, description=comment))
    return Scenario(
        actors=tuple(actor_objs),
        issues=tuple(issue_objs),
        stances=tuple(stances),
        sources=(Source("file", Path(path).name, note="Imported Decide input file"),),
        title=Path(path).stem,
        metadata={"imported_from": "decide", "file": Path(path).name},
    )


class DecideImporter(Importer):
    """Decide exchange-model input files (``#A``/``#P``/``#M``/``#D`` lines); no options."""

    name = "decide"
    description = "Decide exchange-model input (#A/#P/#M/#D lines); power becomes capability"
    multi = False

    def _read(self, path: Path) -> list[Scenario]:
        return [read_decide(path)]
