"""Properties of every run: agreements are individually rational and cross no red line; runs end by the
horizon and deadlines; seeded runs repeat; the batched path equals the round-by-round one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.simulate import Negotiation

from .hyp import TIME_BASED, tables


@settings(max_examples=60, deadline=None)
@given(tables(), st.integers(1, 30), st.integers(0, 3), st.sampled_from(["alternating", "single-text"]))
def test_agreements_are_rational_and_within_red_lines(table, n_rounds, seed, protocol) -> None:
    space, assign = table
    res = Negotiation(space, assign, n_rounds=n_rounds, seed=seed, protocol=protocol).run()
    assert 1 <= res.round <= n_rounds
    if res.agreement_index is not None:
        u = space.utilities([res.agreement_index])[0]
        assert all(u >= space.disagreement - 1e-9)
        assert space.red_line_mask([res.agreement_index])[0]
        assert res.ended_by == "agreement"
    else:
        assert res.ended_by in ("horizon", "walk-away", "deadline")


@settings(max_examples=40, deadline=None)
@given(tables(TIME_BASED), st.integers(1, 40), st.integers(1, 10))
def test_batched_equals_round_by_round(table, n_rounds, deadline) -> None:
    space, assign = table
    deadlines = {space.actors[0]: deadline}
    a = Negotiation(space, assign, n_rounds=n_rounds, deadlines=deadlines).run()
    b = Negotiation(space, assign, n_rounds=n_rounds, deadlines=deadlines, batch=False).run()
    assert a.to_csv() == b.to_csv()
    assert a.round <= min(n_rounds, deadline + 1)


@settings(max_examples=25, deadline=None)
@given(tables(), st.integers(0, 2**31))
def test_seeded_runs_repeat(table, seed) -> None:
    space, assign = table
    one = Negotiation(space, assign, seed=seed, n_rounds=12).run()
    two = Negotiation(space, assign, seed=seed, n_rounds=12).run()
    assert one.to_csv() == two.to_csv()
