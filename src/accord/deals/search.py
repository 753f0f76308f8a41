"""Exact search without enumeration: mixed-integer programmes over the issues' options.

For spaces beyond the enumeration limit whose Pareto frontier is also too large to build
(:func:`accord.deals.pareto.pareto_frontier` raises), the egalitarian and utilitarian points and the
cheapest opening concessions are linear objectives over a one-hot choice of options, so a MILP finds
them exactly (HiGHS branch and bound, via :func:`scipy.optimize.milp`, with a zero optimality gap;
utilities are exact up to HiGHS's feasibility tolerance, about 1e-7).

Formulation: a binary ``y[k, o]`` per issue ``k`` and option ``o``, ``sum_o y[k, o] = 1``; actor
utility ``u_i = sum_{k,o} w_ik v_ik[o] y[k, o]``; red lines fix ``y[k, o] = 0`` for options a signatory
refuses; BATNAs add ``u_i >= d_i``; a forbidden pair table between issues ``k`` and ``l`` (linked issues)
adds, for each option ``o`` of ``k`` that it ties to options ``F(o)`` of ``l``,
``y[k, o] + sum_{p in F(o)} y[l, p] <= 1`` (one row per option rather than one per pair: the same
integer points, and a tighter relaxation). The egalitarian point maximises ``t`` with
``t <= u_i - d_i``, then, to be Pareto-optimal, maximises ``sum_i u_i`` with ``u_i - d_i >= t*``.

The Nash product is not linear, but its logarithm ``sum_i e_i log(u_i - d_i)`` is concave, so
:func:`milp_nash` maximises ``sum_i e_i z_i`` under tangent cuts ``z_i <= log a + (g_i - a) / a`` of the
logarithm (an outer approximation: the MILP optimum is an upper bound), adds the tangents at each new
solution's gains, and stops when the bound meets the best true value found (Kelley's cutting-plane
method, Kelley 1960, "The cutting-plane method for solving convex programs", J. SIAM 8(4); as outer
approximation for mixed-integer convex programs, Duran & Grossmann 1986, Math. Programming 36).
Termination is finite (a repeated solution closes the gap) and the result is the exact Nash point up
to the tolerances. Kalai-Smorodinsky needs the frontier itself; :func:`accord.deals.analyze` says so
when the frontier is too large.

:func:`milp_openings` lists the cheapest distinct openings (:mod:`accord.deals.openings`): a binary
``b_i`` per signatory may be 1 only if it drops its BATNA (``s_i <= M_i b_i``), and after each opening
found, with crossing options ``C`` and BATNA droppers ``B``, the cut
``sum_{(k,o) in C} (1 - y[k,o]) + sum_{i in B} (1 - b_i) >= 1`` excludes every package that asks at
least those moves. A ``b_i`` can be 0 only where ``i`` truly keeps its BATNA, so the cuts exclude exactly
the packages containing a listed move set, and each solve is the cheapest package left.

References
----------
Q. Huangfu, J.A.J. Hall (2018), "Parallelizing the dual revised simplex method", Mathematical
Programming Computation 10(1) (HiGHS); Kalai (1977) for the egalitarian solution.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix, hstack

from .concessions import crossing_costs
from .errors import SpaceTooLargeError
from .space import DealSpace

__all__ = ["milp_egalitarian", "milp_utilitarian", "milp_opening", "milp_openings", "milp_nash"]

FloatArray = NDArray[np.float64]

_OPTIONS = {"mip_rel_gap": 0.0, "time_limit": 120.0}


def _layout(space: DealSpace) -> tuple[NDArray[np.int64], int, csr_matrix, FloatArray]:
    sizes = space.radices
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    n_var = int(sizes.sum())
    rows = np.repeat(np.arange(space.n_issues), sizes)
    one_hot = csr_matrix((np.ones(n_var), (rows, np.arange(n_var))), shape=(space.n_issues, n_var))
    util = np.concatenate(
        [space.contributions[k].T for k in range(space.n_issues)], axis=1
    )  # (n_actors, n_var)
    return offsets, n_var, one_hot, util


def _decode(space: DealSpace, x: FloatArray, offsets: NDArray[np.int64]) -> int:
    # HiGHS returns near-integral values; the largest of each one-hot block is the chosen option.
    digits = [
        int(np.argmax(x[o : o + r])) for o, r in zip(offsets.tolist(), space.radices.tolist(), strict=True)
    ]
    return int(space.encode([digits])[0])


def _solve(
    c: FloatArray, constraints: list[LinearConstraint], integrality: FloatArray, bounds: Bounds, what: str
) -> FloatArray | None:
    res = milp(c, constraints=constraints, integrality=integrality, bounds=bounds, options=_OPTIONS)
    if res.status == 2:  # infeasible
        return None
    if res.x is None or res.status != 0:
        raise SpaceTooLargeError(f"MILP search for the {what} did not finish: {res.message}")
    return np.asarray(res.x)


def _pair_rows(space: DealSpace, extra: int) -> list[LinearConstraint]:
    """The forbidden-pair rows (see the module docstring), padded with ``extra`` zero columns."""
    if not space.pair_tables:
        return []
    sizes = space.radices
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    n_var = int(sizes.sum())
    r_idx: list[int] = []
    c_idx: list[int] = []
    n_rows = 0
    for k, l, table in space.pair_tables:
        for o in np.flatnonzero(table.any(axis=1)).tolist():
            cols = [int(offsets[k]) + o, *(int(offsets[l]) + np.flatnonzero(table[o])).tolist()]
            r_idx += [n_rows] * len(cols)
            c_idx += cols
            n_rows += 1
    a = csr_matrix((np.ones(len(c_idx)), (r_idx, c_idx)), shape=(n_rows, n_var + extra))
    return [LinearConstraint(a, -np.inf, 1.0)]


def _feasibility(
    space: DealSpace, one_hot: csr_matrix, util: FloatArray, extra: int
) -> tuple[list[LinearConstraint], Bounds]:
    n_var = one_hot.shape[1]
    pad = csr_matrix((space.n_issues, extra))
    cons = [LinearConstraint(hstack([one_hot, pad]).tocsr(), 1.0, 1.0), *_pair_rows(space, extra)]
    rows = space.signatory_rows
    sig_u = np.hstack([util[rows], np.zeros((len(rows), extra))])
    cons.append(LinearConstraint(sig_u, space.disagreement[rows], np.inf))
    ub = np.concatenate(
        [
            np.concatenate([space.jointly_acceptable[k].astype(float) for k in range(space.n_issues)]),
            np.full(extra, np.inf),
        ]
    )
    lb = np.concatenate([np.zeros(n_var), np.full(extra, -np.inf)])
    return cons, Bounds(lb, ub)


def milp_utilitarian(space: DealSpace) -> int | None:
    """Package maximising the signatories' summed utility among feasible ones (None if none is feasible)."""
    offsets, n_var, one_hot, util = _layout(space)
    cons, bounds = _feasibility(space, one_hot, util, 0)
    c = -util[space.signatory_rows].sum(axis=0)
    x = _solve(c, cons, np.ones(n_var), bounds, "utilitarian point")
    return None if x is None else _decode(space, x, offsets)


