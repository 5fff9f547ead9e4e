"""SQLite storage shared by every feature: WAL mode, one transaction per logical write, and
numbered schema migrations. A kill at any instant leaves a consistent database: SQLite's
journal rolls back any transaction that did not commit.

Storage faults are told apart from damage: a full disk (SQLITE_FULL, ENOSPC) or a read-only
folder (SQLITE_READONLY, EROFS, SQLITE_CANTOPEN in a read-only folder) says so and that
nothing was changed; only SQLITE_CORRUPT and SQLITE_NOTADB call a file damaged.

When the data folder cannot be written, a database can still be used from a copy in memory:
``fallback="snapshot"`` keeps it readable and refuses writes (the face gallery),
``fallback="memory"`` also keeps writes for this run only (chat and transcript history).

A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is never copied, repaired or deleted. With
``fallback="snapshot"`` the database opens EMPTY in memory, read-only, with ``problem`` the
StorageDamagedError, so the caller can show it and offer ``set_aside``; with
``fallback="memory"`` the damaged file is set aside at once (renamed, kept for recovery) and
a new one started, since such histories hold no secrets and nothing is lost by it.

A ``Database`` is used from one thread at a time (``check_same_thread`` stays on).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from edgestudio.core.errors import (
    StorageDamagedError,
    StorageError,
    StorageFullError,
    StorageReadOnlyError,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
StorageStatus = Literal["writable", "read-only", "full"]
Fallback = Literal["none", "snapshot", "memory"]

LOW_SPACE_BYTES = 1 << 20  # less than 1 MiB free counts as a full disk
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class StorageState:
    """Whether a folder can take writes, decided by writing a probe file there."""

    status: StorageStatus
    folder: Path
    free_bytes: int | None = None
    detail: str = ""

    @property
    def writable(self) -> bool:
        return self.status == "writable"

    def message(self) -> str:
        """One sentence for the log, the CLI and the status bar (English)."""
        if self.status == "read-only":
            return f"The data folder {self.folder} is read-only: nothing is saved."
        if self.status == "full":
            free = "" if self.free_bytes is None else f" ({self.free_bytes // 1024} KB free)"
            return f"The disk holding the data folder {self.folder} is full{free}: nothing is saved."
        return f"The data folder {self.folder} is writable."

    def consequences(self) -> str:
        """What keeps working and what is not kept, for the banner and the CLI."""
        if self.writable:
            return ""
        return (
            "Detection, transcription and chat work; the face gallery can be read but not changed; "
            "chat conversations, transcripts, added models and settings are not saved."
        )

    def hint(self) -> str:
        if self.status == "read-only":
            return "Remount the data folder read-write, or set EDGESTUDIO_HOME to a writable folder."
        if self.status == "full":
            return "Free some space on that disk, then restart EdgeStudio."
        return ""

    def error(self, what: str) -> StorageError:
        """The refusal for a write of ``what`` in this state ("nothing was changed")."""
        if self.status == "full":
            return StorageFullError(
                f"The disk is full: {what} was not saved; nothing was changed.", self.hint()
            )
        return StorageReadOnlyError(
            f"The data folder {self.folder} is read-only: {what} was not saved; nothing was changed.",
            self.hint(),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "folder": str(self.folder),
            "free_bytes": self.free_bytes,
            "message": self.message(),
            "detail": self.detail,
        }


def _free_bytes(folder: Path) -> int | None:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def probe_storage(folder: Path, min_free_bytes: int = LOW_SPACE_BYTES) -> StorageState:
    """Create ``folder`` if needed and write (then remove) a probe file in it; any thread."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-probe-", dir=folder)
        try:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(probe)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        if exc.errno in FULL_ERRNOS:
            return StorageState("full", folder, _free_bytes(folder), detail)
        return StorageState("read-only", folder, _free_bytes(folder), detail)
    free = _free_bytes(folder)
    if free is not None and free < min_free_bytes:
        return StorageState("full", folder, free, f"{free} bytes free")
    return StorageState("writable", folder, free)


def _sqlite_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF  # the primary result code


