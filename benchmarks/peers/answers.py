"""Do accord and the peer give the same answer? Each function returns the differences found (empty: same).

Deal spaces: the same Pareto-frontier size, and accord's Nash package among the peer's Nash points
(NegMAS returns every point within 1e-12 of the best product; accord picks the lowest package index among
ties) with the same utilities up to :data:`UTILITY_TOL` (the tools add the weighted evaluations in
different orders, so the last bits may differ). Games: both agree, in the same round, on the same
package with the same utilities, or both end without agreement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["compare_deals", "compare_games", "compare_repeats", "UTILITY_TOL"]

#: Utilities computed by the two tools from the same doubles may differ by rounding only.
UTILITY_TOL = 1e-9


def _close(a: Sequence[float], b: Sequence[float]) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=0.0, abs_tol=UTILITY_TOL) for x, y in zip(a, b, strict=False)
    )


def _fmt(package: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in package.items()) + "}"


def compare_deals(ours: dict[str, Any], peer: dict[str, Any], peer_name: str = "peer") -> list[str]:
    """Differences between two deal-space answers (``pareto_size``, ``nash`` lists of points)."""
    diffs = []
    if ours.get("pareto_size") != peer.get("pareto_size"):
        diffs.append(f"Pareto size: accord {ours.get('pareto_size')}, {peer_name} {peer.get('pareto_size')}")
    ours_nash, peer_nash = ours.get("nash") or [], peer.get("nash") or []
    if not ours_nash or not peer_nash:
        if bool(ours_nash) != bool(peer_nash):
            diffs.append(f"Nash point: accord {len(ours_nash)} point(s), {peer_name} {len(peer_nash)}")
        return diffs
    mine = ours_nash[0]
    same = [p for p in peer_nash if p["package"] == mine["package"]]
    if not same:
        diffs.append(
            f"Nash package: accord {_fmt(mine['package'])}, {peer_name} "
            + " or ".join(_fmt(p["package"]) for p in peer_nash)
        )
    elif not _close(mine["utilities"], same[0]["utilities"]):
        diffs.append(f"Nash utilities: accord {mine['utilities']}, {peer_name} {same[0]['utilities']}")
    return diffs


def compare_games(ours: dict[str, Any], peer: dict[str, Any], peer_name: str = "peer") -> list[str]:
    """Differences between two game answers (``agreement``: round, package, utilities, or None)."""
    a, b = ours.get("agreement"), peer.get("agreement")
    if a is None or b is None:
        one = a if a is not None else b
        if one is None:
            return []
        who = "accord" if a is not None else peer_name
        return [f"agreement: only {who} agreed ({_fmt(one['package'])} in round {one['round']})"]
    diffs = []
    if a["round"] != b["round"]:
        diffs.append(f"agreement round: accord {a['round']}, {peer_name} {b['round']}")
    if a["package"] != b["package"]:
        diffs.append(f"agreed package: accord {_fmt(a['package'])}, {peer_name} {_fmt(b['package'])}")
    elif not _close(a["utilities"], b["utilities"]):
        diffs.append(f"agreed utilities: accord {a['utilities']}, {peer_name} {b['utilities']}")
    return diffs


def compare_repeats(answers: Sequence[dict[str, Any]], tool: str) -> list[str]:
    """Differences between repeats of one tool (its answer, timings aside, must not change)."""
    strip = [{k: v for k, v in a.items() if k != "timings"} for a in answers]
    return [f"{tool}: repeat {i + 1} differs from repeat 1" for i, a in enumerate(strip) if a != strip[0]]
