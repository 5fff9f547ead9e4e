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

TOKEN_CREDENTIAL = "edgestudio-site-token"  # the systemd credential's name
USING_SERVER = "server"
USING_LOCAL = "local"


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
    token). Raises ConfigError when the named file cannot be read or is empty."""
    handed = credential_token(environ)
    if handed:
        return handed
    if not str(token_file):
        return ""
    path = Path(token_file).expanduser()
    try:
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise ConfigError(
            f"The site server's token file {path} does not exist.",
            "Save the token again in Settings, or name the right file.",
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The site server's token file {path} cannot be read ({exc}).") from exc
    if not token:
        raise ConfigError(f"The site server's token file {path} is empty.")
    return token


def token_file_is_private(path: Path) -> bool:
    """True when only the owner may read ``path`` (mode 0600 or stricter)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IRWXG | stat.S_IRWXO)


def store_token(path: Path, token: str) -> None:
    """Write ``token`` to ``path`` readable by its owner only (0600), atomically. The settings
    keep only the file's name. Calling thread (small write)."""
    token = token.strip()
    if not token or any(ch.isspace() for ch in token):
        raise ConfigError("A site server token is one word without spaces.")
    atomic_write_bytes(path, token.encode("utf-8") + b"\n")  # mkstemp: created 0600
    path.chmod(0o600)
