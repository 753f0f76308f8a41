"""One call that answers the deal-space questions: feasible, efficient, fair, and what it would take.

:func:`analyze` combines

1. the exact Pareto frontier of the feasible packages, built issue by issue without enumeration
   (:func:`accord.deals.pareto.pareto_frontier`);
2. the named solutions picked from it (:mod:`accord.deals.solutions`);
3. a streamed pass over every package (chunks of bounded size, so memory does not grow with the space)
   that counts feasible packages and the packages each actor accepts, and, when nothing is feasible,
   finds the cheapest opening; the MILP search (:mod:`accord.deals.search`) then lists the next
   cheapest distinct openings (:mod:`accord.deals.openings`). Spaces above ``enumeration_limit`` skip
   the counts (the feasible count is then 0 when no zone of agreement exists, and otherwise bounded by
   the packages within the red lines) and take the cheapest opening from the MILP search too;
4. the cheap-to-cede and logroll views.

Linked issues (forbidden pairs of options, :mod:`accord.deals.linked`) are honoured throughout: counts,
frontier, solutions, searches and openings never include a package holding a forbidden pair.

When the frontier is too large to build, the Nash (symmetric and weighted), egalitarian and
utilitarian points come from the exact MILP search (:mod:`accord.deals.search`) and the
Kalai-Smorodinsky point, which needs the frontier, is reported as unavailable with the reason, rather
than guessed or crashing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .concessions import (
    CheapToCede,
    Logroll,
    Opening,
    cheap_to_cede,
    crossing_costs,
    logrolls,
)
from .errors import SpaceTooLargeError
from .linked import count_packages
from .openings import DEFAULT_COUNT_LIMIT, DEFAULT_N_OPENINGS, describe_openings
from .pareto import DEFAULT_MAX_CANDIDATES, pareto_frontier
from .solutions import SOLUTION_NAMES, Solution, egalitarian, kalai_smorodinsky, nash, utilitarian
from .space import FEASIBILITY_TOL, DealSpace

__all__ = ["DealAnalysis", "ScanResult", "analyze", "scan", "DEFAULT_ENUMERATION_LIMIT"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Spaces up to this many packages are enumerated (streamed) for exact counts.
DEFAULT_ENUMERATION_LIMIT = 10**8


@dataclass(frozen=True)
class ScanResult:
    """Counts from a full streamed pass over the packages.

    ``n_feasible``: packages every signatory accepts. ``n_acceptable``: per actor, packages it accepts
    (its own red lines and BATNA). Neither counts a package holding a forbidden pair. ``opening_index``:
    the package with the least opening cost, the lowest index among equals (only when requested; None
    when every package holds a forbidden pair).
    """

    n_feasible: int
    n_acceptable: dict[str, int]
    opening_index: int | None = None


def _actor_bits(space: DealSpace) -> tuple[list[NDArray[np.uint64]], NDArray[np.uint64]]:
    # Pack "actor i accepts option o" into bits, so one gather per issue updates every actor at once.
    n_words = (space.n_actors + 63) // 64
    tables = []
    for acc in space.acceptable:
        t = np.zeros((n_words, acc.shape[1]), dtype=np.uint64)
        for i in range(space.n_actors):
            t[i // 64] |= acc[i].astype(np.uint64) << np.uint64(i % 64)
        tables.append(t)
    sig = np.zeros(n_words, dtype=np.uint64)
    for i in space.signatory_rows.tolist():
        sig[i // 64] |= np.uint64(1) << np.uint64(i % 64)
    return tables, sig


def _split(space: DealSpace, chunk_size: int) -> int:
    """First "low" issue: the trailing issues whose combinations fit in one chunk."""
    split, size = space.n_issues, 1
    while split > 0 and size * int(space.radices[split - 1]) <= chunk_size:
        split -= 1
        size *= int(space.radices[split])
    return split


def scan(space: DealSpace, *, chunk_size: int = 1 << 18, opening: bool = False) -> ScanResult:
    """Stream every package once: feasible count, per-actor acceptance counts, optional cheapest opening.

    Packages are visited in index order in chunks of whole blocks of the trailing ("low") issues: the
    low issues' terms are looked up once and broadcast against each chunk's leading ("high") prefixes,
    still summed in issue order (so utilities are bit-identical to :meth:`DealSpace.utilities`). Memory
    is O(chunk_size * n_actors) whatever the size of the space.
    """
    if space.n_packages >= 2**63:
        raise SpaceTooLargeError(f"{space.n_packages:,} packages cannot be enumerated")
    bits_tables, sig_bits = _actor_bits(space)
    n_words = len(sig_bits)
    rows = space.signatory_rows
    d = space.disagreement
    red = [t[rows].sum(axis=0) for t in crossing_costs(space)] if opening else []
    n_feasible = 0
    counts = np.zeros(space.n_actors, dtype=np.int64)
    best_cost, best_index = np.inf, -1
    radices = space.radices
    split = _split(space, chunk_size)
    # Low block: every combination of the trailing issues, in index order.
    n_low = int(np.prod(radices[split:])) if split < space.n_issues else 1
    low = np.arange(n_low, dtype=np.int64)
    low_digits = []
    for k in range(space.n_issues - 1, split - 1, -1):
        low_digits.append((k, low % radices[k]))
        low //= radices[k]
    low_digits.reverse()
    low_bits = np.full((n_words, n_low), np.iinfo(np.uint64).max, dtype=np.uint64)
    low_cost = np.zeros(n_low)
    for k, digit in low_digits:
        low_bits &= bits_tables[k][:, digit]
        if opening:
            low_cost += red[k][digit]
    # Forbidden pairs: those within the low issues are judged once; the others per chunk.
    low_of = dict(low_digits)
    low_ok = np.ones(n_low, dtype=bool)
    for k, l, table in space.pair_tables:
        if k >= split:
            low_ok &= ~table[low_of[k], low_of[l]]
    n_high = space.n_packages // n_low
    per_chunk = max(1, chunk_size // n_low)
    for h0 in range(0, n_high, per_chunk):
        high = np.arange(h0, min(n_high, h0 + per_chunk), dtype=np.int64)
        n = high.size * n_low
        # High prefix terms, in issue order.
        u_high = np.zeros((high.size, space.n_actors))
        bits_high = np.full((n_words, high.size), np.iinfo(np.uint64).max, dtype=np.uint64)
        cost_high = np.zeros(high.size)
        rest = high.copy()
        digits_high = []
        for k in range(split - 1, -1, -1):
            digits_high.append((k, rest % radices[k]))
            rest //= radices[k]
        for k, digit in reversed(digits_high):
            u_high += space.contributions[k][digit]
            bits_high &= bits_tables[k][:, digit]
            if opening:
                cost_high += red[k][digit]
        allowed = np.broadcast_to(low_ok[None, :], (high.size, n_low)).copy()
        high_of = dict(digits_high)
        for k, l, table in space.pair_tables:
            if k < split:
                dl = high_of[l][:, None] if l < split else low_of[l][None, :]
                allowed &= ~table[high_of[k][:, None], dl]
        allowed = allowed.reshape(n)
        u3 = np.broadcast_to(u_high[:, None, :], (high.size, n_low, space.n_actors)).copy()
        for k, digit in low_digits:
            u3 += space.contributions[k][digit][None, :, :]
        u = u3.reshape(n, space.n_actors)
        bits = (bits_high[:, :, None] & low_bits[:, None, :]).reshape(n_words, n)
        meets = (u >= d - FEASIBILITY_TOL) & allowed[:, None]
        for i in range(space.n_actors):
            mine = ((bits[i // 64] >> np.uint64(i % 64)) & np.uint64(1)).astype(bool)
            counts[i] += np.count_nonzero(mine & meets[:, i])
        ok = np.all((bits & sig_bits[:, None]) == sig_bits[:, None], axis=0) & meets[:, rows].all(axis=1)
        n_feasible += int(np.count_nonzero(ok))
        if opening:
            cost = (cost_high[:, None] + low_cost[None, :]).reshape(n)
            cost += np.maximum(0.0, d[rows] - u[:, rows]).sum(axis=1)
            cost[~allowed] = np.inf  # a forbidden pair is not a concession anyone can make
            j = int(np.argmin(cost))
            if cost[j] < best_cost:
                best_cost, best_index = float(cost[j]), int(h0 * n_low + j)
    return ScanResult(
        n_feasible=n_feasible,
        n_acceptable={a: int(c) for a, c in zip(space.actors, counts, strict=True)},
        opening_index=(best_index if best_index >= 0 else None) if opening else None,
    )


@dataclass(frozen=True)
class DealAnalysis:
    """Result of :func:`analyze`.

    Attributes
    ----------
    space : DealSpace
    n_packages : int
    n_feasible : int or None
        Packages every signatory accepts; beyond the enumeration limit, 0 when no zone of agreement
        exists and None otherwise.
    n_acceptable : dict or None
        Per actor, the packages it would accept on its own (None beyond the enumeration limit).
    zopa : bool
        Whether any package is feasible (a zone of possible agreement exists).
    pareto_indices, pareto_utilities : ndarray or None
        The frontier (package indices ascending, every actor's utility); None if too large to build.
    solutions : dict
        ``nash``, ``kalai_smorodinsky``, ``egalitarian``, ``utilitarian`` -> :class:`Solution` or None.
    nash_weighted : Solution or None
        Asymmetric Nash solution with the space's exponents (e.g. capabilities).
    opening : Opening or None
        When no package is feasible, the cheapest concessions that open one (``openings[0]``).
    openings : list of Opening
        When no package is feasible, the cheapest distinct openings, cheapest first, each with the margin
        to the next and the packages it opens (:mod:`accord.deals.openings`).
    n_feasible_at_most : int or None
        Packages within every signatory's red lines that hold no forbidden pair (BATNAs aside): an upper
        bound on ``n_feasible`` (None where the linked issues are too entangled to count them).
    cheap_to_cede, logrolls : list
    notes : list of str
        What could not be computed exactly, and why.
    """

    space: DealSpace
    n_packages: int
    n_feasible: int | None
    n_acceptable: dict[str, int] | None
    zopa: bool
    pareto_indices: IntArray | None
    pareto_utilities: FloatArray | None
    solutions: dict[str, Solution | None]
    nash_weighted: Solution | None
    opening: Opening | None
    cheap_to_cede: list[CheapToCede]
    logrolls: list[Logroll]
    notes: list[str] = field(default_factory=list)
    openings: list[Opening] = field(default_factory=list)
    n_feasible_at_most: int | None = None

    @property
    def pareto_size(self) -> int | None:
        """Number of Pareto-optimal feasible packages (None if the frontier was not built)."""
        return None if self.pareto_indices is None else len(self.pareto_indices)

    def concessions(self) -> list[dict[str, object]]:
        """The concessions view as JSON-ready items, each with a ``kind``.

        ``open_deal`` (the cheapest package to open, its total cost and movers) followed by its
        ``red_line`` and ``batna`` moves, when no package is feasible; then ``cheap_to_cede`` and
        ``logroll`` items.
        """
        out: list[dict[str, object]] = []
        if self.opening is not None:
            o = self.opening
            out.append(
                {
                    "kind": "open_deal",
                    "package": o.package,
                    "utilities": o.utilities,
                    "cost": o.cost,
                    "movers": list(o.movers),
                }
            )
            out.extend(m.to_dict() for m in o.moves)
        out.extend(c.to_dict() for c in self.cheap_to_cede)
        out.extend(g.to_dict() for g in self.logrolls)
        return out

    def to_dict(self, *, pareto: bool = False) -> dict[str, object]:
        """The JSON form used by ``accord deals --json``."""

        def sol(s: Solution | None) -> dict[str, object] | None:
            return None if s is None else {"package": s.package, "utilities": s.utilities}

        out: dict[str, object] = {
            "n_packages": self.n_packages,
            "n_feasible": self.n_feasible,
            "pareto_size": self.pareto_size,
            "solutions": {name: sol(self.solutions.get(name)) for name in SOLUTION_NAMES}
            | {"nash_weighted": sol(self.nash_weighted)},
            "concessions": self.concessions(),
        }
        if pareto:
            if self.pareto_indices is None or self.pareto_utilities is None:
                out["pareto"] = None
            else:
                out["pareto"] = [
                    {
                        "package": self.space.package(int(i)),
                        "utilities": {a: float(x) for a, x in zip(self.space.actors, u, strict=True)},
                    }
                    for i, u in zip(self.pareto_indices, self.pareto_utilities, strict=True)
                ]
        return out


def _solution(space: DealSpace, name: str, index: int | None) -> Solution | None:
    if index is None:
        return None
    u = space.utilities([index])[0]
    return Solution(
        name, int(index), space.package(index), {a: float(x) for a, x in zip(space.actors, u, strict=True)}
    )


def analyze(
    space: DealSpace,
    *,
    enumeration_limit: int = DEFAULT_ENUMERATION_LIMIT,
    chunk_size: int = 1 << 18,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    top: int | None = 10,
    n_openings: int = DEFAULT_N_OPENINGS,
    count_limit: int = DEFAULT_COUNT_LIMIT,
) -> DealAnalysis:
    """Analyse a deal space: feasibility, Pareto frontier, named solutions, concessions.

    Parameters
    ----------
    space : DealSpace
    enumeration_limit : int
        Largest space streamed in full for exact counts (default 10**8).
    chunk_size : int
        Packages per streamed chunk (bounds memory).
    max_candidates : int
        Limit on the frontier builder's intermediate candidate sets.
    top : int or None
        How many cheap-to-cede and logroll items to keep (all if None).
    n_openings : int
        How many distinct openings to list when no package is feasible (default 5).
    count_limit : int
        Largest space in which the packages each opening opens are counted exactly.

    Returns
    -------
    DealAnalysis
    """
    notes: list[str] = []
    rows = space.signatory_rows
    front_i: IntArray | None
    front_u: FloatArray | None
    try:
        front_i, front_u = pareto_frontier(space, max_candidates=max_candidates)
    except SpaceTooLargeError as exc:
        front_i = front_u = None
        notes.append(str(exc))
    enumerable = space.n_packages <= enumeration_limit
    solutions: dict[str, Solution | None] = dict.fromkeys(SOLUTION_NAMES)
    nash_w = None
    if front_i is not None and front_u is not None:
        pts, d = front_u[:, rows], space.disagreement[rows]
        picks = {
            "nash": nash(pts, d),
            "kalai_smorodinsky": kalai_smorodinsky(pts, d),
            "egalitarian": egalitarian(pts, d),
            "utilitarian": utilitarian(pts, d),
        }
        for name, r in picks.items():
            solutions[name] = _solution(space, name, None if r is None else int(front_i[r]))
        rw = nash(pts, d, space.exponents[rows])
        nash_w = _solution(space, "nash_weighted", None if rw is None else int(front_i[rw]))
        zopa = len(front_i) > 0
    else:
        # The MILP search needs scipy.optimize (0.3 s to import): only loaded for spaces that need it.
        from .search import milp_egalitarian, milp_nash, milp_utilitarian

        solutions["egalitarian"] = _solution(space, "egalitarian", milp_egalitarian(space))
        solutions["utilitarian"] = _solution(space, "utilitarian", milp_utilitarian(space))
        zopa = solutions["utilitarian"] is not None
        if zopa:
            try:
                solutions["nash"] = _solution(space, "nash", milp_nash(space))
                nash_w = _solution(space, "nash_weighted", milp_nash(space, space.exponents[rows]))
            except SpaceTooLargeError as exc:
                notes.append(str(exc))
        notes.append(
            "the Pareto frontier is too large to build here: the Nash, egalitarian and utilitarian points "
            "come from an exact MILP search; the Kalai-Smorodinsky point needs the frontier and is not given"
        )
    result = scan(space, chunk_size=chunk_size, opening=not zopa) if enumerable else None
    at_most, _ = count_packages(space, space.jointly_acceptable)
    if not enumerable:
        notes.append(
            f"{space.n_packages:,} packages exceed the enumeration limit ({enumeration_limit:,}): "
            + (
                "per-actor counts are not computed; no package is feasible"
                if not zopa
                else f"feasible packages are not counted (at most {at_most:,} lie within the red lines)"
            )
        )
    openings: list[Opening] = []
    if not zopa:
        # The MILP search needs scipy.optimize: loaded only when no package is feasible.
        from .search import milp_opening, milp_openings

        first = result.opening_index if result is not None else milp_opening(space)
        if first is not None:
            # One more opening than reported gives the last one's margin to the next.
            try:
                found = milp_openings(space, max(1, n_openings) + 1, first)
            except SpaceTooLargeError as exc:
                found = [first]
                notes.append(f"only the cheapest opening is given: {exc}")
            openings = describe_openings(space, found, max(1, n_openings), count_limit=count_limit)
        else:
            notes.append("every package holds a forbidden pair of options: no deal can be opened")
    opening = openings[0] if openings else None
    openings = openings[: max(0, n_openings)]
    return DealAnalysis(
        space=space,
        n_packages=space.n_packages,
        # Without a zone of agreement the feasible count is known even where it cannot be enumerated.
        n_feasible=result.n_feasible if result is not None else (None if zopa else 0),
        n_acceptable=None if result is None else result.n_acceptable,
        zopa=zopa,
        pareto_indices=front_i,
        pareto_utilities=front_u,
        solutions=solutions,
        nash_weighted=nash_w,
        opening=opening,
        cheap_to_cede=cheap_to_cede(space, top),
        logrolls=logrolls(space, top),
        notes=notes,
        openings=openings,
        n_feasible_at_most=at_most,
    )
