"""Tests for the KTAB Spatial Model of Politics: KTAB's reference logs, properties, bad input.

The reference logs (``ktab/20170530_ref-*.txt``) print every intermediate quantity; they are parsed here.
Two kinds of reproduction are checked:

- *turn by turn*: from each state the log records (positions and ideals), one SMP round gives KTAB's
  targets, win probabilities, chosen bargains and next state (within 0.1 on 0-100; in fact 0.01);
- *free running*: the whole run from the input: dummyData_3Dim exactly (10 turns), smpExample (Stochastic
  transitions) with KTAB's recorded draws replayed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.forecast import ForecastInput, run_model
from accord.forecast.smp import SMPModel, SMPParams, fractional_change, smp, smp_run
from accord.forecast.smp_rules import (
    VOTE_RULES,
    canonical,
    estimated_risk,
    pce,
    risk_attitudes,
    victory_prob,
)
from accord.scenario.importers.ktab import read_ktab, read_ktab_arrays

TOL = 0.1  # the brief: every actor's position within 0.1 on the 0-100 scale


# ---------------------------------------------------------------------------------------- log parsing


@dataclass
class KTABLog:
    """What a KTAB SMP reference log records, per turn t (state t -> state t + 1)."""

    positions: list[np.ndarray] = field(default_factory=list)  # per state, 0-100
    ideals: list[np.ndarray] = field(default_factory=list)
    targets: dict[tuple[int, int], tuple[int, float]] = field(default_factory=dict)  # (t, i) -> (j, gain)
    no_target: set[tuple[int, int]] = field(default_factory=set)
    p_win: dict[tuple[int, int, int], float] = field(default_factory=dict)  # (t, i, j) -> i's estimate
    chosen: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (t, actor) -> (i, j)
    fractions: list[float] = field(default_factory=list)
    probs: np.ndarray | None = None  # (n_states, n_actors)
    risk: list[np.ndarray] = field(default_factory=list)  # inferred risk attitudes per state
    n_states: int = 0


def parse_log(path: Path, n_actors: int, initial: np.ndarray) -> KTABLog:
    """Parse a KTAB SMP log (smpc 0.1 format)."""
    lines = path.read_text().splitlines()
    log = KTABLog(positions=[initial.copy()], ideals=[initial.copy()])
    turn, actor, queues = -1, -1, {}
    for k, line in enumerate(lines):
        if line.startswith("Starting Model::run iteration"):
            turn += 1
        if m := re.match(
            r"In turn (\d+) actor (\d+) has most advantageous target (\d+) worth ([-\d.]+)", line
        ):
            log.targets[(int(m[1]), int(m[2]))] = (int(m[3]), float(m[4]))
        if m := re.match(r"In turn (\d+) Actor (\d+) has no advantageous targets", line):
            log.no_target.add((int(m[1]), int(m[2])))
        if m := re.match(r"Est by\s+(\d+) of prob ([\d.]+) that \[\s*(\d+)>\s*(\d+)\]", line):
            if m[1] == m[3]:
                log.p_win[(turn, int(m[3]), int(m[4]))] = float(m[2])
        if m := re.match(r"Bargains involving actor\s+(\d+): (.*)", line):
            # KTAB's multi-threaded id counter can hand out one id twice: identify bargains by position
            queues[int(m[1])] = [(int(a), int(b)) for a, b in re.findall(r"\[\d+, (\d+):(\d+)\]", m[2])]
        if m := re.match(r"Doing scalarPCE for the \d+ bargains of actor (\d+)", line):
            actor = int(m[1])
        if m := re.match(r"Chosen bargain \( \w+ \): \d+ (\d+) out of", line):
            log.chosen[(turn, actor)] = queues[actor][int(m[1]) - 1]
        if m := re.match(r"(postn|ideal) (\d+) , \d+ :", line):
            a = int(m[2])
            store = log.positions if m[1] == "postn" else log.ideals
            if a == 0:
                store.append(np.zeros_like(initial))
            store[-1][a] = np.array(lines[k + 1].split(), dtype=float)
        if line.startswith("Inferred risk attitudes"):
            log.risk.append(np.array([float(x) for x in lines[k + 1 : k + 1 + n_actors]]))
        if m := re.match(r"Fractional change compared to first step: ([\d.]+)", line):
            log.fractions.append(float(m[1]))
        if m := re.match(r"There were (\d+) states", line):
            log.n_states = int(m[1])
    rows = [ln.split(":", 1)[1].split() for ln in lines if re.match(r"^\S.*, prob :", ln)]
    log.probs = np.array(rows, dtype=float).T
    assert log.probs.shape[1] == n_actors
    return log


@pytest.fixture(scope="module")
def dummy(shared_data: Path):
    arr = read_ktab_arrays(shared_data / "ktab" / "dummyData_3Dim.csv")
    log = parse_log(shared_data / "ktab" / "20170530_ref-dummyData_3Dim.txt", 7, arr.positions)
    return arr, log


@pytest.fixture(scope="module")
def example(shared_data: Path):
    arr = read_ktab_arrays(shared_data / "ktab" / "smpExample.xml", strict=False)
    text = (shared_data / "ktab" / "20170530_ref-smpExample.txt").read_text()
    # smpExample.xml leaves Alice's first coordinate empty; the log shows KTAB read 52.80 there
    read = [float(x) for x in re.findall(r"Read dimension \d+: ([\d.]+)", text)]
    positions = np.array(read).reshape(5, 3)
    given = ~np.isnan(arr.positions)
    assert not given[0, 0] and np.allclose(positions[given], arr.positions[given])
    log = parse_log(shared_data / "ktab" / "20170530_ref-smpExample.txt", 5, positions)
    return arr, positions, log


# ------------------------------------------------------------------------------- dummyData_3Dim (CSV)


def test_dummy_log_parsed(dummy):
    arr, log = dummy
    assert log.n_states == 11 and len(log.positions) == 11 and len(log.fractions) == 10


def test_dummy_each_turn_matches_log(dummy):
    """From every recorded state, one round reproduces KTAB's challenges, choices and next state."""
    arr, log = dummy
    worst = 0.0
    for t in range(log.n_states - 1):
        run = smp_run(arr.capabilities, log.positions[t], arr.saliences, SMPParams(max_rounds=1))
        rnd = run.rounds[0]
        for i in range(7):
            if (t, i) in log.no_target:
                assert rnd.targets[i] == -1, (t, i)
                continue
            j, gain = log.targets[(t, i)]
            assert rnd.targets[i] == j, (t, i)
            assert rnd.gains[i] == pytest.approx(gain, abs=6e-4)
            assert rnd.p_win[i] == pytest.approx(log.p_win[(t, i, j)], abs=6e-5)
        assert rnd.chosen == [log.chosen[(t, a)] for a in range(7)], t
        assert rnd.risk == pytest.approx(log.risk[t], abs=6e-4)
        worst = max(worst, float(np.abs(run.positions[1] - log.positions[t + 1]).max()))
        # KTAB's "prob" history: risk-aware PCE over the distinct positions
        assert run.probs[0] == pytest.approx(log.probs[t], abs=6e-5)
    assert worst < 1e-6  # to the log's printed precision


