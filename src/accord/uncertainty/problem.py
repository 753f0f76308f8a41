"""What is uncertain: the variables of a sweep, each a scenario parameter with a distribution.

A :class:`Problem` is SALib's "problem" made explicit: the variables in order, each with its
distribution, its range and the value the scenario states. Samplers draw on the unit hypercube
(``Problem.to_salib()`` has unit bounds) and :meth:`Problem.transform` maps the draws through each
variable's inverse CDF, so every SALib sampler and index works with any of accord's distributions.

:func:`build_problem` reads a scenario: every parameter its ``uncertainty`` section names, then a
default spread for each stance's position and salience from the stance's ``confidence``
(:data:`DEFAULT_SPREAD`) unless the section already names them or ``default_spread=False``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from ..scenario import Distribution, ParameterRef, Scenario, resolve_parameter
from .distributions import describe, ppf

__all__ = ["DEFAULT_SPREAD", "Variable", "Problem", "build_problem", "default_distribution"]

FloatArray = NDArray[np.float64]

#: Half-width of the default spread of a stance's position and salience, by confidence: a fraction of
#: the issue's scale for a position, of the 0-100 salience range for a salience. The default is a
#: triangular distribution with its mode at the stated value, cut at the ends of the range (and, for
#: a position, at the actor's own red line).
DEFAULT_SPREAD: Mapping[str, float] = {"high": 0.05, "medium": 0.10, "low": 0.20}


@dataclass(frozen=True)
class Variable:
    """One uncertain input.

    Parameters
    ----------
    name : str
        Its parameter path (``stances.russia.I5.salience``), or any name for a plain function input.
    distribution : Distribution
    lo, hi : float
        Range of valid values; continuous distributions are cut at it.
    origin : str
        ``written`` (the scenario's uncertainty section), ``confidence: <level>`` (a default spread)
        or ``given`` (built in Python).
    nominal : float, str or None
        The value the scenario states (None where it states none).
    ref : ParameterRef or None
        The scenario parameter it sets (None for a plain function input).
    """

    name: str
    distribution: Distribution
    lo: float = -math.inf
    hi: float = math.inf
    origin: str = "given"
    nominal: float | str | None = None
    ref: ParameterRef | None = None

    @property
    def categorical(self) -> bool:
        """Whether the values are names (sampled values are then indices into :attr:`labels`)."""
        return any(isinstance(v, str) for v, _ in self.distribution.choices)

    @property
    def labels(self) -> tuple[str, ...]:
        """The names of a categorical variable's choices, in order (empty otherwise)."""
        return tuple(str(v) for v, _ in self.distribution.choices) if self.categorical else ()

    def values(self, u: FloatArray) -> FloatArray:
        """Values at unit-interval points ``u`` (indices into :attr:`labels` if categorical)."""
        return ppf(self.distribution, u, self.lo, self.hi)

    def nominal_value(self) -> float:
        """The stated value as a number (an index if categorical); the median where none is stated."""
        nom = self.nominal
        if self.categorical:
            if isinstance(nom, str) and nom in self.labels:
                return float(self.labels.index(nom))
            weights = [w for _, w in self.distribution.choices]
            return float(int(np.argmax(weights)))
        if isinstance(nom, int | float) and not isinstance(nom, bool):
            return float(nom)
        return float(self.values(np.array([0.5]))[0])

    def describe(self) -> str:
        """The distribution in words."""
        return describe(self.distribution)


@dataclass(frozen=True)
class Problem:
    """The uncertain inputs of a sweep, in order (the columns of every design matrix)."""

    variables: tuple[Variable, ...]

    def __post_init__(self) -> None:
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names):
            raise InputError("variable names must be unique")

    @classmethod
    def from_distributions(cls, distributions: Mapping[str, Distribution]) -> Problem:
        """A problem over plain named inputs (a test function such as Ishigami's)."""
        return cls(tuple(Variable(name, d) for name, d in distributions.items()))

    @property
    def names(self) -> tuple[str, ...]:
        """Variable names, in column order."""
        return tuple(v.name for v in self.variables)

    @property
    def n_variables(self) -> int:
        """Number of uncertain inputs."""
        return len(self.variables)

    def to_salib(self) -> dict[str, Any]:
        """SALib's problem dict over the unit hypercube (draws are mapped by :meth:`transform`)."""
        k = self.n_variables
        return {"num_vars": k, "names": list(self.names), "bounds": [[0.0, 1.0]] * k}

    def transform(self, unit: FloatArray) -> FloatArray:
        """Design values from unit-hypercube draws, shape (n, n_variables).

        Variables are mapped one after the other over contiguous memory (a variable-major copy), and
        the result is its transpose: column-major, the layout in which evaluators read a variable.
        """
        by_variable = np.ascontiguousarray(np.asarray(unit, dtype=float).T)
        out = np.empty_like(by_variable)
        for k, v in enumerate(self.variables):
            out[k] = v.values(by_variable[k])
        return out.T

    def nominal(self) -> FloatArray:
        """The scenario as written: each variable's stated value, shape (n_variables,)."""
        return np.array([v.nominal_value() for v in self.variables], dtype=float)


