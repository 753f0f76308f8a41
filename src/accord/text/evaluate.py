"""Scoring the extractor on a PLOVER gold-standard file (``plover-gsr-*.json``).

Each gold record is one sentence (``text``) coded with one ``event`` (a PLOVER type) and its ``source``
actors (``actorText``). Every sentence is parsed on its own; the predicted act is that of the first
statement the rules give (the main clause's), or ``NONE``. The source is right when the predicted
source phrase overlaps (in characters) an occurrence of a gold ``actorText`` in the sentence, or, where the
gold text does not occur verbatim, shares a content word with it; source accuracy is over the records
that name a source (a ``NONE`` record names none). ``DOCUMENT`` records are skipped.

Nothing here is learned: the rules and lexicons are fixed, so the figures need no cross-validation.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError
from .pipeline import parse_sentences
from .results import ClassScore, ExtractEval

__all__ = ["evaluate_gold", "read_gold"]

_WORD = re.compile(r"\w+")
_STOP = frozenset("the a an of and in on at for to by from with".split())


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The event records of a gold file.

    A JSON list of objects with ``text`` and ``event`` (the PLOVER gold-standard format), or JSON Lines
    of such objects (``.jsonl``, as our codebook set). A record's ``source`` is a list of
    ``{"actorText": ...}`` objects or of plain strings. A folder pools its ``*.json`` and ``*.jsonl``
    files, in name order.
    """
    where = str(path)
    if Path(path).is_dir():
        files = sorted(p for p in Path(path).iterdir() if p.suffix in (".json", ".jsonl"))
        if not files:
            raise InputError.single(where, "no .json or .jsonl gold files in this folder")
        return [r for f in files for r in read_gold(f)]
    try:
        raw = Path(path).read_text(encoding="utf-8")
        if str(path).endswith(".jsonl"):
            data = [json.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            data = json.loads(raw)
    except OSError as err:
        raise InputError.single(where, f"cannot read: {err.strerror or err}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError.single(where, f"not a JSON file: {err}") from None
    if not isinstance(data, list):
        raise InputError.single(where, "expected a JSON list of gold records")
    records = []
    for k, r in enumerate(data):
        if not isinstance(r, dict) or r.get("event") == "DOCUMENT":
            continue
        if not isinstance(r.get("text"), str) or not isinstance(r.get("event"), str):
            raise InputError.single(where, "a gold record needs 'text' and 'event' strings", path=f"[{k}]")
        records.append(r)
    if not records:
        raise InputError.single(where, "no gold records (objects with 'text' and 'event')")
    return records


def _actor_texts(source: Any) -> list[str]:
    """The actor texts of a record's ``source``: ``{"actorText": ...}`` objects or plain strings."""
    out = []
    for g in source if isinstance(source, list) else []:
        t = g.get("actorText") if isinstance(g, dict) else g
        if isinstance(t, str) and t.strip():
            out.append(t.strip())
    return out


def _source_hit(text: str, span: tuple[int, int], gold: list[str]) -> bool:
    a, b = span
    mine = {w.lower() for w in _WORD.findall(text[a:b])} - _STOP
    for t in gold:
        found = False
        for m in re.finditer(re.escape(t), text):
            found = True
            if m.start() < b and m.end() > a:
                return True
        if not found and mine & ({w.lower() for w in _WORD.findall(t)} - _STOP):
            return True
    return False


def evaluate_gold(path: str | Path) -> ExtractEval:
    """Act accuracy, per-class precision and recall, the confusion matrix and source accuracy."""
    records = read_gold(path)
    confusion: dict[str, Counter[str]] = {}
    n_ok = n_src = n_statements = n_none = 0
    n_with_source = sum(1 for r in records if _actor_texts(r.get("source")))
    for r, (text, doc, events) in zip(records, parse_sentences(r["text"] for r in records), strict=True):
        gold = r["event"]
        n_statements += len(events)
        pred = events[0].act if events else "NONE"
        n_none += not events
        confusion.setdefault(gold, Counter())[pred] += 1
        n_ok += pred == gold
        if events and events[0].source is not None:
            s0, s1 = events[0].source
            span = (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1].text))
            n_src += _source_hit(text, span, _actor_texts(r.get("source")))
    n = len(records)
    classes = sorted({*confusion, *(p for row in confusion.values() for p in row)})
    per_class = {}
    for c in classes:
        if c == "NONE":
            continue
        n_gold = sum(confusion.get(c, Counter()).values())
        n_pred = sum(row.get(c, 0) for row in confusion.values())
        n_cor = confusion.get(c, Counter()).get(c, 0)
        per_class[c] = ClassScore(
            n_gold,
            n_pred,
            n_cor,
            n_cor / n_pred if n_pred else math.nan,
            n_cor / n_gold if n_gold else math.nan,
        )
    return ExtractEval(
        file=str(path),
        n=n,
        act_accuracy=n_ok / n,
        source_accuracy=n_src / n_with_source if n_with_source else math.nan,
        per_class=per_class,
        confusion={g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
        statements_per_sentence=n_statements / n,
        n_no_statement=n_none,
    )
