"""A private OpenBLAS, with the CPU's AVX-512 kernels, for the text pipeline's matrix products.

The small English model spends about a third of its time in the tok2vec's and the parser's float32
matrix products (with AVX2 kernels). numpy's OpenBLAS serves the rest of accord with the kernels
``OPENBLAS_CORETYPE`` names where it is set (a pinned core keeps numpy's results the same across
machines; this project's machines set ``Haswell``, the AVX2 kernels), and it is loaded long before the
text package. So the text pipeline loads a second instance of the same library: a copy of the file
numpy loaded, opened with ``RTLD_LOCAL`` while ``OPENBLAS_CORETYPE=SkylakeX`` and
``OPENBLAS_NUM_THREADS=1`` are set (the library reads them once, when it is loaded), after which the
environment is restored. numpy's instance keeps its kernels; the copy's run about twice as fast (220
against 115 GFLOPS on one core of the project's AMD Zen 5). The copy deliberately does not follow
``OPENBLAS_CORETYPE``: its products differ from the AVX2 kernels' in the last bits, and the parses made
with them are the same (every gold sentence and the example brief; ``tests/text/test_speed_paths.py``).

Used only on Linux, when ``/proc/cpuinfo`` lists the AVX-512 subsets the SkylakeX kernels need and
numpy's library is a scipy-openblas build (its ILP64 ``cblas_sgemm``); ``ACCORD_TEXT_BLAS=numpy``
turns it off. Otherwise :func:`text_ops` returns thinc's ``NumpyOps`` over numpy's ``dot``, as before.
The copy lives in the user's cache directory (written once, keyed by the source file's size and
modification time), or in an anonymous memory file where that cannot be written. Imported only once
spaCy (and so thinc) is known to be installed.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import numpy
from thinc.api import NumpyOps

__all__ = ["FastGemmOps", "core_names", "private_sgemm", "text_ops", "SKYLAKEX_FLAGS"]

#: CPU flags the OpenBLAS SkylakeX kernels use (OpenBLAS itself checks only the OS's AVX-512 support).
SKYLAKEX_FLAGS = frozenset(("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"))
#: The environment switch: ``numpy`` (or ``off``) keeps the text pipeline on numpy's BLAS.
SWITCH = "ACCORD_TEXT_BLAS"
#: The library's ILP64 cblas symbol (scipy-openblas64: prefixed and suffixed names).
_SGEMM = "scipy_cblas_sgemm64_"
_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112
_F32 = numpy.dtype(numpy.float32)


def _cpu_flags() -> frozenset[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


@cache
def _numpy_openblas() -> Path | None:
    """The OpenBLAS shared library numpy loaded (found among the process's mapped files).

    numpy's is the 64-bit-integer build (``libscipy_openblas64_``, whose symbols the copy is called
    through); scipy's own 32-bit build (``libscipy_openblas``), mapped too once scipy is imported, is
    not it. Looked up once, before the private copy is loaded (which would be found as well).
    """
    import numpy  # noqa: F401  (numpy's library is mapped once numpy is imported)

    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            for line in fh:
                path = line.split()[-1]
                name = os.path.basename(path)
                if "openblas64" in name and name.endswith(".so") and path.startswith("/"):
                    return Path(path)
    except OSError:
        pass
    return None


def _cached_copy(source: Path) -> str:
    """A byte copy of ``source`` in the user's cache directory (the loader sees a new library)."""
    st = source.stat()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    target = Path(base) / "accord" / f"{source.stem}-{st.st_size}-{st.st_mtime_ns}.so"
    if not target.is_file() or target.stat().st_size != st.st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name and renamed: processes starting together never load a
        # half-written file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out)
            os.replace(tmp, target)
        except OSError:
            os.unlink(tmp)
            raise
    return str(target)


def _memory_copy(source: Path) -> str:
    """A byte copy of ``source`` in an anonymous memory file (Linux), open for the process's life."""
    fd = os.memfd_create("accord-openblas")
    with open(source, "rb") as src, os.fdopen(os.dup(fd), "wb") as out:
        shutil.copyfileobj(src, out)
    return f"/proc/self/fd/{fd}"


def _load_copy(source: Path) -> ctypes.CDLL | None:
    """The copy, loaded: from the cache directory, else (not writable, or mounted ``noexec``) memory."""
    for make in (_cached_copy, _memory_copy):
        try:
            return _load(make(source))
        except (OSError, AttributeError):  # AttributeError: no os.memfd_create
            continue
    return None


