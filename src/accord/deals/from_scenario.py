"""Build a :class:`DealSpace` from an accord :class:`~accord.scenario.Scenario`.

Choices (the sources leave them open, so they are written down here):

* **Options.** An issue's labelled options (anchors) are its options; an issue without any, or every
  non-discrete issue when ``step`` is given, is discretised on its scale at ``lo, lo + step, ...`` up to
  ``hi`` (and ``hi`` itself, so that the end of the scale is always an option)
  (``n_points`` evenly spaced points when neither options nor a step exist). Option labels in the deal
  space are the scenario's option ids (grid points are labelled by their value).
* **Values.** From explicit option utilities when the stance gives them (min-max normalised per actor
  and issue to [0, 1]; an option not listed gets the lowest value); otherwise from the distance to the
  actor's position, ``v = 1 - |x - p| / (hi - lo)`` (linear loss, the default: the city-block utility of
  the spatial-voting literature, Enelow & Hinich 1984, and of the compromise/Nash models of Achen 2006)
  or ``v = 1 - (|x - p| / (hi - lo))**2`` (quadratic loss, ``loss="quadratic"``: risk-averse, Euclidean
  utility). Values are not stretched per issue, so an actor in the middle of a scale loses at most half.
* **Weights.** Salience divided by the actor's total salience over issues; no stance means weight 0.
* **Red lines.** An option is acceptable to an actor iff its red line accepts it
  (:meth:`accord.scenario.RedLine.accepts_option`).
* **Disagreement.** The actor's BATNA when given; else its utility of the status quo when every issue
  has one (evaluated at the status-quo point of each scale, or at the option nearest to it for
  explicit utilities); else 0.
* **Bargaining powers** (exponents of the asymmetric Nash solution): capabilities.
* **Extremity** of a demand (for the cheap-to-cede view): ``|p - mid| / (half the scale)``.
* **Linked issues.** Each of the scenario's ``constraints`` (:class:`accord.scenario.Constraint`) becomes
  a :class:`~accord.deals.linked.ForbiddenPairs` table over the two issues' options
  (:meth:`~accord.scenario.Constraint.pair_mask`, which also places grid points by their value), so no
  package holding an excluded pair is feasible, efficient, a solution or an opening.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from .linked import ForbiddenPairs
from .space import DealSpace

if TYPE_CHECKING:  # the scenario package is only needed for typing; any object with its shape works
    from accord.scenario import Issue, Scenario

__all__ = ["deal_space_from_scenario"]


def _grid(issue: Issue, step: float | None, n_points: int) -> tuple[list[str], np.ndarray, list[object]]:
    """Option labels, values on the scale, and the scenario Option objects (None for grid points)."""
    if issue.options and (step is None or issue.discrete):
        return [o.id for o in issue.options], np.array([o.value for o in issue.options]), list(issue.options)
    if step is not None:
        if step <= 0:
            raise ValueError("step must be positive")
        xs = np.arange(issue.lo, issue.hi + step * 1e-9, step)
        if issue.hi - xs[-1] > step * 1e-9:
            xs = np.append(xs, issue.hi)
    else:
        xs = np.linspace(issue.lo, issue.hi, max(2, n_points))
    return [f"{x:g}" for x in xs], xs, [None] * len(xs)


def deal_space_from_scenario(
    scenario: Scenario,
    *,
    signatories: Sequence[str] | None = None,
    loss: Literal["linear", "quadratic"] = "linear",
    step: float | None = None,
    n_points: int = 5,
) -> DealSpace:
    """The deal space of a scenario: one package per combination of issue options.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario (``accord.scenario.load_scenario``).
    signatories : sequence of str, optional
        Actor ids whose acceptance a deal needs; all actors by default.
    loss : {"linear", "quadratic"}
        How value falls with distance from an actor's position (see the module docstring).
    step : float, optional
        Discretise non-discrete issues on their scale at this step instead of at their labelled options.
    n_points : int
        Grid size for issues that have neither options nor a step.

    Returns
    -------
    DealSpace
        Actors and issues by id, options by option id, each option's value on its issue's scale, the
        status quo, which disagreement values are the status quo's utility, and the scenario's linked
        issues as forbidden option pairs; ``metadata`` maps ids to names and labels (for display only).

    References
    ----------
    J.M. Enelow, M.J. Hinich (1984), *The Spatial Theory of Voting*, Cambridge UP; C.H. Achen (2006),
    "Evaluating political decision-making models", in *The European Union Decides*, Cambridge UP.
    """
    if loss not in ("linear", "quadratic"):
        raise ValueError(f"loss must be 'linear' or 'quadratic', not {loss!r}")
    actors = list(scenario.actor_ids)
    n_a = len(actors)
    issues, options, values, acceptable, sq_values, option_values = [], [], [], [], [], []
    saliences = np.zeros((n_a, len(scenario.issues)))
    extremity = np.zeros((n_a, len(scenario.issues)))
    option_labels: dict[str, dict[str, str]] = {}
    for k, issue in enumerate(scenario.issues):
        labels, xs, objs = _grid(issue, step, n_points)
        span = issue.span if issue.span > 0 else 1.0
        v = np.zeros((n_a, len(xs)))
        acc = np.ones((n_a, len(xs)), dtype=bool)
        sq = np.zeros(n_a)
        for i, actor in enumerate(actors):
            st = scenario.stance(actor, issue.id)
            if st is None:
                continue
            saliences[i, k] = max(0.0, float(st.salience))
            mid = (issue.lo + issue.hi) / 2
            extremity[i, k] = min(1.0, abs(st.position - mid) / (span / 2))
            if st.utilities:
                given = {oid: float(u) for oid, u in st.utilities}
                raw = np.array([given.get(lbl, np.nan) for lbl in labels])
                if np.all(np.isnan(raw)):
                    # Grid points: take the utility of the nearest labelled option.
                    raw = np.array(
                        [given.get(getattr(issue.nearest_option(x), "id", ""), np.nan) for x in xs]
                    )
                lo_u = np.nanmin(raw) if np.any(~np.isnan(raw)) else 0.0
                raw = np.where(np.isnan(raw), lo_u, raw)
                rng = raw.max() - raw.min()
                v[i] = (raw - raw.min()) / rng if rng > 0 else np.ones_like(raw)
                if issue.status_quo is not None:
                    sq[i] = v[i][int(np.argmin(np.abs(xs - issue.status_quo)))]
            else:
                dist = np.abs(xs - st.position) / span
                v[i] = 1.0 - (dist if loss == "linear" else dist**2)
                if issue.status_quo is not None:
                    d0 = abs(issue.status_quo - st.position) / span
                    sq[i] = 1.0 - (d0 if loss == "linear" else d0**2)
            if st.red_line is not None:
                rl = st.red_line
                acc[i] = [
                    rl.accepts_option(o) if o is not None else rl.accepts(float(x), issue)  # type: ignore[arg-type]
                    for o, x in zip(objs, xs, strict=True)
                ]
        issues.append(issue.id)
        options.append(tuple(labels))
        option_values.append(np.asarray(xs, dtype=np.float64))
        values.append(np.clip(v, 0.0, 1.0))
        acceptable.append(acc)
        sq_values.append(sq)
        option_labels[issue.id] = {
            lbl: str(getattr(o, "label", lbl)) for lbl, o in zip(labels, objs, strict=True)
        }
    by_issue = dict(zip(issues, options, strict=True))
    values_by_issue = dict(zip(issues, option_values, strict=True))
    forbidden = [
        ForbiddenPairs(c.issues, c.pair_mask(by_issue, values_by_issue), c.describe())
        for c in getattr(scenario, "constraints", ())
    ]
    totals = saliences.sum(axis=1, keepdims=True)
    weights = np.divide(saliences, totals, out=np.zeros_like(saliences), where=totals > 0)
    all_sq = all(issue.status_quo is not None for issue in scenario.issues)
    sq_util = (weights * np.stack(sq_values, axis=1)).sum(axis=1) if all_sq else np.zeros(n_a)
    disagreement = np.array(
        [a.batna if a.batna is not None else float(sq_util[i]) for i, a in enumerate(scenario.actors)]
    )
    space = DealSpace(
        issues=tuple(issues),
        options=tuple(options),
        actors=tuple(actors),
        weights=weights,
        values=tuple(values),
        disagreement=disagreement,
        acceptable=tuple(acceptable),
        exponents=scenario.capabilities,
        extremity=extremity,
        name=scenario.title,
        option_values=tuple(option_values),
        status_quo=np.array([np.nan if i.status_quo is None else i.status_quo for i in scenario.issues]),
        disagreement_from_status_quo=np.array([a.batna is None and all_sq for a in scenario.actors]),
        loss=loss,
        forbidden=tuple(forbidden),
        metadata={
            "format": "accord-scenario",
            "actor_names": {a.id: a.name for a in scenario.actors},
            "issue_names": {i.id: i.name for i in scenario.issues},
            "option_labels": option_labels,
            "loss": loss,
            "disagreement_source": {
                a.id: ("batna" if a.batna is not None else "status quo" if all_sq else "zero")
                for a in scenario.actors
            },
        },
    )
    return space.with_signatories(signatories) if signatories else space
