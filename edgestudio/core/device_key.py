"""The device key: a random 256-bit secret that ties the face gallery to this machine.

It is sealed with the system's own tool, ``systemd-creds encrypt`` (``--with-key=auto``:
TPM2 and the host key where a TPM2 exists, else the host key
``/var/lib/systemd/credential.secret``, readable only by root). The kiosk never runs as
root: its system unit names the sealed file in ``LoadCredentialEncrypted=``, systemd
decrypts it when the unit starts and hands the plain key to that service alone, in
``$CREDENTIALS_DIRECTORY``. A root shell (the ``faces`` and ``kiosk`` commands run with
sudo on the kiosk) unseals the file with ``systemd-creds decrypt``. Anywhere else there is no
device key and the PIN alone protects the gallery; ``DeviceKeyState.reason`` says why.

``systemd-creds`` itself reads ``SYSTEMD_CREDENTIAL_SECRET`` (another host key file) and
``SYSTEMD_TPM2_DEVICE`` (another TPM, such as a software TPM) from the environment; tests
use both. Qt-free; any thread (it runs short child processes).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from edgestudio.core.atomic import fsync_folder
from edgestudio.core.errors import EdgeStudioError

log = logging.getLogger(__name__)

CREDENTIAL_NAME = "edgestudio-gallery-key"
DEFAULT_SEALED_FILE = Path("/etc/credstore.encrypted") / CREDENTIAL_NAME
KEY_BYTES = 32
SEAL_KEYS = ("auto", "host", "tpm2", "host+tpm2")
TOOL_TIMEOUT_S = 60.0


class DeviceKeyError(EdgeStudioError):
    title = "The device key could not be used"


@dataclass(frozen=True)
class DeviceKey:
    """The unsealed secret and where it came from (``origin``, for the log and ``doctor``)."""

    secret: bytes
    origin: str

    @property
    def key_id(self) -> str:
        """A public fingerprint that tells device keys apart without revealing them."""
        return hashlib.sha256(b"edgestudio-device-key-id\0" + self.secret).hexdigest()[:32]


@dataclass(frozen=True)
class DeviceKeyState:
    """The device key when there is one; otherwise ``reason`` says why not, in English."""

    key: DeviceKey | None
    reason: str = ""


def _tool() -> str | None:
    return shutil.which("systemd-creds")


def _run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    tool = _tool()
    if tool is None:
        raise DeviceKeyError(
            "systemd-creds is not installed, so the gallery cannot be bound to this device.",
            "Install systemd (version 250 or later) or keep using the gallery with its passphrase alone.",
        )
    try:
        return subprocess.run([tool, *args], input=stdin, capture_output=True, timeout=TOOL_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise DeviceKeyError(f"systemd-creds did not answer within {TOOL_TIMEOUT_S:.0f} s.") from exc


def _tool_error(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = [
        line
        for line in result.stderr.decode("utf-8", "replace").splitlines()
        if line.strip() and "not located on encrypted media" not in line
    ]
    return lines[-1].strip() if lines else f"exit status {result.returncode}"


class DeviceKeyStore:
    """Finds, unseals and creates the device key. ``sealed_file`` is the credential
    ``kiosk device-key`` writes; ``credentials_dir`` is ``$CREDENTIALS_DIRECTORY`` when a
    systemd unit started the app. Created once with the app context; any thread."""

    def __init__(self, sealed_file: Path, credentials_dir: Path | None = None) -> None:
        self.sealed_file = sealed_file
        self.credentials_dir = credentials_dir

    @classmethod
    def from_environment(cls, sealed_file: Path, environ: Mapping[str, str] | None = None) -> DeviceKeyStore:
        env = os.environ if environ is None else environ
        folder = env.get("CREDENTIALS_DIRECTORY")
        return cls(sealed_file, Path(folder) if folder else None)

    def load(self) -> DeviceKeyState:
        """The device key from the service's credentials, else unsealed from ``sealed_file``
        (root only), else none with the reason."""
        if self.credentials_dir is not None:
            handed = self.credentials_dir / CREDENTIAL_NAME
            try:
                secret = handed.read_bytes()
            except FileNotFoundError:
                pass
            except OSError as exc:
                return DeviceKeyState(
                    None, f"the service's credential {handed} cannot be read ({exc.strerror})"
                )
            else:
                if len(secret) != KEY_BYTES:
                    return DeviceKeyState(None, f"the service's credential {handed} is not a device key")
                return DeviceKeyState(DeviceKey(secret, f"service credential {CREDENTIAL_NAME}"))
        if not self.sealed_file.exists():
            return DeviceKeyState(
                None,
                f"no device key has been sealed on this machine ({self.sealed_file} does not exist)",
            )
        if os.geteuid() != 0:
            return DeviceKeyState(
                None,
                f"only root and the kiosk service can unseal the device key ({self.sealed_file})",
            )
        try:
            return DeviceKeyState(self.unseal())
        except DeviceKeyError as exc:
            return DeviceKeyState(None, exc.message)

    def unseal(self) -> DeviceKey:
        """Decrypt ``sealed_file`` with ``systemd-creds`` (root). Raises DeviceKeyError when
        the host key or TPM that sealed it is not this machine's."""
        result = _run(["decrypt", f"--name={CREDENTIAL_NAME}", str(self.sealed_file), "-"])
        if result.returncode != 0:
            raise DeviceKeyError(
                f"the device key {self.sealed_file} cannot be unsealed here: {_tool_error(result)}",
                "It was sealed on another machine, or this machine's host key or TPM changed.",
            )
        if len(result.stdout) != KEY_BYTES:
            raise DeviceKeyError(f"{self.sealed_file} does not hold an EdgeStudio device key.")
        return DeviceKey(result.stdout, f"systemd-creds {self.sealed_file}")

    def seal_new(self, with_key: str = "auto", tpm2_device: str = "") -> DeviceKey:
        """Create a new random device key and seal it into ``sealed_file`` (root only; the
        file must not exist: replacing it would lock every gallery bound to the old key).
        The sealed file is written next to its place and renamed, so a kill leaves none."""
        if with_key not in SEAL_KEYS:
            raise DeviceKeyError(f"Unknown sealing key {with_key!r}.", f"Use one of {', '.join(SEAL_KEYS)}.")
        if self.sealed_file.exists():
            raise DeviceKeyError(
                f"A device key is already sealed in {self.sealed_file}; it was kept.",
                "Galleries bound to it open only with it. Delete the file first only if no gallery uses it.",
            )
        folder = self.sealed_file.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        secret = secrets.token_bytes(KEY_BYTES)
        partial = folder / f".{self.sealed_file.name}.partial"
        args = ["encrypt", f"--name={CREDENTIAL_NAME}", f"--with-key={with_key}"]
        if tpm2_device:
            args.append(f"--tpm2-device={tpm2_device}")
        result = _run([*args, "-", str(partial)], stdin=secret)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise DeviceKeyError(
                f"systemd-creds could not seal the device key: {_tool_error(result)}",
                "Run it as root; a TPM2 needs /dev/tpmrm0 (or --with-key=host).",
            )
        os.chmod(partial, 0o600)
        os.replace(partial, self.sealed_file)
        fsync_folder(folder)
        log.info("sealed a new device key into %s (with %s)", self.sealed_file, with_key)
        return DeviceKey(secret, f"systemd-creds {self.sealed_file}")


def tpm2_present() -> bool:
    """Whether this machine has a TPM2 that ``--with-key=auto`` would use."""
    return Path("/dev/tpmrm0").exists()
