"""Run the located-error tests on both YAML paths: libyaml's parser and the pure-Python fallback.

Also makes ``scenario_helpers.py`` importable: the project runs pytest with ``--import-mode=importlib``,
which does not put test folders on ``sys.path``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.scenario import _yaml

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)


@pytest.fixture(params=["libyaml", "python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Make the loader's default parser libyaml or pure Python for one test."""
    if request.param == "libyaml" and not _yaml.LIBYAML:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(_yaml, "USE_LIBYAML", request.param == "libyaml")
    yield request.param
