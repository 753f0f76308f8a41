"""The extraction entry points: files or text in, typed :class:`~accord.text.results.Extraction` out.

A statement's actor is the scenario actor named in its source phrase (through the gazetteer), or, for a
pronoun ("he", "it") with no speaker in the sentence, the actor mentioned last before it in the same
paragraph, or, opening a paragraph, the actor the paragraph before it named last (light coreference).
Speech reported by someone other than the actor is flagged ``reported``.
Its date is the one its sentence gives for the act, else the document's (:mod:`accord.text.dates`).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import itertools
import multiprocessing as mp
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .coder import Coded
from .dates import document_date, published_date, statement_date
from .lexicon import ACTS
from .linking import IssueLinker
from .pipeline import Gazetteer, Parsed, _Counter, _ruler, fast_tags, load_nlp, parse_sourced
from .reading import STDIN, Block, Origin, blocks_from_text, check_english, expand_inputs, read_blocks
from .results import FLAGS, Extraction, Statement

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["extract", "extract_text", "iter_statements"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_date(date: str | None) -> None:
    if date is None:
        return
    if not _DATE.match(date):
        raise InputError.single("--date", f"expected YYYY-MM-DD, got {date!r}")
    try:
        dt.date.fromisoformat(date)
    except ValueError as err:
        raise InputError.single("--date", f"{date}: {err}") from None


def iter_statements(
    blocks: Iterable[Block],
    scenario: Scenario | None = None,
    *,
    date: str | None = None,
    source: str = "",
    counter: _Counter | None = None,
    jobs: int = 1,
) -> Iterator[Statement]:
    """Statements of a stream of blocks, in reading order (lazily: a huge file is never held whole).

    ``date`` is the document's; without it, the publication date a web page's markup declares, else a
    full date in the first blocks (a byline or dateline).
    With ``jobs`` > 1 (and where processes can be forked), blocks go in chunks to ``jobs`` worker
    processes that each parse, code and link them; the statements come back in reading order.
    """
    counter = counter if counter is not None else _Counter()
    yield from _statements(_dated(blocks, source, date), scenario, counter, jobs)


#: A block with its origin (the file it comes from, and the document's date).
_Sourced = tuple[Origin, Block]
#: Blocks of a document searched for its date when none is given (headline, byline, dateline).
HEAD_BLOCKS = 3
#: Characters of a web page's markup searched for its declared publication date (its head and more).
_MARKUP_HEAD = 200_000


def _dated(blocks: Iterable[Block], name: str, date: str | None) -> Iterator[_Sourced]:
    """The blocks of one document with its origin: ``date``, else the date its first blocks give."""
    blocks = iter(blocks)
    head = list(itertools.islice(blocks, HEAD_BLOCKS))
    raw = head[0].raw if head else None  # the markup, where it was stripped: a web page says its date
    origin = Origin(
        name, date or (raw and published_date(raw[:_MARKUP_HEAD])) or document_date(b.text for b in head)
    )
    for b in itertools.chain(head, blocks):
        yield origin, b


def _statements(
    pairs: Iterable[_Sourced],
    scenario: Scenario | None,
    counter: _Counter,
    jobs: int,
) -> Iterator[Statement]:
    """Statements of a stream of blocks of one or more sources, in order.

    One stream for all the files: the parser's batches and the workers' chunks run across files, so
    many short files cost what one long one does.
    """
    linker = IssueLinker(scenario) if scenario is not None and scenario.issues else None
    gazetteer = Gazetteer.from_scenario(scenario)
    if jobs > 1 and "fork" in mp.get_all_start_methods():
        yield from _parallel(pairs, (linker, gazetteer), counter, jobs)
    else:
        yield from _serial(pairs, linker, gazetteer, counter)


def _serial(
    pairs: Iterable[_Sourced],
    linker: IssueLinker | None,
    gazetteer: Gazetteer,
    counter: _Counter,
    before: _Sourced | None = None,
) -> Iterator[Statement]:
    """The statements of ``pairs``; ``before`` is the block just before them (a worker's chunk).

    A pronoun's actor is the last statement's in its paragraph, else the actor its paragraph names last
    before it, else (a paragraph opening "He said ...") the last actor the paragraph just before it named
    in a statement of its own, else the one that paragraph mentioned last, when both come from one
    document. ``before`` is read for those actors only, so a worker's chunk resolves its first paragraph
    as one process reading the whole stream does.
    """
    order: dict[int, tuple[int, Block]] = {}  # id(block) -> (its place in the stream, the block)

    def indexed() -> Iterator[_Sourced]:
        for k, (origin, block) in enumerate(pairs):
            order[id(block)] = (k, block)  # the block is held too, so its id is no later block's
            yield origin, block

    block, place, origin = None, -2, Origin()
    named: str | None = None  # the last actor a statement of the current paragraph names in its own words
    if before is not None:
        for parsed in parse_sourced([before], gazetteer):  # another chunk's paragraph: counted there
            named = _named(parsed, parsed.events) or named
        block, place, origin = before[1], -1, before[0]
    last: str | None = None  # the actor of the current paragraph's last statement
    for parsed in parse_sourced(indexed(), gazetteer, counter, before=before):
        if parsed.block is not block:
            k = order[id(parsed.block)][0]
            carried = named if k == place + 1 and parsed.origin == origin else None
            while order and next(iter(order.values()))[0] < k:
                del order[next(iter(order))]
            block, place, origin, last, named = parsed.block, k, parsed.origin, None, None
        # "he" is likelier the last speaker than the last place named
        prior = last or (carried if parsed.opening else None) or parsed.prior_actor
        if prior is not None:
            parsed.prior_actor = prior
        for coded in parsed.events:
            st = _statement(parsed, coded, linker)
            last = st.actor or last
            named = _named(parsed, [coded]) or named
            yield st


def _named(parsed: Parsed, events: Iterable[Coded]) -> str | None:
    """The actor the last of ``events`` with one names in the sentence's own words (no pronoun)."""
    out = None
    for c in events:
        out = _actor(parsed.doc, c.source) or _actor(parsed.doc, c.speaker) or out
    return out


#: Characters of text per task sent to a worker process (a few hundred sentences).
CHUNK_CHARS = 40_000
#: What the worker processes need, set in the parent before they are forked (so nothing is pickled).
_WORK: tuple[IssueLinker | None, Gazetteer] | None = None


def _chunks(pairs: Iterable[_Sourced]) -> Iterator[list[_Sourced]]:
    """Whole blocks in groups of about :data:`CHUNK_CHARS` characters (coreference stays in a block)."""
    return _groups(pairs, CHUNK_CHARS)


def _groups(pairs: Iterable[_Sourced], target: float) -> Iterator[list[_Sourced]]:
    """Whole blocks, in order, in groups of at least ``target`` characters (the last one shorter)."""
    group: list[_Sourced] = []
    size = 0
    for pair in pairs:
        group.append(pair)
        size += len(pair[1].text)
        if size >= target:
            yield group
            group, size = [], 0
    if group:
        yield group


#: The stream's last chunks go to the workers in this many pieces each (see :func:`_tasks`).
TAIL_PIECES = 4


def _tasks(chunks: Iterator[list[_Sourced]], jobs: int) -> Iterator[list[_Sourced]]:
    """The chunks as worker tasks, in order, the last ``jobs`` of them cut in :data:`TAIL_PIECES`.

    Each task goes to whichever worker is free, so the workers end at most one task apart: with small
    tasks at the end of the stream, no worker parses a last full chunk alone while the others wait
    (half a chunk's time on average, about a twentieth of a 4,000-sentence file on two cores). Reading
    ``jobs`` chunks ahead is how the end is seen coming.
    """
    ahead: deque[list[_Sourced]] = deque()
    for chunk in chunks:
        ahead.append(chunk)
        if len(ahead) > jobs:
            yield ahead.popleft()
    for chunk in ahead:
        yield from _pieces(chunk, TAIL_PIECES)


def _pieces(chunk: list[_Sourced], n: int) -> Iterator[list[_Sourced]]:
    """A chunk in about ``n`` runs of whole blocks of about equal length, in order."""
    return _groups(chunk, sum(len(b.text) for _, b in chunk) / n)


def _work(chunk: list[_Sourced], before: _Sourced | None) -> tuple[list[Statement], int, int]:
    """In a worker: the statements of a run of blocks (after the block ``before``), its sentence counts."""
    assert _WORK is not None
    counter = _Counter()
    out = list(_serial(chunk, *_WORK, counter, before))
    return out, counter.n_sentences, counter.n_parsed


def _parallel(
    pairs: Iterable[_Sourced],
    work: tuple[IssueLinker | None, Gazetteer],
    counter: _Counter,
    jobs: int,
) -> Iterator[Statement]:
    """:func:`_serial` over chunks of blocks in ``jobs`` forked processes, at most two tasks each ahead."""
    global _WORK
    chunks = _chunks(pairs)
    head = [c for c in (next(chunks, None), next(chunks, None)) if c is not None]
    if len(head) < 2:  # one chunk: not worth starting processes
        yield from _serial([p for c in head for p in c], *work, counter)
        return
    load_nlp()  # loaded (with the gazetteer's ruler) in the parent, shared by the forked workers
    fast_tags()
    _ruler(work[1])
    _WORK = work
    try:
        with mp.get_context("fork").Pool(jobs, initializer=_start_worker) as pool:
            pending: deque[Any] = deque()
            before: _Sourced | None = None
            for chunk in _tasks(itertools.chain(head, chunks), jobs):
                pending.append(pool.apply_async(_work, (chunk, before)))
                before = chunk[-1]
                while len(pending) >= 2 * jobs:
                    yield from _collect(pending.popleft().get(), counter)
            while pending:
                yield from _collect(pending.popleft().get(), counter)
    finally:
        _WORK = None


def _collect(result: tuple[list[Statement], int, int], counter: _Counter) -> list[Statement]:
    statements, n_sentences, n_parsed = result
    counter.n_sentences += n_sentences
    counter.n_parsed += n_parsed
    return statements


def _start_worker() -> None:
    """Once in each worker: one BLAS thread, and freed memory kept for the next chunk."""
    _one_blas_thread()
    _keep_freed_memory()


#: glibc's ``mallopt`` parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def _keep_freed_memory() -> None:
    """Keep a worker's freed heap for its next chunk instead of handing it back to the system.

    Each chunk is a fresh ``nlp.pipe``; when it ends, every array of its last batch is freed at once and
    glibc returns the heap's top (tens of MB) to the system, so the next chunk's first batch faults its
    arrays in again page by page: about 18,000 minor faults per chunk of 250 sentences, a tenth more
    CPU time, mostly in the kernel. Fixed thresholds (the model's largest array is about 25 MB) keep the
    memory in the heap; a worker lives for one extraction. Best effort: nothing happens without glibc.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)
    mallopt(_M_TRIM_THRESHOLD, 1 << 30)


def _one_blas_thread() -> None:
    """Limit numpy's OpenBLAS to one thread in a worker (two workers on two cores do not share cores).

    Best effort: the library is found among the process's mapped files; nothing happens elsewhere.
    """
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            libs = {line.split()[-1] for line in fh if "openblas" in line and line.rstrip().endswith(".so")}
    except OSError:
        return
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads"):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn(1)
                break


def _actor(doc: Any, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    for ent in doc.ents:
        if ent.label_ == "ACTOR" and ent.start < span[1] and ent.end > span[0]:
            return str(ent.ent_id_)
    return None


#: What a verb or noun's act is done to: its objects and complements, not its subject or side clauses.
_FOCUS = frozenset(("dobj", "pobj", "prep", "attr", "oprd", "dative", "xcomp", "ccomp", "acomp", "nsubjpass"))


def _focus(doc: Any, trigger: int) -> str | None:
    """The words of what the trigger's act is done to ("calls for an unconditional ceasefire").

    A noun trigger is its own focus: "sign the minerals agreement" is about the minerals.
    """
    tok = doc[trigger]
    if tok.pos_ in ("NOUN", "PROPN"):
        return " ".join(t.text for t in tok.subtree if t.dep_ != "relcl" and t.head.dep_ != "relcl")
    kids = [c for c in tok.children if c.dep_ in _FOCUS]
    if not kids:
        return None
    return " ".join(t.text for c in kids for t in c.subtree)


def _statement(p: Parsed, c: Coded, linker: IssueLinker | None) -> Statement:
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
        focus = _focus(doc, c.trigger)
        link = linker.link(doc[a:b].text, c.act, neg, focus)
        if link is None and len(p.events) == 1:
            link = linker.link(p.text, c.act, neg, focus)
    dated = statement_date(doc, p.text, c.trigger, c.top, "future" in flags, p.origin.date)
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
        sentence=p.text.strip(),
        start=start,
        end=end,
        date=dated[0] if dated else p.origin.date,
        source=p.origin.name,
        confidence=c.confidence,
        date_phrase=dated[1] if dated else None,
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
        Input files (a folder: its text, Markdown and HTML files in name order; ``-``: standard input);
        offsets in each statement are character offsets into its own file.
    scenario : Scenario, optional
        Gives the actor gazetteer and the issues; without it every actor and issue is null.
    date : str, optional
        ``YYYY-MM-DD`` of the text: each statement's ``date`` unless its sentence dates it ("on
        Tuesday"); without it, the first full date in each file's opening blocks.
    source_name : str, optional
        The publication, written in each statement's ``source`` (default: the file name).
    scenario_path : str, optional
        Recorded in the result.
    jobs : int
        Worker processes (forked; each parses, codes and links chunks of about :data:`CHUNK_CHARS`
        characters); more than one pays off on inputs (all files together) of more than a few chunks.

    Raises
    ------
    InputError
        Empty, binary, non-UTF-8 or non-English input; a malformed date; spaCy or the model missing.
    """
    _check_date(date)
    if not paths:
        raise InputError.single("FILE", "no input file given")
    paths = expand_inputs(paths)
    counter = _Counter()
    names = [source_name or ("stdin" if path == STDIN else Path(path).name) for path in paths]
    pairs = (
        p for path, name in zip(paths, names, strict=True) for p in _dated(read_blocks(path), name, date)
    )
    out = list(_statements(pairs, scenario, counter, jobs))
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
    if "\x00" in text:
        raise InputError.single(source, "the text is binary (it contains NUL characters)")
    if kind not in ("text", "markdown", "html"):
        raise InputError.single(source, f"unknown kind {kind!r}: expected text, markdown or html")
    blocks = list(blocks_from_text(text, kind))
    check_english(" ".join(b.text for b in blocks[:50]), source)
    counter = _Counter()
    statements = tuple(iter_statements(blocks, scenario, date=date, source=source, counter=counter))
    return Extraction(statements, (source,), None, counter.n_sentences, counter.n_parsed)
