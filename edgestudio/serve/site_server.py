"""The site server: Triton Inference Server with the site's models, and llama.cpp's OpenAI
server for chat (``edgestudio serve``; issue 17).

Usage (a test, a benchmark, or ``cli/serve.py``)::

    from edgestudio.serve.site_server import SiteServerOptions, start_site_server

    server = start_site_server(registry, models_dir, SiteServerOptions(detect="centernet-coco"))
    try:
        server.http_url      # "http://127.0.0.1:PORT"  (tritonclient.http takes "127.0.0.1:PORT")
        server.grpc_url      # "grpc://127.0.0.1:PORT"  (tritonclient.grpc takes "127.0.0.1:PORT")
        server.metrics_url   # "http://127.0.0.1:PORT/metrics"
        server.chat_url      # "http://127.0.0.1:PORT/v1" with --chat, else ""
        server.models        # ServedModel per Triton model (names from core/site_protocol.py)
        server.kill()        # kill -9 tritonserver (a crash, for fallback tests)
    finally:
        server.stop()        # SIGTERM, wait, SIGKILL what is left; removes its work folder

Ports 0 (the default in ``SiteServerOptions``) mean free ports on the host; every address is
``127.0.0.1`` unless ``host`` says otherwise. With ``token``, every Triton API but health
needs the header ``site_protocol.TOKEN_HEADER`` (HTTP) / gRPC metadata key of that name with
the token, and the chat server needs ``Authorization: Bearer TOKEN``.

The detector is served in both forms (raw tensors under ``triton_model_name(id)``, JPEG under
``pipeline_model_name(id)``); ``faces=True`` adds CenterFace and FaceRes as raw tensors;
``asr`` adds Whisper. Byte strings travel as UINT8 rows (see ``core/site_protocol.py``).

Thread rules: start, use and stop a server on one thread that lives as long as it does (its
children are tied to that thread, see ``serve/processes.py``).
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import InputError, ModelLoadError
from edgestudio.core.messages import Text
from edgestudio.serve.processes import (
    ManagedProcess,
    SiteServerError,
    check_port_free,
    child_environment,
    free_port,
    http_ok,
)
from edgestudio.serve.site_repository import (
    FORM_JPEG,
    FORM_SPEECH,
    FORM_TENSORS,
    ServedModel,
    choose_runtime,
    jpeg_config,
    speech_config,
    tensors_config,
    write_model,
)
from edgestudio.serve.triton_repository import BatchingOptions
from edgestudio.serve.tritonserver import find_triton, prepare_backends, server_environment

if TYPE_CHECKING:
    from edgestudio.backends.registry import BackendRegistry
    from edgestudio.core.model_store import ModelEntry, ModelStore

log = logging.getLogger(__name__)
READY_TIMEOUT_S = 180.0
TOKEN_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/")


@dataclass(frozen=True)
class SiteServerOptions:
    """What ``edgestudio serve`` serves and where. Ports 0 = a free port."""

    detect: str = ""  # a stored detection model id (or "" for none)
    faces: bool = False
    asr: str = ""  # "default", a Whisper model folder, or ""
    chat: str = ""  # "default", a stored chat model id, a GGUF file, or ""
    host: str = sp.DEFAULT_HOST
    http_port: int = 0
    grpc_port: int = 0
    metrics_port: int = 0
    chat_port: int = 0
    token: str = ""
    batching: BatchingOptions = field(default_factory=BatchingOptions)
    threads: int = 0  # runtime threads per instance (0 = the runtime's choice)
    throughput: bool = True  # runtimes compiled for many requests in flight (False: one's latency)
    backend: str = ""  # force a runtime for the vision models ("" = the registry's rank)
    device: str = ""
    confidence: float = 0.4
    iou: float = 0.5
    work_dir: Path | None = None  # where the repository and logs go (default: a temporary folder)
    log_dir: Path | None = None  # where the servers' logs go (default: the work folder)


def check_token(token: str) -> str:
    """The token, or InputError when Triton's flag syntax could not carry it."""
    token = token.strip()
    if token and (len(token) < 8 or set(token) - TOKEN_CHARS):
        raise InputError(
            "The access token must be at least 8 characters of letters, digits and - _ . ~ + /.",
            "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(24))'",
        )
    return token


def read_token_file(path: Path) -> str:
    """The token in ``path`` (its first line), checked. Like ssh with a private key, a file
    other users may read is refused (``core/site_status.read_token_file``: ConfigError that
    says ``chmod 600``); so are a missing or empty one."""
    from edgestudio.core.site_status import read_token_file as read_private_file

    hint = Text("Write the access token in it as one line, then: chmod 600 {path}", path=str(path))
    return check_token(read_private_file(path, hint))


def faces_entries(models_dir: Path) -> list[ModelEntry]:
    """CenterFace (prepared with a free input size) and FaceRes, as model entries."""
    from edgestudio.core.artifact import file_sha256
    from edgestudio.core.model_store import ModelEntry, ModelStore
    from edgestudio.core.paths import resources_dir
    from edgestudio.core.types import TASK_FACE_DETECTION
    from edgestudio.tasks.faces.detector import prepare_centerface

    path = prepare_centerface(models_dir)
    centerface = ModelEntry(
        "centerface", "CenterFace", TASK_FACE_DETECTION, "onnx", path, file_sha256(path), path.stat().st_size
    )
    faceres = ModelStore(models_dir, resources_dir() / "models").get("faceres")
    return [centerface, faceres]


