"""The batched run: many rounds of time-based strategies in one vectorised pass.

When every strategy at the table is ``time_based`` (a :class:`TimeDependent` whose offers and answers
depend on time and its own utilities only), the protocol's schedule is fixed (``Protocol.batchable``)
and nothing can change between rounds (no tracks, no open separable issue), round ``r``'s moves do not
depend on what happened before it. The rounds are then played in blocks of :data:`BATCH`: each
strategy's own vectorised methods (:meth:`TimeDependent.propose_batch`,
:meth:`TimeDependent.respond_batch`) give the offers and answers of the whole block, and the first
agreed round ends the run. The result is identical to the round-by-round run (tested).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .strategies.base import TimeDependent

if TYPE_CHECKING:
    from .engine import Negotiation

__all__ = ["BATCH", "batchable", "run_batched"]

#: Rounds per vectorised block.
BATCH = 4096


def batchable(neg: Negotiation) -> bool:
    """Whether ``neg`` can be played in batches from where it stands."""
    return (
        neg.batch
        and neg.round == 0
        and neg.protocol_.batchable
        and not neg.tracks.tracks
        and not neg.open_separable()
        and all(isinstance(s, TimeDependent) and s.traits.get("time_based") for s in neg.strategies.values())
    )


def run_batched(neg: Negotiation) -> None:
    """Play ``neg`` in vectorised blocks until it ends or the earliest signatory deadline is reached.

    Past that deadline the round-by-round path takes over (and ends the run by deadline).
    """
    # Round 1's checks: nothing changes between rounds, so they hold for every round.
    neg.round = 1
    if neg.departures(1):
        neg.collect()
        return
    neg.round = 0
    table = neg.table_rows
    signs = np.isin(table, neg.signatory_rows)
    dl = [neg.deadlines.get(a) for a in neg.signatories]
    last = min([int(neg.n_rounds)] + [int(x) for x in dl if x is not None])
    strategies: dict[int, TimeDependent] = {}
    for i in table.tolist():
        s = neg.strategies[i]
        assert isinstance(s, TimeDependent)  # batchable() checked it
        strategies[i] = s
    start = 1
    while start <= last:
        stop = min(last, start + BATCH - 1)
        rounds = np.arange(start, stop + 1, dtype=np.int64)
        prop = neg.protocol_.proposers(table, rounds)
        rows = np.full(len(rounds), -1, dtype=np.int64)
        for i in table.tolist():
            mask = prop == i
            if mask.any():
                rows[mask] = strategies[i].propose_batch(neg.states[i], rounds[mask])
        made = rows >= 0
        safe = np.where(made, rows, 0)
        yes = np.ones((len(rounds), len(table)), dtype=bool)
        for c, j in enumerate(table.tolist()):
            # The proposer accepts its own offer.
            yes[:, c] = np.where(prop == j, True, strategies[j].respond_batch(neg.states[j], rounds, safe))
        agreed = made & yes[:, signs].all(axis=1)
        hit = np.flatnonzero(agreed)
        end = int(hit[0]) + 1 if len(hit) else len(rounds)
        keep = made[:end]
        r_rows = rows[:end][keep]
        neg.trace.full_offers(
            rounds[:end][keep],
            prop[:end][keep],
            neg.arena.index[r_rows],
            neg.arena.U[r_rows],
            agreed[:end][keep],
            table,
            yes[:end][keep],
            neg.disagreement,
        )
        neg.round = int(rounds[end - 1])
        if len(hit):
            neg.done, neg.ended_by = True, "agreement"
            neg.agreement = int(neg.arena.index[rows[end - 1]])
        elif neg.round >= neg.n_rounds:
            neg.done, neg.ended_by = True, "horizon"
        neg.trace.collect_many(rounds[:end], neg.tracks.value, neg.disagreement, neg.capabilities)
        if neg.done:
            return
        start = stop + 1
