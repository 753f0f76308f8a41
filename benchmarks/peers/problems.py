"""The benchmark problems, generated once per run into Genius XML folders that both tools read.

Every problem is an additive (linear) utility space: per party, one weight per issue and one evaluation
per option of each issue; utility = sum of weight x evaluation; the disagreement value is the party's
Genius reservation value. The folders are written so that the tools' reading conventions cannot differ
(``shared/reference/peers.md``):

* every issue is discrete and every party's evaluations of an issue peak at exactly 1.0, so Genius's
  normalisation (evaluation / the issue's largest evaluation, which accord applies) and NegMAS's raw
  reading give the same numbers;
* no integer issues (NegMAS reads Genius's linear integer evaluator as ``offset + slope*x``, Genius as
  ``offset + slope*(x - lowerbound)``);
* every reservation value is at or above the party's worst utility, so NegMAS's Nash disagreement point
  (max of the reservation value and the worst utility) equals accord's (the reservation value);
* no discount factor (a static deal analysis has no time; NegMAS would wrap the profile).

Numbers are written with ``repr`` (shortest round-trip form), so both tools parse the same doubles.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["Problem", "random_problem", "genius_as_evaluated", "write_genius", "problem_utilities"]


@dataclass(frozen=True)
class Problem:
    """An additive multi-party problem.

    Parameters
    ----------
    name : str
        Folder and domain name.
    issues : tuple of str
    options : tuple of tuple of str
        Option labels per issue.
    parties : tuple of str
        Profile file stems; both tools order the parties by file name, so these should sort in order.
    weights : ndarray, shape (n_parties, n_issues)
    values : tuple of ndarray, one (n_parties, n_options_k) array per issue
        Evaluations in [0, 1]; each party's evaluations of each issue peak at exactly 1.0.
    reservation : ndarray, shape (n_parties,)
    note : str
        Where the problem comes from (shown in the table).
    """

    name: str
    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    parties: tuple[str, ...]
    weights: np.ndarray
    values: tuple[np.ndarray, ...]
    reservation: np.ndarray
    note: str = ""
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def n_outcomes(self) -> int:
        """How many packages (the product of the issues' option counts)."""
        return math.prod(len(o) for o in self.options)


def _peak_at_one(values: np.ndarray) -> np.ndarray:
    """Rescale each row to span [0, 1] exactly (the worst option 0.0, the best 1.0)."""
    lo = values.min(axis=1, keepdims=True)
    hi = values.max(axis=1, keepdims=True)
    return (values - lo) / (hi - lo)


def random_problem(
    name: str,
    n_issues: int,
    n_options: int,
    n_parties: int,
    *,
    seed: int = 0,
    reservation: float = 0.2,
    opposed: bool = False,
) -> Problem:
    """A seeded random problem: Dirichlet weights, uniform evaluations rescaled to span [0, 1] per issue.

    Parameters
    ----------
    name : str
    n_issues, n_options, n_parties : int
    seed : int
    reservation : float
        Every party's reservation value. Each issue has an option each party values 0, so every party's
        worst utility is 0 and NegMAS's disagreement convention agrees with accord's for any value >= 0.
    opposed : bool
        Party ``2k+1`` values each option ``1 -`` what party ``2k`` does (a zero-sum-like bargaining
        problem, where time-based strategies agree late).

    Returns
    -------
    Problem
    """
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_issues):
        v = _peak_at_one(rng.random((n_parties, n_options)))
        if opposed:
            v[1::2] = 1.0 - v[0::2][: v[1::2].shape[0]]
        values.append(v)
    width = len(str(n_parties - 1))
    return Problem(
        name=name,
        issues=tuple(f"issue{k}" for k in range(n_issues)),
        options=tuple(tuple(f"o{j}" for j in range(n_options)) for _ in range(n_issues)),
        parties=tuple(f"party{i:0{width}d}" for i in range(n_parties)),
        weights=rng.dirichlet(np.ones(n_issues), size=n_parties),
        values=tuple(values),
        reservation=np.full(n_parties, reservation),
        note=f"random, seed {seed}" + (", opposed" if opposed else ""),
    )


