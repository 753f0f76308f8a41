"""What every command shares: the option grammar, output, and reporting the error family.

Output is text or one JSON document, to stdout or to the file given with ``-o``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import AccordError, InputError

__all__ = [
    "json_option",
    "output_option",
    "seed_option",
    "renamed",
    "emit",
    "echo_json",
    "load",
    "pairs",
    "names_list",
    "deadlines",
    "report_error",
]

F = TypeVar("F", bound=Callable[..., Any])


def json_option(fn: F) -> F:
    """``--json``: print one JSON document (with ``schema_version``) instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")(
        fn
    )


def output_option(fn: F) -> F:
    """``-o/--output FILE``: write what would be printed to FILE instead (atomically)."""
    return click.option(
        "-o",
        "--output",
        "output",
        type=click.Path(dir_okay=False),
        default=None,
        help="Write the output (text, or JSON with --json) to FILE instead of stdout.",
    )(fn)


def seed_option(fn: F) -> F:
    """``--seed N`` (default 0, the same in every command)."""
    return click.option(
        "--seed",
        type=int,
        default=0,
        show_default=True,
        help="Seed of every random step (same seed, same bytes).",
    )(fn)


def renamed(old: str, new: str) -> Callable[[F], F]:
    """A hidden option under an old spelling that now means something else: an error naming the new one."""

    def fail(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value not in (None, False, ()):
            raise click.UsageError(f"{old} is no longer accepted: use {new}", ctx)
        return None

    return click.option(old, hidden=True, expose_value=False, callback=fail, is_eager=True)


def echo_json(data: Any) -> str:
    """JSON text of ``data`` (non-finite floats as null, key order kept)."""
    from ..analysis.codec import to_data

    return json.dumps(to_data(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def emit(result: Any, as_json: bool, output: str | None, text: Callable[[], str] | None = None) -> None:
    """Print a typed result (text, or its JSON document), or write it atomically to ``output``."""
    if as_json:
        body = echo_json(result.to_dict())
    else:
        from ..report import render

        body = text() if text is not None else render(result)
    if output:
        from ..io import atomic_write

        atomic_write(output, body)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(body, nl=False)


def load(path: str, **options: Any) -> Any:
    """Load a scenario (problems raise :class:`~accord.errors.InputError`; warnings go to stderr).

    ``accord --strict`` makes every warning an error here, for every command that reads a scenario.
    """
    from ..scenario import Problem, load_scenario

    ctx = click.get_current_context(silent=True)
    if ctx is not None and (ctx.find_root().obj or {}).get("strict"):
        options.setdefault("strict", True)
    warnings: list[Problem] = []
    scenario = load_scenario(path, warnings=warnings, **options)
    for w in warnings:
        click.echo(str(w), err=True)
    return scenario


def pairs(text: str | None, what: str) -> dict[str, str]:
    """Parse ``a=x,b=y`` (an InputError naming ``what`` when malformed)."""
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        k, sep, v = (s.strip() for s in part.partition("="))
        if not sep or not k or not v:
            raise InputError.single(what, f"expected ACTOR=VALUE, got {part!r}")
        if k in out:
            raise InputError.single(what, f"actor {k!r} given twice")
        out[k] = v
    return out


def names_list(text: str | None) -> list[str] | None:
    """Parse ``a,b,c`` (None when empty)."""
    names = [s.strip() for s in (text or "").split(",") if s.strip()]
    return names or None


def deadlines(text: str | None, scenario: Any = None) -> dict[str, int | None]:
    """Parse ``--deadline actor=ROUND|DATE|none,...``.

    A date (``YYYY-MM-DD``) is the round in progress on it, from ``scenario``'s ``as_of`` and round
    length (:meth:`~accord.scenario.Scenario.round_of`); without a scenario, or for several, only rounds.
    """
    out: dict[str, int | None] = {}
    for k, v in pairs(text, "--deadline").items():
        if v.lower() in ("none", "no", "-"):
            out[k] = None
            continue
        try:
            out[k] = int(v)
            continue
        except ValueError:
            pass
        if scenario is None or "-" not in v:
            what = "a round number, a date (YYYY-MM-DD)" if scenario is not None else "a round number"
            raise InputError.single("--deadline", f"{k}={v!r} is not {what} or 'none'")
        try:
            r = scenario.round_of(v)
        except InputError as err:
            raise InputError.single("--deadline", f"{k}={v}: {err.problems[0].message}") from None
        if r < 1:
            raise InputError.single("--deadline", f"{k}={v} is not after the scenario's as_of date")
        out[k] = int(r)
    return out


def report_error(err: AccordError) -> None:
    """Print every problem of an error (errors, then warnings, then a count) to stderr."""
    problems = getattr(err, "problems", None)
    if problems is None:
        click.echo(f"error: {err}", err=True)
        return
    warnings = getattr(err, "warnings", [])
    if len(problems) == 1 and not warnings and not problems[0].line:
        click.echo(f"error: {problems[0]}", err=True)
        return
    for p in problems + warnings:
        click.echo(str(p), err=True)
    click.echo(f"{len(problems)} error(s), {len(warnings)} warning(s)", err=True)


def warn(message: str) -> None:
    """A warning on stderr."""
    click.echo(f"warning: {message}", err=True)
