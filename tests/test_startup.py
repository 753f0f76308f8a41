"""Start-up stays light: nothing heavy is imported until it is used (issue 11's targets are measured in
benchmarks/, not here; this only checks which modules load)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ["scipy", "matplotlib", "ray", "spacy", "pandas", "pyarrow", "sqlalchemy", "fastapi", "SALib"]
FLAGSHIP = str(Path(__file__).resolve().parents[1] / "examples" / "ukraine-2025" / "scenario.yaml")


def _loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "code",
    [
        "import accord",
        "import accord.cli",
        "from accord.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
        "from accord.cli import main\ntry:\n"
        f"    main(['validate', {FLAGSHIP!r}])\nexcept SystemExit:\n    pass",
    ],
    ids=["import", "import-cli", "help", "validate"],
)
def test_no_heavy_import(code: str) -> None:
    assert _loaded_after(code) == []
