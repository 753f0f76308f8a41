"""The conformance suite, applied automatically to every registered strategy (entry points included),
and shown to catch strategies that break its rules."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from accord.simulate import (
    Offer,
    Staller,
    State,
    Strategy,
    TimeDependent,
    available_strategies,
    check_strategy,
)
from accord.simulate.conformance import CHECKS
from accord.simulate.strategies.base import DEFAULT_TRAITS


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("name", sorted(available_strategies()))
def test_registered_strategy_conforms(name: str, check: str) -> None:
    check_strategy(name, checks=[check])


class AcceptsAnything(TimeDependent):
    name: ClassVar[str] = "Accepts Anything"

    def respond(self, state: State, offer: Offer) -> bool:
        return True


class CrossesItsRedLine(TimeDependent):
    name: ClassVar[str] = "Crosses"

    def propose(self, state: State) -> Offer | None:
        bad = np.flatnonzero(~state.arena.ok[:, state.me])
        return Offer(row=int(bad[0])) if len(bad) else None


class SecretlyRandom(TimeDependent):
    name: ClassVar[str] = "Secretly Random"  # declares stochastic=False

    def propose(self, state: State) -> Offer | None:
        rows, _ = state.arena.sorted_for(state.me)
        return Offer(row=int(rows[self.info_.rng.integers(len(rows))]))


class Peeks(TimeDependent):
    name: ClassVar[str] = "Peeks"  # declares uses_private_info=False

    def propose(self, state: State) -> Offer | None:
        rows, _ = state.arena.sorted_for(state.me)
        other = state.others[0]
        return Offer(row=int(rows[np.argmax(state.utilities[rows, other])]))


class Copycat(TimeDependent):
    name: ClassVar[str] = "Copycat"  # declares responsive=False

    def propose(self, state: State) -> Offer | None:
        for j in state.others:
            log = state.offers_by(j)
            if log:
                return log[-1][1]
        return super().propose(state)


class BlindStaller(Staller):
    traits: ClassVar[dict[str, bool]] = {**Staller.traits, "reads_tracks": False}


class OddTrait(Strategy):
    name: ClassVar[str] = "Odd"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "clairvoyant": True}


@pytest.mark.parametrize(
    "cls, check, message",
    [
        (AcceptsAnything, "reservation", "below its BATNA|across its red line"),
        (CrossesItsRedLine, "reservation", "proposed across its own red line"),
        (SecretlyRandom, "traits", "declared deterministic, varies with seed"),
        (Peeks, "traits", "reads the others' utilities"),
        (Copycat, "traits", "declared not responsive"),
        (BlindStaller, "traits", "declared not to read the tracks"),
        (OddTrait, "traits", "unknown traits"),
    ],
)
def test_the_suite_catches_rule_breakers(cls: type[Strategy], check: str, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_strategy(cls, checks=[check])
