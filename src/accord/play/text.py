"""Terminal text for a game: the outcome, the person's result against each strategy, the decisive moments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .results import Debrief, GameReport

__all__ = ["render_game", "render_debrief", "RENDERERS"]


def render_debrief(d: Debrief) -> str:
    """One person's debrief: the result against each strategy in the seat, the moments, the decisions."""
    from ..report.text import table

    out = [f"Debrief: {d.seat} (score = {d.score_label})"]
    best = max((a.score for a in d.alternatives), default=d.score)
    head = f"  your result: {d.score:.3f}" + (
        f" (no deal at the start: {d.batna0:.3f})" if d.batna0 is not None else ""
    )
    out.append(head + f"; rank {d.rank} of {len(d.alternatives) + 1}")
    if d.alternatives:
        rows = [
            [a.strategy, f"{a.score:.3f}", f"{a.score - d.score:+.3f}", a.outcome, a.ended_by, str(a.round)]
            for a in sorted(d.alternatives, key=lambda a: -a.score)
        ]
        out.append(
            table(["strategy in your seat", "score", "vs you", "outcome", "ended by", "round"], rows).rstrip(
                "\n"
            )
        )
        if best > d.score + 1e-9:
            out.append(f"  the best strategy here would have gained {best - d.score:+.3f}")
    if d.moments:
        out.append("Decisive moments")
        out += [f"  round {m.round:>3} [{m.kind}] {m.text}" for m in d.moments]
    if d.decisions:
        rows = []
        for x in d.decisions:
            said: dict[str, list[str]] = {}
            for s in x.shadows:
                said.setdefault(s.kind, []).append(s.strategy)
            others = "; ".join(f"{k}: {len(v)}" for k, v in sorted(said.items()))
            what = x.move.kind + (" (override)" if x.move.override and x.move.warnings else "")
            if x.move.timed_out:
                what += f" (timed out: {x.move.played_by})"
            partial = " (partial)" if x.offer is not None and len(x.offer) == 1 else ""
            asked = f"answer {x.offer_by}{partial}" if x.question == "respond" else "propose"
            rows.append([str(x.round), asked, what, "-" if x.utility is None else f"{x.utility:.3f}", others])
        out.append(
            table(
                ["round", "asked to", "you", "utility", "strategies in your seat"], rows, "Decisions"
            ).rstrip("\n")
        )
    return "\n".join(out) + "\n"


def render_game(r: GameReport) -> str:
    """The game's outcome (as ``accord simulate`` shows it) and each person's debrief."""
    from ..report.text import render_simulation

    people = ", ".join(r.seats)
    state = "" if r.finished else f" (stopped in round {r.outcome.round}, not finished)"
    out = [f"Game: {people} played by a person{state}; {len(r.trace.get('moves', []))} moves"]
    out.append(render_simulation(r.outcome, r.title).rstrip("\n"))
    for d in r.debrief:
        out.append("")
        out.append(render_debrief(d).rstrip("\n"))
    return "\n".join(out) + "\n"


#: Renderers of this package's documents (joined to :func:`accord.report.render` on first use).
RENDERERS: dict[type[Any], Callable[..., str]] = {GameReport: render_game}
