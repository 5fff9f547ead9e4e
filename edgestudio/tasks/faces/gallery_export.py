"""Moving a face gallery to a new device: an explicit export, sealed with a passphrase of at
least 12 characters or a generated recovery code, and its import into a fresh data folder.

The export file holds the whole gallery database (people, sealed templates and photos,
consents, the audit log) and its data key, all encrypted with AES-256-GCM under
scrypt(passphrase); only a small header (format, scrypt parameters, date, number of people)
is readable. The gallery's own wrapped keys are left out: on import the data key is wrapped
again under the new device's key and the admin PIN chosen there. Both sides write an entry
in the audit log. Runs on the thread that owns the gallery.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from edgestudio.core.atomic import atomic_write_bytes, fsync_folder, write_error
from edgestudio.core.device_key import DeviceKeyState
from edgestudio.core.errors import InputError, StorageError
from edgestudio.core.messages import Text
from edgestudio.tasks.faces import gallery_keys as keys
from edgestudio.tasks.faces.crypto import Cipher, KdfParams, WrongPin, derive_key
from edgestudio.tasks.faces.gallery import Gallery, append_audit
from edgestudio.tasks.faces.pin_policy import check_export_passphrase, check_new_pin

MAGIC = b"EDGESTUDIO-FACE-GALLERY-EXPORT 1\n"
EXPORT_SCRYPT_N = 2**16  # ~0.2 s and 64 MiB a try: the passphrase is all that protects the file
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
RECOVERY_GROUPS, RECOVERY_GROUP_LEN = 5, 5  # 25 symbols of 5 bits: 125 bits
_RECOVERY_SHAPE = re.compile(rf"^[{RECOVERY_ALPHABET}]{{{RECOVERY_GROUPS * RECOVERY_GROUP_LEN}}}$")


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    people: int
    recovery_code: str  # the generated code to write down, or "" when a passphrase was given


def generate_recovery_code() -> str:
    """A random code like ``K7QX2-...`` (five groups of five; 125 bits)."""
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return "-".join(symbols[i : i + RECOVERY_GROUP_LEN] for i in range(0, len(symbols), RECOVERY_GROUP_LEN))


def _normalise(passphrase: str) -> str:
    """A recovery code typed in lower case, without dashes or with spaces is the same code."""
    compact = re.sub(r"[\s-]", "", passphrase).upper()
    if _RECOVERY_SHAPE.match(compact):
        return "-".join(
            compact[i : i + RECOVERY_GROUP_LEN] for i in range(0, len(compact), RECOVERY_GROUP_LEN)
        )
    return passphrase


def export_gallery(gallery: Gallery, destination: Path, passphrase: str = "") -> ExportSummary:
    """Write the unlocked ``gallery`` to ``destination`` sealed with ``passphrase`` (at least
    12 characters), or with a new recovery code when it is empty; the audit log records it."""
    code = "" if passphrase else generate_recovery_code()
    secret = _normalise(passphrase or code)
    check_export_passphrase(secret)
    if destination.is_dir():
        raise InputError(
            Text("{path} is a folder.", path=str(destination)), "Give the name of the export file to write."
        )
    data_key, image = gallery.export_image()
    people = len(gallery.people())
    params = KdfParams(os.urandom(16), n=EXPORT_SCRYPT_N)
    header = json.dumps(
        {
            "kdf": {"salt": params.salt.hex(), "n": params.n, "r": params.r, "p": params.p},
            "created": time.time(),
            "people": people,
        }
    ).encode()
    nonce = os.urandom(12)
    sealed = AESGCM(derive_key(secret, params)).encrypt(nonce, data_key + image, header)
    atomic_write_bytes(destination, MAGIC + len(header).to_bytes(4, "big") + header + nonce + sealed)
    os.chmod(destination, 0o600)
    how = "a passphrase" if passphrase else "a generated recovery code"
    gallery.log(
        "export-for-move", "gallery", f"{people} people exported to {destination.name}, sealed with {how}"
    )
    return ExportSummary(destination, people, code)


def _read_export(source: Path, passphrase: str) -> tuple[bytes, bytes]:
    """The data key and the database image, or why not."""
    try:
        raw = source.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(Text("{path} does not exist.", path=str(source))) from exc
    except IsADirectoryError as exc:
        raise InputError(Text("{path} is a folder, not a gallery export.", path=str(source))) from exc
    except OSError as exc:
        raise InputError(
            Text("{path} cannot be read: {error}.", path=str(source), error=exc.strerror or str(exc))
        ) from exc
    if not raw.startswith(MAGIC):
        raise InputError(Text("{name} is not an EdgeStudio face gallery export.", name=source.name))
    body = raw[len(MAGIC) :]
    try:
        size = int.from_bytes(body[:4], "big")
        header = body[4 : 4 + size]
        kdf = json.loads(header)["kdf"]
        params = KdfParams(bytes.fromhex(kdf["salt"]), int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(Text("{name} is damaged: its header cannot be read.", name=source.name)) from exc
    rest = body[4 + size :]
    try:
        plain = AESGCM(derive_key(_normalise(passphrase), params)).decrypt(rest[:12], rest[12:], header)
    except (InvalidTag, ValueError) as exc:
        raise WrongPin(
            Text("{name} cannot be opened with this passphrase or recovery code.", name=source.name),
            "Type it exactly as it was given at the export; the file may also be damaged.",
        ) from exc
    return plain[:32], plain[32:]


def copy_into(memory: sqlite3.Connection, destination: Path) -> None:
    """Copy the in-memory gallery over ``destination``'s content in one write transaction."""
    target = sqlite3.connect(destination, timeout=30)
    try:
        target.execute("PRAGMA journal_mode=WAL")
        memory.backup(target)
    finally:
        target.close()


