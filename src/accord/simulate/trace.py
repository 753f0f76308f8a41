"""The trace of a run, held in columns: offers, responses and one row per round.

A :class:`Trace` is what a :class:`~accord.simulate.Negotiation` writes as it plays and what a
:class:`~accord.simulate.SimulationResult` is built from. Columns (lists and blocks of arrays) are cheap
to append to for long runs; the batched run appends many rounds at once with the same columns, so the
tidy table (:meth:`SimulationResult.records`) does not depend on which path played.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from accord.deals import DealSpace

    from .state import Offer

__all__ = ["Trace", "OfferLog"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class Trace:
    """Offers, responses and per-round values of one run.

    Parameters
    ----------
    n_actors : int
        Width of the utility rows (every actor's utility of every offer is kept, signatory or not).
    """

    def __init__(self, n_actors: int) -> None:
        self.n_actors = n_actors
        self.offers: dict[str, list[Any]] = {
            "round": [],
            "proposer": [],
            "package": [],
            "issue": [],
            "option": [],
            "note": [],
            "accepted": [],
        }
        self.responses: dict[str, list[Any]] = {
            "offer": [],
            "actor": [],
            "accepted": [],
            "blocking": [],
            "reservation": [],
        }
        # Blocks of offers' utilities, (n, n_actors) each, and the rows logged one offer at a time since
        # the last block (stacked into one block when read or when a block is appended: np.array stacks a
        # list of rows several times faster than vstack).
        self._offer_utils: list[FloatArray] = []
        self._utility_rows: list[FloatArray] = []
        # The response columns' appends, bound once: the round-by-round path logs responses through these.
        self.response_appends = tuple(col.append for col in self.responses.values())
        self.offer_appends = (*(col.append for col in self.offers.values()), self._utility_rows.append)
        self.offer_rounds: list[int] = self.offers["round"]  # its length numbers the next offer
        # One block per run of rounds with the same values (many rows), and the open run: its rounds, its
        # values (copied) and the arrays they were copied from.
        self._round_blocks: list[tuple[IntArray, FloatArray, FloatArray, FloatArray]] = []
        self._run_rounds: list[int] = []
        self._run_values: tuple[FloatArray, FloatArray, FloatArray] | None = None
        self._run_source: tuple[FloatArray, FloatArray, FloatArray] | None = None
        #: Every actor's BATNA at the end of each round so far (round 0 first).
        self.batna_history: list[FloatArray] = []

    @property
    def n_offers(self) -> int:
        """Offers logged so far (the next offer's number)."""
        return len(self.offers["round"])

    # -- one event at a time (the round-by-round path) -------------------------------------------------
    def response(
        self, offer: int, actor: int, accepted: bool, blocking: tuple[int, ...], reservation: float
    ) -> None:
        """Log one response to offer number ``offer``."""
        t = self.responses
        t["offer"].append(offer)
        t["actor"].append(actor)
        t["accepted"].append(accepted)
        t["blocking"].append(blocking)
        t["reservation"].append(reservation)

    def offer(
        self,
        round_: int,
        proposer: int,
        package: int,
        issue: int,
        option: int,
        note: str,
        accepted: bool,
        utilities: FloatArray,
    ) -> None:
        """Log one offer: ``package`` -1 for a partial offer, ``issue``/``option`` -1 for a full one."""
        t = self.offers
        t["round"].append(round_)
        t["proposer"].append(proposer)
        t["package"].append(package)
        t["issue"].append(issue)
        t["option"].append(option)
        t["note"].append(note)
        t["accepted"].append(accepted)
        self._utility_rows.append(utilities)

    def collect(self, round_: int, tracks: FloatArray, batna: FloatArray, capability: FloatArray) -> None:
        """Record one round's track values, BATNAs and capabilities (copied).

        The engine replaces these arrays when they change and never writes into them, so a round that
        hands over the same three arrays as the last one extends its run instead of copying them again.
        """
        if self.extend_run(round_, tracks, batna, capability):
            return
        self._close_run()
        d = batna.copy()
        self._run_rounds = [round_]
        self._run_values = (tracks.copy(), d, capability.copy())
        self._run_source = (tracks, batna, capability)
        self.batna_history.append(d)

    def extend_run(self, round_: int, tracks: FloatArray, batna: FloatArray, capability: FloatArray) -> bool:
        """:meth:`collect` when the three arrays are the last round's: extend its run. False otherwise."""
        src = self._run_source
        if src is not None and src[0] is tracks and src[1] is batna and src[2] is capability:
            self._run_rounds.append(round_)
            self.batna_history.append(self.batna_history[-1])
            return True
        return False

    def _close_run(self) -> None:
        """Move the open run of rounds into the blocks."""
        if self._run_values is not None and self._run_rounds:
            m = len(self._run_rounds)
            t, d, c = self._run_values
            self._round_blocks.append(
                (
                    np.array(self._run_rounds),
                    np.repeat(t[None, :], m, axis=0),
                    np.repeat(d[None, :], m, axis=0),
                    np.repeat(c[None, :], m, axis=0),
                )
            )
        self._run_rounds, self._run_values, self._run_source = [], None, None

    # -- many events at once (the batched path) --------------------------------------------------------
    def collect_many(
        self, rounds: IntArray, tracks: FloatArray, batna: FloatArray, capability: FloatArray
    ) -> None:
        """:meth:`collect` for many rounds in which nothing moved."""
        m = len(rounds)
        if not m:
            return
        self._close_run()
        d = batna.copy()
        self._round_blocks.append(
            (
                rounds.copy(),
                np.repeat(tracks[None, :], m, axis=0),
                np.repeat(d[None, :], m, axis=0),
                np.repeat(capability[None, :], m, axis=0),
            )
        )
        self.batna_history += [d] * m

    def full_offers(
        self,
        rounds: IntArray,
        proposers: IntArray,
        packages: IntArray,
        utilities: FloatArray,
        accepted: BoolArray,
        table: IntArray,
        yes: BoolArray,
        reservation: FloatArray,
    ) -> None:
        """Log many full offers and every table member's response to each (all but the proposer).

        ``yes`` has one row per offer and one column per member of ``table``; ``reservation`` is every
        actor's BATNA (unchanged over the batch).
        """
        first = self.n_offers
        m = len(rounds)
        t = self.offers
        t["round"] += rounds.tolist()
        t["proposer"] += proposers.tolist()
        t["package"] += packages.tolist()
        t["issue"] += [-1] * m
        t["option"] += [-1] * m
        t["note"] += [""] * m
        t["accepted"] += accepted.tolist()
        self._stack_rows()
        self._offer_utils.append(utilities)
        oid, col = np.nonzero(proposers[:, None] != table[None, :])
        r = self.responses
        r["offer"] += (oid + first).tolist()
        r["actor"] += table[col].tolist()
        r["accepted"] += yes[oid, col].tolist()
        r["blocking"] += [()] * len(oid)
        r["reservation"] += reservation[table[col]].tolist()

    # -- reading ---------------------------------------------------------------------------------------
    def offer_utilities(self) -> FloatArray:
        """Every actor's utility of every offer, shape (n_offers, n_actors)."""
        self._stack_rows()
        return np.vstack(self._offer_utils) if self._offer_utils else np.zeros((0, self.n_actors))

    def _stack_rows(self) -> None:
        """Move the utility rows logged one offer at a time into a block."""
        rows = self._utility_rows
        if rows:
            self._offer_utils.append(np.array(rows, dtype=np.float64).reshape(len(rows), self.n_actors))
            rows.clear()

    def rounds(self) -> dict[str, Any]:
        """The per-round columns: ``round``, ``tracks``, ``batna``, ``capability``."""
        self._close_run()
        blocks = self._round_blocks
        return {
            "round": np.concatenate([b[0] for b in blocks]),
            "tracks": np.vstack([b[1] for b in blocks]),
            "batna": np.vstack([b[2] for b in blocks]),
            "capability": np.vstack([b[3] for b in blocks]),
        }


class OfferLog(dict[tuple[int, int], list[tuple[int, "Offer", FloatArray]]]):
    """The offers that strategies re-read, by (proposer row, issue; -1 for full offers).

    Each entry is ``(round, offer, utilities)``, ``utilities`` being every actor's utility of the offer
    when it was made.
    """

    #: Changes whenever an offer is logged or the log is remapped (strategies key caches on it).
    version = 0

    def add(self, proposer: int, offer: Offer, round_: int, utilities: FloatArray) -> None:
        """Log an offer."""
        self.setdefault((proposer, offer.issue if offer.row < 0 else -1), []).append(
            (round_, offer, utilities)
        )
        self.version += 1

    def remap(
        self, old_index: IntArray, new_index: IntArray, space: DealSpace, issue: int, option: int
    ) -> None:
        """Point the logged full offers at their packages projected onto a newly settled option.

        Settling renumbers the arena's rows (``old_index`` -> ``new_index``, the package index of each
        row); each logged offer's row is moved to its package with the agreed option (always in the
        projected arena), so that a strategy re-reading the log sees the packages as they would now be
        agreed. The utilities logged with each offer stay as they were.
        """
        self.version += 1
        stride = int(space.strides[issue])
        radix = int(space.radices[issue])
        for key, log in self.items():
            if key[1] != -1 or not log:
                continue
            pkgs = old_index[np.array([o.row for _, o, _ in log], dtype=np.int64)]
            pkgs = pkgs + (option - (pkgs // stride) % radix) * stride
            rows = np.searchsorted(new_index, pkgs).tolist()
            self[key] = [(r, replace(o, row=int(row)), u) for (r, o, u), row in zip(log, rows, strict=True)]
