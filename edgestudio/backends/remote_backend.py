"""The ``remote`` runtime: a kiosk's models run on its site server (issue 17).

It describes itself like every runtime: the tasks the server's models serve, the server's
devices (from its models' instance groups and ``PARAM_RUNTIME``), a rank in the remote band
(10: it works, but needs the network) and a probe that says "no site server configured" or
why the server cannot be reached.

``load(artifact)`` finds the server's copy of the kiosk's own model by its SHA-256 (the
``PARAM_SHA256`` parameter, the model store's digest), or the server model named by the
``model`` option, whose digest must then match. The runner it returns takes raw tensors like a
local runner, so ``tasks/`` pre- and post-processing are unchanged; with ``fallback=True`` (the
default) it is a :class:`~edgestudio.backends.remote_fallback.FallbackRunner` over the server
and the same model on the best local runtime. :class:`RemoteJpegRunner` is the thin form:
encoded frames in, detections out; given ``jpeg_local`` (a runner of that form on this device,
made by ``tasks/detection/site_jpeg.py``) it is a ``FallbackRunner`` too.

The backend needs a server address: :func:`configure` registers it in a registry (the app does
this from ``[site_server]``, the CLI from ``--server``). The built-in entry has none.

Thread rules as every backend: ``probe()`` any thread (network: off the GUI thread), ``rank()``
pure, ``load()`` on the thread that will own the runner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.remote_client import (
    INSTALL_HINT,
    MISMATCH,
    MISSING_MODEL,
    PROBE_TIMEOUT_S,
    ServerAddress,
    SiteClient,
    SiteServerError,
    import_client,
    parse_json_param,
    server_model,
)
from edgestudio.backends.remote_fallback import FallbackRunner, StateCallback
from edgestudio.backends.speech import SpeechRunner
from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import BackendUnavailable, EdgeStudioError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.site_status import FallbackState, ServerModel, SiteServerInfo
from edgestudio.core.types import (
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    TASK_FACE_EMBEDDING,
    TASK_SPEECH,
    BackendStatus,
    DeviceOption,
    ModelIO,
    Rank,
    TensorInfo,
)

if TYPE_CHECKING:
    from edgestudio.backends.registry import BackendRegistry

log = logging.getLogger(__name__)
BACKEND_ID = "remote"
# A model's first request of an input shape (the server may compile or reshape it) waits this
# long; still under the 1 s within which a kiosk must be on its local model.
COLD_TIMEOUT_S = 0.75
TaskStateCallback = Callable[[str, FallbackState], None]  # (task, state)
# The JPEG form's fallback gets the frame itself beside its JPEG (the server is sent the JPEG
# only), so the local model detects the very frame the server was asked about, undegraded.
LOCAL_FRAME_INPUT = "edgestudio.frame"
_DTYPES = {"FP32": "float32", "FP16": "float16", "INT64": "int64", "INT32": "int32", "UINT8": "uint8"}


def _tensors(items: Any) -> tuple[TensorInfo, ...]:
    return tuple(
        TensorInfo(
            str(t.get("name", "")),
            tuple(None if int(d) < 0 else int(d) for d in t.get("shape") or ()),
            _DTYPES.get(str(t.get("datatype", "")), str(t.get("datatype", "")).lower()),
        )
        for t in items or ()
    )


def local_digest(artifact: Path) -> str:
    """The model store's digest of the kiosk's model (what the server's ``PARAM_SHA256`` is)."""
    from edgestudio.core.artifact import artifact_digest
    from edgestudio.core.formats import sniff

    return artifact_digest(sniff(artifact))


class _Outputs(dict[str, np.ndarray]):
    """A run's outputs that note which ones the caller reads, so later frames ask the server
    for those only (the detector reads one of CenterNet's three outputs: 2 KB of its 5.5 MB)."""

    def __init__(self, data: Mapping[str, np.ndarray], read: set[str]) -> None:
        super().__init__(data)
        self._read = read

    def __getitem__(self, key: str) -> np.ndarray:
        self._read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._read.add(key)
        return super().get(key, default)

    def items(self) -> Any:
        self._read.update(super().keys())
        return super().items()

    def values(self) -> Any:
        self._read.update(super().keys())
        return super().values()

    def __iter__(self) -> Any:
        self._read.update(super().keys())
        return super().__iter__()


def encode_jpeg(image: np.ndarray, quality: int = 85) -> np.ndarray:
    """A BGR frame as the JPEG form's input row (UINT8 [1, n]). SiteServerError if it fails."""
    import cv2

    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise SiteServerError("failed", "The frame could not be encoded as JPEG.")
    return np.asarray(encoded, np.uint8).reshape(1, -1)


def jpeg_detections(
    out: Mapping[str, np.ndarray], labels: tuple[str, ...]
) -> list[tuple[tuple[float, ...], float, int, str]]:
    """(box, score, class id, label) per detection of the JPEG form's first image; rows past
    the image's own detections (score 0, class -1) are left out."""
    boxes, scores, classes = out["BOXES"][0], out["SCORES"][0], out["CLASSES"][0]
    return [
        (
            tuple(float(v) for v in box),
            float(score),
            int(cls),
            labels[int(cls)] if 0 <= int(cls) < len(labels) else f"class {int(cls)}",
        )
        for box, score, cls in zip(boxes, scores, classes, strict=False)
        if int(cls) >= 0
    ]


class RemoteTensorRunner(Runner):
    """A server model in the raw-tensor form: ``run(inputs) -> outputs`` like a local runner.
    Made, used and closed on one thread; each frame waits at most the frame timeout."""

    def __init__(self, address: ServerAddress, model: ServerModel, metadata: Mapping[str, Any]) -> None:
        self.address = address
        self.model = model
        self.name = model.name
        self.metadata = ModelIO(_tensors(metadata.get("inputs")), _tensors(metadata.get("outputs")))
        self.output_names = [t.name for t in self.metadata.outputs]
        self.device = f"server:{model.device or 'CPU'}"
        self._read: set[str] = set()  # the outputs the caller has read (see _Outputs)
        self._shapes: set[tuple[tuple[int, ...], ...]] = set()  # input shapes the server has seen
        self._client = SiteClient(address, address.frame_timeout_s)

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The outputs the caller has read so far (all of them until it has read any). The
        first frame of each input shape may wait :data:`COLD_TIMEOUT_S`: a server compiles or
        reshapes a model on its first request of a shape."""
        wanted = [n for n in self.output_names if n in self._read] or self.output_names
        shape = tuple(tuple(a.shape) for a in inputs.values())
        if shape in self._shapes:
            return _Outputs(self._client.infer(self.name, inputs, wanted), self._read)
        cold = SiteClient(self.address, max(COLD_TIMEOUT_S, self.address.frame_timeout_s))
        try:
            outputs = cold.infer(self.name, inputs, wanted, timeout_s=cold.timeout_s)
        finally:
            cold.close()
        self._shapes.add(shape)
        return _Outputs(outputs, self._read)

    def reconnect(self) -> None:
        """A fresh connection after the server came back (no stale socket; a restarted server
        is cold again). Runner's thread."""
        self._client.reconnect()
        self._shapes.clear()

    def close(self) -> None:
        self._client.close()


class RemoteJpegRunner(Runner):
    """A detection model in the JPEG form: one encoded frame in (``IMAGE``, UINT8 [1, n]),
    ``BOXES``/``SCORES``/``CLASSES`` out, in the frame's pixels; the whole pipeline runs on
    the server. ``labels`` come from the server's ``PARAM_LABELS``. Runner's thread."""

    def __init__(self, address: ServerAddress, model: ServerModel, config: Mapping[str, Any]) -> None:
        self.address = address
        self.model = model
        labels = parse_json_param(config, sp.PARAM_LABELS)
        self.labels = tuple(str(x) for x in labels) if isinstance(labels, list) else ()
        self.metadata = ModelIO(
            (TensorInfo(sp.PIPELINE_INPUT, (None, None), "uint8"),),
            tuple(TensorInfo(n, (None, None), "float32") for n in sp.PIPELINE_OUTPUTS),
            {"labels": str(list(self.labels))},
        )
        self.device = f"server:{model.device or 'CPU'}"
        self.bytes_sent = 0
        self._client = SiteClient(address, address.frame_timeout_s)

    def warmup(self) -> None:
        self.detect(np.zeros((480, 640, 3), np.uint8))

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        data = np.ascontiguousarray(inputs[sp.PIPELINE_INPUT], dtype=np.uint8)
        if data.ndim == 1:
            data = data[None]
        self.bytes_sent += int(data.nbytes)
        return self._client.infer(self.model.name, {sp.PIPELINE_INPUT: data}, list(sp.PIPELINE_OUTPUTS))

    def detect(self, image: np.ndarray, quality: int = 85) -> list[tuple[tuple[float, ...], float, int, str]]:
        """Encode a BGR frame as JPEG and return (box, score, class id, label) per detection."""
        out = self.run({sp.PIPELINE_INPUT: encode_jpeg(image, quality)})
        return jpeg_detections(out, self.labels)

    def reconnect(self) -> None:
        self._client.reconnect()

    def close(self) -> None:
        self._client.close()


def resolve_model(
    client: SiteClient, address: ServerAddress, digest: str, wanted: str = "", form: str = "tensors"
) -> tuple[ServerModel, dict[str, Any]]:
    """The server's copy of the kiosk's model (by ``digest``, or the model named ``wanted``,
    whose digest must match) and its configuration. SiteServerError when it has none."""
    index = [m for m in client.repository_index() if str(m.get("state", "")).upper() == "READY"]
    names = [str(m.get("name", "")) for m in index]
    candidates = [wanted] if wanted else names
    if wanted and wanted not in names:
        raise SiteServerError(
            MISSING_MODEL,
            Text(
                "The site server at {url} does not have the model '{model}' (it serves: {served}).",
                url=address.url,
                model=wanted,
                served=", ".join(names) or "no models",
            ),
            "Serve it there (edgestudio serve), or choose a model it has.",
        )
    served = []
    for name in candidates:
        config = client.model_config(name)
        model = server_model(name, config, True)
        served.append(model)
        if model.form and model.form != form:
            continue
        # a server may not hash a speech model folder: any one of that form then does
        unhashed_speech = form == "speech" and not model.sha256
        if wanted or (digest and model.sha256 == digest) or unhashed_speech:
            if digest and model.sha256 and model.sha256 != digest:
                raise SiteServerError(
                    MISMATCH,
                    Text(
                        "The site server's model '{model}' is not this kiosk's model "
                        "(sha256 {there}… there, {here}… here).",
                        model=name,
                        there=model.sha256[:12],
                        here=digest[:12],
                    ),
                    "Deploy the same model on the server and the kiosk.",
                )
            return model, config
    listing = ", ".join(f"{m.name} ({m.sha256[:12] or 'no sha256'})" for m in served) or "no models"
    raise SiteServerError(
        MISSING_MODEL,
        Text(
            "The site server at {url} has no copy of this kiosk's model (sha256 {here}…) in the "
            "{form} form; it serves: {listing}.",
            url=address.url,
            here=digest[:12],
            form=form,
            listing=listing,
        ),
        "Serve the kiosk's model there (edgestudio serve --detect MODEL).",
    )


class RemoteBackend(Backend):
    """The site server as a runtime. Options of ``load``: ``model`` (the server model's name;
    default: found by the kiosk model's SHA-256), ``sha256`` (the kiosk model's digest, when
    known), ``form`` ("tensors" | "jpeg"), ``fallback`` (default True), ``task``,
    ``local_backend``/``local_device`` (the fallback's runtime; default: the best local one),
    ``on_change`` (the fallback's state observer), ``jpeg_local``/``local_runtime`` (the JPEG
    form's fallback: a runner of that form here and its runtime's id), and the local runtime's
    own options."""

    id: ClassVar[str] = BACKEND_ID
    name: ClassVar[str] = "Site server"
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION, TASK_FACE_EMBEDDING, TASK_SPEECH)
    # the kiosk's model file says which model to ask the server for (its digest)
    formats: ClassVar[tuple[str, ...]] = (
        "onnx",
        "openvino-ir",
        "ncnn",
        "tflite",
        "tensorrt-plan",
        "ctranslate2",
    )

    def __init__(
        self,
        address: ServerAddress | None = None,
        registry: BackendRegistry | None = None,
        on_change: TaskStateCallback | None = None,
    ) -> None:
        self.address = address
        self.registry = registry
        self.on_change = on_change  # every fallback runner's state, with its task (the app's)
        self.info: SiteServerInfo | None = None  # the last probe's answer

    @property
    def form(self) -> str:
        """The wire form this kiosk asks for detection models: "tensors" (the model's raw
        tensors) or "jpeg" (JPEG in, detections out; ``[site_server] form``). Any thread."""
        return self.address.form if self.address is not None else "tensors"

    def probe(self) -> BackendStatus:
        """The server's version and devices, or why not. Any thread (network, up to ~2 s)."""
        if self.address is None:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason="no site server configured",
                install_hint="set one in Settings > Site server, or pass --server URL",
            )
        from edgestudio.backends.remote_probe import probe_site_server

        try:
            import_client(self.address.protocol)
            info = probe_site_server(self.address, timeout_s=1.0)
        except BackendUnavailable as exc:
            return BackendStatus(self.id, self.name, False, reason=exc.message, install_hint=INSTALL_HINT)
        except EdgeStudioError as exc:
            # Still a runtime a task may load: its runner starts on the local model and joins
            # the server when it answers (fallback); the device says why it is not there now.
            self.info = None
            device = DeviceOption("server", "Site server", False, exc.message)
            return BackendStatus(self.id, self.name, True, "", (device,), reason=exc.message)
        self.info = info
        devices = tuple(
            DeviceOption(f"server:{d}", Text("{device} on the site server", device=d), True)
            for d in info.devices or ("CPU",)
        )
        return BackendStatus(self.id, self.name, True, info.version, devices)

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """10 (the remote band) where the server has a ready model for ``task``. Pure."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        info = self.info
        if not status.available_devices():
            return self.unranked(task, status.reason or "the site server does not answer")
        if info is not None and task not in info.tasks():
            return self.unranked(
                task, Text("the site server at {url} serves no model for this task", url=info.url)
            )
        device = status.available_devices()[0].id
        where = info.url if info else "the site server"
        return self.ranked(
            task, device, 10, Text("runs on {server}: works, but needs the network", server=where)
        )

    def load(self, artifact: Path, device: str = "", **options: Any) -> Runner | SpeechRunner:
        """The server's runner for the kiosk's model ``artifact``, falling back to the same
        model on a local runtime (``fallback=True``). Raises ModelLoadError/SiteServerError.
        Runs on the thread that will own the runner."""
        if self.address is None:
            raise BackendUnavailable(
                "No site server is configured.", "Set one in Settings > Site server, or pass --server URL."
            )
        address = self.address
        if _is_speech(artifact, options):
            return self._load_speech(address, artifact, options)
        form = str(options.get("form") or address.form or "tensors")
        digest = str(options.get("sha256") or "") or (local_digest(artifact) if artifact else "")
        wanted = str(options.get("model") or "")
        found: dict[str, str] = {"name": wanted}

        def connect() -> Runner:
            client = SiteClient(address, PROBE_TIMEOUT_S)
            try:
                model, config = resolve_model(client, address, digest, found["name"], form)
                found["name"], found["task"] = model.name, model.task
                if form == "jpeg":
                    return RemoteJpegRunner(address, model, config)
                metadata = client.model_metadata(model.name)
            finally:
                client.close()
            return RemoteTensorRunner(address, model, metadata)

        # the JPEG form falls back to a runner of the same form here, made by the task
        # (``jpeg_local``: ``tasks/detection/site_jpeg.py``); without one it has none
        jpeg_local = options.get("jpeg_local") if form == "jpeg" else None
        if not options.get("fallback", True) or (form == "jpeg" and jpeg_local is None):
            return connect()
        remote: Runner | None = None
        error: SiteServerError | None = None
        try:
            remote = connect()
        except SiteServerError as exc:  # the local model starts; the server is watched
            error = exc
            log.warning("site server at load: %s", exc)
        local: Runner | None
        if isinstance(jpeg_local, Runner):
            local, local_id = jpeg_local, str(options.get("local_runtime") or "")
        else:
            local, local_id = self._load_local(artifact, found.get("task") or "", options)
        if remote is None and local is None:
            assert error is not None
            raise ModelLoadError(error.message, error.hint) from error
        return FallbackRunner(
            address,
            connect,
            local,
            remote=remote,
            error=error,
            local_runtime=local_id,
            model_name=lambda: found["name"],
            on_change=options.get("on_change") or self._observer(found, options),
        )

    def _load_speech(
        self, address: ServerAddress, artifact: Path, options: Mapping[str, Any]
    ) -> SpeechRunner:
        """Whisper on the server, falling back per request to the same folder on the local
        speech runtime (faster-whisper). Runs on the thread that will own the runner."""
        from edgestudio.backends.remote_fallback import FallbackSpeechRunner
        from edgestudio.backends.remote_speech import RemoteSpeechRunner

        wanted = str(options.get("model") or "")

        def resolve() -> ServerModel:
            client = SiteClient(address, PROBE_TIMEOUT_S)
            try:
                return resolve_model(client, address, "", wanted, "speech")[0]
            finally:
                client.close()

        remote = RemoteSpeechRunner(address, resolve)
        if not options.get("fallback", True) or self.registry is None:
            remote.resolve()
            return remote
        try:
            remote.resolve()
        except SiteServerError as exc:  # the first request tries again, then runs locally
            log.warning("site server at load: %s", exc)
        if self.registry is None:
            return remote
        choice = self.registry.choose(TASK_SPEECH, "ctranslate2", str(options.get("local_backend") or ""))
        if choice.backend.id == self.id:
            return remote
        skip = {"model", "sha256", "form", "fallback", "task", "local_backend", "local_device", "on_change"}
        local = choice.backend.load(
            artifact, choice.device, **{k: v for k, v in options.items() if k not in skip}
        )
        if not isinstance(local, SpeechRunner):
            local.close()
            return remote
        found = {"task": TASK_SPEECH}
        observer = options.get("on_change") or self._observer(found, options)
        return FallbackSpeechRunner(remote, local, address.url, observer, choice.backend.id)

    def _observer(self, found: Mapping[str, str], options: Mapping[str, Any]) -> StateCallback | None:
        """The configured observer, told the task of the runner (the server model's, else the
        ``task`` option, else "")."""
        observer = self.on_change
        if observer is None:
            return None
        return lambda state: observer(str(found.get("task") or options.get("task") or ""), state)

    def _load_local(self, artifact: Path, task: str, options: Mapping[str, Any]) -> tuple[Runner | None, str]:
        """The same model on the best local runtime (the fallback), and that runtime's id."""
        if self.registry is None:
            return None, ""
        from edgestudio.core.formats import sniff

        fmt = sniff(artifact).format
        task = str(options.get("task") or task or TASK_DETECTION)
        choice = self.registry.choose(
            task, fmt, str(options.get("local_backend") or ""), str(options.get("local_device") or "")
        )
        if choice.backend.id == self.id:
            return None, ""
        skip = {"model", "sha256", "form", "fallback", "task", "local_backend", "local_device", "on_change"}
        skip |= {"jpeg_local", "local_runtime"}
        runner = choice.backend.load(
            artifact, choice.device, **{k: v for k, v in options.items() if k not in skip}
        )
        if not isinstance(runner, Runner):
            runner.close()
            return None, ""
        return runner, choice.backend.id


def _is_speech(artifact: Path, options: Mapping[str, Any]) -> bool:
    """A Whisper model folder (CTranslate2) or the ``task`` option says speech."""
    if options.get("task"):
        return str(options["task"]) == TASK_SPEECH
    return artifact.is_dir() and (artifact / "model.bin").is_file()


def configure(
    registry: BackendRegistry, address: ServerAddress | None, on_change: TaskStateCallback | None = None
) -> None:
    """Point ``registry``'s ``remote`` runtime at ``address`` (None: no site server). Call it
    where the registry is made (the app, the CLI) and when the setting changes; any thread
    that owns the registry. ``on_change(task, state)`` hears every fallback runner it loads
    switch between the server and the local model (on that runner's thread)."""
    registry.register(BACKEND_ID, lambda: RemoteBackend(address, registry, on_change))


__all__ = [
    "LOCAL_FRAME_INPUT",
    "RemoteBackend",
    "RemoteJpegRunner",
    "RemoteTensorRunner",
    "StateCallback",
    "configure",
    "encode_jpeg",
    "jpeg_detections",
]
