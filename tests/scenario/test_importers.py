"""Importers, each tested on the real files in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.forecast.baseline import compromise, weighted_median
from accord.registry import IMPORTERS
from accord.scenario import ScenarioError, load_scenario, save_scenario
from accord.scenario.importers import (
    BDMImporter,
    DecideImporter,
    DEUImporter,
    Importer,
    KTABImporter,
    clean_id,
    read_bdm,
    read_decide,
    read_deu,
)
from accord.scenario.writer import folder_names, write_folder


def test_bdm_emissions(shared_data: Path) -> None:
    s = read_bdm(shared_data / "bdm" / "emissions-1994.csv")
    assert s.n_actors == 10 and s.n_issues == 1
    assert s.actor("Germany").capability == pytest.approx(0.16)
    # models.md section 2.3: weighted mean 7.39, median 7.0
    assert compromise(s.positions, s.saliences, s.capabilities)[0] == pytest.approx(7.39, abs=0.005)
    assert weighted_median(s.positions, s.saliences, s.capabilities)[0] == 7.0


@pytest.mark.parametrize(
    ("name", "n_actors", "n_issues", "n_stances"), [("cop21", 15, 13, 181), ("copenhagen", 11, 7, 75)]
)
def test_decide_files(shared_data: Path, name: str, n_actors: int, n_issues: int, n_stances: int) -> None:
    s = read_decide(shared_data / "decide" / f"{name}.csv")
    assert (s.n_actors, s.n_issues, len(s.stances)) == (n_actors, n_issues, n_stances)
    assert np.nanmax(s.saliences) <= 100 and (s.scale_lo == 0).all() and (s.scale_hi == 100).all()


@pytest.mark.parametrize(("capability", "mae"), [("equal", 23.8), ("gdp", 23.1)])
def test_deu_reproduces_published_baselines(shared_data: Path, capability: str, mae: float) -> None:
    scenarios = read_deu(shared_data / "deu" / "deu3-dev.tsv", capability=capability)  # type: ignore[arg-type]
    assert len(scenarios) == 223
    used = [s for s in scenarios if s.metadata["outcome"] is not None and s.n_actors >= 3]
    assert len(used) == 222
    err = [abs(compromise(s.positions, s.saliences, s.capabilities)[0] - s.metadata["outcome"]) for s in used]
    assert np.mean(err) == pytest.approx(mae, abs=0.05)
    med = [
        abs(
            weighted_median(s.positions, np.ones_like(s.saliences), np.ones(s.n_actors))[0]
            - s.metadata["outcome"]
        )
        for s in used
    ]
    assert np.mean(med) == pytest.approx(27.4, abs=0.05)


def test_imported_scenarios_round_trip(shared_data: Path, tmp_path: Path) -> None:
    for s in (
        read_bdm(shared_data / "bdm" / "emissions-1994.csv"),
        read_decide(shared_data / "decide" / "cop21.csv"),
        read_deu(shared_data / "deu" / "deu3-dev.tsv")[0],
    ):
        save_scenario(s, tmp_path / "s.yaml")
        assert load_scenario(tmp_path / "s.yaml") == s


def test_bad_files_list_every_problem(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text("Actor,Capability,Position,Salience\nA,x,1,50\nB,1,2,500\n")
    with pytest.raises(ScenarioError) as info:
        read_bdm(p)
    assert [(q.line, q.column) for q in info.value.problems] == [(2, 2), (3, 4)]
    p.write_text("'#A'\t'a'\t'A'\n'#P'\t'i'\t'I'\n'#D'\t'a'\t'j'\t50\t2\t1\n'#X'\n")
    with pytest.raises(ScenarioError) as info:
        read_decide(p)
    messages = [q.message for q in info.value.problems]
    assert any("unknown issue 'j'" in m for m in messages)
    assert any("outside [0, 1]" in m for m in messages)
    assert any("unknown line tag" in m for m in messages)
    with pytest.raises(ScenarioError, match="not a DEU file"):
        read_deu(p)


def test_every_shared_file_of_each_format_loads(shared_data: Path) -> None:
    from accord.scenario.importers import read_ktab

    ktab = sorted((shared_data / "ktab").glob("*.csv")) + sorted((shared_data / "ktab").glob("*.xml"))
    assert len(ktab) >= 10
    for path in ktab:
        s = read_ktab(path, strict=path.name != "smpExample.xml")
        assert s.n_actors >= 3 and all(0 <= st.position <= 100 for st in s.stances), path.name
    smp_example = read_ktab(shared_data / "ktab" / "smpExample.xml", strict=False)
    assert smp_example.metadata["empty_values"] == [["Alice", smp_example.issue_ids[0]]]
    for path in sorted((shared_data / "decide").glob("*.csv")):
        assert read_decide(path).n_issues >= 7
    for path in sorted((shared_data / "bdm").glob("*.csv")):
        assert read_bdm(path).n_actors >= 3
    for path in sorted((shared_data / "deu").glob("*.tsv")):
        assert len(read_deu(path)) > 100


# -- the importer plug-ins --------------------------------------------------------------------------------
FILES = {"ktab": ("ktab", "*.[cx][sm][vl]"), "decide": ("decide", "*.csv"), "bdm": ("bdm", "*.csv")}
FILES["deu"] = ("deu", "*.tsv")


def test_registered_importers_are_the_classes() -> None:
    assert {n: IMPORTERS.get(n) for n in ("ktab", "decide", "bdm", "deu")} == {
        "ktab": KTABImporter,
        "decide": DecideImporter,
        "bdm": BDMImporter,
        "deu": DEUImporter,
    }
    for name in IMPORTERS.names():
        cls = IMPORTERS.get(name)
        assert issubclass(cls, Importer) and cls.name == name
        assert cls.description and "\n" not in cls.description and isinstance(cls.multi, bool)
    assert DEUImporter.multi and not KTABImporter.multi
    assert repr(KTABImporter(allow_empty=True)) == "KTABImporter(allow_empty=True)"


def test_clean_id_is_one_rule() -> None:
    assert clean_id("EU (incl Norway)") == "EU_incl_Norway"
    assert clean_id("Česko / Slovensko") == "Cesko_Slovensko"
    assert clean_id("__a..b--") == "a_b"
    assert clean_id("()") == "x" and clean_id("", "dim0") == "dim0"


@pytest.mark.parametrize("fmt", ["ktab", "decide", "bdm", "deu"])
def test_every_shared_file_imports_validates_and_round_trips(
    shared_data: Path, tmp_path: Path, fmt: str
) -> None:
    folder, pattern = FILES[fmt]
    paths = [p for p in sorted((shared_data / folder).glob(pattern)) if p.suffix != ".xsd"]
    assert paths
    for path in paths:
        importer = KTABImporter(allow_empty=True) if fmt == "ktab" else IMPORTERS.get(fmt)()
        scenarios = importer.read(path)
        assert scenarios and (len(scenarios) > 1) == importer.multi, path.name
        written = write_folder(scenarios, tmp_path / path.stem)
        for s, file in zip(scenarios, written, strict=True):
            assert load_scenario(file) == s, (path.name, file.name)


def test_decide_ids_are_cleaned(shared_data: Path) -> None:
    (s,) = DecideImporter().read(shared_data / "decide" / "copenhagen.csv")
    assert "EU_incl_Norway" in s.actor_ids and s.actor("EU_incl_Norway").name == "EU (incl Norway)"


def test_ktab_allow_empty_is_passed_on(shared_data: Path) -> None:
    path = shared_data / "ktab" / "smpExample.xml"
    with pytest.raises(ScenarioError, match="empty value"):
        KTABImporter().read(path)
    (s,) = KTABImporter(allow_empty=True).read(path)
    assert s.metadata["empty_values"] == [["Alice", s.issue_ids[0]]]


def test_empty_or_degenerate_imports_are_errors(tmp_path: Path) -> None:
    p = tmp_path / "empty.csv"
    p.write_text("")
    with pytest.raises(ScenarioError, match="no actors"):
        DecideImporter().read(p)
    p.write_text("'#A'\t'a b'\t'A'\n'#A'\t'a_b'\t'B'\n'#P'\t'i'\t'I'\n")
    with pytest.raises(ScenarioError, match="keys 'a b' and 'a_b' both give the id 'a_b'"):
        DecideImporter().read(p)
    p.write_text("'#A'\t'a'\t'A'\n'#P'\t'i'\t'I'\n'#P'\t'j'\t'J'\n'#D'\t'a'\t'i'\t50\t0.5\t1\n")
    with pytest.raises(ScenarioError) as info:
        DecideImporter().read(p)
    assert "issues[j]: nobody takes a stance" in str(info.value)
    with pytest.raises(ScenarioError, match="must be 'equal' or 'gdp'"):
        DEUImporter(capability="size").read(p)  # type: ignore[arg-type]


def test_write_folder_is_all_or_nothing(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenarios = DEUImporter().read(shared_data / "deu" / "deu3-dev.tsv")[:5]
    out = tmp_path / "deu"
    files = write_folder(scenarios, out)
    assert [f.name for f in files] == folder_names(scenarios) == [f"{s.issue_ids[0]}.yaml" for s in scenarios]
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)
    # An interruption part-way leaves the previous folder as it was, and no temporary sibling.
    calls = {"n": 0}
    import accord.scenario.writer as writer

    real = writer.dumps_scenario

    def dies_on_third(s: object, fmt: str = "yaml") -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(s, fmt)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "dumps_scenario", dies_on_third)
    with pytest.raises(KeyboardInterrupt):
        write_folder(scenarios[:4], out)
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)
    assert [p.name for p in tmp_path.iterdir()] == ["deu"]
    # Re-importing replaces a folder of scenario files; a folder holding anything else is refused.
    assert len(write_folder(scenarios[:2], out)) == 2 and len(list(out.iterdir())) == 2
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="holds other things than scenario files"):
        write_folder(scenarios, out)
    assert (out / "notes.txt").read_text() == "mine"
    with pytest.raises(InputError, match="cannot be written"):
        write_folder(scenarios, Path("/proc/accord-no"))


def test_unwritable_path_is_named(tmp_path: Path) -> None:
    from accord.io import atomic_write

    with pytest.raises(InputError) as info:
        atomic_write(Path("/proc/accord-no/s.yaml"), "x")
    assert "/proc/accord-no/s.yaml" in str(info.value) and ".tmp" not in str(info.value)
