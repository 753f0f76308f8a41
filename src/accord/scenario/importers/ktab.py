"""Import KTAB Spatial Model of Politics inputs (CSV and XML) [KTAB]_.

CSV (``examples/smp/doc/dummyData_3Dim.csv``): line 1 ``scenarioName, description, numActors, numDims``;
line 2 a header ``Actor, Description, Influence|Power, <dim> Position, <dim> Salience, ...``; then one row
per actor with its capability and, per dimension, a position and a salience on 0-100. CSV runs use KTAB's
default model parameters.

XML (``smpExample.xml``, schema ``smpSchema.xsd``): ``Scenario/{name, desc, prngSeed, ModelParameters,
Dimensions/dName*, Actors/Actor*/{name, description, capability, Position/dCoord*, Salience/dSal*},
IdealAdjustment/iaPair*/{adjustingIdeal, referencePos, adjust}}``. ``ModelParameters`` map 1:1 onto the
keyword parameters of :func:`accord.forecast.smp.smp` (see :data:`MODEL_PARAMETERS`), and the
``IdealAdjustment`` pairs onto its ``accommodation`` matrix (identity rows for actors not listed).

:func:`read_ktab_arrays` parses a file into plain arrays (what the SMP needs); :func:`read_ktab` wraps that
into a :class:`accord.scenario.Scenario` whose ``metadata["smp_params"]`` holds the model parameters.

References
----------
.. [KTAB] KAPSARC Toolkit for Behavioral Analysis, ``examples/smp`` (MIT licence); B. Wise, L. Lester,
   B. Efird, "Multidimensional Bargaining Using KTAB", KAPSARC discussion paper.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import Problem, ScenarioError
from ..model import Actor, Issue, Scenario, Source, Stance
from ._common import Importer, clean_id, read_text, to_float

__all__ = ["KTABArrays", "KTABImporter", "MODEL_PARAMETERS", "read_ktab_arrays", "read_ktab"]

#: KTAB XML ``ModelParameters`` element -> keyword parameter of :func:`accord.forecast.smp.smp`.
MODEL_PARAMETERS = {
    "VictoryProbModel": "victory_prob_model",
    "PCEModel": "pce_model",
    "StateTransitions": "state_transition",
    "VotingRule": "vote_rule",
    "BigRAdjust": "big_r_adjust",
    "BigRRange": "big_r_range",
    "ThirdPartyCommit": "third_party_commit",
    "InterVecBrgn": "inter_vec_bargain",
    "BargnModel": "bargain_model",
}


@dataclass(frozen=True)
class KTABArrays:
    """A KTAB scenario as arrays (positions and saliences on KTAB's 0-100 scale).

    ``positions`` holds NaN where an XML coordinate is empty and ``strict=False`` was asked for.
    ``params`` holds the SMP keyword parameters read from ``ModelParameters`` (empty for CSV);
    ``accommodation`` the ideal-accommodation matrix (None: identity); ``seed`` KTAB's ``prngSeed``.
    """

    name: str
    description: str
    actor_names: tuple[str, ...]
    actor_descriptions: tuple[str, ...]
    dimensions: tuple[str, ...]
    capabilities: NDArray[np.float64]
    positions: NDArray[np.float64]
    saliences: NDArray[np.float64]
    params: dict[str, str] = field(default_factory=dict)
    accommodation: NDArray[np.float64] | None = None
    seed: int | None = None


def read_ktab_arrays(path: str | Path, strict: bool = True) -> KTABArrays:
    """Parse a KTAB SMP input (``.csv`` or ``.xml``) into arrays.

    Parameters
    ----------
    path : path-like
    strict : bool
        If True (default) an empty XML coordinate or salience is an error; if False it becomes NaN.

    Raises
    ------
    ScenarioError
        Listing every problem (file, line, field).
    """
    if Path(path).suffix.lower() == ".xml":
        return _read_xml(path, strict)
    return _read_csv(path)


def _read_csv(path: str | Path) -> KTABArrays:
    file = str(path)
    rows = [r for r in csv.reader(io.StringIO(read_text(path))) if any(c.strip() for c in r)]
    if len(rows) < 3:
        raise ScenarioError.single(file, "a KTAB CSV needs a title line, a header and at least one actor")
    problems: list[Problem] = []
    title = [c.strip() for c in rows[0]]
    n_act = to_float(title[2] if len(title) > 2 else "", problems, file, 1, 3, "numActors")
    n_dim = to_float(title[3] if len(title) > 3 else "", problems, file, 1, 4, "numDims")
    if problems or n_act is None or n_dim is None:
        raise ScenarioError(
            problems or [Problem(file, 1, 1, "", "line 1 must be name, description, nActors, nDims")]
        )
    # Counts drive loops and allocations: refuse what is not a plausible count before using it.
    for value, col, what, top in ((n_act, 3, "numActors", 100_000), (n_dim, 4, "numDims", 1_000)):
        if not (value.is_integer() and 1 <= value <= top):
            problems.append(Problem(file, 1, col, what, f"{value:g} is not a whole number from 1 to {top:,}"))
    if problems:
        raise ScenarioError(problems)
    na, nd = int(n_act), int(n_dim)
    header = [c.strip() for c in rows[1]]
    dims = tuple(
        (header[3 + 2 * k].removesuffix("Position").strip() or f"dim{k}")
        if 3 + 2 * k < len(header)
        else f"dim{k}"
        for k in range(nd)
    )
    body = rows[2:]
    if len(body) != na:
        problems.append(Problem(file, 1, 3, "numActors", f"says {na} actors but {len(body)} rows follow"))
    names, descs, caps, pos, sal = [], [], [], [], []
    for n, row in enumerate(body, start=3):
        cells = [c.strip() for c in row]
        if len(cells) < 3 + 2 * nd:
            problems.append(
                Problem(file, n, 1, f"row {n}", f"expected {3 + 2 * nd} fields, got {len(cells)}")
            )
            continue
        cap = to_float(cells[2], problems, file, n, 3, "capability")
        xs = [
            to_float(cells[3 + 2 * k], problems, file, n, 4 + 2 * k, f"{dims[k]} position") for k in range(nd)
        ]
        ss = [
            to_float(cells[4 + 2 * k], problems, file, n, 5 + 2 * k, f"{dims[k]} salience") for k in range(nd)
        ]
        _check_actor(problems, file, n, cells[0], cap, xs, ss)
        names.append(cells[0])
        descs.append(cells[1])
        caps.append(np.nan if cap is None else cap)
        pos.append([np.nan if x is None else x for x in xs])
        sal.append([np.nan if s is None else s for s in ss])
    if problems:
        raise ScenarioError(problems)
    return KTABArrays(
        name=title[0],
        description=title[1] if len(title) > 1 else "",
        actor_names=tuple(names),
        actor_descriptions=tuple(descs),
        dimensions=dims,
        capabilities=np.array(caps, dtype=float),
        positions=np.array(pos, dtype=float).reshape(len(names), nd),
        saliences=np.array(sal, dtype=float).reshape(len(names), nd),
    )


def _check_actor(
    problems: list[Problem],
    file: str,
    line: int,
    name: str,
    cap: float | None,
    xs: list[float | None],
    ss: list[float | None],
) -> None:
    """KTAB's own limits: capability >= 0, positions and saliences on 0-100, saliences totalling <= 100."""
    if not name:
        problems.append(Problem(file, line, 1, "name", "empty actor name"))
    if cap is not None and cap < 0:
        problems.append(Problem(file, line, 0, f"{name}.capability", f"{cap:g} is below 0"))
    for k, x in enumerate(xs):
        if x is not None and not 0 <= x <= 100:
            problems.append(Problem(file, line, 0, f"{name}.position[{k}]", f"{x:g} is outside 0-100"))
    for k, s in enumerate(ss):
        if s is not None and not 0 <= s <= 100:
            problems.append(Problem(file, line, 0, f"{name}.salience[{k}]", f"{s:g} is outside 0-100"))
    total = sum(s for s in ss if s is not None)
    if total > 100 + 1e-9:
        problems.append(Problem(file, line, 0, f"{name}.salience", f"saliences total {total:g} > 100"))


def _read_xml(path: str | Path, strict: bool) -> KTABArrays:
    file = str(path)
    try:
        root = ET.fromstring(read_text(path).encode("utf-8"))
    except ET.ParseError as e:
        raise ScenarioError.single(file, f"not well-formed XML: {e}", *e.position) from None
    except LookupError as e:  # an XML declaration naming an encoding Python does not know
        raise ScenarioError.single(file, f"not readable XML: {e}", 1, 1) from None
    problems: list[Problem] = []

    def text(el: ET.Element | None) -> str:
        return (el.text or "").strip() if el is not None else ""

    dims = tuple(text(d) for d in root.findall("./Dimensions/dName"))
    names, descs, caps, pos, sal = [], [], [], [], []
    for a, actor in enumerate(root.findall("./Actors/Actor")):
        name = text(actor.find("name")) or f"actor{a}"
        where = f"Actors/Actor[{a + 1}]"
        cap = to_float(text(actor.find("capability")), problems, file, 0, 0, f"{where}/capability")
        xs: list[float | None] = []
        ss: list[float | None] = []
        for tag, sub, out in (("Position", "dCoord", xs), ("Salience", "dSal", ss)):
            values = actor.findall(f"./{tag}/{sub}")
            if len(values) != len(dims):
                problems.append(
                    Problem(file, 0, 0, f"{where}/{tag}", f"{len(values)} values for {len(dims)} dimensions")
                )
            for k, el in enumerate(values):
                raw = text(el)
                if raw == "":
                    if strict:
                        problems.append(
                            Problem(file, 0, 0, f"{where}/{tag}/{sub}[{k + 1}]", f"empty value for {name}")
                        )
                    out.append(None)
                else:
                    out.append(to_float(raw, problems, file, 0, 0, f"{where}/{tag}/{sub}[{k + 1}]"))
        _check_actor(problems, file, 0, name, cap, xs, ss)
        names.append(name)
        descs.append(text(actor.find("description")))
        caps.append(np.nan if cap is None else cap)
        pos.append([np.nan if x is None else x for x in xs][: len(dims)])
        sal.append([0.0 if s is None else s for s in ss][: len(dims)])
    if not names:
        problems.append(Problem(file, 0, 0, "Actors", "no actors"))
    params = {}
    for el in root.findall("./ModelParameters/*"):
        if el.tag not in MODEL_PARAMETERS:
            problems.append(Problem(file, 0, 0, f"ModelParameters/{el.tag}", "unknown KTAB model parameter"))
        else:
            params[MODEL_PARAMETERS[el.tag]] = text(el)
    acc = None
    pairs = root.findall("./IdealAdjustment/iaPair")
    if pairs:
        index = {n: i for i, n in enumerate(names)}
        acc = np.eye(len(names))
        reset: set[int] = set()
        for k, pair in enumerate(pairs, start=1):
            who, ref = text(pair.find("adjustingIdeal")), text(pair.find("referencePos"))
            val = to_float(
                text(pair.find("adjust")), problems, file, 0, 0, f"IdealAdjustment/iaPair[{k}]/adjust"
            )
            if who not in index or ref not in index:
                problems.append(
                    Problem(file, 0, 0, f"IdealAdjustment/iaPair[{k}]", f"unknown actor {who!r} or {ref!r}")
                )
                continue
            i = index[who]
            if i not in reset:
                # a listed actor's row replaces its identity row
                acc[i] = 0.0
                reset.add(i)
            acc[i, index[ref]] = np.nan if val is None else val
    seed_text = text(root.find("prngSeed"))
    if seed_text.isdigit() and (len(seed_text) > 20 or int(seed_text) >= 2**64):
        # KTAB's seed is a 64-bit unsigned integer; a longer one is a damaged file.
        problems.append(Problem(file, 0, 0, "prngSeed", "must be a 64-bit unsigned integer"))
    if problems:
        raise ScenarioError(problems)
    return KTABArrays(
        name=text(root.find("name")),
        description=text(root.find("desc")),
        actor_names=tuple(names),
        actor_descriptions=tuple(descs),
        dimensions=dims,
        capabilities=np.array(caps, dtype=float),
        positions=np.array(pos, dtype=float).reshape(len(names), len(dims)),
        saliences=np.array(sal, dtype=float).reshape(len(names), len(dims)),
        params=params,
        accommodation=acc,
        seed=int(seed_text) if seed_text.isdigit() else None,
    )


def read_ktab(path: str | Path, strict: bool = True) -> Scenario:
    """Read a KTAB SMP input into a :class:`~accord.scenario.Scenario` (issues on 0-100).

    ``metadata`` carries ``smp_params`` (the XML model parameters as :func:`accord.forecast.smp.smp`
    keywords), ``accommodation`` (list of rows, or None) and ``prng_seed``. With ``strict=False`` an empty
    XML coordinate or salience leaves the actor without a stance on that dimension (KTAB itself reads a
    stale value there), and ``metadata["empty_values"]`` lists each ``[actor, dimension]`` left out.
    """
    arr = read_ktab_arrays(path, strict=strict)
    ids = [clean_id(n) for n in arr.actor_names]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ScenarioError.single(str(path), f"two actors share the id {dup[0]!r} (ids come from names)")
    issue_ids = [clean_id(d, f"dim{k}") for k, d in enumerate(arr.dimensions)]
    if len(set(issue_ids)) != len(issue_ids):
        issue_ids = [f"{i}_{k}" for k, i in enumerate(issue_ids)]  # distinct ids for equal dimension names
    src = Source("file", Path(path).name, note="Imported KTAB SMP input")
    metadata: dict[str, Any] = {
        "imported_from": "ktab",
        "file": Path(path).name,
        "smp_params": dict(arr.params),
        "accommodation": None if arr.accommodation is None else arr.accommodation.tolist(),
        "prng_seed": arr.seed,
    }
    empty = np.argwhere(np.isnan(arr.positions) | np.isnan(arr.saliences))
    if len(empty):
        metadata["empty_values"] = [[ids[a], issue_ids[k]] for a, k in empty]
    return Scenario(
        actors=tuple(
            Actor(a, n, float(c), notes=d)
            for a, n, c, d in zip(ids, arr.actor_names, arr.capabilities, arr.actor_descriptions, strict=True)
        ),
        issues=tuple(Issue(i, d, 0.0, 100.0) for i, d in zip(issue_ids, arr.dimensions, strict=True)),
        stances=tuple(
            Stance(
                ids[a],
                issue_ids[k],
                float(arr.positions[a, k]),
                float(arr.saliences[a, k]),
                sources=("file",),
            )
            for a in range(len(ids))
            for k in range(len(issue_ids))
            if not (np.isnan(arr.positions[a, k]) or np.isnan(arr.saliences[a, k]))
        ),
        sources=(src,),
        title=arr.name,
        description=arr.description,
        metadata=metadata,
    )


class KTABImporter(Importer):
    """KTAB Spatial Model of Politics inputs (CSV and XML).

    Parameters
    ----------
    allow_empty : bool
        If True, an empty XML coordinate or salience leaves that actor without a stance on that dimension
        (listed in ``metadata["empty_values"]``) instead of being an error. KTAB's own ``smpExample.xml``
        needs it.
    """

    name = "ktab"
    description = "KTAB SMP input, CSV or XML (capability, position and salience per dimension)"
    multi = False

    def __init__(self, allow_empty: bool = False):
        self.allow_empty = allow_empty

    def _read(self, path: Path) -> list[Scenario]:
        return [read_ktab(path, strict=not self.allow_empty)]
