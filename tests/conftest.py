"""Shared fixtures: the real data in ../shared/data.

Tests that need it skip with a reason when ../shared is absent, and fail when the CI variable is set
(CI always has it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ``../shared/data``; skip (or fail on CI) when it is missing."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {SHARED_DATA} is missing")
        pytest.skip(f"{SHARED_DATA} is absent: the real-data tests need ../shared beside the checkout")
    return SHARED_DATA
