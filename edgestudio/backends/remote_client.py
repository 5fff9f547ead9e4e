"""A kiosk's connection to its site server: Triton's own client (``tritonclient``) over HTTP or
gRPC, chosen by the URL's scheme, with the access token, TLS for gRPC and short timeouts.

The server is anything that speaks KServe v2 (the Open Inference Protocol): ``edgestudio
serve``, NVIDIA's Triton container, OpenVINO Model Server. Tensors travel in binary (the HTTP
binary extension; gRPC's raw contents). What the server says about itself (metadata,
configuration, the ``site_protocol.PARAM_*`` parameters) is parsed as data and never
evaluated.

Every failure becomes a :class:`SiteServerError` whose ``kind`` tells the cases apart
(unreachable, timeout, token, missing model, not an inference server, bad address), with a
sentence for the person at the kiosk.

Thread rules: a :class:`SiteClient` is used only on the thread that made it (tritonclient's
clients are not thread-safe); make one per thread.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import BackendUnavailable, InferenceError
from edgestudio.core.messages import Text
from edgestudio.core.site_status import ServerModel, read_token

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'edgestudio[site]'"
PROBE_TIMEOUT_S = 2.0  # health, metadata and configuration requests
# gRPC reconnects quickly after a server restart (its default backoff grows to 120 s)
_GRPC_BACKOFF_MS = 250
_GRPC_MAX_BACKOFF_MS = 1000
_GRPC_MESSAGE_BYTES = 64 * 1024 * 1024

UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
TOKEN = "token"
MISSING_MODEL = "missing-model"
NOT_TRITON = "not-an-inference-server"
BAD_URL = "bad-url"
FAILED = "failed"
MISMATCH = "model-mismatch"


class SiteServerError(InferenceError):
    """The site server could not be used; ``kind`` says which way (the constants above)."""

    title = "The site server could not be used"

    def __init__(self, kind: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.kind = kind


@dataclass(frozen=True)
class ServerAddress:
    """Where the site server is and how to talk to it."""

    url: str
    token: str = ""
    frame_timeout_s: float = sp.DEFAULT_FRAME_TIMEOUT_S
    root_certificates: str = ""  # PEM file for grpcs://
    form: str = "tensors"  # "tensors" | "jpeg"

    @property
    def protocol(self) -> str:
        return parse_url(self.url)[0]

    @classmethod
    def from_settings(cls, settings: Any, url: str = "", token_file: str = "") -> ServerAddress | None:
        """The address from ``[site_server]`` settings (``url``/``token_file`` override them,
        as ``--server``/``--token-file`` do); None when no server is set. Reads the token
        (ConfigError when its file cannot be read). Calling thread."""
        url = url or str(getattr(settings, "url", "") or "")
        if not url:
            return None
        token = read_token(token_file or str(getattr(settings, "token_file", "") or ""))
        timeout_ms = float(getattr(settings, "frame_timeout_ms", 0) or sp.DEFAULT_FRAME_TIMEOUT_S * 1e3)
        return cls(
            url=url,
            token=token,
            frame_timeout_s=timeout_ms / 1e3,
            root_certificates=str(getattr(settings, "root_certificates", "") or ""),
            form=str(getattr(settings, "form", "tensors") or "tensors"),
        )

    def headers(self) -> dict[str, str]:
        """The token as HTTP header, or as gRPC metadata: Triton's restricted gRPC protocols
        expect the key with its ``triton-grpc-protocol-`` prefix."""
        if not self.token:
            return {}
        key = sp.GRPC_TOKEN_HEADER if self.protocol == "grpc" else sp.TOKEN_HEADER
        return {key: self.token}


def parse_url(url: str) -> tuple[str, str, bool]:
    """(protocol "http"|"grpc", "host:port", TLS) of a site server URL; SiteServerError
    (bad-url) otherwise. ``http://`` and ``https://`` take Triton's HTTP port (8000 when none
    is given), ``grpc://`` and ``grpcs://`` its gRPC port (8001)."""
    text = url.strip()
    parsed = urllib.parse.urlsplit(text)
    scheme = parsed.scheme.lower()
    schemes = {
        "http": ("http", False),
        "https": ("http", True),
        "grpc": ("grpc", False),
        "grpcs": ("grpc", True),
    }
    if scheme not in schemes or not parsed.hostname:
        raise SiteServerError(
            BAD_URL,
            f"'{url}' is not a site server address.",
            "Write it as http://HOST:8000 or grpc://HOST:8001 (https:// and grpcs:// for TLS).",
        )
    if parsed.path.strip("/") or parsed.query:
        raise SiteServerError(
            BAD_URL,
            f"'{url}' has a path; a site server address is only the scheme, host and port.",
            f"Try {scheme}://{parsed.netloc}.",
        )
    protocol, tls = schemes[scheme]
    try:
        port = parsed.port or (sp.DEFAULT_HTTP_PORT if protocol == "http" else sp.DEFAULT_GRPC_PORT)
    except ValueError as exc:
        raise SiteServerError(BAD_URL, f"'{url}' has no valid port number.") from exc
    host = parsed.hostname
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return protocol, f"{host}:{port}", tls


