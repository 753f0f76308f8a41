"""Side-by-side benchmarks of accord and its peers (``python benchmarks/run.py --peers``).

Modules: :mod:`.problems` (the problems, written once as Genius XML folders), :mod:`.environment` (the
peer's own virtual environment, pinned), :mod:`.measure` (whole-process wall time and peak RSS),
:mod:`.answers` (do both give the same answer?), :mod:`.tasks` (what is run), :mod:`.table` (the
Markdown table) and :mod:`.harness` (the run). ``accord_runner.py`` and ``negmas_runner.py`` are the
child processes; the NegMAS one imports nothing from accord.
"""
