"""Documented limits on the work a user can ask for, so no command runs unbounded.

Each limit is checked before the work starts; going over it is a :class:`~accord.errors.LimitError`
(exit code 3) that names the option asked for and the option that raises the limit.

=================  ==========  ==================================================================
limit              default     raised with
=================  ==========  ==================================================================
rounds             10,000      ``--max-rounds`` (simulate, tournament, outlook, analyze)
runs               1,000,000   ``--max-runs`` (tournament: assignments x seeds; outlook: --runs)
bootstrap draws    100,000     ``--n-boot`` is itself capped (backtest)
scenario file      20 MB       ``--max-size``
=================  ==========  ==================================================================

A round is a week by default, so 10,000 rounds is about two centuries of talks; the trace a simulation
keeps grows with the rounds played, which is why the horizon is bounded.
"""

from __future__ import annotations

from .errors import LimitError

__all__ = ["MAX_ROUNDS", "MAX_RUNS", "MAX_BOOT", "check"]

MAX_ROUNDS = 10_000
MAX_RUNS = 1_000_000
MAX_BOOT = 100_000


def check(value: int, limit: int, option: str, knob: str, what: str) -> None:
    """Raise a :class:`LimitError` when ``value`` is above ``limit``.

    Parameters
    ----------
    value, limit : int
    option : str
        The option the user gave (``--rounds``).
    knob : str
        The option that raises the limit (``--max-rounds``).
    what : str
        The unit, plural ("rounds").
    """
    if value > limit:
        raise LimitError(f"{option} asks for {value:,} {what}, above the limit of {limit:,}", knob)
