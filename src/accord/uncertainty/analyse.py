"""Step 3 of 3, analyse: distributions and probabilities from a sweep's tidy table.

Everything here reads a tidy table (:mod:`accord.uncertainty.tidy`), from memory or from a Parquet file,
so a table written yesterday, or filtered in DuckDB, is analysed the same way:

* per issue and model, the forecast's mean, spread and quantiles, and how often it lands nearest each
  labelled option (:func:`forecast_spreads`);
* the probability that a zone of agreement exists, the opening cost's distribution and the probability
  of each package being the cheapest opening (:func:`deal_summary`);
* the probability that each issue (and a full agreement) is settled by each round (:func:`agreement_curves`);
* the simulated outcomes' shares and each actor's utility (:func:`simulation_summary`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from .results import AgreementCurve, ForecastSpread, OpeningShare, Spread
from .tidy import OutputKey

__all__ = [
    "Columns",
    "spread",
    "forecast_spreads",
    "deal_summary",
    "agreement_curves",
    "simulation_summary",
    "failures",
]

FloatArray = NDArray[np.float64]


def _codes(col: pa.ChunkedArray) -> tuple[NDArray[np.int64], list[str]]:
    arr = col.combine_chunks()
    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr)
    idx = pc.fill_null(arr.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return idx, [str(x) for x in arr.dictionary.to_pylist()]


@dataclass(frozen=True)
class Columns:
    """A tidy table grouped by output: each output's values (and labels) in sample order."""

    table: pa.Table

    @cached_property
    def _groups(self) -> dict[OutputKey, NDArray[np.int64]]:
        t = self.table
        if t.num_rows == 0:
            return {}
        (a, da), (m, dm), (o, do) = (_codes(t.column(c)) for c in ("analysis", "model", "output"))
        key = (a * (len(dm) + 1) + (m + 1)) * max(len(do), 1) + o

        def name(r: int) -> OutputKey:
            return (da[a[r]], None if m[r] < 0 else dm[m[r]], do[o[r]])

        # A sweep's own table repeats one pattern of outputs per sample: then output j is every
        # period-th row from row j, with no sort (4 million rows: 5 ms instead of 300).
        period = self._period(key)
        if period:
            return {name(j): np.arange(j, len(key), period) for j in range(period)}
        order = np.argsort(key, kind="stable")  # stable: sample order within each output
        ks = key[order]
        starts = np.flatnonzero(np.concatenate([[True], ks[1:] != ks[:-1]]))
        bounds = np.append(starts, len(ks))
        out = {}
        for s, e in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            out[name(int(order[s]))] = order[s:e]
        return out

    def _period(self, key: NDArray[np.int64]) -> int:
        """Rows per sample when every sample has the same outputs in the same order; else 0."""
        sample = self._sample
        change = np.flatnonzero(sample[1:] != sample[:-1])
        period = int(change[0]) + 1 if len(change) else len(key)
        if len(key) % period or len(np.unique(key[:period])) != period:
            return 0
        rows = key.reshape(-1, period)
        samples = sample.reshape(-1, period)
        regular = (rows == rows[0]).all() and (samples == samples[:, :1]).all()
        return period if regular else 0

    @cached_property
    def _value(self) -> FloatArray:
        return np.asarray(self.table.column("value").to_numpy(), dtype=float)

    @cached_property
    def _sample(self) -> NDArray[np.int64]:
        return np.asarray(self.table.column("sample").to_numpy(), dtype=np.int64)

    def keys(self) -> list[OutputKey]:
        """Every output in the table."""
        return list(self._groups)

    def has(self, key: OutputKey) -> bool:
        """Whether the table holds ``key``."""
        return key in self._groups

    def values(self, key: OutputKey) -> FloatArray:
        """The values of one output, in sample order."""
        return self._value[self._groups[key]]

    def samples(self, key: OutputKey) -> NDArray[np.int64]:
        """The sample numbers of one output's rows."""
        return self._sample[self._groups[key]]

    def labels(self, key: OutputKey) -> list[str | None]:
        """The labels of one output, in sample order."""
        rows = pa.array(self._groups[key])
        return list(self.table.column("label").take(rows).to_pylist())

    @cached_property
    def n_samples(self) -> int:
        """Distinct samples in the table."""
        return int(len(np.unique(self._sample))) if self.table.num_rows else 0


def spread(x: FloatArray) -> Spread:
    """Mean, standard deviation and quantiles of the finite values of ``x``."""
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    if not len(x):
        return Spread(0, None, None, None, None, None, None, None)
    if np.ptp(x) == 0:  # a constant: exact (the mean of a pairwise sum, and its sd, would round)
        c = float(x[0])
        return Spread(len(x), c, 0.0, c, c, c, c, c)
    q = np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95])
    sd = float(np.std(x, ddof=1)) if len(x) > 1 else 0.0
    return Spread(len(x), float(np.mean(x)), sd, *(float(v) for v in q))


