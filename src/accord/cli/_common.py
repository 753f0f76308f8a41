"""What every command shares: loading a scenario or exiting with code 2 and every problem listed."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from ..scenario import Scenario, ScenarioError, load_scenario

__all__ = ["load_or_exit", "fail", "echo_json", "user_errors", "report_and_exit"]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error to stderr and exit with ``code`` (2: bad input)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def report_and_exit(err: ScenarioError) -> NoReturn:
    """Print every problem (errors, then warnings) and a count, then exit with code 2."""
    for p in err.problems + err.warnings:
        click.echo(str(p), err=True)
    click.echo(f"{len(err.problems)} error(s), {len(err.warnings)} warning(s)", err=True)
    sys.exit(2)


def load_or_exit(path: str) -> Scenario:
    """Load a scenario; on bad input print every problem and exit with code 2 (never a traceback)."""
    try:
        return load_scenario(path)
    except ScenarioError as err:
        report_and_exit(err)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's input errors (ScenarioError, ValueError) into a message and exit code 2."""
    try:
        yield
    except ScenarioError as err:
        report_and_exit(err)
    except KeyError as err:  # str(KeyError) quotes its message
        fail(str(err.args[0]) if err.args else "missing key")
    except (ValueError, OSError) as err:
        fail(str(err))


def echo_json(data: Any, default: Callable[[Any], Any] | None = None) -> None:
    """Print JSON (NaN is written as null, so the output is valid JSON)."""
    click.echo(json.dumps(_clean(data), indent=2, ensure_ascii=False, default=default))


def _clean(x: Any) -> Any:
    import math

    import numpy as np

    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return _clean(x.tolist())
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x
