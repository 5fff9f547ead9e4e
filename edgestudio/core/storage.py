"""SQLite storage shared by every feature: WAL mode, one transaction per logical write, and
numbered schema migrations. A kill at any instant leaves a consistent database: SQLite's
journal rolls back any transaction that did not commit.

A ``Database`` is used from one thread at a time (``check_same_thread`` stays on).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from edgestudio.core.errors import StorageError

log = logging.getLogger(__name__)


class Database:
    """A connection with the project's pragmas and a ``migrations`` list applied in order."""

    def __init__(self, path: Path, migrations: Sequence[str]) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate(migrations)
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                f"The database {path.name} cannot be opened: {exc}.",
                "It may be damaged; move it aside and EdgeStudio will start a new one.",
            ) from exc

    def _migrate(self, migrations: Sequence[str]) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        for number, script in enumerate(migrations[version:], start=version + 1):
            with self.transaction():
                for statement in filter(str.strip, script.split(";")):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={number}")
            log.info("%s migrated to schema %d", self.path.name, number)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error; disk-full becomes StorageError."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StorageError(f"The database {self.path.name} is busy or read-only: {exc}.") from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
                raise StorageError(
                    "The disk is full: the change was not saved.", "Free some space and try again."
                ) from exc
            raise

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        self.conn.close()
