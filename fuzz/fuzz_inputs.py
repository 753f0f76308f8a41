"""Mutation fuzzing of what reads user input: the scenario loader and every importer (all the CLI reads).

Each case takes a real input (the flagship scenario, its JSON form, a small scenario, and the shared
data files of every importer), mutates it (byte flips, deleted/duplicated/swapped lines, numbers
replaced by extremes, YAML specials such as aliases, tags and deep nesting, truncation, junk bytes) and
feeds it to the reader in a child process under resource limits (address space and CPU time). A case
passes when the reader either succeeds or raises the documented :class:`accord.errors.InputError` whose
every problem is located (names the file), within the time and memory budget. Anything else is a
failure, saved under ``fuzz/failures/`` for replay.

Usage::

    python fuzz/fuzz_inputs.py --cases 100000 [--seed 0] [--jobs 2] [--data ../shared/data]

The tests run a short version of the same code (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import resource
import signal
import sys
import time
import traceback
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
MEMORY_BYTES = 1 << 30  # 1 GiB of address space per case
CPU_SECONDS = 10

SMALL = """\
title: small
as_of: 2025-01-01
sources:
  - {id: S1, publication: Test wire, date: 2025-01-01}
actors:
  - {id: a, name: A, capability: 60}
  - {id: b, name: B, capability: 40}
issues:
  - id: I1
    name: One
    anchors: [{id: lo, label: Low, value: 0}, {id: hi, label: High, value: 100}]
    status_quo: 50
stances:
  a: {I1: {position: 10, salience: 80, sources: [S1], red_line: {worst: 60}}}
  b: {I1: {position: 90, salience: 50, sources: [S1]}}
