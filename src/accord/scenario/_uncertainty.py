"""The ``uncertainty`` section of a scenario file: which parameters are uncertain, and how.

Each entry names a parameter by its path and gives it one distribution::

    uncertainty:
      stances.russia.I5.salience: {triangular: [60, 85, 95]}
      stances.russia.I5.position: {choices: {neutral: 1, none: 3}}
      stances.russia.I5.red_line: {uniform: [50, 80]}
      actors.russia.capability: {pert: [25, 35, 40], note: "analyst range", sources: [S01]}
      actors.usa.strategy: {choices: {boulware: 2, conceder: 1}}
      tracks.battlefield.drift: {normal: [0.05, 0.02]}

:func:`resolve_parameter` is the one place that knows what a path refers to (its range, its written
value); the loader uses it to locate bad entries and :mod:`accord.uncertainty` to sample them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from ._checker import Checker, fmt, kind, suggest
from ._yaml import Mark, MarkedDict
from .model import DISTRIBUTIONS, Distribution, Issue, Scenario, UncertainParameter

__all__ = ["ParameterRef", "parse_uncertainty", "resolve_parameter", "PARAMETER_PATHS"]

#: What each section of a path may end in.
PARAMETER_PATHS = {
    "actors": ("capability", "batna", "deadline", "strategy"),
    "stances": ("position", "salience", "red_line", "red_line.min", "red_line.max"),
    "issues": ("status_quo",),
    "tracks": ("initial", "drift", "noise"),
}
_ARITY = {
    "uniform": ("lo", "hi"),
    "triangular": ("lo", "mode", "hi"),
    "pert": ("lo", "mode", "hi"),
    "normal": ("mean", "sd"),
}
_ENTRY = set(DISTRIBUTIONS) | {"note", "sources"}
_INF = math.inf


@dataclass(frozen=True)
class ParameterRef:
    """What a parameter path refers to.

    Parameters
    ----------
    path : str
        As written.
    kind : str
        The attribute: ``capability``, ``batna``, ``deadline``, ``strategy``, ``position``,
        ``salience``, ``red_line.min``, ``red_line.max``, ``status_quo``, ``initial``, ``drift`` or
        ``noise`` (a bare ``red_line`` resolves to the bound that is its threshold).
    actor, issue, track : str or None
        The ids it belongs to.
    lo, hi : float
        The range of valid values (infinite where unbounded); a ``normal`` is cut at these ends.
    nominal : float, str or None
        The value the scenario states (None where it states none, e.g. an actor without a BATNA).
    categorical : bool
        Values are names (a strategy), sampled only from ``choices``.
    integer : bool
        Values are whole numbers (a deadline), sampled only from ``choices``.
    discrete_issue : bool
        Values must be options of a discrete issue, sampled only from ``choices``.
    """

    path: str
    kind: str
    actor: str | None = None
    issue: str | None = None
    track: str | None = None
    lo: float = -_INF
    hi: float = _INF
    nominal: float | str | None = None
    categorical: bool = False
    integer: bool = False
    discrete_issue: bool = False

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None]:
        """Identity of the parameter, whichever path spelling named it."""
        return (self.kind, self.actor, self.issue, self.track)


def _split(rest: str, first: set[str], second: set[str]) -> tuple[str, str] | None:
    """``a.b`` into two known ids (ids may contain dots, so every split point is tried)."""
    for k in range(len(rest)):
        if rest[k] == "." and rest[:k] in first and rest[k + 1 :] in second:
            return rest[:k], rest[k + 1 :]
    return None


def _attribute(body: str, attrs: tuple[str, ...]) -> tuple[str, str] | None:
    """``<ids>.<attr>``: the ids and the longest known attribute the path ends in."""
    for a in sorted(attrs, key=len, reverse=True):
        if body.endswith("." + a):
            return body[: -len(a) - 1], a
    return None


def resolve_parameter(scenario: Scenario, path: str) -> ParameterRef | str:
    """What ``path`` names in ``scenario``, or a message saying why it names nothing.

    Parameters
    ----------
    scenario : Scenario
    path : str
        See :data:`PARAMETER_PATHS` (``stances.russia.I5.salience``, ``actors.usa.strategy`` ...).

    Returns
    -------
    ParameterRef or str
        The parameter, or a message (with a "did you mean" hint) for an unknown path.
    """
    section, dot, body = path.partition(".")
    if section not in PARAMETER_PATHS or not dot:
        starts = ", ".join(p + "." for p in PARAMETER_PATHS)
        return f"unknown parameter path {path!r}: it starts with one of {starts}"
    attrs = PARAMETER_PATHS[section]
    found = _attribute(body, attrs)
    if found is None:
        last = body.rsplit(".", 1)[-1]
        return f"unknown parameter {last!r}{suggest(last, set(attrs))}; {section} have: {', '.join(attrs)}"
    ids, attr = found
    actors, issues = set(scenario.actor_ids), set(scenario.issue_ids)
    groups = {g.id: [i.id for i in scenario.issues if i.parent == g.id] for g in scenario.groups}
    if section == "actors":
        if ids not in actors:
            return f"unknown actor {ids!r}{suggest(ids, actors)}"
        a = scenario.actor(ids)
        if attr == "capability":
            return ParameterRef(path, attr, actor=ids, lo=0.0, nominal=a.capability)
        if attr == "batna":
            return ParameterRef(path, attr, actor=ids, lo=0.0, hi=1.0, nominal=a.batna)
        if attr == "deadline":
            return ParameterRef(path, attr, actor=ids, lo=1.0, nominal=a.deadline, integer=True)
        return ParameterRef(path, attr, actor=ids, nominal=a.strategy, categorical=True)
    if section == "issues":
        if ids in groups:
            return f"{ids} is a group of issues: give each part ({', '.join(groups[ids])})"
        if ids not in issues:
            return f"unknown issue {ids!r}{suggest(ids, issues)}"
        iss = scenario.issue(ids)
        return ParameterRef(
            path, attr, issue=ids, lo=iss.lo, hi=iss.hi, nominal=iss.status_quo, discrete_issue=iss.discrete
        )
    if section == "tracks":
        tracks = {t.id: t for t in scenario.tracks}
        if ids not in tracks:
            return f"unknown track {ids!r}{suggest(ids, set(tracks))}"
        t = tracks[ids]
        lo, hi = {"initial": (t.lo, t.hi), "drift": (-_INF, _INF), "noise": (0.0, _INF)}[attr]
        return ParameterRef(path, attr, track=ids, lo=lo, hi=hi, nominal=float(getattr(t, attr)))
    pair = _split(ids, actors, issues | set(groups))
    if pair is None:
        head = ids.split(".", 1)[0]
        if head not in actors:
            return f"unknown actor {head!r}{suggest(head, actors)}"
        tail = ids[len(head) + 1 :]
        return f"unknown issue {tail!r}{suggest(tail, issues | set(groups))}"
    actor, issue_id = pair
    if issue_id in groups:
        return f"{issue_id} is a group of issues: give each part ({', '.join(groups[issue_id])})"
    st = scenario.stance(actor, issue_id)
    if st is None:
        return f"{actor} takes no stance on {issue_id}"
    iss = scenario.issue(issue_id)
    common = {"actor": actor, "issue": issue_id, "discrete_issue": iss.discrete}
    if attr == "position":
        return ParameterRef(path, attr, lo=iss.lo, hi=iss.hi, nominal=st.position, **common)  # type: ignore[arg-type]
    if attr == "salience":
        return ParameterRef(path, attr, lo=0.0, hi=100.0, nominal=st.salience, actor=actor, issue=issue_id)
    rl = st.red_line
    if rl is None:
        return f"{actor} has no red line on {issue_id}"
    if rl.options is not None:
        return f"the red line of {actor} on {issue_id} is a set of acceptable options, not a threshold"
    bound = attr
    if attr == "red_line":
        inner = [b for b, ok in (("red_line.min", rl.lo > iss.lo), ("red_line.max", rl.hi < iss.hi)) if ok]
        if len(inner) != 1:
            what = "two thresholds" if inner else "no threshold (it spans the scale)"
            return f"the red line of {actor} on {issue_id} has {what}: name red_line.min or red_line.max"
        bound = inner[0]
    nominal = rl.lo if bound == "red_line.min" else rl.hi
    return ParameterRef(path, bound, lo=iss.lo, hi=iss.hi, nominal=nominal, **common)  # type: ignore[arg-type]


# -- reading the section --------------------------------------------------------------------------------
def _value(
    c: Checker, raw: Any, mark: Mark, p: str, ref: ParameterRef, issue: Issue | None
) -> float | str | None:
    """One value of a distribution: a number within the parameter's range (or an option id / name)."""
    if ref.categorical:
        if not isinstance(raw, str):
            c.add(mark, p, f"expected a strategy name, got {kind(raw)}")
            return None
        from ..registry import STRATEGIES  # imported here: only files that name a strategy need it

        known = STRATEGIES.names()
        if raw not in known:
            c.add(mark, p, f"unknown strategy {raw!r}{suggest(raw, set(known))}")
            return None
        return raw
    if isinstance(raw, str):
        if issue is not None and any(o.id == raw for o in issue.options):
            return issue.option(raw).value
        try:
            raw = float(raw)  # a number written as text: a JSON object's key
        except ValueError:
            if issue is None:
                c.add(mark, p, f"expected a number, got text {raw!r}")
            else:
                known_ids = ", ".join(o.id for o in issue.options) or "none"
                c.add(mark, p, f"{raw!r} is not an option of issue {issue.id} (options: {known_ids})")
            return None
    x = c.check_number(raw, mark, p)
    if x is None:
        return None
    if not ref.lo <= x <= ref.hi:
        where = f"the scale of issue {issue.id}" if issue is not None else f"the range of {ref.kind}"
        c.add(mark, p, f"{fmt(x)} is off {where} [{fmt(ref.lo)}, {fmt(ref.hi)}]")
        return None
    if ref.integer and x != int(x):
        c.add(mark, p, f"{fmt(x)} is not a whole number of rounds")
        return None
    if ref.discrete_issue and issue is not None and not any(abs(o.value - x) < 1e-9 for o in issue.options):
        c.add(mark, p, f"{fmt(x)} is not one of the options of discrete issue {issue.id}")
        return None
    return x


