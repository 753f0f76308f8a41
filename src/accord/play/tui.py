"""The full-screen terminal game (prompt_toolkit): works in any terminal, over SSH included.

One screen: the round and its date, the offers on the table (by label, with your utility and who
accepted what), the tracks, and the keys. ``p`` opens the package editor (issues up and down, options
left and right, your utility of the package shown live, red lines marked); ``t`` a partial offer on a
separable issue; ``a``/``r`` answer the offer awaiting you; ``w`` walks away; ``q`` ends the session
(the game stays as it is, and its report is printed). Everything the game refuses is shown, not thrown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .game import Move, RedLineWarning

if TYPE_CHECKING:
    from .game import Game
    from .results import SeatView

__all__ = ["play_interactive", "Screen"]

KEYS_MAIN = "p propose  t partial  a accept  r reject  w walk away  l log  q quit"
KEYS_EDIT = "up/down issue  left/right option  enter send  ! send despite red lines  esc cancel"


class Screen:
    """The game's state on screen: what is shown and what the keys do (no terminal needed to test it)."""

    def __init__(self, game: Game, seat: str) -> None:
        self.game, self.seat = game, seat
        self.mode = "main"  # main | edit | confirm-walk | confirm-quit
        self.partial = False
        self.package: dict[str, str] = {}
        self.cursor = 0
        self.message = ""
        self.show_log = False
        self.done = False

    # -- what is shown ------------------------------------------------------------------------------------
    def view(self) -> SeatView:
        """The seat's view now."""
        return self.game.view(self.seat)

    def lines(self) -> list[tuple[str, str]]:
        """The screen as (style, text) lines."""
        v = self.view()
        out: list[tuple[str, str]] = []
        when = f" (week ending {v.date})" if v.date else ""
        out.append(("bold", f"{v.title} - you play {v.seat} - round {v.round} of {v.n_rounds}{when}"))
        batna = "" if v.batna is None else f"your no-deal value (BATNA): {v.batna:.3f}"
        tracks = "  ".join(
            f"{t.name.split('(')[0].strip()}: {t.value:.2f}" + (" (frozen)" if t.frozen_in else "")
            for t in v.tracks
        )
        out.append(("", f"{batna}   {tracks}"))
        if v.agreed:
            out.append(("", "agreed: " + ", ".join(f"{k} = {o}" for k, o in v.agreed.items())))
        if v.finished:
            res = "" if v.utility is None else f" - your result {v.utility:.3f}"
            out.append(("bold", f"GAME OVER: {v.outcome}, ended by {v.ended_by} in round {v.round}{res}"))
            out.append(("", "press q to leave and see the debrief"))
        elif v.due:
            pending = next((o for o in v.offers if o.pending), None)
            if pending is not None:
                what = "a partial offer" if pending.partial else "a package"
                out.append(
                    (
                        "bold",
                        f"YOUR MOVE: {pending.by} offers {what}: accept (a), reject (r) or walk away (w)",
                    )
                )
            else:
                out.append(("bold", "YOUR MOVE: your turn to propose: a package (p) or a partial offer (t)"))
        if self.mode == "edit":
            out += self._editor(v)
        elif self.show_log:
            out.append(("bold", "Log"))
            out += [("", "  " + line) for line in v.log[-30:]]
        else:
            out += self._offers(v)
        return out

    def _offers(self, v: SeatView) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = [("bold", "Offers on the table (your utility if agreed)")]
        if not v.offers:
            out.append(("", "  none yet"))
        for o in v.offers[-8:]:
            mark = ">>" if o.pending else "  "
            red = f"  crosses your red lines on {', '.join(o.crosses_red_line)}" if o.crosses_red_line else ""
            yes = ", ".join(o.accepted_by) or "-"
            no = ", ".join(o.rejected_by) or "-"
            kind = "partial" if o.partial else "package"
            out.append(
                (
                    "bold" if o.pending else "",
                    f"{mark} round {o.round} {o.by} {kind}: you {o.utility:.3f}; "
                    f"accepted by {yes}; rejected by {no}{red}",
                )
            )
            if o.pending or o.partial:
                for issue, label in o.labels.items():
                    out.append(("", f"     {issue:<4} {o.package[issue]:<22} {label[:80]}"))
        return out

    def _editor(self, v: SeatView) -> list[tuple[str, str]]:
        title = (
            "Partial offer: one separable issue" if self.partial else "Your package: an option on every issue"
        )
        out: list[tuple[str, str]] = [("bold", title)]
        issues = self._issues(v)
        try:
            if self.partial:
                k = issues[self.cursor]
                u = self.game.utility(self.seat, {k.id: self.package[k.id]}, partial=True)
            else:
                u = self.game.utility(self.seat, self.package)
            out.append(
                (
                    "bold",
                    f"  your utility if agreed: {u:.3f}   (no deal: "
                    + ("-" if v.batna is None else f"{v.batna:.3f}")
                    + ")",
                )
            )
        except InputError as e:
            out.append(("", f"  {e}"))
        for j, issue in enumerate(issues):
            opt = self.package[issue.id]
            label = next((o.label for o in issue.options if o.id == opt), opt)
            red = "  [crosses your red line]" if opt not in issue.acceptable else ""
            fixed = "  (settled)" if issue.settled else ""
            cur = "> " if j == self.cursor else "  "
            out.append(
                (
                    "reverse" if j == self.cursor else "",
                    f"{cur}{issue.id:<4} {issue.name[:28]:<28} < {opt} > {label[:60]}{red}{fixed}",
                )
            )
        return out

    def _issues(self, v: SeatView) -> list[Any]:
        if self.partial:
            return [i for i in v.issues if i.separable and i.settled is None]
        return list(v.issues)

    def keys(self) -> str:
        """The key line for the current mode."""
        if self.mode == "edit":
            return KEYS_EDIT
        if self.mode == "confirm-walk":
            return "walk away and end the talks? y yes, n no"
        if self.mode == "confirm-quit":
            return "leave the game now? y yes, n no"
        return KEYS_MAIN

    # -- what the keys do ----------------------------------------------------------------------------
    def _send(self, move: Move) -> None:
        try:
            warnings = self.game.move(self.seat, move)
        except RedLineWarning as e:
            self.message = "red line: " + "; ".join(e.red_lines) + " - press ! to send it anyway (recorded)"
            return
        except InputError as e:
            self.message = f"refused: {e}"
            return
        self.mode = "main"
        self.message = "sent" + (" despite: " + "; ".join(warnings) if warnings else "")

    def press(self, key: str) -> None:
        """Act on one key (names as prompt_toolkit gives them: 'a', 'up', 'enter', 'escape', ...)."""
        self.message = "" if key not in ("!",) else self.message
        v = self.view()
        if self.mode == "confirm-walk":
            if key == "y":
                self._send(Move("walk_away"))
            self.mode = "main" if self.mode == "confirm-walk" else self.mode
            return
        if self.mode == "confirm-quit":
            self.done = key == "y"
            self.mode = "main"
            return
        if self.mode == "edit":
            issues = self._issues(v)
            if key == "escape":
                self.mode = "main"
            elif key in ("up", "k"):
                self.cursor = (self.cursor - 1) % len(issues)
            elif key in ("down", "j"):
                self.cursor = (self.cursor + 1) % len(issues)
            elif key in ("left", "right", "h", "l"):
                issue = issues[self.cursor]
                if issue.settled is None:
                    ids = [o.id for o in issue.options]
                    step = -1 if key in ("left", "h") else 1
                    self.package[issue.id] = ids[(ids.index(self.package[issue.id]) + step) % len(ids)]
            elif key in ("enter", "!"):
                override = key == "!"
                if self.partial:
                    k = issues[self.cursor].id
                    self._send(Move("partial", {k: self.package[k]}, override))
                else:
                    self._send(Move("propose", dict(self.package), override))
            return
        if key == "q":
            if v.finished:
                self.done = True
            else:
                self.mode = "confirm-quit"
        elif key == "l":
            self.show_log = not self.show_log
        elif key in ("p", "t"):
            if not v.due or v.question != "propose":
                self.message = "not your turn to propose" if not v.finished else "the game is over"
                return
            self.partial = key == "t"
            if self.partial and not self._issues(v):
                self.message = "no separable issue is open"
                return
            self.package = {i.id: i.settled or i.status_quo or i.options[0].id for i in v.issues}
            self.cursor = 0
            self.mode = "edit"
        elif key in ("a", "r"):
            self._send(Move("accept" if key == "a" else "reject"))
        elif key == "w":
            self.mode = "confirm-walk"


