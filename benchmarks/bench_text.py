"""Text-extraction speed: sentences per second after model load, on this machine's cores.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_text.py [--copies 20] [--json]``

The corpus is the example news brief (``examples/ukraine-2025/news/brief.md``, our own wire copy) and,
when ``../shared/data`` is present, the PLOVER gold sentences, each repeated ``--copies`` times as
paragraphs of one plain-text file. Rows:

* ``parse``: ``nlp.pipe`` alone on sentences (tok2vec, tagger, parser; NER excluded; POS and lemmas
  from :class:`accord.text.pipeline.FastTags`), batched: the floor of what spaCy costs;
* ``extract``: the whole path of ``accord extract`` (read, sentencize, gazetteer, trigger pre-filter, parse,
  rules, linking) on the file, with the flagship scenario's gazetteer and issues, with one parser process
  and with two (``--jobs 2``; the worker start-up is timed too).

Every gold sentence holds an event, so the pre-filter skips almost nothing there: that row is the worst
case. The model is loaded before timing starts. Timings on a shared machine are noisy: run it twice.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "plover" / "plover-gsr-dev.json"
BRIEF = ROOT / "examples" / "ukraine-2025" / "news" / "brief.md"
SCENARIO = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def _sentences() -> list[str]:
    out: list[str] = []
    if GOLD.is_file():
        out += [r["text"] for r in json.loads(GOLD.read_text()) if r.get("event") != "DOCUMENT"]
    if BRIEF.is_file():
        from accord.text.reading import blocks_from_text

        out += [b.text.replace("\n", " ") for b in blocks_from_text(BRIEF.read_text(), "markdown")]
    return out


def main(argv: list[str] | None = None) -> int:
    """Time the rows; print a table or one JSON document."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="Repeat the corpus this many times.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from accord.scenario import load_scenario
    from accord.text.extract import extract
    from accord.text.pipeline import fast_tags, load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp()
    load_s = time.perf_counter() - t0
    base = _sentences()
    if not base:
        print("no corpus: neither the example brief nor ../shared/data is present", file=sys.stderr)
        return 2
    texts = base * args.copies
    list(nlp.pipe(texts[:100]))  # warm up

    tags = fast_tags()
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        t0 = time.perf_counter()
        n = sum(1 for doc in nlp.pipe(texts, batch_size=256) if tags(doc) is not None)
        parse_rate = n / (time.perf_counter() - t0)

    scenario = load_scenario(SCENARIO)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        rates = {}
        for jobs in (1, 2):
            t0 = time.perf_counter()
            result = extract([path], scenario, jobs=jobs)
            rates[jobs] = result.n_sentences / (time.perf_counter() - t0)
    rows = {
        "model_load_s": round(load_s, 3),
        "cores": os.cpu_count(),
        "n_sentences": result.n_sentences,
        "n_parsed": result.n_parsed,
        "n_statements": len(result.statements),
        "parse_sentences_per_s": round(parse_rate, 1),
        "extract_sentences_per_s": round(rates[1], 1),
        "extract_2_processes_sentences_per_s": round(rates[2], 1),
        "target_sentences_per_s": 2000,
    }
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for k, v in rows.items():
            print(f"{k:<26}{v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
