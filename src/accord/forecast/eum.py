"""Bueno de Mesquita's expected-utility model (EUM), as unravelled by Scholz, Calbert & Smith (2011).

A single-issue model: actors challenge each other, and the pairwise expected utilities of challenging
decide who gives way. Issues of a multi-issue scenario are run independently, each over the actors that
take a stance on it. Every pairwise quantity is an ``(n, n)`` (or ``(n, n, n)`` for the third-party
probabilities) numpy array, so one round costs O(n^3) arithmetic and no Python loop over pairs.

Algorithm (one round; notation of Scholz et al. 2011, x position, c capability, s salience in [0, 1],
R the length of the scale, mu the median; bibliography: Scholz2011)

1. mu = the Condorcet winner of the capability x salience weighted pairwise votes over the actors'
   positions, i.e. the c s weighted median (ties between two positions: their midpoint).
2. P_ij, the probability that i beats j: third parties k side with whichever of i, j is closer, with
   weight c_k s_k ||x_k - x_j| - |x_k - x_i||.
3. Basic utilities U_s, U_f, U_b, U_w, U_sq with risk exponent r_i; expected utility of i challenging j
   E_i(U_ij) = s_j [P U_s + (1 - P) U_f] + (1 - s_j) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T) U_w].
4. Risk: security Sec_i = sum_j E_j(U_ji) at r = 1; R_i = (2 Sec_i - max Sec - min Sec) / (max - min);
   r_i = (1 - R_i / 3) / (1 + R_i / 3); step 3 is repeated with these r_i.
5. Each unordered pair (i, j) with (a, b) = (E_i(U_ij), E_j(U_ji)) gives at most one offer, to the loser:
   both > 0 conflict (the side with the lower EU moves to the other's position); opposite signs and
   |winner| > |loser| compromise (the loser moves the fraction |EU_loser / EU_winner| of the way);
   opposite signs and |loser| >= |winner| capitulation (full move); both <= 0 status quo (no offer).
6. Every actor accepts one of the offers made to it (``offer_selection``), all simultaneously.

Documented choices where the paper is ambiguous (each is a parameter; the default is Scholz's choice or,
where Scholz is silent, stated here):

- ``q`` = 1.0, the probability that nothing changes without a challenge (Scholz's replication value).
- ``t_rule`` = ``"closer"``: T = 1 when |x_i - mu| < |x_i - x_j| (the drift toward the median helps i),
  else 0. Irrelevant at q = 1.
- ``risk`` = ``"security"``: r_i from the security levels computed with r = 1 (``"neutral"``: r_i = 1).
- ``offer_selection`` = ``"priority"``: conflict offers before compromise before capitulation, and within a
  type the offer that moves the actor least; ``"least_move"``: the smallest move whatever its type.
  Remaining ties go to the offer of the challenger with the larger EU, then to the lower new position,
  so the result does not depend on the order of the actors.
- Exactly equal EUs in a conflict (a = b > 0) are a stalemate: nobody moves.
- ``scale`` = ``"positions"``: R is the range of the *initial* positions and stays fixed for the run
  (Scholz's R = x_max - x_min); ``"issue"`` uses the issue's own scale ends.
- Convergence: a round in which no actor moves by more than ``tol`` x R; otherwise the run stops at
  ``max_rounds`` (default 10) and ``converged`` is False. Scholz et al. note that the median "appears to
  stabilise, but then continues to change", so the cap is usually what stops the model.

- Cycles: simultaneous moves can make actors swap positions for ever (``[10, 60, 90] -> [60, 90, 10] ->
  [10, 60, 90] ...``), so that the last median depends on whether the cap is odd or even. A round that
  returns to an earlier state stops the run (``converged`` False, ``cycle`` the period).
- Nobody has weight (all saliences or capabilities zero): no challenge can move anyone, so the input's
  unweighted median is the forecast.

The forecast of an issue is the median after the last round, or, when the run ends in a cycle, the mean
of the medians over one period of the cycle.

Reproduction of the BDM-1994 EC car-emissions case (10 actors; saliences 0-100 divided by 100)

*Reproduced* (``tests/forecast/test_eum.py``): the inputs, the initial median 7.0 (the Condorcet winner
of the pairwise votes) and weighted mean 7.39, the win probabilities and expected utilities against
hand-computed values.

*Not reproduced*: Scholz et al.'s medians by round, 8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6. With the
rules above at Q = 1 nearly every pair is in the conflict region (both EUs positive), so the losers jump
to the winners' positions, actors only ever sit at 4, 7 or 10, and the median stays at 7.0; positions
stop changing after round 5 (``converged``). A median of 8.4 after round 1 needs compromise moves, which
the stated rules produce only for pairs where the responder's EU is negative. We searched the ambiguities
the paper leaves open (2,880 combinations: Q in {1, 0.9, 0.5}; security from E_j(U_ji) or E_i(U_ij);
the sign of R_i; conflict losers moving fully or by the fraction P; five priority orders over conflict,
compromise and capitulation offers; each challenger judging the responder's EU with its own risk exponent;
risk exponents fixed after round 1 or recomputed; R fixed or the current range; compromise fraction
|EU_l / EU_w| or 1 minus it; probabilities weighted by c s or c), and another 1,008 with the
compromise and capitulation regions swapped and offers chosen by the largest move. None reproduces the
sequence: the closest first two rounds (8.43, 10.0, then 10.0 to the end) need Q = 0.9, challenger
perspective and conflict losers moving part way, none of which the paper states. The region boundaries
exist only in a figure of the paper and the offer-selection rule is ambiguous (as Scholz et al. note;
bibliography: Scholz2011), so we keep the stated rules as defaults and expose the ambiguities that
matter as parameters.

References
----------
.. [BdM1994] B. Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in
   B. Bueno de Mesquita and F. N. Stokman (eds.), *European Community Decision Making*, Yale UP.
.. [Scholz2011] J. B. Scholz, G. J. Calbert and G. A. Smith (2011), "Unravelling Bueno de Mesquita's
   group decision model", *Journal of Theoretical Politics* 23(4): 510-531.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .arrays import ForecastInput
from .base import ForecastModel, bad_param, check_choice, check_count
from .eum_kernels import _median, _offers, _risk_exponents, _win_probabilities, expected_utilities
from .result import ForecastResult, Move

__all__ = ["EUMParams", "EUMIssueRun", "eum_issue", "expected_utilities", "eum", "ExpectedUtilityModel"]

FloatArray = NDArray[np.float64]

_TYPE_NAMES = ("conflict", "compromise", "capitulation")


@dataclass(frozen=True)
class EUMParams:
    """Parameters of the EUM; defaults follow Scholz et al. (2011) (see the module docstring).

    ``tol`` is the convergence threshold as a fraction of R; a negative value disables the convergence
    rule, so that exactly ``max_rounds`` rounds run (used by the benchmark).
    """

    q: float = 1.0
    t_rule: Literal["closer", "always", "never"] = "closer"
    risk: Literal["security", "neutral"] = "security"
    offer_selection: Literal["priority", "least_move"] = "priority"
    scale: Literal["positions", "issue"] = "positions"
    max_rounds: int = 10
    tol: float = 1e-9

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`~accord.errors.InputError` on an out-of-range or unknown parameter."""
        if not 0.0 <= self.q <= 1.0:
            raise bad_param("eum", "q", f"must be in [0, 1], got {self.q}")
        check_choice("eum", "t_rule", self.t_rule, ("closer", "always", "never"))
        check_choice("eum", "risk", self.risk, ("security", "neutral"))
        check_choice("eum", "offer_selection", self.offer_selection, ("priority", "least_move"))
        check_choice("eum", "scale", self.scale, ("positions", "issue"))
        check_count("eum", "max_rounds", self.max_rounds, 0)


