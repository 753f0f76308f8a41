"""Extraction end to end: statements linked to the flagship scenario, verbatim quotes, JSON round trip."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest

from accord.errors import InputError
from accord.text import extract, extract_text
from accord.text.pipeline import Gazetteer
from accord.text.results import Extraction

from .conftest import BRIEF, FLAGSHIP

KEYS = [
    "actor",
    "act",
    "cameo",
    "target",
    "issue",
    "option",
    "position_hint",
    "flags",
    "quote",
    "sentence",
    "start",
    "end",
    "date",
    "source",
    "confidence",
    "date_phrase",
]


@pytest.fixture(scope="module")
def brief(nlp, flagship):
    return extract([BRIEF], flagship, date="2025-03-14", source_name="wire", scenario_path=str(FLAGSHIP))


def test_quotes_are_verbatim_substrings_of_the_input(brief):
    text = BRIEF.read_text(encoding="utf-8")
    assert brief.statements
    for s in brief.statements:
        assert text[s.start : s.end] == s.quote
        assert s.source == "wire"
    # Friday 14 March: "on Thursday" and "On Tuesday" date their acts; the rest carry the story's date.
    dated = [(s.actor, s.act, s.date, s.date_phrase) for s in brief.statements]
    assert ("russia", "REJECT", "2025-03-13", "Thursday") in dated  # Ushakov
    assert ("ukraine", "AGREE", "2025-03-11", "Tuesday") in dated
    assert ("europe", "AGREE", "2025-03-14", None) in dated  # Starmer's offer
    assert sum(phrase is not None for *_, phrase in dated) == 3  # and Washington's resumed aid (Tuesday)


def test_flagship_brief_names_the_actors_and_acts(brief):
    got = {(s.actor, s.act) for s in brief.statements}
    assert ("russia", "REJECT") in got  # Ushakov, Lavrov
    assert ("ukraine", "AGREE") in got  # accepted the ceasefire
    assert ("europe", "AGREE") in got  # Starmer's offer
    offer = next(s for s in brief.statements if s.actor == "europe" and s.act == "AGREE")
    assert "offer" in offer.flags
    ceasefire = next(s for s in brief.statements if s.actor == "ukraine" and s.act == "AGREE")
    assert ceasefire.issue == "I4" and ceasefire.option == "immediate" and ceasefire.position_hint == 0


def test_json_document_round_trips_and_matches_its_schema(brief):
    doc = json.loads(json.dumps(brief.to_dict()))
    assert doc["schema_version"] and doc["kind"] == "extraction"
    assert list(doc["statements"][0]) == KEYS
    jsonschema.validate(doc, Extraction.json_schema())
    assert Extraction.from_dict(doc) == brief


def test_statements_round_trip_through_the_store(brief):
    from dataclasses import asdict, fields

    from accord.store import STATEMENT_KEYS, Store
    from accord.text.results import Statement

    assert list(STATEMENT_KEYS) == [f.name for f in fields(Statement)] == KEYS
    statements = json.loads(json.dumps(brief.to_dict()))["statements"]
    with Store("sqlite://") as store:
        sid = store.add_scenario(FLAGSHIP.read_text(encoding="utf-8"), "yaml", "ana")
        store.add_evidence(sid, statements)
        stored = [e.statement for e in store.evidence(sid)]
    assert stored == statements
    assert [Statement(**(st | {"flags": tuple(st["flags"])})) for st in stored] == list(brief.statements)
    assert asdict(brief.statements[0])["cameo"] == stored[0]["cameo"]


def test_the_document_date_comes_from_the_byline_without_date(nlp, flagship):
    got = extract([BRIEF], flagship)  # the byline: "...; 14 March 2025"
    given = extract([BRIEF], flagship, date="2025-03-14")
    assert [s.date for s in got.statements] == [s.date for s in given.statements]
    undated = extract_text("Ushakov on Thursday rejected the ceasefire.", flagship)
    assert [(s.date, s.date_phrase) for s in undated.statements] == [(None, None)]


def test_gazetteer_coreference_he(nlp, flagship):
    text = "Sergei Lavrov spoke in Moscow on Monday. "
    text += "He said Russia would never accept NATO membership for Ukraine."
    r = extract_text(text, flagship)
    [s] = r.statements
    assert s.actor == "russia" and s.act == "REJECT" and "red_line" in s.flags and s.issue == "I1"


def test_a_name_s_adjective_names_the_actor(nlp, flagship):
    text = (
        "Russian forces pressed their offensive in the Kursk region. European leaders welcomed the move. "
        "Oil prices rose on hopes of a deal."
    )
    got = [(s.actor, s.act) for s in extract_text(text, flagship).statements]
    assert got == [("russia", "FIGHT"), ("europe", "SUPPORT")]  # and a market is no actor
    # An adjective that two actors' names share stands for neither.
    two = dataclasses.replace(
        flagship,
        actors=tuple(
            dataclasses.replace(a, aliases=(*a.aliases, "Britain")) if a.id in ("europe", "usa") else a
            for a in flagship.actors
        ),
    )
    assert ("british", "europe") in Gazetteer.from_scenario(flagship).entries
    assert not any(p == "british" for p, _ in Gazetteer.from_scenario(two).entries)


def test_a_rejection_names_the_option_it_rejects_and_a_condition_stays_in_its_clause(nlp, flagship):
    text = (
        "The Kremlin rejected calls for an unconditional ceasefire, insisting that any truce must address "
        "the root causes of the conflict. Trump warned of sanctions if Moscow refused a deal, and his "
        "envoy flew to Moscow for talks."
    )
    first, threat, visit = extract_text(text, flagship).statements
    assert (first.actor, first.act, first.issue, first.option) == ("russia", "REJECT", "I4", "immediate")
    assert "condition" in threat.flags and (visit.act, visit.flags) == ("CONSULT", ())


def test_an_answer_to_a_question_is_the_speaker_s_act(nlp, flagship):
    text = 'Asked whether Russia would accept European peacekeepers, Lavrov said: "Absolutely not."'
    [s] = extract_text(text, flagship).statements
    assert (s.actor, s.act, s.issue) == ("russia", "REJECT", "I5") and "negation" in s.flags
    # The question alone is nobody's act: no demand by the one asked, no acceptance by the one named.
    asked = "Asked about the proposal, the minister said he would study it."
    assert extract_text(asked, flagship).statements == ()


def test_what_a_fifth_article_showed(nlp, flagship):
    text = (
        "Russia's foreign ministry said it would not tolerate the deployment of troops from NATO countries "
        "in Ukraine under any circumstances. Kyiv has proposed an exchange of all prisoners of war. "
        "The European Union is preparing a new package of military support for Ukraine. "
        "Ukrainian forces have been pushed out of the Kursk region."
    )
    tolerate, swap, support, pushed = extract_text(text, flagship).statements
    assert (tolerate.actor, tolerate.act, tolerate.option) == ("russia", "REJECT", "nato_troops")
    assert "red_line" in tolerate.flags
    assert (swap.actor, swap.act, swap.issue) == ("ukraine", "AGREE", "I15") and "offer" in swap.flags
    assert (support.actor, support.act) == ("europe", "AGREE")  # intent to give aid, not verbal support
    assert (pushed.actor, pushed.act, pushed.target) == (None, "FIGHT", "ukraine")  # who suffered it


def test_reported_speech_by_someone_else_is_flagged(nlp, flagship):
    r = extract_text("Diplomats said the Kremlin rejected the truce proposal.", flagship)
    [s] = r.statements
    assert s.actor == "russia" and s.act == "REJECT" and "reported" in s.flags


def test_html_input_offsets(nlp, flagship, tmp_path):
    html = (
        "<html><body><h1>Talks</h1><p>Zelensky <i>urged</i> Washington to keep sanctions on Moscow.</p>"
        "</body></html>"
    )
    p = tmp_path / "n.html"
    p.write_text(html, encoding="utf-8")
    r = extract([p], flagship)
    [s] = [s for s in r.statements if s.act == "DEMAND"]
    assert s.actor == "ukraine" and s.target == "usa"
    assert html[s.start : s.end] == s.quote and "<i>urged</i>" in s.quote


@pytest.mark.parametrize(
    "dateline",
    [
        "KYIV, March 14, 2025 - ",
        "KYIV, March 14 (Reuters) - ",
        "KYIV (AP) \u2014 ",
        "MOSCOW/KYIV, March 14 - ",
    ],
)
def test_a_wire_dateline_is_no_actor(nlp, flagship, dateline):
    text = dateline + "Russia rejected the ceasefire on Tuesday. He said Ukraine must never join NATO."
    got = extract_text(text, flagship, date="2025-03-14")
    assert [(s.actor, s.act) for s in got.statements] == [("russia", "REJECT"), ("russia", "DEMAND")]
    first = got.statements[0]
    assert first.quote == "Russia rejected the ceasefire on Tuesday" == text[first.start : first.end]


def test_text_comes_from_a_folder_or_standard_input(nlp, flagship, tmp_path, monkeypatch):
    import io
    import sys

    (tmp_path / "b.md").write_text("Russia rejected the ceasefire.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ukraine accepted the ceasefire.", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not text: left out
    got = extract([tmp_path], flagship)
    assert got.files == (str(tmp_path / "a.txt"), str(tmp_path / "b.md"))
    assert [(s.actor, s.source) for s in got.statements] == [("ukraine", "a.txt"), ("russia", "b.md")]
    stdin = io.TextIOWrapper(io.BytesIO(b"Russia rejected the ceasefire."), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    got = extract(["-"], flagship)
    assert [(s.actor, s.source, s.start) for s in got.statements] == [("russia", "stdin", 0)]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="a folder with no .txt"):
        extract([tmp_path / "empty"], flagship)


def test_two_parser_processes_give_the_same_statements(brief, flagship):
    again = extract(
        [BRIEF], flagship, date="2025-03-14", source_name="wire", scenario_path=str(FLAGSHIP), jobs=2
    )
    assert again == brief


def test_bad_inputs(nlp, tmp_path):
    with pytest.raises(InputError, match="empty"):
        extract_text("   ")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        extract_text("The army attacked.", date="14/03/2025")
    with pytest.raises(InputError, match="no input"):
        extract([])


def test_worker_processes_give_the_statements_of_one_process(nlp, flagship, monkeypatch):
    import importlib

    ex = importlib.import_module("accord.text.extract")

    monkeypatch.setattr(ex, "CHUNK_CHARS", 300)  # several chunks from the short brief
    one = extract([BRIEF], flagship, date="2025-03-14", source_name="wire")
    two = extract([BRIEF], flagship, date="2025-03-14", source_name="wire", jobs=2)
    assert one.statements and two.to_dict() == one.to_dict()


def test_a_noun_trigger_is_what_picks_the_issue(nlp, flagship):
    # the act is "the minerals agreement"; the security guarantees are only its condition
    text = "Kyiv said it was ready to sign the minerals agreement once security guarantees were in place."
    [s] = extract_text(text, flagship).statements
    assert (s.actor, s.act, s.issue) == ("ukraine", "AGREE", "I9")


def test_a_pronoun_opening_a_paragraph_is_the_actor_the_last_one_named(nlp, flagship):
    text = (
        "Kremlin spokesman Dmitry Peskov spoke to reporters on Tuesday.\n\n"
        "He rejected the deployment of European peacekeepers in Ukraine.\n\n"
        "The weather in the capital was cold.\n\n"
        "He also demanded that Kyiv withdraw from Kherson."
    )
    got = [(s.actor, s.act) for s in extract_text(text, flagship).statements]
    # the third paragraph names no one: the fourth's "he" is no one's
    assert got == [("russia", "REJECT"), (None, "DEMAND")]


def test_a_paragraph_opening_with_a_pronoun_reads_the_same_in_a_worker(nlp, flagship, tmp_path, monkeypatch):
    import importlib

    ex = importlib.import_module("accord.text.extract")
    monkeypatch.setattr(ex, "CHUNK_CHARS", 50)  # each paragraph its own chunk: the worker sees no other
    paragraphs = [
        "Russian Foreign Minister Sergei Lavrov met Chinese officials in Beijing on Monday.",
        "He rejected any deployment of European troops in Ukraine.",
        "Zelensky said Ukraine would never recognise the occupation of Crimea.",
        "He also demanded that Russia return the deported children.",
    ] * 3
    path = tmp_path / "wire.txt"
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    one = extract([path], flagship, date="2025-03-14")
    two = extract([path], flagship, date="2025-03-14", jobs=2)
    assert [s.actor for s in one.statements][:4] == ["russia", "russia", "ukraine", "ukraine"]
    assert two.to_dict() == one.to_dict()