def test_dummy_stop_rule_matches_log(dummy):
    arr, log = dummy
    frac = fractional_change(np.array(log.positions) / 100.0)
    assert frac == pytest.approx(log.fractions, abs=6e-5)
    # the rule (from the second step on, below 0.02) stops after step 10, as KTAB did
    stops = [t + 1 for t in range(1, len(frac)) if frac[t] < 0.02]
    assert stops[0] == log.n_states - 1 == 10


def test_dummy_free_run_matches_log(dummy):
    arr, log = dummy
    res = smp(arr.capabilities, arr.positions, arr.saliences)
    assert res.n_rounds == log.n_states - 1 == 10 and res.converged
    assert np.abs(res.trajectory - np.array(log.positions)).max() <= TOL
    # in fact to the printed precision (KTAB keeps bargains on the 0.01 grid)
    assert np.abs(res.trajectory - np.array(log.positions)).max() < 1e-6


def test_dummy_bargain_copies_differ_like_ktabs(dummy):
    """KTAB's two copies of bargain [0:6] in turn 0 differ by one grid step (24.78 vs 24.79)."""
    arr, log = dummy
    run = smp_run(arr.capabilities, arr.positions, arr.saliences, SMPParams(max_rounds=1))
    assert run.positions[1, 0, 1] == pytest.approx(44.71) and run.positions[1, 4, 1] == pytest.approx(44.72)
    assert run.positions[1, 6, 1] == pytest.approx(24.79)
    # without the grid the copies coincide to 1e-3
    raw = smp_run(arr.capabilities, arr.positions, arr.saliences, SMPParams(max_rounds=1, precision=None))
    assert abs(raw.positions[1, 0, 1] - raw.positions[1, 4, 1]) < 1e-2


