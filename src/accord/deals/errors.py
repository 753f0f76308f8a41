"""Errors raised by the deal-space package: bad input files and spaces too large to analyse exactly."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, LimitError

__all__ = ["DealFormatError", "SpaceTooLargeError", "folder_has"]


class DealFormatError(InputError):
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


class SpaceTooLargeError(LimitError):
    """The requested exact computation does not fit the configured limits.

    Raised instead of running out of memory: the message says which limit was hit and what to do
    (raise the limit, add red lines, or use the search path).
    """


def folder_has(folder: str | Path, pattern: str, marker: str, head: int) -> bool:
    """Whether ``folder`` holds a ``pattern`` file whose first ``head`` characters contain ``marker``.

    How the Genius and GeniusWeb readers recognise their folders without parsing them.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return False
    for path in folder.glob(pattern):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")[:head]
        except OSError:
            continue
        if marker in text:
            return True
    return False
