"""The scenario domain: actors, issues, stances, red lines and sources.

Everything here is immutable. A :class:`Scenario` is built by the loader (``accord.scenario.load_scenario``)
or the importers, which validate it; the classes themselves do only the cheap checks that keep the array
views meaningful. Models read a scenario through its array views (:attr:`Scenario.positions` and friends).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .calendar import DEFAULT_ROUND, RoundLength, parse_date
from .constraints import Constraint
from .redline import RedLine
from .track import TRACK_TARGETS, Track, TrackEffect, TrackEvent

__all__ = [
    "CONFIDENCE_LEVELS",
    "HistoryPoint",
    "Source",
    "Option",
    "Issue",
    "IssueGroup",
    "RedLine",
    "Stance",
    "Actor",
    "Scenario",
    "Confidence",
    "Track",
    "TrackEffect",
    "TrackEvent",
    "TRACK_TARGETS",
    "DISTRIBUTIONS",
    "Distribution",
    "UncertainParameter",
]

Confidence = Literal["high", "medium", "low"]

#: What each stance ``confidence`` says about the number it qualifies. Consumers that turn confidence into
#: noise or weight (the uncertainty sweep, the outlook) read it in this order: high < medium < low spread.
CONFIDENCE_LEVELS: dict[str, str] = {
    "high": "stated on the record by the actor (or its spokespeople) in a cited source, read directly",
    "medium": "inferred from the actor's statements or actions in cited sources, with some reading",
    "low": "an analyst's estimate, with no direct statement to rest on (often cites only background)",
}
FloatArray = NDArray[np.float64]

_EPS = 1e-9


@dataclass(frozen=True)
class Source:
    """Where a number comes from: a publication, its date, a link and the quoted words."""

    id: str
    publication: str
    date: str | None = None
    url: str | None = None
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Option:
    """A labelled point of an issue's scale: a discrete option, or an anchor of a numeric scale.

    ``keywords`` are words and phrases by which news text names this option rather than its issue's
    others ("coalition of the willing" for a European reassurance force); text extraction reads them.
    """

    id: str
    label: str
    value: float
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssueGroup:
    """A file of issues split into parts (the territory file: Crimea, Luhansk, ...)."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Issue:
    """One dimension of the negotiation.

    Parameters
    ----------
    id, name, description : str
    lo, hi : float
        Ends of the issue's scale (``lo < hi``).
    options : tuple of Option
        Labelled points in increasing order of value. For a discrete issue these are the only possible
        outcomes; for a numeric scale they are anchors (and the points a deal space is discretised at).
    discrete : bool
        True when positions and outcomes must be one of the options.
    status_quo : float or None
        What happens on this issue without an agreement, on the scale.
    parent : str or None
        Id of the :class:`IssueGroup` this issue is a part of.
    separable : bool
        True when the issue may be agreed on its own, ahead of the package (a ceasefire, a prisoner
        exchange): a partial agreement.
    parties : tuple of str
        Ids of the actors whose agreement settles the issue (a bilateral deal between two of the actors
        at the table). Empty, the default, means everyone at the table; see :meth:`settled_by`.
    keywords : tuple of str
        Words and phrases by which news text names the issue (read by text extraction's issue linking).
    """

    id: str
    name: str
    lo: float = 0.0
    hi: float = 100.0
    options: tuple[Option, ...] = ()
    discrete: bool = False
    description: str = ""
    status_quo: float | None = None
    parent: str | None = None
    separable: bool = False
    parties: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def settled_by(self, table: Sequence[str]) -> tuple[str, ...]:
        """The actors whose agreement settles this issue when ``table`` (actor ids) negotiates.

        :attr:`parties` when the issue declares them, whether or not all of them sit at ``table`` (an
        issue whose parties are not all there cannot be settled there); otherwise everyone at ``table``.
        """
        return self.parties if self.parties else tuple(table)

    def option(self, option_id: str) -> Option:
        """Return the option with this id (``KeyError`` if there is none)."""
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(f"issue {self.id!r} has no option {option_id!r}")

    def nearest_option(self, value: float) -> Option | None:
        """The option closest to ``value`` (ties go to the lower option); None if the issue has none."""
        if not self.options or not np.isfinite(value):
            return None
        return min(self.options, key=lambda o: (abs(o.value - value), o.value))

    @property
    def span(self) -> float:
        """Length of the scale."""
        return self.hi - self.lo