# -- an existing Genius folder, as Genius evaluates it ------------------------------------------------------
def _num(elem: ET.Element, attr: str, where: str) -> float:
    raw = elem.get(attr)
    if raw is None:
        raise ValueError(f"{where}: missing attribute {attr!r}")
    return float(raw)


def _read_domain(path: Path) -> list[tuple[str, str, list[str], int]]:
    """(name, index, option labels, integer lower bound or 0) per issue, in index order."""
    out = []
    for e in ET.parse(path).getroot().iter("issue"):
        kind = (e.get("type") or e.get("vtype") or "discrete").lower()
        if kind == "integer":
            lo, hi = int(_num(e, "lowerbound", str(path))), int(_num(e, "upperbound", str(path)))
            labels, lower = [str(x) for x in range(lo, hi + 1)], lo
        elif kind == "discrete":
            labels, lower = [str(it.get("value")) for it in e.iter("item")], 0
        else:
            raise ValueError(f"{path}: issue type {kind!r} is not additive-discrete or integer")
        out.append((str(e.get("name")), str(e.get("index")), labels, lower))
    return sorted(out, key=lambda t: int(t[1]))


def _read_profile(
    path: Path, domain: list[tuple[str, str, list[str], int]]
) -> tuple[np.ndarray, list[np.ndarray], float]:
    """Weights, per-issue evaluations and reservation value of one profile, as Genius evaluates them."""
    root = ET.parse(path).getroot()
    weights = {str(w.get("index")): _num(w, "value", str(path)) for w in root.iter("weight")}
    by_name = {e.get("name"): e for e in root.iter("issue")}
    w, tables = [], []
    for name, index, labels, lower in domain:
        e = by_name[name]
        w.append(weights[index])
        ev = e.find("evaluator")
        if ev is not None:
            # Genius EvaluatorInteger: offset + slope * (x - lowerbound), clipped to [0, 1].
            x = np.array([int(v) for v in labels], dtype=np.float64)
            slope, offset = _num(ev, "slope", str(path)), _num(ev, "offset", str(path))
            tables.append(np.clip(offset + slope * (x - lower), 0.0, 1.0))
        else:
            # Genius EvaluatorDiscrete: evaluation / the issue's largest evaluation.
            evals = {it.get("value"): _num(it, "evaluation", str(path)) for it in e.iter("item")}
            raw = np.array([evals[lbl] for lbl in labels])
            tables.append(raw / raw.max() if raw.max() > 0 else raw)
    res = root.find("reservation")
    return np.array(w), tables, (_num(res, "value", str(path)) if res is not None else 0.0)


