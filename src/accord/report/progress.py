"""Progress bars for long work, on stderr only (never mixed into a --json document on stdout).

A bar appears only when stderr is a terminal and the work is still running after ``delay`` seconds, so
short commands, pipes and logs stay clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["progress"]


@contextmanager
def progress(
    description: str, total: int | None = None, *, delay: float = 2.0, enabled: bool | None = None
) -> Iterator[Callable[..., None]]:
    """A callback ``advance(n=1, total=None)`` that moves a rich progress bar on stderr.

    Parameters
    ----------
    description : str
    total : int or None
        Units of work (None: unknown until ``advance`` is given ``total``).
    delay : float
        Seconds before the bar is shown.
    enabled : bool, optional
        Force the bar on or off (default: on when stderr is a terminal).
    """
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:

        def ignore(n: int = 1, total: int | None = None) -> None:
            return None

        yield ignore
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

    start = time.monotonic()
    state: dict[str, Any] = {"bar": None, "task": None, "done": 0, "total": total}

    def advance(n: int = 1, total: int | None = None) -> None:
        state["done"] += n
        if total is not None:
            state["total"] = total
        if state["bar"] is None and time.monotonic() - start >= delay:
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(description, total=state["total"])
        if state["bar"] is not None:
            state["bar"].update(state["task"], completed=state["done"], total=state["total"])

    try:
        yield advance
    finally:
        if state["bar"] is not None:
            state["bar"].stop()
