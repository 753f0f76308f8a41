"""Helpers shared by the importers: numbers with positions, and building a checked Scenario."""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import Problem, ScenarioError

__all__ = ["read_text", "to_float", "slug"]


def read_text(path: str | Path) -> str:
    """Read a text file, turning OS errors into a ScenarioError naming the file."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScenarioError.single(str(path), "no such file") from None
    except IsADirectoryError:
        raise ScenarioError.single(str(path), "is a folder, not a file") from None
    except UnicodeDecodeError as e:
        raise ScenarioError.single(str(path), f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise ScenarioError.single(str(path), f"cannot be read: {e.strerror}") from None


def to_float(
    text: str,
    problems: list[Problem],
    file: str,
    line: int,
    column: int,
    field: str,
    missing: tuple[str, ...] = ("",),
) -> float | None:
    """Parse a number; record a problem (and return None) if it is not one. Missing markers give None."""
    t = text.strip().strip("'\"")
    if t in missing:
        return None
    try:
        x = float(t)
    except ValueError:
        problems.append(Problem(file, line, column, field, f"expected a number, got {t!r}"))
        return None
    if not math.isfinite(x):
        problems.append(Problem(file, line, column, field, f"expected a finite number, got {t!r}"))
        return None
    return x


def slug(name: str) -> str:
    """An id made from a display name (letters, digits and underscores)."""
    out = "".join(ch if ch.isalnum() else "_" for ch in name.strip()).strip("_")
    return out or "x"
