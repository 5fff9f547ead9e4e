"""Frozen dataclasses that cross threads (worker -> GUI) and end up in JSON output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

# Task ids: what a model does. Backends declare the tasks they serve with these strings.
TASK_DETECTION = "detection"
TASK_FACE_DETECTION = "face-detection"
TASK_FACE_EMBEDDING = "face-embedding"
TASK_SPEECH = "speech"
TASK_CHAT = "chat"
TASK_LABELS: dict[str, str] = {
    TASK_DETECTION: "Object detection",
    TASK_FACE_DETECTION: "Face detection",
    TASK_FACE_EMBEDDING: "Face recognition (embedding)",
    TASK_SPEECH: "Speech",
    TASK_CHAT: "Chat",
}
TASKS: tuple[str, ...] = tuple(TASK_LABELS)


def reads_format(formats: tuple[str, ...], fmt: str | None) -> bool:
    """Whether a backend loading ``formats`` takes a model in ``fmt``: None asks nothing of
    the format; "" means no model file at all (a chat server), served by backends without
    formats."""
    if fmt is None:
        return True
    return fmt in formats if fmt else not formats


def task_label(task: str) -> str:
    """The task's name for people ("Object detection"); unknown ids are shown as they are."""
    return TASK_LABELS.get(task, task)


@dataclass(frozen=True)
class TensorInfo:
    """One model input or output as the runtime reports it. Unknown dims are ``None``."""

    name: str
    shape: tuple[int | None, ...]
    dtype: str


@dataclass(frozen=True)
class ModelIO:
    """What a loaded model exposes: its tensors and the key/value metadata stored in the file."""

    inputs: tuple[TensorInfo, ...]
    outputs: tuple[TensorInfo, ...]
    custom: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DeviceOption:
    """A device a backend can run on; ``reason`` says why it is unavailable when it is."""

    id: str
    label: str
    available: bool
    reason: str = ""


@dataclass(frozen=True)
class BackendStatus:
    """Result of ``Backend.probe()``: availability, version, devices, and a human reason."""

    id: str
    name: str
    available: bool
    version: str = ""
    devices: tuple[DeviceOption, ...] = ()
    reason: str = ""
    install_hint: str = ""
    formats: tuple[str, ...] = ()  # format ids the backend loads ("onnx", "openvino-ir", ...)
    tasks: tuple[str, ...] = ()  # task ids the backend serves ("detection", "speech", ...)

    def available_devices(self) -> list[DeviceOption]:
        return [d for d in self.devices if d.available]

    def device(self, device_id: str) -> DeviceOption | None:
        """The device with this id, or of this family ("GPU" finds "GPU.0"); None when absent."""
        exact = next((d for d in self.devices if d.id == device_id), None)
        return exact or next((d for d in self.devices if d.id.split(".")[0] == device_id), None)

    def has_device(self, device_id: str) -> bool:
        """True when the backend is available and so is this device (or one of its family)."""
        if not self.available:
            return False
        return any(d.available and device_id in (d.id, d.id.split(".")[0]) for d in self.devices)

    def serves(self, task: str, fmt: str | None = None) -> bool:
        """True when the backend serves ``task`` and, if given, loads models in format ``fmt``."""
        return task in self.tasks and reads_format(self.formats, fmt)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Rank:
    """How well one backend suits this device for one task, with the reason in words.

    ``score`` orders candidates (higher is better; the bands are in backends/base.py);
    0 means the backend cannot run the task here, and ``reason`` says why.
    """

    task: str
    backend: str
    device: str
    score: float
    reason: str

    @property
    def ranked(self) -> bool:
        return self.score > 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Frame:
    """One captured frame. ``image`` is BGR uint8 and must not be modified by consumers."""

    image: np.ndarray
    index: int
    captured_at: float  # time.perf_counter() when the frame left the source
    capture_ms: float  # time spent reading/decoding it
    prepared: Any = None  # the model input made on the capture thread (FrameMailbox.input_preparer)


@dataclass(frozen=True)
class Detection:
    """One detected object, in pixel coordinates of the original frame."""

    box: tuple[float, float, float, float]  # x1, y1, x2, y2
    score: float
    class_id: int
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "class_id": self.class_id,
            "score": round(self.score, 4),
            "box": [round(v, 1) for v in self.box],
        }


@dataclass(frozen=True)
class StageTimes:
    """Milliseconds spent in each pipeline stage for one frame."""

    capture_ms: float = 0.0
    pre_ms: float = 0.0
    infer_ms: float = 0.0
    post_ms: float = 0.0
    draw_ms: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "capture": self.capture_ms,
            "pre": self.pre_ms,
            "infer": self.infer_ms,
            "post": self.post_ms,
            "draw": self.draw_ms,
        }


@dataclass(frozen=True)
class DetectionResult:
    """Detections for one frame, the annotated picture and how long each stage took."""

    frame_index: int
    detections: tuple[Detection, ...]
    width: int
    height: int
    times: StageTimes
    latency_ms: float = 0.0  # capture -> annotated frame ready
    annotated: np.ndarray | None = None  # BGR uint8, boxes drawn (when the pipeline draws)
    finished_at: float = 0.0  # time.perf_counter()
    image: np.ndarray | None = None  # BGR uint8, the frame as it came (the GUI paints boxes itself)
    source: int = 0  # which of a session's sources the frame came from (several cameras)


@dataclass(frozen=True)
class LoadedInfo:
    """Sent with ``InferenceSession.loaded``: what was loaded, where, and how long it took."""

    model_name: str
    backend: str
    device: str
    load_ms: float
    fallback_reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
