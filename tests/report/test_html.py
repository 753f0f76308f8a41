"""The self-contained HTML report: content, no external requests, escaping, atomic writes, the CLI."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import accord
from accord.analysis import AnalysisSpec, analyze
from accord.cli import main
from accord.report import figures
from accord.report.html import render_html, write_html

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
FAST = AnalysisSpec(models=("compromise", "eum", "smp"))


@pytest.fixture(scope="module")
def analysis() -> accord.analysis.Analysis:
    return analyze(accord.load_scenario(FLAGSHIP), FAST, seed=0)


@pytest.fixture(scope="module")
def html(analysis: accord.analysis.Analysis) -> str:
    return render_html(analysis)


class _Refs(HTMLParser):
    """Every attribute that makes a browser fetch something, and every inline figure spec."""

    def __init__(self) -> None:
        super().__init__()
        self.fetching: list[tuple[str, str, str]] = []
        self.figures: dict[str, str] = {}
        self._fig: str | None = None
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("src", "href", "data", "poster", "srcset", "action"):
            value = a.get(name)
            if value is not None and not value.startswith("#"):
                self.fetching.append((tag, name, value))
        if tag == "link":
            self.fetching.append((tag, "rel", a.get("rel") or ""))
        if tag == "script":
            self.scripts += 1
            if a.get("type") == "application/json":
                self._fig = a.get("id")

    def handle_data(self, data: str) -> None:
        if self._fig:
            self.figures[self._fig] = self.figures.get(self._fig, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._fig = None


def test_report_holds_every_part(analysis: accord.analysis.Analysis, html: str) -> None:
    sc = analysis.scenario
    assert sc.title in html
    for actor in sc.actors:
        assert f"<code>{actor.id}</code>" in html
    for issue in sc.issues:
        assert f"<code>{issue.id}</code>" in html
    for source in sc.sources:
        assert f'id="src-{source.id}"' in html
    for model in ("compromise", "eum", "smp"):
        assert f">{model}</th>" in html
    assert "Red lines that clash" in html and sc.clashes
    for clash in sc.clashes:
        assert f"<td><code>{clash.issue}</code></td>" in html
    # the deal space: no zone of agreement on the flagship, so the opening and its movers are shown
    assert analysis.deals is not None and not analysis.deals.zopa
    assert "What would open a deal" in html and "Cheap to cede" in html and "Logrolls" in html
    assert analysis.simulation is not None
    assert f"ended by {analysis.simulation.ended_by}" in html
    assert f"accord {accord.__version__}" in html and "seed 0" in html


def test_numbers_match_the_analysis(analysis: accord.analysis.Analysis, html: str) -> None:
    # each forecast cell shows the model's number to one decimal, in the issue's row
    assert analysis.forecasts is not None
    smp = next(m for m in analysis.forecasts.models if m.model == "smp")
    rows = re.findall(r"<tr><td title=\"[^\"]*\"><code>(\w+)</code>.*?</tr>", html, flags=re.S)
    assert rows[: len(smp.issues)] == [f.id for f in smp.issues]
    for f in smp.issues[:5]:
        assert f"{f.forecast:.1f}" in html
    for actor, u in analysis.simulation.utilities.items():  # type: ignore[union-attr]
        assert f"{u:.4f}" in html, actor


def test_no_external_requests(html: str) -> None:
    refs = _Refs()
    refs.feed(html)
    assert refs.fetching == []  # no src=, href= to a file or URL, no <link>: everything is inline
    assert "Plotly.newPlot" in html and "plotly.js v" in html  # Plotly's bundle is inlined
    assert not re.search(r"@import|url\(\s*['\"]?(?!data:)", html.split("<script>", 1)[0])


def test_figures_are_valid_specs(analysis: accord.analysis.Analysis, html: str) -> None:
    refs = _Refs()
    refs.feed(html)
    divs = re.findall(r'data-fig="(\d+)"', html)
    assert len(divs) == len(refs.figures) > len(analysis.scenario.issues)
    for k in divs:
        spec = json.loads(refs.figures[f"fig-{k}"])
        assert spec["data"] and "layout" in spec
        assert "NaN" not in refs.figures[f"fig-{k}"]


def test_same_seed_same_bytes(analysis: accord.analysis.Analysis, html: str) -> None:
    again = analyze(accord.load_scenario(FLAGSHIP), FAST, seed=0)
    assert render_html(again) == html


def test_scenario_text_is_escaped(tmp_path: Path) -> None:
    text = FLAGSHIP.read_text(encoding="utf-8")
    evil = "<script>alert(1)</script>"
    text = text.replace("title: Russia-Ukraine peace talks, March 2025", f'title: "{evil}"', 1)
    text = text.replace("name: Russia\n", 'name: "</script><img src=x onerror=alert(2)>"\n', 1)
    p = tmp_path / "evil.yaml"
    p.write_text(text, encoding="utf-8")
    out = render_html(analyze(accord.load_scenario(p), AnalysisSpec(models=("compromise",)), seed=0))
    assert evil not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<img src=x" not in out
    refs = _Refs()
    refs.feed(out)
    assert refs.fetching == []


def test_write_is_atomic(
    analysis: accord.analysis.Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr("accord.report.html.render_html", broken)
    with pytest.raises(RuntimeError):
        write_html(analysis, target)
    assert target.read_text() == "old"
    monkeypatch.undo()
    n = write_html(analysis, target)
    assert target.stat().st_size == n > 1_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary left behind


def test_missing_parts_are_said(analysis: accord.analysis.Analysis) -> None:
    from dataclasses import replace

    from accord.analysis.results import Failure

    partial = replace(analysis, deals=None, errors={"deals": Failure("limit", "too many packages")})
    out = render_html(partial)
    assert "Not run" in out and "too many packages" in out
    assert "What would open a deal" not in out


def test_figures_pick_the_series(analysis: accord.analysis.Analysis) -> None:
    sim = analysis.simulation
    assert sim is not None
    curves = figures.concession_curves(sim, upto=3)
    offers = [e for e in sim.trace if e.event == "offer" and e.offer.startswith("#") and e.value is not None]
    drawn = sum(len(t["y"]) for t in curves["data"] if not t["name"].endswith("BATNA"))
    assert drawn == len(offers)
    assert any(s["x0"] == 3 and s["line"]["color"] == "#dc2626" for s in curves["layout"]["shapes"])
    tracks = figures.track_figures(sim)
    assert [f["data"][0]["name"] for f in tracks] == list(sim.final_tracks)
    for f, (tid, last) in zip(tracks, sim.final_tracks.items(), strict=True):
        assert f["data"][0]["y"][-1] == pytest.approx(last), tid


def test_cli_report_json(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = CliRunner().invoke(
        main, ["report", str(FLAGSHIP), "-o", str(out), "--models", "compromise", "--seed", "3", "--json"]
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema_version"] and doc["kind"] == "report"
    assert doc["file"] == str(out) and doc["bytes"] == out.stat().st_size and doc["seed"] == 3
    assert doc["errors"] == {}
    assert "seed 3" in out.read_text(encoding="utf-8")


def test_cli_report_bad_file_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(FLAGSHIP.read_text().replace("capability: 35", "capability: -35", 1))
    r = CliRunner().invoke(main, ["report", str(bad), "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 2
    assert re.search(r"bad\.yaml:\d+:\d+ actors\[0\]\.capability: -35 is below 0", r.stderr)
    assert not (tmp_path / "r.html").exists()


def test_how_positions_moved(tmp_path: Path, analysis: accord.analysis.Analysis, html: str) -> None:
    # The flagship records no history: no section, and the JSON's timeline is empty.
    assert analysis.scenario.timeline == () and 'id="moved"' not in html
    # A dated history point on Europe's ceasefire stance: the section lists it and draws it.
    text = FLAGSHIP.read_text(encoding="utf-8")
    stance = "    I4: {position: 15, salience: 80, confidence: high, sources: [S07]"
    assert stance in text, "the flagship's Europe/I4 stance changed: update this test"
    moved = text.replace(stance, stance + ", history: [{date: 2025-02-20, position: 70, source: S07}]")
    p = tmp_path / "moved.yaml"
    p.write_text(moved, encoding="utf-8")
    a = analyze(accord.load_scenario(p), AnalysisSpec(models=("compromise",)), seed=0)
    points = [(e.date, e.actor, e.issue, e.position) for e in a.scenario.timeline]
    assert points == [("2025-02-20", "europe", "I4", 70.0), ("2025-03-02", "europe", "I4", 15.0)]
    assert type(a).from_dict(json.loads(json.dumps(a.to_dict()))).scenario.timeline == a.scenario.timeline
    out = render_html(a)
    section = out[out.index('id="moved"') : out.index("Issues and their options")]
    assert re.findall(r'<td class="day">([\d-]+)</td><td>(\w+)</td>', section) == [
        ("2025-02-20", "europe"),
        ("2025-03-02", "europe"),
    ]
    refs = _Refs()
    refs.feed(out)
    k = re.search(r'data-fig="(\d+)"', section).group(1)
    spec = json.loads(refs.figures[f"fig-{k}"])
    assert spec["data"][0]["x"] == ["2025-02-20", "2025-03-02"] and spec["data"][0]["line"]["shape"] == "hv"
