"""The side-by-side harness's pieces: problems written as Genius folders that accord reads as intended,
answer comparisons that catch a mismatch, whole-process measurement, the table and its markers.

Nothing here times anything; NegMAS itself is only run when its environment has been built.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from peers import negmas_runner
from peers.answers import compare_deals, compare_games, compare_repeats
from peers.environment import NEGMAS_VERSION, VENV, installed_version
from peers.harness import ACCORD_RUNNER, NEGMAS_RUNNER, check_rows, raw_document, rows_from_raw, write_section
from peers.measure import ChildFailed, run_child
from peers.problems import genius_as_evaluated, problem_utilities, random_problem, write_genius
from peers.table import END, START, Row, render
from peers.tasks import Task, Variant

from accord.analysis import deal_space
from accord.deals import read_genius


def _all_packages(problem) -> np.ndarray:
    return np.array(list(itertools.product(*[range(len(o)) for o in problem.options])))


# -- problems ---------------------------------------------------------------------------------------------
def test_random_problem_folder_reads_back_in_accord(tmp_path):
    prob = random_problem("p", 3, 4, 3, seed=5, reservation=0.25)
    folder = write_genius(prob, tmp_path)
    space = deal_space(str(folder))  # the `accord deals` path: recognised as a Genius folder
    assert space.actors == tuple(f"p-{p}" for p in prob.parties)
    assert space.issues == prob.issues and space.options == prob.options
    np.testing.assert_array_equal(space.disagreement, prob.reservation)
    # Every evaluation peaks at exactly 1, so Genius's normalisation leaves the numbers as written.
    for v in prob.values:
        assert np.all(v.max(axis=1) == 1.0) and np.all(v.min(axis=1) == 0.0)
    packages = _all_packages(prob)
    np.testing.assert_allclose(
        space.utilities(space.encode(packages)), problem_utilities(prob, packages), rtol=0, atol=1e-12
    )
    # Raw reading (NegMAS's convention) gives the same utilities.
    raw = read_genius(folder, normalize=False)
    np.testing.assert_allclose(raw.utilities(raw.encode(packages)), space.utilities(space.encode(packages)))


def test_written_files_are_plain_genius_xml(tmp_path):
    prob = random_problem("p", 2, 3, 2, seed=1)
    folder = write_genius(prob, tmp_path)
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["p-party0.xml", "p-party1.xml", "p.xml"]
    dom = ET.parse(folder / "p.xml").getroot()
    assert dom.tag == "negotiation_template"
    assert [i.get("name") for i in dom.iter("issue")] == ["issue0", "issue1"]
    prof = ET.parse(folder / "p-party1.xml").getroot()
    assert prof.tag == "utility_space" and prof.find("discount_factor") is None
    evals = [float(it.get("evaluation")) for it in prof.iter("item")]
    assert evals == [float(x) for x in np.concatenate([v[1] for v in prob.values])]
    assert not (folder / "p.xml").read_text().startswith("<?xml")


def test_opposed_problem_mirrors_values():
    prob = random_problem("g", 3, 10, 2, seed=3, opposed=True)
    for v in prob.values:
        np.testing.assert_array_equal(v[1], 1.0 - v[0])
    assert prob.n_outcomes == 1000


def test_anac_domain_rewritten_as_genius_evaluates_it(shared_data, tmp_path):
    original = shared_data / "genius" / "anac" / "y2015" / "group9-killer_robot"
    prob = genius_as_evaluated(original, "killer_robot")
    assert prob.n_outcomes == 240_000 and len(prob.parties) == 5
    folder = write_genius(prob, tmp_path)
    genius = read_genius(original)  # accord's reader of the original: Genius's semantics
    rewritten = read_genius(folder, normalize=False)  # raw, as NegMAS reads it
    rng = np.random.default_rng(0)
    index = rng.integers(0, genius.n_packages, 5000)
    np.testing.assert_allclose(rewritten.utilities(index), genius.utilities(index), rtol=0, atol=1e-12)
    # Reservation values sit at each party's worst utility (the originals are 0, below it).
    worst = np.array([sum(float(np.min(c[:, a])) for c in genius.contributions) for a in range(5)])
    np.testing.assert_allclose(rewritten.disagreement, worst, atol=1e-12)
    assert np.all(rewritten.disagreement > 0)


# -- answers ----------------------------------------------------------------------------------------------
NASH = {"package": {"a": "x", "b": "y"}, "utilities": [0.5, 0.25]}


def test_compare_deals_accepts_the_same_answer_and_a_tie():
    ours = {"pareto_size": 7, "nash": [NASH]}
    other = {"package": {"a": "z", "b": "y"}, "utilities": [0.5, 0.25]}
    assert compare_deals(ours, {"pareto_size": 7, "nash": [other, NASH]}) == []
    near = {**NASH, "utilities": [0.5 + 1e-13, 0.25]}
    assert compare_deals(ours, {"pareto_size": 7, "nash": [near]}) == []


@pytest.mark.parametrize(
    ("peer", "needle"),
    [
        ({"pareto_size": 8, "nash": [NASH]}, "Pareto size"),
        ({"pareto_size": 7, "nash": [{**NASH, "package": {"a": "z", "b": "y"}}]}, "Nash package"),
        ({"pareto_size": 7, "nash": [{**NASH, "utilities": [0.5, 0.26]}]}, "Nash utilities"),
        ({"pareto_size": 7, "nash": []}, "Nash point"),
    ],
)
def test_compare_deals_catches_a_mismatch(peer, needle):
    diffs = compare_deals({"pareto_size": 7, "nash": [NASH]}, peer, "NegMAS")
    assert len(diffs) == 1 and needle in diffs[0]


def test_compare_games():
    agreed = {"agreement": {"round": 10, "package": {"a": "x"}, "utilities": [0.6, 0.4]}}
    assert compare_games(agreed, json.loads(json.dumps(agreed))) == []
    assert compare_games({"agreement": None}, {"agreement": None}) == []
    later = {"agreement": {**agreed["agreement"], "round": 11}}
    assert "agreement round" in compare_games(agreed, later)[0]
    other = {"agreement": {**agreed["agreement"], "package": {"a": "y"}}}
    assert "agreed package" in compare_games(agreed, other)[0]
    assert "only NegMAS agreed" in compare_games({"agreement": None}, agreed, "NegMAS")[0]


def test_compare_repeats_ignores_timings_only():
    a = {"pareto_size": 3, "timings": {"compute": 1.0}}
    assert compare_repeats([a, {**a, "timings": {"compute": 2.0}}], "accord") == []
    assert compare_repeats([a, {**a, "pareto_size": 4}], "accord") == [
        "accord: repeat 2 differs from repeat 1"
    ]


def test_negmas_outcome_decoding_follows_product_order():
    issues = [
        SimpleNamespace(all=["a", "b"]),
        SimpleNamespace(all=["x", "y", "z"]),
        SimpleNamespace(all=["0", "1"]),
    ]
    expected = list(itertools.product(*[i.all for i in issues]))
    assert [negmas_runner._decode(k, issues) for k in range(len(expected))] == expected


# -- measurement, rows, table -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return write_genius(random_problem("tiny", 3, 4, 2, seed=2), tmp_path_factory.mktemp("problems"))


def _accord_runs(folder: Path, n: int = 1):
    import sys

    argv = [sys.executable, str(ACCORD_RUNNER), "deals", str(folder)]
    return [run_child("accord", "deals", argv) for _ in range(n)]


def test_accord_runner_is_measured_as_a_whole_process(tiny):
    (run,) = _accord_runs(tiny)
    assert run.wall_s > run.compute_s > 0 and run.peak_rss_mib > 10 and run.cpu_s > 0
    assert set(run.answer["timings"]) == {"import", "read", "compute"}
    # The answer is what the analysis layer reports for the folder.
    from accord.analysis import deals

    report = deals(deal_space(str(tiny)))
    assert run.answer["pareto_size"] == report.pareto_size
    assert run.answer["nash"][0]["package"] == report.solutions["nash"].package


def test_a_failing_child_is_reported(tiny):
    import sys

    with pytest.raises(ChildFailed, match="exit"):
        run_child("accord", "deals", [sys.executable, str(ACCORD_RUNNER), "deals", str(tiny / "missing")])


def _task(kind="deals"):
    variants = (Variant("accord", ()),)
    return Task(key="t", kind=kind, title="tiny", size="64 x 2", note="", variants=variants, peer="NegMAS")


def test_a_mismatch_is_marked_in_the_table_and_returned(tiny):
    ours = _accord_runs(tiny)
    answer = json.loads(json.dumps(ours[0].answer))
    answer["pareto_size"] += 1  # the peer disagrees
    peer = [dataclasses.replace(ours[0], tool="NegMAS", answer=answer)]
    row = Row(task=_task(), label="accord", ours=ours, peer=peer)
    problems = check_rows([row])
    assert len(problems) == 1 and "Pareto size" in problems[0]
    meta = {
        "date": "d",
        "command": "c",
        "machine": "m",
        "cores": 2,
        "versions": "v",
        "repeats": 1,
        "load": (1, 2),
    }
    table = render([row], meta)
    assert "**MISMATCH**: Pareto size" in table
    assert table.startswith(START) and table.rstrip().endswith(END)


def test_write_section_replaces_only_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{START}\nold table\n{END}\n\nafter\n")
    write_section(readme, f"{START}\nnew table\n{END}\n")
    assert readme.read_text() == f"# Title\n\nbefore\n\n{START}\nnew table\n{END}\n\nafter\n"
    fresh = tmp_path / "table.md"
    write_section(fresh, f"{START}\nt\n{END}\n")
    assert fresh.read_text() == f"{START}\nt\n{END}\n"
    prose = tmp_path / "notes.md"
    prose.write_text("# Notes\n")
    write_section(prose, f"{START}\nt\n{END}\n")
    assert prose.read_text() == f"# Notes\n\n{START}\nt\n{END}\n"


_NO_PEER = installed_version(VENV) != NEGMAS_VERSION


@pytest.mark.skipif(
    _NO_PEER and not os.environ.get("CI"),
    reason=f"no NegMAS environment at {VENV}: `python benchmarks/run.py --peers --quick` builds it",
)
def test_negmas_gives_accords_answers_on_a_tiny_problem(tiny):
    """Where the peer's environment exists (CI builds it first): both runners agree on the aligned tasks."""
    assert not _NO_PEER, f"no NegMAS {NEGMAS_VERSION} at {VENV}: .ci/run builds it before the tests"
    py = str(VENV / "bin" / "python")
    peer = run_child("NegMAS", "deals", [py, str(NEGMAS_RUNNER), "deals", str(tiny)])
    (ours,) = _accord_runs(tiny)
    assert compare_deals(ours.answer, peer.answer) == []