@dataclass(frozen=True)
class HistoryPoint:
    """A dated earlier (or confirming) position of a stance, and the source that states it."""

    date: str | None
    position: float
    source: str | None = None


@dataclass(frozen=True)
class Stance:
    """An actor's stance on one issue, with where it comes from and how sure we are.

    Parameters
    ----------
    actor, issue : str
        Ids.
    position : float
        Preferred outcome on the issue's scale.
    salience : float
        How much the issue matters to the actor, 0-100.
    red_line : RedLine or None
    utilities : tuple of (option id, utility) pairs
        Explicit utilities per option (any scale; the deal space normalises them), overriding the
        distance-based default.
    confidence : {"high", "medium", "low"}
        How sure the analyst is of the position, salience and red line (see :data:`CONFIDENCE_LEVELS`):
        ``high``, stated on the record in a cited source; ``medium``, inferred from statements or actions;
        ``low``, an estimate without a direct statement. The loader refuses any other value.
    sources : tuple of str
        Source ids.
    stated : str or None
        What the actor said, in words.
    note : str or None
        Analyst's note.
    history : tuple of HistoryPoint
        Earlier dated positions (oldest first), e.g. from ``accord apply``; ``accord timeline`` shows them.
    """

    actor: str
    issue: str
    position: float
    salience: float
    red_line: RedLine | None = None
    utilities: tuple[tuple[str, float], ...] = ()
    confidence: Confidence = "medium"
    sources: tuple[str, ...] = ()
    stated: str | None = None
    note: str | None = None
    history: tuple[HistoryPoint, ...] = ()


@dataclass(frozen=True)
class Actor:
    """A party to the negotiation.

    Parameters
    ----------
    id, name : str
    capability : float
        Ability to shape the outcome (>= 0); only ratios matter.
    group : str or None
        Coalition or bloc.
    aliases : tuple of str
        People and institutions that speak for the actor ("Kremlin", "Putin").
    notes : str
    patience : float or None
        Per-round discount factor in (0, 1]; 1 is fully patient.
    deadline : int or None
        Round by which the actor needs a deal.
    batna : float or None
        What no deal is worth to the actor, as a utility in [0, 1] of the deal space.
    strategy : str or None
        The actor's declared default negotiation strategy: a name registered in
        :data:`accord.registry.STRATEGIES` (``boulware``, ``tit-for-tat``, ...). A simulation uses it
        when it is not told otherwise.
    """

    id: str
    name: str
    capability: float = 1.0
    group: str | None = None
    aliases: tuple[str, ...] = ()
    notes: str = ""
    patience: float | None = None
    deadline: int | None = None
    batna: float | None = None
    strategy: str | None = None


#: The distributions an uncertain parameter may carry (see :class:`Distribution`).
DISTRIBUTIONS = ("uniform", "triangular", "normal", "pert", "choices")


@dataclass(frozen=True)
class Distribution:
    """What an analyst believes about one number (or one strategy): a distribution over its values.

    Parameters
    ----------
    kind : {"uniform", "triangular", "normal", "pert", "choices"}
    params : tuple of float
        ``uniform``: (lo, hi); ``triangular`` and ``pert``: (lo, mode, hi); ``normal``: (mean, sd), cut at
        the ends of the parameter's range (the issue's scale for a position). Empty for ``choices``.
    choices : tuple of (value, weight) pairs
        ``choices`` only: each value (a number, or a strategy name) with its relative weight.

    Notes
    -----
    The scenario only records the distribution; :mod:`accord.uncertainty` samples it.
    """

    kind: str
    params: tuple[float, ...] = ()
    choices: tuple[tuple[float | str, float], ...] = ()


