"""Results: summary, concession curves, CSV writer, plots."""

from __future__ import annotations

import re

import pytest

from accord.simulate import Linear, Negotiation, write_csv


def test_summary_curves_and_csv(space, tmp_path) -> None:
    res = Negotiation(space, {"me": Linear(), "opp": Linear()}, n_rounds=5, patience=5).run()
    s = res.summary()
    assert s["outcome"] == "agreement" and s["agreement"] == {"x": "hi", "y": "lo"} and s["n_offers"] == 3
    curves = res.concession_curves()
    assert (
        curves["me"][0] == [1, 3] and curves["me"][1] == pytest.approx([1.0, 0.6]) and curves["opp"][0] == [2]
    )
    path = tmp_path / "t.csv"
    text = res.to_csv(path)
    assert path.read_text() == text and text.count("\n") == len(res.records()) + 1
    assert write_csv([]) == ""


def test_csv_is_written_atomically_and_errors_name_the_path(space, tmp_path) -> None:
    from accord.errors import InputError

    res = Negotiation(space, {"me": Linear(), "opp": Linear()}, n_rounds=5, patience=5).run()
    path = tmp_path / "out" / "trace.csv"
    res.to_csv(path)
    assert path.read_text() == res.to_csv() and [p.name for p in path.parent.iterdir()] == ["trace.csv"]
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match=re.escape(f"{blocker / 'x.csv'}: cannot be written")):
        res.to_csv(blocker / "x.csv")