# ----------------------------------------------------------------------- smpExample (XML, stochastic)


def _example_kwargs(arr, **options):
    return {"params": SMPParams(**arr.params, **options), "accommodation": arr.accommodation}


def test_example_parameters_from_xml(example):
    arr, _, _ = example
    assert arr.params == {
        "victory_prob_model": "Linear",
        "pce_model": "MarkovIncentive",
        "state_transition": "Stochastic",
        "vote_rule": "PropCbc",
        "big_r_adjust": "OneThird",
        "big_r_range": "Mid",
        "third_party_commit": "SemiCommit",
        "inter_vec_bargain": "S2P2",
        "bargain_model": "InitOnlyInterp",
    }
    assert arr.accommodation[1].tolist() == [0.07, 0.75, 0.0, 0.0, 0.0]


def _replay(log: KTABLog, offset: int = 0):
    """A chooser that picks, in turn ``offset + turn``, the bargain KTAB's log says each actor chose."""

    def choose(turn: int, actor: int, options: list[tuple[int, int]], probs: np.ndarray) -> int:
        return options.index(log.chosen[(offset + turn, actor)])

    return choose


def test_example_each_turn_matches_log(example):
    arr, positions, log = example
    for t in range(log.n_states - 1):
        run = smp_run(
            arr.capabilities,
            log.positions[t],
            arr.saliences,
            ideals=log.ideals[t],
            chooser=_replay(log, offset=t),
            **_example_kwargs(arr, max_rounds=1),
        )
        rnd = run.rounds[0]
        for i in range(5):
            if (t, i) in log.no_target:
                assert rnd.targets[i] == -1, (t, i)
                continue
            j, gain = log.targets[(t, i)]
            assert rnd.targets[i] == j and rnd.gains[i] == pytest.approx(gain, abs=6e-4), (t, i)
            assert rnd.p_win[i] == pytest.approx(log.p_win[(t, i, j)], abs=6e-5)
        assert np.abs(run.positions[1] - log.positions[t + 1]).max() <= 0.0101
        assert np.abs(run.ideals[1] - log.ideals[t + 1]).max() <= 0.0101
        assert run.rounds[0].risk == pytest.approx(log.risk[t], abs=6e-4)
        assert run.probs[0] == pytest.approx(log.probs[t], abs=6e-5)


def test_example_free_run_with_recorded_draws(example):
    """The whole stochastic run, KTAB's draws replayed: 14 turns, every position within 0.1."""
    arr, positions, log = example

    res = smp(arr.capabilities, positions, arr.saliences, chooser=_replay(log), **_example_kwargs(arr))
    assert res.n_rounds == log.n_states - 1 == 14
    assert res.converged
    assert np.abs(res.trajectory - np.array(log.positions)).max() <= TOL
    assert np.abs(res.trajectory - np.array(log.positions)).max() < 1e-6
    assert res.params["pce_model"] == "MarkovIncentive"


# ------------------------------------------------------------------------------------------ properties


def test_unanimous_position_stays():
    res = smp([10, 20, 30], [[40, 60]] * 3, [[50, 30], [20, 20], [70, 10]])
    assert res.forecast == pytest.approx([40, 60])
    assert np.all(res.trajectory == np.array([[40, 60]] * 3))
    assert res.converged and not res.moves


