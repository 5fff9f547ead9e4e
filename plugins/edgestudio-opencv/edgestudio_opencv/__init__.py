"""OpenCV DNN backend for EdgeStudio (plugin API 2): object and face detection on ONNX models."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.files import require_model_file
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

_ONNX_TYPES = {1: "tensor(float)", 10: "tensor(float16)", 2: "tensor(uint8)"}


def _read_io(path: Path) -> ModelIO:
    """Inputs, outputs and metadata from the ONNX file itself (OpenCV does not expose them)."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    initializers = {init.name for init in model.graph.initializer}

    def info(value: Any) -> TensorInfo:
        tensor = value.type.tensor_type
        dims = tuple(d.dim_value if d.dim_value > 0 else None for d in tensor.shape.dim)
        return TensorInfo(value.name, dims, _ONNX_TYPES.get(tensor.elem_type, "tensor(float)"))

    return ModelIO(
        inputs=tuple(info(v) for v in model.graph.input if v.name not in initializers),
        outputs=tuple(info(v) for v in model.graph.output),
        custom={p.key: p.value for p in model.metadata_props},
    )


class OpenCvDnnRunner(Runner):
    def __init__(self, net: Any, metadata: ModelIO, device: str) -> None:
        self._net = net
        self.metadata = metadata
        self.device = device
        self._outputs = [o.name for o in metadata.outputs]

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        try:
            for name, value in inputs.items():
                self._net.setInput(np.ascontiguousarray(value, dtype=np.float32), name)
            results = self._net.forward(self._outputs)
        except Exception as exc:
            raise InferenceError(Text("OpenCV DNN could not run the model: {error}", error=str(exc))) from exc
        return dict(zip(self._outputs, results, strict=True))

    def close(self) -> None:
        self._net = None


class OpenCvDnnBackend(Backend):
    id: ClassVar[str] = "opencv"
    name: ClassVar[str] = "OpenCV DNN"
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION)
    formats: ClassVar[tuple[str, ...]] = ("onnx",)

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """A portable CPU runtime, a little behind ONNX Runtime: its ONNX importer and kernels
        cover fewer operators and are not tuned per CPU."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        reason = Text("OpenCV DNN on {cores} CPU cores.", cores=profile.physical_cores)
        return self.ranked(task, "cpu", 25, reason)

    def probe(self) -> BackendStatus:
        try:
            import cv2
        except ImportError as exc:
            return BackendStatus(
                self.id, self.name, False, reason=str(exc), install_hint="pip install opencv-python-headless"
            )
        opencl = bool(cv2.ocl.haveOpenCL())
        devices = (
            DeviceOption("cpu", "CPU", True),
            DeviceOption("opencl", "GPU (OpenCL)", opencl, "" if opencl else "no OpenCL device found"),
        )
        return BackendStatus(self.id, self.name, True, cv2.__version__, devices, formats=self.formats)

    def load(self, artifact: Path, device: str = "", **options: Any) -> Runner:
        require_model_file(artifact)
        import cv2

        device = device or "cpu"
        if device not in ("cpu", "opencl"):
            raise BackendUnavailable(
                Text("OpenCV DNN has no device called '{device}'.", device=device), "Use cpu or opencl."
            )
        try:
            metadata = _read_io(artifact)
            net = cv2.dnn.readNetFromONNX(str(artifact))
        except Exception as exc:
            raise ModelLoadError(
                Text(
                    "OpenCV could not load {name}: {error}",
                    name=artifact.name,
                    error=str(exc).strip().splitlines()[-1][:300],
                )
            ) from exc
        if device == "opencl":
            net.setPreferableTarget(cv2.dnn.DNN_TARGET_OPENCL)
        threads = int(options.get("threads") or 0)
        if threads > 0:
            cv2.setNumThreads(threads)
        return OpenCvDnnRunner(net, metadata, device)
