"""Terminal text for a :class:`~accord.analysis.DealsReport` (what ``accord deals`` prints)."""

from __future__ import annotations

from ..analysis.results import DealsReport
from ..deals.concessions import Concession, Opening
from ..deals.solutions import SOLUTION_NAMES, Solution

__all__ = ["render_deals"]

_TITLES = {
    "nash": "Nash bargaining solution (Nash 1950)",
    "kalai_smorodinsky": "Kalai-Smorodinsky (1975; smallest spread of normalised gains)",
    "egalitarian": "Egalitarian (max-min gain over BATNA)",
    "utilitarian": "Utilitarian (max total utility)",
    "nash_weighted": "Capability-weighted Nash",
}


def _count(n: int | None) -> str:
    return "not counted" if n is None else f"{n:,}"


def _package_lines(r: DealsReport, package: dict[str, str], indent: str = "    ") -> list[str]:
    out = []
    for issue, option in package.items():
        label = r.option_labels.get(issue, {}).get(option, option)
        extra = f" ({label})" if label != option else ""
        out.append(f"{indent}{r.issue_names.get(issue, issue)}: {option}{extra}")
    return out


def _utilities_line(r: DealsReport, utilities: dict[str, float]) -> str:
    sig = set(r.signatories)
    parts = [f"{actor}{'' if actor in sig else '*'} {u:.3f}" for actor, u in utilities.items()]
    return "    utilities: " + ", ".join(parts)


def _solution_block(r: DealsReport, key: str, s: Solution | None) -> list[str]:
    title = _TITLES.get(key, key)
    if s is None:
        return [f"  {title}: none (no package gives every signatory a gain over its BATNA)"]
    return [f"  {title}:", *_package_lines(r, s.package, "    "), _utilities_line(r, s.utilities)]


def _move(m: Concession) -> str:
    if m.kind == "red_line":
        how_far = "" if m.beyond is None else f"{m.beyond:g} past {m.limit}; "
        return (
            f"{m.actor} relaxes its red line on {m.issue} to accept {m.option} ({how_far}cost {m.cost:.4f})"
        )
    return f"{m.actor} accepts {m.to_value:.4f}, below its BATNA {m.from_value:.4f} (cost {m.cost:.4f})"


def _opened(o: Opening) -> str:
    if o.n_opened is not None:
        opens = f"opens {o.n_opened:,} package{'s' if o.n_opened != 1 else ''}"
    elif o.n_opened_at_most is not None:
        opens = (
            f"opens at most {o.n_opened_at_most:,} packages (those within the red lines after these moves)"
        )
    else:
        opens = "packages opened not counted"
    nxt = "no other opening" if o.margin is None else f"the next opening costs {o.margin:.4f} more"
    return f"{opens}; {nxt}"


def render_deals(r: DealsReport, top: int = 10, weighted: bool = True) -> str:
    """A readable report: the zone of agreement, named solutions, what would open a deal, concessions.

    ``weighted``: show the capability-weighted Nash solution when it differs from the symmetric one.
    """
    lines = [
        f"Deal space {r.name!r}: {len(r.issues)} issues, {len(r.actors)} actors, {r.n_packages:,} packages",
        f"  signatories: {', '.join(r.signatories)}"
        + ("" if len(r.signatories) == len(r.actors) else "  (* = not a signatory)"),
        "  disagreement (BATNA) values: " + ", ".join(f"{x} {d:.3f}" for x, d in r.disagreement.items()),
        f"  feasible packages (every signatory accepts): {_count(r.n_feasible)}",
    ]
    if r.n_acceptable is not None:
        lines.append(
            "  acceptable to each actor alone: " + ", ".join(f"{x} {n:,}" for x, n in r.n_acceptable.items())
        )
    lines.append(f"  zone of possible agreement: {'yes' if r.zopa else 'NONE'}")
    if r.n_feasible is None and r.n_feasible_at_most is not None:
        lines.append(f"  within every signatory's red lines (BATNAs aside): {r.n_feasible_at_most:,}")
    lines.append(
        f"  Pareto frontier: {'not built' if r.pareto_size is None else f'{r.pareto_size:,} packages'}"
    )
    lines += ["", "Solutions"]
    for key in SOLUTION_NAMES:
        lines.extend(_solution_block(r, key, r.solutions.get(key)))
    nw, ns = r.solutions.get("nash_weighted"), r.solutions.get("nash")
    if weighted and nw is not None and (ns is None or nw.package != ns.package):
        lines.extend(_solution_block(r, "nash_weighted", nw))
    if r.opening is not None:
        o = r.opening
        lines += [
            "",
            f"What would open a deal (cheapest; total cost {o.cost:.4f}; must move: {', '.join(o.movers)})",
        ]
        lines.extend(_package_lines(r, o.package, "    "))
        lines.append(_utilities_line(r, o.utilities))
        lines.extend(f"  - {_move(m)}" for m in o.moves)
        lines.append("  " + _opened(o))
    others = r.openings[1:]
    if others and r.opening is not None:
        first = r.opening
        lines += ["", f"Other openings (the next {len(others)} cheapest, each asking different moves)"]
        for n, o in enumerate(others, start=2):
            extra = o.cost - first.cost
            lines.append(f"  {n}. total cost {o.cost:.4f} (+{extra:.4f}); must move: {', '.join(o.movers)}")
            lines.extend(f"     - {_move(m)}" for m in o.moves)
            diff = [f"{k}={v}" for k, v in o.package.items() if first.package.get(k) != v]
            if diff:
                lines.append("     differs from the cheapest on: " + ", ".join(diff))
            lines.append("     " + _opened(o))
    if r.cheap_to_cede:
        lines += [
            "",
            "Cheap to cede (stated strongly, valued little, within the actor's own red line; "
            "gain to the other signatories)",
        ]
        for c in r.cheap_to_cede[:top]:
            lines.append(
                f"  - {c.actor} on {c.issue}: demands {c.demand}, could cede to {c.wanted}: costs it "
                f"{c.cost:.4f}, gains the signatories {c.gain:.4f} (most: {c.beneficiary} "
                f"{c.gains.get(c.beneficiary, c.gain):.4f})"
            )
    if r.logrolls:
        lines += ["", "Logrolls (both gain over the mirror trade; within both red lines and the constraints)"]
        for g in r.logrolls[:top]:
            lines.append(
                f"  - {g.actor_a} gets {g.issue_a}={g.option_a}, {g.actor_b} gets {g.issue_b}={g.option_b}: "
                f"gains {g.gain_a:.4f} / {g.gain_b:.4f}"
            )
    if r.pareto:
        shown = min(top, len(r.pareto))
        lines += ["", f"Pareto frontier (first {shown} of {len(r.pareto):,} by package index)"]
        for p in r.pareto[:shown]:
            lines.append(
                "  "
                + "; ".join(f"{k}={v}" for k, v in p.package.items())
                + "  -> "
                + ", ".join(f"{x} {val:.3f}" for x, val in p.utilities.items())
            )
    if r.constraints:
        lines += ["", "Linked issues honoured (packages holding these pairs are never proposed)"]
        lines.extend(f"  - {c}" for c in r.constraints)
    for note in r.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines) + "\n"
