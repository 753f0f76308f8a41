"""Evidence kept in the store: statements stored with a scenario, the changes they propose, applying them.

What ``accord extract --into ID`` and the web app's Evidence tab share. Statements are stored as the
scenario's evidence (:meth:`accord.store.Store.add_evidence`, one transaction); the proposal is
:func:`~accord.text.propose.propose` over every stored statement against the current version (those the
scenario already cites propose nothing again); applying chosen items saves a new version through the
store, validated first, as ``accord apply`` writes a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .propose import apply_items, propose
from .results import ApplyReport, Extraction, ScenarioDiff, Statement

if TYPE_CHECKING:
    from ..store import ScenarioRecord, Store

__all__ = ["store_statements", "stored_diff", "apply_stored", "StaleProposal"]


class StaleProposal(InputError):
    """The proposal items were chosen from is no longer the current one: nothing is applied.

    A version was saved or evidence stored since, so its item ids may now name other changes.
    """


def store_statements(store: Store, scenario_id: int, extraction: Extraction) -> list[int]:
    """Store an extraction's statements as the scenario's evidence; their ids, in order."""
    return store.add_evidence(scenario_id, [dict(s) for s in extraction.to_dict()["statements"]])


def stored_diff(
    store: Store, scenario_id: int, *, min_confidence: float = 0.5
) -> tuple[ScenarioRecord, ScenarioDiff, int]:
    """The scenario's current version, the diff its stored evidence proposes, and the evidence's size.

    The diff's item ids (d1, d2, ...) stay the same while neither the version nor the number of stored
    statements changes: :func:`apply_stored` checks both.
    """
    rec = store.get_scenario(scenario_id, parse=True)
    records = store.evidence(scenario_id)
    statements = tuple(_statement(r.statement) for r in records)
    label = f"{rec.name} v{rec.current_version}"
    stored = Extraction(statements, (), label, 0, 0)
    return rec, propose(stored, rec.scenario, label, min_confidence=min_confidence), len(records)


def apply_stored(
    store: Store,
    scenario_id: int,
    only: Sequence[str],
    *,
    base_version: int,
    n_evidence: int,
    author: str,
    message: str = "",
) -> tuple[ApplyReport, int]:
    """Apply the chosen items of :func:`stored_diff` as a new version; the report and the version.

    ``base_version`` and ``n_evidence`` are what the chooser saw.

    Raises
    ------
    StaleProposal
        When a version was saved or evidence stored since.
    InputError
        No item chosen, an unknown item, or a changed scenario that does not validate (nothing saved).
    """
    from ..scenario import dumps_scenario

    rec, diff, n = stored_diff(store, scenario_id)
    if base_version != rec.current_version or n_evidence != n:
        raise StaleProposal.single(
            "base_version",
            f"the scenario is at version {rec.current_version} with {n} stored statement(s), but the "
            f"proposal was made at version {base_version} with {n_evidence}: reload and choose again",
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
