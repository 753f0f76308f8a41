"""Tracks: drift, seeded noise, events, clipping, freezing, effects, bad declarations."""

from __future__ import annotations

import numpy as np
import pytest

from accord.scenario import Track, TrackEffect, TrackEvent
from accord.simulate import TrackSet


def test_drift_events_clip_and_freeze() -> None:
    t = Track(
        "t",
        "T",
        initial=1.0,
        drift=-0.25,
        lo=0.0,
        hi=1.0,
        events=(TrackEvent(2, 0.5),),
        freeze_issue="i",
        freeze_max=70,
    )
    ts = TrackSet([t], ["a"], ["i"])
    rng = np.random.default_rng(0)
    values = []
    for r in range(1, 6):
        ts.advance(r, rng)
        values.append(float(ts.value[0]))
    assert values == [0.75, 1.0, 0.75, 0.5, 0.25]  # the event at round 2 is clipped at 1
    assert ts.freezes("i", 100.0) == [] and ts.freezes("i", 70.0) == [0]
    assert ts.freeze_on("i", 35.0) == ["t"]
    assert not ts.advance(6, rng) and ts.value[0] == 0.25


def test_noise_is_seeded_and_drawn_even_when_frozen() -> None:
    t = [Track("a", "A", initial=0, drift=0.1, noise=1.0), Track("b", "B", initial=0, noise=1.0)]
    one, two = TrackSet(t, [], []), TrackSet(t, [], [])
    r1, r2 = np.random.default_rng(5), np.random.default_rng(5)
    one.frozen[0] = True
    for r in range(1, 4):
        one.advance(r, r1)
        two.advance(r, r2)
    assert one.value[0] == 0.0
    assert one.value[1] == two.value[1]  # the same shocks despite the freeze


def test_effects_are_absolute_offsets() -> None:
    t = Track(
        "front",
        "F",
        initial=20,
        drift=1.0,
        effects=(
            TrackEffect("capability", 1.0, actor="a"),
            TrackEffect("batna", -0.01, actor="b"),
            TrackEffect("status_quo", 2.0, issue="i"),
            TrackEffect("salience", 5.0, actor="a", issue="i"),
        ),
    )
    ts = TrackSet([t], ["a", "b"], ["i"])
    for r in (1, 2, 3):
        ts.advance(r, np.random.default_rng(0))
    e = ts.effects()
    assert e.capability.tolist() == [3.0, 0.0]
    assert e.batna.tolist() == pytest.approx([0.0, -0.03])
    assert e.status_quo.tolist() == [6.0] and e.salience.tolist() == [[15.0], [0.0]]
    assert ts.batna_drift(1) == pytest.approx(-0.01)


@pytest.mark.parametrize(
    "effect, message",
    [
        (TrackEffect("batna", 1.0, actor="mars"), "unknown actor 'mars'"),
        (TrackEffect("status_quo", 1.0, issue="nope"), "unknown issue 'nope'"),
        (TrackEffect("mood", 1.0, actor="a"), "unknown effect target 'mood'"),
    ],
)
def test_bad_effects_are_refused(effect: TrackEffect, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TrackSet([Track("t", "T", initial=0, effects=(effect,))], ["a"], ["i"])


def test_freeze_on_and_batna_drift_agree_with_their_queries() -> None:
    # freeze_on freezes what freezes() names; batna_drift is batna_drift_of over the unfrozen tracks.
    tracks = [
        Track(
            "f", "F", initial=0, drift=2.0, effects=(TrackEffect("batna", 0.01, actor="a"),), freeze_issue="i"
        ),
        Track(
            "g",
            "G",
            initial=0,
            drift=1.0,
            effects=(TrackEffect("batna", 0.1, actor="a"),),
            freeze_issue="j",
            freeze_max=50,
        ),
        Track("h", "H", initial=0, drift=-1.0, effects=(TrackEffect("batna", 0.5, actor="b"),)),
    ]
    ts = TrackSet(tracks, ["a", "b"], ["i", "j"])
    assert ts.batna_drift(0) == ts.batna_drift_of(0, [0, 1]) == pytest.approx(0.12)
    assert ts.freeze_on("j", 100.0) == [] and not ts.frozen.any()  # above freeze_max
    assert ts.freezes("i", 10.0) == [0] and ts.freeze_on("i", 10.0) == ["f"]
    assert ts.frozen.tolist() == [True, False, False] and ts.freezes("i", 10.0) == []
    assert ts.batna_drift(0) == ts.batna_drift_of(0, [1]) == pytest.approx(0.1)
    assert ts.batna_drift(1) == pytest.approx(-0.5)
