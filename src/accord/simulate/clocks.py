"""Concession clocks: the round by which each actor concedes all the way, set by its deadline or patience.

Time in a simulation is calendar time (a round is the scenario's ``round``, a week by default), and the
horizon is only how far the simulation looks: each actor's clock (``NegotiationInfo.deadline``) runs to
its own deadline or, without one, to the end of its patience, so that what is agreed and when does not
depend on the horizon (see :mod:`accord.simulate.engine`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from accord.errors import InputError

__all__ = ["DEFAULT_PATIENCE", "MAX_PATIENCE", "patience_rounds", "concession_clocks"]

#: Rounds of the concession clock of an actor with neither a deadline nor a declared patience (half a
#: year of weekly rounds; independent of the horizon).
DEFAULT_PATIENCE = 26
#: The concession clock of a fully patient actor (``patience: 1``): a century of weekly rounds.
MAX_PATIENCE = 5200


def patience_rounds(discount: float | None, default: int = DEFAULT_PATIENCE) -> int:
    """Rounds of an actor's concession clock from its per-round discount factor (``Actor.patience``).

    The half-life of the discount: ``ceil(ln 0.5 / ln discount)``, the round by which a deal deferred is
    worth half as much (0.99: 69 rounds, 0.95: 14, 0.90: 7); :data:`MAX_PATIENCE` for 1, ``default``
    when the actor declares none.
    """
    if discount is None:
        return int(default)
    if discount >= 1.0:
        return MAX_PATIENCE
    if discount <= 0.0:
        return 1
    return int(min(MAX_PATIENCE, max(1, math.ceil(math.log(0.5) / math.log(discount)))))


def _rounds(x: object) -> bool:
    return isinstance(x, int | np.integer) and not isinstance(x, bool) and bool(x >= 1)


def concession_clocks(
    actors: Sequence[str],
    deadlines: Mapping[str, int | None],
    patience: int | Mapping[str, int | None] | None,
    declared: Mapping[str, float | None],
) -> tuple[dict[str, int], int]:
    """Each actor's concession clock in rounds, and the default clock (a mediator's).

    Parameters
    ----------
    actors : sequence of str
    deadlines : mapping of actor id to int or None
        Deadlines in rounds (they set the clock where given).
    patience : int or mapping of actor id to int, optional
        The clock of actors without a deadline: one number for all, or per actor.
    declared : mapping of actor id to float or None
        Each actor's declared per-round discount factor (``Actor.patience``), read as a half-life
        (:func:`patience_rounds`) where ``patience`` does not name the actor.

    Raises
    ------
    InputError
        A patience below 1 round or for an unknown actor (``--patience``).
    """
    default, per_actor = DEFAULT_PATIENCE, {}
    if isinstance(patience, Mapping):
        per_actor = dict(patience)
    elif patience is not None:
        default = patience
    if not _rounds(default):
        raise InputError.single(
            "--patience", f"patience must be a positive number of rounds, not {patience!r}"
        )
    for a, n in per_actor.items():
        if a not in actors:
            raise InputError.single(
                "--patience", f"patience of unknown actor {a!r}; actors are {', '.join(actors)}"
            )
        if n is not None and not _rounds(n):
            raise InputError.single(
                "--patience", f"patience of {a!r} must be a positive number of rounds, not {n!r}"
            )
    out = {}
    for a in actors:
        dl, n = deadlines.get(a), per_actor.get(a)
        out[a] = int(
            dl if dl is not None else n if n is not None else patience_rounds(declared.get(a), default)
        )
    return out, int(default)
