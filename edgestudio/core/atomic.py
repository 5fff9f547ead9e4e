"""Writes that are either complete or absent: a kill mid-write never leaves half a file.

Also the one place that turns an ``OSError`` from a write into the error the person at the
kiosk reads: a full disk and a read-only folder say so, and that nothing was changed.
Any thread.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from edgestudio.core.errors import StorageError, StorageFullError, StorageReadOnlyError
from edgestudio.core.messages import Text

FULL_DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def write_error(exc: OSError, what: str, folder: Path, undone: str = "nothing was changed") -> StorageError:
    """The StorageError for a failed write of ``what`` into ``folder``.

    ``undone`` finishes the hint ("nothing was changed", "the previous version was kept").
    """
    if exc.errno in FULL_DISK_ERRNOS:
        return StorageFullError(
            Text("The disk is full: {what} could not be saved in {folder}.", what=what, folder=str(folder)),
            Text("Free some space and try again; {undone}.", undone=undone),
        )
    if exc.errno in READ_ONLY_ERRNOS:
        return StorageReadOnlyError(
            Text("{folder} is read-only: {what} could not be saved.", folder=str(folder), what=what),
            Text(
                "Make the folder writable (or mount the disk read-write) and try again; {undone}.",
                undone=undone,
            ),
        )
    return StorageError(
        Text(
            "{what} could not be saved in {folder}: {error}.",
            what=what,
            folder=str(folder),
            error=exc.strerror or str(exc),
        ),
        f"{undone.capitalize()}.",
    )


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file inside ``folder`` durable (no-op where unsupported)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file and an atomic rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(exc, path.name, path.parent, "the previous version was kept") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise write_error(exc, path.name, path.parent, "the previous version was kept") from exc
    fsync_folder(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