@dataclass
class EUMIssueRun:
    """The run of the EUM on one issue.

    Attributes
    ----------
    positions : ndarray, shape (n_rounds + 1, n)
        Positions per round (row 0 the input).
    medians : ndarray, shape (n_rounds + 1,)
        The median after each round (entry 0 before any round).
    converged : bool
    moves : list of (round, actor, before, after, type, challenger, eu_loser, eu_winner)
    cycle : int
        Period of the cycle the run ended in (0: none).
    """

    positions: FloatArray
    medians: FloatArray
    converged: bool
    moves: list[tuple[int, int, float, float, int, int, float, float]] = field(default_factory=list)
    cycle: int = 0

    @property
    def forecast(self) -> float:
        """The last median, or the mean median over one period of the final cycle."""
        if self.cycle:
            return float(self.medians[-self.cycle :].mean())
        return float(self.medians[-1])


def eum_issue(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    params: EUMParams | None = None,
    scale: tuple[float, float] | None = None,
) -> EUMIssueRun:
    """Run the EUM on one issue.

    Parameters
    ----------
    positions : ndarray, shape (n,)
        Positions of the actors that take a stance (no NaN).
    saliences : ndarray, shape (n,)
        Saliences in [0, 1].
    capabilities : ndarray, shape (n,)
        Capabilities (>= 0).
    params : EUMParams, optional
    scale : (lo, hi), optional
        The issue's scale, used when ``params.scale == "issue"``.

    Returns
    -------
    EUMIssueRun

    Notes
    -----
    BDM-1994 emissions case with the defaults: the medians by round are 7.0 (input), then those listed in
    ``tests/forecast/test_eum.py``; see the test module for the comparison with Scholz et al.'s table.
    """
    params = params or EUMParams()
    x = np.asarray(positions, dtype=float).copy()
    s = np.asarray(saliences, dtype=float)
    c = np.asarray(capabilities, dtype=float)
    if x.ndim != 1 or s.shape != x.shape or c.shape != x.shape:
        raise InputError("positions, saliences and capabilities must be 1-d arrays of the same length")
    if len(x) == 0:
        raise InputError("no actor takes a stance on this issue")
    if not (np.isfinite(x).all() and np.isfinite(s).all() and np.isfinite(c).all()):
        raise InputError("positions, saliences and capabilities must be finite")
    if (s < 0).any() or (s > 1).any():
        raise InputError("saliences must be in [0, 1] (divide a 0-100 scale by 100)")
    if (c < 0).any():
        raise InputError("capabilities must be >= 0")
    w = c * s
    if params.scale == "issue" and scale is not None:
        span = float(scale[1] - scale[0])
    else:
        span = float(x.max() - x.min())
    history = [x.copy()]
    medians = [_median(x, w)]
    moves: list[tuple[int, int, float, float, int, int, float, float]] = []
    if len(x) < 2 or span <= 0 or x.max() - x.min() <= 0 or w.sum() <= 0:
        # One actor, everyone agrees, or nobody has weight to challenge with: nothing moves, and the
        # (unweighted, when nobody has weight) median of the input is the forecast.
        return EUMIssueRun(np.array(history), np.array(medians), True, moves)
    converged = False
    idx = np.arange(len(x))
    for rnd in range(1, params.max_rounds + 1):
        mu = medians[-1]
        p = _win_probabilities(x, w)
        if params.risk == "security":
            e1 = expected_utilities(x, s, p, mu, span, np.ones_like(x), params.q, params.t_rule)
            r = _risk_exponents(e1)
        else:
            r = np.ones_like(x)
        eu = expected_utilities(x, s, p, mu, span, r, params.q, params.t_rule)
        new, kind = _offers(x, eu)
        x_next = x.copy()
        for loser in np.flatnonzero((kind >= 0).any(axis=1)):
            cand = idx[kind[loser] >= 0]
            move = np.abs(new[loser, cand] - x[loser])
            primary = kind[loser, cand] if params.offer_selection == "priority" else np.zeros(len(cand))
            # lexsort: last key is primary; ties -> larger challenger EU, then lower new position.
            order = np.lexsort((new[loser, cand], -eu[cand, loser], move, primary))
            winner = int(cand[order[0]])
            x_next[loser] = new[loser, winner]
            if abs(x_next[loser] - x[loser]) > 0:
                moves.append(
                    (
                        rnd,
                        int(loser),
                        float(x[loser]),
                        float(x_next[loser]),
                        int(kind[loser, winner]),
                        winner,
                        float(eu[loser, winner]),
                        float(eu[winner, loser]),
                    )
                )
        shift = float(np.abs(x_next - x).max())
        x = x_next
        history.append(x.copy())
        medians.append(_median(x, w))
        if shift <= params.tol * span:
            converged = True
            break
        # A return to an earlier state other than standing still (which the tolerance judges) is a cycle.
        still = np.array_equal(history[-2], x)
        repeat = [] if still else [k for k in range(len(history) - 2) if np.array_equal(history[k], x)]
        if repeat:
            return EUMIssueRun(
                np.array(history), np.array(medians), False, moves, len(history) - 1 - repeat[-1]
            )
    return EUMIssueRun(np.array(history), np.array(medians), converged, moves)