def play_interactive(game: Game, seat: str) -> None:
    """Run the full-screen game until the person leaves (``q``) or the game ends and they leave."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    screen = Screen(game, seat)

    def body() -> FormattedText:
        parts: list[tuple[str, str]] = []
        for style, text in screen.lines():
            parts.append((style, text + "\n"))
        return FormattedText(parts)

    def footer() -> FormattedText:
        return FormattedText([("bold", screen.message + "\n"), ("reverse", " " + screen.keys() + " ")])

    kb = KeyBindings()
    names = [
        "a",
        "r",
        "w",
        "p",
        "t",
        "l",
        "q",
        "y",
        "n",
        "j",
        "k",
        "h",
        "!",
        "up",
        "down",
        "left",
        "right",
        "enter",
        "escape",
    ]
    for name in names:
        key = "c-m" if name == "enter" else name

        @kb.add(key, eager=True)
        def _(event: Any, name: str = name) -> None:
            screen.press(name)
            if screen.done:
                event.app.exit()

    @kb.add("c-c")
    def _quit(event: Any) -> None:
        event.app.exit()

    layout = Layout(
        HSplit(
            [
                Window(FormattedTextControl(body), wrap_lines=True),
                Window(FormattedTextControl(footer), height=2),
            ]
        )
    )
    Application(layout=layout, key_bindings=kb, full_screen=True, mouse_support=False).run()
