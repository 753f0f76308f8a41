"""What it would take to reach a deal: minimal concessions, cheap-to-cede demands and logrolls.

Costs are in the conceding actor's own utility, which is already salience-weighted (``w_ik`` is the
actor's normalised salience of issue ``k``), so a concession on an issue the actor barely cares about is
cheap, and one on its core issue is dear.

* **Opening a deal** (when no feasible package exists). For a package ``x`` and signatory ``i``:
  crossing ``i``'s red line on issue ``k`` costs ``w_ik * max(0, floor_ik - v_ik[x_k])``, where
  ``floor_ik`` is the worst value ``i`` still accepts on ``k`` (its best value if it accepts nothing
  there): what ``i`` gives up beyond the line it drew. Accepting less than its BATNA costs
  ``max(0, d_i - u_i(x))``. The cost of opening ``x`` is the sum over signatories; the minimal-cost
  package and the list of moves (who relaxes which red line, who drops its BATNA by how much) is the
  answer. This is exact: found by streaming every package, or by a MILP beyond the enumeration limit
  (:mod:`accord.deals.search`).
  Forbidden pairs of options (linked issues) cannot be relaxed: a package holding one is never an
  opening. :mod:`accord.deals.openings` lists the cheapest *distinct* openings.
* **Cheap to cede**: actor ``a`` (a signatory) demands its best option ``o_a`` on issue ``k``, often far
  from the middle of the option range (``extremity``), but could move to another option ``t`` that
  it still accepts (within its own red line on ``k``, and allowed with its own demands on every issue a
  forbidden pair links to ``k``) and that the other signatories value more. Ceding costs ``a``
  ``w_ak (v_ak[o_a] - v_ak[t])`` and gains the other signatories, whose acceptance the deal needs,
  ``sum_j w_jk (v_jk[t] - v_jk[o_a])`` (losses included). Per actor and issue the best ``t`` is listed
  when that gain exceeds the cost, ranked by ``extremity * (gain - cost)``: the
  maximalist-opening-then-concession move of the negotiation literature (Raiffa 1982, *The Art and
  Science of Negotiation*, ch. 11). Non-signatories neither cede nor count as gaining: no one needs
  their acceptance.
* **Logrolls** between issue pairs (Raiffa 1982; Stokman & van Oosten 1994 for the political version):
  ``a`` gets its way on ``k`` and ``b`` on ``l``, compared with the mirror trade (``b`` on ``k``, ``a``
  on ``l``); listed when both gain from the trade over its mirror, each concedes only what its own red
  line accepts (``a`` accepts ``b``'s best on ``l``, ``b`` accepts ``a``'s best on ``k``), and the two
  options are not a forbidden pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .space import FEASIBILITY_TOL, DealSpace

__all__ = [
    "Concession",
    "Opening",
    "CheapToCede",
    "Logroll",
    "crossing_costs",
    "opening_cost",
    "describe_opening",
    "cheap_to_cede",
    "logrolls",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Concession:
    """One move needed to open a deal: a red line relaxed (``kind="red_line"``) or a BATNA dropped.

    For a red line, ``option`` is what the actor accepts on ``issue``, ``limit`` the option nearest to it
    that the actor already accepted (None if it accepted none there) and ``beyond`` how far ``option``
    lies past ``limit`` on the issue's scale: by how much it moves. For a BATNA, ``from_value`` and
    ``to_value`` are the utilities before and after.
    """

    actor: str
    kind: str
    cost: float
    issue: str | None = None
    option: str | None = None
    from_value: float | None = None
    to_value: float | None = None
    limit: str | None = None
    beyond: float | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        out: dict[str, object] = {"kind": self.kind, "actor": self.actor, "cost": self.cost}
        if self.kind == "red_line":
            out.update(issue=self.issue, option=self.option, limit=self.limit, beyond=self.beyond)
        else:
            out.update({"from": self.from_value, "to": self.to_value})
        return out


@dataclass(frozen=True)
class Opening:
    """A package to open when none is feasible, and the concessions it takes.

    ``margin``: how much more the next cheapest distinct opening costs (None for the last one found).
    ``n_opened``: packages feasible once these moves are made (None where the space is too large to
    count); ``n_opened_at_most``: packages within the signatories' red lines after the moves and the
    linked-issue constraints, an upper bound on ``n_opened`` (see :mod:`accord.deals.openings`).
    """

    index: int
    package: dict[str, str]
    utilities: dict[str, float]
    cost: float
    moves: tuple[Concession, ...]
    margin: float | None = None
    n_opened: int | None = None
    n_opened_at_most: int | None = None

    @property
    def movers(self) -> tuple[str, ...]:
        """Actors who must move, in actor order of first appearance."""
        return tuple(dict.fromkeys(m.actor for m in self.moves))


@dataclass(frozen=True)
class CheapToCede:
    """A demand ``actor`` states strongly on ``issue`` but could cede, within its red line, cheaply.

    ``wanted``: the option it could move to; ``gain``: the other signatories' total gain from the move
    (``gains`` per signatory, losses negative); ``beneficiary``: the signatory that gains most.
    """

    actor: str
    issue: str
    demand: str
    beneficiary: str
    wanted: str
    cost: float
    gain: float
    extremity: float
    score: float
    gains: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "kind": "cheap_to_cede",
            "actor": self.actor,
            "issue": self.issue,
            "demand": self.demand,
            "beneficiary": self.beneficiary,
            "wanted": self.wanted,
            "cost": self.cost,
            "gain": self.gain,
            "extremity": self.extremity,
            "score": self.score,
            "gains": dict(self.gains),
        }


@dataclass(frozen=True)
class Logroll:
    """``actor_a`` gets its way on ``issue_a``, ``actor_b`` on ``issue_b``; both gain over the mirror."""

    actor_a: str
    issue_a: str
    option_a: str
    actor_b: str
    issue_b: str
    option_b: str
    gain_a: float
    gain_b: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "kind": "logroll",
            "actor_a": self.actor_a,
            "issue_a": self.issue_a,
            "option_a": self.option_a,
            "actor_b": self.actor_b,
            "issue_b": self.issue_b,
            "option_b": self.option_b,
            "gain_a": self.gain_a,
            "gain_b": self.gain_b,
        }


def crossing_costs(space: DealSpace) -> tuple[FloatArray, ...]:
    """Per issue, the cost to each actor of accepting each option against its red line.

    Returns
    -------
    tuple of ndarray, each shape (n_actors, n_options[k])
        Zero for acceptable options; ``w_ik * max(0, floor_ik - v_ik[o])`` otherwise.
    """
    out = []
    for k, v in enumerate(space.values):
        acc = space.acceptable[k]
        floor = np.where(acc.any(axis=1), np.where(acc, v, np.inf).min(axis=1), v.max(axis=1))
        cost = space.weights[:, k, None] * np.maximum(0.0, floor[:, None] - v)
        out.append(np.where(acc, 0.0, cost))
    return tuple(out)


def opening_cost(space: DealSpace, index: NDArray[np.int64], utilities: FloatArray) -> FloatArray:
    """Cost of opening each package (0 for feasible ones, inf where it holds a forbidden pair)."""
    rows = space.signatory_rows
    tables = crossing_costs(space)
    cost = np.zeros(len(index))
    for k, table in enumerate(tables):
        cost += table[rows].sum(axis=0)[(index // space.strides[k]) % space.radices[k]]
    cost += np.maximum(0.0, space.disagreement[rows] - utilities[:, rows]).sum(axis=1)
    return np.where(space.allowed_mask(index), cost, np.inf)


def _nearest_accepted(space: DealSpace, actor: int, k: int, o: int) -> tuple[str | None, float | None]:
    """The option of issue ``k`` that ``actor`` accepts nearest to option ``o`` on the scale, and how far."""
    ok = np.flatnonzero(space.acceptable[k][actor])
    if not ok.size:
        return None, None
    x = space.option_values[k]
    gap = np.abs(x[ok] - x[o])
    j = int(ok[int(np.argmin(gap))])
    return space.options[k][j], float(gap.min())


def describe_opening(space: DealSpace, index: int) -> Opening:
    """The concessions that make package ``index`` acceptable to every signatory."""
    digits = space.decode([index])[0]
    u = space.utilities([index])[0]
    tables = crossing_costs(space)
    moves = []
    for a in space.signatory_rows.tolist():
        actor = space.actors[a]
        for k, issue in enumerate(space.issues):
            o = int(digits[k])
            if not space.acceptable[k][a, o]:
                limit, beyond = _nearest_accepted(space, a, k, o)
                moves.append(
                    Concession(
                        actor,
                        "red_line",
                        float(tables[k][a, o]),
                        issue,
                        space.options[k][o],
                        limit=limit,
                        beyond=beyond,
                    )
                )
        if u[a] < space.disagreement[a] - FEASIBILITY_TOL:
            moves.append(
                Concession(
                    actor,
                    "batna",
                    float(space.disagreement[a] - u[a]),
                    from_value=float(space.disagreement[a]),
                    to_value=float(u[a]),
                )
            )
    return Opening(
        index=int(index),
        package=space.package(index),
        utilities={a: float(x) for a, x in zip(space.actors, u, strict=True)},
        cost=float(sum(m.cost for m in moves)),
        moves=tuple(moves),
    )


def _best_options(space: DealSpace) -> NDArray[np.int64]:
    """Each actor's best option per issue (its demand; ties: the first), shape (n_actors, n_issues)."""
    return np.stack([np.argmax(v, axis=1) for v in space.values], axis=1)


