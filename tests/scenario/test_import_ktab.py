"""Tests for the KTAB SMP importer (CSV and XML)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.scenario.errors import ScenarioError
from accord.scenario.importers.ktab import MODEL_PARAMETERS, read_ktab, read_ktab_arrays

CSV = """Tiny,"A tiny test",3,2,
Actor,Description,Power,Alpha Position,Alpha Salience,Beta Position,Beta Salience,
A1, first, 10, 20.5, 30, 80, 40,
A2, second, 20, 60, 50, 10, 20,
A3, third, 5.5, 90, 10, 50, 60,
"""

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Tiny</name><desc>xml test</desc><prngSeed>0123</prngSeed>
  <ModelParameters><VotingRule>Binary</VotingRule><PCEModel>MarkovUniform</PCEModel></ModelParameters>
  <Dimensions><dName>D1</dName></Dimensions>
  <Actors>
    <Actor><name>P</name><description>p</description><capability>1</capability>
      <Position><dCoord>10</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>
    <Actor><name>Q</name><description>q</description><capability>2</capability>
      <Position><dCoord>90</dCoord></Position><Salience><dSal>40</dSal></Salience></Actor>
  </Actors>
  <IdealAdjustment>
    <iaPair><adjustingIdeal>Q</adjustingIdeal><referencePos>P</referencePos><adjust>0.2</adjust></iaPair>
    <iaPair><adjustingIdeal>Q</adjustingIdeal><referencePos>Q</referencePos><adjust>0.5</adjust></iaPair>
  </IdealAdjustment>
</Scenario>
"""


def test_csv_arrays(tmp_path: Path):
    f = tmp_path / "tiny.csv"
    f.write_text(CSV)
    arr = read_ktab_arrays(f)
    assert arr.name == "Tiny" and arr.description == "A tiny test"
    assert arr.actor_names == ("A1", "A2", "A3") and arr.dimensions == ("Alpha", "Beta")
    assert arr.capabilities.tolist() == [10, 20, 5.5]
    assert arr.positions.tolist() == [[20.5, 80], [60, 10], [90, 50]]
    assert arr.saliences.tolist() == [[30, 40], [50, 20], [10, 60]]
    assert arr.params == {} and arr.accommodation is None


def test_csv_scenario(tmp_path: Path):
    f = tmp_path / "tiny.csv"
    f.write_text(CSV)
    scen = read_ktab(f)
    assert np.array_equal(scen.positions, read_ktab_arrays(f).positions)
    assert scen.capabilities.tolist() == [10, 20, 5.5]
    assert scen.scale_lo.tolist() == [0, 0] and scen.scale_hi.tolist() == [100, 100]
    assert scen.metadata["imported_from"] == "ktab"


def test_xml_parameters_and_accommodation(tmp_path: Path):
    f = tmp_path / "tiny.xml"
    f.write_text(XML)
    arr = read_ktab_arrays(f)
    assert arr.params == {"vote_rule": "Binary", "pce_model": "MarkovUniform"}
    assert arr.seed == 123
    # Q's listed row replaces its identity row; P keeps identity
    assert arr.accommodation is not None
    assert arr.accommodation.tolist() == [[1.0, 0.0], [0.2, 0.5]]
    assert set(MODEL_PARAMETERS.values()) >= set(arr.params)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (CSV.replace("10, 20.5", "-10, 20.5"), "below 0"),
        (CSV.replace("90, 10, 50, 60", "190, 10, 50, 60"), "outside 0-100"),
        (CSV.replace("90, 10, 50, 60", "90, 70, 50, 60"), "total 130"),
        (CSV.replace("20.5", "abc"), "expected a number"),
        (CSV.replace(",3,2,", ",4,2,"), "says 4 actors"),
        ("x\n", "needs a title line"),
    ],
)
def test_bad_csv(tmp_path: Path, text: str, message: str):
    f = tmp_path / "bad.csv"
    f.write_text(text)
    with pytest.raises(ScenarioError, match=message):
        read_ktab_arrays(f)


def test_bad_xml(tmp_path: Path):
    f = tmp_path / "bad.xml"
    f.write_text(XML.replace("<VotingRule>", "<Voting>").replace("</VotingRule>", "</Voting>"))
    with pytest.raises(ScenarioError, match="unknown KTAB model parameter"):
        read_ktab_arrays(f)
    f.write_text("<Scenario><name>")
    with pytest.raises(ScenarioError, match="not well-formed"):
        read_ktab_arrays(f)


def test_real_inputs(shared_data: Path):
    ktab = shared_data / "ktab"
    shapes = {
        "SOE-Competitive.csv": (34, 1),
        "SOE-Policy.csv": (26, 1),
        "SOE-Pol-Comp.csv": (13, 2),
        "dummyData-a040.csv": (40, 1),
        "dummyData-a080.csv": (80, 1),
        "dummyData-a160.csv": (160, 1),
        "dummyData_3Dim.csv": (7, 3),
        "dummyData_3Dim.xml": (7, 3),
        "dummyData_6Dim.csv": (27, 6),
    }
    for name, shape in shapes.items():
        arr = read_ktab_arrays(ktab / name)
        assert arr.positions.shape == shape, name
        assert np.isfinite(arr.positions).all() and (arr.capabilities >= 0).all()
    csv, xml = read_ktab_arrays(ktab / "dummyData_3Dim.csv"), read_ktab_arrays(ktab / "dummyData_3Dim.xml")
    assert np.array_equal(csv.positions, xml.positions) and np.array_equal(csv.capabilities, xml.capabilities)


def test_smp_example_has_an_empty_coordinate(shared_data: Path):
    """smpExample.xml leaves Alice's first coordinate empty: an error unless asked to keep it as NaN."""
    with pytest.raises(ScenarioError, match="empty value for Alice"):
        read_ktab_arrays(shared_data / "ktab" / "smpExample.xml")
    arr = read_ktab_arrays(shared_data / "ktab" / "smpExample.xml", strict=False)
    assert np.isnan(arr.positions[0, 0]) and np.isfinite(arr.positions.ravel()[1:]).all()
    assert arr.params["pce_model"] == "MarkovIncentive" and arr.seed == 3507583219545544127
