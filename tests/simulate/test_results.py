"""Results: summary, concession curves, CSV writer, plots."""

from __future__ import annotations

import re

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


def test_csv_is_written_atomically_and_errors_name_the_path(space, tmp_path) -> None:
    from accord.errors import InputError

    res = Negotiation(space, {"me": Linear(), "opp": Linear()}, n_rounds=5).run()
    path = tmp_path / "out" / "trace.csv"
    res.to_csv(path)
    assert path.read_text() == res.to_csv() and [p.name for p in path.parent.iterdir()] == ["trace.csv"]
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match=re.escape(f"{blocker / 'x.csv'}: cannot be written")):
        res.to_csv(blocker / "x.csv")


def test_plot_is_written_atomically(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    from accord.errors import InputError
    from accord.simulate.plots import plot_result

    res = Negotiation.from_scenario(
        conformance_scenario(), {"a": "linear", "b": "linear", "c": "linear"}
    ).run()
    path = tmp_path / "plot.svg"
    plot_result(res, path)
    assert path.read_text().lstrip().startswith("<?xml") and [p.name for p in tmp_path.iterdir()] == [
        "plot.svg"
    ]
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match="p.png: cannot be written"):
        plot_result(res, blocker / "p.png")
