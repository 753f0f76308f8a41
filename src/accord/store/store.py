"""The store: scenarios (see ``_scenarios``) and what hangs off them.

Analysis runs, sweep results (Parquet files by hash), extracted evidence and wargame traces.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from ..errors import InputError
from . import _tables as t
from ._base import _int_id, new_id, utc, utcnow
from ._checks import STATEMENT_KEYS, check_json, check_name, check_seed, check_statements
from ._scenarios import ScenarioStore
from .errors import NotFound
from .records import EvidenceRecord, GameRecord, RunRecord, SweepRecord

__all__ = ["GAME_STATUSES", "Store"]

#: The states a stored game can be in.
GAME_STATUSES = ("running", "finished", "abandoned")

_PARQUET_MAGIC = b"PAR1"


class Store(ScenarioStore):
    """accord's persistent store: scenarios with their full history, runs, sweeps, evidence and games.

    SQLite by default (``accord.db`` in the user's data directory; ``$ACCORD_DB`` or ``url`` for
    another file), PostgreSQL by URL. Every method that writes is one transaction: it happens whole or
    not at all, even if the process is killed in the middle. Ids that do not exist raise
    :class:`~accord.store.NotFound`.

    Parameters
    ----------
    url : str, optional
        ``sqlite:///FILE``, ``postgresql://USER:PASSWORD@HOST/DB`` or a plain path to a SQLite file.

    Examples
    --------
    >>> from pathlib import Path
    >>> import tempfile
    >>> from accord.store import Store
    >>> text = Path("examples/ukraine-2025/scenario.yaml").read_text()
    >>> with tempfile.TemporaryDirectory() as tmp, Store(f"{tmp}/accord.db") as store:
    ...     sid = store.add_scenario(text, "yaml", author="ana")
    ...     v2 = store.update_scenario(sid, text.replace("capability: 35", "capability: 40"), "yaml", "ana")
    ...     [c.path for c in store.history(sid)[-1].changes]
    ['actors[russia].capability']
    """

    # -- analysis runs -----------------------------------------------------------------------------------

    def save_run(
        self,
        scenario_id: int,
        version: int,
        kind: str,
        spec: dict[str, Any],
        seed: int,
        result: dict[str, Any],
    ) -> int:
        """Store an analysis result computed on one version of a scenario; returns the run's id.

        Parameters
        ----------
        scenario_id, version : int
            The scenario version analysed; its text's sha256 is stored as the input hash.
        kind : str
            The result's kind (``analysis``, ``forecast``...); must match ``result["kind"]``.
        spec : dict
            What was asked for.
        seed : int
        result : dict
            The analysis layer's JSON document (``result.to_dict()``).

        Raises
        ------
        NotFound
            When there is no such scenario or version.
        InputError
            For a kind that does not match the result, or data that is not strict JSON.
        """
        if not isinstance(kind, str) or not kind or len(kind) > 40:
            raise InputError.single("kind", f"expected a result kind such as 'analysis', got {kind!r}")
        check_json(spec, "spec")
        check_json(result, "result")
        if "kind" in result and result["kind"] != kind:
            raise InputError.single("kind", f"{kind!r} does not match the result's kind {result['kind']!r}")
        seed = check_seed(seed)
        from .. import __version__

        with self._write() as conn:
            v = self._version_row(conn, scenario_id, version)
            rid = new_id(
                conn.execute(
                    t.runs.insert().values(
                        scenario_id=v.scenario_id,
                        version=v.version,
                        kind=kind,
                        spec=spec,
                        seed=seed,
                        input_sha256=v.sha256,
                        accord_version=__version__,
                        result=result,
                        created_at=utcnow(),
                    )
                )
            )
        return int(rid)

    def get_run(self, run_id: int) -> RunRecord:
        """One stored run (its result as the analysis layer's JSON; ``.document()`` gives the typed one)."""
        with self._read() as conn:
            row = conn.execute(sa.select(t.runs).where(t.runs.c.id == _int_id(run_id, "run"))).first()
        if row is None:
            raise NotFound("run", run_id)
        return _run(row)

    def runs(self, scenario_id: int) -> list[RunRecord]:
        """Every run of a scenario (any version), oldest first."""
        with self._read() as conn:
            self._scenario_row(conn, scenario_id)
            rows = conn.execute(
                sa.select(t.runs).where(t.runs.c.scenario_id == scenario_id).order_by(t.runs.c.id)
            )
            return [_run(r) for r in rows]

    # -- sweeps ------------------------------------------------------------------------------------------

    def add_sweep(
        self,
        path: str | os.PathLike[str],
        scenario_id: int | None = None,
        version: int | None = None,
        label: str = "",
        spec: dict[str, Any] | None = None,
    ) -> int:
        """Record a Parquet file of sweep results by path and sha256 (the file itself stays where it is).

        Parameters
        ----------
        path : path-like
            The Parquet file; it is hashed now, so a later change to it is detected by
            :meth:`verify_sweep`.
        scenario_id, version : int, optional
            The scenario version swept (the current one when only ``scenario_id`` is given).
        label : str
        spec : dict, optional
            The sweep's specification.

        Raises
        ------
        InputError
            When the file is missing, unreadable or not Parquet.
        NotFound
            When there is no such scenario or version.
        """
        label = check_name(label, "label", required=False)
        file = Path(path).expanduser().resolve()
        sha, n_bytes = _hash_parquet(file, str(path))
        check_json(spec or {}, "spec")
        with self._write() as conn:
            if scenario_id is not None:
                v = self._version_row(conn, scenario_id, version)
                scenario_id, version = v.scenario_id, v.version
            elif version is not None:
                raise InputError.single("version", "a version needs its scenario_id")
            sid = new_id(
                conn.execute(
                    t.sweeps.insert().values(
                        scenario_id=scenario_id,
                        version=version,
                        label=label,
                        path=str(file),
                        sha256=sha,
                        n_bytes=n_bytes,
                        spec=spec or {},
                        created_at=utcnow(),
                    )
                )
            )
        return int(sid)

    def get_sweep(self, sweep_id: int) -> SweepRecord:
        """One recorded sweep."""
        with self._read() as conn:
            row = conn.execute(sa.select(t.sweeps).where(t.sweeps.c.id == _int_id(sweep_id, "sweep"))).first()
        if row is None:
            raise NotFound("sweep", sweep_id)
        return _sweep(row)

    def sweeps(self, scenario_id: int | None = None) -> list[SweepRecord]:
        """Recorded sweeps (of one scenario, or all), oldest first."""
        query = sa.select(t.sweeps).order_by(t.sweeps.c.id)
        with self._read() as conn:
            if scenario_id is not None:
                self._scenario_row(conn, scenario_id)
                query = query.where(t.sweeps.c.scenario_id == scenario_id)
            return [_sweep(r) for r in conn.execute(query)]

    def verify_sweep(self, sweep_id: int) -> bool:
        """Whether a sweep's file is still there with the recorded sha256."""
        rec = self.get_sweep(sweep_id)
        try:
            return _hash_parquet(Path(rec.path), rec.path)[0] == rec.sha256
        except InputError:
            return False

    # -- evidence ----------------------------------------------------------------------------------------

    def add_evidence(self, scenario_id: int, statements: list[dict[str, Any]]) -> list[int]:
        """Store statements extracted from text (the ``statements`` of ``accord extract --json``).

        Parameters
        ----------
        scenario_id : int
        statements : list of dict
            Keys among :data:`~accord.store.STATEMENT_KEYS`; ``act`` is required, ``quote`` and
            ``sentence`` are text, ``start``/``end`` character offsets, ``confidence`` in [0, 1].

        Returns
        -------
        list of int
            The stored statements' ids, in order.

        Raises
        ------
        InputError
            Listing every malformed statement (``statements[3].start``); nothing is stored.
        NotFound
            When there is no such scenario.
        """
        rows = check_statements(statements)
        now = utcnow()
        ids: list[int] = []
        with self._write() as conn:
            self._scenario_row(conn, scenario_id, lock=True)
            base = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(t.evidence.c.ordinal), -1)).where(
                    t.evidence.c.scenario_id == scenario_id
                )
            ).scalar_one()
            for k, row in enumerate(rows):
                values = row | {"scenario_id": scenario_id, "ordinal": base + 1 + k, "added_at": now}
                ids.append(new_id(conn.execute(t.evidence.insert().values(**values))))
        return ids

    def evidence(self, scenario_id: int) -> list[EvidenceRecord]:
        """A scenario's stored statements, in the order they were added."""
        e = t.evidence
        with self._read() as conn:
            self._scenario_row(conn, scenario_id)
            rows = conn.execute(
                sa.select(e).where(e.c.scenario_id == scenario_id).order_by(e.c.ordinal)
            ).all()
        return [
            EvidenceRecord(
                r.id, r.scenario_id, utc(r.added_at), {k: getattr(r, k) for k in STATEMENT_KEYS}, r.dismissed
            )
            for r in rows
        ]

    def dismiss_evidence(self, scenario_id: int, ids: list[int], dismissed: bool = True) -> None:
        """Set stored statements aside (``dismissed=False``: take them back), in one transaction.

        A dismissed statement is kept, with its quote, and proposes no change to the scenario.

        Raises
        ------
        NotFound
            When there is no such scenario, or an id is not one of its statements (nothing changes).
        """
        e = t.evidence
        with self._write() as conn:
            self._scenario_row(conn, scenario_id, lock=True)
            found = set(
                conn.execute(
                    sa.select(e.c.id).where(e.c.scenario_id == scenario_id, e.c.id.in_(ids))
                ).scalars()
            )
            if missing := sorted(set(ids) - found):
                raise NotFound("statement", f"{missing[0]} of scenario {scenario_id}")
            conn.execute(e.update().where(e.c.id.in_(ids)).values(dismissed=bool(dismissed)))

    # -- games -------------------------------------------------------------------------------------------

    def save_game(
        self,
        scenario_id: int,
        version: int | None,
        seats: dict[str, Any],
        seed: int,
        trace: dict[str, Any],
        status: str = "running",
    ) -> int:
        """Store a new game on a scenario version (None: the current one); returns the game's id."""
        check_json(seats, "seats")
        check_json(trace, "trace")
        seed = check_seed(seed)
        _check_status(status)
        now = utcnow()
        with self._write() as conn:
            v = self._version_row(conn, scenario_id, version)
            gid = new_id(
                conn.execute(
                    t.games.insert().values(
                        scenario_id=v.scenario_id,
                        version=v.version,
                        seed=seed,
                        seats=seats,
                        status=status,
                        trace=trace,
                        created_at=now,
                        updated_at=now,
                    )
                )
            )
        return int(gid)

    def update_game(self, game_id: int, trace: dict[str, Any], status: str | None = None) -> None:
        """Replace a game's trace (after a move) and optionally its status, in one transaction."""
        check_json(trace, "trace")
        values: dict[str, Any] = {"trace": trace, "updated_at": utcnow()}
        if status is not None:
            values["status"] = _check_status(status)
        with self._write() as conn:
            done = conn.execute(
                t.games.update().where(t.games.c.id == _int_id(game_id, "game")).values(**values)
            )
            if done.rowcount == 0:
                raise NotFound("game", game_id)

    def get_game(self, game_id: int) -> GameRecord:
        """One stored game."""
        with self._read() as conn:
            row = conn.execute(sa.select(t.games).where(t.games.c.id == _int_id(game_id, "game"))).first()
        if row is None:
            raise NotFound("game", game_id)
        return _game(row)

    def games(self, scenario_id: int | None = None) -> list[GameRecord]:
        """Stored games (of one scenario, or all), oldest first."""
        query = sa.select(t.games).order_by(t.games.c.id)
        with self._read() as conn:
            if scenario_id is not None:
                self._scenario_row(conn, scenario_id)
                query = query.where(t.games.c.scenario_id == scenario_id)
            return [_game(r) for r in conn.execute(query)]