def build_repository(
    registry: BackendRegistry, store: ModelStore, models_dir: Path, folder: Path, options: SiteServerOptions
) -> list[ServedModel]:
    """Write every model ``options`` asks for into the repository ``folder``."""
    from edgestudio.core.types import TASK_DETECTION

    served: list[ServedModel] = []
    batching, threads, throughput = options.batching, options.threads, options.throughput
    if options.detect:
        entry = store.find(options.detect)
        if entry is None:
            known = ", ".join(e.id for e in store.list(TASK_DETECTION)) or "none"
            raise ModelLoadError(
                Text("There is no stored model '{model}'.", model=options.detect),
                Text("Stored detection models: {models}.", models=known),
            )
        if entry.task != TASK_DETECTION:
            raise ModelLoadError(Text("{model} is not a detection model.", model=entry.id))
        runtime = choose_runtime(registry, TASK_DETECTION, entry.format, options.backend, options.device)
        config, _, _ = tensors_config(sp.triton_model_name(entry.id), entry, runtime, batching, threads)
        served.append(write_model(folder, config, FORM_TENSORS, entry.task, entry.id, runtime))
        config = jpeg_config(
            sp.pipeline_model_name(entry.id),
            entry,
            runtime,
            batching,
            threads,
            options.confidence,
            options.iou,
        )
        served.append(write_model(folder, config, FORM_JPEG, entry.task, entry.id, runtime))
    if options.faces:
        for entry in faces_entries(models_dir):
            runtime = choose_runtime(registry, entry.task, entry.format, options.backend, options.device)
            name = sp.triton_model_name(entry.id)
            config, _, _ = tensors_config(name, entry, runtime, batching, threads, throughput)
            served.append(write_model(folder, config, FORM_TENSORS, entry.task, entry.id, runtime))
    if options.asr:
        from edgestudio.serve.speech_serving import speech_entry

        entry = speech_entry(options.asr, models_dir)
        runtime = choose_runtime(registry, entry.task, entry.format)
        # Whisper decodes one phrase at a time: batches go through one by one.
        config = speech_config(sp.triton_model_name(entry.id), entry, runtime, replace(batching, instances=1))
        served.append(write_model(folder, config, FORM_SPEECH, entry.task, entry.id, runtime))
    return served