def eum(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    params: EUMParams | None = None,
    scale_lo: FloatArray | None = None,
    scale_hi: FloatArray | None = None,
    salience_scale: float = 100.0,
    actor_names: tuple[str, ...] | None = None,
) -> ForecastResult:
    """Run the EUM on every issue of a scenario's arrays.

    Parameters
    ----------
    positions : ndarray, shape (n_actors, n_issues)
        NaN where an actor takes no stance.
    saliences : ndarray, shape (n_actors, n_issues)
        On 0-``salience_scale`` (0-100 by default, as in :attr:`accord.scenario.Scenario.saliences`).
    capabilities : ndarray, shape (n_actors,)
    params : EUMParams, optional
    scale_lo, scale_hi : ndarray, shape (n_issues,), optional
        Issue scale ends (used with ``params.scale == "issue"``).
    salience_scale : float
        The value that means "the actor cares about nothing else"; saliences are divided by it.
    actor_names : tuple of str, optional
        Used in the explanation trail.

    Returns
    -------
    ForecastResult
        ``forecast`` is each issue's median after its last round; issues that converge early keep their
        last positions in the remaining rows of ``trajectory``. ``converged`` is True when every issue met
        the convergence rule.

    Raises
    ------
    InputError
        On an issue where nobody takes a stance, or on out-of-range inputs.
    """
    params = params or EUMParams()
    x = np.asarray(positions, dtype=float)
    if x.ndim != 2:
        raise InputError("positions must have shape (n_actors, n_issues)")
    s = np.asarray(saliences, dtype=float) / salience_scale
    c = np.asarray(capabilities, dtype=float)
    n_actors, n_issues = x.shape
    names = actor_names or tuple(f"actor {i}" for i in range(n_actors))
    runs: list[EUMIssueRun] = []
    members: list[NDArray[np.intp]] = []
    for k in range(n_issues):
        has = np.flatnonzero(~np.isnan(x[:, k]))
        if len(has) == 0:
            raise InputError(f"issue {k}: no actor takes a stance")
        scale = None if scale_lo is None or scale_hi is None else (float(scale_lo[k]), float(scale_hi[k]))
        runs.append(eum_issue(x[has, k], s[has, k], c[has], params, scale))
        members.append(has)
    n_rounds = max((len(r.medians) - 1 for r in runs), default=0)
    traj = np.repeat(x[None].copy(), n_rounds + 1, axis=0)
    by_round = np.empty((n_rounds + 1, n_issues))
    moves: list[Move] = []
    for k, (run, has) in enumerate(zip(runs, members, strict=True)):
        m = len(run.medians)
        traj[:m, has, k] = run.positions
        traj[m:, has, k] = run.positions[-1]
        by_round[:m, k] = run.medians
        by_round[m:, k] = run.medians[-1]
        for rnd, a, before, after, kind, ch, eu_l, eu_w in run.moves:
            actor, other = int(has[a]), int(has[ch])
            moves.append(
                Move(
                    rnd,
                    actor,
                    k,
                    before,
                    after,
                    _TYPE_NAMES[kind],
                    other,
                    f"accepted {names[other]}'s {_TYPE_NAMES[kind]} offer: challenging {names[other]} "
                    f"was worth {eu_l:+.3f} to {names[actor]}, challenging {names[actor]} "
                    f"{eu_w:+.3f} to {names[other]} (expected utility)",
                )
            )
    moves.sort(key=lambda mv: (mv.round, mv.issue, mv.actor))
    return ForecastResult(
        model="eum",
        forecast=np.array([run.forecast for run in runs]),
        trajectory=traj,
        forecast_by_round=by_round,
        converged=all(r.converged for r in runs),
        n_rounds=n_rounds,
        moves=tuple(moves),
        params={
            **params.__dict__,
            "salience_scale": salience_scale,
            "cycles": {k: run.cycle for k, run in enumerate(runs) if run.cycle},
        },
    )


@dataclass(frozen=True)
class ExpectedUtilityModel(EUMParams, ForecastModel):
    """The EUM as a registered model: its parameters are the fields of :class:`EUMParams`.

    References
    ----------
    (bibliography: BdM1994, Scholz2011)
    """

    name: ClassVar[str] = "eum"
    title: ClassVar[str] = "Expected utility model (Bueno de Mesquita / Scholz et al. 2011)"
    batched: ClassVar[bool] = True

    def run(self, arrays: ForecastInput, rng: np.random.Generator | None = None) -> ForecastResult:
        """Forecast every issue of ``arrays``; deterministic, ``rng`` is unused.

        A leading sample axis runs every sample in one pass (:func:`~accord.forecast.eum_batched.eum_batch`:
        the same forecasts as one run per sample, without the explanation trail).
        """
        if arrays.n_samples is not None:
            from .eum_batched import eum_batch

            x, s, c = arrays.positions, arrays.saliences, arrays.capabilities
            return eum_batch(x, s, c, self, arrays.scale_lo, arrays.scale_hi)
        return eum(
            arrays.positions,
            arrays.saliences,
            arrays.capabilities,
            self,
            arrays.scale_lo,
            arrays.scale_hi,
            100.0,
            arrays.actor_names,
        )
