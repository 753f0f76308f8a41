"""Opening concessions, cheap-to-cede demands and logrolls."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from deal_strategies import brute_force, deal_spaces, scenarios
from hypothesis import given, settings

from accord.deals import (
    DealSpace,
    analyze,
    cheap_to_cede,
    deal_space_from_scenario,
    describe_opening,
    logrolls,
    milp_opening,
)
from accord.deals.concessions import crossing_costs, opening_cost
from accord.scenario import load_scenario

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


def two_party_clash() -> DealSpace:
    # Issue "land": A wants it all (red line: at least "half"), B refuses "all". Issue "money" is free.
    return DealSpace(
        issues=("land", "money"),
        options=(("none", "half", "all"), ("low", "high")),
        actors=("A", "B"),
        weights=[[0.8, 0.2], [0.3, 0.7]],
        values=([[0.0, 0.6, 1.0], [1.0, 0.5, 0.0]], [[0.0, 1.0], [1.0, 0.0]]),
        acceptable=([[False, False, True], [True, True, False]], [[True, True], [True, True]]),
    )


def test_opening_names_who_moves_and_what_it_costs():
    space = two_party_clash()
    result = analyze(space)
    assert not result.zopa and result.n_feasible == 0
    o = result.opening
    assert o is not None
    # Cheapest: A accepts "half" (loses 0.8 * (1.0 - 0.6) = 0.32) rather than B accepting "all"
    # (0.3 * (0.5 - 0.0) = 0.15)... B's move is cheaper.
    assert o.package["land"] == "all"
    assert o.movers == ("B",)
    assert [m.kind for m in o.moves] == ["red_line"]
    assert np.isclose(o.cost, 0.3 * 0.5)
    items = result.concessions()
    assert items[0]["kind"] == "open_deal" and items[0]["movers"] == ["B"]
    # B's nearest accepted option is "half", one step (option numbers are the scale here) short of "all".
    assert items[1] == {
        "kind": "red_line",
        "actor": "B",
        "cost": o.cost,
        "issue": "land",
        "option": "all",
        "limit": "half",
        "beyond": 1.0,
    }


def test_batna_drop_is_a_move():
    space = DealSpace(
        issues=("x",),
        options=(("p", "q"),),
        actors=("A", "B"),
        weights=[[1.0], [1.0]],
        values=([[1.0, 0.0], [0.0, 1.0]],),
        disagreement=[0.6, 0.7],
    )
    o = analyze(space).opening
    assert o is not None
    assert [m.kind for m in o.moves] == ["batna"]
    # A gets p (B drops 0.7), or B gets q (A drops 0.6): A's drop is cheaper.
    assert o.package == {"x": "q"} and o.movers == ("A",)
    assert np.isclose(o.cost, 0.6)
    assert o.moves[0].from_value == 0.6 and o.moves[0].to_value == 0.0


@settings(max_examples=80, deadline=None)
@given(deal_spaces())
def test_opening_cost_is_the_brute_force_minimum_and_milp_agrees(space):
    idx, utils, feasible = brute_force(space)
    cost = opening_cost(space, idx, utils)
    assert np.all(cost[feasible] == 0)
    best = cost.min()
    assert np.isclose(describe_opening(space, int(np.argmin(cost))).cost, best, atol=1e-12)
    j = milp_opening(space)
    assert np.isclose(cost[j], best, atol=1e-6)
    if not feasible.any():
        result = analyze(space)
        assert result.opening is not None and np.isclose(result.opening.cost, best, atol=1e-12)


def test_crossing_cost_is_zero_for_acceptable_options():
    tables = crossing_costs(two_party_clash())
    np.testing.assert_allclose(tables[0], [[0.8 * 1.0, 0.8 * 0.4, 0.0], [0.0, 0.0, 0.3 * 0.5]])
    np.testing.assert_allclose(tables[1], 0.0)


def flag_space(**extra) -> DealSpace:
    # A demands the extreme option on "flag" but weighs it little; B weighs it highly; C barely counts.
    return DealSpace(
        issues=("flag", "core"),
        options=(("a", "mid", "b"), ("a", "b")),
        actors=("A", "B", "C"),
        weights=[[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]],
        values=([[1.0, 0.5, 0.0], [0.0, 0.5, 1.0], [0.0, 0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]),
        **extra,
    )


def test_cheap_to_cede_finds_the_low_weight_extreme_demand():
    items = cheap_to_cede(flag_space())
    top = items[0]
    assert (top.actor, top.issue, top.demand, top.beneficiary, top.wanted) == ("A", "flag", "a", "B", "b")
    # The gain is the other signatories' total: B 0.8, C 0.5.
    assert top.gains == {"B": 0.8, "C": 0.5}
    assert np.isclose(top.cost, 0.1) and np.isclose(top.gain, 1.3) and top.extremity == 1.0
    assert all(c.gain > c.cost for c in items)


def test_cheap_to_cede_stays_within_the_conceders_red_line_and_counts_signatories_only():
    # A refuses "b" on flag: it can cede only as far as "mid".
    red = ([[True, True, False], [True, True, True], [True, True, True]], np.ones((3, 2), dtype=bool))

    def a_on_flag(space):
        return next(c for c in cheap_to_cede(space) if (c.actor, c.issue) == ("A", "flag"))

    c = a_on_flag(flag_space(acceptable=red))
    assert c.wanted == "mid" and np.isclose(c.cost, 0.05) and np.isclose(c.gain, 0.8 * 0.5)
    # C is not a signatory: its gain counts for nothing, and it cedes nothing.
    items = cheap_to_cede(flag_space().with_signatories(["A", "B"]))
    assert all(c.actor != "C" and "C" not in c.gains for c in items)
    assert np.isclose(a_on_flag(flag_space().with_signatories(["A", "B"])).gain, 0.8)
    # A forbidden pair with A's own demand on "core" rules "b" out: again only "mid".
    assert a_on_flag(flag_space().with_forbidden("flag", "core", [("b", "a")])).wanted == "mid"


def test_logroll_between_two_issues():
    space = DealSpace(
        issues=("k", "l"),
        options=(("a", "b"), ("a", "b")),
        actors=("A", "B"),
        weights=[[0.8, 0.2], [0.2, 0.8]],
        values=([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]),
    )
    rolls = logrolls(space)
    assert len(rolls) == 1
    g = rolls[0]
    assert (g.actor_a, g.issue_a, g.option_a, g.actor_b, g.issue_b, g.option_b) == (
        "A",
        "k",
        "a",
        "B",
        "l",
        "b",
    )
    assert np.isclose(g.gain_a, 0.6) and np.isclose(g.gain_b, 0.6)
    assert logrolls(space.with_signatories(["A"])) == []


def test_logrolls_respect_red_lines_and_constraints():
    base = DealSpace(
        issues=("k", "l"),
        options=(("a", "b"), ("a", "b")),
        actors=("A", "B"),
        weights=[[0.8, 0.2], [0.2, 0.8]],
        values=([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]),
    )
    assert len(logrolls(base)) == 1
    # A will not accept B's "b" on l: A cannot concede l, so the trade is off.
    assert logrolls(base.with_red_line("A", "l", ["a"])) == []
    # B will not accept A's "a" on k.
    assert logrolls(base.with_red_line("B", "k", ["b"])) == []
    # "k = a" excludes "l = b": the two halves of the trade cannot be agreed together.
    assert logrolls(base.with_forbidden("k", "l", [("a", "b")])) == []
    assert len(logrolls(base.with_forbidden("k", "l", [("b", "a")]))) == 1  # only the mirror is ruled out


def _check_no_crossing(space: DealSpace) -> None:
    """No cheap-to-cede entry or logroll crosses the conceding actor's red line or a constraint."""
    best = {
        a: [space.options[k][int(np.argmax(v[i]))] for k, v in enumerate(space.values)]
        for i, a in enumerate(space.actors)
    }
    sig = set(space.signatories)

    def accepts(actor: str, issue: str, option: str) -> bool:
        k = space.issues.index(issue)
        return bool(space.acceptable[k][space.actors.index(actor), space.options[k].index(option)])

    def pair_ok(choice: dict[str, str], issue: str | None = None) -> bool:
        # No forbidden pair among the chosen options (only pairs involving ``issue`` when given).
        for fp in space.forbidden:
            a, b = fp.issues
            if a in choice and b in choice and issue in (None, a, b):
                ka, kb = space.issues.index(a), space.issues.index(b)
                if fp.pairs[space.options[ka].index(choice[a]), space.options[kb].index(choice[b])]:
                    return False
        return True

    for c in cheap_to_cede(space, top=None):
        assert c.actor in sig and c.beneficiary in sig and set(c.gains) <= sig - {c.actor}
        assert accepts(c.actor, c.issue, c.wanted)
        # The concession, next to the conceder's own demands everywhere else, makes no forbidden pair.
        mine = dict(zip(space.issues, best[c.actor], strict=True)) | {c.issue: c.wanted}
        assert pair_ok(mine, c.issue)
        assert c.gain > c.cost and np.isclose(c.gain, sum(c.gains.values())) and c.gains[c.beneficiary] > 0
    for g in logrolls(space, top=None):
        assert g.actor_a in sig and g.actor_b in sig
        assert accepts(g.actor_a, g.issue_b, g.option_b) and accepts(g.actor_b, g.issue_a, g.option_a)
        assert pair_ok({g.issue_a: g.option_a, g.issue_b: g.option_b})


