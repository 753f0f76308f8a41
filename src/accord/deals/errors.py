"""Errors raised by the deal-space package: bad input files and spaces too large to analyse exactly."""

from __future__ import annotations

__all__ = ["DealFormatError", "SpaceTooLargeError"]


class DealFormatError(ValueError):
    """A domain or profile file could not be read into a :class:`~accord.deals.DealSpace`.

    Parameters
    ----------
    file : str
        The file (or folder) at fault.
    reason : str
        What is wrong with it, in words a user can act on.
    """

    def __init__(self, file: str, reason: str):
        self.file = str(file)
        self.reason = reason
        super().__init__(f"{self.file}: {reason}")


class SpaceTooLargeError(RuntimeError):
    """The requested exact computation does not fit the configured limits.

    Raised instead of running out of memory: the message says which limit was hit and what to do
    (raise the limit, add red lines, or use the search path).
    """