def _as_os_error(exc: sqlite3.Error) -> OSError:
    """The OSError that a failed SQLite write stands for, so that it is told like other writes."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return OSError(errno.EROFS, os.strerror(errno.EROFS))
    return OSError(errno.EIO, str(exc))


def import_gallery(source: Path, passphrase: str, destination: Path, pin: str, device: DeviceKeyState) -> int:
    """Restore an export as the gallery ``destination`` (which must hold no gallery yet),
    bound to ``device``'s key and the new admin ``pin``. The database is built in memory and
    copied into its place in one SQLite write transaction (the backup API), so a kill leaves
    either the fresh gallery or the whole import, and the file stays the same one: a connection
    that is still open on it (the kiosk drawer's admin PIN) sees the import, and none is left on
    a replaced file whose write-ahead log could be lost. Returns the number of people. Nothing
    is changed when any check fails."""
    check_new_pin(pin, device_bound=device.key is not None)
    if destination.exists():
        existing = Gallery(destination)
        try:
            occupied = existing.has_pin or existing.damaged or bool(existing.people())
        finally:
            existing.close()
        if occupied:
            raise InputError(
                Text(
                    "There is already a face gallery in {folder}; nothing was imported.",
                    folder=str(destination.parent),
                ),
                "Import into a fresh data folder, or erase this gallery first (edgestudio kiosk reset-pin).",
            )
    data_key, image = _read_export(source, passphrase)
    writable = bytearray(image)
    writable[18:20] = b"\x01\x01"  # a WAL database's image opens in memory only as a rollback one
    memory = sqlite3.connect(":memory:")
    memory.row_factory = sqlite3.Row
    try:
        memory.deserialize(bytes(writable))
        verifier = memory.execute("SELECT value FROM meta WHERE key='verifier'").fetchone()
        if verifier is None:
            raise InputError(Text("{name} is damaged: it holds no gallery key check.", name=source.name))
        keys.check_verifier(Cipher(data_key), bytes(verifier[0]))
        people = int(memory.execute("SELECT COUNT(*) FROM persons").fetchone()[0])
        params, wrap = keys.wrap_data_key(data_key, pin, device.key)
        bound = "this device's key and the new PIN" if device.key else f"the new PIN alone ({device.reason})"
        with memory:
            keys.write_keys(memory, params, wrap)
            append_audit(
                memory, "import", "gallery", f"{people} people imported from {source.name}, bound to {bound}"
            )
    except sqlite3.DatabaseError as exc:
        memory.close()
        raise StorageError(
            Text("{name} does not hold a readable gallery: {error}.", name=source.name, error=str(exc)),
            "Nothing was imported.",
        ) from exc
    except BaseException:
        memory.close()
        raise
    try:
        copy_into(memory, destination)
        fsync_folder(destination.parent)
    except OSError as exc:
        raise write_error(exc, "the imported gallery", destination.parent) from exc
    except sqlite3.Error as exc:
        raise write_error(_as_os_error(exc), "the imported gallery", destination.parent) from exc
    finally:
        memory.close()
    return people
