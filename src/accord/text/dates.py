"""When a statement was made: the date its sentence gives for the act, read against the document's date.

Wire copy dates what it reports relative to its dateline: "Ushakov on Thursday rejected ..." in a story
of Friday 14 March 2025 happened on 13 March, "on March 11" is the last 11 March on or before the story,
"yesterday" the day before it. A statement's ``date`` is therefore the date its sentence attaches to the
act (or to the verb of saying that reports it), where there is one, and the document's date otherwise;
``date_phrase`` keeps the words it came from, so the analyst sees why.

Only dates the parse attaches to the statement's own clause count: in "Russia rejected the March 11
proposal" the date belongs to the proposal, and in "Zelensky will meet Trump next Tuesday" it is when
the meeting is to happen, not when it was announced (a future act's own date is not its statement's).
Dates without a year need the document's date; dates with one do not. Month-only and vaguer phrases
("last week", "in March") date nothing.

The document's date is ``--date`` where given, else, for a web page, the publication date its markup
declares (``article:published_time`` and the like, or JSON-LD ``datePublished``), else a full date (with
its year) in the file's opening lines (a byline or dateline: "14 March 2025", "March 14, 2025",
"2025-03-14").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["document_date", "published_date", "statement_date"]

_NAMES = "january february march april may june july august september october november december".split()
#: Month names and abbreviations (an abbreviation may end in a full stop: "Sept. 14", "14 Mar 2025").
_MONTHS = (
    {m: k + 1 for k, m in enumerate(_NAMES)}
    | {m: k + 1 for k, m in enumerate("jan feb mar apr - jun jul aug sep oct nov dec".split()) if m != "-"}
    | {"sept": 9}
)
_WEEKDAYS = {d: k for k, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_NUMBERS = {w: k + 1 for k, w in enumerate("a two three four five six seven eight nine ten".split())}
_NUMBERS["one"] = 1

#: Every word a date is built around, as news copy writes it (title or upper case: "may" and "march"
#: in lower case are a verb and a noun), and ISO dates. One scan finds them; the rest of each date is
#: read around it with anchored matches.
_WORD = re.compile(
    r"\b(?:"
    + "|".join(w for n in (*_MONTHS, *_WEEKDAYS) for w in (n.title(), n.upper()))
    + r"|[Yy]esterday|[Tt]oday|[Tt]onight|ago|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
#: After a month's name: " 14[, 2025]" ("Sept. 14th, 2024"); before it: "14 " ("14 March 2025").
_DAY_AFTER = re.compile(rf"\.?\s+{_DAY}\b{_YEAR}")
_DAY_BEFORE = re.compile(rf"\b{_DAY}\s+$")
_YEAR_AFTER = re.compile(rf"\.?{_YEAR}")
#: Before a weekday: "last", "this" or "next"; before "ago": a count of days.
_WHICH = re.compile(r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext)\s+$")
_COUNT = re.compile(
    r"\b(?P<count>\d{1,2}|" + "|".join(f"{n}|{n.title()}" for n in _NUMBERS) + r")\s+days?\s+$"
)
#: Dependency labels by which a date phrase modifies the clause it sits in (not a noun inside it).
_ADVERBIAL = frozenset(("npadvmod", "advmod", "tmod", "obl", "nmod"))
_VERBAL = ("VERB", "AUX")
#: Characters of a file's first blocks searched for its date (headline, byline, dateline).
_HEADER_CHARS = 400


#: Names under which web pages declare when they were published (Open Graph, schema.org, Dublin Core,
#: and what news sites' own CMSs write).
_PUBLISHED = frozenset(
    (
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.issued",
        "sailthru.date",
        "parsely-pub-date",
    )
)
_TAG = re.compile(r"<(?:meta|time)\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d\d-\d\d)')
_ISO_START = re.compile(r"\s*(\d{4}-\d\d-\d\d)")


def published_date(markup: str) -> str | None:
    """The publication date a web page declares in its markup, as ``YYYY-MM-DD``, or None.

    ``<meta property="article:published_time" content="2025-03-14T09:30:00Z">`` and its kin (see
    :data:`_PUBLISHED`), ``<time itemprop="datePublished" datetime=...>`` or ``<time pubdate>``, and
    JSON-LD ``"datePublished"``: read where they are, since stripping the markup drops the page's head.
    """
    for tag in _TAG.finditer(markup):
        attrs = {k.lower(): a or b for k, a, b in _ATTR.findall(tag.group())}
        named = {attrs.get(k, "").lower() for k in ("property", "name", "itemprop")}
        value = attrs.get("content") or attrs.get("datetime") or ""
        if named & _PUBLISHED or (
            tag.group().lower().startswith("<time") and "pubdate" in tag.group().lower()
        ):
            if (m := _ISO_START.match(value)) and _valid(m.group(1)):
                return m.group(1)
    m = _LD_PUBLISHED.search(markup)
    return m.group(1) if m and _valid(m.group(1)) else None


def _valid(iso: str) -> bool:
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def document_date(texts: Iterable[str]) -> str | None:
    """The first full date (with its year) in a document's opening blocks, as ``YYYY-MM-DD``.

    ``texts`` are the document's first few blocks; only their first :data:`_HEADER_CHARS` characters
    are read (a byline or a dateline, not a date the story mentions further down).
    """
    for text in texts:
        for day, _ in _dates(text[:_HEADER_CHARS], None, need_year=True):
            return day.isoformat()
    return None


def statement_date(
    doc: Any, text: str, trigger: int, top: int, future: bool, reference: str | None
) -> tuple[str, str] | None:
    """The date a sentence gives for a statement, and the words that give it, or None.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed sentence.
    text : str
        Its text (``doc.text``, which the ``Doc`` would join again from its tokens).
    trigger, top : int
        The statement's trigger token and the clause it is reported in (its verb of saying, or itself).
    future : bool
        The act is future: a date on the act itself is when it is to happen, so only a date on the
        verb of saying counts.
    reference : str, optional
        The document's date, ``YYYY-MM-DD``; without it only dates with a year are read.
    """
    ref = dt.date.fromisoformat(reference) if reference else None
    dates = _dates(text, ref)
    if not dates:
        return None
    own, shared = _clause(doc, trigger, top, future)
    found = []
    for day, (a, b) in dates:
        span = doc.char_span(a, b, alignment_mode="expand")
        at = None if span is None else _attachment(span)
        if at in own or at in shared and span.start < at:
            found.append((at != trigger, day.isoformat(), text[a:b]))
    # The act's own date before the date it was reported on ("rejected on 3 March, a spokesman said").
    return min(found)[1:] if found else None


#: How a clause hangs on the verb above it when that verb's date is the clause's: reported ("said on
#: Monday that ..."), governed ("agreed on Tuesday to withdraw") or set beside it ("and", "then").
_GOVERNED = frozenset(("ccomp", "xcomp", "parataxis"))


def _clause(doc: Any, trigger: int, top: int, future: bool) -> tuple[set[int], set[int]]:
    """The tokens a date must hang on to date the statement, and the verbs it is coordinated with.

    Its own: the trigger (unless the act is future), the verbs that report or govern it up to ``top``
    (the verb of saying the coder found) and ``top`` itself. Shared: the verbs its clause is coordinated
    with ("On Tuesday, Ukraine accepted ..., and Washington resumed ..."), whose date counts only when it
    stands before them, as a fronted date scopes over the coordination.
    """
    own = set() if future else {trigger}
    shared: set[int] = set()
    t = doc[trigger]
    while t.head.i != t.i and t.i != top:
        h = t.head
        if t.dep_ in _GOVERNED and h.pos_ in _VERBAL or h.i == top:
            own.add(h.i)
        elif t.dep_ == "conj" and h.pos_ in _VERBAL and not future:
            shared.add(h.i)
        elif t.pos_ in _VERBAL:
            break  # a relative or adverbial clause: its own time
        t = h
    if top != trigger or not future:
        own.add(top)
    if not future:
        while t.dep_ == "conj" and t.head.pos_ in _VERBAL:
            t = t.head
            shared.add(t.i)
    return own, shared - own


def _attachment(span: Any) -> int | None:
    """The clause head a date phrase modifies, or None where it sits inside a noun phrase.

    "on Thursday" (a prepositional object), "yesterday", "Thursday" and "two days ago" (adverbial)
    modify the verb above them; "Tuesday's talks" and "talks on Tuesday" date the noun "talks" (a
    trigger noun may be dated so).
    """
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("on", "since"):
        return int(head.head.i) if head.head.pos_ in _VERBAL or head.head.pos_ == "NOUN" else None
    if root.dep_ in _ADVERBIAL and head.pos_ in _VERBAL:
        return int(head.i)
    if root.dep_ == "poss":
        return int(head.i)
    return None


def _dates(text: str, ref: dt.date | None, need_year: bool = False) -> list[tuple[dt.date, tuple[int, int]]]:
    """Days named in ``text``, resolved, with their character spans, in order.

    Calendar dates ("March 14[, 2025]", "14 March[ 2025]", ISO) without a year are the last such day
    on or before ``ref``; a weekday is the last one on or before it ("last Friday" strictly before);
    "yesterday", "today", "two days ago" count back from it. Without ``ref`` only dates with a year
    are read; with ``need_year`` only those. Future days ("next Tuesday", "tomorrow") are skipped.
    """
    out = []
    found: tuple[dt.date | None, tuple[int, int]] | None
    for m in _WORD.finditer(text):
        word = m.group().lower()
        if m.group("iso"):
            found = _day(int(word[:4]), int(word[5:7]), int(word[8:])), m.span()
        elif word in _MONTHS:
            found = _calendar(text, m, ref, need_year)
        elif need_year or ref is None:
            continue
        else:
            found = _relative(text, m, ref)
        if found is not None and found[0] is not None:
            out.append((found[0], found[1]))
    return out


def _calendar(
    text: str, m: re.Match[str], ref: dt.date | None, need_year: bool
) -> tuple[dt.date | None, tuple[int, int]] | None:
    """The calendar date around a month's name ``m``: "March 14[, 2025]" or "14 March[ 2025]"."""
    a, b = m.span()
    after = _DAY_AFTER.match(text, b)
    if after is not None:
        n, year, b = after["day"], after["year"], after.end()
    else:
        before = _DAY_BEFORE.search(text, max(0, a - 6), a)
        if before is None:
            return None
        tail = _YEAR_AFTER.match(text, b)
        n, year, a = before["day"], tail and tail["year"], before.start()
        b = tail.end() if year and tail else b
    month = _MONTHS[m.group().lower()]
    if year is not None:
        return _day(int(year), month, int(n)), (a, b)
    if need_year or ref is None:
        return None
    day = _day(ref.year, month, int(n))
    if day is not None and day > ref:  # no year: the last one on or before the document
        day = _day(ref.year - 1, month, int(n))
    return day, (a, b)


def _relative(text: str, m: re.Match[str], ref: dt.date) -> tuple[dt.date, tuple[int, int]] | None:
    """The day a weekday, "yesterday", "today", "tonight" or "N days ago" (``m``) names before ``ref``."""
    a, b = m.span()
    word = m.group().lower()
    if word in _WEEKDAYS:
        which = _WHICH.search(text, max(0, a - 6), a)
        last = which is not None and which["which"].lower() == "last"
        if which is not None and which["which"].lower() == "next":
            return None
        back = (ref.weekday() - _WEEKDAYS[word]) % 7 or (7 if last else 0)
        return ref - dt.timedelta(days=back), (which.start() if which else a, b)
    if word == "ago":
        count = _COUNT.search(text, max(0, a - 20), a)
        if count is None:
            return None
        k = count["count"].lower()
        return ref - dt.timedelta(days=int(k) if k.isdigit() else _NUMBERS[k]), (count.start(), b)
    return ref - dt.timedelta(days=word == "yesterday"), (a, b)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
