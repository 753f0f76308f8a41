"""The deal space (see :mod:`accord.analysis.results`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...deals.concessions import CheapToCede, Logroll, Opening
from ...deals.solutions import Solution
from .base import Document


# -- the deal space -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParetoPoint:
    """A package on the Pareto frontier and every actor's utility of it."""

    package: dict[str, str]
    utilities: dict[str, float]


@dataclass(frozen=True)
class DealsReport(Document):
    """``accord deals``: which packages the signatories accept, the efficient and fair ones, what opens one.

    ``n_feasible`` is None beyond the enumeration limit when a zone of agreement exists (0 when none
    does), and ``n_acceptable`` beyond it always; ``n_feasible_at_most`` bounds the feasible count (the
    packages within every signatory's red lines and the linked-issue constraints). ``pareto_size`` is None
    when the frontier was too large to build; ``opening`` and ``openings`` are None and empty when a zone
    of agreement exists; ``openings`` lists the cheapest distinct openings, cheapest first (so
    ``openings[0]`` is ``opening``), each with its ``margin`` to the next and the packages it opens
    (``n_opened``, ``n_opened_at_most``); ``constraints`` are the linked-issue constraints honoured;
    ``pareto`` is None unless asked for. ``notes`` say what could not be computed exactly, and why.
    """

    kind: ClassVar[str] = "deals"
    name: str
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    issue_names: dict[str, str]
    option_labels: dict[str, dict[str, str]]
    signatories: tuple[str, ...]
    disagreement: dict[str, float]
    n_packages: int
    n_feasible: int | None
    n_acceptable: dict[str, int] | None
    zopa: bool
    pareto_size: int | None
    solutions: dict[str, Solution | None]
    opening: Opening | None
    cheap_to_cede: tuple[CheapToCede, ...]
    logrolls: tuple[Logroll, ...]
    notes: tuple[str, ...]
    pareto: tuple[ParetoPoint, ...] | None = None
    openings: tuple[Opening, ...] = ()
    n_feasible_at_most: int | None = None
    constraints: tuple[str, ...] = ()
