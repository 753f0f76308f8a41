"""Wargaming: people in some seats of a negotiation, strategies in the others, and the debrief.

A :class:`Game` is the simulated negotiation (:mod:`accord.simulate`) with a person's seat that waits for
moves: each round the person sees a :class:`SeatView` (the offers on the table by option label, the
tracks, the round and its date, their utility of each offer and of no deal, who accepted what, the moves
allowed now) and makes a :class:`Move` (propose a package, accept, reject, a partial offer on a separable
issue, or walk away). Moves are checked against the protocol and the seat's own red lines (a warning the
person may override, recorded as such). A game is its trace (the rules and the moves): replayed with the
same seed it is the same game. :meth:`Game.report` gives the :class:`GameReport` (document kind ``game``)
with the debrief: the person's result against each strategy in their seat, round by round.

Example
-------
>>> import accord
>>> from accord.play import Game, Move
>>> s = accord.load_scenario("examples/ukraine-2025/scenario.yaml")
>>> g = Game.new(s, ["ukraine"], seed=0)
>>> g.due()
('ukraine',)
"""

from .game import MEDIATOR_SEAT, TRACE_FORMAT, Game, Move, RedLineWarning
from .results import (
    Alternative,
    Debrief,
    Decision,
    GameReport,
    IssueView,
    Moment,
    MoveRecord,
    OfferView,
    OptionView,
    SeatView,
    ShadowMove,
    TrackView,
)

#: The documents of this package, by ``kind`` (for :data:`accord.analysis.DOCUMENTS`).
DOCUMENTS = {GameReport.kind: GameReport}

__all__ = [
    "DOCUMENTS",
    "MEDIATOR_SEAT",
    "TRACE_FORMAT",
    "Alternative",
    "Debrief",
    "Decision",
    "Game",
    "GameReport",
    "IssueView",
    "Moment",
    "Move",
    "MoveRecord",
    "OfferView",
    "OptionView",
    "RedLineWarning",
    "SeatView",
    "ShadowMove",
    "TrackView",
]
