"""Where a sweep's rows go: Parquet parts written as chunks finish, merged into one file at the end.

While a sweep runs, each finished chunk is written (atomically) to ``OUT.parquet.parts/`` as its own
Parquet file named by its sample range, beside a ``manifest.json`` that fingerprints the sweep (the
scenario, the design, the analyses; never the executor or the chunk size). A killed sweep leaves the
parts; ``resume=True`` checks the fingerprint, skips the samples the parts hold, and goes on. At the end
the parts are merged, in sample order, into ``OUT.parquet`` with row groups of a fixed number of rows,
so the file's bytes depend only on the sweep, not on how it was chunked, executed or interrupted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from ..io import atomic_path, atomic_write
from .tidy import SCHEMA

__all__ = [
    "PartStore",
    "MemoryStore",
    "ROW_GROUP_ROWS",
    "read_table",
    "fingerprint",
    "inputs_path",
    "write_inputs",
]

#: Rows per row group of the merged file (fixed, so that the bytes do not depend on the chunking).
ROW_GROUP_ROWS = 1 << 20

_WRITE: dict[str, Any] = {"compression": "zstd", "use_dictionary": True, "write_statistics": True}
_MANIFEST = "manifest.json"


def fingerprint(spec: dict[str, Any]) -> str:
    """A short hash of a sweep's specification (sorted JSON)."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class MemoryStore:
    """Keep the chunks in memory (library calls and sensitivity runs that write no file)."""

    def __init__(self) -> None:
        self.parts: dict[int, pa.Table] = {}

    def done(self) -> list[tuple[int, int]]:
        """Nothing is done before a run starts."""
        return []

    def write(self, start: int, stop: int, table: pa.Table) -> None:
        """Keep a finished chunk."""
        self.parts[start] = table

    def finish(self) -> pa.Table:
        """Every chunk, in sample order."""
        tables = [self.parts[k] for k in sorted(self.parts)]
        return pa.concat_tables(tables) if tables else SCHEMA.empty_table()


class PartStore:
    """Stream chunks to Parquet parts beside ``path``; merge them into ``path`` at the end.

    Parameters
    ----------
    path : path-like
        The merged file to write (``OUT.parquet``).
    spec : dict
        What the sweep is (scenario, design, analyses); fingerprinted into the manifest, and written
        into the merged file's metadata (``accord.sweep``).
    resume : bool
        Continue the sweep whose parts lie beside ``path`` (its manifest must match ``spec``).

    Raises
    ------
    InputError
        Parts of another sweep are there and ``resume`` is set; parts lie there and ``resume`` is not;
        or the folder cannot be written.
    """

    def __init__(self, path: str | os.PathLike[str], spec: dict[str, Any], resume: bool = False) -> None:
        self.path = Path(path)
        self.spec = spec
        self.parts_dir = self.path.with_name(self.path.name + ".parts")
        manifest = self.parts_dir / _MANIFEST
        key = fingerprint(spec)
        if self.parts_dir.exists():
            try:
                old = json.loads(manifest.read_text())
            except (OSError, ValueError):
                old = {}
            if not resume:
                raise InputError.single(
                    str(self.path),
                    f"an interrupted sweep left {self.parts_dir}: continue it with --resume, or delete it",
                )
            if old.get("fingerprint") != key:
                raise InputError.single(
                    str(self.path),
                    f"{self.parts_dir} holds a sweep with other settings (scenario, samples, seed, method or "
                    "analyses): run it with those, or delete the folder to start again",
                )
        else:
            try:
                self.parts_dir.mkdir(parents=True)
            except OSError as err:
                raise InputError.single(str(self.path), f"cannot write: {err.strerror or err}") from None
            atomic_write(
                manifest,
                json.dumps({"fingerprint": key, "spec": spec}, sort_keys=True, indent=1, default=str),
            )

    def _parts(self) -> list[tuple[int, int, Path]]:
        out = []
        for p in self.parts_dir.glob("*.parquet"):
            a, _, b = p.stem.partition("-")
            if a.isdigit() and b.isdigit():
                out.append((int(a), int(b), p))
        return sorted(out)

    def done(self) -> list[tuple[int, int]]:
        """Sample ranges already written."""
        return [(a, b) for a, b, _ in self._parts()]

    def write(self, start: int, stop: int, table: pa.Table) -> None:
        """Write one finished chunk (atomically: a killed write leaves no part)."""
        with atomic_path(self.parts_dir / f"{start:012d}-{stop:012d}.parquet") as tmp:
            pq.write_table(table, tmp, **_WRITE)

    def _batches(self) -> Iterator[pa.Table]:
        """Every row of every part, in sample order, cut into tables of exactly ROW_GROUP_ROWS rows."""
        buffer: list[pa.Table] = []
        held = 0
        for _, _, p in self._parts():
            t = pq.read_table(p, schema=SCHEMA)
            buffer.append(t)
            held += t.num_rows
            while held >= ROW_GROUP_ROWS:
                whole = pa.concat_tables(buffer)
                yield whole.slice(0, ROW_GROUP_ROWS)
                rest = whole.slice(ROW_GROUP_ROWS)
                buffer, held = [rest], rest.num_rows
        if held:
            yield pa.concat_tables(buffer)

    def finish(self) -> Path:
        """Merge the parts into the final file (atomically), then remove them."""
        meta = {b"accord.sweep": json.dumps(self.spec, sort_keys=True, default=str).encode()}
        schema = SCHEMA.with_metadata(meta)
        with atomic_path(self.path) as tmp:
            with pq.ParquetWriter(tmp, schema, **_WRITE) as writer:
                for t in self._batches():
                    # One row group per batch: unify each column's dictionary chunks first, so that the
                    # dictionary written does not depend on how the rows were split into parts.
                    writer.write_table(t.unify_dictionaries().combine_chunks(), row_group_size=ROW_GROUP_ROWS)
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        return self.path


def inputs_path(path: str | os.PathLike[str]) -> Path:
    """Where a sweep's inputs go: ``OUT.inputs.parquet`` beside ``OUT.parquet``."""
    p = Path(path)
    return p.with_name(p.name.removesuffix(".parquet") + ".inputs.parquet")


def write_inputs(
    path: str | os.PathLike[str], names: list[str], labels: list[tuple[str, ...]], values: Any
) -> Path:
    """Write a design's inputs as a wide table: ``sample``, then one column per input (atomically).

    Parameters
    ----------
    path : path-like
    names : list of str
        The inputs' parameter paths (column names).
    labels : list of tuple of str
        Per input, the names of a categorical one's choices (its column holds them as text); empty for
        numbers.
    values : ndarray, shape (n_samples, n_inputs)
    """
    cols: dict[str, pa.Array] = {"sample": pa.array(range(values.shape[0]), type=pa.int64())}
    for k, name in enumerate(names):
        col = values[:, k]
        if labels[k]:
            codes = pa.array(col.astype("int32"))
            cols[name] = pa.DictionaryArray.from_arrays(codes, pa.array(labels[k])).cast(pa.string())
        else:
            cols[name] = pa.array(col, type=pa.float64())
    with atomic_path(Path(path)) as tmp:
        pq.write_table(pa.table(cols), tmp, **_WRITE)
    return Path(path)


def read_table(path: str | os.PathLike[str]) -> pa.Table:
    """A sweep's table from its Parquet file (an InputError naming the file when it is not one)."""
    try:
        return pq.read_table(path, schema=SCHEMA)
    except (OSError, pa.ArrowInvalid) as err:
        raise InputError.single(str(path), f"not a sweep table: {err}") from None
