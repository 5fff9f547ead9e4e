"""The face gallery's keys: a random data key seals every template, photo and the verifier;
it is stored wrapped (``meta.keywrap``) under HKDF(PIN key, device key), so a copied data
folder opens only on the device whose key it was bound to, and only with the PIN.

- ``binding = "device"``: both keys needed; the wrap records the device key's fingerprint, so
  another device (or this one with another host key or TPM) is told "this gallery is bound to
  another device; restore it from an export" instead of "wrong PIN".
- ``binding = "pin"``: a device without a device key (a desktop); the PIN alone. Re-bound to
  the device the first time it is unlocked where a device key exists.
- No ``keywrap`` (version 1, before this): rows sealed with the PIN's key itself. The first
  unlock re-seals every row under a new data key and writes the wrap, in one transaction, and
  the audit log records it; a kill at any instant leaves the old gallery, openable with the
  PIN, or the new one.

Functions run on the thread that owns the gallery's connection.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from edgestudio.core.device_key import DeviceKey
from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.messages import Text
from edgestudio.tasks.faces.crypto import (
    VERIFIER,
    Cipher,
    KdfParams,
    WrongPin,
    derive_key,
    new_params,
    wrapping_key,
)

BOUND_ELSEWHERE = "This gallery is bound to another device; restore it from an export."
BINDING_DEVICE, BINDING_PIN = "device", "pin"


class BoundElsewhere(EdgeStudioError):
    """The gallery's data key is wrapped with a device key that is not this one."""

    title = "The face gallery is bound to another device"


@dataclass(frozen=True)
class KeyWrap:
    """The wrapped data key as stored in ``meta.keywrap``."""

    binding: str  # BINDING_DEVICE or BINDING_PIN
    device: str  # the device key's fingerprint ("" when bound to the PIN alone)
    nonce: bytes
    wrapped: bytes

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "version": 2,
                "binding": self.binding,
                "device": self.device,
                "nonce": self.nonce.hex(),
                "wrapped": self.wrapped.hex(),
            }
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyWrap:
        data = json.loads(raw)
        return cls(
            data["binding"], data["device"], bytes.fromhex(data["nonce"]), bytes.fromhex(data["wrapped"])
        )

    @property
    def context(self) -> bytes:
        return f"data-key:{self.binding}:{self.device}".encode()


def kdf_to_bytes(params: KdfParams) -> bytes:
    return json.dumps({"salt": params.salt.hex(), "n": params.n, "r": params.r, "p": params.p}).encode()


def kdf_from_bytes(raw: bytes) -> KdfParams:
    data = json.loads(raw)
    return KdfParams(bytes.fromhex(data["salt"]), data["n"], data["r"], data["p"])


def wrap_data_key(data_key: bytes, pin: str, device_key: DeviceKey | None) -> tuple[KdfParams, KeyWrap]:
    """New scrypt parameters and the data key wrapped under the PIN and the device key."""
    params = new_params()
    secret = device_key.secret if device_key else None
    binding = BINDING_DEVICE if device_key else BINDING_PIN
    draft = KeyWrap(binding, device_key.key_id if device_key else "", os.urandom(12), b"")
    key = wrapping_key(derive_key(pin, params), secret)
    wrapped = AESGCM(key).encrypt(draft.nonce, data_key, draft.context)
    return params, KeyWrap(draft.binding, draft.device, draft.nonce, wrapped)


def bound_elsewhere(device_key: DeviceKey | None, no_key_reason: str) -> BoundElsewhere:
    if device_key is None:
        hint = Text(
            "There is no device key here ({reason}). On the kiosk itself, use the kiosk service or "
            "run the command as root; on another machine, import an export made with "
            "'edgestudio faces export' on the old one.",
            reason=no_key_reason,
        )
    else:
        hint = Text(
            "This machine's device key is another one (another machine, or its host key or TPM "
            "changed). Import an export made with 'edgestudio faces export' on the old device."
        )
    return BoundElsewhere(BOUND_ELSEWHERE, hint)


def unwrap_data_key(
    pin: str, params: KdfParams, wrap: KeyWrap, device_key: DeviceKey | None, no_key_reason: str
) -> bytes:
    """The data key, or BoundElsewhere (checked first: the PIN is not even tried with another
    device's key) or WrongPin."""
    if wrap.binding == BINDING_DEVICE and (device_key is None or device_key.key_id != wrap.device):
        raise bound_elsewhere(device_key, no_key_reason)
    secret = device_key.secret if wrap.binding == BINDING_DEVICE and device_key else None
    key = wrapping_key(derive_key(pin, params), secret)
    try:
        return AESGCM(key).decrypt(wrap.nonce, wrap.wrapped, wrap.context)
    except InvalidTag as exc:
        raise WrongPin("The face gallery cannot be read with this PIN.") from exc


def check_verifier(cipher: Cipher, verifier: bytes) -> None:
    if cipher.open(verifier[:12], verifier[12:], "verifier") != VERIFIER:
        raise WrongPin("The face gallery cannot be read with this PIN.")


def sealed_verifier(cipher: Cipher) -> bytes:
    nonce, sealed = cipher.seal(VERIFIER, "verifier")
    return nonce + sealed


def reseal_rows(
    conn: Any,
    old: Cipher,
    new: Cipher,
    row_context: Callable[[str, Any], str],
) -> tuple[int, int]:
    """Re-seal every template and photo from ``old`` to ``new`` inside the caller's
    transaction; returns (templates, photos)."""
    counts = []
    for table, extra in (("templates", ", embedder"), ("photos", "")):
        rows = conn.execute(f"SELECT id, person_id, nonce, data{extra} FROM {table}").fetchall()
        for row in rows:
            context = row_context(table, row)
            nonce, sealed = new.seal(old.open(row["nonce"], row["data"], context), context)
            conn.execute(f"UPDATE {table} SET nonce=?, data=? WHERE id=?", (nonce, sealed, row["id"]))
        counts.append(len(rows))
    return counts[0], counts[1]


def write_keys(conn: Any, params: KdfParams, wrap: KeyWrap, verifier: bytes | None = None) -> None:
    """Store the scrypt parameters, the wrapped data key and (when given) the verifier."""
    values = [("kdf", kdf_to_bytes(params)), ("keywrap", wrap.to_bytes())]
    if verifier is not None:
        values.append(("verifier", verifier))
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values)
