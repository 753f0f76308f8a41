"""Exogenous tracks: processes beside the table (the battlefield) that move capabilities, BATNAs and more.

The classes are re-exported by :mod:`accord.scenario.model`; the file's ``tracks:`` section is read by
``_tracks``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TRACK_TARGETS", "Track", "TrackEffect", "TrackEvent"]


#: What a track can move: an actor's capability or BATNA, an issue's status quo, or an actor's salience of
#: an issue (a bargaining chip whose value follows the track).
TRACK_TARGETS = ("capability", "batna", "status_quo", "salience")


@dataclass(frozen=True)
class TrackEffect:
    """How a track moves one quantity: ``target += per_unit * (track value - initial value)``.

    ``actor`` is required for capability, batna and salience; ``issue`` for status_quo and salience.
    """

    target: str
    per_unit: float
    actor: str | None = None
    issue: str | None = None


@dataclass(frozen=True)
class TrackEvent:
    """A scheduled jump of a track's value at the start of a round."""

    round: int
    change: float
    note: str = ""


@dataclass(frozen=True)
class Track:
    """An exogenous process beside the table (the battlefield, a shrinking salient).

    Each round the value moves by ``drift`` plus Gaussian noise of standard deviation ``noise`` (seeded by
    the simulation), plus any scheduled events, clipped to ``[lo, hi]``. While an agreement on
    ``freeze_issue`` lies within ``[freeze_min, freeze_max]`` (a ceasefire), the track stops moving.
    """

    id: str
    name: str
    initial: float
    drift: float = 0.0
    noise: float = 0.0
    lo: float = -np.inf
    hi: float = np.inf
    effects: tuple[TrackEffect, ...] = ()
    events: tuple[TrackEvent, ...] = ()
    freeze_issue: str | None = None
    freeze_min: float = -np.inf
    freeze_max: float = np.inf
    description: str = ""
    sources: tuple[str, ...] = ()
