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

The document's date is ``--date`` where given, else a full date (with its year) in the file's opening
lines (a byline or dateline: "14 March 2025", "March 14, 2025", "2025-03-14").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["document_date", "statement_date"]

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

_MONTH = (
    "(?P<month>"
    + "|".join(m if m in _NAMES else m + r"\.?" for m in sorted(_MONTHS, key=len, reverse=True))
    + ")"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
#: Calendar dates: ISO, "March 14[, 2025]", "14 March[ 2025]".
_CALENDAR = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mm>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?![a-z])(?:,?\s+{_YEAR}\b)?", re.IGNORECASE),
)
#: Days named relative to the document: "[last] Tuesday", "yesterday", "two days ago".
_RELATIVE = re.compile(
    r"\b(?:(?P<which>last|this|next)\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"
    r"|\b(?P<deictic>yesterday|today|tonight|tomorrow)\b"
    r"|\b(?P<count>\d{1,2}|" + "|".join(_NUMBERS) + r")\s+days?\s+ago\b",
    re.IGNORECASE,
)
#: Dependency labels by which a date phrase modifies the clause it sits in (not a noun inside it).
_ADVERBIAL = frozenset(("npadvmod", "advmod", "tmod", "obl", "nmod"))
_VERBAL = ("VERB", "AUX")
#: Characters of a file's first blocks searched for its date (headline, byline, dateline).
_HEADER_CHARS = 400


def document_date(texts: Iterable[str]) -> str | None:
    """The first full date (with its year) in a document's opening blocks, as ``YYYY-MM-DD``.

    ``texts`` are the document's first few blocks; only their first :data:`_HEADER_CHARS` characters
    are read (a byline or a dateline, not a date the story mentions further down).
    """
    for text in texts:
        for day, _ in _calendar(text[:_HEADER_CHARS], None, need_year=True):
            return day.isoformat()
    return None


def statement_date(
    doc: Any, trigger: int, top: int, future: bool, reference: str | None
) -> tuple[str, str] | None:
    """The date a sentence gives for a statement, and the words that give it, or None.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed sentence.
    trigger, top : int
        The statement's trigger token and the clause it is reported in (its verb of saying, or itself).
    future : bool
        The act is future: a date on the act itself is when it is to happen, so only a date on the
        verb of saying counts.
    reference : str, optional
        The document's date, ``YYYY-MM-DD``; without it only dates with a year are read.
    """
    text = doc.text
    if not any(c.isdigit() for c in text) and not _RELATIVE.search(text):
        return None  # most sentences: no date at all (one scan instead of the parse walk)
    ref = dt.date.fromisoformat(reference) if reference else None
    own, shared = _clause(doc, trigger, top, future)
    found = []
    for day, (a, b) in [*_calendar(text, ref), *_relative(text, ref)]:
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


def _calendar(
    text: str, ref: dt.date | None, need_year: bool = False
) -> list[tuple[dt.date, tuple[int, int]]]:
    """Calendar dates in ``text`` (with a capitalised month name), in order, resolved.

    A date without a year is the last one on or before ``ref``; without ``ref`` it is skipped.
    """
    out = []
    for pattern in _CALENDAR:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if groups.get("month") and not groups["month"][0].isupper():
                continue  # "may", "march": a verb or a noun
            if groups.get("year") is None and (need_year or ref is None):
                continue
            month = int(groups["mm"]) if groups.get("mm") else _MONTHS[groups["month"].rstrip(".").lower()]
            day = _day(int(groups["year"] or ref.year), month, int(groups["day"]))  # type: ignore[union-attr]
            if day is None:
                continue
            if groups.get("year") is None and ref is not None and day > ref:
                day = _day(day.year - 1, month, day.day)
                if day is None:
                    continue
            out.append((day, m.span()))
    return sorted(out, key=lambda x: x[1])


def _relative(text: str, ref: dt.date | None) -> list[tuple[dt.date, tuple[int, int]]]:
    """Days named relative to ``ref``, in the past (a weekday is the last one on or before it)."""
    if ref is None:
        return []
    out = []
    for m in _RELATIVE.finditer(text):
        which, weekday, deictic, count = (m.group(k) for k in ("which", "weekday", "deictic", "count"))
        if weekday is not None:
            if not weekday[0].isupper() or (which or "").lower() == "next":
                continue
            back = (ref.weekday() - _WEEKDAYS[weekday.lower()]) % 7
            if (which or "").lower() == "last" and back == 0:
                back = 7
            out.append((ref - dt.timedelta(days=back), m.span()))
        elif deictic is not None:
            if deictic.lower() != "tomorrow":
                out.append((ref - dt.timedelta(days=deictic.lower() == "yesterday"), m.span()))
        else:
            n = int(count) if count.isdigit() else _NUMBERS[count.lower()]
            out.append((ref - dt.timedelta(days=n), m.span()))
    return out


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
