"""Calendar time: how long a round of talks lasts, and which date a round ends on.

A scenario states the length of a round (``round: 1 week``; also ``2 weeks``, ``3 days``, ``1 month``) and
the date its facts stand on (``as_of``). Round ``r`` covers the ``r``-th period after ``as_of``: it starts
the day after ``as_of + (r - 1) * length`` and ends on ``as_of + r * length``, so round 0 is the starting
state on ``as_of`` itself. With ``round: 1 week`` and ``as_of: 2025-03-17``, round 1 ends on 2025-03-24 and
2025-06-30 falls in (at the end of) round 15.

Months are calendar months: a round that starts on the 31st ends on the last day of a shorter month.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["DEFAULT_ROUND", "ROUND_UNITS", "RoundLength", "parse_date", "parse_round_length"]

Unit = Literal["day", "week", "month"]

#: The units a round may be counted in.
ROUND_UNITS: tuple[Unit, ...] = ("day", "week", "month")

_ROUND = re.compile(r"^\s*(?:(\d{1,4})\s*)?(day|week|month)s?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RoundLength:
    """The length of one round of talks: ``n`` days, weeks or months.

    Parameters
    ----------
    n : int
        How many units (>= 1).
    unit : {"day", "week", "month"}
    """

    n: int = 1
    unit: Unit = "week"

    def __post_init__(self) -> None:
        if self.unit not in ROUND_UNITS:
            raise ValueError(f"a round is counted in {', '.join(ROUND_UNITS)}, not {self.unit!r}")
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ValueError(f"a round lasts a whole number (1 or more) of {self.unit}s, not {self.n!r}")

    def __str__(self) -> str:
        return f"{self.n} {self.unit}{'' if self.n == 1 else 's'}"

    def end_of(self, start: dt.date, r: int) -> dt.date:
        """The date round ``r`` ends on when round 0 is ``start`` (``r`` may be negative: before it)."""
        if self.unit == "month":
            return _add_months(start, r * self.n)
        days = self.n * (7 if self.unit == "week" else 1)
        return start + dt.timedelta(days=r * days)

    def round_of(self, start: dt.date, date: dt.date) -> int:
        """The round in progress on ``date`` when round 0 is ``start``: the first round ending on or after it.

        ``round_of(start, end_of(start, r)) == r`` for every ``r``; a date before ``start`` gives 0 or a
        negative round.
        """
        if self.unit == "month":
            months = (date.year - start.year) * 12 + (date.month - start.month)
            r = months // self.n  # a first guess, within one round of the answer
            while self.end_of(start, r) < date:
                r += 1
            while self.end_of(start, r - 1) >= date:
                r -= 1
            return r
        days = self.n * (7 if self.unit == "week" else 1)
        return -((start - date).days // days)  # ceil((date - start) / days)


#: The round length of a scenario that does not state one.
DEFAULT_ROUND = RoundLength(1, "week")


def _add_months(d: dt.date, months: int) -> dt.date:
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(d.day, last))


def parse_round_length(text: str) -> RoundLength:
    """Read a round length written as ``1 week``, ``2 weeks``, ``3 days``, ``1 month`` or ``week``.

    Raises
    ------
    ValueError
        With the accepted forms, for anything else (``0 weeks``, ``1 fortnight``, ``-1 day``).
    """
    m = _ROUND.match(text) if isinstance(text, str) else None
    if m is None:
        raise ValueError(
            f"{text!r} is not a round length; write a whole number and a unit: '1 week', '2 weeks', "
            "'1 day' or '1 month'"
        )
    n = int(m.group(1) or 1)
    if n < 1:
        raise ValueError(f"{text!r}: a round lasts at least 1 {m.group(2).lower()}")
    return RoundLength(n, m.group(2).lower())  # type: ignore[arg-type]


def parse_date(text: str | dt.date) -> dt.date:
    """A date written ``YYYY-MM-DD`` (or a date already); ``ValueError`` otherwise."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return dt.date.fromisoformat(text.strip())