def test_zero_saliences_give_a_clear_answer():
    res = smp([1, 2, 3], [[10], [50], [90]], [[0], [0], [0]])
    assert not np.isnan(res.forecast).any()
    assert np.all(res.trajectory == res.trajectory[0])
    assert res.converged


@pytest.mark.parametrize(
    ("caps", "pos", "sal", "match"),
    [
        ([1], [[50]], [[50]], "at least 2 actors"),
        ([1, 2], [[50], [np.nan]], [[50], [50]], "finite"),
        ([1, -2], [[50], [40]], [[50], [50]], "non-negative"),
        ([0, 0], [[50], [40]], [[50], [50]], "positive capability"),
        ([1, 2], [[50], [140]], [[50], [50]], "positions must lie"),
        ([1, 2, 3], [[50], [40]], [[50], [50]], "need capabilities"),
    ],
)
def test_bad_input_raises(caps, pos, sal, match):
    with pytest.raises(ValueError, match=match):
        smp(caps, pos, sal)


def test_unknown_option_raises():
    with pytest.raises(InputError, match="smp.vote_rule: 'Borda' is not one of"):
        SMPParams(vote_rule="Borda")
    with pytest.raises(InputError, match="smp.max_rounds"):
        SMPModel(max_rounds=0)
    assert canonical("one_third", ("NoRA", "OneThird"), "x") == "OneThird"


def test_deterministic_and_seeded():
    caps, pos, sal = (
        [30, 50, 20, 40],
        [[10, 80], [60, 20], [90, 50], [40, 40]],
        [[60, 20], [30, 50], [80, 10], [40, 40]],
    )
    a, b = smp(caps, pos, sal), smp(caps, pos, sal)
    assert np.array_equal(a.trajectory, b.trajectory) and a.moves == b.moves
    s1 = smp(caps, pos, sal, SMPParams(state_transition="Stochastic"), seed=7)
    s2 = smp(caps, pos, sal, SMPParams(state_transition="Stochastic"), seed=7)
    assert np.array_equal(s1.trajectory, s2.trajectory)


def test_moves_explain_the_trajectory(dummy):
    arr, _ = dummy
    res = smp(arr.capabilities, arr.positions, arr.saliences, actor_names=arr.actor_names)
    assert res.moves
    for mv in res.moves:
        assert mv.before == res.trajectory[mv.round - 1, mv.actor, mv.issue]
        assert mv.after == res.trajectory[mv.round, mv.actor, mv.issue]
        assert mv.reason == "bargain" and mv.counterpart is not None and "challenged" in mv.detail
    moved = np.abs(np.diff(res.trajectory, axis=0)) > 0
    assert len(res.moves) == int(moved.sum())


@pytest.mark.parametrize("vote_rule", VOTE_RULES)
@pytest.mark.parametrize("pce_model", ["Conditional", "MarkovUniform", "MarkovIncentive"])
def test_every_option_runs_without_nan(dummy, vote_rule, pce_model):
    arr, _ = dummy
    res = smp(
        arr.capabilities,
        arr.positions,
        arr.saliences,
        SMPParams(vote_rule=vote_rule, pce_model=pce_model, max_rounds=5),
    )
    assert np.isfinite(res.trajectory).all() and np.isfinite(res.forecast).all()


@pytest.mark.parametrize(
    "kw",
    [
        {"victory_prob_model": "Quartic"},
        {"victory_prob_model": "Binary"},
        {"big_r_range": "Max", "big_r_adjust": "FullRA"},
        {"third_party_commit": "NoCommit"},
        {"third_party_commit": "FullCommit"},
        {"inter_vec_bargain": "S1P1", "bargain_model": "PWCompInterp"},
        {"bargain_model": "InitRcvrInterp", "precision": None},
    ],
)
def test_other_options_run(dummy, kw):
    arr, _ = dummy
    res = smp(arr.capabilities, arr.positions, arr.saliences, SMPParams(max_rounds=5, **kw))
    assert np.isfinite(res.trajectory).all()
    assert (res.trajectory >= 0).all() and (res.trajectory <= 100).all()