def import_client(protocol: str) -> Any:
    """``tritonclient.http`` or ``tritonclient.grpc``; BackendUnavailable when missing."""
    try:
        if protocol == "grpc":
            import tritonclient.grpc as client_module
        else:
            import tritonclient.http as client_module
    except (ImportError, RuntimeError) as exc:  # tritonclient raises RuntimeError without its extra
        raise BackendUnavailable(
            f"Triton's client for {protocol.upper()} is not installed ({exc}).", INSTALL_HINT
        ) from exc
    return client_module


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def classify(exc: BaseException, address: ServerAddress, what: str = "") -> SiteServerError:
    """A tritonclient, socket or gRPC failure as a SiteServerError with the person's words."""
    if isinstance(exc, SiteServerError):
        return exc
    url = address.url
    status, message = "", _text(exc)
    try:
        from tritonclient.utils import InferenceServerException

        if isinstance(exc, InferenceServerException):
            status, message = _text(exc.status() or ""), _text(exc.message() or exc)
    except ImportError:
        pass
    low = f"{status} {message}".lower()
    where = Text(" ({what})", what=what) if what else ""
    if "restricted" in low or "permission" in low or "unauthenticated" in low or status in ("401", "403"):
        if not address.token:
            return SiteServerError(
                TOKEN,
                Text("The site server at {url} asks for an access token{where}.", url=url, where=where),
                "Enter the server's token in Settings (or pass --token-file).",
            )
        return SiteServerError(
            TOKEN,
            Text("The site server at {url} refused the access token{where}.", url=url, where=where),
            "Check the token in Settings (the server's --token-file).",
        )
    if "unknown model" in low or ("not found" in low and "model" in low):
        return SiteServerError(
            MISSING_MODEL,
            Text("The site server at {url} does not have {what}.", url=url, what=what or "this model"),
        )
    if isinstance(exc, TimeoutError) or "deadline" in low or "timed out" in low or "timeout" in low:
        return SiteServerError(
            TIMEOUT, Text("The site server at {url} did not answer in time{where}.", url=url, where=where)
        )
    if "http1" in low or "http/1" in low or "not an http/2" in low or "protocol error" in low:
        return SiteServerError(
            NOT_TRITON,
            Text("Something answers at {url}, but not an inference server's gRPC service.", url=url),
            "Check the port: Triton's gRPC port is 8001, its HTTP port 8000.",
        )
    if (
        isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError))
        or "decode" in low
        or "json" in low
        or "parse error" in low
    ):
        return SiteServerError(
            NOT_TRITON,
            Text(
                "Something answers at {url}, but not as an inference server (it is not Triton's API).",
                url=url,
            ),
            "Check the address and port: Triton's HTTP port is 8000, its gRPC port 8001.",
        )
    refused = isinstance(exc, ConnectionError) or "refused" in low or "unavailable" in low
    if refused or isinstance(exc, OSError) or "connect" in low or "resolve" in low or "dns" in low:
        return SiteServerError(
            UNREACHABLE,
            Text(
                "The site server at {url} cannot be reached ({detail}).",
                url=url,
                detail=message.strip().splitlines()[0][:160] if message.strip() else "",
            ),
            "Check the address, that the server runs, and the network.",
        )
    return SiteServerError(
        FAILED,
        Text(
            "The site server at {url} failed{where}: {detail}",
            url=url,
            where=where,
            detail=message.strip()[:300],
        ),
    )


