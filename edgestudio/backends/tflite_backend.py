"""TensorFlow Lite backend through Google's ``ai-edge-litert`` (the maintained successor of
``tflite-runtime``, which crashes under NumPy 2): CPU with the XNNPACK delegate and a thread
count.

A ``.tflite`` file describes its own tensors (names, shapes, dtypes); the runner feeds and
returns them by name. Float models and models with quantized inputs/outputs both run: a
quantized tensor is (de)quantized with its own scale and zero point, so tasks always see
float32.

Thread rules: ``probe()`` any thread; the runner is created, used and closed on one thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.files import require_model_file
from edgestudio.backends.ncnn_backend import quiet_native_stderr
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import (
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    BackendStatus,
    DeviceOption,
    ModelIO,
    Rank,
    TensorInfo,
)

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'edgestudio[tflite]'"


def _interpreter_class() -> Any:
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as exc:
        raise BackendUnavailable("TensorFlow Lite (ai-edge-litert) is not installed.", INSTALL_HINT) from exc
    return Interpreter


class TfliteRunner(Runner):
    """A LiteRT ``Interpreter`` with its tensors allocated. One thread uses it."""

    def __init__(self, model: Path, threads: int) -> None:
        interpreter_class = _interpreter_class()
        try:
            with quiet_native_stderr():  # "INFO: Created TensorFlow Lite XNNPACK delegate"
                interpreter = interpreter_class(model_path=str(model), num_threads=max(1, threads))
                interpreter.allocate_tensors()
        except (ValueError, RuntimeError) as exc:
            raise ModelLoadError(
                f"TensorFlow Lite could not load {model.name}: {str(exc).strip().splitlines()[-1][:300]}",
                "The file may be damaged, or use operators this LiteRT build lacks.",
            ) from exc
        self._interpreter: Any = interpreter
        self.device = "cpu"
        self._inputs = {d["name"]: d for d in interpreter.get_input_details()}
        self._outputs = {d["name"]: d for d in interpreter.get_output_details()}
        self.metadata = ModelIO(
            inputs=tuple(_info(d) for d in self._inputs.values()),
            outputs=tuple(_info(d) for d in self._outputs.values()),
            custom={"threads": str(threads)},
        )

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        if self._interpreter is None:
            raise InferenceError("The TensorFlow Lite model was closed.")
        try:
            for name, detail in self._inputs.items():
                if name not in inputs:
                    raise InferenceError(f"The TensorFlow Lite model needs the input {name}.")
                self._interpreter.set_tensor(detail["index"], _quantize(np.asarray(inputs[name]), detail))
            self._interpreter.invoke()
            return {
                name: _dequantize(self._interpreter.get_tensor(detail["index"]), detail)
                for name, detail in self._outputs.items()
            }
        except ValueError as exc:
            raise InferenceError(f"TensorFlow Lite could not run the model: {exc}") from exc

    def close(self) -> None:
        self._interpreter = None


def _info(detail: Mapping[str, Any]) -> TensorInfo:
    dims = tuple(int(d) if int(d) > 0 else None for d in detail["shape_signature"])
    return TensorInfo(str(detail["name"]), dims, np.dtype(detail["dtype"]).name)


def _quantize(value: np.ndarray, detail: Mapping[str, Any]) -> np.ndarray:
    dtype = np.dtype(detail["dtype"])
    scale, zero = detail.get("quantization", (0.0, 0))
    if dtype.kind in "iu" and scale and value.dtype.kind == "f":
        info = np.iinfo(dtype)
        return np.clip(np.round(value / scale + zero), info.min, info.max).astype(dtype)
    return value.astype(dtype, copy=False)


def _dequantize(value: np.ndarray, detail: Mapping[str, Any]) -> np.ndarray:
    scale, zero = detail.get("quantization", (0.0, 0))
    if value.dtype.kind in "iu" and scale:
        return ((value.astype(np.float32) - zero) * scale).astype(np.float32)
    return np.array(value, copy=True)


class TfliteBackend(Backend):
    id: ClassVar[str] = "tflite"
    name: ClassVar[str] = "TensorFlow Lite"
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION)
    formats: ClassVar[tuple[str, ...]] = ("tflite",)

    def probe(self) -> BackendStatus:
        try:
            _interpreter_class()
        except BackendUnavailable as exc:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason=exc.message,
                install_hint=exc.hint,
                formats=self.formats,
            )
        import importlib.metadata

        version = importlib.metadata.version("ai-edge-litert")
        devices = (
            DeviceOption(
                "cpu", Text("CPU with XNNPACK ({threads} threads)", threads=os.cpu_count() or 1), True
            ),
        )
        return BackendStatus(self.id, self.name, True, f"LiteRT {version}", devices, formats=self.formats)

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """A portable CPU runtime (XNNPACK); a little better on ARM, where it is tuned."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        if profile.machine.lower() in ("aarch64", "arm64", "armv7l"):
            return self.ranked(task, "cpu", 35, "TensorFlow Lite's XNNPACK kernels suit this ARM CPU.")
        return self.ranked(task, "cpu", 27, "TensorFlow Lite runs on this CPU with XNNPACK.")

    def load(self, artifact: Path, device: str = "", **options: Any) -> TfliteRunner:
        """Load on the calling thread. ``threads``: XNNPACK threads (0 = one per physical core)."""
        require_model_file(artifact)
        if device not in ("", "cpu"):
            raise BackendUnavailable(f"TensorFlow Lite has no device called '{device}' here.", "Use cpu.")
        threads = int(options.get("threads") or 0)
        if threads <= 0:
            import psutil

            threads = psutil.cpu_count(logical=False) or os.cpu_count() or 1
        return TfliteRunner(artifact, threads)
