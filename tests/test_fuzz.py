"""A short run of the input fuzzer (``fuzz/fuzz_inputs.py``) and a replay of every case it ever caught.

The long runs (10^5 cases and more) are run by hand; see the fuzzer's docstring.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _fuzzer():
    spec = importlib.util.spec_from_file_location("fuzz_inputs", ROOT / "fuzz" / "fuzz_inputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_inputs"] = module  # the worker processes find its functions by module name
    spec.loader.exec_module(module)
    return module


def test_short_fuzz_run_finds_nothing(shared_data, tmp_path):
    summary = _fuzzer().run(400, seed=12345, jobs=1, data=shared_data, folder=tmp_path)
    assert summary["n_failures"] == 0, summary["failures"]
    # Both outcomes occur: the mutations are neither all harmless nor all fatal.
    assert summary["verdicts"].get("ok", 0) > 0
    assert summary["verdicts"].get("input-error", 0) > 0


@pytest.mark.parametrize("case", sorted((ROOT / "fuzz" / "failures").glob("*")), ids=lambda p: p.name)
def test_every_case_ever_caught_is_now_a_located_error_or_loads(case):
    reader = case.name.split("-")[0]
    assert _fuzzer().read(reader, case) in ("ok", "input-error")
