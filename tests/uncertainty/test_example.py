"""The notebook-style example (examples/ukraine-2025/uncertainty.md) runs as written, cell after cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "ukraine-2025" / "uncertainty.md"


def test_every_cell_runs_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = re.findall(r"```python\n(.*?)```", NOTEBOOK.read_text(), flags=re.S)
    assert len(cells) >= 5
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for k, cell in enumerate(cells):
        exec(compile(cell, f"{NOTEBOOK.name} cell {k + 1}", "exec"), namespace)  # the cells' asserts check it
    assert (tmp_path / "i5-tornado.png").stat().st_size > 1000
    assert (tmp_path / "what-if.parquet").is_file() and (tmp_path / "what-if.inputs.parquet").is_file()
