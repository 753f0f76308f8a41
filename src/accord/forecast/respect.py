"""Forecasts that respect the table: red-line crossings, and the outcome projected onto what is allowed.

A forecast model says where an issue would settle *if* it were agreed; it knows nothing of red lines.
This module reads a forecast against the scenario's red lines (:class:`~accord.scenario.RedLine`, whose
accepted set is explicit) in two ways:

* :func:`crossings`: the actors whose red line a forecast value crosses. On a discrete issue the
  outcome is the nearest option, so the option is judged; on a scale the value itself.
* :func:`respect`: each issue's forecast projected onto the set the signatories' red lines allow (the
  intersection of their accepted sets: an interval, narrowed to options where a red line lists options or
  the issue is discrete). The projection is the nearest allowed point (ties go to the lower one). Where
  the set is empty, no outcome respects every red line, and the projection names the signatories whose
  red lines clash instead of a value.

Linked-issue constraints (the scenario's ``constraints:``) are honoured where they bind a single issue:
when the red lines leave one issue only outcomes inside a constraint's set, the linked outcomes of the
other issue are removed from its allowed set (repeated until nothing changes). A constraint that binds
neither side on its own (both issues keep outcomes outside it) is not used to move a forecast; if the
projected outcomes still break it, the projection says so (``violates``).

Without red lines (the DEU data) nothing is crossed and the projection is the forecast itself.

References
----------
(bibliography: Achen2006a) for the forecast models whose outputs are read here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..scenario import Scenario
from ..scenario.constraints import OutcomeSet, violated_constraints
from ..scenario.model import Issue
from ..scenario.redline import RedLine

__all__ = ["Allowed", "Projection", "allowed_sets", "clashing", "crossings", "respect"]

_EPS = 1e-9


@dataclass(frozen=True)
class Allowed:
    """A set of outcomes on one issue's scale: a union of closed intervals (a point is ``(v, v)``).

    ``pieces`` are sorted and disjoint. An empty set has no pieces.
    """

    pieces: tuple[tuple[float, float], ...]

    @classmethod
    def of_issue(cls, issue: Issue) -> Allowed:
        """Every outcome of ``issue``: its options when discrete, else the whole scale."""
        if issue.discrete and issue.options:
            return cls.points(o.value for o in issue.options)
        return cls(((issue.lo, issue.hi),))

    @classmethod
    def points(cls, values: Iterable[float]) -> Allowed:
        """The set of these values only."""
        vals = sorted({float(v) for v in values})
        return cls(tuple((v, v) for v in vals))

    @property
    def empty(self) -> bool:
        """Whether no outcome is in the set."""
        return not self.pieces

    def contains(self, x: float) -> bool:
        """Whether ``x`` is in the set."""
        return any(lo - _EPS <= x <= hi + _EPS for lo, hi in self.pieces)

    def nearest(self, x: float) -> float | None:
        """The point of the set nearest ``x`` (ties to the lower); None when the set is empty.

        A value in the set (within the red lines' tolerance) is its own nearest point.
        """
        if self.contains(x):
            return x
        best: float | None = None
        for lo, hi in self.pieces:
            p = min(max(x, lo), hi)
            if best is None or abs(p - x) < abs(best - x) - _EPS:
                best = p
        return best

    def intersect_interval(self, lo: float, hi: float) -> Allowed:
        """The set narrowed to ``[lo, hi]``."""
        out = []
        for a, b in self.pieces:
            a2, b2 = max(a, lo), min(b, hi)
            if a2 <= b2 + _EPS:
                out.append((a2, max(a2, b2)))
        return Allowed(tuple(out))

    def intersect_points(self, values: Sequence[float]) -> Allowed:
        """The set narrowed to these values."""
        return Allowed.points([v for v in values if self.contains(v)])

    def within(self, s: OutcomeSet) -> bool:
        """Whether the set is non-empty and every outcome in it lies in ``s``."""
        if self.empty:
            return False
        if s.interval is not None:
            lo, hi = s.interval
            return all(lo - _EPS <= a and b <= hi + _EPS for a, b in self.pieces)
        return all(abs(b - a) <= _EPS and s.contains(a) for a, b in self.pieces)

    def minus(self, s: OutcomeSet) -> Allowed:
        """The set without the outcomes of ``s``.

        An excluded interval leaves the parts on either side, closed at its bounds (a value exactly at an
        excluded bound stays: the projection then lands on the edge of what the constraint allows). An
        excluded option removes that point; it takes nothing from a continuous stretch.
        """
        out: list[tuple[float, float]] = []
        for a, b in self.pieces:
            if s.interval is not None:
                lo, hi = s.interval
                if b < lo - _EPS or a > hi + _EPS:
                    out.append((a, b))
                    continue
                if a < lo - _EPS:
                    out.append((a, lo))
                if b > hi + _EPS:
                    out.append((hi, b))
            elif abs(b - a) <= _EPS and s.contains(a):
                continue
            else:
                out.append((a, b))
        return Allowed(tuple(out))


@dataclass(frozen=True)
class Projection:
    """One issue's forecast projected onto the outcomes the signatories' red lines allow.

    ``value`` is None where no outcome respects every red line; ``clash`` then names the signatories
    whose red lines exclude each other. ``linked``: constraints that narrowed the allowed set (or, with
    ``violates``, that the projected outcomes break).
    """

    issue: str
    value: float | None
    clash: tuple[str, ...]
    linked: tuple[str, ...]
    violates: tuple[str, ...]


def _judge(rl: RedLine, issue: Issue, value: float) -> bool:
    if issue.discrete and issue.options:
        opt = issue.nearest_option(value)
        return opt is not None and rl.accepts_option(opt)
    return rl.accepts(value, issue)


def crossings(scenario: Scenario, issue_id: str, value: float) -> tuple[str, ...]:
    """The actors (in actor order) whose red line on ``issue_id`` an outcome at ``value`` crosses.

    A NaN value (no forecast) crosses nothing.
    """
    if value != value:  # NaN
        return ()
    issue = scenario.issue(issue_id)
    return tuple(
        s.actor
        for s in scenario.stances
        if s.issue == issue_id and s.red_line is not None and not _judge(s.red_line, issue, value)
    )


def _red_lines(scenario: Scenario, issue_id: str, who: set[str]) -> list[tuple[str, RedLine]]:
    return [
        (s.actor, s.red_line)
        for s in scenario.stances
        if s.issue == issue_id and s.red_line is not None and s.actor in who
    ]


def _narrow(allowed: Allowed, issue: Issue, rl: RedLine) -> Allowed:
    out = allowed.intersect_interval(rl.lo, rl.hi)
    if rl.options is not None:
        out = out.intersect_points([o.value for o in issue.options if o.id in rl.options])
    return out


def clashing(scenario: Scenario, issue_id: str, signatories: Sequence[str]) -> tuple[str, ...]:
    """The signatories whose red lines on ``issue_id`` exclude each other.

    Every signatory whose red line shares no outcome with another signatory's (pairwise); where no two
    exclude each other (three or more together leave nothing), every signatory with a red line there.
    """
    issue = scenario.issue(issue_id)
    lines = _red_lines(scenario, issue_id, set(signatories))
    base = Allowed.of_issue(issue)
    sets = {a: _narrow(base, issue, rl) for a, rl in lines}
    who: set[str] = set()
    for i, (a, _) in enumerate(lines):
        for b, rl_b in lines[i + 1 :]:
            if _narrow(sets[a], issue, rl_b).empty:
                who.update((a, b))
    if not who:
        who = {a for a, _ in lines}
    return tuple(a for a in scenario.actor_ids if a in who)


def allowed_sets(
    scenario: Scenario, signatories: Sequence[str] | None = None
) -> tuple[dict[str, Allowed], dict[str, tuple[str, ...]]]:
    """Per issue, the outcomes every signatory's red lines allow, and the constraints that narrowed them.

    Parameters
    ----------
    scenario : Scenario
    signatories : sequence of str, optional
        Whose red lines count (default: every actor).

    Returns
    -------
    allowed : dict of issue id -> Allowed
    linked : dict of issue id -> tuple of str
        The constraints (described) that removed outcomes from the issue's set, in the order applied.
    """
    who = set(scenario.actor_ids if signatories is None else signatories)
    allowed: dict[str, Allowed] = {}
    for issue in scenario.issues:
        a = Allowed.of_issue(issue)
        for _, rl in _red_lines(scenario, issue.id, who):
            a = _narrow(a, issue, rl)
        allowed[issue.id] = a
    linked: dict[str, list[str]] = {i: [] for i in scenario.issue_ids}
    changed = True
    while changed:
        changed = False
        for c in scenario.constraints:
            for forced, other in ((c.when, c.excludes), (c.excludes, c.when)):
                if not allowed[forced.issue].within(forced):
                    continue
                after = allowed[other.issue].minus(other)
                if after != allowed[other.issue]:
                    allowed[other.issue] = after
                    linked[other.issue].append(c.describe())
                    changed = True
    return allowed, {k: tuple(v) for k, v in linked.items()}


def respect(
    scenario: Scenario, forecast: Mapping[str, float], signatories: Sequence[str] | None = None
) -> dict[str, Projection]:
    """Project a forecast (a value per issue id) onto the outcomes the signatories' red lines allow.

    Parameters
    ----------
    scenario : Scenario
    forecast : mapping of issue id -> float
        A model's forecast; a NaN issue stays NaN (nothing to project).
    signatories : sequence of str, optional
        Whose red lines bind the outcome (default: every actor).

    Returns
    -------
    dict of issue id -> Projection
        In the scenario's issue order.

    Examples
    --------
    A forecast inside every red line is unchanged; one outside moves to the nearest allowed outcome:
    ``respect(s, {"I9": 74.1})["I9"].value == 45.0`` when a signatory holds I9 at most 45.
    """
    allowed, linked = allowed_sets(scenario, signatories)
    sigs = list(scenario.actor_ids if signatories is None else signatories)
    values: dict[str, float] = {}
    out: dict[str, Projection] = {}
    for issue in scenario.issues:
        x = float(forecast.get(issue.id, float("nan")))
        a = allowed[issue.id]
        if x != x:
            out[issue.id] = Projection(issue.id, x, (), linked[issue.id], ())
            continue
        p = a.nearest(x)
        if p is None:
            who = clashing(scenario, issue.id, sigs)
            out[issue.id] = Projection(issue.id, None, who, linked[issue.id], ())
            continue
        values[issue.id] = p
        out[issue.id] = Projection(issue.id, p, (), linked[issue.id], ())
    broken = violated_constraints(scenario.constraints, values)
    for c in broken:
        for k in c.issues:
            pr = out[k]
            out[k] = Projection(pr.issue, pr.value, pr.clash, pr.linked, (*pr.violates, c.describe()))
    return out
