"""The extraction entry points: files or text in, typed :class:`~accord.text.results.Extraction` out.

A statement's actor is the scenario actor named in its source phrase (through the gazetteer), or, for a
pronoun ("he", "it") with no speaker in the sentence, the actor mentioned last before it in the same
paragraph (light coreference). Speech reported by someone other than the actor is flagged ``reported``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .coder import Coded
from .lexicon import ACTS
from .linking import IssueLinker
from .pipeline import Gazetteer, Parsed, _Counter, parse_blocks
from .reading import Block, blocks_from_text, check_english, read_blocks
from .results import FLAGS, Extraction, Statement

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["extract", "extract_text", "iter_statements"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_date(date: str | None) -> None:
    if date is not None and not _DATE.match(date):
        raise InputError.single("--date", f"expected YYYY-MM-DD, got {date!r}")


def iter_statements(
    blocks: Iterable[Block],
    scenario: Scenario | None = None,
    *,
    date: str | None = None,
    source: str = "",
    counter: _Counter | None = None,
    jobs: int = 1,
) -> Iterator[Statement]:
    """Statements of a stream of blocks, in reading order (lazily: a huge file is never held whole)."""
    linker = IssueLinker(scenario) if scenario is not None and scenario.issues else None
    last: tuple[int, str | None] = (-1, None)  # (block, actor of its last statement)
    for parsed in parse_blocks(blocks, Gazetteer.from_scenario(scenario), counter, n_process=jobs):
        if last[0] == id(parsed.block) and last[1] is not None:
            parsed.prior_actor = last[1]  # "he" is likelier the last speaker than the last place named
        for coded in parsed.events:
            st = _statement(parsed, coded, linker, date, source)
            last = (id(parsed.block), st.actor or last[1])
            yield st


def _actor(doc: Any, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    for ent in doc.ents:
        if ent.label_ == "ACTOR" and ent.start < span[1] and ent.end > span[0]:
            return str(ent.ent_id_)
    return None


def _statement(p: Parsed, c: Coded, linker: IssueLinker | None, date: str | None, source: str) -> Statement:
    doc = p.doc
    actor = _actor(doc, c.source)
    if actor is None and c.source_pronoun:
        actor = p.prior_actor
    speaker = _actor(doc, c.speaker)
    if speaker is None and c.speaker is not None and doc[c.speaker[0]].pos_ == "PRON":
        speaker = p.prior_actor  # "He said ...": the actor named last
    if actor is None and c.source is not None and c.speaker is not None and c.source == c.speaker:
        actor = speaker
    if actor is None and c.source is None:
        actor = speaker
    flags = set(c.flags)
    if c.speaker is not None and speaker != actor:
        flags.add("reported")
    a, b = c.quote
    lo, hi = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    start, end, quote = p.block.quote(p.offset + lo, p.offset + hi)
    link = None
    if linker is not None:  # the statement's own clause; the sentence when it holds this statement only
        neg = "negation" in flags
        link = linker.link(doc[a:b].text, c.act, neg)
        if link is None and len(p.events) == 1:
            link = linker.link(doc.text, c.act, neg)
    return Statement(
        actor=actor,
        act=c.act,
        cameo=ACTS[c.act],
        target=_actor(doc, c.target),
        issue=link.issue if link else None,
        option=link.option if link else None,
        position_hint=link.value if link else None,
        flags=tuple(f for f in FLAGS if f in flags),  # type: ignore[misc]
        quote=quote,
        sentence=doc.text.strip(),
        start=start,
        end=end,
        date=date,
        source=source,
        confidence=c.confidence,
    )


def extract(
    paths: Sequence[str | Path],
    scenario: Scenario | None = None,
    *,
    date: str | None = None,
    source_name: str | None = None,
    scenario_path: str | None = None,
    jobs: int = 1,
) -> Extraction:
    """Statements in text, Markdown or HTML files, linked to ``scenario``'s actors and issues.

    Parameters
    ----------
    paths : sequence of path
        Input files; offsets in each statement are character offsets into its own file.
    scenario : Scenario, optional
        Gives the actor gazetteer and the issues; without it every actor and issue is null.
    date : str, optional
        ``YYYY-MM-DD`` of the text (each statement's ``date``).
    source_name : str, optional
        The publication, written in each statement's ``source`` (default: the file name).
    scenario_path : str, optional
        Recorded in the result.
    jobs : int
        Parser processes (``nlp.pipe``'s ``n_process``); more than one pays off on large files only.

    Raises
    ------
    InputError
        Empty, binary, non-UTF-8 or non-English input; a malformed date; spaCy or the model missing.
    """
    _check_date(date)
    if not paths:
        raise InputError.single("FILE", "no input file given")
    counter = _Counter()
    out: list[Statement] = []
    for path in paths:
        name = source_name or Path(path).name
        out.extend(
            iter_statements(read_blocks(path), scenario, date=date, source=name, counter=counter, jobs=jobs)
        )
    return Extraction(
        statements=tuple(out),
        files=tuple(str(p) for p in paths),
        scenario=scenario_path,
        n_sentences=counter.n_sentences,
        n_parsed=counter.n_parsed,
    )


def extract_text(
    text: str,
    scenario: Scenario | None = None,
    *,
    kind: str = "text",
    date: str | None = None,
    source: str = "text",
) -> Extraction:
    """Statements in an in-memory text (``kind``: ``text``, ``markdown`` or ``html``)."""
    _check_date(date)
    if not text.strip():
        raise InputError.single(source, "the text is empty")
    blocks = list(blocks_from_text(text, kind))
    check_english(" ".join(b.text for b in blocks[:50]), source)
    counter = _Counter()
    statements = tuple(iter_statements(blocks, scenario, date=date, source=source, counter=counter))
    return Extraction(statements, (source,), None, counter.n_sentences, counter.n_parsed)