def genius_as_evaluated(folder: str | Path, name: str | None = None) -> Problem:
    """An ANAC Genius folder rewritten as Genius evaluates it, in the convention-free form above.

    Integer issues become discrete ones; where an issue's evaluations peak below 1 (an integer
    evaluator) the peak is moved into the weight (``w v = (w m)(v / m)``, equal up to rounding); the
    reservation value becomes ``max(reservation, worst utility)``, which is the disagreement point both
    tools then use. Discount factors are dropped.

    Parameters
    ----------
    folder : str or Path
        A Genius folder: one domain XML (root ``negotiation_template``) and one profile XML per party.
    name : str, optional
        The problem's name (the folder's name by default).

    Returns
    -------
    Problem
    """
    folder = Path(folder)
    domain_path, profiles = None, []
    for path in sorted(folder.glob("*.xml")):
        head = path.read_text(encoding="utf-8", errors="replace")[:2048]
        if "<negotiation_template" in head:
            domain_path = path
        elif "<utility_space" in head and "<weight" in path.read_text(encoding="utf-8", errors="replace"):
            profiles.append(path)
    if domain_path is None or not profiles:
        raise ValueError(f"{folder}: not a Genius folder (one domain XML and its profiles)")
    domain = _read_domain(domain_path)
    weights, tables, reservation = [], [], []
    for path in profiles:
        w, t, r = _read_profile(path, domain)
        # An issue a party values at 0 throughout keeps its zeros (and contributes nothing either way).
        peaks = np.array([v.max() if v.max() > 0 else 1.0 for v in t])
        w = w * peaks
        t = [v / m for v, m in zip(t, peaks, strict=True)]
        worst = float(sum(wk * v.min() for wk, v in zip(w, t, strict=True)))
        weights.append(w)
        tables.append(t)
        reservation.append(max(r, worst))
    return Problem(
        name=name or folder.name,
        issues=tuple(d[0] for d in domain),
        options=tuple(tuple(d[2]) for d in domain),
        parties=tuple(p.stem for p in profiles),
        weights=np.array(weights),
        values=tuple(np.stack([tables[a][k] for a in range(len(profiles))]) for k in range(len(domain))),
        reservation=np.array(reservation),
        note=f"{folder.parent.name}/{folder.name} as Genius evaluates it",
    )


# -- writing ---------------------------------------------------------------------------------------------
def _indent_write(root: ET.Element, path: Path) -> None:
    ET.indent(root)
    # No XML declaration: ANAC files have none, and some readers refuse one on a decoded string.
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n")


def write_genius(problem: Problem, parent: str | Path) -> Path:
    """Write ``problem`` as a Genius XML folder ``parent/problem.name``; return the folder.

    The domain is ``<name>.xml``; each party's profile is ``<name>-<party>.xml`` (so profiles sort in
    party order, and both tools name the parties by file stem in that order).
    """
    folder = Path(parent) / problem.name
    folder.mkdir(parents=True, exist_ok=True)
    dom = ET.Element("negotiation_template")
    us = ET.SubElement(dom, "utility_space", number_of_issues=str(len(problem.issues)))
    obj = ET.SubElement(us, "objective", index="0", name=problem.name, type="objective", etype="objective")
    for k, (issue, labels) in enumerate(zip(problem.issues, problem.options, strict=True)):
        e = ET.SubElement(
            obj, "issue", index=str(k + 1), name=issue, vtype="discrete", type="discrete", etype="discrete"
        )
        for j, lbl in enumerate(labels):
            ET.SubElement(e, "item", index=str(j + 1), value=lbl)
    _indent_write(dom, folder / f"{problem.name}.xml")
    for a, party in enumerate(problem.parties):
        prof = ET.Element("utility_space")
        obj = ET.SubElement(
            prof, "objective", index="0", name=problem.name, type="objective", etype="objective"
        )
        for k, (issue, labels) in enumerate(zip(problem.issues, problem.options, strict=True)):
            e = ET.SubElement(
                obj,
                "issue",
                index=str(k + 1),
                name=issue,
                vtype="discrete",
                type="discrete",
                etype="discrete",
            )
            for j, lbl in enumerate(labels):
                ET.SubElement(
                    e, "item", index=str(j + 1), value=lbl, evaluation=repr(float(problem.values[k][a, j]))
                )
        for k in range(len(problem.issues)):
            ET.SubElement(obj, "weight", index=str(k + 1), value=repr(float(problem.weights[a, k])))
        ET.SubElement(prof, "reservation", value=repr(float(problem.reservation[a])))
        _indent_write(prof, folder / f"{problem.name}-{party}.xml")
    return folder


def problem_utilities(problem: Problem, packages: np.ndarray) -> np.ndarray:
    """Utilities (n_packages x n_parties) of packages given as option indices (n_packages x n_issues)."""
    packages = np.asarray(packages, dtype=np.int64)
    out = np.zeros((len(packages), len(problem.parties)))
    for k, v in enumerate(problem.values):
        out += problem.weights[:, k] * v[:, packages[:, k]].T
    return out