def default_distribution(
    value: float, half_width: float, lo: float, hi: float, options: tuple[float, ...] = ()
) -> Distribution:
    """The default spread around a stated value: triangular, mode at ``value``, cut at ``[lo, hi]``.

    On a discrete issue (``options`` given) it is the choice among the options, weighted by the
    triangle's height at each.
    """
    if options:
        w = [
            max(0.0, 1.0 - abs(o - value) / half_width) if half_width > 0 else float(o == value)
            for o in options
        ]
        return Distribution("choices", (), tuple((o, x) for o, x in zip(options, w, strict=True) if x > 0))
    a, b = max(lo, value - half_width), min(hi, value + half_width)
    return Distribution("triangular", (a, value, b))


def _ref(scenario: Scenario, path: str) -> ParameterRef:
    ref = resolve_parameter(scenario, path)
    if isinstance(ref, str):  # the loader checked every written path; this is a path built in Python
        raise InputError.single("", ref, path=path)
    return ref


def build_problem(
    scenario: Scenario, *, default_spread: bool = True, spreads: Mapping[str, float] = DEFAULT_SPREAD
) -> Problem:
    """The uncertain inputs of a scenario.

    Parameters
    ----------
    scenario : Scenario
    default_spread : bool
        Give every stance's position and salience that the ``uncertainty`` section does not name a
        triangular spread from its ``confidence`` (``--no-default-spread`` turns it off).
    spreads : mapping of confidence level to half-width
        See :data:`DEFAULT_SPREAD`.

    Returns
    -------
    Problem
        The written parameters first, in file order, then the default spreads in stance order.
    """
    out: list[Variable] = []
    taken = set()
    for u in scenario.uncertainty:
        ref = _ref(scenario, u.path)
        taken.add(ref.key)
        out.append(Variable(u.path, u.distribution, ref.lo, ref.hi, "written", ref.nominal, ref))
    if default_spread:
        for st in scenario.stances:
            issue = scenario.issue(st.issue)
            for attr in ("position", "salience"):
                ref = _ref(scenario, f"stances.{st.actor}.{st.issue}.{attr}")
                half = spreads[st.confidence] * (issue.span if attr == "position" else 100.0)
                if ref.key in taken or half <= 0:
                    continue
                lo, hi = ref.lo, ref.hi
                rl = st.red_line
                if (
                    attr == "position"
                    and rl is not None
                    and rl.options is None
                    and rl.lo <= st.position <= rl.hi
                ):
                    # Stay within the actor's own red line: a default spread must not contradict it.
                    lo, hi = max(lo, rl.lo), min(hi, rl.hi)
                value = float(getattr(st, attr))
                options = (
                    tuple(o.value for o in issue.options) if attr == "position" and issue.discrete else ()
                )
                dist = default_distribution(value, half, lo, hi, options)
                out.append(Variable(ref.path, dist, lo, hi, f"confidence: {st.confidence}", value, ref))
    return Problem(tuple(out))
