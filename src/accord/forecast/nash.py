"""The Nash bargaining forecast model on issue scales, with the reference point as disagreement.

For each issue, the forecast is the asymmetric Nash bargaining solution [Nash1950]_ over the issue's
scale: maximise sum_i w_i log(u_i(x) - u_i(d)) over the outcomes x that no actor likes less than the
disagreement point d, with bargaining weights w_i = c_i s_i (capability x salience: salience enters as
the weight of an actor's utility gain in the product, as in Achen's (2006) and Schneider, Finke &
Bailer's (2010) weighted Nash models). Utility form (a documented choice, parameter ``utility``):

- ``"quadratic"`` (default): u_i(x) = -(x - x_i)^2, the quadratic loss of Achen (2006);
- ``"linear"``: u_i(x) = -|x - x_i|.

A factor s_i in front of u_i would cancel out of the argmax (it multiplies both u_i(x) and u_i(d)), which
is why salience enters as an exponent.

Disagreement point (parameter ``disagreement``): ``"status_quo"`` (default) uses the issue's reference
point (status quo) for every actor. The feasible set {x : |x - x_i| <= |d - x_i| for all i} always contains
d; when actors stand on both sides of d it is the single point d, and the forecast is the status quo
(unanimity: anyone can veto a move away from it). Where an issue has no status quo, the model falls back,
clearly recorded in ``params["fallback_issues"]``, to ``"worst"``: each actor's disagreement value is its
utility of the end of the scale farthest from its position, so the feasible set is the whole scale.

The maximiser is found on a grid of ``n_grid`` points over the feasible interval, refined twice around the
best points (the objective is concave on the feasible set, so the refinement cannot miss the optimum).
Where the objective is flat (linear utilities can make it so) the midpoint of the maximising set is
returned, so the answer does not depend on the order of the actors; precision is about 1e-6 of the span
at a smooth optimum and 1e-4 at a kink (an actor's ideal point).

Degenerate inputs: one actor, or all actors at the same position -> that position (it is also the Nash
solution); all weights zero (saliences or capabilities all zero) -> equal weights.

References
----------
.. [Nash1950] J. F. Nash (1950), "The bargaining problem", *Econometrica* 18(2): 155-162.
.. [Achen2006b] C. H. Achen (2006), "Institutional realism and bargaining models", in R. Thomson et al.
   (eds.), *The European Union Decides*, Cambridge UP.
.. [Schneider2010] G. Schneider, D. Finke and S. Bailer (2010), "Bargaining power in the European Union:
   an evaluation of competing game-theoretic models", *Political Studies* 58(1): 85-103.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .arrays import ForecastInput
from .base import ForecastModel, check_choice, check_count
from .result import ForecastResult

__all__ = ["nash_issue", "nash", "NashBargainingModel", "NashWorstLinear"]

FloatArray = NDArray[np.float64]


def _loss(x: FloatArray, pos: FloatArray, utility: str) -> FloatArray:
    d = x[None, :] - pos[:, None]
    return d * d if utility == "quadratic" else np.abs(d)


def nash_issue(
    positions: FloatArray,
    weights: FloatArray,
    disagreement: float | FloatArray,
    lo: float,
    hi: float,
    utility: Literal["quadratic", "linear"] = "quadratic",
    n_grid: int = 401,
) -> float:
    """Weighted Nash bargaining solution on one issue.

    Parameters
    ----------
    positions : ndarray, shape (n,)
        Ideal points (no NaN).
    weights : ndarray, shape (n,)
        Bargaining weights (>= 0; all zero means equal weights).
    disagreement : float or ndarray, shape (n,)
        The disagreement outcome, common (the status quo) or per actor.
    lo, hi : float
        The issue's scale.
    utility : {"quadratic", "linear"}
    n_grid : int

    Returns
    -------
    float
    """
    x = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    if len(x) == 0:
        raise InputError("no actor takes a stance on this issue")
    d = np.broadcast_to(np.asarray(disagreement, dtype=float), x.shape)
    if w.sum() <= 0:
        w = np.ones_like(x)
    # An actor with no weight neither bargains nor vetoes.
    x, w, d = x[w > 0], w[w > 0], d[w > 0]
    if x.max() - x.min() <= 0:
        return float(x[0])
    radius = np.abs(d - x)
    # Outcomes every actor weakly prefers to its disagreement point: the intersection of the intervals
    # [x_i - r_i, x_i + r_i], clipped to the scale.
    a = max(float(np.max(x - radius)), lo)
    b = min(float(np.min(x + radius)), hi)
    if b - a <= 1e-12 * max(hi - lo, 1.0):
        return float((a + b) / 2.0) if b >= a else float(d[0])
    d_loss = radius**2 if utility == "quadratic" else radius
    # Each pass narrows the bracket to two grid steps; stop once it is below 1e-10 of the scale.
    for _ in range(8):
        if b - a <= 1e-10 * max(hi - lo, 1.0):
            break
        grid = np.linspace(a, b, n_grid)
        gain = d_loss[:, None] - _loss(grid, x, utility)
        with np.errstate(divide="ignore"):
            obj = (w[:, None] * np.log(np.maximum(gain, 0.0))).sum(axis=0)
        best = float(np.max(obj))
        if not np.isfinite(best):
            break
        # Linear utilities can make the objective flat on an interval: keep the whole maximising set, so
        # the answer (its midpoint) does not depend on float noise from the order of the actors.
        top = np.flatnonzero(obj >= best - 1e-12 * (1.0 + abs(best)))
        step = (b - a) / (n_grid - 1)
        a, b = max(grid[top[0]] - step, a), min(grid[top[-1]] + step, b)
    # The solution lies in the hull of the ideal points (moving toward it helps everyone).
    return float(np.clip((a + b) / 2.0, x.min(), x.max()))


def nash(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    status_quo: FloatArray | None = None,
    scale_lo: FloatArray | None = None,
    scale_hi: FloatArray | None = None,
    utility: Literal["quadratic", "linear"] = "quadratic",
    disagreement: Literal["status_quo", "worst"] = "status_quo",
    n_grid: int = 401,
) -> ForecastResult:
    """Nash bargaining forecast for every issue.

    Parameters
    ----------
    positions : ndarray, shape (n_actors, n_issues)
        NaN where an actor takes no stance.
    saliences : ndarray, shape (n_actors, n_issues)
        Any non-negative scale (only ratios matter).
    capabilities : ndarray, shape (n_actors,)
    status_quo : ndarray, shape (n_issues,), optional
        Reference point per issue; NaN (or None) where unknown, which falls back to ``"worst"``.
    scale_lo, scale_hi : ndarray, shape (n_issues,), optional
        Issue scales; default the range of the positions.
    utility : {"quadratic", "linear"}
    disagreement : {"status_quo", "worst"}
    n_grid : int

    Returns
    -------
    ForecastResult
        A closed-form model: one row of trajectory, ``converged`` True. ``params["fallback_issues"]``
        lists the issues that had no status quo and used the ``"worst"`` disagreement point.
    """
    if utility not in ("quadratic", "linear"):
        raise InputError(f"utility must be 'quadratic' or 'linear', got {utility!r}")
    if disagreement not in ("status_quo", "worst"):
        raise InputError(f"disagreement must be 'status_quo' or 'worst', got {disagreement!r}")
    x = np.asarray(positions, dtype=float)
    if x.ndim != 2:
        raise InputError("positions must have shape (n_actors, n_issues)")
    s = np.asarray(saliences, dtype=float)
    c = np.asarray(capabilities, dtype=float)
    if (c < 0).any() or (np.nan_to_num(s) < 0).any():
        raise InputError("saliences and capabilities must be >= 0")
    n_issues = x.shape[1]
    sq = np.full(n_issues, np.nan) if status_quo is None else np.asarray(status_quo, dtype=float)
    out = np.empty(n_issues)
    fallback = []
    for k in range(n_issues):
        has = ~np.isnan(x[:, k])
        if not has.any():
            raise InputError(f"issue {k}: no actor takes a stance")
        xs = x[has, k]
        lo = float(np.min(xs)) if scale_lo is None else float(scale_lo[k])
        hi = float(np.max(xs)) if scale_hi is None else float(scale_hi[k])
        w = c[has] * np.nan_to_num(s[has, k])
        if disagreement == "status_quo" and np.isfinite(sq[k]):
            d: float | FloatArray = float(sq[k])
        else:
            if disagreement == "status_quo":
                fallback.append(k)
            # Each actor's worst outcome: the end of the scale farthest from its position.
            d = np.where(np.abs(xs - lo) >= np.abs(xs - hi), lo, hi)
        out[k] = nash_issue(xs, w, d, lo, hi, utility, n_grid)
    return ForecastResult(
        model="nash",
        forecast=out,
        trajectory=x[None].copy(),
        forecast_by_round=out[None].copy(),
        converged=True,
        n_rounds=0,
        params={
            "utility": utility,
            "disagreement": disagreement,
            "n_grid": n_grid,
            "fallback_issues": fallback,
        },
    )


@dataclass(frozen=True)
class NashBargainingModel(ForecastModel):
    """The Nash bargaining forecast (:func:`nash`) as a registered model.

    Parameters
    ----------
    utility : {"quadratic", "linear"}
    disagreement : {"status_quo", "worst"}
    n_grid : int
        Grid points per refinement pass (>= 3).

    References
    ----------
    (bibliography: Nash1950, Achen2006b, Schneider2010)
    """

    name: ClassVar[str] = "nash"
    title: ClassVar[str] = "Nash bargaining model (Schneider, Finke & Bailer 2010; Achen 2006)"
    batched: ClassVar[bool] = True

    utility: Literal["quadratic", "linear"] = "quadratic"
    disagreement: Literal["status_quo", "worst"] = "status_quo"
    n_grid: int = 401

    def __post_init__(self) -> None:
        check_choice(self.name, "utility", self.utility, ("quadratic", "linear"))
        check_choice(self.name, "disagreement", self.disagreement, ("status_quo", "worst"))
        check_count(self.name, "n_grid", self.n_grid, 3)

    def run(self, arrays: ForecastInput, rng: np.random.Generator | None = None) -> ForecastResult:
        """Forecast every issue of ``arrays``; deterministic, ``rng`` is unused.

        A leading sample axis runs every sample together (:func:`~accord.forecast.nash_batched.nash_batch`,
        the same forecasts as one run per sample).
        """
        solve: Callable[..., ForecastResult] = nash
        if arrays.n_samples is not None:
            from .nash_batched import nash_batch

            solve = nash_batch  # the same model over a leading sample axis
        res = solve(
            arrays.positions,
            arrays.saliences,
            arrays.capabilities,
            arrays.status_quo,
            arrays.scale_lo,
            arrays.scale_hi,
            self.utility,
            self.disagreement,
            self.n_grid,
        )
        return replace(res, model=self.name)


@dataclass(frozen=True)
class NashWorstLinear(NashBargainingModel):
    """The dev-tuned Nash variant: linear utilities, each actor's worst scale end as disagreement.

    Chosen on ``deu3-dev.tsv`` after looking at the other variants' figures
    (:data:`accord.forecast.backtest.TUNING_NOTES`), so its dev advantage over the compromise model is
    optimistic; a ``variant``, it runs only when named (``--models nash-worst-linear``).
    """

    name: ClassVar[str] = "nash-worst-linear"
    title: ClassVar[str] = "Nash bargaining, linear utilities, worst end as disagreement (tuned on DEU dev)"
    variant: ClassVar[bool] = True

    utility: Literal["quadratic", "linear"] = "linear"
    disagreement: Literal["status_quo", "worst"] = "worst"
