"""A scripted person: the moves of one seat read from a YAML file, for tests and demos (``--script``).

The file names the seat, a default answer to offers, and the moves by round::

    seat: ukraine
    respond: {accept_at_least: 0.8}   # or accept / reject (the default): offers no move below answers
    propose: {I1: shelved, ...}       # optional: the package for a turn to propose that no move covers
    moves:
      - {round: 3, kind: partial, package: {I4: partial}}
      - {round: 2, kind: accept, by: usa, issue: I4}   # only usa's partial offer on I4
      - {round: 9, kind: walk_away}

Each move is used once, for the first question of its round that it fits: ``propose`` and ``partial``
answer a turn to propose, ``accept``/``reject``/``walk_away`` an offer (from ``by`` only, and only a
partial offer on ``issue``, when given).
``accept_at_least`` accepts an offer worth at least that utility to the seat that crosses none of its red
lines. Errors point at ``file:line``; a move left unplayed in a round the game reached is an error, one
after the game's end a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from .game import MOVE_KINDS, Game, Move
from .results import OfferView

__all__ = ["Script", "ScriptMove", "load_script", "play_script"]


@dataclass(frozen=True)
class ScriptMove:
    """One scripted move, where it sits in the file, and which question it may answer."""

    round: int
    move: Move
    by: str | None
    line: int
    issue: str | None = None


@dataclass(frozen=True)
class Script:
    """A scripted person's moves and default answers."""

    file: str
    seat: str | None
    respond: str | float
    propose: dict[str, str] | None
    moves: tuple[ScriptMove, ...]
    line: int = 0


def _err(file: str, line: int, path: str, message: str) -> InputError:
    return InputError([Problem(file, line, 0 if not line else 1, path, message)])


