"""Linked issues: outcomes on one issue that rule out outcomes on another.

A scenario's ``constraints:`` list states that some outcomes of two issues cannot be agreed together: "a
permanently neutral Ukraine (I1 = neutrality) excludes NATO membership as its security guarantee (I10 =
nato)". Each entry is a :class:`Constraint` between two :class:`OutcomeSet` objects, one per issue.

The exclusion is symmetric (the pair cannot occur, whichever issue is settled first) and it only ever
removes combinations: a package that violates no constraint before a constraint is added violates none of
the old ones after it, and every package it newly forbids holds one of its :meth:`Constraint.forbidden_pairs`.

Consumers (the deal space, logrolls, the simulation) read them through two calls:

* :meth:`Constraint.forbidden_pairs` (or :meth:`Constraint.pair_mask`) over the options each issue is
  discretised at, for package spaces;
* :meth:`Constraint.forbids` over one outcome per issue, for continuous outcomes (forecasts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Constraint", "OutcomeSet", "violated_constraints"]

_EPS = 1e-9


@dataclass(frozen=True)
class OutcomeSet:
    """A set of outcomes on one issue: listed options, or an interval of the issue's scale.

    Parameters
    ----------
    issue : str
        The issue's id.
    options : frozenset of str
        Ids of the issue's labelled options in the set. For a listed set, the listed options; for an
        interval, every labelled option whose value lies in it (the loader resolves them).
    interval : (float, float) or None
        ``(lo, hi)`` when the set is an interval (written ``{at_least: X, at_most: Y}``, either bound
        optional): every value from ``lo`` to ``hi`` is in the set, labelled or not. None for a listed set.
    values : tuple of float
        The scale values of the listed options (a listed set holds these values only); empty for an
        interval.
    """

    issue: str
    options: frozenset[str]
    interval: tuple[float, float] | None = None
    values: tuple[float, ...] = ()

    def contains(self, value: float) -> bool:
        """Whether an outcome at ``value`` on the issue's scale is in the set (NaN never is)."""
        if not math.isfinite(value):
            return False
        if self.interval is not None:
            lo, hi = self.interval
            return lo - _EPS <= value <= hi + _EPS
        return any(abs(value - v) <= _EPS for v in self.values)

    def contains_option(self, option_id: str, value: float | None = None) -> bool:
        """Whether the option with this id (at ``value`` on the scale, when known) is in the set.

        An option is in the set when its id is among :attr:`options`, or when its value is given and lies in
        the set: that covers grid points that are not labelled options (a deal space discretised by step).
        """
        return option_id in self.options or (value is not None and self.contains(value))

    def describe(self) -> str:
        """The set in the file's words: ``I1 = neutrality``, ``I1 in {a, b}``, ``I4 at most 70``."""
        if self.interval is None:
            ids = sorted(self.options)
            return f"{self.issue} = {ids[0]}" if len(ids) == 1 else f"{self.issue} in {{{', '.join(ids)}}}"
        lo, hi = self.interval
        if lo == -math.inf:
            return f"{self.issue} at most {hi:g}"
        if hi == math.inf:
            return f"{self.issue} at least {lo:g}"
        return f"{self.issue} from {lo:g} to {hi:g}"


@dataclass(frozen=True)
class Constraint:
    """Two issues' outcomes that cannot be agreed together (written ``{if: ..., excludes: ...}``).

    Parameters
    ----------
    when : OutcomeSet
        The ``if`` side: outcomes on the first issue.
    excludes : OutcomeSet
        Outcomes on the second issue that cannot go with any outcome of ``when``.
    note : str or None
        Why the two are linked, in words.
    sources : tuple of str
        Source ids.

    Notes
    -----
    The two issues always differ. The exclusion is symmetric: ``if A excludes B`` forbids the pair (a, b)
    for every a in A and b in B, whichever is agreed first.
    """

    when: OutcomeSet
    excludes: OutcomeSet
    note: str | None = None
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.when.issue == self.excludes.issue:
            raise ValueError(f"a constraint links two different issues, not {self.when.issue!r} with itself")

    @property
    def issues(self) -> tuple[str, str]:
        """The ids of the two issues: the ``if`` issue, then the excluded one."""
        return self.when.issue, self.excludes.issue

    def pair_mask(
        self,
        options: Mapping[str, Sequence[str]],
        values: Mapping[str, Sequence[float]] | None = None,
    ) -> NDArray[np.bool_]:
        """Which pairs of options of the two issues the constraint forbids.

        Parameters
        ----------
        options : mapping of issue id to sequence of str
            The option ids each issue is discretised at (a deal space's ``dict(zip(issues, options))``);
            it must hold both of :attr:`issues`.
        values : mapping of issue id to sequence of float, optional
            Each option's value on its scale, in the same order. Needed only for options that are not
            labelled options of the scenario (grid points of a deal space discretised by step).

        Returns
        -------
        ndarray of bool, shape (n options of ``when.issue``, n options of ``excludes.issue``)
            True where the pair is forbidden.

        Raises
        ------
        KeyError
            When ``options`` lacks one of the two issues.
        """
        a_in = self._members(self.when, options, values)
        b_in = self._members(self.excludes, options, values)
        return np.logical_and.outer(a_in, b_in)

    def forbidden_pairs(
        self,
        options: Mapping[str, Sequence[str]],
        values: Mapping[str, Sequence[float]] | None = None,
    ) -> list[tuple[str, str]]:
        """The forbidden (option of ``when.issue``, option of ``excludes.issue``) pairs, in option order.

        Parameters are those of :meth:`pair_mask`.

        Examples
        --------
        >>> neutral = OutcomeSet("I1", frozenset({"neutrality"}))
        >>> c = Constraint(neutral, OutcomeSet("I10", frozenset({"nato"})))
        >>> c.forbidden_pairs({"I1": ["open", "neutrality"], "I10": ["nato", "none"]})
        [('neutrality', 'nato')]
        """
        a_ids, b_ids = options[self.when.issue], options[self.excludes.issue]
        mask = self.pair_mask(options, values)
        return [(a_ids[i], b_ids[j]) for i, j in zip(*np.nonzero(mask), strict=True)]

    def forbids(self, outcome: Mapping[str, float]) -> bool:
        """Whether an outcome (a value per issue id, on each issue's scale) breaks this constraint.

        An outcome that leaves either issue out (or NaN: not agreed) breaks nothing.
        """
        a = outcome.get(self.when.issue, math.nan)
        b = outcome.get(self.excludes.issue, math.nan)
        return self.when.contains(float(a)) and self.excludes.contains(float(b))

    def describe(self) -> str:
        """One line: ``I1 = neutrality excludes I10 = nato``."""
        return f"{self.when.describe()} excludes {self.excludes.describe()}"

    @staticmethod
    def _members(
        side: OutcomeSet, options: Mapping[str, Sequence[str]], values: Mapping[str, Sequence[float]] | None
    ) -> NDArray[np.bool_]:
        ids = options[side.issue]
        vals = None if values is None else values.get(side.issue)
        return np.array(
            [side.contains_option(o, None if vals is None else float(vals[k])) for k, o in enumerate(ids)],
            dtype=bool,
        )


def violated_constraints(constraints: Iterable[Constraint], outcome: Mapping[str, float]) -> list[Constraint]:
    """The constraints an outcome (a value per issue id) breaks, in their order."""
    return [c for c in constraints if c.forbids(outcome)]