def milp_egalitarian(space: DealSpace) -> int | None:
    """Pareto-optimal package maximising ``min_i (u_i - d_i)`` over feasible ones (None if none)."""
    offsets, n_var, one_hot, util = _layout(space)
    rows = space.signatory_rows
    cons, bounds = _feasibility(space, one_hot, util, 1)
    # t - u_i <= -d_i for every signatory.
    a = np.hstack([-util[rows], np.ones((len(rows), 1))])
    cons1 = cons + [LinearConstraint(a, -np.inf, -space.disagreement[rows])]
    c = np.zeros(n_var + 1)
    c[-1] = -1.0
    integrality = np.concatenate([np.ones(n_var), [0]])
    x = _solve(c, cons1, integrality, bounds, "egalitarian point")
    if x is None:
        return None
    t_star = float(x[-1])
    cons2, bounds2 = _feasibility(space, one_hot, util, 0)
    cons2.append(LinearConstraint(util[rows], space.disagreement[rows] + t_star - 1e-9, np.inf))
    x2 = _solve(-util[rows].sum(axis=0), cons2, np.ones(n_var), bounds2, "egalitarian point")
    return _decode(space, x if x2 is None else x2, offsets)


def milp_opening(space: DealSpace) -> int | None:
    """Package with the least opening cost (see :mod:`accord.deals.concessions`), red lines relaxable.

    Forbidden pairs are not relaxable: None when every package holds one.
    """
    offsets, n_var, one_hot, util = _layout(space)
    rows = space.signatory_rows
    n_s = len(rows)
    tables = crossing_costs(space)
    red = np.concatenate([tables[k][rows].sum(axis=0) for k in range(space.n_issues)])
    cons = [
        LinearConstraint(hstack([one_hot, csr_matrix((space.n_issues, n_s))]).tocsr(), 1.0, 1.0),
        *_pair_rows(space, n_s),
    ]
    # s_i >= d_i - u_i  <=>  u_i + s_i >= d_i
    cons.append(LinearConstraint(np.hstack([util[rows], np.eye(n_s)]), space.disagreement[rows], np.inf))
    c = np.concatenate([red, np.ones(n_s)])
    bounds = Bounds(np.zeros(n_var + n_s), np.concatenate([np.ones(n_var), np.full(n_s, np.inf)]))
    x = _solve(c, cons, np.concatenate([np.ones(n_var), np.zeros(n_s)]), bounds, "cheapest opening")
    return None if x is None else _decode(space, x, offsets)


