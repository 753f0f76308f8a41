"""Atomic writes: a reader (or a crash) sees the old file or the new one, never a mix.

Everything accord writes (scenarios, JSON, CSV, plots, reports, import folders) goes through here: the
data is written to a temporary sibling, flushed to disk, and renamed over the target (``os.replace`` is
atomic on POSIX and Windows within one file system). Errors name the user's path, not the temporary one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError

__all__ = ["atomic_write", "atomic_path"]


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary sibling of ``path`` to write to; it replaces ``path`` when the block succeeds.

    Raises
    ------
    InputError
        When the folder cannot be written, naming ``path``.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix + ".tmp"
        )
        os.close(fd)
    except OSError as err:
        raise InputError.single(str(path), f"cannot be written: {err.strerror or err}") from None
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as err:
        raise InputError.single(str(path), f"cannot be written: {err.strerror or err}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` atomically."""
    with atomic_path(path) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
