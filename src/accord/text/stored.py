"""Evidence kept in the store: statements stored with a scenario, the changes they propose, applying them.

What ``accord extract --into ID`` and the web app's Evidence tab share. Statements are stored as the
scenario's evidence (:meth:`accord.store.Store.add_evidence`, one transaction); the proposal is
:func:`~accord.text.propose.propose` over every stored statement not dismissed, against the current
version (those the scenario already cites propose nothing again); applying chosen items saves a new
version through the store, validated first, as ``accord apply`` writes a file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import InputError
from .propose import apply_items, propose
from .results import ApplyReport, Extraction, ScenarioDiff, Statement

if TYPE_CHECKING:
    from ..store import EvidenceRecord, ScenarioRecord, Store

__all__ = ["store_statements", "stored_diff", "apply_stored", "Proposal", "StaleProposal"]


class StaleProposal(InputError):
    """The proposal items were chosen from is no longer the current one: nothing is applied.

    A version was saved or evidence stored since, so its item ids may now name other changes.
    """


def store_statements(store: Store, scenario_id: int, extraction: Extraction) -> list[int]:
    """Store an extraction's statements as the scenario's evidence; their ids, in order."""
    return store.add_evidence(scenario_id, [dict(s) for s in extraction.to_dict()["statements"]])


class Proposal(NamedTuple):
    """What a scenario's stored evidence proposes: the version, the evidence, the diff and its basis.

    ``basis`` (the version and the stored statements with their dismissals) names the proposal: its
    item ids (d1, d2, ...) mean the same changes while it is unchanged, which :func:`apply_stored` checks.
    """

    record: ScenarioRecord
    evidence: list[EvidenceRecord]
    diff: ScenarioDiff
    basis: str


def stored_diff(store: Store, scenario_id: int, *, min_confidence: float = 0.5) -> Proposal:
    """The diff a scenario's stored evidence proposes against its current version, and its basis.

    Dismissed statements propose nothing.
    """
    rec = store.get_scenario(scenario_id, parse=True)
    records = store.evidence(scenario_id)
    statements = tuple(_statement(r.statement) for r in records if not r.dismissed)
    label = f"{rec.name} v{rec.current_version}"
    stored = Extraction(statements, (), label, 0, 0)
    seen = ",".join(f"{r.id}{'x' if r.dismissed else ''}" for r in records)
    basis = f"v{rec.current_version}-{hashlib.sha256(seen.encode()).hexdigest()[:12]}"
    return Proposal(rec, records, propose(stored, rec.scenario, label, min_confidence=min_confidence), basis)


def apply_stored(
    store: Store, scenario_id: int, only: Sequence[str], *, basis: str, author: str, message: str = ""
) -> tuple[ApplyReport, int]:
    """Apply the chosen items of :func:`stored_diff` as a new version; the report and the version.

    ``basis`` is the proposal's, as the chooser saw it.

    Raises
    ------
    StaleProposal
        When a version was saved, or evidence stored or dismissed, since.
    InputError
        No item chosen, an unknown item, or a changed scenario that does not validate (nothing saved).
    """
    from ..scenario import dumps_scenario

    rec, _, diff, now = stored_diff(store, scenario_id)
    if basis != now:
        raise StaleProposal.single(
            "basis",
            f"the proposal changed since it was read (a version saved, or evidence stored or dismissed; "
            f"now at version {rec.current_version}): reload and choose again",
        )
    if not only:
        raise InputError.single("items", "choose at least one proposed change")
    changed, applied, skipped = apply_items(diff, rec.scenario, diff.scenario, only=only)
    version = rec.current_version
    if applied:
        why = message or f"evidence applied: {', '.join(applied)}"
        version = store.update_scenario(
            scenario_id, dumps_scenario(changed, rec.format), rec.format, author, why
        )
    report = ApplyReport(f"{rec.name} v{version}", applied, skipped, written=bool(applied))
    return report, version


def _statement(row: dict[str, Any]) -> Statement:
    """A stored statement as a :class:`Statement` (rows stored before the CAMEO code was kept have none)."""
    return Statement(**(row | {"flags": tuple(row["flags"]), "cameo": row["cameo"] or ""}))