def milp_openings(space: DealSpace, n: int, first: int | None = None) -> list[int]:
    """Packages standing for the ``n`` cheapest distinct openings, cheapest first (see the module docstring).

    Parameters
    ----------
    space : DealSpace
    n : int
        How many openings to find (fewer when fewer exist).
    first : int, optional
        The cheapest opening when already known (:func:`accord.deals.scan`); found here otherwise.

    Returns
    -------
    list of int
        Package indices; empty when every package holds a forbidden pair.
    """
    from .openings import move_set

    idx = milp_opening(space) if first is None else int(first)
    if idx is None or n < 1:
        return []
    offsets, n_var, one_hot, util = _layout(space)
    rows = space.signatory_rows
    n_s = len(rows)
    d = space.disagreement[rows]
    n_tot = n_var + 2 * n_s  # y, then s (BATNA shortfall), then b (may drop its BATNA)
    tables = crossing_costs(space)
    red = np.concatenate([tables[k][rows].sum(axis=0) for k in range(space.n_issues)])
    lo = np.array([sum(space.contributions[k][:, r].min() for k in range(space.n_issues)) for r in rows])
    eye = np.eye(n_s)
    cons = [
        LinearConstraint(hstack([one_hot, csr_matrix((space.n_issues, 2 * n_s))]).tocsr(), 1.0, 1.0),
        *_pair_rows(space, 2 * n_s),
        # u_i + s_i >= d_i
        LinearConstraint(np.hstack([util[rows], eye, np.zeros((n_s, n_s))]), d, np.inf),
        # s_i <= M_i b_i, with M_i the largest possible shortfall
        LinearConstraint(
            np.hstack([np.zeros((n_s, n_var)), eye, -np.diag(np.maximum(d - lo, 0.0) + 1e-9)]), -np.inf, 0.0
        ),
    ]
    c = np.concatenate([red, np.ones(n_s), np.zeros(n_s)])
    bounds = Bounds(np.zeros(n_tot), np.concatenate([np.ones(n_var), np.full(n_s, np.inf), np.ones(n_s)]))
    integrality = np.concatenate([np.ones(n_var), np.zeros(n_s), np.ones(n_s)])
    col: dict[tuple[str, ...], int] = {}
    for k, issue in enumerate(space.issues):
        for o, option in enumerate(space.options[k]):
            col[("red_line", issue, option)] = int(offsets[k]) + o
    for j, r in enumerate(rows.tolist()):
        col[("batna", space.actors[r])] = n_var + n_s + j
    movable = [col[("red_line", space.issues[k], space.options[k][o])] for k, o in _crossing(space)]
    movable += [n_var + n_s + j for j in range(n_s)]

    def cost_of(j: int) -> float:
        u = space.utilities([j])[0, rows]
        return float(
            red[[int(offsets[k]) + int(o) for k, o in enumerate(space.decode([j])[0])]].sum()
        ) + float(np.maximum(0.0, d - u).sum())

    def drop_one(moves: frozenset[tuple[str, ...]]) -> tuple[FloatArray, float]:
        # sum over the moves of (1 - z) >= 1  <=>  -sum z >= 1 - |moves|
        row = np.zeros(n_tot)
        row[[col[m] for m in moves]] = -1.0
        return row, 1.0 - len(moves)

    def minimal(j: int) -> int:
        # Among openings no dearer than j, one asking a proper subset of j's moves replaces it, until none
        # does: so no later opening of equal cost asks fewer moves than one listed before it.
        while True:
            moves = move_set(space, j)
            ub = bounds.ub.copy()
            ub[[m for m in movable if m not in {col[x] for x in moves}]] = 0.0
            row, lb = drop_one(moves)
            budget = cost_of(j) + 1e-9
            sub = [
                *cons,
                LinearConstraint(row[None, :], lb, np.inf),
                LinearConstraint(c[None, :], -np.inf, budget),
            ]
            x = _solve(c, sub, integrality, Bounds(bounds.lb, ub), "smallest opening")
            if x is None:
                return j
            k = _decode(space, x, offsets)
            if not (move_set(space, k) < moves and cost_of(k) <= budget):
                return j  # within the solver's tolerance only: keep j
            j = k

    found = [minimal(idx)]
    cut_rows: list[FloatArray] = []
    cut_lb: list[float] = []
    while len(found) < n:
        row, lb = drop_one(move_set(space, found[-1]))
        cut_rows.append(row)
        cut_lb.append(lb)
        cut = LinearConstraint(np.array(cut_rows), np.array(cut_lb), np.inf)
        x = _solve(c, [*cons, cut], integrality, bounds, "next opening")
        if x is None:
            break
        j = minimal(_decode(space, x, offsets))
        if any(move_set(space, j) >= move_set(space, i) for i in found):
            break  # the cut held only within the solver's tolerance: stop rather than repeat an opening
        found.append(j)
    return found


