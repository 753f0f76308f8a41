"""Timed-out turns in the engine: the fallback strategy's move, its mark in the trace, exact replay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import accord
from accord.errors import InputError
from accord.play import Game, Move
from accord.play.text import render_debrief
from accord.play.turns import TurnClock, check_turn_limit, fallback_move, fallback_strategy
from accord.simulate import default_strategies

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def scenario() -> accord.Scenario:
    return accord.load_scenario(FLAGSHIP)


def test_time_out_plays_the_declared_strategy_and_replays(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["usa", "ukraine"], seed=0, n_rounds=4)
    (due,) = game.due()
    assert fallback_strategy(game, due) == default_strategies(scenario)[due]
    expected = fallback_move(game, due)
    record = game.time_out(due)
    assert record.timed_out and record.played_by == default_strategies(scenario)[due]
    assert (record.kind, record.package) == (expected.kind, expected.package)
    trace = game.trace()
    assert trace["moves"][0]["timed_out"] is True and trace["moves"][0]["played_by"] == record.played_by
    again = Game.replay(scenario, trace)
    assert again.trace() == trace and again.due() == game.due()
    (debrief,) = [d for d in game.report().debrief if d.seat == due]
    assert debrief.decisions[0].move == record and "timed-out" in {m.kind for m in debrief.moments}
    assert f"(timed out: {record.played_by})" in render_debrief(debrief)
    with pytest.raises(InputError, match="no move due"):
        game.time_out("russia")  # a strategy's seat: never due


def test_a_pass_is_only_a_timed_out_move(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["ukraine"], seed=0, n_rounds=6)
    with pytest.raises(InputError, match="not one of"):
        Move.from_dict({"kind": "pass"})
    with pytest.raises(InputError, match="played_by"):
        Move.from_dict({"kind": "pass"}, timed_out=True)
    while game.view("ukraine").question != "propose":
        game.move("ukraine", Move("reject"))
    with pytest.raises(InputError, match="'pass' is only"):
        game.move("ukraine", Move("pass"))  # a person cannot pass
    game.move("ukraine", Move("pass", played_by="linear"))  # a fallback that offered nothing can
    trace = game.trace()
    assert trace["moves"][-1]["kind"] == "pass" and trace["moves"][-1]["timed_out"] is True
    assert Game.replay(scenario, trace).trace() == trace


def test_the_clock_expires_deadlines_in_order(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["usa", "ukraine"], seed=0, n_rounds=4)
    clock = TurnClock(60)
    clock.follow(game, T0)
    assert clock.deadline(game) == T0 + timedelta(seconds=60)
    assert clock.expire(game, T0 + timedelta(seconds=59)) == []
    played = clock.expire(game, T0 + timedelta(seconds=130))
    assert len(played) == 2 and all(m.timed_out for m in played)
    assert [b for _, b in clock.turns] == [T0 + timedelta(seconds=s) for s in (0, 60, 120)]
    stored = TurnClock.from_trace(clock.to_trace() | {"moves": game.trace()["moves"]})
    assert stored == clock
    untimed = TurnClock(None)
    untimed.follow(game, T0)
    assert untimed.expire(game, T0 + timedelta(days=30)) == [] and untimed.deadline(game) is None


@pytest.mark.parametrize("bad", [9, 604801, 1.5, "60", True])
def test_limits_are_checked(bad: object) -> None:
    with pytest.raises(InputError, match="from 10 to 604800"):
        check_turn_limit(bad)
    assert check_turn_limit(None) is None and check_turn_limit(10) == 10
