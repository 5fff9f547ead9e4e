"""The face gallery: people, encrypted templates and photos, consent records and a
hash-chained audit log, in SQLite (WAL, transactional, secure_delete).

Templates are kept per embedder (dlib's 128-D ResNet, FaceRes's 1024-D, ...): a gallery is
opened for the embedder in use and matches only that embedder's templates, so a person is
enrolled once per embedder. Templates from before schema 2 are dlib's.

Every enrollment is one transaction: after a kill the database holds it whole or not at all.
A damaged file opens as an empty, read-only gallery (``damaged``) until it is set aside with
``start_new_gallery``. Used from one thread at a time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.device_key import DeviceKey, DeviceKeyState
from edgestudio.core.errors import (
    StorageDamagedError,
    StorageError,
    StorageFullError,
    StorageReadOnlyError,
)
from edgestudio.core.storage import Database, set_aside
from edgestudio.tasks.faces import gallery_keys as keys
from edgestudio.tasks.faces.crypto import Cipher, PinRequired, derive_key
from edgestudio.tasks.faces.embedder import DEFAULT_FACE_EMBEDDER, embedder_spec
from edgestudio.tasks.faces.pin_policy import check_new_pin

log = logging.getLogger(__name__)

EMBEDDING_DIM = 128  # dlib's, the default embedder
MIGRATIONS = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created REAL NOT NULL);
    CREATE TABLE templates (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        nonce BLOB NOT NULL, data BLOB NOT NULL, created REAL NOT NULL
    );
    CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        nonce BLOB NOT NULL, data BLOB NOT NULL, created REAL NOT NULL
    );
    CREATE TABLE consents (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        text TEXT NOT NULL, accepted REAL NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY, ts REAL NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
        detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
    )
    """,
    # 2: templates keyed by the embedder that made them; the existing ones are dlib's.
    """
    ALTER TABLE templates ADD COLUMN embedder TEXT NOT NULL DEFAULT 'dlib';
    CREATE INDEX templates_by_embedder ON templates (embedder, person_id)
    """,
]
GENESIS = "0" * 64

UNKNOWN = "Unknown"  # the name of a face that matches nobody in the gallery


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    created: float
    templates: int  # of the gallery's embedder


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: float
    action: str
    subject: str
    detail: str
    hash: str


@dataclass(frozen=True)
class Match:
    person_id: int | None
    name: str  # UNKNOWN below the threshold
    score: float  # 1 - L2 distance to the nearest template
    distance: float


def _chain_hash(prev: str, ts: float, action: str, subject: str, detail: str) -> str:
    return hashlib.sha256(f"{prev}|{ts!r}|{action}|{subject}|{detail}".encode()).hexdigest()


def _template_context(person_id: int, embedder: str) -> str:
    """The associated data a template is sealed with: a template cannot be moved to another
    person or relabelled as another embedder's. dlib's keep the pre-schema-2 context."""
    if embedder == DEFAULT_FACE_EMBEDDER:
        return f"templates:{person_id}"
    return f"templates:{person_id}:{embedder}"


def _row_context(table: str, row: Any) -> str:
    if table == "templates":
        return _template_context(int(row["person_id"]), str(row["embedder"]))
    return f"{table}:{row['person_id']}"


