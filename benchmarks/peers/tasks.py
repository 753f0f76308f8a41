"""The side-by-side tasks: which problems, which runner arguments, which recorded figures.

Full run (``--peers``):

* Pareto + Nash on 10^6 outcomes x 4 parties and 10^7 outcomes x 2 parties (seeded random problems);
* Pareto + Nash on the ANAC 2015 ``killer_robot`` domain (5 parties, 240,000 outcomes), as Genius
  evaluates it;
* one alternating-offers game on 10^3 outcomes between two time-based agents (Boulware ``t^4`` against
  Conceder ``t^0.25``; NegMAS's exponents, accord's ``exponent`` = 1/x), 10,000-round horizon, accord
  batched and round by round;
* KTAB's Spatial Model of Politics on KTAB's inputs: accord measured here, KTAB's own C++ ``smpc``
  figures as recorded (it is not on PyPI).

``--quick`` shrinks the problems (10^4 x 4, 10^5 x 2, the 3-party ANAC ``politics`` domain, a 1,000-round
horizon, three KTAB inputs) for a smoke run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, genius_as_evaluated, random_problem, write_genius

__all__ = ["Variant", "Task", "Recorded", "build_tasks", "KTAB_RECORDED", "KTAB_WHERE"]

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ANAC_2015 = SHARED / "data" / "genius" / "anac" / "y2015"
KTAB_DATA = SHARED / "data" / "ktab"

#: Aligned time-based pair: NegMAS aspiration exponents x (``1 - t**x``) and accord's ``1 / x``.
NEGMAS_EXPONENTS = (4.0, 0.25)
ACCORD_EXPONENTS = tuple(1.0 / x for x in NEGMAS_EXPONENTS)

#: Where and when KTAB's figures were measured (they are not re-measured: KTAB is C++ built by hand).
KTAB_WHERE = (
    "KTAB `smpc` (C++, MIT, built from source with Qt), whole process, as recorded in "
    "`shared/reference/peers.md` and `models.md` (a 2-core, 24 GiB Linux machine like CI's; recorded "
    "before 2026-12-02, the exact date was not kept); not re-run here"
)


@dataclass(frozen=True)
class Recorded:
    """A peer figure that is not re-measured: seconds (None: ran longer than ``over``) and its source."""

    seconds: float | None
    over: float | None = None
    text: str = ""

    def __str__(self) -> str:
        """The figure as recorded (``> 900`` for a run stopped before it ended)."""
        if self.seconds is None:
            return f"> {self.over:g}"
        return self.text or f"{self.seconds:g}"


#: KTAB smpc wall times (seconds) on KTAB's own inputs (shared/reference/peers.md).
KTAB_RECORDED: dict[str, Recorded] = {
    "dummyData_3Dim.csv": Recorded(0.05, text="0.05"),
    "SOE-Policy.csv": Recorded(1.4, text="1.4"),
    "SOE-Competitive.csv": Recorded(6.0, text="6.0"),
    "dummyData-a040.csv": Recorded(5.6, text="5.6"),
    "dummyData-a080.csv": Recorded(53.7, text="53.7"),
    "dummyData-a160.csv": Recorded(None, over=900.0),
}


@dataclass(frozen=True)
class Variant:
    """One accord row of a task: its label and the runner's arguments."""

    label: str
    argv: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    """A problem both tools solve (or accord solves beside a recorded peer figure).

    ``variants`` are accord's rows (each compared with the one peer run), ``peer_argv`` the NegMAS
    runner's arguments (None for a recorded peer), ``size`` what the table shows as the problem size.
    """

    key: str
    kind: str
    title: str
    size: str
    note: str
    variants: tuple[Variant, ...]
    peer: str
    peer_argv: tuple[str, ...] | None = None
    recorded: Recorded | None = None
    problem: Problem | None = field(default=None, repr=False)


def _deals_task(key: str, title: str, problem: Problem, folder: Path) -> Task:
    n = len(problem.parties)
    return Task(
        key=key,
        kind="deals",
        title=title,
        size=f"{problem.n_outcomes:,} x {n}",
        note=problem.note,
        variants=(Variant("accord", ("deals", str(folder))),),
        peer="NegMAS",
        peer_argv=("deals", str(folder)),
        problem=problem,
    )


def build_tasks(workdir: Path, *, quick: bool = False, log=print) -> list[Task]:
    """Generate every problem once into ``workdir`` (Genius XML folders) and describe the tasks.

    Parameters
    ----------
    workdir : Path
        Where the problem folders are written.
    quick : bool
        The small smoke-run set.
    log : callable
        Progress and skip messages.
    """
    tasks = []
    big4 = random_problem("random-4p", 4 if quick else 6, 10, 4, seed=1)
    big2 = random_problem("random-2p", 5 if quick else 7, 10, 2, seed=2)
    for key, prob in (("deals-4p", big4), ("deals-2p", big2)):
        exp = len(prob.issues)
        title = f"Pareto + Nash, 10^{exp} outcomes x {len(prob.parties)} parties"
        tasks.append(_deals_task(key, title, prob, write_genius(prob, workdir)))
    anac = ANAC_2015 / ("group2-politics" if quick else "group9-killer_robot")
    if anac.is_dir():
        prob = genius_as_evaluated(anac, anac.name.split("-", 1)[1])
        title = f"Pareto + Nash, ANAC 2015 {anac.name.split('-', 1)[1]}"
        tasks.append(_deals_task("deals-anac", title, prob, write_genius(prob, workdir)))
    else:
        log(f"skipped the ANAC domain: {anac} is absent (../shared beside the checkout)")

    game = random_problem("game-2p", 3, 10, 2, seed=3, opposed=True)
    folder = write_genius(game, workdir)
    rounds = 1_000 if quick else 10_000
    common = ("game", str(folder), "--rounds", str(rounds))
    acc = ("--exponents", ",".join(repr(e) for e in ACCORD_EXPONENTS))
    tasks.append(
        Task(
            key="game",
            kind="game",
            title=f"alternating offers, Boulware vs Conceder, {rounds:,}-round horizon",
            size=f"{game.n_outcomes:,} x 2",
            note=game.note,
            variants=(
                Variant("accord (batched)", (*common, *acc)),
                Variant("accord (round by round)", (*common, *acc, "--round-by-round")),
            ),
            peer="NegMAS",
            peer_argv=(*common, "--exponents", ",".join(repr(e) for e in NEGMAS_EXPONENTS)),
            problem=game,
        )
    )

    names = list(KTAB_RECORDED)[:3] if quick else list(KTAB_RECORDED)
    for name in names:
        csv = KTAB_DATA / name
        if not csv.is_file():
            log(f"skipped KTAB input {name}: {csv} is absent")
            continue
        head = csv.read_text(encoding="utf-8", errors="replace").splitlines()[0].split(",")
        n_actors, n_dims = int(head[2]), int(head[3])
        tasks.append(
            Task(
                key=f"smp-{csv.stem}",
                kind="smp",
                title=f"SMP forecast, KTAB `{name}`",
                size=f"{n_actors} actors x {n_dims} dim",
                note="KTAB input (shared/data/ktab)",
                variants=(Variant("accord", ("smp", str(csv))),),
                peer="KTAB smpc (recorded)",
                recorded=KTAB_RECORDED[name],
            )
        )
    return tasks
