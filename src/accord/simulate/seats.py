"""Who negotiates and whose acceptance a deal needs: the table, the signatories, default strategies.

The *table* is the set of actors given a strategy: they propose and respond. The *signatories* are the
subset of the table whose acceptance an agreement needs (everyone at the table by default). An actor at
the table but not a signatory (a broker, a guarantor) proposes and responds, but cannot block a deal;
an actor not at the table takes no part, and its utilities are still reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError

from .state import TOL

if TYPE_CHECKING:
    from accord.scenario import Scenario

__all__ = ["DEFAULT_STRATEGY", "default_strategies", "seat", "walk_aways"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: The strategy of an actor that neither the user nor the scenario (``Actor.strategy``) gives one: a
#: linear time-dependent concession from the best package to the BATNA by the deadline (Faratin, Sierra
#: & Jennings 1998), the neutral middle of the Boulware-Conceder family.
DEFAULT_STRATEGY = "linear"


def default_strategies(scenario: Scenario, default: str = DEFAULT_STRATEGY) -> dict[str, str]:
    """Every actor's declared default strategy (``Actor.strategy``), else ``default``.

    Parameters
    ----------
    scenario : Scenario
    default : str
        Registered name for actors that declare none.

    Returns
    -------
    dict
        Actor id -> registered strategy name, in actor order.
    """
    # getattr: the scenario field is optional, and older Scenario objects lack it.
    return {a.id: getattr(a, "strategy", None) or default for a in scenario.actors}


def seat(
    actors: Sequence[str], strategies: Mapping[str, object], signatories: Sequence[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The table and the signatories, each in actor order.

    Parameters
    ----------
    actors : sequence of str
        Every actor of the deal space.
    strategies : mapping of actor id to strategy
        Who sits at the table.
    signatories : sequence of str, optional
        Whose acceptance a deal needs (the whole table when None).

    Raises
    ------
    InputError
        An unknown actor (``--strategy``), an empty table, or a signatory not at the table
        (``--signatories``).
    """
    unknown = [a for a in strategies if a not in actors]
    if unknown:
        raise InputError.single(
            "--strategy", f"unknown actor(s) {', '.join(map(repr, unknown))}; actors are {', '.join(actors)}"
        )
    if not strategies:
        raise InputError.single("--strategy", "assign a strategy to at least one actor")
    table = tuple(a for a in actors if a in strategies)
    if signatories is None:
        return table, table
    outside = [a for a in signatories if a not in table]
    if outside:
        raise InputError.single(
            "--signatories",
            f"{', '.join(map(repr, outside))} not at the table: signatories must be among "
            f"{', '.join(table)} (the actors given a strategy)",
        )
    sig = tuple(a for a in table if a in set(signatories))
    if not sig:
        raise InputError.single("--signatories", "at least one signatory is required")
    return table, sig


def walk_aways(
    utilities: FloatArray,
    joint_ok: BoolArray,
    disagreement: FloatArray,
    partial: Sequence[tuple[FloatArray, BoolArray] | tuple[FloatArray, BoolArray, BoolArray]] = (),
) -> BoolArray:
    """Which signatories' BATNA beats every package and partial deal they can still get.

    A package or partial deal is still to be had by signatory ``i`` when it crosses no signatory's red
    line and every *other* signatory gets at least its BATNA from it (else someone would refuse it).

    Parameters
    ----------
    utilities : ndarray, shape (n_packages, n_signatories)
        The signatories' utilities of the packages in play.
    joint_ok : ndarray of bool, shape (n_packages,)
        Packages that cross no signatory's red line.
    disagreement : ndarray, shape (n_signatories,)
        Their BATNAs.
    partial : sequence of (gains, ok) or (gains, ok, needed)
        Per open separable issue: the signatories' gains over no deal per option,
        shape (n_signatories, n_options), the options those whose acceptance settles it may agree
        alone, and (optionally) which signatories' acceptance settles it, shape (n_signatories,): the
        issue's parties, for a side deal (every signatory when left out). A side deal is still to be had
        by ``i`` when every *other* party to it gains from it.

    Returns
    -------
    ndarray of bool, shape (n_signatories,)
    """
    d = disagreement
    n = len(d)
    sat = utilities >= d - TOL
    n_sat = sat.sum(axis=1)
    attain = np.full(n, -np.inf)
    for i in range(n):
        others = joint_ok & (n_sat - sat[:, i] == n - 1)
        if others.any():
            attain[i] = utilities[others, i].max()
    for item in partial:
        g, ok = item[0], item[1]
        ge = g >= -TOL
        if len(item) == 3 and not item[2].all():
            ge = ge | ~item[2][:, None]  # outsiders' answers cannot block
        n_ge = ge.sum(axis=0)
        for i in range(n):
            others = ok & (n_ge - ge[i] == n - 1)
            if others.any():
                attain[i] = max(attain[i], d[i] + g[i, others].max())
    return np.asarray(attain < d - TOL)