@settings(max_examples=150, deadline=None)
@given(deal_spaces(linked=True, max_actors=5))
def test_no_concession_crosses_a_red_line_or_constraint_on_random_spaces(space):
    _check_no_crossing(space)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_no_concession_crosses_a_red_line_or_constraint_on_random_scenarios(scenario):
    space = deal_space_from_scenario(scenario)
    assert len(space.forbidden) == len(scenario.constraints)
    _check_no_crossing(space)
    # The deal space reads the scenario's red lines and constraints as they are stated.
    for st in scenario.stances:
        if st.red_line is None:
            continue
        k = scenario.issue_ids.index(st.issue)
        for o, opt in enumerate(scenario.issues[k].options):
            assert space.acceptable[k][scenario.actor_ids.index(st.actor), o] == st.red_line.accepts_option(
                opt
            )
    for c, fp in zip(scenario.constraints, space.forbidden, strict=True):
        ka, kb = (space.issues.index(i) for i in fp.issues)
        for i in range(len(space.options[ka])):
            for j in range(len(space.options[kb])):
                outcome = {fp.issues[0]: space.option_values[ka][i], fp.issues[1]: space.option_values[kb][j]}
                assert fp.pairs[i, j] == c.forbids(outcome)


def test_flagship_concessions_respect_red_lines_and_constraints():
    scenario = load_scenario(FLAGSHIP)
    space = deal_space_from_scenario(scenario)
    for sig in (None, ["russia", "usa"], ["russia", "usa", "ukraine"]):
        _check_no_crossing(space.with_signatories(sig))
    items = cheap_to_cede(space, top=None)
    # Before: Russia "could cede" I5 to european_no_backstop and I10 to us_european, beyond its red lines.
    russia = {c.issue: c.wanted for c in items if c.actor == "russia"}
    assert russia["I5"] == "neutral" and russia["I10"] == "vague"
    # Before: "russia gets I1=neutrality, ukraine gets I10=nato", which the declared link rules out.
    for g in logrolls(space, top=None):
        pair = {(g.issue_a, g.option_a), (g.issue_b, g.option_b)}
        assert not {("I1", "neutrality"), ("I10", "nato")} <= pair