def storage_error(exc: BaseException, path: Path, what: str) -> StorageError:
    """Turn a sqlite3 or OS error about ``path`` into the matching StorageError subclass.

    ``what`` names the data in words ("the change", "the face gallery"). Only SQLITE_CORRUPT
    and SQLITE_NOTADB make a StorageDamagedError.
    """
    if isinstance(exc, StorageError):
        return exc
    code = _sqlite_code(exc) if isinstance(exc, sqlite3.Error) else None
    os_errno = exc.errno if isinstance(exc, OSError) else None
    text = str(exc)
    if code == sqlite3.SQLITE_FULL or os_errno in FULL_ERRNOS:
        return StorageFullError(
            f"The disk is full: {what} was not saved; nothing was changed.",
            "Free some space and try again; the data already saved is intact.",
        )
    read_only = code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM) or os_errno in READ_ONLY_ERRNOS
    if code == sqlite3.SQLITE_CANTOPEN and not probe_storage(path.parent, 0).writable:
        read_only = True
    if read_only:
        return StorageReadOnlyError(
            f"{path.name} cannot be written (the folder {path.parent} is read-only): "
            f"{what} was not saved; nothing was changed.",
            "Remount it read-write, or set EDGESTUDIO_HOME to a writable folder.",
        )
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StorageDamagedError(
            f"The database {path} is damaged ({text}).",
            "Move it aside and EdgeStudio will start a new one; keep the old file for recovery.",
        )
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StorageError(
            f"The database {path.name} is in use by another program: {what} was not saved.",
            "Close the other EdgeStudio window or command and try again.",
        )
    return StorageError(f"The database {path} could not be used: {text}.", "The details are in the log file.")


