"""Terminal text for the text-extraction results (the JSON form comes from the results themselves)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .results import ApplyReport, DiffItem, ExtractEval, Extraction, ScenarioDiff, Timeline

__all__ = [
    "render_extraction",
    "render_eval",
    "render_diff",
    "describe_item",
    "render_apply",
    "render_timeline",
    "RENDERERS",
]


def _num(x: float | None, fmt: str = ".2f") -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, fmt)


def render_extraction(r: Extraction) -> str:
    """One block per statement: actor, act, target, issue, flags, then the quote."""
    lines = [f"{len(r.statements)} statement(s) in {r.n_sentences} sentence(s) ({r.n_parsed} parsed)"]
    for s in r.statements:
        issue = (
            f" on {s.issue}" + (f" ({s.option}, {_num(s.position_hint, 'g')})" if s.option else "")
            if s.issue
            else ""
        )
        flags = f" [{', '.join(s.flags)}]" if s.flags else ""
        lines.append(
            f"\n{s.date or '----------'}  {s.actor or '?'} {s.act}/{s.cameo}"
            f"{' -> ' + s.target if s.target else ''}{issue}{flags}  conf {s.confidence:.2f}"
        )
        lines.append(f'  "{s.quote}"  ({s.source}:{s.start}-{s.end})')
        if s.date_phrase:
            lines.append(f'  dated by "{s.date_phrase}"')
    return "\n".join(lines) + "\n"


def render_eval(r: ExtractEval) -> str:
    """Accuracy figures, then precision and recall per class, then the confusion matrix."""
    lines = [
        f"{r.file}: {r.n} sentences",
        f"act accuracy     {r.act_accuracy:.3f}",
        f"source accuracy  {r.source_accuracy:.3f}",
        f"statements per sentence {r.statements_per_sentence:.2f}; no statement in {r.n_no_statement}",
        "",
        f"{'class':<12}{'gold':>6}{'pred':>6}{'prec':>7}{'recall':>8}",
    ]
    for c, s in r.per_class.items():
        lines.append(f"{c:<12}{s.n_gold:>6}{s.n_predicted:>6}{_num(s.precision):>7}{_num(s.recall):>8}")
    cols = sorted({p for row in r.confusion.values() for p in row})
    lines += ["", "confusion (rows gold, columns predicted)", " " * 12 + "".join(f"{c[:5]:>6}" for c in cols)]
    for g, row in r.confusion.items():
        lines.append(f"{g:<12}" + "".join(f"{row.get(c, 0) or '.':>6}" for c in cols))
    return "\n".join(lines) + "\n"


def describe_item(it: DiffItem) -> str:
    """What one proposed change does, in a line ("move europe/I4 15 -> 35 (partial)")."""
    return {
        "add_source": f"new source {it.source_id}: {it.publication} ({it.date or 'undated'})",
        "add_stance": f"new stance {it.actor}/{it.issue} at {_num(it.value, 'g')} ({it.option})",
        "set_position": (
            f"move {it.actor}/{it.issue} {_num(it.previous, 'g')} -> {_num(it.value, 'g')} ({it.option})"
        ),
        "add_red_line": f"red line {it.actor}/{it.issue}: rules out {it.option} ({_num(it.value, 'g')})",
        "add_history": f"history {it.actor}/{it.issue} at {_num(it.value, 'g')} on {it.date or 'undated'}",
    }[it.op]


def render_diff(d: ScenarioDiff) -> str:
    """One line per proposed change, with its evidence."""
    lines = [f"{len(d.items)} proposed change(s) to {d.scenario}"]
    for it in d.items:
        lines.append(f"  {it.id:<5}{describe_item(it)}  [{it.source_id}]  {it.reason}")
        if it.op != "add_source":
            lines.append(f'         "{it.quote}"')
    return "\n".join(lines) + "\n"


def render_apply(r: ApplyReport) -> str:
    """What was applied and skipped."""
    verb = "applied" if r.written else "would apply (dry run)"
    out = f"{verb} {len(r.applied)} item(s) to {r.scenario}: {', '.join(r.applied) or 'none'}\n"
    if r.skipped:
        out += f"skipped: {', '.join(r.skipped)}\n"
    return out


def render_timeline(t: Timeline) -> str:
    """Entries by date, then the net move of each stance."""
    lines = [f"timeline of {t.scenario}: {len(t.entries)} entries"]
    for e in t.entries:
        pos = _num(e.position, "g")
        opt = f" ({e.option})" if e.option else ""
        lines.append(
            f"{e.date or 'undated':<11} {e.actor:<14} {e.issue:<6} {pos:>6}{opt}  [{e.source or '-'}]"
        )
        if e.quote:
            lines.append(f'            "{e.quote}"')
    if t.moves:
        lines += ["", "net moves (last - first dated position):"]
        lines += [f"  {k:<22} {v:+g}" for k, v in t.moves.items()]
    return "\n".join(lines) + "\n"


#: Renderer per document type (for :func:`accord.report.render`).
RENDERERS: dict[type[Any], Callable[..., str]] = {
    Extraction: render_extraction,
    ExtractEval: render_eval,
    ScenarioDiff: render_diff,
    ApplyReport: render_apply,
    Timeline: render_timeline,
}
