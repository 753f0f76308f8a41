"""The deal space: issues with ordered options, additive actor utilities, red lines and BATNAs.

A *package* chooses one option on every issue. Packages are numbered by a mixed-radix index over the
issues (the first issue is the most significant digit), so a package's index never depends on which
other packages are feasible: filters produce masks or index arrays into this one numbering, never a
re-numbered list (the NegMAS pitfall of red lines as ``-inf`` utilities pointing into a filtered list).

Utilities are additive (Keeney & Raiffa 1976, ch. 3; the linear-additive profiles of Genius and
GeniusWeb): ``u_i(x) = sum_k w_ik v_ik[x_k]``. Every function here sums the issue terms in issue order,
starting from the first issue, so that the same package always gets bit-identical utilities whichever
path (gather, chunked enumeration, frontier merge) computed them; ties between packages with equal
utility vectors are then real ties, not rounding noise.

Linked issues (:class:`~accord.deals.linked.ForbiddenPairs`, from a scenario's ``constraints:``) rule out
pairs of options of two issues for everyone: a package holding such a pair is never feasible.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .linked import ForbiddenPairs

__all__ = ["DealSpace", "FEASIBILITY_TOL"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

#: A package meets an actor's BATNA when ``u_i(x) >= d_i - FEASIBILITY_TOL``. The tolerance absorbs the
#: last-bit rounding of a sum of issue terms, so that a BATNA set to the utility of a package (as the
#: scenario adapter does with the status quo) admits that package.
FEASIBILITY_TOL = 1e-12


def _readonly(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class DealSpace:
    """A finite multi-issue deal space with additive utilities, red lines and disagreement values.

    Parameters
    ----------
    issues : sequence of str
        Issue names, in the order that defines package indices.
    options : sequence of sequence of str
        Ordered option labels per issue (at least one per issue).
    actors : sequence of str
        Actor names (unique).
    weights : array_like, shape (n_actors, n_issues)
        Non-negative issue weights per actor (salience, normalised by the caller if it wishes).
    values : sequence of array_like, one per issue, each shape (n_actors, n_options[k])
        Per-option values, expected in [0, 1].
    disagreement : array_like, shape (n_actors,), optional
        Each actor's utility of no deal (BATNA or status quo); 0 by default.
    acceptable : sequence of array_like of bool, one per issue, each (n_actors, n_options[k]), optional
        Red lines: ``acceptable[k][i, o]`` is False when actor ``i`` will not accept option ``o`` of
        issue ``k``. A package is acceptable to an actor iff every chosen option is. All True by default.
    signatories : sequence of str, optional
        Actors whose acceptance a deal needs; all actors by default. The bargaining solutions and the
        Pareto frontier are taken over the signatories' utilities.
    exponents : array_like, shape (n_actors,), optional
        Bargaining weights for the asymmetric Nash solution (e.g. capability); ones by default.
    extremity : array_like, shape (n_actors, n_issues), optional
        How far from the middle of each issue an actor's stated demand lies, in [0, 1] (used by the
        "cheap to cede" view). By default derived from the position of the actor's best option in the
        option order.
    name : str
        Display name.
    metadata : dict
        Free-form provenance (source files, discount factors ...). Nothing computed reads it: every
        quantity a model needs is a field.
    option_values : sequence of array_like, one per issue, each shape (n_options[k],), optional
        Each option's numeric value on the issue's scale (where it lies between the ends of the scale);
        option numbers ``0, 1, ...`` by default (an ordinal scale). Models that place options on a scale
        (tracks frozen below a value, a mediator splitting the difference) read these, never the labels.
    status_quo : array_like, shape (n_issues,), optional
        The status quo on each issue's scale (in the units of ``option_values``); NaN where an issue has
        none (the default).
    disagreement_from_status_quo : array_like of bool, shape (n_actors,), optional
        True where an actor's disagreement value is its utility of the status quo rather than a stated
        BATNA (so it moves when the status quo moves or an issue is settled alone); False by default.
    loss : {"linear", "quadratic"}
        How an actor's value falls with distance from its position on a scale (the rule the values were
        derived with; a simulation uses it to value a status quo that has moved between options).
    forbidden : sequence of ForbiddenPairs, optional
        Pairs of options of two issues that cannot be agreed together (linked issues); none by default.
        ``(issue_a, issue_b, table[, note])`` tuples are accepted too.
        A package choosing a forbidden pair is infeasible whatever anyone concedes.
    """

    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    actors: tuple[str, ...]
    weights: FloatArray
    values: tuple[FloatArray, ...]
    # None means "the default" for these five; __post_init__ replaces it, so readers never see None.
    disagreement: FloatArray = None  # type: ignore[assignment]
    acceptable: tuple[BoolArray, ...] = None  # type: ignore[assignment]
    signatories: tuple[str, ...] = None  # type: ignore[assignment]
    exponents: FloatArray = None  # type: ignore[assignment]
    extremity: FloatArray = None  # type: ignore[assignment]
    name: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)
    option_values: tuple[FloatArray, ...] = None  # type: ignore[assignment]
    status_quo: FloatArray = None  # type: ignore[assignment]
    disagreement_from_status_quo: BoolArray = None  # type: ignore[assignment]
    loss: str = "linear"
    forbidden: tuple[ForbiddenPairs, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        issues = tuple(str(i) for i in self.issues)
        options = tuple(tuple(str(o) for o in opts) for opts in self.options)
        actors = tuple(str(a) for a in self.actors)
        n_a, n_k = len(actors), len(issues)
        if n_k == 0:
            raise ValueError("a deal space needs at least one issue")
        if n_a == 0:
            raise ValueError("a deal space needs at least one actor")
        if len(set(actors)) != n_a:
            raise ValueError(f"actor names must be unique: {actors}")
        if len(set(issues)) != n_k:
            raise ValueError(f"issue names must be unique: {issues}")
        if len(options) != n_k:
            raise ValueError(f"{len(options)} option lists for {n_k} issues")
        for name, opts in zip(issues, options, strict=True):
            if not opts:
                raise ValueError(f"issue {name!r} has no options")
            if len(set(opts)) != len(opts):
                raise ValueError(f"issue {name!r} has duplicate option labels")
        weights = np.array(self.weights, dtype=np.float64)
        if weights.shape != (n_a, n_k):
            raise ValueError(f"weights must have shape ({n_a}, {n_k})")
        if not np.all(np.isfinite(weights)) or np.any(weights < 0):
            raise ValueError("weights must be finite and non-negative")
        if len(self.values) != n_k:
            raise ValueError(f"{len(self.values)} value tables for {n_k} issues")
        values = []
        for k, table in enumerate(self.values):
            v = np.array(table, dtype=np.float64)
            if v.shape != (n_a, len(options[k])):
                raise ValueError(f"values of issue {issues[k]!r} must have shape ({n_a}, {len(options[k])})")
            if not np.all(np.isfinite(v)):
                raise ValueError(f"values of issue {issues[k]!r} must be finite")
            values.append(_readonly(v))
        d = np.zeros(n_a) if self.disagreement is None else np.array(self.disagreement, dtype=np.float64)
        if d.shape != (n_a,) or not np.all(np.isfinite(d)):
            raise ValueError(f"disagreement must be {n_a} finite numbers")
        if self.acceptable is None:
            acc = tuple(_readonly(np.ones((n_a, len(o)), dtype=bool)) for o in options)
        else:
            if len(self.acceptable) != n_k:
                raise ValueError(f"{len(self.acceptable)} red-line tables for {n_k} issues")
            acc_list = []
            for k, given in enumerate(self.acceptable):
                mask = np.array(given, dtype=bool)
                if mask.shape != (n_a, len(options[k])):
                    raise ValueError(
                        f"red lines of issue {issues[k]!r} must have shape ({n_a}, {len(options[k])})"
                    )
                acc_list.append(_readonly(mask))
            acc = tuple(acc_list)
        sig = actors if self.signatories is None else tuple(str(s) for s in self.signatories)
        unknown = [s for s in sig if s not in actors]
        if unknown:
            raise ValueError(f"unknown signatories {unknown}; actors are {list(actors)}")
        if not sig:
            raise ValueError("at least one signatory is required")
        # Keep the actor order (and drop repeats) so that solutions do not depend on how the list was typed.
        sig = tuple(a for a in actors if a in set(sig))
        e = np.ones(n_a) if self.exponents is None else np.array(self.exponents, dtype=np.float64)
        if e.shape != (n_a,) or not np.all(np.isfinite(e)) or np.any(e < 0):
            raise ValueError(f"exponents must be {n_a} finite non-negative numbers")
        if self.extremity is None:
            ext = np.zeros((n_a, n_k))
            for k, v in enumerate(values):
                n_o = v.shape[1]
                if n_o > 1:
                    ext[:, k] = np.abs(np.argmax(v, axis=1) - (n_o - 1) / 2) / ((n_o - 1) / 2)
        else:
            ext = np.array(self.extremity, dtype=np.float64)
            if ext.shape != (n_a, n_k) or not np.all(np.isfinite(ext)):
                raise ValueError(f"extremity must be finite, with shape ({n_a}, {n_k})")
        if self.option_values is None:
            ov = tuple(_readonly(np.arange(len(o), dtype=np.float64)) for o in options)
        else:
            if len(self.option_values) != n_k:
                raise ValueError(f"{len(self.option_values)} option-value lists for {n_k} issues")
            ov_list = []
            for k, given_v in enumerate(self.option_values):
                x = np.array(given_v, dtype=np.float64)
                if x.shape != (len(options[k]),) or not np.all(np.isfinite(x)):
                    raise ValueError(
                        f"option values of issue {issues[k]!r} must be {len(options[k])} finite numbers"
                    )
                ov_list.append(_readonly(x))
            ov = tuple(ov_list)
        sq = np.full(n_k, np.nan) if self.status_quo is None else np.array(self.status_quo, dtype=np.float64)
        if sq.shape != (n_k,) or np.any(np.isinf(sq)):
            raise ValueError(f"status_quo must be {n_k} numbers (NaN where an issue has none)")
        if self.disagreement_from_status_quo is None:
            dsq = np.zeros(n_a, dtype=bool)
        else:
            dsq = np.array(self.disagreement_from_status_quo, dtype=bool)
            if dsq.shape != (n_a,):
                raise ValueError(f"disagreement_from_status_quo must be {n_a} booleans")
        if self.loss not in ("linear", "quadratic"):
            raise ValueError(f"loss must be 'linear' or 'quadratic', not {self.loss!r}")
        forbidden = []
        for item in self.forbidden:
            fp = item if isinstance(item, ForbiddenPairs) else ForbiddenPairs((item[0], item[1]), *item[2:])
            missing = [i for i in fp.issues if i not in issues]
            if missing:
                raise ValueError(f"forbidden pairs name unknown issues {missing}; issues are {list(issues)}")
            ka, kb = (issues.index(i) for i in fp.issues)
            if fp.pairs.shape != (len(options[ka]), len(options[kb])):
                raise ValueError(
                    f"forbidden pairs of {fp.issues[0]!r} and {fp.issues[1]!r} must have shape "
                    f"({len(options[ka])}, {len(options[kb])})"
                )
            # Stored in issue order (first issue earlier), so every consumer reads one orientation.
            forbidden.append(fp if ka < kb else fp.transposed())
        set_(self, "issues", issues)
        set_(self, "options", options)
        set_(self, "actors", actors)
        set_(self, "weights", _readonly(weights))
        set_(self, "values", tuple(values))
        set_(self, "disagreement", _readonly(d))
        set_(self, "acceptable", acc)
        set_(self, "signatories", sig)
        set_(self, "exponents", _readonly(e))
        set_(self, "extremity", _readonly(ext))
        set_(self, "metadata", dict(self.metadata))
        set_(self, "option_values", ov)
        set_(self, "status_quo", _readonly(sq))
        set_(self, "disagreement_from_status_quo", _readonly(dsq))
        set_(self, "forbidden", tuple(forbidden))

    # -- shape -------------------------------------------------------------------------------------------
    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    @cached_property
    def radices(self) -> IntArray:
        """Number of options per issue, shape (n_issues,)."""
        return _readonly(np.array([len(o) for o in self.options], dtype=np.int64))

    @cached_property
    def n_packages(self) -> int:
        """Number of packages (a Python int: it may exceed 2**63)."""
        n = 1
        for r in self.radices.tolist():
            n *= int(r)
        return n

    @cached_property
    def strides(self) -> IntArray:
        """Mixed-radix place values: ``index = sum_k digit_k * strides[k]``; needs n_packages < 2**63."""
        if self.n_packages >= 2**63:
            raise OverflowError(f"{self.n_packages} packages do not fit a 64-bit index")
        s = np.ones(self.n_issues, dtype=np.int64)
        for k in range(self.n_issues - 2, -1, -1):
            s[k] = s[k + 1] * self.radices[k + 1]
        return _readonly(s)

    @cached_property
    def signatory_rows(self) -> IntArray:
        """Row numbers of the signatories in actor order."""
        return _readonly(np.array([self.actors.index(s) for s in self.signatories], dtype=np.int64))

    @cached_property
    def contributions(self) -> tuple[FloatArray, ...]:
        """Weighted option values ``w_ik v_ik[o]`` per issue, each shape (n_options[k], n_actors)."""
        return tuple(
            _readonly(np.ascontiguousarray((self.weights[:, k, None] * v).T))
            for k, v in enumerate(self.values)
        )

    @cached_property
    def jointly_acceptable(self) -> tuple[BoolArray, ...]:
        """Per issue, the options every signatory accepts, each shape (n_options[k],)."""
        rows = self.signatory_rows
        return tuple(_readonly(np.asarray(a[rows].all(axis=0))) for a in self.acceptable)

    @cached_property
    def pair_tables(self) -> tuple[tuple[int, int, BoolArray], ...]:
        """The forbidden pairs as ``(k, l, table)`` with issue ``k`` before ``l``, one per linked pair.

        Tables naming the same two issues are merged (a pair is forbidden if any of them forbids it);
        tables that forbid nothing are left out.
        """
        merged: dict[tuple[int, int], BoolArray] = {}
        for fp in self.forbidden:
            key = (self.issues.index(fp.issues[0]), self.issues.index(fp.issues[1]))
            merged[key] = merged[key] | fp.pairs if key in merged else fp.pairs.copy()
        return tuple((k, l, _readonly(t)) for (k, l), t in sorted(merged.items()) if t.any())

    @cached_property
    def linked_issues(self) -> frozenset[int]:
        """Issue numbers that take part in some forbidden pair."""
        return frozenset(i for k, l, _ in self.pair_tables for i in (k, l))

    # -- index arithmetic -------------------------------------------------------------------------------
    @property
    def _big(self) -> bool:
        # Beyond 64-bit indices, package indices are Python ints and decoding runs per package (used
        # only for the handful of packages a search reports).
        return self.n_packages >= 2**63

    def _digits_of(self, index: int) -> list[int]:
        n = int(index)
        if not 0 <= n < self.n_packages:
            raise IndexError(f"package index out of range [0, {self.n_packages})")
        out = []
        for r in reversed(self.radices.tolist()):
            n, digit = divmod(n, int(r))
            out.append(digit)
        return out[::-1]

    def decode(self, index: ArrayLike) -> IntArray:
        """Option numbers of packages, shape (n, n_issues)."""
        if self._big:
            items = [index] if isinstance(index, int) else list(np.asarray(index, dtype=object).reshape(-1))
            return np.array([self._digits_of(i) for i in items], dtype=np.int64).reshape(-1, self.n_issues)
        idx = np.asarray(index, dtype=np.int64).reshape(-1)
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_packages):
            raise IndexError(f"package index out of range [0, {self.n_packages})")
        return (idx[:, None] // self.strides[None, :]) % self.radices[None, :]

    def encode(self, digits: ArrayLike) -> NDArray[Any]:
        """Package indices of option-number rows, shape (n,) (Python ints beyond 64-bit indices)."""
        d = np.asarray(digits, dtype=np.int64).reshape(-1, self.n_issues)
        if d.size and (np.any(d < 0) or np.any(d >= self.radices[None, :])):
            raise IndexError("option number out of range")
        if self._big:
            out = []
            for row in d.tolist():
                n = 0
                for digit, r in zip(row, self.radices.tolist(), strict=True):
                    n = n * int(r) + digit
                out.append(n)
            return np.array(out, dtype=object)
        return d @ self.strides

    def package(self, index: int) -> dict[str, str]:
        """A package as ``{issue: option label}``."""
        digits = self._digits_of(index)
        return {issue: self.options[k][digits[k]] for k, issue in enumerate(self.issues)}

    def index_of(self, package: Mapping[str, str]) -> int:
        """The index of a package given as ``{issue: option label}`` (every issue required)."""
        digits = []
        for k, issue in enumerate(self.issues):
            if issue not in package:
                raise KeyError(f"package lacks issue {issue!r}")
            digits.append(self.options[k].index(str(package[issue])))
        return int(self.encode([digits])[0])

    def _digit_columns(self, index: ArrayLike) -> Iterator[tuple[int, IntArray]]:
        if self._big:
            digits = self.decode(index)
            for k in range(self.n_issues):
                yield k, digits[:, k]
            return
        idx = np.asarray(index, dtype=np.int64).reshape(-1)
        for k in range(self.n_issues):
            yield k, (idx // self.strides[k]) % self.radices[k]

    # -- evaluation -------------------------------------------------------------------------------------
    def utilities(self, index: ArrayLike) -> FloatArray:
        """Utilities of packages, shape (n, n_actors), summed in issue order."""
        out = np.zeros((np.size(index), self.n_actors))
        for k, digit in self._digit_columns(index):
            out += self.contributions[k][digit]
        return out

    def red_line_mask(self, index: ArrayLike, actors: Sequence[str] | None = None) -> BoolArray:
        """Whether each package crosses no red line of ``actors`` (the signatories by default)."""
        if actors is None:
            tables = self.jointly_acceptable
        else:
            rows = [self.actors.index(a) for a in actors]
            tables = tuple(np.asarray(a[rows].all(axis=0)) for a in self.acceptable)
        ok = np.ones(np.size(index), dtype=bool)
        for k, digit in self._digit_columns(index):
            ok &= tables[k][digit]
        return ok

    def allowed_mask(self, index: ArrayLike) -> BoolArray:
        """Whether each package chooses no forbidden pair of options (linked issues)."""
        ok = np.ones(np.size(index), dtype=bool)
        if not self.pair_tables:
            return ok
        digits = dict(self._digit_columns(index))
        for k, l, table in self.pair_tables:
            ok &= ~table[digits[k], digits[l]]
        return ok

    def broken_pairs(self, index: int) -> list[ForbiddenPairs]:
        """The forbidden-pair tables that package ``index`` breaks, in their order."""
        digits = self._digits_of(index)
        out = []
        for fp in self.forbidden:
            ka, kb = (self.issues.index(i) for i in fp.issues)
            if fp.pairs[digits[ka], digits[kb]]:
                out.append(fp)
        return out

    def feasible_mask(self, index: ArrayLike, utilities: FloatArray | None = None) -> BoolArray:
        """Whether each package is feasible.

        Feasible: no forbidden pair of options, no signatory's red line crossed, and every signatory's
        utility at least its disagreement value (up to :data:`FEASIBILITY_TOL`).
        """
        u = self.utilities(index) if utilities is None else utilities
        rows = self.signatory_rows
        ok = self.red_line_mask(index) & self.allowed_mask(index)
        ok &= np.all(u[:, rows] >= self.disagreement[rows] - FEASIBILITY_TOL, axis=1)
        return ok

    def iter_chunks(self, chunk_size: int = 1 << 18) -> Iterator[tuple[IntArray, FloatArray]]:
        """Stream all packages in index order as ``(indices, utilities)`` chunks of bounded size.

        Memory per chunk is about ``chunk_size * (n_actors + 2) * 8`` bytes whatever the space size.
        """
        n = self.n_packages
        _ = self.strides  # fail early (OverflowError) for spaces beyond 64-bit indices
        for start in range(0, n, chunk_size):
            idx = np.arange(start, min(n, start + chunk_size), dtype=np.int64)
            yield idx, self.utilities(idx)

    # -- variants ---------------------------------------------------------------------------------------
    def with_signatories(self, signatories: Sequence[str] | None) -> DealSpace:
        """The same space with another set of required signatories (None: all actors)."""
        # None restores the default (all actors); __post_init__ normalises it.
        return replace(self, signatories=None if signatories is None else tuple(signatories))  # type: ignore[arg-type]

    def with_red_line(self, actor: str, issue: str, acceptable_options: Sequence[str]) -> DealSpace:
        """The same space where ``actor`` additionally refuses every option of ``issue`` not listed."""
        i, k = self.actors.index(actor), self.issues.index(issue)
        keep = np.isin(
            np.array(self.options[k], dtype=object), np.array(list(acceptable_options), dtype=object)
        )
        tables = [a.copy() for a in self.acceptable]
        tables[k][i] &= keep
        return replace(self, acceptable=tuple(tables))

    def with_forbidden(
        self, issue_a: str, issue_b: str, pairs: Sequence[tuple[str, str]], note: str = ""
    ) -> DealSpace:
        """The same space where the listed (``issue_a`` option, ``issue_b`` option) pairs are ruled out."""
        ka, kb = self.issues.index(issue_a), self.issues.index(issue_b)
        fp = ForbiddenPairs.from_labels(issue_a, self.options[ka], issue_b, self.options[kb], pairs, note)
        return replace(self, forbidden=(*self.forbidden, fp))

    def with_disagreement(self, disagreement: ArrayLike) -> DealSpace:
        """The same space with other disagreement values."""
        return replace(self, disagreement=np.asarray(disagreement, dtype=np.float64))