def _check_status(status: str) -> str:
    if status not in GAME_STATUSES:
        raise InputError.single(
            "status", f"unknown game status {status!r}; expected one of {', '.join(GAME_STATUSES)}"
        )
    return status


def _hash_parquet(file: Path, name: str) -> tuple[str, int]:
    """sha256 and size of a Parquet file, read in blocks; InputError when it is not one."""
    digest = hashlib.sha256()
    try:
        with file.open("rb") as fh:
            head = fh.read(4)
            fh.seek(0, os.SEEK_END)
            n_bytes = fh.tell()
            fh.seek(max(n_bytes - 4, 0))
            tail = fh.read(4)
            # Parquet files begin and end with the magic bytes PAR1.
            if n_bytes < 12 or head != _PARQUET_MAGIC or tail != _PARQUET_MAGIC:
                raise InputError.single(name, "is not a Parquet file (no PAR1 magic at both ends)")
            fh.seek(0)
            while block := fh.read(1 << 20):
                digest.update(block)
    except OSError as err:
        raise InputError.single(name, f"cannot be read: {err.strerror or err}") from None
    return digest.hexdigest(), n_bytes


def _run(r: Row[Any]) -> RunRecord:
    return RunRecord(
        id=r.id,
        scenario_id=r.scenario_id,
        version=r.version,
        kind=r.kind,
        spec=r.spec,
        seed=r.seed,
        input_sha256=r.input_sha256,
        accord_version=r.accord_version,
        result=r.result,
        created_at=utc(r.created_at),
    )


def _sweep(r: Row[Any]) -> SweepRecord:
    return SweepRecord(
        id=r.id,
        scenario_id=r.scenario_id,
        version=r.version,
        label=r.label,
        path=r.path,
        sha256=r.sha256,
        n_bytes=r.n_bytes,
        spec=r.spec,
        created_at=utc(r.created_at),
    )


def _game(r: Row[Any]) -> GameRecord:
    return GameRecord(
        id=r.id,
        scenario_id=r.scenario_id,
        version=r.version,
        seed=r.seed,
        seats=r.seats,
        status=r.status,
        trace=r.trace,
        created_at=utc(r.created_at),
        updated_at=utc(r.updated_at),
    )
