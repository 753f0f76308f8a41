"""Import Bueno de Mesquita-style single-issue CSV files (``Actor,Capability,Position,Salience``).

The format of ``bdm/emissions-1994.csv`` (Bueno de Mesquita 1994, as transcribed in
dmasad/BDM_DecisionModel_Replication ``ExampleActors.csv``). Saliences on 0-100 (values in [0, 1] are
rescaled); the issue's scale is the range of positions unless ``scale`` is given. Actor names become ids
by the importers' one rule (:func:`~._common.clean_id`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..model import Actor, Issue, Scenario, Source, Stance
from ._common import Importer, clean_id, read_text, to_float

__all__ = ["BDMImporter", "read_bdm"]

_COLUMNS = ("actor", "capability", "position", "salience")


def read_bdm(path: str | Path, scale: tuple[float, float] | None = None) -> Scenario:
    """Read a BDM CSV into a one-issue scenario.

    Parameters
    ----------
    path : path-like
    scale : (min, max), optional
        The issue's scale; by default the range of the positions.

    Raises
    ------
    ScenarioError
        Listing every bad row and field.
    """
    file = str(path)
    rows = list(csv.reader(io.StringIO(read_text(path))))
    problems: list[Problem] = []
    if not rows:
        raise ScenarioError.single(file, "empty file")
    header = [h.strip().lower() for h in rows[0]]
    if header[:4] != list(_COLUMNS):
        raise ScenarioError.single(
            file,
            f"header must start with {','.join(c.title() for c in _COLUMNS)}; got {','.join(rows[0])}",
            1,
            1,
        )
    records: list[tuple[str, str, float, float, float]] = []
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 4:
            problems.append(Problem(file, n, 1, f"row {n}", f"expected 4 fields, got {len(row)}"))
            continue
        name = row[0].strip()
        cap = to_float(row[1], problems, file, n, 2, "Capability")
        pos = to_float(row[2], problems, file, n, 3, "Position")
        sal = to_float(row[3], problems, file, n, 4, "Salience")
        aid = clean_id(name)
        if aid in seen:
            problems.append(Problem(file, n, 1, "Actor", f"duplicate actor {name!r} (id {aid!r})"))
            continue
        seen.add(aid)
        if cap is not None and cap < 0:
            problems.append(Problem(file, n, 2, "Capability", f"{cap:g} is below 0"))
        if sal is not None and not 0 <= sal <= 100:
            problems.append(Problem(file, n, 4, "Salience", f"{sal:g} is outside 0-100"))
        if cap is not None and pos is not None and sal is not None:
            records.append((aid, name, cap, pos, sal))
    if not records and not problems:
        problems.append(Problem(file, 1, 1, "", "no actors"))
    if problems:
        raise ScenarioError(problems)
    # Saliences given as fractions (all <= 1) are put on 0-100.
    factor = 100.0 if max(r[4] for r in records) <= 1.0 else 1.0
    positions = [r[3] for r in records]
    lo, hi = scale if scale is not None else (min(positions), max(positions))
    if hi <= lo:
        hi = lo + 1.0
    src = Source("file", Path(path).name, note="Imported BDM CSV")
    issue = Issue("issue", Path(path).stem, lo, hi)
    return Scenario(
        actors=tuple(Actor(a, n, c) for a, n, c, _, _ in records),
        issues=(issue,),
        stances=tuple(Stance(a, "issue", p, s * factor, sources=("file",)) for a, _, _, p, s in records),
        sources=(src,),
        title=Path(path).stem,
        metadata={"imported_from": "bdm", "file": Path(path).name},
    )


class BDMImporter(Importer):
    """Bueno de Mesquita-style single-issue CSV files; no options."""

    name = "bdm"
    description = "BDM single-issue CSV (Actor,Capability,Position,Salience)"
    multi = False

    def _read(self, path: Path) -> list[Scenario]:
        return [read_bdm(path)]
