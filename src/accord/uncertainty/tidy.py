"""The tidy table of a sweep: one row per sample x output, as an Arrow table (and a Parquet file).

Columns (Wickham 2014, "Tidy data", *J. Stat. Software* 59(10))::

    sample    int64       the row of the design (0, 1, ...)
    analysis  dictionary  forecast | deals | outlook | simulate | function
    model     dictionary  the forecast model (null for the other analyses)
    output    dictionary  an issue id or a metric (zopa, opening_cost, agreement_round, ...)
    value     double      the number (NaN where it is undefined: no agreement, a failed model)
    label     string      the category where the output is one (an option id, a strategy, an opening
                          package, an outcome); null otherwise

Rows are ordered by sample, then by output in a fixed order, so a table's bytes do not depend on how the
samples were split into chunks. ``pandas.read_parquet`` and DuckDB's ``read_parquet`` open it directly.
The sampled inputs go to a wide table beside it (``OUT.inputs.parquet``: ``sample``, then one column per
input), to join on ``sample``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

__all__ = ["OutputKey", "Block", "Layout", "Labels", "SCHEMA"]

#: (analysis, model or None, output).
OutputKey = tuple[str, str | None, str]

_DICT = pa.dictionary(pa.int32(), pa.string())
#: The schema of every sweep table.
SCHEMA = pa.schema(
    [
        ("sample", pa.int64()),
        ("analysis", _DICT),
        ("model", _DICT),
        ("output", _DICT),
        ("value", pa.float64()),
        ("label", pa.string()),
    ]
)


class Labels:
    """The labels of one chunk, numbered as they first appear (codes into :attr:`names`)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._codes: dict[str, int] = {}

    def code(self, label: str) -> int:
        """The code of ``label`` (a new one the first time it is seen)."""
        c = self._codes.get(label)
        if c is None:
            c = self._codes[label] = len(self.names)
            self.names.append(label)
        return c


@dataclass
class Block:
    """What an evaluator returns for a chunk: a wide (samples x outputs) matrix of values and labels.

    ``labels[i, j]`` is a code into ``label_names`` or -1 (no label).
    """

    samples: NDArray[np.int64]
    values: NDArray[np.float64]
    labels: NDArray[np.int32]
    label_names: list[str] = field(default_factory=list)

    @classmethod
    def empty(cls, samples: NDArray[np.int64], n_outputs: int) -> Block:
        """A block of NaN values and no labels."""
        m = len(samples)
        return cls(
            np.asarray(samples, dtype=np.int64),
            np.full((m, n_outputs), np.nan),
            np.full((m, n_outputs), -1, dtype=np.int32),
        )


@dataclass(frozen=True)
class Layout:
    """The fixed order of a sweep's outputs, and their dictionary codes."""

    keys: tuple[OutputKey, ...]

    @cached_property
    def _dictionaries(self) -> tuple[list[str], list[str], list[str]]:
        def uniq(xs: Sequence[str | None]) -> list[str]:
            return list(dict.fromkeys(x for x in xs if x is not None))

        return (
            uniq([k[0] for k in self.keys]),
            uniq([k[1] for k in self.keys]),
            uniq([k[2] for k in self.keys]),
        )

    @cached_property
    def _codes(self) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int32]]:
        a, m, o = self._dictionaries
        ia, im, io = ({x: i for i, x in enumerate(d)} for d in (a, m, o))
        return (
            np.array([ia[k[0]] for k in self.keys], dtype=np.int32),
            np.array([-1 if k[1] is None else im[k[1]] for k in self.keys], dtype=np.int32),
            np.array([io[k[2]] for k in self.keys], dtype=np.int32),
        )

    def index(self, key: OutputKey) -> int:
        """Column of ``key`` in a block."""
        return self.keys.index(key)

    def table(self, block: Block) -> pa.Table:
        """The block as tidy rows (sample-major: every output of sample 0, then of sample 1, ...)."""
        m, n_out = block.values.shape
        if n_out != len(self.keys):
            raise ValueError(f"a block of {n_out} outputs for a layout of {len(self.keys)}")
        dicts, codes = self._dictionaries, self._codes

        def column(c: NDArray[np.int32], d: list[str]) -> pa.Array:
            idx = np.tile(c, m)
            mask = np.tile(c < 0, m) if (c < 0).any() else None
            return pa.DictionaryArray.from_arrays(
                pa.array(idx, type=pa.int32(), mask=mask), pa.array(d, type=pa.string())
            )

        lab = block.labels.ravel()
        if block.label_names:
            labels = pa.DictionaryArray.from_arrays(
                pa.array(lab, type=pa.int32(), mask=lab < 0), pa.array(block.label_names, type=pa.string())
            ).cast(pa.string())
        else:  # the common case (numbers only): no per-row work
            labels = pa.nulls(len(lab), pa.string())
        return pa.Table.from_arrays(
            [
                pa.array(np.repeat(block.samples, n_out), type=pa.int64()),
                column(codes[0], dicts[0]),
                column(codes[1], dicts[1]),
                column(codes[2], dicts[2]),
                pa.array(block.values.ravel(), type=pa.float64()),
                labels,
            ],
            schema=SCHEMA,
        )
