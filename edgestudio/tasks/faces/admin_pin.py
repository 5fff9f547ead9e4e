"""The device's one admin PIN: the face gallery's PIN, checked with a rate limit and every
attempt written to the gallery's hash-chained audit log.

The kiosk's admin drawer and ``edgestudio kiosk reset-pin`` use this; the gallery stays the
only keeper of the secret (an scrypt-derived key checked by a sealed verifier), so there is
one PIN to remember and nothing new to steal. Qt-free; used from one thread at a time.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from edgestudio.core.device_key import DeviceKeyState
from edgestudio.core.messages import Text
from edgestudio.core.pin_guard import GuardStatus, PinPolicy, PinRateLimiter
from edgestudio.tasks.faces.crypto import WrongPin
from edgestudio.tasks.faces.gallery import Gallery
from edgestudio.tasks.faces.gallery_keys import BoundElsewhere

log = logging.getLogger(__name__)

GALLERY_FILE = "faces.db"
GUARD_FILE = "admin-pin-guard.json"
AUDIT_SUBJECT = "kiosk-admin"


@dataclass(frozen=True)
class PinCheck:
    """The answer to one attempt. ``message`` is written for the person at the screen."""

    accepted: bool
    status: GuardStatus
    message: str


def _wait_text(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


class AdminPin:
    """Checks or sets the admin PIN of the gallery in ``data_dir``.

    Opens its own connection to the gallery database (SQLite serialises it with the Faces
    tab's) and locks it again after every check, so checking the PIN never unlocks the
    Faces tab's gallery.
    """

    def __init__(
        self, data_dir: Path, policy: PinPolicy | None = None, device: DeviceKeyState | None = None
    ) -> None:
        self.data_dir = data_dir
        self.gallery = Gallery(data_dir / GALLERY_FILE, device=device)
        self.limiter = PinRateLimiter(data_dir / GUARD_FILE, policy)

    @property
    def has_pin(self) -> bool:
        return self.gallery.has_pin

    def status(self) -> GuardStatus:
        return self.limiter.status()

    def check(self, pin: str) -> PinCheck:
        """One attempt: refused while a delay runs, else verified against the gallery."""
        status = self.limiter.status()
        if not status.may_try:
            self.gallery.log("admin-pin-refused", AUDIT_SUBJECT, f"waiting {status.wait_s:.0f} s")
            return PinCheck(False, status, self._refusal(status))
        try:
            self.gallery.unlock(pin)
        except BoundElsewhere as exc:
            # Not a wrong PIN: no PIN can open it here, so nothing is counted.
            self.gallery.log("admin-pin-refused", AUDIT_SUBJECT, "the gallery is bound to another device")
            return PinCheck(False, status, Text("{message} {hint}", message=exc.message, hint=exc.hint))
        except WrongPin:
            status = self.limiter.record_failure()
            self.gallery.log("admin-pin-wrong", AUDIT_SUBJECT, f"next attempt in {status.wait_s:.0f} s")
            if status.locked_out:
                return PinCheck(False, status, self._refusal(status))
            return PinCheck(False, status, f"Wrong PIN. You can try again in {_wait_text(status.wait_s)}.")
        finally:
            self.gallery.lock()
        self.limiter.record_success()
        self.gallery.log("admin-pin-accepted", AUDIT_SUBJECT, "")
        return PinCheck(True, self.limiter.status(), "")

    @staticmethod
    def _refusal(status: GuardStatus) -> str:
        wait = _wait_text(status.wait_s)
        if status.locked_out:
            return f"Too many wrong PINs. Entry is locked for {wait}; ask your administrator."
        return f"Please wait {wait} before the next try."

    def set_pin(self, pin: str) -> None:
        """First use: the PIN chosen here also protects the face gallery."""
        self.gallery.set_pin(pin)
        self.gallery.lock()
        self.limiter.record_success()

    def record(self, action: str, detail: str = "") -> None:
        """Write an admin action (left the kiosk, changed tabs...) to the audit log."""
        self.gallery.log(action, AUDIT_SUBJECT, detail)

    def close(self) -> None:
        self.gallery.close()


def erase_gallery_and_pin(data_dir: Path, operator: str) -> Path:
    """Reset a lost PIN the only way that keeps the gallery's promise: erase the gallery
    (every template and photo is unreadable without the old PIN anyway) and its rate-limit
    state, then start a new gallery whose audit log records the reset. Returns its path.

    New files get the owner of ``data_dir``, so a root-run reset leaves them writable by the
    kiosk user.
    """
    path = data_dir / GALLERY_FILE
    erased = (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    had_gallery = path.exists()
    for file in erased:
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
    with contextlib.suppress(FileNotFoundError):
        (data_dir / GUARD_FILE).unlink()
    gallery = Gallery(path)
    try:
        gallery.log(
            "pin-reset",
            operator,
            "admin PIN reset by erasing the face gallery" + ("" if had_gallery else " (there was none)"),
        )
    finally:
        gallery.close()
    owner = data_dir.stat()
    for file in erased:
        if file.exists():
            with contextlib.suppress(PermissionError):
                os.chown(file, owner.st_uid, owner.st_gid)
    log.warning("face gallery erased to reset the admin PIN (by %s)", operator)
    return path
