"""Building blocks of KTAB's Spatial Model of Politics: vote rules, victory probabilities, PCE, risk.

Each function mirrors one enumerated option of KTAB's ``kmodel`` library [KTAB]_ and works on numpy arrays
with arbitrary leading (batch) dimensions, so that :mod:`accord.forecast.smp` can evaluate every challenge
and every bargain queue of a round without Python loops over outcomes.

The option names accepted here are KTAB's own (``"Prop"``, ``"MarkovIncentive"``, ``"OneThird"`` ...),
matched case-insensitively and ignoring ``_``/``-``, so that a KTAB XML ``ModelParameters`` block maps onto
the keyword parameters of :func:`accord.forecast.smp.smp` without translation.

References
----------
.. [KTAB] B. Wise, L. Lester, B. Efird, "An Introduction to KTAB" and "Multidimensional Bargaining Using
   KTAB", KAPSARC discussion papers; KAPSARC Toolkit for Behavioral Analysis, C++ source
   (``KTAB/kmodel/libsrc/kmodel.cpp``, ``examples/smp/libsrc/smp.cpp``), MIT licence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError

__all__ = [
    "SMPParams",
    "VOTE_RULES",
    "VICTORY_PROB_MODELS",
    "PCE_MODELS",
    "BIG_R_RANGES",
    "BIG_R_ADJUSTS",
    "THIRD_PARTY_COMMITS",
    "INTER_VEC_BARGAINS",
    "BARGAIN_MODELS",
    "STATE_TRANSITIONS",
    "canonical",
    "vote",
    "victory_prob",
    "pce",
    "risk_attitudes",
    "estimated_risk",
    "risk_utility",
]

FloatArray = NDArray[np.float64]

#: Elements per temporary in the coalition sums (about 16 MB of float64).
_BLOCK_ELEMENTS = 1 << 21

#: KTAB's minimum coalition strength (``minCltn``): keeps P(a > b) defined when nobody prefers either.
MIN_COALITION = 1e-8

VOTE_RULES = ("Prop", "Binary", "PropBin", "Cubic", "PropCbc", "ASymProsp")
VICTORY_PROB_MODELS = ("Linear", "Square", "Quartic", "Octic", "Binary")
PCE_MODELS = ("Conditional", "MarkovUniform", "MarkovIncentive")
BIG_R_RANGES = ("Min", "Mid", "Max")
BIG_R_ADJUSTS = ("NoRA", "OneThird", "Half", "TwoThirds", "FullRA")
THIRD_PARTY_COMMITS = ("NoCommit", "SemiCommit", "FullCommit")
INTER_VEC_BARGAINS = ("S1P1", "S2P2")
BARGAIN_MODELS = ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp")
STATE_TRANSITIONS = ("Deterministic", "Stochastic")

_ALIASES = {"none": "nora", "full": "fullra", "no": "nocommit", "semi": "semicommit"}


def canonical(value: str, choices: tuple[str, ...], name: str) -> str:
    """Return KTAB's spelling of ``value`` among ``choices``; raise ``InputError`` naming the parameter.

    Matching ignores case, ``_`` and ``-`` (``"one_third"`` -> ``"OneThird"``).
    """
    key = str(value).replace("_", "").replace("-", "").replace(" ", "").lower()
    key = _ALIASES.get(key, key)
    for choice in choices:
        if choice.lower() == key:
            return choice
    # "full" is ambiguous between BigRAdjust and ThirdPartyCommit; retry the commit spelling
    if key == "fullra" and "FullCommit" in choices:
        return "FullCommit"
    raise InputError.single("", f"{value!r} is not one of {', '.join(choices)}", path=f"smp.{name}")


@dataclass(frozen=True)
class SMPParams:
    """The SMP's options, written once.

    Its fields drive :class:`accord.forecast.smp.SMPModel`'s constructor, the validation here and the run
    (:func:`accord.forecast.smp.smp_run`).
    Defaults are KTAB's. Option names are KTAB's own, matched case-insensitively (``_`` and ``-``
    ignored) and stored in KTAB's spelling, so a KTAB XML ``ModelParameters`` block maps 1:1.

    Parameters
    ----------
    vote_rule : {"Prop", "Binary", "PropBin", "Cubic", "PropCbc", "ASymProsp"}
        KTAB ``VotingRule``: how a utility difference becomes a vote. Default Prop (proportional).
    victory_prob_model : {"Linear", "Square", "Quartic", "Octic", "Binary"}
        KTAB ``VictoryProbModel``: P(a beats b) from coalition strengths. Default Linear.
    pce_model : {"Conditional", "MarkovUniform", "MarkovIncentive"}
        KTAB ``PCEModel``: probabilistic Condorcet election. Default Conditional.
    state_transition : {"Deterministic", "Stochastic"}
        KTAB ``StateTransitions``: take each queue's most probable bargain, or draw one (from the run's
        numpy Generator). Default Deterministic.
    big_r_range : {"Min", "Mid", "Max"}
        KTAB ``BigRRange``: range of inferred risk attitudes. Default Mid ([-1/2, 1]).
    big_r_adjust : {"NoRA", "OneThird", "Half", "TwoThirds", "FullRA"}
        KTAB ``BigRAdjust``: how far an actor's estimate of another's risk attitude moves from its own
        towards the true one. Default OneThird.
    third_party_commit : {"NoCommit", "SemiCommit", "FullCommit"}
        KTAB ``ThirdPartyCommit``. Default SemiCommit (backers of the loser adopt the winner's position).
    inter_vec_bargain : {"S1P1", "S2P2"}
        KTAB ``InterVecBrgn``: bargain interpolation weights (salience x win probability) to the power 1 or
        2. Default S2P2. (KTAB's asymmetric S2PMax is not offered.)
    bargain_model : {"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"}
        KTAB ``BargnModel``: both parties take the bargain from the initiator's view (default, reproduced
        against KTAB's logs); each takes its copy from its own view; or the two views averaged with the
        parties' total saliences as weights (KTAB's "power-weighted compromise"; its logs confirm these
        weights). The two alternatives are approximations: KTAB's logged receiver's view is not the
        interpolation with the receiver's win probability used here, and its rule is not recoverable.
    stop_fraction : float
        Stop when a round moves the actors less than this fraction of the first round's movement (KTAB:
        0.02), checked from the second round on; in (0, 1).
    max_rounds : int
        Round cap (KTAB: 100), >= 1.
    precision : float or None
        Grid on the unit scale to which bargained coordinates are rounded (KTAB's logs: 1e-4). None: none.

    Raises
    ------
    InputError
        On an unknown option name or an out-of-range number, located at ``smp.<parameter>``.
    """

    vote_rule: str = "Prop"
    victory_prob_model: str = "Linear"
    pce_model: str = "Conditional"
    state_transition: str = "Deterministic"
    big_r_range: str = "Mid"
    big_r_adjust: str = "OneThird"
    third_party_commit: str = "SemiCommit"
    inter_vec_bargain: str = "S2P2"
    bargain_model: str = "InitOnlyInterp"
    stop_fraction: float = 0.02
    max_rounds: int = 100
    precision: float | None = 1e-4

    def __post_init__(self) -> None:
        for name, choices in _CHOICES.items():
            object.__setattr__(self, name, canonical(getattr(self, name), choices, name))
        problems = {
            "max_rounds": None
            if isinstance(self.max_rounds, int | np.integer) and self.max_rounds >= 1
            else f"must be an integer >= 1, got {self.max_rounds!r}",
            "precision": None
            if self.precision is None or self.precision >= 0
            else f"must be >= 0 or None, got {self.precision}",
            "stop_fraction": None
            if 0.0 < self.stop_fraction < 1.0
            else f"must lie in (0, 1), got {self.stop_fraction}",
        }
        for name, message in problems.items():
            if message:
                raise InputError.single("", message, path=f"smp.{name}")


#: The enumerated options of :class:`SMPParams` and their allowed values.
_CHOICES = {
    "vote_rule": VOTE_RULES,
    "victory_prob_model": VICTORY_PROB_MODELS,
    "pce_model": PCE_MODELS,
    "state_transition": STATE_TRANSITIONS,
    "big_r_range": BIG_R_RANGES,
    "big_r_adjust": BIG_R_ADJUSTS,
    "third_party_commit": THIRD_PARTY_COMMITS,
    "inter_vec_bargain": INTER_VEC_BARGAINS,
    "bargain_model": BARGAIN_MODELS,
}


def vote(
    rule: str, weight: FloatArray | float, u_a: FloatArray | float, u_b: FloatArray | float
) -> FloatArray:
    """Vote of a voter with ``weight`` for option a over option b (KTAB ``Model::vote``).

    Positive means support for a. With ``d = u_a - u_b``: Prop ``w d``; Binary ``w sign(d)``;
    PropBin ``w (0.8 d + 0.2 sign d)``; Cubic ``w d^3``; PropCbc ``w (0.5 d + 0.5 d^3)``... see
    :data:`VOTE_RULES`; ASymProsp weighs gains by 2/3 and losses fully (prospect theory).
    """
    d = np.asarray(u_a, dtype=float) - np.asarray(u_b, dtype=float)
    if rule == "Prop":
        f = d
    elif rule == "Binary":
        f = np.sign(d)
    elif rule == "PropBin":
        f = 0.8 * d + 0.2 * np.sign(d)
    elif rule == "Cubic":
        f = d**3
    elif rule == "PropCbc":
        f = 0.5 * d + 0.5 * d**3
    elif rule == "ASymProsp":
        f = np.where(d < 0, d, (2.0 / 3.0) * d)
    else:  # pragma: no cover - guarded by canonical()
        raise ValueError(f"unknown vote rule {rule!r}")
    return np.asarray(weight, dtype=float) * f


def victory_prob(model: str, strength_a: FloatArray, strength_b: FloatArray) -> FloatArray:
    """Probability that a coalition of ``strength_a`` beats one of ``strength_b`` (KTAB ``Model::vProb``).

    Linear ``a / (a + b)`` (2:1 gives 2/3); Square, Quartic and Octic raise both strengths to the power 2, 4
    and 8 first; Binary gives certain victory at a 10 % advantage ``(a - b) / (a + b) >= 0.1`` and ramps
    linearly in between. Strengths are floored at :data:`MIN_COALITION`, so the answer is always defined.
    """
    a = np.maximum(np.asarray(strength_a, dtype=float), MIN_COALITION)
    b = np.maximum(np.asarray(strength_b, dtype=float), MIN_COALITION)
    if model == "Binary":
        return np.clip(0.5 + 5.0 * (a - b) / (a + b), 0.0, 1.0)
    power = {"Linear": 1, "Square": 2, "Quartic": 4, "Octic": 8}[model]
    if power == 1:
        return a / (a + b)
    # divide by the larger strength first so that high powers cannot overflow
    m = np.maximum(a, b)
    ap, bp = (a / m) ** power, (b / m) ** power
    return ap / (ap + bp)


def _coalitions(rule: str, weights: FloatArray, utils: FloatArray) -> FloatArray:
    """Coalition strengths ``C[..., a, b] = sum_k max(0, vote_k(a:b))``.

    ``utils[..., k, a]`` is voter k's utility of option a, ``weights[k]`` its (non-negative) vote weight.
    Every rule is ``w f(d)``, so the weights are applied in one contraction over voters. Large elections
    are done in blocks of options a, so that the (voters, a, b) temporary stays around 16 MB.
    """
    n_opt = utils.shape[-1]
    batch = int(np.prod(utils.shape[:-2], dtype=np.int64))
    size = max(1, _BLOCK_ELEMENTS // max(1, batch * utils.shape[-2] * n_opt))
    out = np.empty(utils.shape[:-2] + (n_opt, n_opt))
    for start in range(0, n_opt, size):
        block = utils[..., :, start : start + size]
        if rule == "Prop":
            # the default rule in place: one buffer
            v = np.subtract(block[..., :, :, None], utils[..., :, None, :])
        else:
            v = vote(rule, 1.0, block[..., :, :, None], utils[..., :, None, :])
        np.maximum(v, 0.0, out=v)
        out[..., start : start + size, :] = np.tensordot(weights, v, axes=([0], [-3]))
    return out


def pce(
    model: str,
    vote_rule: str,
    victory_model: str,
    weights: FloatArray,
    utils: FloatArray,
    *,
    min_coalition: float = 0.0,
) -> FloatArray:
    """Probabilistic Condorcet Election over options (KTAB ``Model::scalarPCE``).

    Parameters
    ----------
    model : str
        ``"Conditional"``: p_a proportional to the product over b of P(a > b). ``"MarkovUniform"``: iterate
        ``p_a <- (1/n) sum_b P(a > b) (p_a + p_b)`` with damping until the change is below 1e-6.
        ``"MarkovIncentive"``: a Markov chain in which the challenger b of the incumbent a is drawn with
        probability proportional to ``C(b:a) P(b > a)`` and then wins with ``P(b > a)``; its stationary
        distribution (to 1e-10).
    vote_rule, victory_model : str
        See :func:`vote` and :func:`victory_prob`.
    weights : ndarray, shape (n_voters,)
        Vote weights (KTAB uses capabilities).
    utils : ndarray, shape (..., n_voters, n_options)
        Utility of each option to each voter; leading dimensions are independent elections.
    min_coalition : float
        Added to every coalition strength (KTAB adds 1e-8 when options may coincide).

    Returns
    -------
    ndarray, shape (..., n_options)
        Probability that each option wins; sums to 1.
    """
    c = _coalitions(vote_rule, weights, utils) + min_coalition
    p_win = victory_prob(victory_model, c, np.swapaxes(c, -1, -2))
    n = p_win.shape[-1]
    eye = np.eye(n, dtype=bool)
    if model == "Conditional":
        # logs keep the product finite for many options
        logp = np.log(np.maximum(np.where(eye, 1.0, p_win), 1e-300)).sum(axis=-1)
        logp -= logp.max(axis=-1, keepdims=True)
        p = np.exp(logp)
        return p / p.sum(axis=-1, keepdims=True)
    p = np.full(p_win.shape[:-1], 1.0 / n)
    if model == "MarkovUniform":
        pw = np.where(eye, 0.5, p_win)
        for _ in range(10_000):
            new = (pw * (p[..., :, None] + p[..., None, :])).sum(axis=-1) / n
            new /= new.sum(axis=-1, keepdims=True)
            new = 0.5 * (p + new)
            if np.abs(new - p).max() < 1e-6:
                return new
            p = new
        return p
    if model == "MarkovIncentive":
        # incentive[b, a]: weight of b as challenger of incumbent a
        incentive = np.where(eye, 0.0, c * p_win)
        total = incentive.sum(axis=-2, keepdims=True)
        choose = np.divide(incentive, total, out=np.zeros_like(incentive), where=total > 0)
        move = choose * p_win  # move[b, a]: probability the chain goes from a to b
        stay = 1.0 - move.sum(axis=-2)
        for _ in range(100_000):
            new = (move * p[..., None, :]).sum(axis=-1) + stay * p
            if np.abs(new - p).max() < 1e-12:
                p = new
                break
            p = new
        return p / p.sum(axis=-1, keepdims=True)
    raise ValueError(f"unknown PCE model {model!r}")  # pragma: no cover


def risk_attitudes(big_r_range: str, probs: FloatArray) -> FloatArray:
    """Risk attitudes R_i in [-1, 1] from the probability that each actor's position wins (BigRRange).

    The holder of the most probable position is the most risk averse (R = 1). ``"Min"`` maps onto [0, 1],
    ``"Mid"`` (KTAB default) onto [-1/2, 1], ``"Max"`` onto [-1, 1]. When every probability is equal the
    attitudes are 0 (risk neutral) rather than 0/0.
    """
    pmax, pmin = float(probs.max()), float(probs.min())
    span = pmax - pmin
    if span <= 1e-15:
        return np.zeros_like(probs)
    if big_r_range == "Min":
        return (probs - pmin) / span
    if big_r_range == "Mid":
        return (3.0 * probs - pmax - 2.0 * pmin) / (2.0 * span)
    if big_r_range == "Max":
        return (2.0 * probs - pmax - pmin) / span
    raise ValueError(f"unknown BigRRange {big_r_range!r}")  # pragma: no cover


def estimated_risk(big_r_adjust: str, risk: FloatArray) -> FloatArray:
    """Matrix ``E[h, i]``: actor h's estimate of actor i's risk attitude (BigRAdjust).

    ``"NoRA"`` R_h (h projects its own attitude), ``"OneThird"`` (2 R_h + R_i)/3 (KTAB default), ``"Half"``,
    ``"TwoThirds"`` (R_h + 2 R_i)/3, ``"FullRA"`` R_i. The diagonal is always the actor's own attitude.
    """
    share = {"NoRA": 0.0, "OneThird": 1.0 / 3.0, "Half": 0.5, "TwoThirds": 2.0 / 3.0, "FullRA": 1.0}
    a = share[big_r_adjust]
    est = (1.0 - a) * risk[:, None] + a * risk[None, :]
    np.fill_diagonal(est, risk)
    return est


def risk_utility(value: FloatArray, risk: FloatArray | float) -> FloatArray:
    """Risk-aware utility ``u = v (1 + (1 - v) R)`` of a risk-neutral value ``v = 1 - d``.

    R = 0 is linear in distance, R = 1 concave (risk averse, ``1 - d^2``), R = -1 convex (``(1 - d)^2``).
    """
    out = np.multiply(1.0 - value, risk)
    out += 1.0
    out *= value
    return out