def test_victory_probabilities_as_documented():
    # KTAB's documented values for a 2:1 coalition
    for model, expected in [("Linear", 2 / 3), ("Square", 4 / 5), ("Quartic", 16 / 17), ("Octic", 256 / 257)]:
        assert float(victory_prob(model, np.array(2.0), np.array(1.0))) == pytest.approx(expected)
    assert float(victory_prob("Binary", np.array(1.1), np.array(0.9))) == 1.0
    assert float(victory_prob("Linear", np.array(0.0), np.array(0.0))) == 0.5


def test_risk_ranges_and_estimates():
    probs = np.array([0.1, 0.3, 0.6])
    assert risk_attitudes("Min", probs).tolist() == pytest.approx([0, 0.4, 1])
    assert risk_attitudes("Mid", probs).tolist() == pytest.approx([-0.5, 0.1, 1])
    assert risk_attitudes("Max", probs).tolist() == pytest.approx([-1, -0.2, 1])
    assert risk_attitudes("Mid", np.full(3, 1 / 3)).tolist() == [0, 0, 0]
    est = estimated_risk("OneThird", np.array([1.0, -0.5]))
    assert np.allclose(est, [[1.0, 0.5], [0.0, -0.5]])


def test_pce_sums_to_one_and_prefers_the_favourite():
    utils = np.array([[1.0, 0.2, 0.1], [0.9, 0.3, 0.2], [0.1, 1.0, 0.5]])
    for model in ("Conditional", "MarkovUniform", "MarkovIncentive"):
        p = pce(model, "Prop", "Linear", np.array([3.0, 2.0, 1.0]), utils)
        assert p.sum() == pytest.approx(1.0) and np.argmax(p) == 0


@settings(max_examples=25, deadline=None)
@given(n=st.integers(3, 7), m=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_actor_order_invariance(n, m, seed):
    """Relabelling the actors relabels the run. Inputs are drawn from a continuous distribution: exact
    ties (e.g. two identical actors equally attractive as targets) are broken by index, as in KTAB."""
    rng = np.random.default_rng(seed)
    caps = rng.uniform(1, 100, n)
    pos = rng.uniform(0, 100, (n, m))
    sal = rng.uniform(5, 90 / m, (n, m))
    perm = rng.permutation(n)
    a = smp(caps, pos, sal, SMPParams(max_rounds=10))
    b = smp(caps[perm], pos[perm], sal[perm], SMPParams(max_rounds=10))
    assert a.n_rounds == b.n_rounds
    assert np.allclose(a.trajectory[:, perm], b.trajectory, atol=1e-9)
    # actors within KTAB's 0.01 grid share one PCE option, represented by whichever comes first
    assert np.allclose(a.forecast, b.forecast, atol=0.02)


# ------------------------------------------------------------------------------------ facade, scenario


def test_model_facade_and_scenario_entry(shared_data):
    scen = read_ktab(shared_data / "ktab" / "SOE-Competitive.csv")
    res = run_model("smp", scen)
    direct = smp(scen.capabilities, scen.positions, scen.saliences)
    assert res.model == "smp" and res.forecast == pytest.approx(direct.forecast)
    model = SMPModel().run(ForecastInput.from_scenario(scen), np.random.default_rng(0))
    np.testing.assert_array_equal(model.forecast, res.forecast)
    assert 0 <= res.forecast[0] <= 100 and res.converged


def test_scenario_entry_handles_missing_stances():
    from accord.scenario.model import Actor, Issue, Scenario, Stance

    scen = Scenario(
        actors=(Actor("a", "A", 10), Actor("b", "B", 20), Actor("c", "C", 30), Actor("d", "D", 5)),
        issues=(Issue("x", "X", 0, 10), Issue("y", "Y", -5, 5)),
        stances=(
            Stance("a", "x", 2, 60),
            Stance("a", "y", 4, 20),
            Stance("b", "x", 8, 50),
            Stance("c", "x", 5, 40),
            Stance("c", "y", -4, 30),
        ),
    )
    res = run_model("smp", scen)
    assert np.isnan(res.trajectory[:, 3]).all()  # d has no stance at all
    assert 0 <= res.forecast[0] <= 10 and -5 <= res.forecast[1] <= 5