def _nearest(x: FloatArray, values: Sequence[float]) -> NDArray[np.int64]:
    """Index of the nearest of ``values`` (ascending; ties go to the lower, as Issue.nearest_option)."""
    v = np.asarray(values, dtype=float)
    return np.asarray(np.argmin(np.abs(x[:, None] - v[None, :]), axis=1), dtype=np.int64)


def failures(cols: Columns) -> dict[str, int]:
    """Failed samples per analysis (and model): ``forecast/eum``, ``deals``, ``simulate``."""
    out = {}
    for a, m, o in cols.keys():
        if o == "error" and a != "input":
            n = int(np.nansum(cols.values((a, m, o)) > 0))
            if n:
                out[a if m is None else f"{a}/{m}"] = n
    return out


def forecast_spreads(
    cols: Columns, options: Mapping[str, Sequence[tuple[str, float]]]
) -> list[ForecastSpread]:
    """Per model and issue, the forecast's distribution and the share of samples nearest each option.

    Parameters
    ----------
    cols : Columns
    options : mapping of issue id to (option id, value) pairs
        The issues' labelled options, in increasing order of value.
    """
    out = []
    for a, m, issue in cols.keys():
        if a != "forecast" or issue == "error" or m is None:
            continue
        x = cols.values((a, m, issue))
        ok = x[np.isfinite(x)]
        shares: dict[str, float] = {}
        opts = options.get(issue, ())
        if opts and len(ok):
            counts = np.bincount(_nearest(ok, [v for _, v in opts]), minlength=len(opts))
            shares = {oid: float(c) / len(ok) for (oid, _), c in zip(opts, counts, strict=True) if c}
        out.append(ForecastSpread(m, issue, spread(x), shares, int(len(x) - len(ok))))
    return out


def deal_summary(cols: Columns, top: int = 10) -> tuple[float | None, Spread | None, list[OpeningShare]]:
    """P(a zone of agreement exists), the opening cost's spread, and the cheapest openings' shares."""
    key = ("deals", None, "zopa")
    if not cols.has(key):
        return None, None, []
    zopa = cols.values(key)
    ok = np.isfinite(zopa)
    if not ok.any():
        return None, None, []
    cost = cols.values(("deals", None, "opening_cost"))
    labels = cols.labels(("deals", None, "opening"))
    per: dict[str, list[float]] = {}
    for lab, c, good in zip(labels, cost.tolist(), ok.tolist(), strict=True):
        if good and lab is not None:
            per.setdefault(lab, []).append(c)
    n = int(ok.sum())
    shares = [OpeningShare(lab, len(cs) / n, float(np.mean(cs))) for lab, cs in per.items()]
    shares.sort(key=lambda s: (-s.probability, s.mean_cost, s.package))
    return float(np.mean(zopa[ok])), spread(cost[ok]), shares[:top]


def agreement_curves(cols: Columns, n_rounds: int) -> list[AgreementCurve]:
    """P(settled by round r) for a full agreement (``all``) and each issue, r = 1 .. n_rounds."""
    out = []
    rounds = np.arange(1, n_rounds + 1)
    for a, _, o in cols.keys():
        if a != "outlook":
            continue
        subject = "all" if o == "agreement_round" else o.split(":", 1)[1]
        x = cols.values((a, None, o))
        if not len(x):
            continue
        # NaN (never settled) compares False: it counts as not settled by any round.
        with np.errstate(invalid="ignore"):
            by = (x[None, :] <= rounds[:, None]).mean(axis=1)
        out.append(AgreementCurve(subject, tuple(float(v) for v in by), float(np.isfinite(x).mean())))
    out.sort(key=lambda c: (c.subject != "all",))
    return out


def simulation_summary(cols: Columns) -> tuple[dict[str, float], dict[str, Spread]]:
    """Shares of each simulated outcome, and each actor's utility distribution."""
    key = ("simulate", None, "outcome")
    if not cols.has(key):
        return {}, {}
    labels = [lab for lab in cols.labels(key) if lab is not None]
    outcomes = {lab: labels.count(lab) / len(labels) for lab in sorted(set(labels))} if labels else {}
    utilities = {
        o.split(":", 1)[1]: spread(cols.values((a, m, o)))
        for a, m, o in cols.keys()
        if a == "simulate" and o.startswith("utility:")
    }
    return outcomes, utilities
