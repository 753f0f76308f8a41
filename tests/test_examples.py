"""Every example validates and its main job runs (the README's first command)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*/scenario.yaml"))


@pytest.mark.parametrize("scenario", EXAMPLES, ids=lambda p: p.parent.name)
def test_example_runs(scenario: Path) -> None:
    for command in ("validate", "analyze"):
        r = subprocess.run(
            [sys.executable, "-m", "accord", command, str(scenario)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
    assert (scenario.parent / "README.md").is_file()


def _readme_commands(readme: Path) -> list[tuple[str, list[str]]]:
    """The ``accord ...`` lines of a README's bash blocks, with ``$F`` expanded and comments dropped."""
    import re
    import shlex

    text = readme.read_text()
    env = dict(re.findall(r"^(\w+)=(\S+)$", text, flags=re.M))
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("accord "):
                args = [env.get(a[1:], a) if a.startswith("$") else a for a in shlex.split(line)[1:]]
                out.append((line, args))
    return out


@pytest.mark.parametrize("readme", [p.parent / "README.md" for p in EXAMPLES], ids=lambda p: p.parent.name)
def test_readme_commands_run_and_figures_hold(
    readme: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from accord.cli import main

    root = readme.parents[2]
    monkeypatch.chdir(root)
    outputs = {}
    for line, args in _readme_commands(readme):
        args = [str(tmp_path / a) if a.endswith(".png") else a for a in args]
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, f"{line}\n{r.output}"
        outputs[line] = r.output
    if readme.parent.name == "ukraine-2025":
        # The figures the README quotes are what the commands print.
        runs = [out for line, out in outputs.items() if line.startswith("accord simulate")]
        assert "russia         0.4807" in runs[0] and "ended by horizon in round 26" in runs[0]
        assert "russia         0.4719" in runs[1] and "I4 = conditional (round 8, 2025-05-12)" in runs[1]
        assert "deadline (usa) in round 9" in runs[2]
        deals = [out for line, out in outputs.items() if line.startswith("accord deals")]
        assert (
            "zone of possible agreement: NONE" in deals[0]
            and "total cost 0.1504; must move: russia" in deals[0]
        )
        assert "Pareto frontier: 78 packages" in deals[1]
