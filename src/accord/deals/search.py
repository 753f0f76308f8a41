"""Exact search without enumeration: mixed-integer programmes over the issues' options.

For spaces beyond the enumeration limit whose Pareto frontier is also too large to build
(:func:`accord.deals.pareto.pareto_frontier` raises), the egalitarian and utilitarian points and the
cheapest opening concessions are linear objectives over a one-hot choice of options, so a MILP finds
them exactly (HiGHS branch and bound, via :func:`scipy.optimize.milp`, with a zero optimality gap;
utilities are exact up to HiGHS's feasibility tolerance, about 1e-7).

Formulation: a binary ``y[k, o]`` per issue ``k`` and option ``o``, ``sum_o y[k, o] = 1``; actor
utility ``u_i = sum_{k,o} w_ik v_ik[o] y[k, o]``; red lines fix ``y[k, o] = 0`` for options a signatory
refuses; BATNAs add ``u_i >= d_i``. The egalitarian point maximises ``t`` with ``t <= u_i - d_i``, then,
to be Pareto-optimal, maximises ``sum_i u_i`` with ``u_i - d_i >= t*``. The Nash product is not linear;
the Nash and Kalai-Smorodinsky points need the frontier, and :func:`accord.deals.analyze` says so.

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

__all__ = ["milp_egalitarian", "milp_utilitarian", "milp_opening"]

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


def _feasibility(
    space: DealSpace, n_var: int, util: FloatArray, extra: int
) -> tuple[list[LinearConstraint], Bounds]:
    _, _, one_hot, _ = _layout(space)
    pad = csr_matrix((space.n_issues, extra))
    cons = [LinearConstraint(hstack([one_hot, pad]).tocsr(), 1.0, 1.0)]
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
    offsets, n_var, _, util = _layout(space)
    cons, bounds = _feasibility(space, n_var, util, 0)
    c = -util[space.signatory_rows].sum(axis=0)
    x = _solve(c, cons, np.ones(n_var), bounds, "utilitarian point")
    return None if x is None else _decode(space, x, offsets)


def milp_egalitarian(space: DealSpace) -> int | None:
    """Pareto-optimal package maximising ``min_i (u_i - d_i)`` over feasible ones (None if none)."""
    offsets, n_var, _, util = _layout(space)
    rows = space.signatory_rows
    cons, bounds = _feasibility(space, n_var, util, 1)
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
    cons2, bounds2 = _feasibility(space, n_var, util, 0)
    cons2.append(LinearConstraint(util[rows], space.disagreement[rows] + t_star - 1e-9, np.inf))
    x2 = _solve(-util[rows].sum(axis=0), cons2, np.ones(n_var), bounds2, "egalitarian point")
    return _decode(space, x if x2 is None else x2, offsets)


def milp_opening(space: DealSpace) -> int:
    """Package with the least opening cost (see :mod:`accord.deals.concessions`), red lines relaxable."""
    offsets, n_var, one_hot, util = _layout(space)
    rows = space.signatory_rows
    n_s = len(rows)
    tables = crossing_costs(space)
    red = np.concatenate([tables[k][rows].sum(axis=0) for k in range(space.n_issues)])
    cons = [LinearConstraint(hstack([one_hot, csr_matrix((space.n_issues, n_s))]).tocsr(), 1.0, 1.0)]
    # s_i >= d_i - u_i  <=>  u_i + s_i >= d_i
    cons.append(LinearConstraint(np.hstack([util[rows], np.eye(n_s)]), space.disagreement[rows], np.inf))
    c = np.concatenate([red, np.ones(n_s)])
    bounds = Bounds(np.zeros(n_var + n_s), np.concatenate([np.ones(n_var), np.full(n_s, np.inf)]))
    x = _solve(c, cons, np.concatenate([np.ones(n_var), np.zeros(n_s)]), bounds, "cheapest opening")
    if x is None:  # cannot happen: every package can be opened
        raise SpaceTooLargeError("MILP for the cheapest opening found no package")
    return _decode(space, x, offsets)