class Gallery:
    """Opened on the thread that uses it, for the embedder ``embedder`` (its templates are
    the ones enrolled, matched and counted). On a read-only or full data disk the gallery is
    a read-only snapshot (``writable`` False): people can be listed and recognised, and every
    change is refused with "nothing was changed". A damaged file gives an empty read-only
    gallery with ``damaged`` True; the file itself is left untouched."""

    def __init__(
        self, path: Path, embedder: str = DEFAULT_FACE_EMBEDDER, device: DeviceKeyState | None = None
    ) -> None:
        self.db = Database(path, MIGRATIONS, fallback="snapshot")
        # The device key binds the gallery to this machine; without one the PIN alone protects it.
        self.device = device or DeviceKeyState(None, "no device key was given to the gallery")
        self.db.conn.execute("PRAGMA secure_delete=ON")
        self.embedder = embedder
        self._size = embedder_spec(embedder).size
        self._cipher: Cipher | None = None
        self._matrix = np.zeros((0, self._size), np.float32)
        self._owners = np.zeros(0, np.int64)
        self._names: dict[int, str] = {}

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def damaged(self) -> bool:
        """True when the gallery file is damaged (``problem`` says how); nothing can be read
        or changed until it is set aside (``start_new_gallery``)."""
        return self.db.damaged

    def use_embedder(self, embedder: str) -> None:
        """Match, count and enroll the templates of ``embedder`` from now on (calling thread)."""
        self._size = embedder_spec(embedder).size
        self.embedder = embedder
        self._matrix = np.zeros((0, self._size), np.float32)
        self._owners = np.zeros(0, np.int64)
        if self._cipher is not None:
            self._load_matrix()

    # -- PIN -------------------------------------------------------------------------------
    @property
    def has_pin(self) -> bool:
        return self._meta("kdf") is not None

    @property
    def unlocked(self) -> bool:
        return self._cipher is not None

    @property
    def writable(self) -> bool:
        """False when the data folder cannot take writes (``problem`` says why)."""
        return self.db.writable

    @property
    def problem(self) -> StorageError | None:
        return self.db.problem

    def _meta(self, key: str) -> bytes | None:
        row = self.db.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    @property
    def device_key(self) -> DeviceKey | None:
        return self.device.key

    @property
    def binding(self) -> str:
        """Either "device" (needs this device's key and the PIN), "pin" (the PIN alone), "v1" (from
        before the data key, re-wrapped on the next unlock) or "" (no PIN yet)."""
        raw = self._meta("keywrap")
        if raw is not None:
            return keys.KeyWrap.from_bytes(raw).binding
        return "v1" if self.has_pin else ""

    def set_pin(self, pin: str) -> None:
        """First use: choose the admin PIN (judged by ``pin_policy``) that, with the device key
        where there is one, protects the gallery's new random data key."""
        if self.has_pin:
            raise StorageError("A PIN is already set.", "Use Change PIN.")
        check_new_pin(pin, device_bound=self.device_key is not None)
        data_key = os.urandom(32)
        cipher = Cipher(data_key)
        params, wrap = keys.wrap_data_key(data_key, pin, self.device_key)
        with self.db.transaction("the admin PIN") as conn:
            keys.write_keys(conn, params, wrap, keys.sealed_verifier(cipher))
            self._audit(conn, "pin-set", "admin", f"bound to {self._binding_text(wrap)}")
        self._cipher = cipher
        self._load_matrix()

    def _binding_text(self, wrap: keys.KeyWrap) -> str:
        if wrap.binding == keys.BINDING_DEVICE and self.device_key is not None:
            return f"the PIN and the device key {wrap.device[:12]} ({self.device_key.origin})"
        return f"the PIN alone ({self.device.reason})"

    def unlock(self, pin: str) -> None:
        """Open the data key with the PIN (and the device key). A version-1 gallery is re-wrapped
        first, once; a PIN-only gallery is bound to the device key when one exists now.
        Raises WrongPin, or BoundElsewhere when the gallery belongs to another device key."""
        kdf, verifier, raw_wrap = self._meta("kdf"), self._meta("verifier"), self._meta("keywrap")
        if kdf is None or verifier is None:
            raise PinRequired("No PIN is set yet.", "Choose an admin PIN first.")
        params = keys.kdf_from_bytes(kdf)
        if raw_wrap is None:
            pin_cipher = Cipher(derive_key(pin, params))
            keys.check_verifier(pin_cipher, verifier)
            self._cipher = self._migrate(pin, pin_cipher) if self.writable else pin_cipher
            self._load_matrix()
            return
        wrap = keys.KeyWrap.from_bytes(raw_wrap)
        data_key = keys.unwrap_data_key(pin, params, wrap, self.device_key, self.device.reason)
        cipher = Cipher(data_key)
        keys.check_verifier(cipher, verifier)
        if wrap.binding == keys.BINDING_PIN and self.device_key is not None and self.writable:
            params, bound = keys.wrap_data_key(data_key, pin, self.device_key)
            with self.db.transaction("the device binding") as conn:
                keys.write_keys(conn, params, bound)
                self._audit(conn, "gallery-bound", "admin", f"now bound to {self._binding_text(bound)}")
        self._cipher = cipher
        self._load_matrix()

    def _migrate(self, pin: str, pin_cipher: Cipher) -> Cipher:
        """Version 1 to 2: every row re-sealed under a new random data key, wrapped under the
        PIN and the device key; one transaction, then the WAL is truncated so that no page
        sealed with the PIN's key alone stays on disk."""
        data_key = os.urandom(32)
        cipher = Cipher(data_key)
        params, wrap = keys.wrap_data_key(data_key, pin, self.device_key)
        with self.db.transaction("the re-encrypted gallery") as conn:
            templates, photos = keys.reseal_rows(conn, pin_cipher, cipher, _row_context)
            keys.write_keys(conn, params, wrap, keys.sealed_verifier(cipher))
            detail = (
                f"{templates} templates and {photos} photos re-sealed under a new data key, "
                f"bound to {self._binding_text(wrap)}"
            )
            self._audit(conn, "gallery-migrated", "admin", detail)
        self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.warning("face gallery %s upgraded: %s", self.path, detail)
        return cipher

    def change_pin(self, old: str, new: str) -> None:
        """Wrap the data key under a new PIN (judged by ``pin_policy``), in one transaction."""
        check_new_pin(new, device_bound=self.device_key is not None)
        self.unlock(old)
        cipher = self._require()
        params, wrap = keys.wrap_data_key(cipher.key, new, self.device_key)
        with self.db.transaction("the new PIN") as conn:
            keys.write_keys(conn, params, wrap)
            self._audit(conn, "pin-changed", "admin", f"bound to {self._binding_text(wrap)}")
        self._cipher = cipher

    def lock(self) -> None:
        self._cipher = None
        self._matrix = np.zeros((0, self._size), np.float32)
        self._owners = np.zeros(0, np.int64)

    def _require(self) -> Cipher:
        if self._cipher is None:
            raise PinRequired("The face gallery is locked.", "Enter the admin PIN.")
        return self._cipher

    # -- people ----------------------------------------------------------------------------
    def enroll(
        self, name: str, embeddings: np.ndarray, photos: list[bytes] | None = None, consent: str = ""
    ) -> Person:
        """Add a person (or more templates to an existing one) in one transaction; the
        ``embeddings`` are the gallery embedder's."""
        cipher = self._require()
        name = name.strip()
        if not name:
            raise StorageError("A person needs a name.")
        if embeddings.ndim != 2 or len(embeddings) == 0:
            raise StorageError("No usable face capture to enroll.")
        if embeddings.shape[1] != self._size:
            raise StorageError(
                f"These face captures were made by another face recognizer ({embeddings.shape[1]} "
                f"values each, {self.embedder} makes {self._size}); nothing was enrolled.",
                "Enroll with the face recognizer chosen in the Faces tab or with --embedder.",
            )
        now = time.time()
        with self.db.transaction(f"the enrollment of {name}") as conn:
            row = conn.execute("SELECT id FROM persons WHERE name=?", (name,)).fetchone()
            if row is None:
                person_id = int(
                    conn.execute("INSERT INTO persons (name, created) VALUES (?, ?)", (name, now)).lastrowid
                    or 0
                )
                action = "enroll"
            else:
                person_id, action = int(row[0]), "add-captures"
            for vector in embeddings.astype(np.float32):
                nonce, sealed = cipher.seal(vector.tobytes(), _template_context(person_id, self.embedder))
                conn.execute(
                    "INSERT INTO templates (person_id, nonce, data, created, embedder)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (person_id, nonce, sealed, now, self.embedder),
                )
            for photo in photos or []:
                nonce, sealed = cipher.seal(photo, f"photos:{person_id}")
                conn.execute(
                    "INSERT INTO photos (person_id, nonce, data, created) VALUES (?, ?, ?, ?)",
                    (person_id, nonce, sealed, now),
                )
            if consent:
                conn.execute(
                    "INSERT INTO consents (person_id, text, accepted) VALUES (?, ?, ?)",
                    (person_id, consent, now),
                )
            detail = f"{len(embeddings)} {self.embedder} templates, {len(photos or [])} photos"
            self._audit(conn, action, name, detail)
        self._load_matrix()
        return self.person(person_id)

    def person(self, person_id: int) -> Person:
        row = self.db.conn.execute(
            "SELECT p.id, p.name, p.created, COUNT(t.id) AS n FROM persons p LEFT JOIN templates t "
            "ON t.person_id = p.id AND t.embedder = ? WHERE p.id=? GROUP BY p.id",
            (self.embedder, person_id),
        ).fetchone()
        if row is None:
            raise StorageError(f"Person {person_id} does not exist.")
        return Person(row["id"], row["name"], row["created"], row["n"])

    def people(self) -> list[Person]:
        rows = self.db.conn.execute(
            "SELECT p.id, p.name, p.created, COUNT(t.id) AS n FROM persons p LEFT JOIN templates t "
            "ON t.person_id = p.id AND t.embedder = ? GROUP BY p.id ORDER BY p.name COLLATE NOCASE",
            (self.embedder,),
        ).fetchall()
        return [Person(r["id"], r["name"], r["created"], r["n"]) for r in rows]

    def find(self, name: str) -> Person | None:
        row = self.db.conn.execute("SELECT id FROM persons WHERE name=?", (name,)).fetchone()
        return None if row is None else self.person(int(row[0]))

    def photos(self, person_id: int, limit: int = -1) -> list[bytes]:
        """Decrypted photos of a person, oldest first (``limit`` < 0: all of them)."""
        cipher = self._require()
        rows = self.db.conn.execute(
            "SELECT nonce, data FROM photos WHERE person_id=? ORDER BY id LIMIT ?", (person_id, limit)
        ).fetchall()
        return [cipher.open(r["nonce"], r["data"], f"photos:{person_id}") for r in rows]

    def rename(self, person_id: int, name: str) -> None:
        old = self.person(person_id).name
        with self.db.transaction() as conn:
            conn.execute("UPDATE persons SET name=? WHERE id=?", (name.strip(), person_id))
            self._audit(conn, "rename", name.strip(), f"was {old}")
        self._load_matrix()

    def delete(self, person_id: int) -> None:
        """Erase a person with every template, photo and consent (secure_delete zeroes the
        pages; the WAL is checkpointed and truncated so no copy stays on disk)."""
        name = self.person(person_id).name
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM persons WHERE id=?", (person_id,))
            self._audit(conn, "delete", name, "templates and photos erased")
        self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._load_matrix()

    def export_person(self, person_id: int) -> dict[str, Any]:
        """A person's record for a data-access request: name, dates, consent, photo count."""
        person = self.person(person_id)
        consents = self.db.conn.execute(
            "SELECT text, accepted FROM consents WHERE person_id=?", (person_id,)
        ).fetchall()
        with self.db.transaction() as conn:
            self._audit(conn, "export", person.name, "")
        return {
            "name": person.name,
            "enrolled": person.created,
            "templates": person.templates,
            "photos": self.db.conn.execute(
                "SELECT COUNT(*) FROM photos WHERE person_id=?", (person_id,)
            ).fetchone()[0],
            "consents": [{"text": c["text"], "accepted": c["accepted"]} for c in consents],
        }

    # -- matching --------------------------------------------------------------------------
    def _load_matrix(self) -> None:
        cipher = self._require()
        rows = self.db.conn.execute(
            "SELECT person_id, nonce, data, embedder FROM templates WHERE embedder=? ORDER BY person_id, id",
            (self.embedder,),
        ).fetchall()
        vectors = [
            np.frombuffer(cipher.open(r["nonce"], r["data"], _row_context("templates", r)), np.float32)
            for r in rows
        ]
        self._matrix = np.vstack(vectors) if vectors else np.zeros((0, self._size), np.float32)
        self._owners = np.array([r["person_id"] for r in rows], np.int64)
        self._names = {p.id: p.name for p in self.people()}

    def match(self, embeddings: np.ndarray, threshold: float = 0.5) -> list[Match]:
        """Nearest enrolled template for each embedding, all at once (vectorised)."""
        return match_matrix(self._matrix, self._owners, self._names, embeddings, threshold)

    @property
    def template_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        return self._matrix, self._owners

    def templates_of(self, person_id: int) -> np.ndarray:
        """The decrypted templates of one person made by the gallery's embedder (the gallery
        must be unlocked)."""
        self._require()
        return self._matrix[self._owners == person_id]

    # -- audit -----------------------------------------------------------------------------
    def _audit(self, conn: Any, action: str, subject: str, detail: str) -> None:
        append_audit(conn, action, subject, detail)

    def log(self, action: str, subject: str, detail: str = "") -> bool:
        """Append an audit entry; on a read-only or full disk the entry cannot be kept: that is
        logged (the app already says nothing is saved) and False returned."""
        try:
            with self.db.transaction("the audit entry") as conn:
                self._audit(conn, action, subject, detail)
        except (StorageFullError, StorageReadOnlyError, StorageDamagedError) as exc:
            log.warning("audit entry %s %s not written: %s", action, subject, exc)
            return False
        return True

    def audit_entries(self) -> list[AuditEntry]:
        rows = self.db.conn.execute(
            "SELECT id, ts, action, subject, detail, hash FROM audit ORDER BY id"
        ).fetchall()
        return [AuditEntry(r["id"], r["ts"], r["action"], r["subject"], r["detail"], r["hash"]) for r in rows]

    def verify_audit(self) -> int | None:
        """Id of the first entry whose hash chain is broken (tampered), or None if intact."""
        prev = GENESIS
        for row in self.db.conn.execute("SELECT * FROM audit ORDER BY id"):
            expected = _chain_hash(prev, row["ts"], row["action"], row["subject"], row["detail"])
            if row["prev_hash"] != prev or row["hash"] != expected:
                return int(row["id"])
            prev = row["hash"]
        return None

    def export_image(self) -> tuple[bytes, bytes]:
        """The data key and a copy of the whole database without its wrapped keys (the PIN's
        and the device's), for ``gallery_export``; the gallery must be unlocked."""
        cipher = self._require()
        copy = sqlite3.connect(":memory:")
        try:
            self.db.conn.backup(copy)
            copy.execute("PRAGMA secure_delete=ON")
            copy.execute("DELETE FROM meta WHERE key IN ('kdf', 'keywrap')")
            copy.commit()
            return cipher.key, copy.serialize()
        finally:
            copy.close()

    def close(self) -> None:
        self.lock()
        self.db.close()


