"""The debrief of a game: the person's result against every strategy in their seat, round by round.

For each person's seat:

* **alternatives**: the same scenario, seed, protocol, horizon and other seats, with each registered
  strategy (party strategies for an actor's seat, mediator strategies for the mediator's) in the
  person's seat, each run by :func:`accord.analysis.simulate`, exactly as ``accord simulate --strategy
  SEAT=NAME --seed N`` would (another person's seat plays its actor's declared strategy there);
* **decisions**: each move of the person, and what each strategy would have done in the same seat at
  the same moment. The game is replayed from its trace with every strategy sitting beside the person
  (started with the seat's rules and stream) and asked the same question in the same state; their
  answers are recorded and never played, so the replay is the game itself (checked);
* **moments** where the outcome was decided: partial agreements, red lines crossed on purpose, the best
  offer turned down, the largest move of the seat's no-deal value, decisions most strategies would have
  made the other way, and the end.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any

from ..simulate.protocols import MEDIATOR
from .results import Alternative, Debrief, Decision, GameReport, Moment, MoveRecord, ShadowMove
from .seat import Feed, Question, offer_pairs, seat_utility
from .view import round_date

if TYPE_CHECKING:
    from ..simulate import Negotiation, State, Strategy
    from .game import Game, Move

__all__ = ["game_report", "alternatives", "candidate_strategies"]


def candidate_strategies(mediator: bool) -> list[str]:
    """Registered strategies for a seat: party strategies, or mediator ones for the mediator's seat."""
    from ..simulate.strategies.base import available_strategies

    return [
        name
        for name, factory in sorted(available_strategies().items())
        if bool(getattr(factory, "traits", {}).get("mediator")) == mediator
    ]


def assignments(game: Game, seat: str, strategy: str) -> tuple[dict[str, str], str | None]:
    """The strategies and mediator of the game with ``strategy`` in ``seat``.

    Another person's seat plays its actor's declared strategy.
    """
    from ..simulate import default_strategies
    from .game import MEDIATOR_SEAT

    declared = default_strategies(game.scenario)
    table = {a: game.strategies.get(a) or declared[a] for a in game.scenario.actor_ids}
    mediator = game.mediator
    if seat == MEDIATOR_SEAT:
        mediator = strategy
    else:
        table[seat] = strategy
    return table, mediator


def alternatives(game: Game, seat: str) -> tuple[Alternative, ...]:
    """Every candidate strategy in ``seat``, run by :func:`accord.analysis.simulate` with the game's seed."""
    from ..analysis import simulate
    from .game import MEDIATOR_SEAT

    out = []
    for name in candidate_strategies(seat == MEDIATOR_SEAT):
        table, mediator = assignments(game, seat, name)
        rep = simulate(
            game.scenario,
            table,
            protocol=game.protocol,
            mediator=mediator,
            n_rounds=game.n_rounds,
            seed=game.seed,
        )
        score = game.score(seat, rep.utilities, rep.signatories)
        out.append(Alternative(name, score, rep.outcome, rep.ended_by, rep.round))
    return tuple(out)


