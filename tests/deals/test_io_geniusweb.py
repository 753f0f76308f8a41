"""GeniusWeb JSON domains and profiles: formats and malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from accord.deals import DealFormatError, is_geniusweb_folder, read_geniusweb

DOMAIN = {
    "name": "dom",
    "issuesValues": {
        "colour": {"values": ["red", "blue"]},
        "size": {"range": {"low": "0.1", "high": "0.3", "step": "0.1"}},
    },
}


def profile(name: str, **over) -> dict:
    body = {
        "issueUtilities": {
            "colour": {"DiscreteValueSetUtilities": {"valueUtilities": {"red": 0.2, "blue": 1.0}}},
            "size": {
                "NumberValueSetUtilities": {
                    "lowValue": 0.1,
                    "lowUtility": 0.0,
                    "highValue": 0.3,
                    "highUtility": 1.0,
                }
            },
        },
        "issueWeights": {"colour": 0.5, "size": 0.5},
        "domain": DOMAIN,
        "name": name,
    }
    body.update(over)
    return {"LinearAdditiveUtilitySpace": body}


def write(folder: Path, a: dict | str | None = None, b: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dom.json").write_text(json.dumps(DOMAIN))
    pa = a if a is not None else profile("A")
    (folder / "profileA.json").write_text(pa if isinstance(pa, str) else json.dumps(pa))
    (folder / "profileB.json").write_text(json.dumps(b if b is not None else profile("B")))
    return folder


def test_reads_discrete_and_numeric_issues(tmp_path):
    space = read_geniusweb(write(tmp_path / "d"))
    assert space.actors == ("A", "B")
    assert space.options == (("red", "blue"), ("0.1", "0.2", "0.3"))
    np.testing.assert_allclose(space.values[0][0], [0.2, 1.0])
    np.testing.assert_allclose(space.values[1][0], [0.0, 0.5, 1.0])
    assert space.disagreement.tolist() == [0.0, 0.0]
    assert is_geniusweb_folder(tmp_path / "d")


def test_reservation_bid_sets_disagreement(tmp_path):
    a = profile("A", reservationBid={"issuevalues": {"colour": "blue", "size": "0.1"}})
    space = read_geniusweb(write(tmp_path / "d", a=a))
    assert space.disagreement[0] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("a", "match"),
    [
        ("{not json", "invalid JSON"),
        (profile("A", issueWeights={"colour": 1.0}), "no utilities or weight"),
        (profile("A", issueWeights={"colour": "x", "size": 0.5}), "expected a number"),
        (profile("A", issueUtilities={"colour": {"Mystery": {}}, "size": {}}), "unsupported"),
        (profile("A", reservationBid={"colour": "green"}), "reservationBid"),
    ],
)
def test_malformed_profiles_name_the_file(tmp_path, a, match):
    with pytest.raises(DealFormatError, match=match) as info:
        read_geniusweb(write(tmp_path / "d", a=a))
    assert "profileA.json" in info.value.file


def test_folder_problems(tmp_path):
    with pytest.raises(DealFormatError, match="not a folder"):
        read_geniusweb(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DealFormatError, match="one domain JSON"):
        read_geniusweb(tmp_path / "empty")
    only_domain = tmp_path / "od"
    only_domain.mkdir()
    (only_domain / "dom.json").write_text(json.dumps(DOMAIN))
    with pytest.raises(DealFormatError, match="no profile"):
        read_geniusweb(only_domain)
    bad_domain = tmp_path / "bd"
    bad_domain.mkdir()
    (bad_domain / "dom.json").write_text(json.dumps({"issuesValues": {"x": {"values": []}}}))
    (bad_domain / "p.json").write_text(json.dumps(profile("A")))
    with pytest.raises(DealFormatError, match="non-empty"):
        read_geniusweb(bad_domain)
