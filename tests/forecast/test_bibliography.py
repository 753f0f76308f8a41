"""Every bibliography key cited in ``src/accord`` exists in ``docs/bibliography.md``."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "accord"
BIBLIOGRAPHY = ROOT / "docs" / "bibliography.md"

# The two citation forms: "(bibliography: Key1, Key2)" and numpydoc's ".. [Key] ..." / "[Key]_".
_INLINE = re.compile(r"bibliography:\s*((?:[A-Za-z][A-Za-z0-9]*(?:,\s*)?)+)")
_NUMPYDOC = re.compile(r"\.\. \[([A-Za-z][A-Za-z0-9]*)\]|\[([A-Za-z][A-Za-z0-9]*)\]_")
_ENTRY = re.compile(r"^- \*\*([A-Za-z][A-Za-z0-9]*)\*\*:", re.MULTILINE)


def cited_keys() -> dict[str, set[str]]:
    """Key -> the modules (relative paths) that cite it."""
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        keys = {k.strip() for m in _INLINE.finditer(text) for k in m.group(1).split(",") if k.strip()}
        keys |= {a or b for a, b in _NUMPYDOC.findall(text)}
        for key in keys:
            found.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_cited_key_is_in_the_bibliography():
    listed = set(_ENTRY.findall(BIBLIOGRAPHY.read_text(encoding="utf-8")))
    cited = cited_keys()
    assert {"Scholz2011", "Nash1950", "KTAB", "DEU"} <= set(cited)  # the scan finds both forms
    missing = {k: sorted(v) for k, v in cited.items() if k not in listed}
    assert not missing, f"cited but not in docs/bibliography.md: {missing}"


def test_bibliography_keys_are_unique():
    keys = _ENTRY.findall(BIBLIOGRAPHY.read_text(encoding="utf-8"))
    assert len(keys) == len(set(keys))


def test_no_docstring_cites_a_file_outside_the_repository():
    offenders = [str(p.relative_to(ROOT)) for p in SRC.rglob("*.py") if "models.md" in p.read_text("utf-8")]
    assert not offenders