class _Shadows:
    """Strategies sitting beside a person: asked every question the person is asked, never played."""

    def __init__(self, game: Game, seat: str, names: list[str] | None = None) -> None:
        from ..simulate.strategies.base import make_strategy
        from .game import MEDIATOR_SEAT

        self.game, self.seat = game, seat
        self.names = candidate_strategies(seat == MEDIATOR_SEAT) if names is None else list(names)
        self.strategies: dict[str, Strategy] = {n: make_strategy(n) for n in self.names}
        self.started = False
        self.decisions: list[Decision] = []

    def _start(self, neg: Negotiation, row: int) -> None:
        person = neg.mediator if row == MEDIATOR else neg.strategies[row]
        assert person is not None
        info = person.info_
        for s in self.strategies.values():
            # the seat's own rules and a copy of its (unused) stream: what the strategy would have had
            s.start(dataclasses.replace(info, rng=copy.deepcopy(info.rng)))
        self.started = True

    def ask(self, state: State, question: Question, move: Move, record: MoveRecord) -> None:
        """Ask every strategy ``question``, which the person answered with ``move``; keep the decision."""
        neg: Negotiation = state._neg
        row = state.me
        shadows = self.answers(state, question)
        offer_by, offer, utility = None, None, None
        space = neg.space
        if question.offer is not None:
            pairs = offer_pairs(neg, question.offer)
            offer_by = question.by
            offer = {space.issues[k]: space.options[k][o] for k, o in pairs}
            utility = seat_utility(neg, row, pairs, question.offer.partial)
        elif move.package:
            pairs = [
                (space.issues.index(i), space.options[space.issues.index(i)].index(o))
                for i, o in move.package.items()
            ]
            utility = seat_utility(neg, row, pairs, move.kind == "partial")
        self.decisions.append(
            Decision(
                round=int(state.round),
                date=round_date(self.game.scenario, int(state.round)),
                question=question.kind,
                offer_by=offer_by,
                offer=offer,
                move=record,
                utility=utility,
                shadows=tuple(shadows),
            )
        )

    def answers(self, state: State, question: Question) -> list[ShadowMove]:
        """What each strategy would do in the seat now (never played; the game is left unchanged).

        The timed-out move of a person is the fallback strategy's answer here
        (:func:`accord.play.turns.fallback_move`), so the debrief shows the same move for it.
        """
        neg: Negotiation = state._neg
        row = state.me
        if not self.started:
            self._start(neg, row)
        arena = neg.arena
        # a strategy may append packages to the arena (row_of); put it back so the game is unchanged
        saved = (arena.index, arena.U, arena.ok, dict(arena._sorted), arena.version)
        shadows = []
        for name, s in self.strategies.items():
            try:
                shadows.append(self._shadow(neg, row, state, question, name, s))
            except Exception:  # a strategy that cannot answer from this seat: shown as "n/a", not fatal
                shadows.append(ShadowMove(name, "n/a", None, None))
            finally:
                arena.index, arena.U, arena.ok, arena._sorted, arena.version = (
                    saved[0],
                    saved[1],
                    saved[2],
                    dict(saved[3]),
                    saved[4],
                )
        return shadows

    @staticmethod
    def _shadow(
        neg: Negotiation, row: int, state: State, question: Question, name: str, s: Strategy
    ) -> ShadowMove:
        space = neg.space
        if question.kind == "respond":
            assert question.offer is not None
            return ShadowMove(name, "accept" if s.respond(state, question.offer) else "reject", None, None)
        full = s.propose(state)
        part = s.propose_partial(state) if neg.open_separable() else None
        if full is not None:
            pairs = list(enumerate(neg.arena.digits_of(full.row).tolist()))
            package = {space.issues[k]: space.options[k][o] for k, o in pairs}
            return ShadowMove(name, "propose", package, seat_utility(neg, row, pairs, False))
        if part is not None:
            pairs = [(part.issue, part.option)]
            package = {space.issues[part.issue]: space.options[part.issue][part.option]}
            return ShadowMove(name, "partial", package, seat_utility(neg, row, pairs, True))
        return ShadowMove(name, "pass", None, None)


def _decisions(game: Game) -> dict[str, list[Decision]]:
    """Replay the game with every strategy beside each person; their decisions by seat."""
    shadows = {seat: _Shadows(game, seat) for seat in game.humans}

    class _Feed(Feed):
        def take(self, state: State, question: Question) -> Move:
            move = super().take(state, question)
            shadows[question.seat].ask(state, question, move, self.log[-1])
            return move

    feed = _Feed(answers=list(game.feed.answers))
    neg, _ = game.run(feed)
    mine = game._neg if game.finished else None
    if mine is not None:
        a, b = neg.result(), mine.result()
        assert a.utilities == b.utilities and a.ended_by == b.ended_by, "the debrief's replay left the game"
    return {seat: sh.decisions for seat, sh in shadows.items()}


def _did(d: Decision) -> str:
    """What a move did, in words ("rejected usa's offer", "made no offer")."""
    kind, package = d.move.kind, d.move.package or {}
    if kind in ("accept", "reject"):
        return f"{kind}ed {d.offer_by}'s offer" if d.offer_by else f"{kind}ed the offer"
    if kind == "partial":
        return "offered " + ", ".join(f"{i} = {o}" for i, o in package.items()) + " (partial)"
    said = {"propose": "proposed a package", "pass": "made no offer", "walk_away": "walked away"}
    return said.get(kind, kind)


