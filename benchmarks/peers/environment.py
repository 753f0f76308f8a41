"""The peer's own virtual environment, built from PyPI at a pinned version.

NegMAS is AGPL-3.0 and pulls some 57 packages; it never enters accord's environment. The harness builds
``benchmarks/peers/.venv-negmas`` once (``python -m venv`` + ``pip install negmas==<pin>``), reuses it
while the installed version matches the pin, and rebuilds it when asked or when it does not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["NEGMAS_VERSION", "VENV", "negmas_python", "installed_version"]

#: The NegMAS release the figures are measured against (peers.md measured 0.16.0).
NEGMAS_VERSION = "0.16.0"

#: Where the peer's environment lives (git-ignored).
VENV = Path(__file__).resolve().parent / ".venv-negmas"


def _python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def installed_version(venv: Path = VENV, package: str = "negmas") -> str | None:
    """The version of ``package`` installed in ``venv`` (None if the environment or package is missing).

    Read from the package metadata, without importing the package.
    """
    py = _python(venv)
    if not py.exists():
        return None
    probe = (
        "import importlib.metadata as m\n"
        f"try: print(m.version({package!r}))\n"
        "except m.PackageNotFoundError: pass"
    )
    out = subprocess.run([str(py), "-c", probe], capture_output=True, text=True, check=False)
    return out.stdout.strip() or None


def negmas_python(version: str = NEGMAS_VERSION, venv: Path = VENV, rebuild: bool = False, log=print) -> Path:
    """The interpreter of an environment holding NegMAS ``version``, built first if needed.

    Parameters
    ----------
    version : str
        The pinned NegMAS release.
    venv : Path
        The environment's folder.
    rebuild : bool
        Recreate it even if it already holds ``version``.
    log : callable
        Progress messages.

    Returns
    -------
    Path
        The environment's ``python``.

    Raises
    ------
    RuntimeError
        When ``venv`` or ``pip`` fails (the message carries pip's last lines).
    """
    if not rebuild and installed_version(venv) == version:
        return _python(venv)
    log(f"building {venv} with negmas=={version} from PyPI (about a minute, ~800 MB)")
    # `python -m venv` from inside a virtual environment builds on its base interpreter.
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [
            str(_python(venv)),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"negmas=={version}",
        ],
    ]
    for cmd in steps:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{tail}")
    got = installed_version(venv)
    if got != version:
        raise RuntimeError(f"{venv} holds negmas {got}, not {version}")
    return _python(venv)