def _allowed_with_demands(space: DealSpace, best: NDArray[np.int64], actor: int, k: int) -> NDArray[np.bool_]:
    """Options of issue ``k`` that no forbidden pair rules out next to ``actor``'s demands elsewhere."""
    ok = np.ones(int(space.radices[k]), dtype=bool)
    for a, b, table in space.pair_tables:
        if a == k:
            ok &= ~table[:, best[actor, b]]
        elif b == k:
            ok &= ~table[best[actor, a], :]
    return ok


def cheap_to_cede(space: DealSpace, top: int | None = 10, min_score: float = 1e-9) -> list[CheapToCede]:
    """Demands a signatory states strongly but could cede, within its red line, to the others' gain.

    For each signatory and issue, the option it still accepts (and that no forbidden pair rules out next
    to its own demands) that maximises ``extremity * (gain - cost)``, where the gain is the other
    signatories' (see the module docstring); listed when the gain exceeds the cost and some signatory
    gains. Sorted by descending score; at most ``top`` entries (all if None).
    """
    rows = space.signatory_rows
    best = _best_options(space)
    out = []
    for k, v in enumerate(space.values):
        weighted = space.weights[:, k, None] * v  # (n_actors, n_options)
        for a in rows.tolist():
            others = [int(j) for j in rows if j != a]
            if not others:
                continue
            demand = int(best[a, k])
            cost = weighted[a, demand] - weighted[a]
            per = weighted[others] - weighted[others, demand][:, None]  # (n_others, n_options)
            gain = per.sum(axis=0)
            score = space.extremity[a, k] * (gain - cost)
            ok = space.acceptable[k][a] & _allowed_with_demands(space, best, a, k)
            ok &= (
                (np.arange(len(gain)) != demand) & (gain > cost) & (per.max(axis=0) > 0) & (score > min_score)
            )
            if not ok.any():
                continue
            t = int(np.flatnonzero(ok)[np.argmax(score[ok])])
            out.append(
                CheapToCede(
                    actor=space.actors[a],
                    issue=space.issues[k],
                    demand=space.options[k][demand],
                    beneficiary=space.actors[others[int(np.argmax(per[:, t]))]],
                    wanted=space.options[k][t],
                    cost=float(cost[t]),
                    gain=float(gain[t]),
                    extremity=float(space.extremity[a, k]),
                    score=float(score[t]),
                    gains={space.actors[j]: float(g) for j, g in zip(others, per[:, t], strict=True)},
                )
            )
    out.sort(key=lambda c: (-c.score, c.actor, c.issue, c.beneficiary))
    return out if top is None else out[:top]


