"""ONNX Runtime backend. Execution providers are always chosen explicitly, never by default
order (onnxruntime lists AzureExecutionProvider first)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.files import require_model_file
from edgestudio.backends.inflight import PoolQueue, RequestQueue
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.privacy import disable_telemetry
from edgestudio.core.types import (
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    TASK_FACE_EMBEDDING,
    BackendStatus,
    DeviceOption,
    ModelIO,
    Rank,
    TensorInfo,
)

log = logging.getLogger(__name__)

# device id -> (label, execution provider, how to get it, platforms where it can exist)
_DEVICES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "cpu": ("CPU", "CPUExecutionProvider", "", ("linux", "win32", "darwin")),
    "cuda": (
        "NVIDIA GPU (CUDA)",
        "CUDAExecutionProvider",
        "not in this onnxruntime build (pip install onnxruntime-gpu)",
        ("linux", "win32"),
    ),
    "tensorrt": (
        "NVIDIA GPU (TensorRT)",
        "TensorrtExecutionProvider",
        "not in this onnxruntime build (onnxruntime-gpu + TensorRT)",
        ("linux", "win32"),
    ),
    "openvino": (
        "Intel CPU/GPU/NPU (OpenVINO provider)",
        "OpenVINOExecutionProvider",
        "not in this onnxruntime build (pip install onnxruntime-openvino)",
        ("linux", "win32"),
    ),
    "directml": ("DirectML GPU", "DmlExecutionProvider", "pip install onnxruntime-directml", ("win32",)),
    "coreml": ("Apple Neural Engine/GPU (CoreML)", "CoreMLExecutionProvider", "", ("darwin",)),
}

_DTYPES = {"tensor(float)": np.float32, "tensor(float16)": np.float16, "tensor(uint8)": np.uint8}


def _dims(shape: list[Any]) -> tuple[int | None, ...]:
    return tuple(d if isinstance(d, int) and d > 0 else None for d in shape)


class OnnxRuntimeRunner(Runner):
    """An ``onnxruntime.InferenceSession`` on one execution provider."""

    def __init__(self, session: Any, device: str, fallback_reason: str, requests: int = 1) -> None:
        self._session = session
        self._requests = max(1, requests)
        self.device = device
        self.fallback_reason = fallback_reason
        meta = session.get_modelmeta()
        self.metadata = ModelIO(
            inputs=tuple(TensorInfo(i.name, _dims(i.shape), i.type) for i in session.get_inputs()),
            outputs=tuple(TensorInfo(o.name, _dims(o.shape), o.type) for o in session.get_outputs()),
            custom=dict(meta.custom_metadata_map or {}),
        )
        self._input_types = {i.name: _DTYPES.get(i.type) for i in session.get_inputs()}
        self._output_names = [o.name for o in session.get_outputs()]

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        feeds = {}
        for name, value in inputs.items():
            dtype = self._input_types.get(name)
            feeds[name] = value.astype(dtype, copy=False) if dtype is not None else value
        try:
            outputs = self._session.run(self._output_names, feeds)
        except Exception as exc:
            raise InferenceError(f"ONNX Runtime could not run the model: {exc}") from exc
        return dict(zip(self._output_names, outputs, strict=True))

    def open_queue(self, requests: int = 0) -> RequestQueue:
        """One batched run at a time plus one gathering when every input has a dynamic batch
        axis; else concurrent ``run`` calls (ONNX Runtime's sessions take them from several
        threads). The runs execute on the queue's pool threads."""
        requests = requests or self._requests
        if all(t.shape and t.shape[0] is None for t in self.metadata.inputs):
            return PoolQueue(
                self.run,
                2,
                name="ort-batch",
                max_batch=max(2, requests * 2),
                description="batched runs (dynamic batch axis)",
            )
        return PoolQueue(self.run, requests, name="ort-run", description=f"{requests} concurrent runs")

    def close(self) -> None:
        self._session = None