def _load(path: str) -> ctypes.CDLL:
    """Open the copy with the SkylakeX kernels and one thread; the environment is restored after."""
    saved = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS")}
    os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # the text pipeline scales by processes (--jobs)
    try:
        return ctypes.CDLL(path, mode=os.RTLD_LOCAL)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@cache
def private_sgemm() -> Any:
    """The copy's ``cblas_sgemm`` (ILP64, argument types set), or None where it is not used."""
    if os.environ.get(SWITCH, "").strip().lower() in ("numpy", "off", "0", "no"):
        return None
    if not SKYLAKEX_FLAGS <= _cpu_flags():
        return None
    source = _numpy_openblas()
    if source is None:
        return None
    lib = _load_copy(source)
    if lib is None:
        return None
    try:
        fn = getattr(lib, _SGEMM)
        corename = lib.scipy_openblas_get_corename64_
    except AttributeError:  # not a scipy-openblas build
        return None
    corename.restype = ctypes.c_char_p
    if corename() != b"SkylakeX":  # the library refused the kernels (no OS support for AVX-512)
        return None
    i64, f32, ptr = ctypes.c_int64, ctypes.c_float, ctypes.c_void_p
    fn.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, i64, i64, i64, f32, ptr, i64, ptr, i64]
    fn.argtypes += [f32, ptr, i64]
    fn.restype = None
    return fn


class FastGemmOps(NumpyOps):
    """thinc's ``NumpyOps`` whose ``gemm`` calls the private OpenBLAS (the semantics of ``Ops.gemm``).

    Float32 C-contiguous 2-d operands (and ``out``) go to ``cblas_sgemm``; anything else (another dtype,
    a strided view, an empty dimension, an ``out`` that overlaps an operand) goes to numpy's ``dot``,
    as thinc's own ``Ops.gemm`` does.

    Parameters
    ----------
    sgemm : ctypes function
        The ``cblas_sgemm`` of :func:`private_sgemm`.
    """

    def __init__(self, sgemm: Any) -> None:
        super().__init__(use_blis=False)
        self._sgemm = sgemm

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        """``x @ y`` (``x.T``, ``y.T`` with the flags), written into ``out`` when given."""
        if (
            x.dtype == _F32
            and y.dtype == _F32
            and x.ndim == 2
            and y.ndim == 2
            and x.flags.c_contiguous
            and y.flags.c_contiguous
        ):
            m, k = (x.shape[1], x.shape[0]) if trans1 else x.shape
            k2, n = (y.shape[1], y.shape[0]) if trans2 else y.shape
            if k == k2 and m > 0 and n > 0 and k > 0 and (out is None or _fits(out, (m, n), x, y)):
                c = numpy.empty((m, n), dtype=_F32) if out is None else out
                # Row-major storage: each operand's leading dimension is its stored row length.
                self._sgemm(
                    _ROW_MAJOR,
                    _TRANS if trans1 else _NO_TRANS,
                    _TRANS if trans2 else _NO_TRANS,
                    m,
                    n,
                    k,
                    1.0,
                    x.ctypes.data,
                    x.shape[1],
                    y.ctypes.data,
                    y.shape[1],
                    0.0,
                    c.ctypes.data,
                    n,
                )
                return c
        return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


def _fits(out: Any, shape: tuple[int, int], x: Any, y: Any) -> bool:
    """Whether ``out`` can take the product in place (else numpy's ``dot`` decides, or raises)."""
    return bool(
        out.dtype == _F32
        and out.shape == shape
        and out.flags.c_contiguous
        and out.flags.writeable
        and not numpy.may_share_memory(out, x)
        and not numpy.may_share_memory(out, y)
    )


def core_names() -> dict[str, str]:
    """The OpenBLAS kernels in use: numpy's (the rest of accord) and the text pipeline's (benchmarks)."""
    numpy_core = "?"
    source = _numpy_openblas()
    if source is not None:
        try:
            fn = ctypes.CDLL(str(source)).scipy_openblas_get_corename64_
            fn.restype = ctypes.c_char_p
            numpy_core = fn().decode()
        except (OSError, AttributeError):
            pass
    text = "SkylakeX (private copy)" if private_sgemm() is not None else f"{numpy_core} (numpy's)"
    return {"numpy": numpy_core, "text": text}


def text_ops() -> Any:
    """The thinc ops the text pipeline runs on: the private OpenBLAS where it is used, else numpy's."""
    sgemm = private_sgemm()
    return NumpyOps(use_blis=False) if sgemm is None else FastGemmOps(sgemm)