def _crossing(space: DealSpace) -> list[tuple[int, int]]:
    """The (issue, option) pairs some signatory refuses."""
    return [(k, int(o)) for k in range(space.n_issues) for o in np.flatnonzero(~space.jointly_acceptable[k])]


def milp_nash(
    space: DealSpace, exponents: FloatArray | None = None, *, tol: float = 1e-10, max_iter: int = 200
) -> int | None:
    """Nash bargaining point by cutting planes on the log Nash product (see the module docstring).

    Parameters
    ----------
    space : DealSpace
    exponents : ndarray, optional
        Bargaining powers of the signatories (in signatory order); symmetric by default.
    tol : float
        Stop when the MILP bound exceeds the best log Nash product found by at most ``tol``.
    max_iter : int
        Cutting-plane rounds before giving up with :class:`SpaceTooLargeError`.

    Returns
    -------
    int or None
        Package index; None when no feasible package gives every signatory a positive gain.

    References
    ----------
    J. Nash (1950), "The bargaining problem", Econometrica 18(2); J.E. Kelley (1960), J. SIAM 8(4).
    """
    offsets, n_var, one_hot, util = _layout(space)
    rows = space.signatory_rows
    n_s = len(rows)
    d = space.disagreement[rows]
    e = np.ones(n_s) if exponents is None else np.asarray(exponents, dtype=np.float64)
    e = e / e.sum() if e.sum() > 0 else np.ones(n_s)
    cons, bounds = _feasibility(space, one_hot, util, n_s)
    sig_u = np.hstack([util[rows], np.zeros((n_s, n_s))])
    # Every gain strictly positive (the Nash product is defined on those packages only).
    cons.append(LinearConstraint(sig_u, d + 1e-9, np.inf))
    top = np.array([sum(space.contributions[k][:, r].max() for k in range(space.n_issues)) for r in rows]) - d
    if np.any(top <= 0):
        return None
    lb = np.concatenate([np.zeros(n_var), np.full(n_s, -60.0)])
    ub = np.concatenate([bounds.ub[:n_var], np.log(top) + 1e-12])
    bounds = Bounds(lb, ub)
    c = np.concatenate([np.zeros(n_var), -e])
    integrality = np.concatenate([np.ones(n_var), np.zeros(n_s)])
    cut_rows: list[FloatArray] = []
    cut_ub: list[float] = []

    def add_cut(i: int, a: float) -> None:
        # z_i - (U_i y) / a <= log a - 1 - d_i / a
        row = np.zeros(n_var + n_s)
        row[:n_var] = -util[rows[i]] / a
        row[n_var + i] = 1.0
        cut_rows.append(row)
        cut_ub.append(float(np.log(a) - 1.0 - d[i] / a))

    for i in range(n_s):
        for a in np.geomspace(max(1e-6, top[i] * 1e-4), top[i], 12):
            add_cut(i, float(a))
    best_val, best_idx = -np.inf, None
    for _ in range(max_iter):
        all_cons = [*cons, LinearConstraint(np.array(cut_rows), -np.inf, np.array(cut_ub))]
        res = milp(c, constraints=all_cons, integrality=integrality, bounds=bounds, options=_OPTIONS)
        if res.status == 2:
            return None
        if res.x is None or res.status != 0:
            raise SpaceTooLargeError(f"MILP search for the Nash point did not finish: {res.message}")
        idx = _decode(space, np.asarray(res.x), offsets)
        gains = space.utilities([idx])[0, rows] - d
        if np.all(gains > 0):
            val = float(np.sum(e * np.log(gains)))
            if val > best_val:
                best_val, best_idx = val, idx
        bound = -float(res.fun)
        if best_idx is not None and bound - best_val <= tol * max(1.0, abs(best_val)):
            return best_idx
        for i in range(n_s):
            add_cut(i, float(max(gains[i], 1e-9)))
    raise SpaceTooLargeError(f"the Nash cutting-plane search did not converge in {max_iter} rounds")