def _param(config: Mapping[str, Any], key: str) -> str:
    params = config.get("parameters") or {}
    value = params.get(key)
    if isinstance(value, Mapping):
        return str(value.get("string_value", ""))
    return "" if value is None else str(value)


def parse_json_param(config: Mapping[str, Any], key: str) -> Any:
    """A JSON ``PARAM_*`` value of a model's configuration, parsed as data (None when absent
    or not JSON); never evaluated."""
    raw = _param(config, key)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def parameter(config: Mapping[str, Any], key: str) -> str:
    """A plain string ``PARAM_*`` value of a model's configuration ("" when absent)."""
    return _param(config, key)


def instance_devices(config: Mapping[str, Any]) -> list[str]:
    """The devices a model's instance groups run on ("CPU", "GPU.0"...), from its config."""
    devices: list[str] = []
    for group in config.get("instance_group") or []:
        kind = str(group.get("kind", "KIND_CPU"))
        if kind == "KIND_GPU":
            gpus = [int(g) for g in group.get("gpus") or []] or [0]
            devices += [f"GPU.{g}" for g in gpus]
        elif kind == "KIND_CPU":
            devices.append("CPU")
        else:
            devices.append(kind.removeprefix("KIND_"))
    return list(dict.fromkeys(devices))


def server_model(
    name: str, config: Mapping[str, Any], ready: bool, versions: Sequence[str] = ()
) -> ServerModel:
    """What a model's configuration says about it (its ``PARAM_*`` parameters), as data."""
    runtime = parse_json_param(config, sp.PARAM_RUNTIME)
    runtime_id, device = "", ""
    if isinstance(runtime, Mapping):
        runtime_id, device = str(runtime.get("runtime", "")), str(runtime.get("device", ""))
    elif _param(config, sp.PARAM_RUNTIME):
        runtime_id = _param(config, sp.PARAM_RUNTIME)
    if not device:
        device = ",".join(instance_devices(config))
    backend = str(config.get("platform") or config.get("backend") or "")
    return ServerModel(
        name=name,
        task=_param(config, sp.PARAM_TASK),
        form=_param(config, sp.PARAM_FORM) or ("tensors" if backend != "python" else ""),
        ready=ready,
        model_id=_param(config, sp.PARAM_MODEL_ID),
        sha256=_param(config, sp.PARAM_SHA256),
        runtime=runtime_id or backend,
        device=device,
        versions=tuple(versions),
    )


