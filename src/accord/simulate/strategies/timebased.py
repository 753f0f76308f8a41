"""Time-based strategies: Boulware, Linear, Conceder and DeadlineDriven.

Each concedes from its best package towards its reservation value on a schedule of time alone, measured
against its own deadline (Faratin, Sierra & Jennings 1998). They never look at the other side's offers,
so their whole run can be computed in one vectorised pass (the ``time_based`` trait).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from .base import DEFAULT_TRAITS, FloatArray, IntArray, TimeDependent

__all__ = ["Boulware", "Linear", "Conceder", "DeadlineDriven"]


class Boulware(TimeDependent):
    """Holds near its best package and concedes late: ``a(t) = 1 - t ** (1 / e)`` with ``e < 1``.

    References
    ----------
    Faratin, Sierra & Jennings (1998), s. 4.2.1 ("Boulware" for ``beta < 1``).
    """

    name: ClassVar[str] = "Boulware"

    def __init__(self, exponent: float = 0.2) -> None:
        super().__init__(exponent)


class Linear(TimeDependent):
    """Concedes at a constant rate: ``a(t) = 1 - t``.

    References
    ----------
    Faratin, Sierra & Jennings (1998), s. 4.2.1 (``beta = 1``).
    """

    name: ClassVar[str] = "Linear"

    def __init__(self, exponent: float = 1.0) -> None:
        super().__init__(exponent)


class Conceder(TimeDependent):
    """Concedes early: ``a(t) = 1 - t ** (1 / e)`` with ``e > 1``.

    References
    ----------
    Faratin, Sierra & Jennings (1998), s. 4.2.1 ("Conceder" for ``beta > 1``).
    """

    name: ClassVar[str] = "Conceder"

    def __init__(self, exponent: float = 2.0) -> None:
        super().__init__(exponent)


class DeadlineDriven(TimeDependent):
    """Hold the opening until the deadline is ``window`` rounds away, then concede linearly.

    It reaches its reservation value at the deadline: an actor that moves only under deadline pressure.

    ``a(round) = clip((deadline - round) / window, 0, 1)``.

    Parameters
    ----------
    window : int
        Rounds before its deadline in which it concedes (>= 1).

    References
    ----------
    Faratin, Sierra & Jennings (1998), time-dependent tactics with the deadline ``t_max`` as the driver;
    the pressure of an approaching deadline in Raiffa (1982), *The Art and Science of Negotiation*, ch. 6.
    """

    name: ClassVar[str] = "Deadline Driven"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "time_based": True}

    def __init__(self, window: int = 4) -> None:
        self.window = window

    def _check(self) -> None:
        """The window must be a positive integer."""
        if not (isinstance(self.window, int | np.integer) and self.window >= 1):
            raise ValueError(f"{self.name}: window must be a positive integer, not {self.window!r}")

    def aspiration(self, rounds: IntArray) -> FloatArray:
        """1 until ``window`` rounds before the deadline, then linear down to 0 at the deadline."""
        r = np.asarray(rounds, dtype=np.float64)
        return np.clip((self.info_.deadline - r) / float(self.window), 0.0, 1.0)
