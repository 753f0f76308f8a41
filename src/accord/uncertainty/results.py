"""The typed results of the uncertainty analyses: ``sweep``, ``sensitivity`` and ``uncertainty`` documents.

Each is a frozen dataclass under :class:`accord.analysis.results.Document`, so ``to_dict()`` leads with
``schema_version`` and ``kind``, ``from_dict()`` reads it back and ``json_schema()`` is derived from the
type hints. Undefined numbers are None (never NaN), so a document equals its JSON round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..analysis.results import Document, ForecastSpread, Spread, UncertaintySummary

__all__ = [
    "ParameterRecord",
    "Spread",
    "ForecastSpread",
    "OpeningShare",
    "AgreementCurve",
    "SweepReport",
    "SobolRow",
    "TornadoRow",
    "SensitivityReport",
    "UncertaintySummary",
]


@dataclass(frozen=True)
class ParameterRecord:
    """An uncertain input: its path, its distribution in words, where it comes from, its stated value.

    ``origin`` is ``written`` (the scenario's uncertainty section) or ``confidence: <level>`` (a default
    spread).
    """

    path: str
    distribution: str
    origin: str
    nominal: float | str | None


@dataclass(frozen=True)
class OpeningShare:
    """A package that is the cheapest to open in some samples: how often, and at what mean cost."""

    package: str
    probability: float
    mean_cost: float


@dataclass(frozen=True)
class AgreementCurve:
    """The probability that ``subject`` (an issue, or ``all`` for a full agreement) is settled by each round.

    ``by_round[r - 1]`` is P(settled by round r), for r = 1 .. n_rounds; ``settled`` is that share at the
    horizon.
    """

    subject: str
    by_round: tuple[float, ...]
    settled: float


@dataclass(frozen=True)
class SweepReport(Document):
    """``accord sweep``: what was uncertain, how it was sampled, and the distributions of the outcomes.

    ``file`` is the Parquet table (one row per sample x output) when one was written. ``round_dates``
    give the date each round ends on (from the scenario's ``as_of`` and round length) when it has a date.
    """

    kind: ClassVar[str] = "sweep"
    title: str
    file: str | None
    seed: int
    method: str
    n_samples: int
    n_rows: int
    analyses: tuple[str, ...]
    models: tuple[str, ...]
    default_spread: bool
    parameters: tuple[ParameterRecord, ...]
    forecasts: tuple[ForecastSpread, ...]
    p_zopa: float | None
    opening_cost: Spread | None
    openings: tuple[OpeningShare, ...]
    agreement: tuple[AgreementCurve, ...]
    round_dates: tuple[str, ...] | None
    outcomes: dict[str, float]
    utilities: dict[str, Spread]
    failures: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SobolRow:
    """One input's Sobol' indices: first order (its effect alone) and total (with every interaction)."""

    rank: int
    parameter: str
    s1: float | None
    s1_conf: float | None
    st: float | None
    st_conf: float | None


@dataclass(frozen=True)
class TornadoRow:
    """One input moved alone from its low to its high value (others as stated), and the output it gives."""

    rank: int
    parameter: str
    low: float | str | None
    high: float | str | None
    output_low: float | None
    output_high: float | None
    swing: float | None


@dataclass(frozen=True)
class SensitivityReport(Document):
    """``accord sensitivity``: which inputs move one output most, ranked.

    ``output`` is an issue (forecast by ``model``) or a metric of ``analysis``; ``sobol`` or ``tornado``
    holds the ranked rows of the method run. ``mean`` and ``sd`` describe the output over the design;
    ``nominal`` is its value with every input as stated.
    """

    kind: ClassVar[str] = "sensitivity"
    title: str
    output: str
    analysis: str
    model: str | None
    method: str
    seed: int
    n_samples: int
    n_evaluations: int
    n_parameters: int
    default_spread: bool
    mean: float | None
    sd: float | None
    nominal: float | None
    sobol: tuple[SobolRow, ...]
    tornado: tuple[TornadoRow, ...]
    notes: tuple[str, ...] = ()