@dataclass(frozen=True)
class UncertainParameter:
    """A parameter of the scenario, named by its path, and the distribution it carries.

    ``path`` is one of ``actors.<actor>.capability|batna|patience|strategy``,
    ``stances.<actor>.<issue>.position|salience|red_line|red_line.min|red_line.max``,
    ``issues.<issue>.status_quo`` or ``tracks.<track>.initial|drift|noise``.
    """

    path: str
    distribution: Distribution
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A validated negotiation scenario.

    Use :func:`accord.scenario.load_scenario` to read one from a file. The array views are computed once and
    are read-only. Besides actors, issues and stances, a scenario holds ``constraints`` (linked issues:
    outcome pairs of two issues that cannot be agreed together, see :class:`~accord.scenario.Constraint`)
    and ``round``, the length of a round of talks, which with ``as_of`` maps rounds to dates
    (:meth:`round_date`, :meth:`round_of`).
    """

    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    stances: tuple[Stance, ...]
    sources: tuple[Source, ...] = ()
    groups: tuple[IssueGroup, ...] = ()
    title: str = ""
    as_of: str | None = None
    description: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    tracks: tuple[Track, ...] = ()
    uncertainty: tuple[UncertainParameter, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    round: RoundLength = DEFAULT_ROUND

    def __post_init__(self) -> None:
        # Canonical stance order (actor, then issue, as declared) so that equal scenarios compare equal
        # whichever reader built them.
        arow = {a.id: k for k, a in enumerate(self.actors)}
        icol = {i.id: k for k, i in enumerate(self.issues)}
        missing = [(s.actor, s.issue) for s in self.stances if s.actor not in arow or s.issue not in icol]
        if missing:
            raise ValueError(f"stances for unknown actors or issues: {missing[:5]}")
        ordered = tuple(sorted(self.stances, key=lambda s: (arow[s.actor], icol[s.issue])))
        object.__setattr__(self, "stances", ordered)
        loose = [c.issues for c in self.constraints if not set(c.issues) <= icol.keys()]
        if loose:
            raise ValueError(f"constraints on unknown issues: {loose[:5]}")
        strangers = [(i.id, a) for i in self.issues for a in i.parties if a not in arow]
        if strangers:
            raise ValueError(f"issue parties that are not actors: {strangers[:5]}")

    # -- lookup -----------------------------------------------------------------------------------------
    @cached_property
    def actor_ids(self) -> tuple[str, ...]:
        """Actor ids in order (the row order of every array view)."""
        return tuple(a.id for a in self.actors)

    @cached_property
    def issue_ids(self) -> tuple[str, ...]:
        """Issue ids in order (the column order of every array view)."""
        return tuple(i.id for i in self.issues)

    @cached_property
    def _stance_index(self) -> dict[tuple[str, str], Stance]:
        return {(s.actor, s.issue): s for s in self.stances}

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        return self.actors[self.actor_ids.index(actor_id)]

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id."""
        return self.issues[self.issue_ids.index(issue_id)]

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def stance(self, actor_id: str, issue_id: str) -> Stance | None:
        """The stance of an actor on an issue, or None if it takes none."""
        return self._stance_index.get((actor_id, issue_id))

    def constraints_on(self, issue_id: str) -> tuple[Constraint, ...]:
        """The constraints that link ``issue_id`` to another issue (on either side)."""
        return tuple(c for c in self.constraints if issue_id in c.issues)

    # -- calendar time ----------------------------------------------------------------------------------
    @property
    def start_date(self) -> dt.date:
        """``as_of`` as a date: the day round 0 stands on.

        Raises
        ------
        InputError
            When the scenario has no ``as_of`` or it is not a date written YYYY-MM-DD.
        """
        if self.as_of is None:
            raise InputError("the scenario has no as_of date, so rounds cannot be mapped to dates; add as_of")
        try:
            return parse_date(self.as_of)
        except ValueError as e:
            raise InputError(f"as_of: {e}, so rounds cannot be mapped to dates") from None

    def round_date(self, r: int) -> dt.date:
        """The date round ``r`` ends on: ``as_of + r * round`` (round 0 is ``as_of`` itself).

        With ``round: 1 week`` and ``as_of: 2025-03-17``, ``round_date(1)`` is 2025-03-24. Months are
        calendar months (see :mod:`accord.scenario.calendar`). Raises :class:`~accord.errors.InputError`
        without a usable ``as_of`` (:attr:`start_date`).
        """
        return self.round.end_of(self.start_date, int(r))

    def round_of(self, date: dt.date | str) -> int:
        """The round in progress on ``date`` (a date or ``YYYY-MM-DD``): the first one ending on or after it.

        ``round_of(round_date(r)) == r``; ``as_of`` is round 0 and the next day round 1. A date before
        ``as_of`` gives a negative round or 0 (a caller that simulates forward refuses those). Raises
        :class:`~accord.errors.InputError` for a malformed date or without a usable ``as_of``.
        """
        try:
            when = parse_date(date)
        except ValueError as e:
            raise InputError(str(e)) from None
        return self.round.round_of(self.start_date, when)

    # -- array views ------------------------------------------------------------------------------------
    def _frozen(self, a: FloatArray) -> FloatArray:
        a.setflags(write=False)
        return a

    def _table(self, attr: str, fill: float) -> FloatArray:
        out = np.full((len(self.actors), len(self.issues)), fill)
        rows = {a: k for k, a in enumerate(self.actor_ids)}
        cols = {i: k for k, i in enumerate(self.issue_ids)}
        for s in self.stances:
            out[rows[s.actor], cols[s.issue]] = getattr(s, attr)
        return self._frozen(out)

    @cached_property
    def positions(self) -> FloatArray:
        """Positions, shape (n_actors, n_issues); NaN where an actor takes no stance."""
        return self._table("position", np.nan)

    @cached_property
    def saliences(self) -> FloatArray:
        """Saliences on 0-100, shape (n_actors, n_issues); 0 where an actor takes no stance."""
        return self._table("salience", 0.0)

    @cached_property
    def capabilities(self) -> FloatArray:
        """Capabilities, shape (n_actors,)."""
        return self._frozen(np.array([a.capability for a in self.actors], dtype=float))

    @cached_property
    def status_quo(self) -> FloatArray:
        """Status quo per issue, shape (n_issues,); NaN where none is given."""
        return self._frozen(
            np.array([np.nan if i.status_quo is None else i.status_quo for i in self.issues], dtype=float)
        )

    @cached_property
    def scale_lo(self) -> FloatArray:
        """Lower end of each issue's scale, shape (n_issues,)."""
        return self._frozen(np.array([i.lo for i in self.issues], dtype=float))

    @cached_property
    def scale_hi(self) -> FloatArray:
        """Upper end of each issue's scale, shape (n_issues,)."""
        return self._frozen(np.array([i.hi for i in self.issues], dtype=float))

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        """Number of (leaf) issues."""
        return len(self.issues)

    def red_line_clashes(self) -> list[tuple[str, tuple[str, ...]]]:
        """Issues on which no outcome respects every red line, with the actors whose red lines clash.

        Returns
        -------
        list of (issue id, actor ids)
        """
        clashes = []
        for issue in self.issues:
            lines = [(s.actor, s.red_line) for s in self.stances if s.issue == issue.id and s.red_line]
            if len(lines) < 2:
                continue
            lo = max(rl.lo for _, rl in lines)
            hi = min(rl.hi for _, rl in lines)
            ok = lo <= hi + _EPS
            if ok and any(rl.options is not None for _, rl in lines):
                # With option sets, some option must pass every line.
                ok = any(
                    all(rl.accepts_option(o) for _, rl in lines)
                    for o in issue.options
                    if lo - _EPS <= o.value <= hi + _EPS
                )
            if not ok:
                clashes.append((issue.id, tuple(a for a, _ in lines)))
        return clashes
