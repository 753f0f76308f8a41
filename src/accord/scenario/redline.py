"""Red lines: the outcomes an actor will not go beyond, with the side of the scale they protect.

A scenario file states a red line's side explicitly (``at_most: X``, ``at_least: X``, both, or
``acceptable: [option ids]``); the loader keeps that statement on :attr:`RedLine.side`. Every consumer reads
the same acceptable set through :meth:`RedLine.accepts` and :meth:`RedLine.accepts_option`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # model imports this module; the issue types are needed for typing only
    from .model import Issue, Option

__all__ = ["RED_LINE_SIDES", "RedLine", "Side"]

Side = Literal["at_most", "at_least", "between", "acceptable"]

#: What :attr:`RedLine.side` may be, and what each says.
RED_LINE_SIDES: dict[str, str] = {
    "at_most": "outcomes from the low end of the scale up to the bound (hi) are acceptable",
    "at_least": "outcomes from the bound (lo) up to the high end of the scale are acceptable",
    "between": "outcomes from lo to hi are acceptable (both bounds stated)",
    "acceptable": "only the listed options are acceptable (within lo-hi when a bound is stated too)",
}

_EPS = 1e-9


@dataclass(frozen=True)
class RedLine:
    """The set of outcomes an actor will accept on one issue: an interval, optionally narrowed to options.

    Parameters
    ----------
    lo, hi : float
        The acceptable interval ``[lo, hi]`` on the issue's scale (an end of the scale where the red line
        states no bound).
    options : frozenset of str or None
        When given, only these options (by id) are acceptable.
    note : str or None
        The analyst's reading, in words.
    side : {"at_most", "at_least", "between", "acceptable"} or None
        Which side of the scale the red line protects, as the scenario stated it (see
        :data:`RED_LINE_SIDES`); None when built without one (older code). It documents the statement and
        does not change what is accepted, so it takes no part in equality: two red lines that accept the
        same outcomes are equal.

    Examples
    --------
    Build one from an issue with :meth:`at_most_of`, :meth:`at_least_of` or :meth:`acceptable_of`, which
    resolve option ids to values and fill in the other end of the scale.
    """

    lo: float
    hi: float
    options: frozenset[str] | None = None
    note: str | None = None
    side: Side | None = field(default=None, compare=False)

    # -- construction from an issue ------------------------------------------------------------------------
    @classmethod
    def at_most_of(cls, issue: Issue, bound: float | str, note: str | None = None) -> RedLine:
        """Acceptable: from the low end of ``issue``'s scale up to ``bound`` (a value or an option id)."""
        return cls(issue.lo, _value(issue, bound), None, note, "at_most")

    @classmethod
    def at_least_of(cls, issue: Issue, bound: float | str, note: str | None = None) -> RedLine:
        """Acceptable: from ``bound`` (a value or an option id) up to the high end of ``issue``'s scale."""
        return cls(_value(issue, bound), issue.hi, None, note, "at_least")

    @classmethod
    def acceptable_of(cls, issue: Issue, option_ids: Iterable[str], note: str | None = None) -> RedLine:
        """Acceptable: only these options of ``issue`` (``KeyError`` for an id it lacks)."""
        ids = frozenset(option_ids)
        for oid in ids:
            issue.option(oid)
        return cls(issue.lo, issue.hi, ids, note, "acceptable")

    # -- reading ---------------------------------------------------------------------------------------
    @property
    def bound(self) -> float | None:
        """The stated threshold: ``hi`` for ``at_most``, ``lo`` for ``at_least``; None otherwise."""
        return self.hi if self.side == "at_most" else self.lo if self.side == "at_least" else None

    def accepts(self, value: float, issue: Issue) -> bool:
        """Whether an outcome at ``value`` on ``issue`` respects this red line."""
        if not (self.lo - _EPS <= value <= self.hi + _EPS):
            return False
        if self.options is None:
            return True
        return any(abs(issue.option(o).value - value) <= _EPS for o in self.options)

    def accepts_option(self, option: Option) -> bool:
        """Whether choosing ``option`` respects this red line."""
        if self.options is not None:
            return option.id in self.options
        return self.lo - _EPS <= option.value <= self.hi + _EPS

    def accepted_options(self, issue: Issue) -> tuple[Option, ...]:
        """The options of ``issue`` this red line accepts, in the issue's order."""
        return tuple(o for o in issue.options if self.accepts_option(o))

    def excludes_nothing(self, issue: Issue) -> bool:
        """Whether every outcome of ``issue`` is acceptable (the whole scale, and every option)."""
        whole = self.lo <= issue.lo + _EPS and self.hi >= issue.hi - _EPS
        if self.options is None:
            return whole
        # A listed set on a numeric scale leaves out the values between options; on a discrete issue the
        # options are every outcome there is.
        return whole and issue.discrete and len(self.accepted_options(issue)) == len(issue.options)

    def describe(self) -> str:
        """The red line in words: ``at most 45``, ``at least 65``, ``from 20 to 60``, ``one of {a, b}``."""
        if self.options is not None:
            return f"one of {{{', '.join(sorted(self.options))}}}"
        if self.side == "at_most":
            return f"at most {self.hi:g}"
        if self.side == "at_least":
            return f"at least {self.lo:g}"
        return f"from {self.lo:g} to {self.hi:g}"


def _value(issue: Issue, bound: float | str) -> float:
    if isinstance(bound, str):
        return issue.option(bound).value
    x = float(bound)
    if not issue.lo - _EPS <= x <= issue.hi + _EPS:
        raise ValueError(f"{x:g} is off the scale of issue {issue.id} [{issue.lo:g}, {issue.hi:g}]")
    return x