def append_audit(conn: Any, action: str, subject: str, detail: str) -> None:
    """Add an entry to the hash-chained audit log inside the caller's transaction."""
    row = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    ts = time.time()
    conn.execute(
        "INSERT INTO audit (ts, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
        (ts, action, subject, detail, prev, _chain_hash(prev, ts, action, subject, detail)),
    )


def start_new_gallery(damaged: Gallery) -> tuple[Gallery, Path]:
    """Close the damaged gallery, set its file aside (renamed to
    ``faces.db.damaged-YYYYmmdd-HHMMSS`` with its side files, kept for recovery, never
    deleted) and open a new, empty gallery in its place, whose audit log records it. Returns
    the new gallery (no PIN yet) and where the damaged file now is. Calling thread.

    Raises StorageError when the gallery is not damaged (an intact gallery is never set
    aside) or the file cannot be renamed (read-only, ...); the damaged gallery is then closed.
    """
    path, embedder, device = damaged.path, damaged.embedder, damaged.device
    if not damaged.damaged:
        raise StorageError(f"The face gallery {path} is not damaged; it was left as it is.")
    damaged.close()
    kept = set_aside(path)
    gallery = Gallery(path, embedder, device)
    gallery.log("gallery-started", "gallery", f"the damaged gallery file was kept as {kept.name}")
    return gallery, kept


def match_matrix(
    matrix: np.ndarray, owners: np.ndarray, names: dict[int, str], queries: np.ndarray, threshold: float
) -> list[Match]:
    if len(queries) == 0:
        return []
    if len(matrix) == 0:
        return [Match(None, UNKNOWN, 0.0, float("inf")) for _ in queries]
    squared = (
        np.einsum("ij,ij->i", queries, queries)[:, None]
        + np.einsum("ij,ij->i", matrix, matrix)[None, :]
        - 2.0 * queries @ matrix.T
    )
    best = np.argmin(squared, axis=1)
    distances = np.sqrt(np.maximum(squared[np.arange(len(queries)), best], 0.0))
    matches = []
    for index, distance in zip(best, distances, strict=True):
        person = int(owners[index])
        known = distance <= threshold
        matches.append(
            Match(
                person if known else None,
                names.get(person, "?") if known else UNKNOWN,
                float(1.0 - distance),
                float(distance),
            )
        )
    return matches