"""

SPECIALS = [
    b"&x [1,2]",
    b"*x",
    b"!!python/object:os.system",
    b"[" * 700,
    b"{" * 300,
    b"2025-02-30",
    b"9" * 5000,
    b"nan",
    b"-.inf",
    b"\x00\xff\xfe",
    b"~",
    b"'",
    b'"',
    b"\t",
    b": :",
    b"- - -",
    b"<<: *x",
    "\u202e\u0000".encode(),
]
NUMBERS = [b"0", b"-1", b"1e308", b"-1e308", b"1e-320", b"100.0000001", b"NaN", b"999999999999"]


def sources(data: Path | None) -> list[tuple[str, str, bytes]]:
    """The seed inputs: (reader, file suffix, bytes)."""
    out = [
        ("scenario", ".yaml", FLAGSHIP.read_bytes()),
        ("scenario", ".yaml", SMALL.encode()),
    ]
    from accord.scenario import load_scenario, scenario_to_dict

    out.append(("scenario", ".json", json.dumps(scenario_to_dict(load_scenario(FLAGSHIP))).encode()))
    # The same seeds through the command line: a mutated scenario must give exit 0, 2 or 3, never
    # "internal error", whichever analysis reads it.
    out += [("cli", suffix, text) for reader, suffix, text in out if reader == "scenario"]
    if data is not None and data.is_dir():
        for name, pattern in [("ktab", "ktab/*.csv"), ("ktab", "ktab/*.xml"), ("decide", "decide/*.csv")]:
            out += [(name, p.suffix, p.read_bytes()) for p in sorted(data.glob(pattern))[:3]]
        out += [("bdm", ".csv", (data / "bdm" / "emissions-1994.csv").read_bytes())]
        deu = (data / "deu" / "deu3-dev.tsv").read_bytes().splitlines(keepends=True)
        out += [("deu", ".tsv", b"".join(deu[:12]))]  # a slice: the whole file is slow to re-import
    return out


def mutate(text: bytes, rng: np.random.Generator) -> bytes:
    """One to four random mutations of ``text``."""
    for _ in range(int(rng.integers(1, 5))):
        op = int(rng.integers(8))
        lines = text.splitlines(keepends=True) or [b""]
        i = int(rng.integers(len(lines)))
        if op == 0 and text:  # flip bytes
            b = bytearray(text)
            for _ in range(int(rng.integers(1, 8))):
                b[int(rng.integers(len(b)))] = int(rng.integers(256))
            text = bytes(b)
        elif op == 1:  # delete a line
            del lines[i]
            text = b"".join(lines)
        elif op == 2:  # duplicate a line
            lines.insert(i, lines[i])
            text = b"".join(lines)
        elif op == 3:  # swap two lines
            j = int(rng.integers(len(lines)))
            lines[i], lines[j] = lines[j], lines[i]
            text = b"".join(lines)
        elif op == 4:  # a number becomes an extreme
            nums = list(re.finditer(rb"-?\d+(\.\d+)?", text))
            if nums:
                m = nums[int(rng.integers(len(nums)))]
                text = text[: m.start()] + NUMBERS[int(rng.integers(len(NUMBERS)))] + text[m.end() :]
        elif op == 5:  # insert a YAML special
            pos = int(rng.integers(len(text) + 1))
            text = text[:pos] + SPECIALS[int(rng.integers(len(SPECIALS)))] + text[pos:]
        elif op == 6:  # truncate
            text = text[: int(rng.integers(len(text) + 1))]
        else:  # indentation noise
            lines[i] = b" " * int(rng.integers(1, 5)) + lines[i]
            text = b"".join(lines)
    return text


class CPULimit(Exception):
    """A case ran past its CPU seconds (SIGXCPU, turned into an exception so the worker survives)."""


def _on_sigxcpu(signum: int, frame: object) -> None:
    raise CPULimit(f"more than {CPU_SECONDS} s of CPU")


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    signal.signal(signal.SIGXCPU, _on_sigxcpu)


def _cpu_budget() -> None:
    # RLIMIT_CPU counts the worker's whole life: each case gets CPU_SECONDS on top of what is used.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def read(reader: str, path: Path) -> str:
    """Read ``path`` with ``reader``; 'ok', 'input-error', or a failure description."""
    from accord.errors import InputError

    if reader == "cli":
        return _cli(path)
    try:
        if reader == "scenario":
            from accord.scenario import load_scenario

            load_scenario(path)
        else:
            from accord.registry import IMPORTERS

            IMPORTERS.get(reader)(**({"allow_empty": True} if reader == "ktab" else {})).read(path)
    except InputError as err:
        unlocated = [p for p in err.problems if not p.file]
        return "input-error" if not unlocated else f"unlocated problem: {unlocated[0]}"
    except MemoryError:
        return "failure: MemoryError"
    except BaseException as err:  # noqa: BLE001 - anything else is what we are looking for
        return "failure: " + "".join(traceback.format_exception_only(type(err), err)).strip()[:500]
    return "ok"


#: What a fuzzed file goes through on the command line (one, chosen by a checksum of the file).
CLI_COMMANDS = [
    ["validate"],
    ["forecast", "--models", "compromise,median,nash"],
    ["deals", "--top", "3"],
    ["simulate", "--rounds", "5"],
]


def _cli(path: Path) -> str:
    """Run one accord command on ``path`` in-process; 'ok', 'input-error' or a failure description."""
    import contextlib
    import io

    from accord.cli import main

    args = CLI_COMMANDS[zlib.crc32(path.read_bytes()) % len(CLI_COMMANDS)]
    out, err = io.StringIO(), io.StringIO()
    code: object = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main([args[0], str(path), *args[1:], "--json"], prog_name="accord")
    except SystemExit as done:
        code = done.code or 0
    except BaseException as exc:  # noqa: BLE001 - anything escaping the CLI's handler is a failure
        return "failure: cli raised " + "".join(traceback.format_exception_only(type(exc), exc)).strip()[:400]
    text = err.getvalue()
    if "internal error" in text or "Traceback" in text:
        return f"failure: {' '.join(args)}: {text.strip()[:400]}"
    if code == 0:
        return "ok"
    if code in (2, 3) and (text.strip() or '"schema_version"' in out.getvalue()):
        return "input-error"  # said on stderr, or (validate --json) as the document's problems
    return f"failure: {' '.join(args)} exited {code!r}: {text.strip()[:300]}"


def _case(args: tuple[int, int, str, str, bytes, str]) -> tuple[int, str, float]:
    n, seed, reader, suffix, text, folder = args
    rng = np.random.default_rng([seed, n])
    path = Path(folder) / f"case{n}{suffix}"
    data = mutate(text, rng)
    path.write_bytes(data)
    _cpu_budget()
    t = time.perf_counter()
    verdict = read(reader, path)
    elapsed = time.perf_counter() - t
    if verdict.startswith(("failure", "unlocated")) or elapsed > 5:
        out = ROOT / "fuzz" / "failures"
        out.mkdir(exist_ok=True)
        (out / f"{reader}-{seed}-{n}{suffix}").write_bytes(data)
        verdict = verdict if elapsed <= 5 else f"failure: slow ({elapsed:.1f} s)"
    path.unlink(missing_ok=True)
    return n, verdict, elapsed


def run(
    n_cases: int, seed: int = 0, jobs: int = 1, data: Path | None = None, folder: Path | None = None
) -> dict:
    """Run ``n_cases`` fuzz cases; a summary with every failure."""
    import tempfile

    seeds = sources(data)
    tmp = Path(folder or tempfile.mkdtemp(prefix="accord-fuzz-"))
    tasks = ((n, seed, *seeds[n % len(seeds)], str(tmp)) for n in range(n_cases))
    verdicts: Counter[str] = Counter()
    failures: list[tuple[int, str]] = []
    slowest = 0.0
    t0 = time.perf_counter()
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs, initializer=_limit, maxtasksperchild=2000) as pool:
        for n, verdict, elapsed in pool.imap_unordered(_case, tasks, chunksize=16):
            kind = verdict if verdict in ("ok", "input-error") else "failure"
            verdicts[kind] += 1
            slowest = max(slowest, elapsed)
            if kind == "failure":
                failures.append((n, verdict))
    return {
        "cases": n_cases,
        "seed": seed,
        "verdicts": dict(verdicts),
        "failures": failures[:50],
        "n_failures": len(failures),
        "slowest_case_s": round(slowest, 3),
        "seconds": round(time.perf_counter() - t0, 1),
        "memory_limit_bytes": MEMORY_BYTES,
        "cpu_limit_s": CPU_SECONDS,
    }


def main() -> None:
    """Command line: run the cases, print the summary as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    summary = run(args.cases, args.seed, args.jobs, args.data)
    print(json.dumps(summary, indent=2))
    sys.exit(1 if summary["n_failures"] else 0)


if __name__ == "__main__":
    main()
