"""Results: summary, concession curves, CSV writer, plots."""

from __future__ import annotations

import pytest

from accord.simulate import Linear, Negotiation, write_csv
from accord.simulate.conformance import conformance_scenario


def test_summary_curves_and_csv(space, tmp_path) -> None:
    res = Negotiation(space, {"me": Linear(), "opp": Linear()}, n_rounds=5).run()
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


def test_plot_result(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    from accord.simulate.plots import plot_result

    res = Negotiation.from_scenario(
        conformance_scenario(), {"a": "linear", "b": "conceder", "c": "linear"}
    ).run()
    fig = plot_result(res, tmp_path / "p.png")
    assert len(fig.axes) == 3 and (tmp_path / "p.png").stat().st_size > 1000
