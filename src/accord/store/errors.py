"""Errors the store raises: both are :class:`~accord.errors.InputError` (exit code 2).

* :class:`NotFound`: a scenario, version, run, sweep or game id that does not exist (the web app answers
  404 for it, the CLI exits 2).
* :class:`StoreError`: the database cannot be used (unreachable server, unwritable file, a schema that
  needs ``accord db upgrade``); the message names the database, with any password hidden.
"""

from __future__ import annotations

from ..errors import InputError

__all__ = ["NotFound", "StoreError"]


class NotFound(InputError):
    """A stored object that does not exist.

    Parameters
    ----------
    what : str
        The kind of object (``scenario``, ``run``...).
    key : object
        Its id (or ``id@version``).
    """

    def __init__(self, what: str, key: object):
        self.what = what
        self.key = key
        super().__init__(f"no {what} {key} in the store")


class StoreError(InputError):
    """The database cannot be opened, written or read; the message names it and says what to do."""