def set_aside(path: Path) -> Path:
    """Rename the database ``path`` and its side files to ``<name>.damaged-YYYYmmdd-HHMMSS``
    (the side files keep their suffix after that name, so SQLite can open the kept copy with
    its WAL) and return the new path of the database file. Nothing is deleted or rewritten.

    The side files go first: a database file must never be left beside a WAL that belongs to
    another file. Calling thread; nothing may have the database open. Raises StorageError
    (read-only, full, ...) when the files cannot be renamed; whatever was not renamed then
    stays where it was.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", *SIDE_FILES)):
        number += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    try:
        for suffix in (*SIDE_FILES, ""):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.rename(source, f"{target}{suffix}")
        _sync_folder(path.parent)
    except OSError as exc:
        raise storage_error(exc, path, f"setting {path.name} aside") from exc
    log.warning("the damaged database %s was set aside as %s", path, target.name)
    return target


def _sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_database_files(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


class Database:
    """A connection with the project's pragmas and a ``migrations`` list applied in order.

    ``persistent`` is False when the data lives in memory because the folder cannot be
    written or the file is damaged (``problem`` says why); ``writable`` is False for a
    read-only snapshot; ``damaged`` is True when ``problem`` is a StorageDamagedError (the
    database is then empty). ``set_aside_as`` is where a damaged file was moved to when
    ``fallback="memory"`` started a new one, and ``notice`` says so in a sentence.
    """

    def __init__(self, path: Path, migrations: Sequence[str], fallback: Fallback = "none") -> None:
        self.path = path
        self.fallback: Fallback = fallback
        self.persistent = True
        self.writable = True
        self.problem: StorageError | None = None
        self.set_aside_as: Path | None = None
        self._migrations = list(migrations)
        state = probe_storage(path.parent)
        if state.writable:
            try:
                self.conn = self._open_file()
                return
            except StorageDamagedError as exc:
                if fallback == "none":
                    raise
                if fallback == "memory":
                    self.conn = self._start_anew(exc)
                    return
                self._use_empty(exc)
                return
            except (StorageFullError, StorageReadOnlyError) as exc:
                if fallback == "none":
                    raise
                self.problem = exc
        else:
            self.problem = state.error("the change")
            if fallback == "none":
                raise self.problem
        log.warning("%s is used from memory: %s", path.name, self.problem)
        try:
            self.conn = self._open_copy()
        except StorageDamagedError as exc:  # damaged, in a folder where it cannot be set aside
            self._use_empty(exc)
            return
        self.persistent = False
        self.writable = fallback == "memory"

    @property
    def damaged(self) -> bool:
        """True when the file is damaged and this database is an empty stand-in for it."""
        return isinstance(self.problem, StorageDamagedError)

    @property
    def notice(self) -> str:
        """What happened to a damaged file that was set aside, in one sentence; "" if nothing."""
        if self.set_aside_as is None:
            return ""
        return (
            f"{self.path.name} was damaged: it was kept as {self.set_aside_as.name} and a new "
            "one was started."
        )

    # -- opening ---------------------------------------------------------------------------
    def _connect(self, target: str, uri: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=10, isolation_level=None, uri=uri)
        conn.row_factory = sqlite3.Row
        return conn

    def _open_file(self) -> sqlite3.Connection:
        existed = self.path.exists()
        conn: sqlite3.Connection | None = None
        try:
            conn = self._connect(str(self.path))
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._migrate(conn)
            return conn
        except (sqlite3.Error, OSError, StorageError) as exc:
            if conn is not None:
                conn.close()
            if not existed:  # a new file that could not be set up: leave nothing behind
                _remove_database_files(self.path)
            raise storage_error(exc, self.path, "the database") from exc

    def _use_empty(self, problem: StorageDamagedError) -> None:
        """Stand in for a damaged file with an empty database in memory; the file is left
        exactly as it is. Writes go to memory only with ``fallback="memory"``."""
        log.error("%s; an empty database stands in for it until it is set aside", problem)
        self.problem = problem
        self.conn = self._connect(":memory:")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._migrate(self.conn)
        self.persistent = False
        self.writable = self.fallback == "memory"

    def _start_anew(self, problem: StorageDamagedError) -> sqlite3.Connection:
        """Set the damaged file aside and start a new one; if even that fails, work from an
        empty database in memory."""
        try:
            self.set_aside_as = set_aside(self.path)
            conn = self._open_file()
        except StorageError as exc:
            log.error("%s could not be set aside and started anew: %s", self.path, exc)
            self._use_empty(problem)
            return self.conn
        log.warning("%s", self.notice)
        return conn

    def _open_copy(self) -> sqlite3.Connection:
        """An in-memory copy of the file (if there is one), migrated; for unwritable folders."""
        memory = self._connect(":memory:")
        if self.path.exists():
            try:
                self._copy_into(memory)
            except sqlite3.Error as exc:
                memory.close()
                raise storage_error(exc, self.path, "the database") from exc
        memory.execute("PRAGMA foreign_keys=ON")
        self._migrate(memory)
        return memory

    def _copy_into(self, memory: sqlite3.Connection) -> None:
        # mode=ro reads a WAL database whose -shm exists; a read-only folder without one needs
        # immutable=1 (safe there: nothing can change the file while the folder is read-only).
        base = self.path.resolve().as_uri()
        for query in ("?mode=ro", "?immutable=1"):
            source = self._connect(base + query, uri=True)
            try:
                source.backup(memory)
                return
            except sqlite3.Error as exc:
                if _sqlite_code(exc) != sqlite3.SQLITE_CANTOPEN or query == "?immutable=1":
                    raise
            finally:
                source.close()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for number, script in enumerate(self._migrations[version:], start=version + 1):
            with self._transaction(conn, "the database upgrade"):
                for statement in filter(str.strip, script.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={number}")
            log.info("%s migrated to schema %d", self.path.name, number)

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection, what: str) -> Iterator[sqlite3.Connection]:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path, what) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, IOERR):
            # a second ROLLBACK would fail with "no transaction is active".
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    log.exception("ROLLBACK of %s failed", self.path.name)
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise storage_error(exc, self.path, what) from exc
            raise

    def transaction(self, what: str = "the change") -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (calling thread).

        A full disk raises StorageFullError, a read-only file StorageReadOnlyError, both
        saying nothing was changed; a read-only snapshot refuses before writing.
        """
        if not self.writable:
            raise self.refusal(what)
        return self._transaction(self.conn, what)

    def write(self, work: Callable[[sqlite3.Connection], T], what: str = "the change") -> T:
        """Run ``work`` in one transaction. With ``fallback="memory"``, a full or read-only
        disk moves the database into memory (kept for this run, not saved) and ``work`` runs
        there; ``problem`` then says why nothing is saved any more. Calling thread."""
        try:
            with self.transaction(what) as conn:
                return work(conn)
        except (StorageFullError, StorageReadOnlyError) as exc:
            if self.fallback != "memory" or not self.persistent:
                raise
            self._move_to_memory(exc)
        with self.transaction(what) as conn:
            return work(conn)

    def _move_to_memory(self, problem: StorageError) -> None:
        memory = self._connect(":memory:")
        self.conn.backup(memory)
        memory.execute("PRAGMA foreign_keys=ON")
        self.conn.close()
        self.conn = memory
        self.persistent = False
        self.problem = problem
        log.warning("%s is kept in memory from now on: %s", self.path.name, problem)

    def refusal(self, what: str) -> StorageError:
        """The error for a write of ``what`` this database cannot take (any thread)."""
        problem = self.problem
        if isinstance(problem, StorageDamagedError):
            return StorageDamagedError(
                f"{what[0].upper()}{what[1:]} was not saved: {self.path} is damaged; nothing was changed.",
                problem.hint,
            )
        if isinstance(problem, StorageFullError):
            return StorageFullError(
                f"The disk is full: {what} was not saved; nothing was changed.", problem.hint
            )
        hint = problem.hint if problem is not None else ""
        return StorageReadOnlyError(
            f"{what[0].upper()}{what[1:]} was not saved: the folder {self.path.parent} cannot be "
            "written; nothing was changed.",
            hint,
        )

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def close(self) -> None:
        self.conn.close()
