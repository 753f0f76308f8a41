"""What a person's seat sees: :func:`seat_view` reads the paused (or finished) negotiation of a game."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..simulate.protocols import MEDIATOR
from .results import IssueView, OfferView, OptionView, SeatView, TrackView
from .seat import legal_moves, offer_pairs, seat_utility

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..simulate import Negotiation
    from .game import Game

__all__ = ["seat_view", "round_date", "red_line_text"]


def round_date(scenario: Scenario, r: int) -> str | None:
    """The date round ``r`` ends on (ISO), or None when the scenario has no calendar."""
    try:
        return scenario.round_date(r).isoformat()
    except (InputError, ValueError, AttributeError):
        return None


def red_line_text(options: tuple[str, ...], acceptable: list[bool]) -> str | None:
    """The red line as the options it allows (None when it allows all)."""
    if all(acceptable):
        return None
    ok = [o for o, a in zip(options, acceptable, strict=True) if a]
    if not ok:
        return "no option is acceptable"
    return f"only {', '.join(ok)}"


def _name(neg: Negotiation, row: int) -> str:
    return "mediator" if row == MEDIATOR else neg.space.actors[row]


def _offer(
    neg: Negotiation,
    row: int,
    number: int,
    round_: int,
    by: str,
    pairs: list[tuple[int, int]],
    partial: bool,
    answers: list[tuple[int, bool]],
    pending: bool,
) -> OfferView:
    space, scenario = neg.space, neg.scenario
    assert scenario is not None
    labels = {}
    for k, o in pairs:
        opts = scenario.issue(space.issues[k]).options
        oid = space.options[k][o]
        labels[space.issues[k]] = next((x.label for x in opts if x.id == oid), oid)
    utilities = {}
    if row == MEDIATOR:
        utilities = {
            neg.space.actors[int(r)]: seat_utility(neg, int(r), pairs, partial) for r in neg.signatory_rows
        }
    crosses = (
        () if row == MEDIATOR else tuple(space.issues[k] for k, o in pairs if not space.acceptable[k][row, o])
    )
    return OfferView(
        number=number,
        round=round_,
        by=by,
        partial=partial,
        package={space.issues[k]: space.options[k][o] for k, o in pairs},
        labels=labels,
        utility=seat_utility(neg, row, pairs, partial),
        utilities=utilities,
        accepted_by=tuple(_name(neg, a) for a, yes in answers if yes),
        rejected_by=tuple(_name(neg, a) for a, yes in answers if not yes),
        crosses_red_line=crosses,
        pending=pending,
    )


def _offers(neg: Negotiation, row: int, pending: OfferView | None) -> tuple[list[OfferView], list[str]]:
    """The latest full offer of each proposer, open partial offers, the pending one; and the log."""
    space, t = neg.space, neg.trace
    cols, resp = t.offers, t.responses
    answers: dict[int, list[tuple[int, bool]]] = {}
    for oid, a, yes in zip(resp["offer"], resp["actor"], resp["accepted"], strict=True):
        answers.setdefault(int(oid), []).append((int(a), bool(yes)))
    latest: dict[tuple[int, int], OfferView] = {}
    log = []
    n = len(cols["round"])
    for i in range(n):
        by_row, pkg, issue = int(cols["proposer"][i]), int(cols["package"][i]), int(cols["issue"][i])
        partial = pkg < 0
        if partial:
            pairs = [(issue, int(cols["option"][i]))]
        else:
            pairs = list(enumerate(space.decode([pkg])[0].tolist()))
        by = _name(neg, by_row)
        view = _offer(neg, row, i, int(cols["round"][i]), by, pairs, partial, answers.get(i, []), False)
        latest[(by_row, issue if partial else -1)] = view
        what = f"{space.issues[issue]} = {space.options[issue][pairs[0][1]]}" if partial else "a package"
        verdict = "agreed" if cols["accepted"][i] else "not agreed"
        no = f"; rejected by {', '.join(view.rejected_by)}" if view.rejected_by else ""
        log.append(f"round {view.round}: {by} offered {what} (you {view.utility:.3f}) - {verdict}{no}")
    shown = [v for (_, issue), v in sorted(latest.items()) if issue < 0 or issue not in neg.agreed]
    if pending is not None:
        shown.append(pending)
    return shown, log


def seat_view(game: Game, seat: str) -> SeatView:
    """What the person in ``seat`` sees now."""
    neg = game._neg
    space, scenario = neg.space, game.scenario
    row = neg.actor_rows.get(seat, MEDIATOR)
    q = game._pending
    due = q is not None and q.seat == seat
    pending = None
    if due and q is not None and q.offer is not None:
        resp = neg.trace.responses
        n = len(neg.trace.offers["round"])
        so_far = [
            (int(a), bool(y))
            for o, a, y in zip(resp["offer"], resp["actor"], resp["accepted"], strict=True)
            if o == n
        ]
        pending = _offer(
            neg, row, n, neg.round, q.by or "?", offer_pairs(neg, q.offer), q.offer.partial, so_far, True
        )
    offers, log = _offers(neg, row, pending)
    issues = []
    for k, issue_id in enumerate(space.issues):
        issue = scenario.issue(issue_id)
        acc = [True] * len(space.options[k]) if row == MEDIATOR else space.acceptable[k][row].tolist()
        sq = [o for o, at in enumerate(neg.sq_option_mask(k).tolist()) if at]
        issues.append(
            IssueView(
                id=issue_id,
                name=issue.name,
                options=tuple(OptionView(o.id, o.label) for o in issue.options),
                separable=k in neg.base.separable,
                status_quo=space.options[k][sq[0]] if sq else None,
                settled=space.options[k][neg.agreed[k]] if k in neg.agreed else None,
                acceptable=tuple(o for o, a in zip(space.options[k], acc, strict=True) if a),
                red_line=red_line_text(space.options[k], acc),
            )
        )
    tracks = tuple(
        TrackView(tr.id, tr.name, float(neg.tracks.value[j]), neg.frozen_by.get(tr.id))
        for j, tr in enumerate(neg.tracks.tracks)
    )
    finished = bool(neg.done)
    utility = None
    if finished:
        res = neg.result()
        utility = game.score(seat, res.utilities, res.signatories)
    return SeatView(
        seat=seat,
        title=scenario.title,
        protocol=game.protocol,
        round=int(neg.round),
        n_rounds=int(neg.n_rounds),
        date=round_date(scenario, int(neg.round)),
        due=due,
        question=q.kind if due and q is not None else None,
        legal=legal_moves(neg, q) if due and q is not None else (),
        issues=tuple(issues),
        offers=tuple(offers),
        tracks=tracks,
        batna=None if row == MEDIATOR else float(neg.disagreement[row]),
        agreed={space.issues[k]: space.options[k][o] for k, o in sorted(neg.agreed.items())},
        log=tuple(log),
        finished=finished,
        outcome=neg.result().outcome if finished else None,
        ended_by=neg.ended_by if finished else None,
        utility=utility,
    )