class SiteServer:
    """A running site server (see the module docstring). Owner thread only."""

    def __init__(self, options: SiteServerOptions, work_dir: Path, own_work_dir: bool) -> None:
        self.options = options
        self.work_dir = work_dir
        self._own_work_dir = own_work_dir
        self.models: list[ServedModel] = []
        self.triton: ManagedProcess | None = None
        self.chat: ManagedProcess | None = None
        self.chat_model = ""

    @property
    def host(self) -> str:
        return self.options.host

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.options.http_port}"

    @property
    def grpc_url(self) -> str:
        return f"grpc://{self.host}:{self.options.grpc_port}"

    @property
    def metrics_url(self) -> str:
        return f"http://{self.host}:{self.options.metrics_port}/metrics"

    @property
    def chat_url(self) -> str:
        return f"http://{self.host}:{self.options.chat_port}/v1" if self.chat is not None else ""

    @property
    def repository(self) -> Path:
        return self.work_dir / "repository"

    def log_path(self, name: str) -> Path:
        return (self.options.log_dir or self.work_dir) / name

    def endpoints(self) -> dict[str, Any]:
        """What kiosks connect to (the CLI prints it; ``--json`` as this document)."""
        triton = self.triton is not None  # not started when only chat is served
        return {
            "http": self.http_url if triton else "",
            "grpc": self.grpc_url if triton else "",
            "metrics": self.metrics_url if triton else "",
            "chat": self.chat_url,
            "chat_model": self.chat_model,
            "token_required": bool(self.options.token),
            "token_header": sp.TOKEN_HEADER,
            "models": [m.to_dict() for m in self.models],
            "pid": self.triton.pid if self.triton else None,
            "log": str(self.triton.log_path) if self.triton else "",
            "chat_log": str(self.chat.log_path) if self.chat else "",
        }

    def ready(self) -> bool:
        """Triton says it is ready (health is never behind the token)."""
        return http_ok(f"{self.http_url}/v2/health/ready")

    def start_triton(self, timeout: float = READY_TIMEOUT_S) -> None:
        install = find_triton()
        backends = prepare_backends(install, self.work_dir / "backends")
        command = [
            str(install.binary),
            f"--model-repository={self.repository}",
            f"--backend-directory={backends}",
            f"--http-address={self.host}",
            f"--grpc-address={self.host}",
            f"--metrics-address={self.host}",
            f"--http-port={self.options.http_port}",
            f"--grpc-port={self.options.grpc_port}",
            f"--metrics-port={self.options.metrics_port}",
            "--exit-timeout-secs=5",
            "--log-info=true",
        ]
        if self.options.token:
            apis = ",".join(sp.RESTRICTED_APIS)
            command += [
                f"--http-restricted-api={apis}:{sp.TOKEN_HEADER}={self.options.token}",
                f"--grpc-restricted-protocol={apis}:{sp.TOKEN_HEADER}={self.options.token}",
            ]
        env = server_environment(install)
        self.triton = ManagedProcess("tritonserver", command, env, self.log_path("tritonserver.log"))
        self.triton.wait_until(self.ready, timeout, "ready")

    def start_chat(self, model: Path, timeout: float = READY_TIMEOUT_S) -> None:
        """llama.cpp's OpenAI-compatible server on ``model`` (a GGUF)."""
        import importlib.util

        if (
            importlib.util.find_spec("llama_cpp.server") is None
            or importlib.util.find_spec("uvicorn") is None
        ):
            raise SiteServerError(
                "llama.cpp's OpenAI server is not installed.",
                "Install it with: pip install 'llama-cpp-python[server]'",
            )
        command = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            self.host,
            "--port",
            str(self.options.chat_port),
            "--n_ctx",
            "4096",
        ]
        if self.options.token:
            command += ["--api_key", self.options.token]
        self.chat_model = model.name
        self.chat = ManagedProcess(
            "llama.cpp server", command, child_environment(), self.work_dir / "chat.log"
        )
        headers = {"Authorization": f"Bearer {self.options.token}"} if self.options.token else {}
        self.chat.wait_until(
            lambda: http_ok(f"{self.chat_url}/models", headers=headers), timeout, "answering"
        )

    def kill(self) -> None:
        """kill -9 tritonserver (a crash, as kiosks see it); ``stop`` still cleans up."""
        if self.triton is not None:
            self.triton.kill()

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM the servers, wait, kill what is left; remove the work folder if it is ours."""
        for process in (self.chat, self.triton):
            if process is not None:
                process.stop(timeout)
        if self._own_work_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _ports(options: SiteServerOptions) -> SiteServerOptions:
    """Free ports for the zeros; the others checked free (a clear message, not Triton's)."""
    chosen: dict[str, int] = {}
    for name, what in (
        ("http_port", "HTTP"),
        ("grpc_port", "gRPC"),
        ("metrics_port", "metrics"),
        ("chat_port", "chat"),
    ):
        port = int(getattr(options, name))
        if name == "chat_port" and not options.chat:
            chosen[name] = port
            continue
        if port == 0:
            port = free_port(options.host)
            while port in chosen.values():
                port = free_port(options.host)
        else:
            check_port_free(options.host, port, what)
        chosen[name] = port
    return replace(
        options,
        http_port=chosen["http_port"],
        grpc_port=chosen["grpc_port"],
        metrics_port=chosen["metrics_port"],
        chat_port=chosen["chat_port"],
    )


def resolve_chat_model(ref: str, store: ModelStore) -> Path:
    """The GGUF file for ``--chat``: "default" (the packaged model), a stored id, or a file."""
    from edgestudio.tasks.chat.models import chat_models, default_chat_model

    if ref == "default":
        default = default_chat_model()
        if default is None:
            raise ModelLoadError("The default chat model is not installed.", "Run scripts/install.sh.")
        return default.path
    for model in chat_models(store):
        if model.id == ref:
            return model.path
    path = Path(ref).expanduser()
    if path.is_file():
        return path
    known = ", ".join(m.id for m in chat_models(store)) or "none"
    raise ModelLoadError(
        Text("There is no chat model '{model}'.", model=ref),
        Text("Chat models: default, {models}.", models=known),
    )


def start_site_server(
    registry: BackendRegistry, store: ModelStore, models_dir: Path, options: SiteServerOptions
) -> SiteServer:
    """Write the repository, start ``tritonserver`` (and the chat server), wait until they
    answer. Raises SiteServerError / TritonNotInstalled / ModelLoadError with what to do."""
    if not (options.detect or options.faces or options.asr or options.chat):
        raise InputError(
            "Nothing to serve.",
            "Name at least one of --detect MODEL, --faces, --asr default, --chat default.",
        )
    options = replace(options, token=check_token(options.token))
    if options.detect or options.faces or options.asr:
        find_triton()  # says how to install Triton before anything else happens
    chat_model = resolve_chat_model(options.chat, store) if options.chat else None
    options = _ports(options)
    own = options.work_dir is None
    work_dir = Path(tempfile.mkdtemp(prefix="edgestudio-serve-")) if own else Path(str(options.work_dir))
    server = SiteServer(options, work_dir, own)
    try:
        work_dir.mkdir(parents=True, exist_ok=True)
        if server.repository.exists():
            shutil.rmtree(server.repository)
        server.repository.mkdir()
        server.models = build_repository(registry, store, models_dir, server.repository, options)
        (work_dir / "served.json").write_text(json.dumps([m.to_dict() for m in server.models], indent=2))
        if server.models:
            server.start_triton()
        if chat_model is not None:
            server.start_chat(chat_model)
    except BaseException:
        server.stop()
        raise
    return server
