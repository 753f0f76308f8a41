"""Run the located-error tests on both YAML paths: libyaml's parser and the pure-Python fallback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accord.scenario import _yaml


@pytest.fixture(params=["libyaml", "python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Make the loader's default parser libyaml or pure Python for one test."""
    if request.param == "libyaml" and not _yaml.LIBYAML:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(_yaml, "USE_LIBYAML", request.param == "libyaml")
    yield request.param