def load_script(path: str | Path) -> Script:
    """Read a script (YAML); every problem located by line.

    Raises
    ------
    InputError
        An unreadable file, bad YAML, or a field that does not fit the format above.
    """
    import yaml

    from ..scenario._yaml import MarkedDict, MarkedList, load_marked

    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise InputError.single(file, f"cannot read the script: {e.strerror or e}") from None
    try:
        data = load_marked(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise _err(file, line, "", f"not valid YAML: {getattr(e, 'problem', None) or e}") from None
    if not isinstance(data, MarkedDict):
        raise _err(file, 1, "", "a script is a mapping with seat, respond, propose and moves")

    def line_of(d: Any, key: Any) -> int:
        return int(d.value_marks.get(key, d.mark)[0]) if isinstance(d, MarkedDict) else 0

    known = {"seat", "respond", "propose", "moves"}
    for k in data:
        if k not in known:
            raise _err(
                file, data.key_marks[k][0], str(k), f"unknown field; a script has {', '.join(sorted(known))}"
            )
    seat = data.get("seat")
    if seat is not None and not isinstance(seat, str):
        raise _err(file, line_of(data, "seat"), "seat", "the seat is an actor id (or mediator)")
    respond: str | float = "reject"
    raw = data.get("respond", "reject")
    if raw in ("accept", "reject"):
        respond = str(raw)
    elif (
        isinstance(raw, dict)
        and set(raw) == {"accept_at_least"}
        and isinstance(raw["accept_at_least"], int | float)
    ):
        respond = float(raw["accept_at_least"])
    else:
        raise _err(file, line_of(data, "respond"), "respond", "accept, reject or {accept_at_least: UTILITY}")
    propose = data.get("propose")
    if propose is not None and not (
        isinstance(propose, dict) and all(isinstance(v, str) for v in propose.values())
    ):
        raise _err(file, line_of(data, "propose"), "propose", "a package: issue id -> option id")
    items = data.get("moves", [])
    if not isinstance(items, MarkedList):
        raise _err(file, line_of(data, "moves"), "moves", "a list of moves")
    moves = []
    for i, item in enumerate(items):
        where, line = f"moves[{i}]", items.marks[i][0]
        if not isinstance(item, MarkedDict):
            raise _err(file, line, where, "a move is a mapping: {round: N, kind: ..., package: {...}}")
        extra = [k for k in item if k not in ("round", "kind", "package", "override", "by", "issue")]
        if extra:
            raise _err(
                file,
                line,
                where,
                f"unknown field(s) {', '.join(map(str, extra))}; "
                "a move has round, kind, package, override, by, issue",
            )
        r = item.get("round")
        if not isinstance(r, int) or isinstance(r, bool) or r < 1:
            raise _err(file, line_of(item, "round"), f"{where}.round", "round is a round number (1 or more)")
        if item.get("kind") not in MOVE_KINDS:
            raise _err(
                file, line_of(item, "kind"), f"{where}.kind", f"kind is one of {', '.join(MOVE_KINDS)}"
            )
        body = {k: item[k] for k in ("kind", "package", "override") if k in item}
        try:
            move = Move.from_dict(body, where)
        except InputError as e:
            raise _err(file, line, where, e.problems[0].message) from None
        by = item.get("by")
        if by is not None and not isinstance(by, str):
            raise _err(file, line_of(item, "by"), f"{where}.by", "by is the actor whose offer this answers")
        issue = item.get("issue")
        if issue is not None and not isinstance(issue, str):
            raise _err(
                file, line_of(item, "issue"), f"{where}.issue", "issue is the issue of a partial offer"
            )
        moves.append(ScriptMove(r, move, by, line, issue))
    return Script(file, seat, respond, None if propose is None else dict(propose), tuple(moves), data.mark[0])


def _fits(m: ScriptMove, question: str, pending: OfferView | None) -> bool:
    if question == "propose":
        return m.move.kind in ("propose", "partial")
    if m.move.kind not in ("accept", "reject", "walk_away") or pending is None:
        return False
    if m.issue is not None and not (pending.partial and m.issue in pending.package):
        return False
    return m.by is None or m.by == pending.by


def play_script(game: Game, seat: str, script: Script) -> list[str]:
    """Play ``script`` in ``seat`` until the game ends; warnings (moves after the game's end).

    Raises
    ------
    InputError
        A move the game refuses (located at its line), a turn to propose with no move and no default.
    """
    if script.seat is not None and script.seat != seat:
        raise _err(script.file, script.line, "seat", f"the script plays {script.seat}, not {seat}")
    used = [False] * len(script.moves)
    while not game.finished:
        v = game.view(seat)
        if not v.due:  # another person's turn: a script plays one seat
            raise _err(script.file, 0, "", f"the game waits for {', '.join(game.due())}, not {seat}")
        pending = next((o for o in v.offers if o.pending), None)
        pick = next(
            (
                i
                for i, m in enumerate(script.moves)
                if not used[i] and m.round == v.round and _fits(m, v.question or "", pending)
            ),
            None,
        )
        line = script.line
        if pick is not None:
            used[pick] = True
            move, line = script.moves[pick].move, script.moves[pick].line
        elif v.question == "propose":
            if script.propose is None:
                raise _err(
                    script.file,
                    script.line,
                    "moves",
                    f"no move for {seat}'s turn to propose in round {v.round}: add "
                    f"{{round: {v.round}, kind: propose, package: ...}} or a default propose package",
                )
            move = Move("propose", dict(script.propose))
        else:
            answer = script.respond
            if isinstance(answer, float):
                ok = pending is not None and pending.utility >= answer and not pending.crosses_red_line
                answer = "accept" if ok else "reject"
            move = Move("accept" if answer == "accept" else "reject")
        try:
            game.move(seat, move)
        except InputError as e:
            raise _err(
                script.file, line, f"round {v.round}", e.problems[0].message if e.problems else str(e)
            ) from None
    warnings, end = [], game.round
    for m, u in zip(script.moves, used, strict=True):
        if u:
            continue
        if m.round <= end:
            raise _err(
                script.file,
                m.line,
                "",
                f"this {m.move.kind} was never played: nothing in round {m.round} fits it "
                f"({seat} is asked to propose in its turns and to answer the others' offers)",
            )
        warnings.append(f"{script.file}:{m.line}: not played: the game ended in round {end}")
    return warnings