def _distribution(
    c: Checker, d: MarkedDict, p: str, ref: ParameterRef, issue: Issue | None
) -> Distribution | None:
    given = [k for k in DISTRIBUTIONS if k in d]
    if len(given) != 1:
        c.add(d.mark, p, f"give exactly one distribution: {', '.join(DISTRIBUTIONS)}")
        return None
    name = given[0]
    raw, mark, dp = d[name], d.value_marks.get(name, d.mark), f"{p}.{name}"
    if name == "choices":
        return _choices(c, raw, mark, dp, ref, issue)
    if ref.categorical or ref.integer or ref.discrete_issue:
        what = (
            "a strategy"
            if ref.categorical
            else "a deadline"
            if ref.integer
            else f"discrete issue {ref.issue}"
        )
        c.add(mark, dp, f"{what} takes only choices, not a {name} distribution")
        return None
    names = _ARITY[name]
    if not isinstance(raw, list) or len(raw) != len(names):
        c.add(mark, dp, f"{name} takes [{', '.join(names)}], got {kind(raw)} {raw!r}")
        return None
    marks = getattr(raw, "marks", [mark] * len(raw))
    if name == "normal":
        mean = _value(c, raw[0], marks[0], f"{dp}[0]", ref, issue)
        sd = c.check_number(raw[1], marks[1], f"{dp}[1]")
        if sd is not None and sd < 0:
            c.add(marks[1], f"{dp}[1]", f"the spread (sd) must not be negative, got {fmt(sd)}")
            return None
        if not isinstance(mean, float) or sd is None:
            return None
        return Distribution(name, (mean, sd))
    vals = [
        _value(c, v, m, f"{dp}[{k}]", ref, issue) for k, (v, m) in enumerate(zip(raw, marks, strict=True))
    ]
    if not all(isinstance(v, float) for v in vals):
        return None
    nums: list[float] = [float(v) for v in vals if isinstance(v, float)]
    if nums[0] > nums[-1]:
        c.add(mark, dp, f"negative spread: lo ({fmt(nums[0])}) is above hi ({fmt(nums[-1])})")
        return None
    if len(nums) == 3 and not nums[0] <= nums[1] <= nums[2]:
        c.add(marks[1], f"{dp}[1]", f"the mode ({fmt(nums[1])}) is outside [{fmt(nums[0])}, {fmt(nums[2])}]")
        return None
    return Distribution(name, tuple(nums))


