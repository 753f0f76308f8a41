"""The compiled round loop against the round-by-round path, run by run, and when it is used."""

from __future__ import annotations

import importlib
import itertools
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.simulate import Negotiation
from accord.simulate.strategies.base import TimeDependent

from .pinned import digest, random_space

compiled = importlib.import_module("accord.simulate.compiled")
if importlib.util.find_spec("numba") is None:
    if os.environ.get("CI"):
        pytest.fail("CI is set but numba is not installed: the compiled round loop is untested")
    pytest.skip("numba is not installed: runs stay on the Python paths", allow_module_level=True)

from .hyp import tables  # noqa: E402

ELIGIBLE = ["boulware", "conceder", "deadline-driven", "hardliner", "linear", "staller", "tit-for-tat"]


def compiled_run(neg: Negotiation):
    """``neg.run()`` through the compiled loop (whatever the horizon), then Python to the end."""
    assert compiled.compilable(neg, min_rounds=1)
    compiled.run_compiled(neg)
    while not neg.done:
        neg.step()
    return neg.result()


@pytest.mark.parametrize(("a", "b"), list(itertools.product(ELIGIBLE, ELIGIBLE)))
def test_pairs_equal_round_by_round(a: str, b: str) -> None:
    space = random_space(3, 10, 2)
    for deadlines in ({}, {"agent1": 150}, {"agent0": 7}):
        kw = {"n_rounds": 3000, "deadlines": deadlines, "patience": 3000}
        want = Negotiation(space, {"agent0": a, "agent1": b}, batch=False, **kw).run()
        got = compiled_run(Negotiation(space, {"agent0": a, "agent1": b}, **kw))
        assert digest(got) == digest(want), (a, b, deadlines)


def test_larger_tables_with_a_non_signatory() -> None:
    space = random_space(4, 5, 4, seed=7)
    for combo in itertools.permutations(["tit-for-tat", "boulware", "tit-for-tat", "staller"]):
        table = {f"agent{i}": s for i, s in enumerate(combo)}
        kw = {
            "n_rounds": 500,
            "signatories": ["agent0", "agent1", "agent3"],
            "deadlines": {"agent3": 400},
            "patience": 500,
        }
        want = Negotiation(space, table, batch=False, **kw).run()
        assert digest(compiled_run(Negotiation(space, table, **kw))) == digest(want), combo


@settings(max_examples=40, deadline=None)
@given(tables(ELIGIBLE), st.integers(1, 60), st.integers(0, 3), st.integers(1, 80))
def test_random_tables_equal_round_by_round(table, n_rounds, seed, patience) -> None:
    space, assign = table
    kw = {"n_rounds": n_rounds, "seed": seed, "patience": patience}
    want = Negotiation(space, assign, batch=False, **kw).run()
    assert digest(compiled_run(Negotiation(space, assign, **kw))) == digest(want)


def test_the_loop_takes_over_midway_with_the_offer_log() -> None:
    # tit-for-tat reads the offers made before the loop starts
    space = random_space(3, 10, 2)
    table = {"agent0": "tit-for-tat", "agent1": "conceder"}
    want = Negotiation(space, table, n_rounds=2000, batch=False).run()
    neg = Negotiation(space, table, n_rounds=2000)
    for _ in range(9):
        neg.step()
    assert digest(compiled_run(neg)) == digest(want)


class MyConceder(TimeDependent):
    """A plug-in: even a subclass of a built-in may change what it does, so it stays in Python."""

    name = "My Conceder"


def test_when_the_loop_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    space = random_space(3, 10, 2)
    pair = {"agent0": "boulware", "agent1": "tit-for-tat"}
    monkeypatch.setattr(compiled, "_warm", False)
    assert not compiled.compilable(Negotiation(space, pair, n_rounds=26))  # too short to start numba for
    monkeypatch.setattr(compiled, "_warm", True)
    assert compiled.compilable(Negotiation(space, pair, n_rounds=26))  # once numba is up, any length
    assert compiled.compilable(Negotiation(space, pair, n_rounds=100_000))
    assert not compiled.compilable(Negotiation(space, pair, n_rounds=100_000, batch=False))
    assert not compiled.compilable(
        Negotiation(space, {"agent0": MyConceder(), "agent1": "tit-for-tat"}, n_rounds=100_000)
    )
    assert not compiled.compilable(
        Negotiation(space, {**pair, "agent0": "anchor-and-cede"}, n_rounds=100_000)
    )
    mediated = Negotiation(space, pair, protocol="single-text", n_rounds=100_000)
    assert not compiled.compilable(mediated)
    monkeypatch.setattr(compiled, "find_spec", lambda name: None)
    assert not compiled.compilable(Negotiation(space, pair, n_rounds=100_000))


def test_a_long_run_takes_the_loop_and_gives_the_same_result() -> None:
    space = random_space(3, 10, 2)
    pair = {"agent0": "boulware", "agent1": "tit-for-tat"}
    fast = Negotiation(space, pair, n_rounds=100_000, patience=100_000).run()
    slow = Negotiation(space, pair, n_rounds=100_000, patience=100_000, batch=False).run()
    assert fast.round > 10_000 and digest(fast) == digest(slow)
