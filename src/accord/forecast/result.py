"""The result type shared by every forecast model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["ForecastResult", "Move"]


@dataclass(frozen=True)
class Move:
    """One step of an explanation trail: why an actor's position changed.

    Parameters
    ----------
    round : int
        Round in which the move happened (1-based; round 0 is the initial state).
    actor : int
        Index of the actor that moved.
    issue : int
        Index of the issue (dimension) on which it moved.
    before, after : float
        Position before and after the move, on the issue's own scale.
    reason : str
        Short label: ``"conflict"``, ``"compromise"``, ``"capitulation"``, ``"exchange"``, ``"bargain"`` ...
    counterpart : int or None
        Index of the actor whose challenge, exchange or bargain caused the move, if any.
    detail : str
        Human-readable sentence ("accepted Germany's compromise offer, EU -0.12 vs 0.40").
    """

    round: int
    actor: int
    issue: int
    before: float
    after: float
    reason: str
    counterpart: int | None = None
    detail: str = ""


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """What every forecast model returns.

    Parameters
    ----------
    model : str
        Model name as used on the command line (``"compromise"``, ``"eum"`` ...).
    forecast : ndarray, shape (n_issues,)
        Predicted outcome of each issue on the issue's own scale (never NaN for a valid input).
    trajectory : ndarray, shape (n_rounds + 1, n_actors, n_issues)
        Actor positions per round; row 0 is the input. NaN where an actor has no stance on an issue.
        Static models return a single row.
    forecast_by_round : ndarray, shape (n_rounds + 1, n_issues)
        The model's forecast statistic after each round (row 0: before any round).
    converged : bool
        Whether the model's stated convergence rule was met (True for closed-form models).
    n_rounds : int
        Rounds actually run.
    moves : tuple of Move
        Explanation trail, in order.
    params : dict
        Every parameter the run used, including defaults (and, from :func:`accord.forecast.run_model`,
        the seed), so a run can be repeated.

    Notes
    -----
    A batched run (a model with ``batched = True`` on a :class:`~accord.forecast.arrays.ForecastInput`
    with a sample axis) puts ``n_samples`` first in every array: ``forecast`` (n_samples, n_issues),
    ``trajectory`` (n_samples, n_rounds + 1, n_actors, n_issues), ``forecast_by_round`` (n_samples,
    n_rounds + 1, n_issues).
    """

    model: str
    forecast: NDArray[np.float64]
    trajectory: NDArray[np.float64]
    forecast_by_round: NDArray[np.float64]
    converged: bool = True
    n_rounds: int = 0
    moves: tuple[Move, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