def _choices(
    c: Checker, raw: Any, mark: Mark, p: str, ref: ParameterRef, issue: Issue | None
) -> Distribution | None:
    if isinstance(raw, list):  # equal weights
        pairs = [(v, 1.0, m) for v, m in zip(raw, getattr(raw, "marks", [mark] * len(raw)), strict=True)]
    elif isinstance(raw, dict):
        pairs = []
        for k, w in raw.items():
            km = getattr(raw, "key_marks", {}).get(k, mark)
            wv = c.check_number(w, getattr(raw, "value_marks", {}).get(k, km), f"{p}.{k}", lo=0.0)
            if wv is not None:
                pairs.append((k, wv, km))
    else:
        c.add(mark, p, f"expected a list of values or a mapping of value to weight, got {kind(raw)}")
        return None
    out: list[tuple[float | str, float]] = []
    for k, (v, w, m) in enumerate(pairs):
        x = _value(c, v, m, f"{p}[{k}]", ref, issue)
        if x is not None:
            out.append((x, w))
    if not pairs:
        c.add(mark, p, "needs at least one choice")
        return None
    if len(out) != len(pairs):
        return None
    if len({v for v, _ in out}) != len(out):
        c.add(mark, p, "the same value is given twice")
        return None
    if sum(w for _, w in out) <= 0:
        c.add(mark, p, "every weight is 0: at least one choice needs a positive weight")
        return None
    return Distribution("choices", (), tuple(out))


