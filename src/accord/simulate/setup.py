"""Setting a negotiation up: its parameters checked, the clocks, the arena, who settles what.

Split from :mod:`accord.simulate.engine` (the round loop) so that each stays readable; :class:`Negotiation`
inherits these steps, which read and set its attributes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError

from .arena import Arena
from .clocks import concession_clocks
from .protocols import make_protocol
from .seats import seat
from .state import NegotiationInfo
from .strategies.base import Strategy, make_strategy

if TYPE_CHECKING:
    from accord.deals import DealSpace
    from accord.scenario import Scenario

__all__ = ["NegotiationSetup"]

IntArray = NDArray[np.int64]


def _resolve(strategy: Strategy | str, what: str) -> Strategy:
    return make_strategy(strategy, what=what) if isinstance(strategy, str) else strategy


def _round_number(x: object) -> bool:
    return isinstance(x, int | np.integer) and not isinstance(x, bool) and bool(x >= 1)


class NegotiationSetup:
    """The set-up steps of :class:`~accord.simulate.engine.Negotiation` (which sets these attributes)."""

    space: DealSpace
    scenario: Scenario | None
    strategies_in: dict[str, Any]
    signatories_in: Any
    protocol_in: Any
    mediator_in: Any
    deadlines_in: dict[str, Any]
    patience_in: Any
    n_rounds: Any
    arena_in: Arena | None
    table: tuple[str, ...]
    signatories: tuple[str, ...]
    actor_rows: dict[str, int]
    _signatory_set: frozenset[int]
    protocol: Any
    base: Any

    def _validate(self) -> tuple[dict[str, Strategy], Strategy | None]:
        """Check the parameters; the started table's strategies (by actor) and the mediator."""
        actors = self.space.actors
        self.protocol_ = make_protocol(self.protocol_in)
        if not _round_number(self.n_rounds):
            raise InputError.single(
                "--rounds", f"the horizon must be at least 1 round, not {self.n_rounds!r}"
            )
        self.table, self.signatories = seat(actors, self.strategies_in, self.signatories_in)
        strategies = {a: _resolve(s, "--strategy").clone() for a, s in self.strategies_in.items()}
        for a, s in strategies.items():
            if s.traits.get("mediator"):
                raise InputError.single(
                    "--strategy", f"{s.name} is a mediator strategy: actor {a!r} needs a party strategy"
                )
        mediator: Strategy | None = None
        if self.protocol_.mediated:
            m = self.mediator_in if self.mediator_in is not None else self.protocol_.default_mediator
            if m is None:
                raise InputError.single("--mediator", f"the {self.protocol} protocol needs a mediator")
            mediator = _resolve(m, "--mediator").clone()
            if not mediator.traits.get("mediator"):
                raise InputError.single("--mediator", f"{mediator.name} is not a mediator strategy")
        elif self.mediator_in is not None:
            raise InputError.single("--mediator", f"a mediator takes no part in the {self.protocol} protocol")
        deadlines: dict[str, int | None] = {}
        if self.scenario is not None:
            deadlines = {a.id: a.deadline for a in self.scenario.actors}
        for a, dl in self.deadlines_in.items():
            if a not in actors:
                raise InputError.single(
                    "--deadline", f"deadline for unknown actor {a!r}; actors are {', '.join(actors)}"
                )
            if dl is not None and not _round_number(dl):
                raise InputError.single(
                    "--deadline", f"deadline of {a!r} must be a positive round number, not {dl!r}"
                )
            deadlines[a] = dl
        self.deadlines = {a: deadlines.get(a) for a in actors}
        self.clocks = self._clocks()
        return strategies, mediator

    def _clocks(self) -> dict[str, int]:
        """Each actor's concession clock in rounds: its deadline, else its patience (never the horizon)."""
        declared = {} if self.scenario is None else {a.id: a.patience for a in self.scenario.actors}
        clocks, self.default_clock = concession_clocks(
            self.space.actors, self.deadlines, self.patience_in, declared
        )
        return clocks

    def _arena(self) -> Arena:
        sal0 = self.base.saliences0
        base = self.arena_in if self.arena_in is not None else Arena(self.space, saliences=sal0)
        if base.space is not self.space:
            raise ValueError("the arena was built over another deal space")
        arena = base.copy()
        if self.arena_in is None or not np.array_equal(arena.saliences, np.maximum(sal0, 0)):
            arena.set_saliences(sal0)
        return arena

    def _parties(self) -> dict[int, frozenset[int]]:
        """Per separable issue that can be settled here, the rows whose acceptance settles it.

        The issue's declared ``parties`` (all at the table, else it cannot be settled here), or every
        signatory.
        """
        out: dict[int, frozenset[int]] = {}
        table = set(self.table)
        for k in self.base.separable:
            parties = self.scenario.issues[k].parties if self.scenario is not None else ()
            if not parties:
                out[k] = self._signatory_set
            elif set(parties) <= table:
                out[k] = frozenset(self.actor_rows[a] for a in parties)
        return out

    def _info(self, actor: str, row: int, seq: np.random.SeedSequence, deadline: int) -> NegotiationInfo:
        return NegotiationInfo(
            actor=actor,
            row=row,
            actors=self.space.actors,
            issues=self.space.issues,
            signatories=self.signatories,
            protocol=self.protocol,
            n_rounds=int(self.n_rounds),
            deadline=int(deadline),
            separable=self.base.separable,
            rng=np.random.default_rng(seq),
            table=self.table,
        )
