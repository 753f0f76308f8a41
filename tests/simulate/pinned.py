"""Runs whose every result field is pinned (``data/round_by_round.json``), and their digest.

The cases cover the round-by-round path the engine's speed-ups must leave unchanged: every pair of party
strategies on a random 10^3-package space, three- and four-party tables with deadlines and a non-signatory,
both mediators, partial agreements on a separable issue, and the flagship scenario (tracks, partial deals,
deadlines, reactive strategies) under several seeds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from accord.deals import DealSpace
from accord.simulate import Negotiation, SimulationResult

from .conftest import separable_scenario

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
PINS = Path(__file__).parent / "data" / "round_by_round.json"
PARTY = [
    "anchor-and-cede",
    "boulware",
    "conceder",
    "deadline-driven",
    "hardliner",
    "linear",
    "staller",
    "tit-for-tat",
]


def random_space(n_issues: int, n_options: int, n_actors: int, seed: int = 0) -> DealSpace:
    """Random additive space with opposed interests (as ``benchmarks/bench_simulate.py`` builds)."""
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_issues):
        v = rng.random((n_actors, n_options))
        v[1::2] = 1.0 - v[0::2][: v[1::2].shape[0]]
        values.append(v)
    return DealSpace(
        issues=tuple(f"issue{k}" for k in range(n_issues)),
        options=tuple(tuple(f"o{j}" for j in range(n_options)) for _ in range(n_issues)),
        actors=tuple(f"agent{i}" for i in range(n_actors)),
        weights=rng.dirichlet(np.ones(n_issues), size=n_actors),
        values=tuple(values),
        disagreement=np.full(n_actors, 0.2),
    )


#: Fields added to SimulationResult after the pins were taken (issue 9): left out of the digest, so that
#: a pin changes only where the run does.
LATER_FIELDS = frozenset({"clocks", "partial_parties"})


def digest(res: SimulationResult) -> str:
    """sha256 of every field of a result (arrays by dtype, shape and bytes)."""
    h = hashlib.sha256()

    def feed(x: Any) -> None:
        if isinstance(x, np.ndarray):
            h.update(f"{x.dtype}{x.shape}".encode())
            h.update(np.ascontiguousarray(x).tobytes())
        elif isinstance(x, dict):
            for k in sorted(x):
                h.update(repr(k).encode())
                feed(x[k])
        elif isinstance(x, list | tuple):
            h.update(f"{type(x).__name__}{len(x)}".encode())
            for v in x:
                feed(v)
        else:
            h.update(repr(x).encode())

    for name in sorted(res.__dataclass_fields__):
        if name in LATER_FIELDS:
            continue
        h.update(name.encode())
        feed(getattr(res, name))
    return h.hexdigest()


def cases() -> Iterator[tuple[str, Negotiation]]:
    """(case id, a fresh negotiation) for every pinned run, round by round."""
    two = random_space(3, 10, 2)
    for a, b in itertools.product(PARTY, PARTY):
        yield (
            f"pair:{a}:{b}",
            Negotiation(two, {"agent0": a, "agent1": b}, n_rounds=300, patience=300, batch=False),
        )
    for a, b in (("boulware", "tit-for-tat"), ("tit-for-tat", "conceder"), ("staller", "linear")):
        yield (
            f"pair-deadline:{a}:{b}",
            Negotiation(
                two,
                {"agent0": a, "agent1": b},
                n_rounds=400,
                patience=400,
                deadlines={"agent1": 150},
                batch=False,
            ),
        )
    three = random_space(4, 5, 3, seed=2)
    for k, combo in enumerate(itertools.permutations(["tit-for-tat", "boulware", "anchor-and-cede"])):
        table = {f"agent{i}": s for i, s in enumerate(combo)}
        yield (
            f"three:{k}",
            Negotiation(
                three, table, n_rounds=120, patience=120, seed=k, deadlines={"agent2": 90}, batch=False
            ),
        )
    four = random_space(3, 6, 4, seed=3)
    table4 = {"agent0": "conceder", "agent1": "tit-for-tat", "agent2": "staller", "agent3": "linear"}
    yield (
        "four:non-signatory",
        Negotiation(
            four,
            table4,
            n_rounds=80,
            patience=80,
            signatories=["agent0", "agent1", "agent2"],
            batch=False,
        ),
    )
    small = random_space(2, 4, 2, seed=4)
    for mediator in ("mediator-nash", "mediator-split"):
        yield (
            f"single-text:{mediator}",
            Negotiation(
                small, {"agent0": "boulware", "agent1": "tit-for-tat"}, protocol="single-text",
                mediator=mediator, n_rounds=40, patience=40, batch=False,
            ),
        )  # fmt: skip
    sep = separable_scenario()
    for a, b in itertools.product(["anchor-and-cede", "tit-for-tat", "conceder", "staller"], repeat=2):
        yield (
            f"separable:{a}:{b}",
            Negotiation.from_scenario(sep, {"a": a, "b": b}, n_rounds=30, patience=30, batch=False),
        )
    from accord.scenario import load_scenario

    flagship = load_scenario(FLAGSHIP)
    for seed in range(4):
        yield f"flagship:default:{seed}", Negotiation.from_scenario(flagship, seed=seed, batch=False)
    actors = flagship.actor_ids
    for k, strategy in enumerate(["tit-for-tat", "staller", "boulware"]):
        table = {a: strategy if i % 2 == 0 else "conceder" for i, a in enumerate(actors)}
        yield f"flagship:{strategy}", Negotiation.from_scenario(flagship, table, seed=k, batch=False)


def record() -> dict[str, str]:
    """Every case's digest (writes nothing)."""
    return {name: digest(neg.run()) for name, neg in cases()}


if __name__ == "__main__":  # regenerate: python -m tests.simulate.pinned (only when a change is intended)
    PINS.parent.mkdir(exist_ok=True)
    PINS.write_text(json.dumps(record(), indent=1, sort_keys=True) + "\n")