def _moments(
    game: Game, seat: str, result: Any, decisions: list[Decision], score: float
) -> tuple[Moment, ...]:
    out: list[Moment] = []
    for issue, r in result.partial_rounds.items():
        out.append(
            Moment(int(r), "partial", f"{issue} settled on {result.partial[issue]} (partial agreement)")
        )
    for d in decisions:
        if d.move.timed_out:
            out.append(
                Moment(d.round, "timed-out", f"your time ran out: {d.move.played_by} {_did(d)} for you")
            )
    for d in decisions:
        if d.move.override and d.move.warnings:
            out.append(
                Moment(d.round, "override", "you crossed your red line: " + "; ".join(d.move.warnings))
            )
    turned = [
        d for d in decisions if d.question == "respond" and d.move.kind != "accept" and d.utility is not None
    ]
    if turned:
        best = max(turned, key=lambda d: d.utility or 0.0)
        if best.utility is not None and best.utility > score + 1e-6:
            out.append(
                Moment(
                    best.round,
                    "turned-down",
                    f"you turned down {best.offer_by}'s offer worth {best.utility:.3f} to you; "
                    f"you ended with {score:.3f}",
                )
            )
    for d in decisions:
        if d.question != "respond" or not d.shadows or d.move.timed_out:
            continue  # a timed-out answer is a strategy's, not the person's, against the field
        same = sum(s.kind == ("accept" if d.move.kind == "accept" else "reject") for s in d.shadows)
        if same * 2 < len(d.shadows):
            other = "accepted" if d.move.kind != "accept" else "rejected"
            out.append(
                Moment(
                    d.round,
                    "against-the-field",
                    f"you {'accepted' if d.move.kind == 'accept' else 'rejected'} {d.offer_by}'s offer; "
                    f"{len(d.shadows) - same} of {len(d.shadows)} strategies would have {other} it",
                )
            )
    if seat in result.actors:
        k = result.actors.index(seat)
        rounds = result.rounds
        batna = rounds["batna"]
        if len(batna) > 1:
            col = [float(row[k]) for row in batna]
            steps = [(abs(col[i] - col[i - 1]), i) for i in range(1, len(col))]
            size, i = max(steps)
            if size > 0.005:
                out.append(
                    Moment(
                        int(rounds["round"][i]),
                        "batna",
                        f"your no-deal value moved {col[i - 1]:.3f} -> {col[i]:.3f} (the tracks)",
                    )
                )
    end = result.ended_by + (f" ({', '.join(result.walked)})" if result.walked else "")
    out.append(Moment(int(result.round), "end", f"{result.outcome}: ended by {end}; your result {score:.3f}"))
    out.sort(key=lambda m: m.round)
    return tuple(out)


def game_report(game: Game, debrief: bool = True) -> GameReport:
    """The game as a :class:`GameReport`: the trace, the outcome and (``debrief``) the debriefs."""
    from ..analysis.build import simulation_report

    result = game.result()
    debriefs: list[Debrief] = []
    if debrief:
        decisions = _decisions(game)
        for seat in game.humans:
            score = game.score(seat, result.utilities, result.signatories)
            alts = alternatives(game, seat)
            batna0 = None
            if seat in result.actors:
                batna0 = float(result.rounds["batna"][0][result.actors.index(seat)])
            debriefs.append(
                Debrief(
                    seat=seat,
                    score_label=(
                        "mean utility of the signatories"
                        if seat not in result.actors
                        else f"utility of {seat}"
                    ),
                    score=score,
                    batna0=batna0,
                    rank=1 + sum(a.score > score + 1e-12 for a in alts),
                    alternatives=alts,
                    decisions=tuple(decisions[seat]),
                    moments=_moments(game, seat, result, decisions[seat], score),
                )
            )
    return GameReport(
        title=game.scenario.title,
        seats=game.humans,
        seed=game.seed,
        protocol=game.protocol,
        n_rounds=game.n_rounds,
        finished=game.finished,
        trace=game.trace(),
        outcome=simulation_report(result),
        debrief=tuple(debriefs),
    )
