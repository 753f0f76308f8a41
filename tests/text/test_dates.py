"""Statement dates: the day a sentence gives for an act, read against the document's date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.text.dates import _WEEKDAYS, _dates, document_date, published_date, statement_date

FRIDAY = "2025-03-14"


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        (["# Headline", "*wire copy, written for this project; 14 March 2025*"], "2025-03-14"),
        (["MOSCOW, March 14, 2025 (Reuters) - Russia said ..."], "2025-03-14"),
        (["Posted 2025-03-14 by the desk"], "2025-03-14"),
        (["KYIV, Sept. 3rd 2024 - text"], "2024-09-03"),
        (["MOSCOW, March 14 - no year, so no date"], None),
        (["Invalid 2025-02-30 and 31 April 2025, then 1 May 2025"], "2025-05-01"),
        (["the army may 5 2025"], None),  # "may" in lower case is a verb
        (["x" * 500 + " 14 March 2025"], None),  # past the opening lines: a date the story mentions
    ],
)
def test_document_date_is_the_first_full_date_of_the_opening_lines(blocks, expected):
    assert document_date(blocks) == expected


@given(st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31)), st.sampled_from(sorted(_WEEKDAYS)))
def test_a_weekday_is_the_last_such_day_on_or_before_the_document(ref, weekday):
    for text, lo, hi in ((f"on {weekday.title()}", 0, 6), (f"last {weekday.title()}", 1, 7)):
        ((day, span),) = _dates(text, ref)
        assert day.weekday() == _WEEKDAYS[weekday]
        assert lo <= (ref - day).days <= hi
        assert text[span[0] : span[1]].lower().endswith(weekday)
    assert _dates(f"next {weekday.title()}", ref) == []  # the future dates no statement


CASES = [
    (
        "Ushakov on Thursday rejected the ceasefire that the United States proposed.",
        ("2025-03-13", "Thursday"),
    ),
    (
        "Lavrov said on Wednesday that European peacekeepers would be unacceptable.",
        ("2025-03-12", "Wednesday"),
    ),
    ("The Kremlin said yesterday it would never accept the plan.", ("2025-03-13", "yesterday")),
    ("Two days ago, Hamas rejected the offer.", ("2025-03-12", "Two days ago")),
    ("Hamas rejected the offer on 12 March.", ("2025-03-12", "12 March")),
    ("Iran rejected the offer on December 20, a spokesman said.", ("2024-12-20", "December 20")),
    ("On Sept. 14th, 2024, Turkey offered to host talks.", ("2024-09-14", "Sept. 14th, 2024")),
    ("Officials said last Friday that Israel had agreed to the truce.", ("2025-03-07", "last Friday")),
    # Not the statement's date: inside a noun phrase, a future act's own date, another clause's.
    ("Russia rejected the March 11 proposal, officials said.", None),
    ("Zelensky will meet Trump on Tuesday.", None),
    ("The ceasefire that the US proposed on Tuesday was rejected by Russia.", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_statement_date_reads_the_date_of_the_act_or_of_its_report(nlp, text, expected):
    from accord.text.pipeline import parse_sentences

    ((_, doc, events),) = list(parse_sentences([text]))
    assert events, text
    c = events[0]
    assert statement_date(doc, text, c.trigger, c.top, "future" in c.flags, FRIDAY) == expected


def test_without_a_document_date_only_dates_with_a_year_are_read(nlp):
    from accord.text.pipeline import parse_sentences

    texts = ["Ushakov on Thursday rejected the plan.", "On 3 March 2025, Ukraine accepted the plan."]
    got = [statement_date(d, t, e[0].trigger, e[0].top, False, None) for t, d, e in parse_sentences(texts)]
    assert got == [None, ("2025-03-03", "3 March 2025")]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<meta property="article:published_time" content="2025-03-14T09:30:00Z">', "2025-03-14"),
        ("<meta content='2025-03-14' name='DC.date.issued'/>", "2025-03-14"),  # attributes in any order
        ('<time itemprop="datePublished" datetime="2025-03-14T08:00">14 March</time>', "2025-03-14"),
        ('<time pubdate datetime="2025-03-14">', "2025-03-14"),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2025-03-14"}</script>',
            "2025-03-14",
        ),
        ('<meta property="article:modified_time" content="2025-03-20"><time datetime="2025-03-01">', None),
        ('<meta name="date" content="2025-02-30">', None),  # no such day
        ("no markup at all, 2025-03-14", None),
    ],
)
def test_a_web_page_says_when_it_was_published(markup, expected):
    assert published_date(markup) == expected


def test_a_web_pages_declared_date_dates_its_statements(nlp, flagship, tmp_path):
    from accord.text import extract

    page = tmp_path / "story.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2025-03-14T07:00:00Z"></head>'
        "<body><p>Ukraine accepted the US ceasefire proposal on Tuesday.</p>"
        "<p>Russia rejected the plan.</p></body></html>",
        encoding="utf-8",
    )
    got = [(s.actor, s.date, s.date_phrase) for s in extract([page], flagship).statements]
    assert got == [("ukraine", "2025-03-11", "Tuesday"), ("russia", "2025-03-14", None)]
    given = [s.date for s in extract([page], flagship, date="2025-03-21").statements]
    assert given == ["2025-03-18", "2025-03-21"]  # --date wins