class OnnxRuntimeBackend(Backend):
    id: ClassVar[str] = "onnxruntime"
    name: ClassVar[str] = "ONNX Runtime"
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION, TASK_FACE_EMBEDDING)
    formats: ClassVar[tuple[str, ...]] = ("onnx",)

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """NVIDIA GPUs through TensorRT, then CUDA; otherwise the portable CPU fallback."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        if profile.gpus and status.has_device("tensorrt"):
            gpu = profile.gpus[0].name
            return self.ranked(
                task,
                "tensorrt",
                90,
                Text("{gpu}: TensorRT gives the lowest latency on NVIDIA GPUs.", gpu=gpu),
            )
        if profile.gpus and status.has_device("cuda"):
            return self.ranked(
                task, "cuda", 80, Text("{gpu} is used through CUDA.", gpu=profile.gpus[0].name)
            )
        if status.has_device("cpu"):
            why = (
                "ONNX Runtime on the CPU: no GPU or NPU runtime is available."
                if not profile.gpus
                else "ONNX Runtime on the CPU: no GPU provider is installed."
            )
            return self.ranked(task, "cpu", 30, why)
        return self.unranked(task, "no execution provider of this build is usable here")

    def probe(self) -> BackendStatus:
        try:
            disable_telemetry()  # before ONNX Runtime initialises: it reads the opt-out once
            import onnxruntime as ort
        except ImportError as exc:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason=Text("{package} is not installed ({error})", package="onnxruntime", error=str(exc)),
                install_hint="pip install onnxruntime",
                formats=self.formats,
            )
        providers = set(ort.get_available_providers())
        devices = []
        for device_id, (label, provider, hint, platforms) in _DEVICES.items():
            if not any(sys.platform.startswith(p) for p in platforms):
                continue
            available = provider in providers
            devices.append(DeviceOption(device_id, label, available, "" if available else hint))
        return BackendStatus(self.id, self.name, True, ort.__version__, tuple(devices), formats=self.formats)

    def load(self, artifact: Path, device: str = "", **options: Any) -> OnnxRuntimeRunner:
        """Create the session on the calling thread.

        Options: ``threads`` intra-op threads (0 = auto); ``throughput`` sets the runner up for
        several runs in flight (``open_queue``); ``spin`` lets idle pool threads
        busy-wait (slightly lower latency, but it burns cores other work needs).
        """
        require_model_file(artifact)
        try:
            disable_telemetry()  # before ONNX Runtime initialises: it reads the opt-out once
            import onnxruntime as ort
        except ImportError as exc:
            raise BackendUnavailable(
                "ONNX Runtime is not installed.", "Install it with: pip install onnxruntime"
            ) from exc
        device = device or "cpu"
        if device not in _DEVICES:
            raise BackendUnavailable(
                f"ONNX Runtime has no device called '{device}'.",
                f"Choose one of: {', '.join(_DEVICES)}.",
            )
        provider = _DEVICES[device][1]
        if provider not in ort.get_available_providers():
            raise BackendUnavailable(
                f"{_DEVICES[device][0]} is not available to ONNX Runtime.", _DEVICES[device][2]
            )
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        threads = int(options.get("threads") or 0)
        # "throughput": several runs in flight (several cameras), one per physical core, each
        # on one thread, instead of one run spread over every core.
        requests = _physical_cores() if options.get("throughput") else 1
        if threads <= 0 and requests > 1:
            threads = 1
        if threads > 0:
            opts.intra_op_num_threads = threads
        # Idle pool threads would otherwise spin after every run and starve the other models
        # and the capture thread sharing a small device's cores.
        if not options.get("spin", False):
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        providers: list[Any] = (
            [provider] if provider == "CPUExecutionProvider" else [provider, "CPUExecutionProvider"]
        )
        if provider == "TensorrtExecutionProvider":
            providers = [_tensorrt_provider(options), "CUDAExecutionProvider", "CPUExecutionProvider"]
        try:
            session = ort.InferenceSession(str(artifact), sess_options=opts, providers=providers)
        except Exception as exc:
            raise ModelLoadError(
                f"ONNX Runtime could not load {artifact.name}: {_first_line(exc)}",
                "The file may be damaged, incomplete, or not an ONNX model.",
            ) from exc
        active = session.get_providers()
        fallback = ""
        if active and active[0] != provider:
            fallback = f"{_DEVICES[device][0]} could not be used; running on CPU instead."
            log.warning("%s: %s", artifact.name, fallback)
        return OnnxRuntimeRunner(session, device, fallback, requests)


def _physical_cores() -> int:
    import psutil

    return psutil.cpu_count(logical=False) or 1


def _tensorrt_provider(options: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """TensorRT through ONNX Runtime: FP16 unless ``precision="fp32"``, and an engine cache
    (``engine_cache``, default the platform cache folder) so engines are built once per model,
    TensorRT version and GPU (ONNX Runtime keys the cache on all three)."""
    import platformdirs

    cache = Path(options.get("engine_cache") or platformdirs.user_cache_dir("edgestudio")) / "tensorrt"
    cache.mkdir(parents=True, exist_ok=True)
    return (
        "TensorrtExecutionProvider",
        {
            "trt_fp16_enable": "False" if options.get("precision") == "fp32" else "True",
            "trt_engine_cache_enable": "True",
            "trt_engine_cache_path": str(cache),
            "trt_timing_cache_enable": "True",
        },
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:300] if text else type(exc).__name__