def logrolls(space: DealSpace, top: int | None = 10, min_gain: float = 1e-9) -> list[Logroll]:
    """Issue-pair trades between two signatories that both prefer to the mirror trade.

    For actors ``a, b`` with different best options on issues ``k`` and ``l``: ``a`` gets its best on
    ``k``, ``b`` its best on ``l``; the mirror trade gives ``b`` its best on ``k`` and ``a`` on ``l``.
    ``gain_a = w_ak D_ak - w_al D_al`` with ``D_ak = v_ak[best_a,k] - v_ak[best_b,k]`` (and likewise for
    ``b``). Listed when both gains exceed ``min_gain``, each side concedes only an option its own red line
    accepts, and the two options are not a forbidden pair; sorted by the smaller gain, descending.
    """
    rows = space.signatory_rows
    n, n_k = len(rows), space.n_issues
    if n < 2 or n_k < 2:
        return []
    best = np.stack([np.argmax(v[rows], axis=1) for v in space.values], axis=1)  # (n, n_k)
    # accepts[a, b, k]: signatory a accepts b's best option on issue k.
    accepts = np.stack([space.acceptable[k][rows][:, best[:, k]] for k in range(n_k)], axis=2)
    # forbidden[a, b, k, l]: a's best on k and b's best on l are a forbidden pair.
    forbidden = np.zeros((n, n, n_k, n_k), dtype=bool)
    for p, q, table in space.pair_tables:
        forbidden[:, :, p, q] |= table[best[:, p][:, None], best[:, q][None, :]]
        forbidden[:, :, q, p] |= table[best[:, p][None, :], best[:, q][:, None]]
    # loss[a, b, k]: what a loses on k if k goes b's way instead of a's (salience-weighted).
    loss = np.zeros((n, n, n_k))
    for k, v in enumerate(space.values):
        vs = v[rows]
        own = vs[np.arange(n), best[:, k]]
        loss[:, :, k] = space.weights[rows, k][:, None] * (own[:, None] - vs[:, best[:, k]])
    # gain_a[a, b, k, l] = loss[a, b, k] - loss[a, b, l]; gain_b = loss[b, a, l] - loss[b, a, k].
    gain_a = loss[:, :, :, None] - loss[:, :, None, :]
    lt = np.transpose(loss, (1, 0, 2))
    gain_b = lt[:, :, None, :] - lt[:, :, :, None]
    disagree = best[:, None, :] != best[None, :, :]  # (a, b, k)
    valid = disagree[:, :, :, None] & disagree[:, :, None, :]
    valid &= (gain_a > min_gain) & (gain_b > min_gain)
    # a concedes l (accepts b's best there), b concedes k (accepts a's best there).
    valid &= accepts[:, :, None, :] & np.transpose(accepts, (1, 0, 2))[:, :, :, None] & ~forbidden
    valid &= ~np.eye(n, dtype=bool)[:, :, None, None] & ~np.eye(n_k, dtype=bool)[None, None, :, :]
    # Each unordered trade appears twice ((a,k,b,l) and (b,l,a,k)); keep a < b.
    valid &= np.triu(np.ones((n, n), dtype=bool), 1)[:, :, None, None]
    out = []
    for a, b, k, l in zip(*np.nonzero(valid), strict=True):
        out.append(
            Logroll(
                actor_a=space.actors[int(rows[a])],
                issue_a=space.issues[k],
                option_a=space.options[k][int(best[a, k])],
                actor_b=space.actors[int(rows[b])],
                issue_b=space.issues[l],
                option_b=space.options[l][int(best[b, l])],
                gain_a=float(gain_a[a, b, k, l]),
                gain_b=float(gain_b[a, b, k, l]),
            )
        )
    out.sort(key=lambda g: (-min(g.gain_a, g.gain_b), g.actor_a, g.actor_b, g.issue_a, g.issue_b))
    return out if top is None else out[:top]
