"""``accord extract``, ``extract-eval``, ``apply`` and ``timeline``: from news text to evidence."""

from __future__ import annotations

import click

from ._common import emit, json_option, load, output_option, warn
from .db_cmds import db_option

__all__ = ["COMMANDS"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--scenario", "scenario_path", type=click.Path(), help="Scenario whose actors and issues to link to."
)
@click.option(
    "--date",
    metavar="YYYY-MM-DD",
    help="Date of the text (default: a full date in each file's byline or dateline); a statement "
    "whose sentence dates it ('on Tuesday') gets that day instead.",
)
@click.option(
    "--source-name", metavar="NAME", help="Publication written in every statement (default: file name)."
)
@click.option(
    "--propose", is_flag=True, help="Print a scenario diff (needs --scenario) instead of the statements."
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="With --propose: least confidence of a statement that may change the scenario.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes, each reading, parsing, coding and linking a chunk of the text (output "
    "identical to one process); more than one pays off on large files only.",
)
@click.option(
    "--into",
    metavar="ID",
    type=click.IntRange(min=1),
    help="Link to the stored scenario ID's current version instead of --scenario, and store the "
    "statements as its evidence (one transaction; the web app's Evidence tab proposes and applies them).",
)
@db_option
@json_option
@output_option
def extract(
    files: tuple[str, ...],
    scenario_path: str | None,
    date: str | None,
    source_name: str | None,
    propose: bool,
    min_confidence: float,
    jobs: int,
    into: int | None,
    url: str | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Statements in news text (plain, Markdown or HTML): who demanded, rejected, offered or conceded what.

    Each statement has its actor, PLOVER act (CAMEO root code beside it), target, issue and option, flags,
    the verbatim quote with its character offsets in the file, and its date (the day its sentence names,
    read against the text's date). FILES may be folders (their .txt, .md and .html files) or - for
    standard input. Needs the extra: pip install 'accord[text]'.

    \b
    Examples:
      accord extract examples/ukraine-2025/news/brief.md --scenario examples/ukraine-2025/scenario.yaml
      accord extract brief.txt --scenario s.yaml --date 2025-03-14 --source-name Reuters --json
      accord extract brief.txt --scenario s.yaml --propose -o brief.diff.json --json
      accord extract news/ --into 3 --db ~/accord.db --jobs 2
      curl -s https://example.org/story.html | accord extract - --scenario s.yaml
    """
    from ..errors import InputError
    from ..report import render
    from ..text.extract import extract as run_extract
    from ..text.propose import propose as run_propose

    if into is not None and scenario_path is not None:
        raise InputError.single("--into", "give --scenario FILE or --into ID, not both")
    if url is not None and into is None:
        raise InputError.single("--db", "--db names the store --into reads from; give --into ID as well")
    store = None
    if into is not None:
        from ..store import Store

        store = Store(url)
        rec = store.get_scenario(into, parse=True)
        scenario, scenario_path = rec.scenario, f"{store.display_url} scenario {into} v{rec.version}"
    else:
        scenario = load(scenario_path) if scenario_path else None
    try:
        if propose and scenario is None:
            raise InputError.single("--propose", "a scenario diff needs --scenario or --into")
        result = run_extract(
            files, scenario, date=date, source_name=source_name, scenario_path=scenario_path, jobs=jobs
        )
        if store is not None and into is not None:
            from ..text.stored import store_statements

            ids = store_statements(store, into, result)
            where = f"scenario {into} in {store.display_url}"
            click.echo(f"accord: stored {len(ids)} statement(s) as evidence of {where}", err=True)
    finally:
        if store is not None:
            store.close()
    if propose:
        assert scenario is not None and scenario_path is not None
        diff = run_propose(result, scenario, scenario_path, min_confidence=min_confidence)
        emit(diff, as_json, output, text=lambda: render(diff))
    else:
        emit(result, as_json, output, text=lambda: render(result))


@click.command("extract-eval")
@click.argument("gold", type=click.Path())
@json_option
@output_option
def extract_eval(gold: str, as_json: bool, output: str | None) -> None:
    """Score the extractor on a gold file: act and source accuracy, per class, the confusion matrix.

    GOLD is a PLOVER gold-standard JSON file, a JSON Lines file of such records, or a folder of them
    (pooled), such as our codebook development set.

    \b
    Examples:
      accord extract-eval ../shared/data/plover/plover-gsr-dev.json
      accord extract-eval ../shared/data/plover/plover-gsr-dev.json --json
      accord extract-eval src/accord/text/data/codebook
    """
    from ..report import render
    from ..text.evaluate import evaluate_gold

    report = evaluate_gold(gold)
    emit(report, as_json, output, text=lambda: render(report))


@click.command()
@click.argument("diff", type=click.Path())
@click.option("--to", "scenario_path", required=True, type=click.Path(), help="The scenario file to change.")
@click.option("--only", metavar="ID,...", help="Apply only these items (default: the whole diff).")
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
@json_option
@output_option
def apply(
    diff: str, scenario_path: str, only: str | None, dry_run: bool, as_json: bool, output: str | None
) -> None:
    """Apply a scenario diff from `accord extract --propose`, whole or item by item (atomic write).

    \b
    Examples:
      accord apply brief.diff.json --to examples/ukraine-2025/scenario.yaml --dry-run
      accord apply brief.diff.json --to scenario.yaml --only d2,d3
    """
    from ..report import render
    from ..text.propose import apply_diff, read_diff
    from ._common import names_list

    had_comments = _has_comments(scenario_path)
    report = apply_diff(read_diff(diff), scenario_path, only=names_list(only), dry_run=dry_run)
    if report.written and had_comments:
        warn(f"{scenario_path} was rewritten in the canonical form: its comments are not kept")
    emit(report, as_json, output, text=lambda: render(report))


def _has_comments(path: str) -> bool:
    """Whether a scenario file has comment lines (the canonical writer does not keep them)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return any(line.lstrip().startswith("#") for line in fh)
    except OSError:
        return False


@click.command()
@click.argument("scenario_path", type=click.Path())
@click.option("--actor", help="Only this actor.")
@click.option("--issue", help="Only this issue.")
@click.option(
    "--plot", type=click.Path(dir_okay=False), help="Also draw positions over time to this PNG/SVG/PDF."
)
@json_option
@output_option
def timeline(
    scenario_path: str,
    actor: str | None,
    issue: str | None,
    plot: str | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Who said what, when, and how positions moved: the dated stance history of a scenario.

    \b
    Examples:
      accord timeline examples/ukraine-2025/scenario.yaml --actor russia
      accord timeline scenario.yaml --issue I1 --plot i1.png --json
    """
    from ..report import render
    from ..text.timeline import plot_timeline
    from ..text.timeline import timeline as run_timeline

    scenario = load(scenario_path)
    result = run_timeline(scenario, scenario_path, actor=actor, issue=issue)
    if plot:
        plot_timeline(result, plot)
        click.echo(f"wrote {plot}", err=True)
    emit(result, as_json, output, text=lambda: render(result))


COMMANDS = [extract, extract_eval, apply, timeline]