class SiteClient:
    """One connection to a site server. Use and close it on the thread that made it."""

    def __init__(self, address: ServerAddress, timeout_s: float = PROBE_TIMEOUT_S) -> None:
        self.address = address
        self.protocol, self.host_port, self.tls = parse_url(address.url)
        self.timeout_s = timeout_s
        self._module = import_client(self.protocol)
        self._headers = address.headers()
        self._client = self._connect()

    def _connect(self) -> Any:
        module = self._module
        if self.protocol == "grpc":
            options = [
                ("grpc.max_send_message_length", _GRPC_MESSAGE_BYTES),
                ("grpc.max_receive_message_length", _GRPC_MESSAGE_BYTES),
                ("grpc.initial_reconnect_backoff_ms", _GRPC_BACKOFF_MS),
                ("grpc.min_reconnect_backoff_ms", _GRPC_BACKOFF_MS),
                ("grpc.max_reconnect_backoff_ms", _GRPC_MAX_BACKOFF_MS),
                ("grpc.enable_http_proxy", 0),
            ]
            roots = self.address.root_certificates
            if roots and not Path(roots).expanduser().is_file():
                raise SiteServerError(BAD_URL, f"The root certificate file {roots} does not exist.")
            return module.InferenceServerClient(
                self.host_port,
                ssl=self.tls,
                root_certificates=str(Path(roots).expanduser()) if roots else None,
                channel_args=options,
            )
        # HTTP's timeouts are the connection's (geventhttpclient): an inference client is made
        # with the frame timeout, a probing one with its own
        return module.InferenceServerClient(
            self.host_port,
            ssl=self.tls,
            connection_timeout=self.timeout_s,
            network_timeout=self.timeout_s,
            concurrency=1,
        )

    def reconnect(self) -> None:
        """A fresh connection (after the server restarted: no stale sockets or channel)."""
        self.close()
        self._client = self._connect()

    def _call(self, what: str, method: str, *args: Any, timeout_s: float | None = None, **kwargs: Any) -> Any:
        timeout = self.timeout_s if timeout_s is None else timeout_s
        if self.protocol == "grpc":
            kwargs["client_timeout"] = timeout
        try:
            return getattr(self._client, method)(*args, headers=self._headers, **kwargs)
        except Exception as exc:
            raise classify(exc, self.address, what) from exc

    def server_live(self) -> bool:
        return bool(self._call("its health", "is_server_live"))

    def server_ready(self, timeout_s: float | None = None) -> bool:
        return bool(self._call("its health", "is_server_ready", timeout_s=timeout_s))

    def model_ready(self, name: str, timeout_s: float | None = None) -> bool:
        return bool(
            self._call(Text("the model '{name}'", name=name), "is_model_ready", name, timeout_s=timeout_s)
        )

    def _json(self, what: str, method: str, *args: Any) -> dict[str, Any]:
        kwargs = {"as_json": True} if self.protocol == "grpc" else {}
        value = self._call(what, method, *args, **kwargs)
        if not isinstance(value, Mapping):
            raise SiteServerError(NOT_TRITON, f"The site server at {self.address.url} sent no {what}.")
        return dict(value)

    def server_metadata(self) -> dict[str, Any]:
        """``name``, ``version``, ``extensions``."""
        return self._json("its metadata", "get_server_metadata")

    def repository_index(self) -> list[dict[str, Any]]:
        """Every model in the server's repository: ``name``, ``version``, ``state``."""
        kwargs = {"as_json": True} if self.protocol == "grpc" else {}
        value = self._call("its model list", "get_model_repository_index", **kwargs)
        if isinstance(value, Mapping):
            value = value.get("models", [])
        return [dict(m) for m in value or [] if isinstance(m, Mapping)]

    def model_metadata(self, name: str) -> dict[str, Any]:
        """``inputs``/``outputs`` with ``name``, ``datatype``, ``shape`` (ints)."""
        data = self._json(Text("the model '{name}'", name=name), "get_model_metadata", name)
        for key in ("inputs", "outputs"):
            for tensor in data.get(key) or []:
                tensor["shape"] = [int(d) for d in tensor.get("shape") or []]
        return data

    def model_config(self, name: str) -> dict[str, Any]:
        data = self._json(Text("the configuration of '{name}'", name=name), "get_model_config", name)
        return dict(data.get("config", data)) if self.protocol == "grpc" else data

    def infer(
        self,
        name: str,
        inputs: Mapping[str, np.ndarray],
        outputs: Sequence[str],
        timeout_s: float | None = None,
    ) -> dict[str, np.ndarray]:
        """One request; outputs by name. Binary tensors both ways; ``timeout_s`` defaults to
        the frame timeout (gRPC; over HTTP the client's own timeout holds). SiteServerError on any failure."""
        from tritonclient.utils import np_to_triton_dtype

        module = self._module
        request = []
        for key, array in inputs.items():
            array = np.ascontiguousarray(array)
            item = module.InferInput(key, list(array.shape), np_to_triton_dtype(array.dtype))
            if self.protocol == "grpc":
                item.set_data_from_numpy(array)
            else:
                item.set_data_from_numpy(array, binary_data=True)
            request.append(item)
        if self.protocol == "grpc":
            wanted = [module.InferRequestedOutput(o) for o in outputs]
        else:
            wanted = [module.InferRequestedOutput(o, binary_data=True) for o in outputs]
        timeout = self.address.frame_timeout_s if timeout_s is None else timeout_s
        result = self._call(
            Text("the model '{name}'", name=name), "infer", name, request, outputs=wanted, timeout_s=timeout
        )
        answer: dict[str, np.ndarray] = {}
        for key in outputs:
            array = result.as_numpy(key)
            if array is None:
                raise SiteServerError(FAILED, f"The site server's '{name}' sent no output '{key}'.")
            answer[key] = array
        return answer

    def close(self) -> None:
        try:
            self._client.close()
        except Exception:  # closing a broken connection must not raise
            log.debug("closing the site server client failed", exc_info=True)
