"""What a kiosk knows about its site server (issue 17): the answer of a connection test, the
state of a runner that falls back to the local model, and where the access token is kept.

Frozen dataclasses that cross threads (a probe runs off the GUI thread; the fallback state is
made on a session thread and shown by the GUI). The network side is in
``backends/remote_client.py`` and ``backends/remote_probe.py``; this module has no network
code and no Qt, so every layer can use these types.

The access token never goes into the plain TOML settings. It is read, in this order, from the
kiosk service's systemd credential :data:`TOKEN_CREDENTIAL` (sealed with ``systemd-creds`` like
the face gallery's device key, handed to the service in ``$CREDENTIALS_DIRECTORY``), then from
the file ``[site_server] token_file`` names (written by :func:`store_token` with mode 0600).
:func:`read_token_file` (the kiosk's and ``edgestudio serve``'s) refuses, as ssh does a private
key, a token file that other users may read, and says how to fix it (``chmod 600``).

Any thread.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from edgestudio.core.atomic import atomic_write_bytes
from edgestudio.core.errors import ConfigError
from edgestudio.core.messages import Text

TOKEN_CREDENTIAL = "edgestudio-site-token"  # the systemd credential's name
USING_SERVER = "server"
USING_LOCAL = "local"
PRIVATE_BITS = stat.S_IRWXG | stat.S_IRWXO  # a token file with any of these is refused
MAX_TOKEN_FILE_BYTES = 64 * 1024  # a token is one short line; a huge file is a wrong name


@dataclass(frozen=True)
class ServerModel:
    """One model the site server serves, read from its metadata and configuration."""

    name: str
    task: str = ""  # detection | face-detection | face-embedding | speech ("" unknown)
    form: str = ""  # tensors | jpeg | speech
    ready: bool = False
    model_id: str = ""
    sha256: str = ""
    runtime: str = ""  # the id of the runtime the server runs it on
    device: str = ""  # where the server runs it ("CPU", "GPU.0")
    versions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SiteServerInfo:
    """The answer of a connection test: the server's version, models, devices and round trip."""

    url: str
    protocol: str  # "http" | "grpc"
    version: str
    models: tuple[ServerModel, ...]
    devices: tuple[str, ...]  # "CPU", "GPU.0", ... (from the models' instance groups)
    rtt_ms: float  # a health request's round trip, the median of a few
    extensions: tuple[str, ...] = ()

    def model(self, name: str) -> ServerModel | None:
        return next((m for m in self.models if m.name == name), None)

    def tasks(self) -> tuple[str, ...]:
        """The tasks of the models that are ready, in first-seen order."""
        seen: dict[str, None] = {}
        for model in self.models:
            if model.ready and model.task:
                seen.setdefault(model.task, None)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rtt_ms"] = round(self.rtt_ms, 2)
        return data


@dataclass(frozen=True)
class FallbackState:
    """Where a falling-back runner sends its work now and why (``reason`` empty while the
    server answers). ``since`` is ``time.monotonic()`` at the switch."""

    using: str  # USING_SERVER | USING_LOCAL
    reason: str = ""
    server: str = ""  # the server's URL
    local_runtime: str = ""  # the local runtime's id ("" when there is no local model)
    since: float = field(default_factory=time.monotonic)
    switches: int = 0  # server -> local switches so far

    @property
    def on_server(self) -> bool:
        return self.using == USING_SERVER

    def message(self) -> str:
        """One line for a status bar: "using local model: server unreachable (...)"."""
        if self.on_server:
            return f"using the site server {self.server}"
        return f"using local model: {self.reason}" if self.reason else "using local model"


def credential_token(environ: Mapping[str, str] | None = None) -> str:
    """The token the kiosk's systemd unit handed over (``LoadCredentialEncrypted=``), or ""."""
    env = os.environ if environ is None else environ
    folder = env.get("CREDENTIALS_DIRECTORY")
    if not folder:
        return ""
    try:
        return (Path(folder) / TOKEN_CREDENTIAL).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def read_token(token_file: str | Path, environ: Mapping[str, str] | None = None) -> str:
    """The site server's access token: the service credential, else ``token_file`` ("" = no
    token). Raises ConfigError when the named file is missing, open to other users, unreadable
    or empty (:func:`read_token_file`)."""
    handed = credential_token(environ)
    if handed:
        return handed
    if not str(token_file):
        return ""
    return read_token_file(
        token_file,
        "Save the token again in Settings, or name the right file.",
        environ,
    )


def _handed_by_systemd(path: Path, environ: Mapping[str, str] | None) -> bool:
    """True for a file in the service's ``$CREDENTIALS_DIRECTORY``: systemd keeps that folder
    private to the service (its mode bits may show an ACL's mask, not other users' access)."""
    env = os.environ if environ is None else environ
    folder = env.get("CREDENTIALS_DIRECTORY")
    if not folder:
        return False
    try:
        return path.resolve().parent == Path(folder).resolve()
    except OSError:
        return False


def read_token_file(
    token_file: str | Path, missing_hint: str = "", environ: Mapping[str, str] | None = None
) -> str:
    """The token in ``token_file`` (its first line, stripped), for the kiosk and the server.

    Like ssh with a private key, a file that users other than its owner may read or write
    (any group or other permission bit) is refused, and the message says how to fix it
    (``chmod 600``); so are a missing, unreadable or empty file (ConfigError, the path named).
    A file in the service's systemd credentials folder is trusted as it is. Calling thread."""
    path = Path(token_file).expanduser()
    shown = str(path)
    try:  # O_NONBLOCK: a FIFO named by mistake must not hang; a regular file ignores it
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise ConfigError(Text("The token file {path} does not exist.", path=shown), missing_hint) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(
            Text("The token file {path} cannot be read: {reason}.", path=shown, reason=reason)
        ) from exc
    try:
        info = os.fstat(fd)  # the file opened, not a name that may change
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(Text("The token file {path} is not a regular file.", path=shown))
        if info.st_mode & PRIVATE_BITS and not _handed_by_systemd(path, environ):
            raise ConfigError(
                Text(
                    "The token file {path} is open to other users (permissions {mode}), so it is "
                    "refused, as ssh refuses such a private key. Make it private: chmod 600 {path}",
                    path=shown,
                    mode=f"{stat.S_IMODE(info.st_mode):04o}",
                )
            )
        text = os.read(fd, MAX_TOKEN_FILE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "it is not UTF-8 text"
        raise ConfigError(
            Text("The token file {path} cannot be read: {reason}.", path=shown, reason=reason)
        ) from exc
    finally:
        os.close(fd)
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not token:
        raise ConfigError(
            Text("The token file {path} is empty.", path=shown),
            Text("Write the access token in it as one line, then: chmod 600 {path}", path=shown),
        )
    return token


def token_file_is_private(path: Path) -> bool:
    """True when only the owner may read ``path`` (mode 0600 or stricter)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & PRIVATE_BITS


def store_token(path: Path, token: str) -> None:
    """Write ``token`` to ``path`` readable by its owner only (0600), atomically. The settings
    keep only the file's name. Calling thread (small write)."""
    token = token.strip()
    if not token or any(ch.isspace() for ch in token):
        raise ConfigError("A site server token is one word without spaces.")
    atomic_write_bytes(path, token.encode("utf-8") + b"\n")  # mkstemp: created 0600
    path.chmod(0o600)
