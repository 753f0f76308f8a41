"""Inputs that are valid field by field but would make the models give a silent wrong answer.

Each is a located error: a scenario with no issues, no stances, an issue nobody takes a stance on, every
capability 0, or every salience on an issue 0. Left alone, these forecast ``nan`` with exit code 0, leak a
numpy message, or are quietly turned into equal weights by some models and not by others.
"""

from __future__ import annotations

from ._checker import Checker
from ._yaml import Mark, MarkedDict, MarkedList
from .model import Actor, Issue, Stance

__all__ = ["check_degenerate"]


def _issue_marks(top: MarkedDict) -> dict[str, Mark]:
    """Where each (leaf) issue's id is written, parts included."""
    out: dict[str, Mark] = {}
    entries = top.get("issues")
    if not isinstance(entries, MarkedList):
        return out
    for d in entries:
        if not isinstance(d, MarkedDict):
            continue
        out[str(d.get("id"))] = d.value_marks.get("id", d.mark)
        parts = d.get("parts")
        for pd in parts if isinstance(parts, list) else []:
            if isinstance(pd, MarkedDict):
                out[str(pd.get("id"))] = pd.value_marks.get("id", pd.mark)
    return out


def check_degenerate(
    c: Checker, top: MarkedDict, actors: list[Actor], issues: list[Issue], stances: list[Stance]
) -> None:
    """Report degenerate scenarios; call it only once every field is valid, so nothing is reported twice."""
    if "issues" in top and not issues:
        c.add(top.value_marks.get("issues", top.mark), "issues", "needs at least one issue")
    if actors and all(a.capability == 0 for a in actors):
        c.add(
            top.value_marks.get("actors", top.mark),
            "actors",
            "every capability is 0, so no model can weigh the actors; only ratios matter, so give every "
            "actor the same capability (1, say) if they are equally able to shape the outcome",
        )
    if not actors or not issues:
        return
    if not stances:
        c.add(
            top.key_marks.get("stances", top.mark),
            "stances",
            "no stances: every model needs the actors' positions and saliences on the issues",
        )
        return
    marks = _issue_marks(top)
    for issue in issues:
        on = [s for s in stances if s.issue == issue.id]
        where = marks.get(issue.id, top.mark)
        if not on:
            c.add(
                where,
                f"issues[{issue.id}]",
                "nobody takes a stance on this issue, so no model can forecast it; add stances or remove it",
            )
        elif all(s.salience == 0 for s in on):
            c.add(
                where,
                f"issues[{issue.id}]",
                "every stance on this issue has salience 0, so no model can weigh the positions on it; "
                "give at least one a salience above 0, or remove the issue",
            )