def test_a_saved_run_renders_the_same_table(tiny, tmp_path):
    ours, peer = _accord_runs(tiny, 2), _accord_runs(tiny, 2)
    peer = [dataclasses.replace(r, tool="NegMAS") for r in peer]
    rows = [Row(task=_task(), label="accord", ours=ours, peer=peer)]
    meta = {
        "date": "d",
        "command": "c",
        "machine": "m",
        "cores": 2,
        "versions": "v",
        "repeats": 2,
        "load": (1, 2),
    }
    doc = json.loads(json.dumps(raw_document(rows, meta)))
    assert len(doc["runs"]) == 4
    again = rows_from_raw(doc, [_task()])
    assert check_rows(rows) == check_rows(again) == []
    assert render(again, {**doc["meta"], "load": (1, 2)}) == render(rows, meta)


def test_a_mismatch_is_loud_and_exits_non_zero(tiny, capsys, tmp_path):
    from peers.harness import _finish

    ours = _accord_runs(tiny)
    answer = json.loads(json.dumps(ours[0].answer))
    answer["nash"][0]["utilities"][0] += 0.01
    rows = [Row(task=_task(), label="accord", ours=ours, peer=[dataclasses.replace(ours[0], answer=answer)])]
    meta = {
        "date": "d",
        "command": "c",
        "machine": "m",
        "cores": 2,
        "versions": "v",
        "repeats": 1,
        "load": (1, 2),
    }
    assert _finish(rows, meta, tmp_path / "t.md") == 1
    err = capsys.readouterr().err
    assert "ANSWERS DIFFER" in err and "Nash utilities" in err
    assert "**MISMATCH**" in (tmp_path / "t.md").read_text()
    rows[0].peer = [ours[0]]
    assert _finish(rows, meta, None) == 0
