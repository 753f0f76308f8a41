"""The compiled round-by-round path: long runs of reactive built-in strategies in one numba loop.

Time-based tables already skip the Python round loop (:mod:`accord.simulate.batched`); a table with a
tit-for-tat member cannot, since its offers answer the others'. When a run is simple enough, its rounds
are played by :func:`accord.simulate.kernel.play` instead, with the same result as the round-by-round
path (``tests/simulate/test_compiled.py`` compares them run by run):

* the alternating-offers protocol (the class itself), no tracks and no separable issue left open, so
  that nothing but the offers changes between rounds;
* every member of the table plays :class:`~accord.simulate.strategies.base.TimeDependent` itself or one
  of the built-in time-dependent strategies (Boulware, Linear, Conceder, Deadline Driven, Hardliner,
  Staller: with no track to move its BATNA it never holds) or
  :class:`~accord.simulate.strategies.reciprocal.TitForTat`; plug-ins, even subclasses, stay in Python;
* numba is installed, and the run has at least :data:`MIN_ROUNDS` rounds left or numba is already up in
  the process (starting it costs about a second, more than a short run takes in Python).

As with the batched path, the rounds played here are written to the trace, not to the offer log, and
the run then either has ended or goes on in Python only to end at a signatory's deadline.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

import numpy as np

from .protocols import AlternatingOffers
from .strategies.base import TimeDependent
from .strategies.reciprocal import TitForTat
from .strategies.tactical import Hardliner, Staller
from .strategies.timebased import Boulware, Conceder, DeadlineDriven, Linear

if TYPE_CHECKING:
    from .engine import Negotiation

__all__ = ["compilable", "run_compiled", "MIN_ROUNDS"]

#: Fewest rounds left for which starting numba pays (once it is up, every eligible run uses it).
MIN_ROUNDS = 20_000
#: Rounds per call of the loop (the trace of a block is written before the next).
BLOCK = 1 << 16

_TIME_DEPENDENT = {TimeDependent, Boulware, Linear, Conceder, DeadlineDriven, Hardliner, Staller}
_warm = False


def compilable(neg: Negotiation, *, min_rounds: int | None = None) -> bool:
    """Whether ``neg`` can go on in the compiled loop from where it stands (and it is worth it)."""
    if not neg.batch or neg.done or find_spec("numba") is None:
        return False
    if type(neg.protocol_) is not AlternatingOffers or neg.tracks.tracks or neg.open_separable():
        return False
    if not all(type(s) in _TIME_DEPENDENT or type(s) is TitForTat for s in neg.strategies.values()):
        return False
    left = int(neg.n_rounds) - neg.round
    return _warm or left >= (MIN_ROUNDS if min_rounds is None else min_rounds)


def run_compiled(neg: Negotiation) -> None:
    """Play ``neg`` in the compiled loop until it ends or the earliest signatory deadline is reached.

    Past that deadline the round-by-round path takes over (and ends the run by deadline).
    """
    global _warm
    from .kernel import TIME_DEPENDENT, TIT_FOR_TAT, play

    r0 = neg.round + 1
    # The round's departures first: nothing changes between rounds, so they hold for every later one.
    neg.round = r0
    if neg.departures(r0):
        neg.collect()
        return
    neg.round = r0 - 1
    dl = [neg.deadlines.get(a) for a in neg.signatories]
    last = min([int(neg.n_rounds)] + [int(x) for x in dl if x is not None])
    table = neg.table_rows
    m = len(table)
    members = [(int(j), neg.strategies[int(j)], neg.states[int(j)]) for j in table]
    kind = np.array([TIT_FOR_TAT if type(s) is TitForTat else TIME_DEPENDENT for _, s, _ in members])
    orders = [neg.arena.sorted_for(j) for j, _, _ in members]
    n_own = np.array([len(rows) for rows, _ in orders], dtype=np.int64)
    own_lo = np.concatenate([[0], np.cumsum(n_own)[:-1]]).astype(np.int64)
    rows = np.concatenate([o[0] for o in orders]).astype(np.int64)
    su = np.concatenate([o[1] for o in orders]).astype(np.float64)
    res = np.array([float(neg.disagreement[j]) for j, _, _ in members])
    best = np.array([float(o[1][-1]) if len(o[1]) else np.inf for o in orders])
    # each time-dependent member's aspiration table up to the last round (as its own reads grow it)
    tables = []
    for _, s, _ in members:
        if isinstance(s, TimeDependent) and type(s) is not TitForTat:
            end = s.table_end_
            tables.append((s._table(min(last, end - 1)), end))
        else:
            tables.append((np.zeros(1), 1))
    asp_end = np.array([end for _, end in tables], dtype=np.int64)
    asp_lo = np.concatenate([[0], np.cumsum([len(tab) for tab, _ in tables])[:-1]]).astype(np.int64)
    asp = np.concatenate([tab for tab, _ in tables]).astype(np.float64)
    nice = np.array([float(s.niceness) if type(s) is TitForTat else 0.0 for _, s, _ in members])
    first, last_row, made = (
        np.zeros(m, dtype=np.int64),
        np.zeros(m, dtype=np.int64),
        np.zeros(m, dtype=np.int64),
    )
    for k, (j, _, _) in enumerate(members):
        log = neg.offer_log.get((j, -1), [])
        if log:
            first[k], last_row[k], made[k] = log[0][1].row, log[-1][1].row, len(log)
    signs = np.isin(table, neg.signatory_rows)
    U, ok = np.ascontiguousarray(neg.arena.U), np.ascontiguousarray(neg.arena.ok)
    start = r0
    while start <= last:
        stop = min(last, start + BLOCK - 1)
        n = stop - start + 1
        out_row = np.full(n, -1, dtype=np.int64)
        accepted = np.zeros(n, dtype=bool)
        yes = np.zeros((n, m), dtype=bool)
        played = int(
            play(start, stop, table, signs, kind, res, best, n_own, own_lo, rows, su, asp_lo, asp_end, asp,
                 nice, first, last_row, made, U, ok, out_row, accepted, yes)
        )  # fmt: skip
        _warm = True
        rounds = np.arange(start, start + played, dtype=np.int64)
        made_mask = out_row[:played] >= 0
        r_rows = out_row[:played][made_mask]
        neg.trace.full_offers(
            rounds[made_mask],
            table[(rounds[made_mask] - 1) % m],
            neg.arena.index[r_rows],
            neg.arena.U[r_rows],
            accepted[:played][made_mask],
            table,
            yes[:played][made_mask],
            neg.disagreement,
        )
        neg.round = int(rounds[-1])
        if played < n or (played and accepted[played - 1]):
            neg.done, neg.ended_by = True, "agreement"
            neg.agreement = int(neg.arena.index[out_row[played - 1]])
        elif neg.round >= neg.n_rounds:
            neg.done, neg.ended_by = True, "horizon"
        neg.trace.collect_many(rounds, neg.tracks.value, neg.disagreement, neg.capabilities)
        if neg.done:
            return
        start = stop + 1
