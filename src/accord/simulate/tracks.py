"""Exogenous tracks beside the table: the battlefield, a shrinking bargaining chip.

Each round every track that is not frozen moves by its drift plus Gaussian noise (the run's seeded
``numpy.random.Generator``) plus the events scheduled for that round, and is clipped to its range. A
partial or full agreement on a track's ``freeze_issue`` whose option value lies within
``[freeze_min, freeze_max]`` freezes it (a ceasefire stops the front line).

Effects are absolute, as declared in the scenario: ``target = base + per_unit * (value - initial)``
summed over the effects on that target, so a track that returns to its initial value restores the base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.scenario import Track

__all__ = ["TrackSet", "TrackEffects"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class TrackEffects:
    """Offsets the tracks add to each target (zeros where no track acts)."""

    capability: FloatArray  # (n_actors,)
    batna: FloatArray  # (n_actors,)
    status_quo: FloatArray  # (n_issues,)
    salience: FloatArray  # (n_actors, n_issues)


class TrackSet:
    """The tracks of one run.

    Parameters
    ----------
    tracks : sequence of Track
    actors, issues : sequence of str
        Ids, in the order of the arrays the effects are written into.

    Raises
    ------
    ValueError
        When an effect names an unknown actor or issue, or a target that is not one of
        :data:`accord.scenario.TRACK_TARGETS`.
    """

    def __init__(self, tracks: Sequence[Track], actors: Sequence[str], issues: Sequence[str]) -> None:
        self.tracks = tuple(tracks)
        self.actors = tuple(actors)
        self.issues = tuple(issues)
        n_t = len(self.tracks)
        self.initial = np.array([t.initial for t in self.tracks], dtype=np.float64)
        self.drift = np.array([t.drift for t in self.tracks], dtype=np.float64)
        self.noise = np.array([t.noise for t in self.tracks], dtype=np.float64)
        self.lo = np.array([t.lo for t in self.tracks], dtype=np.float64)
        self.hi = np.array([t.hi for t in self.tracks], dtype=np.float64)
        self.value = self.initial.copy()
        self.frozen = np.zeros(n_t, dtype=bool)
        # Effects as (track, kind, row, col, per_unit) lists, checked once here.
        self._effects: list[tuple[int, str, int, int, float]] = []
        for t, track in enumerate(self.tracks):
            for e in track.effects:
                row = col = -1
                if e.target in ("capability", "batna", "salience"):
                    if e.actor not in self.actors:
                        raise ValueError(
                            f"track {track.id!r}: effect on unknown actor {e.actor!r}; "
                            f"actors are {', '.join(self.actors)}"
                        )
                    row = self.actors.index(e.actor)
                if e.target in ("status_quo", "salience"):
                    if e.issue not in self.issues:
                        raise ValueError(
                            f"track {track.id!r}: effect on unknown issue {e.issue!r}; "
                            f"issues are {', '.join(self.issues)}"
                        )
                    col = self.issues.index(e.issue)
                if e.target not in ("capability", "batna", "status_quo", "salience"):
                    raise ValueError(
                        f"track {track.id!r}: unknown effect target {e.target!r} "
                        "(capability, batna, status_quo or salience)"
                    )
                self._effects.append((t, e.target, row, col, float(e.per_unit)))
            if track.freeze_issue is not None and track.freeze_issue not in self.issues:
                raise ValueError(f"track {track.id!r}: freeze issue {track.freeze_issue!r} is not an issue")
        self._events: dict[int, list[tuple[int, float]]] = {}
        for t, track in enumerate(self.tracks):
            for ev in track.events:
                self._events.setdefault(int(ev.round), []).append((t, float(ev.change)))

    @property
    def ids(self) -> tuple[str, ...]:
        """Track ids in order."""
        return tuple(t.id for t in self.tracks)

    def advance(self, round_: int, rng: np.random.Generator) -> bool:
        """Move every unfrozen track one round; True when any value changed.

        Noise is drawn for every track every round, frozen or not, so that two runs from one seed see
        the same shocks up to the round where their agreements differ (common random numbers).
        """
        if not self.tracks:
            return False
        shock = rng.standard_normal(len(self.tracks))
        step = self.drift + self.noise * shock
        for t, change in self._events.get(round_, ()):
            step[t] += change
        new = np.clip(self.value + np.where(self.frozen, 0.0, step), self.lo, self.hi)
        changed = bool(np.any(new != self.value))
        self.value = new
        return changed

    def freeze_on(self, issue: str, option_value: float) -> list[str]:
        """Freeze the tracks an agreement at ``option_value`` on ``issue`` stops; their ids."""
        hit = self.freezes(issue, option_value)
        self.frozen[hit] = True
        return [self.tracks[t].id for t in hit]

    def freezes(self, issue: str, option_value: float) -> list[int]:
        """Track numbers an agreement at ``option_value`` on ``issue`` would freeze (no change made)."""
        return [
            t
            for t, track in enumerate(self.tracks)
            if not self.frozen[t]
            and track.freeze_issue == issue
            and track.freeze_min - 1e-9 <= option_value <= track.freeze_max + 1e-9
        ]

    def effects(self) -> TrackEffects:
        """Offsets from the current values: ``per_unit * (value - initial)`` summed per target."""
        out = TrackEffects(
            capability=np.zeros(len(self.actors)),
            batna=np.zeros(len(self.actors)),
            status_quo=np.zeros(len(self.issues)),
            salience=np.zeros((len(self.actors), len(self.issues))),
        )
        delta = self.value - self.initial
        for t, kind, row, col, per_unit in self._effects:
            d = per_unit * delta[t]
            match kind:
                case "capability":
                    out.capability[row] += d
                case "batna":
                    out.batna[row] += d
                case "status_quo":
                    out.status_quo[col] += d
                case "salience":
                    out.salience[row, col] += d
                case _:  # pragma: no cover - checked in __init__
                    raise ValueError(kind)
        return out

    def batna_drift(self, actor: int) -> float:
        """Expected change per round of an actor's BATNA from the unfrozen tracks' drifts."""
        return self.batna_drift_of(actor, np.flatnonzero(~self.frozen).tolist())

    def batna_drift_of(self, actor: int, tracks: Sequence[int]) -> float:
        """Expected change per round of an actor's BATNA from the given tracks."""
        out = 0.0
        for t, kind, row, _col, per_unit in self._effects:
            if kind == "batna" and row == actor and t in tracks:
                out += per_unit * float(self.drift[t])
        return out
