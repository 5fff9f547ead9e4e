"""Encryption of biometric data at rest: AES-256-GCM under a random data key, which is kept
wrapped by a key made from the admin PIN (scrypt) and, where the device has one, the device
key (``core/device_key.py``) through HKDF-SHA256, so both are needed. Nothing here keeps the
PIN; the keys live only in memory while unlocked. Galleries from before the data key
(version 1) sealed their rows with the PIN's key itself; they are re-wrapped on first unlock
(``gallery_keys.py``)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from edgestudio.core.errors import EdgeStudioError

VERIFIER = b"edgestudio-face-gallery-v1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PIN_LENGTH = 4  # what unlocking accepts; a new PIN follows ``pin_policy``
WRAP_INFO = b"edgestudio-face-gallery-wrap-v2"


class WrongPin(EdgeStudioError):
    title = "Wrong PIN"


class PinRequired(EdgeStudioError):
    title = "The face gallery is locked"


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P


def derive_key(pin: str, params: KdfParams) -> bytes:
    if len(pin) < MIN_PIN_LENGTH:
        raise WrongPin(f"The PIN must have at least {MIN_PIN_LENGTH} characters.")
    return Scrypt(salt=params.salt, length=32, n=params.n, r=params.r, p=params.p).derive(pin.encode("utf-8"))


def new_params() -> KdfParams:
    return KdfParams(os.urandom(16))


def wrapping_key(pin_key: bytes, device_secret: bytes | None) -> bytes:
    """The key that wraps the data key: HKDF-SHA256 over the PIN's key and the device key
    (the PIN's key alone on a device without one). Any thread."""
    info = WRAP_INFO + (b"|device" if device_secret else b"|pin")
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=info).derive(pin_key + (device_secret or b""))


class Cipher:
    """AES-GCM with a 96-bit random nonce per value; ``context`` is bound as associated data."""

    def __init__(self, key: bytes) -> None:
        self.key = key  # kept to re-wrap it (a new PIN, an export); never written in the clear
        self._aead = AESGCM(key)

    def seal(self, data: bytes, context: str) -> tuple[bytes, bytes]:
        nonce = os.urandom(12)
        return nonce, self._aead.encrypt(nonce, data, context.encode())

    def open(self, nonce: bytes, ciphertext: bytes, context: str) -> bytes:
        try:
            return self._aead.decrypt(nonce, ciphertext, context.encode())
        except InvalidTag as exc:
            raise WrongPin(
                "The face gallery cannot be read with this PIN.",
                "Enter the admin PIN that was set when the first person was enrolled.",
            ) from exc
