"""``accord play --db``: the game is stored on the scenario's stored version and replays from the store."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import accord
from accord.cli import main
from accord.play import Game
from accord.store import Store

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
SCRIPT = ROOT / "examples" / "ukraine-2025" / "play-ukraine.yaml"


def test_games_are_stored_on_one_scenario_and_replay(tmp_path: Path) -> None:
    db = tmp_path / "games.db"
    args = ["play", str(FLAGSHIP), "--as", "ukraine", "--script", str(SCRIPT), "--no-debrief"]
    docs = []
    for _ in range(2):
        r = CliRunner().invoke(main, [*args, "--db", str(db), "--json"])
        assert r.exit_code == 0, r.output
        docs.append(json.loads(r.stdout))
    with Store(str(db)) as store:
        assert len(store.list_scenarios()) == 1  # the same file is stored once
        games = store.games()
        assert [g.status for g in games] == ["finished", "finished"]
        assert games[0].seats["ukraine"] == "person"
        scenario = store.get_scenario(games[0].scenario_id, games[0].version, parse=True).scenario
    replayed = Game.replay(scenario, games[0].trace)
    assert replayed.trace() == games[0].trace
    assert replayed.report(debrief=False).to_dict() == docs[0]
    assert accord.load_scenario(FLAGSHIP).title == scenario.title
