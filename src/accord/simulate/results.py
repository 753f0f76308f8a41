"""What a simulated negotiation returns: the outcome, each party's utility and the full trace.

The trace is held in columns (cheap to build for long runs) and turned into a tidy table on request:
:meth:`SimulationResult.records` gives one dict per event, with the same keys on every row (Wickham 2014,
"Tidy data", J. Stat. Software 59(10)):

``round``     the round (0 = before the talks)
``event``     ``offer``, ``response``, ``track``, ``batna``, ``partial``, ``agreement`` or ``end``
``actor``     the proposer, responder or actor concerned ("" for tracks; "mediator" for the mediator)
``subject``   the track id, or the issue of a partial offer
``offer``     ``#<package index>`` for a full offer, ``<issue>=<option>`` for a partial one
``value``     the actor's utility of the offer, the track value, or the BATNA
``accepted``  True/False for responses and offers (whether all accepted), else None
``detail``    blocking issues of a rejection, the proposer's note, the end reason
``terms``     the offer (or agreement) as option ids per issue, ``I1=a, I2=b, ...`` ("" for other events)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["SimulationResult", "RECORD_COLUMNS", "write_csv"]

FloatArray = NDArray[np.float64]

RECORD_COLUMNS = ("round", "event", "actor", "subject", "offer", "value", "accepted", "detail", "terms")


def write_csv(records: Sequence[Mapping[str, Any]], path: str | Path | None = None) -> str:
    """Records as CSV (columns from the first record); also written to ``path`` (atomically) when given."""
    buf = io.StringIO()
    if records:
        cols = list(records[0])
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for rec in records:
            w.writerow({k: ("" if rec.get(k) is None else rec.get(k)) for k in cols})
    text = buf.getvalue()
    if path is not None:
        from accord.io import atomic_write

        atomic_write(path, text)
    return text


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """The outcome of one run and its trace.

    ``table`` lists the actors who negotiated and ``signatories`` those among them whose acceptance a
    deal needed; ``utilities`` covers every actor of the space, at the table or not. ``partial_parties``
    gives, per issue settled alone, whose acceptance settled it (its declared parties, or the
    signatories); ``clocks`` each actor's concession clock in rounds (its deadline, else its patience).
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    signatories: tuple[str, ...]
    strategies: dict[str, str]
    mediator: str | None
    protocol: str
    seed: int
    n_rounds: int
    round: int
    ended_by: str
    agreement: dict[str, str] | None
    agreement_index: int | None
    partial: dict[str, str]
    partial_rounds: dict[str, int]
    utilities: dict[str, float]
    walked: tuple[str, ...]
    frozen: dict[str, int]
    track_ids: tuple[str, ...]
    offers: dict[str, list[Any]] = field(repr=False)
    offer_utilities: FloatArray = field(repr=False)
    responses: dict[str, list[Any]] = field(repr=False)
    rounds: dict[str, Any] = field(repr=False)
    table: tuple[str, ...] = ()
    partial_parties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    clocks: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.table:  # built before tables and signatories were told apart
            object.__setattr__(self, "table", tuple(self.signatories))

    @property
    def outcome(self) -> str:
        """``agreement``, ``partial agreement``, ``breakdown`` (deadline or walk-away) or ``no agreement``."""
        if self.agreement is not None:
            return "agreement"
        if self.partial:
            return "partial agreement"
        if self.ended_by in ("deadline", "walk-away"):
            return "breakdown"
        return "no agreement"

    @property
    def n_offers(self) -> int:
        """Number of offers made."""
        return len(self.offers["round"])

    def _name(self, row: int) -> str:
        return "mediator" if row < 0 else self.actors[row]

    def _offer_label(self, i: int) -> str:
        k = self.offers["issue"][i]
        if k >= 0:
            return f"{self.issues[k]}={self.options[k][self.offers['option'][i]]}"
        return f"#{self.offers['package'][i]}"

    def terms(self, package: int) -> str:
        """Package ``package`` as option ids per issue: ``I1=a, I2=b, ...``."""
        digits = []
        n = int(package)
        for opts in reversed(self.options):  # the last issue varies fastest (DealSpace numbering)
            n, d = divmod(n, len(opts))
            digits.append(d)
        return ", ".join(
            f"{issue}={opts[d]}"
            for issue, opts, d in zip(self.issues, self.options, digits[::-1], strict=True)
        )

    def _offer_terms(self, i: int) -> str:
        k = self.offers["issue"][i]
        if k >= 0:
            return f"{self.issues[k]}={self.options[k][self.offers['option'][i]]}"
        return self.terms(self.offers["package"][i])

    def track_values(self) -> dict[str, FloatArray]:
        """Each track's value per recorded round."""
        tr = self.rounds["tracks"]
        return {t: tr[:, j] for j, t in enumerate(self.track_ids)}

    def concession_curves(self) -> dict[str, tuple[list[int], list[float]]]:
        """Per proposer, the rounds of its full offers and its own utility of each (concession curve)."""
        out: dict[str, tuple[list[int], list[float]]] = {}
        for i, (r, p) in enumerate(zip(self.offers["round"], self.offers["proposer"], strict=True)):
            if self.offers["issue"][i] >= 0 or p < 0:
                continue
            xs, ys = out.setdefault(self.actors[p], ([], []))
            xs.append(int(r))
            ys.append(float(self.offer_utilities[i, p]))
        return out

    def records(self) -> list[dict[str, Any]]:
        """The trace as a tidy table: one dict per event, keys :data:`RECORD_COLUMNS`, in round order."""
        by_round: dict[int, list[dict[str, Any]]] = {}

        def add(
            r: int,
            event: str,
            actor: str = "",
            subject: str = "",
            offer: str = "",
            value: float | None = None,
            accepted: bool | None = None,
            detail: str = "",
            terms: str = "",
        ) -> None:
            by_round.setdefault(int(r), []).append(
                {
                    "round": int(r),
                    "event": event,
                    "actor": actor,
                    "subject": subject,
                    "offer": offer,
                    "value": None if value is None else float(value),
                    "accepted": accepted,
                    "detail": detail,
                    "terms": terms,
                }
            )

        rr = self.rounds
        for j, r in enumerate(rr["round"].tolist()):
            for t, tid in enumerate(self.track_ids):
                add(r, "track", subject=tid, value=rr["tracks"][j, t])
            for a in self.table:
                add(r, "batna", actor=a, value=rr["batna"][j, self.actors.index(a)])
        resp_by_offer: dict[int, list[int]] = {}
        for n, oid in enumerate(self.responses["offer"]):
            resp_by_offer.setdefault(oid, []).append(n)
        for i, r in enumerate(self.offers["round"]):
            p = self.offers["proposer"][i]
            label = self._offer_label(i)
            terms = self._offer_terms(i)
            k = self.offers["issue"][i]
            subject = self.issues[k] if k >= 0 else ""
            own = None if p < 0 else self.offer_utilities[i, p]
            add(
                r,
                "offer",
                self._name(p),
                subject,
                label,
                own,
                bool(self.offers["accepted"][i]),
                self.offers["note"][i],
                terms,
            )
            for n in resp_by_offer.get(i, []):
                a = self.responses["actor"][n]
                blocking = ",".join(self.issues[b] for b in self.responses["blocking"][n])
                add(
                    r,
                    "response",
                    self.actors[a],
                    subject,
                    label,
                    self.offer_utilities[i, a],
                    bool(self.responses["accepted"][n]),
                    blocking,
                    terms,
                )
        for issue, r in self.partial_rounds.items():
            add(
                r,
                "partial",
                actor=",".join(self.partial_parties.get(issue, ())),
                subject=issue,
                offer=f"{issue}={self.partial[issue]}",
                accepted=True,
                terms=f"{issue}={self.partial[issue]}",
            )
        if self.agreement is not None:
            add(
                self.round,
                "agreement",
                offer=f"#{self.agreement_index}",
                accepted=True,
                terms=", ".join(f"{k}={v}" for k, v in self.agreement.items()),
            )
        add(self.round, "end", detail=self.ended_by + (f": {','.join(self.walked)}" if self.walked else ""))
        return [rec for r in sorted(by_round) for rec in by_round[r]]

    def to_csv(self, path: str | Path | None = None) -> str:
        """The tidy trace as CSV (no pandas needed)."""
        return write_csv(self.records(), path)

    def summary(self) -> dict[str, Any]:
        """The outcome without the trace (JSON-ready)."""
        tracks = {t: float(v[-1]) for t, v in self.track_values().items()}
        return {
            "outcome": self.outcome,
            "ended_by": self.ended_by,
            "round": self.round,
            "protocol": self.protocol,
            "seed": self.seed,
            "n_rounds": self.n_rounds,
            "strategies": dict(self.strategies),
            "mediator": self.mediator,
            "table": list(self.table),
            "signatories": list(self.signatories),
            "agreement": self.agreement,
            "partial": dict(self.partial),
            "partial_rounds": dict(self.partial_rounds),
            "partial_parties": {k: list(v) for k, v in self.partial_parties.items()},
            "clocks": dict(self.clocks),
            "walked": list(self.walked),
            "frozen": dict(self.frozen),
            "utilities": dict(self.utilities),
            "final_tracks": tracks,
            "n_offers": self.n_offers,
        }

    def to_dict(self) -> dict[str, Any]:
        """The outcome and the tidy trace (JSON-ready)."""
        return {**self.summary(), "trace": self.records()}