def parse_uncertainty(c: Checker, top: MarkedDict, scenario: Scenario, source_ids: set[str]) -> Scenario:
    """The scenario with its ``uncertainty`` section read; every bad entry is a located problem."""
    if "uncertainty" not in top:
        return scenario
    table = c.mapping(top["uncertainty"], top.value_marks.get("uncertainty", top.mark), "uncertainty", None)
    if table is None:
        return scenario
    out: list[UncertainParameter] = []
    seen: dict[tuple[str, str | None, str | None, str | None], str] = {}
    for key, raw in table.items():
        path = str(key)
        p = f"uncertainty.{path}"
        kmark = table.key_marks.get(key, table.mark)
        ref = resolve_parameter(scenario, path)
        if isinstance(ref, str):
            c.add(kmark, p, ref)
            continue
        if ref.key in seen:
            c.add(kmark, p, f"the same parameter as {seen[ref.key]}")
            continue
        seen[ref.key] = path
        d = c.mapping(raw, table.value_marks.get(key, kmark), p, _ENTRY)
        if d is None:
            continue
        # Option ids and "off the scale" messages apply to values on the issue's scale, not to a salience.
        on_scale = ref.issue is not None and ref.kind != "salience"
        issue = scenario.issue(ref.issue) if on_scale and ref.issue is not None else None
        dist = _distribution(c, d, p, ref, issue)
        sources = c.strings(d, "sources", p)
        for sid, sm, spath in sources:
            if sid not in source_ids:
                c.add(sm, spath, f"unknown source {sid!r}{suggest(sid, source_ids)}")
        if dist is not None:
            out.append(
                UncertainParameter(path, dist, c.string(d, "note", p), tuple(s for s, _, _ in sources))
            )
    return replace(scenario, uncertainty=tuple(out))
