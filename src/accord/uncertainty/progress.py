"""A sweep's progress bar on stderr: samples done, samples per second, time left (rich).

The bar is drawn only on a terminal (or when forced), so a ``--json`` document on stdout, a pipe or a log
stays clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["sweep_progress"]


@contextmanager
def sweep_progress(
    description: str, total: int, *, done: int = 0, enabled: bool | None = None
) -> Iterator[Callable[[int], None]]:
    """A callback ``advance(n_samples)`` that moves a bar on stderr.

    Parameters
    ----------
    description : str
    total : int
        Samples in the sweep.
    done : int
        Samples already done (a resumed sweep starts there).
    enabled : bool, optional
        Force the bar on or off (default: on when stderr is a terminal).
    """
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} samples/s"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        # Forced on (--progress) it draws even where stderr is not a terminal (a log, a CI console).
        console=Console(stderr=True, force_terminal=True if enabled else None),
        transient=True,
    )
    task = bar.add_task(description, total=total, completed=done, rate="-")

    def advance(n: int) -> None:
        bar.advance(task, n)
        speed = bar.tasks[0].speed
        bar.update(task, rate="-" if speed is None else f"{speed:,.0f}")

    bar.start()
    try:
        yield advance
    finally:
        bar.stop()
