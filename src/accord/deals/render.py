"""Plain-text rendering of a :class:`~accord.deals.DealAnalysis` (what ``accord deals`` prints)."""

from __future__ import annotations

from .analysis import DealAnalysis
from .solutions import SOLUTION_NAMES, Solution

__all__ = ["render_text"]

_TITLES = {
    "nash": "Nash bargaining solution (Nash 1950)",
    "kalai_smorodinsky": "Kalai-Smorodinsky (1975; smallest spread of normalised gains)",
    "egalitarian": "Egalitarian (max-min gain over BATNA)",
    "utilitarian": "Utilitarian (max total utility)",
    "nash_weighted": "Capability-weighted Nash",
}


def _fmt_count(n: int | None) -> str:
    return "not counted" if n is None else f"{n:,}"


def _package_lines(a: DealAnalysis, package: dict[str, str], indent: str = "    ") -> list[str]:
    meta = a.space.metadata
    names = meta.get("issue_names", {})
    labels = meta.get("option_labels", {})
    out = []
    for issue, option in package.items():
        label = labels.get(issue, {}).get(option, option)
        extra = f" ({label})" if label != option else ""
        out.append(f"{indent}{names.get(issue, issue)}: {option}{extra}")
    return out


def _utilities_line(a: DealAnalysis, utilities: dict[str, float]) -> str:
    sig = set(a.space.signatories)
    parts = [f"{actor}{'' if actor in sig else '*'} {u:.3f}" for actor, u in utilities.items()]
    return "    utilities: " + ", ".join(parts)


def _solution_block(a: DealAnalysis, key: str, s: Solution | None) -> list[str]:
    title = _TITLES.get(key, key)
    if s is None:
        return [f"  {title}: none (no package gives every signatory a gain over its BATNA)"]
    return [f"  {title}:", *_package_lines(a, s.package, "    "), _utilities_line(a, s.utilities)]


def render_text(a: DealAnalysis, top: int = 10) -> str:
    """A readable report: ZOPA summary, named solutions, frontier size and rows, concessions view."""
    sp = a.space
    lines = [
        f"Deal space {sp.name!r}: {sp.n_issues} issues, {sp.n_actors} actors, {a.n_packages:,} packages",
        f"  signatories: {', '.join(sp.signatories)}"
        + ("" if len(sp.signatories) == sp.n_actors else "  (* = not a signatory)"),
        "  disagreement (BATNA) values: "
        + ", ".join(f"{x} {d:.3f}" for x, d in zip(sp.actors, sp.disagreement, strict=True)),
        f"  feasible packages (every signatory accepts): {_fmt_count(a.n_feasible)}",
    ]
    if a.n_acceptable is not None:
        lines.append(
            "  acceptable to each actor alone: " + ", ".join(f"{x} {n:,}" for x, n in a.n_acceptable.items())
        )
    lines.append(f"  zone of possible agreement: {'yes' if a.zopa else 'NONE'}")
    lines.append(
        f"  Pareto frontier: {'not built' if a.pareto_size is None else f'{a.pareto_size:,} packages'}"
    )
    lines.append("")
    lines.append("Solutions")
    for key in SOLUTION_NAMES:
        lines.extend(_solution_block(a, key, a.solutions.get(key)))
    if a.nash_weighted is not None and len(set(sp.exponents[sp.signatory_rows].tolist())) > 1:
        lines.extend(_solution_block(a, "nash_weighted", a.nash_weighted))
    if a.opening is not None:
        o = a.opening
        lines += [
            "",
            f"What would open a deal (cheapest; total cost {o.cost:.4f}; must move: {', '.join(o.movers)})",
        ]
        lines.extend(_package_lines(a, o.package, "    "))
        lines.append(_utilities_line(a, o.utilities))
        for m in o.moves:
            if m.kind == "red_line":
                lines.append(
                    f"  - {m.actor} relaxes its red line on {m.issue} to accept {m.option} "
                    f"(cost {m.cost:.4f})"
                )
            else:
                lines.append(
                    f"  - {m.actor} accepts {m.to_value:.3f}, below its BATNA {m.from_value:.3f} "
                    f"(cost {m.cost:.4f})"
                )
    if a.cheap_to_cede:
        lines += ["", "Cheap to cede (stated strongly, valued little, valued highly by another)"]
        for c in a.cheap_to_cede[:top]:
            lines.append(
                f"  - {c.actor} on {c.issue}: demands {c.demand}, could cede to {c.beneficiary}'s "
                f"{c.wanted}: costs it {c.cost:.4f}, gains {c.beneficiary} {c.gain:.4f}"
            )
    if a.logrolls:
        lines += ["", "Logrolls (both gain over the mirror trade)"]
        for g in a.logrolls[:top]:
            lines.append(
                f"  - {g.actor_a} gets {g.issue_a}={g.option_a}, {g.actor_b} gets {g.issue_b}={g.option_b}: "
                f"gains {g.gain_a:.4f} / {g.gain_b:.4f}"
            )
    if a.pareto_indices is not None and a.pareto_utilities is not None and len(a.pareto_indices):
        shown = min(top, len(a.pareto_indices))
        lines += ["", f"Pareto frontier (first {shown} of {len(a.pareto_indices):,} by package index)"]
        for i, u in zip(a.pareto_indices[:shown], a.pareto_utilities[:shown], strict=True):
            pkg = sp.package(int(i))
            lines.append(
                "  "
                + "; ".join(f"{k}={v}" for k, v in pkg.items())
                + "  -> "
                + ", ".join(f"{x} {val:.3f}" for x, val in zip(sp.actors, u, strict=True))
            )
    for note in a.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)
