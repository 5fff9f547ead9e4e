"""Frozen dataclasses that cross threads (worker -> GUI) and end up in JSON output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


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
    formats: tuple[str, ...] = ()

    def available_devices(self) -> list[DeviceOption]:
        return [d for d in self.devices if d.available]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Frame:
    """One captured frame. ``image`` is BGR uint8 and must not be modified by consumers."""

    image: np.ndarray
    index: int
    captured_at: float  # time.perf_counter() when the frame left the source
    capture_ms: float  # time spent reading/decoding it


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
    annotated: np.ndarray | None = None  # BGR uint8, boxes drawn
    finished_at: float = 0.0  # time.perf_counter()


@dataclass(frozen=True)
class LoadedInfo:
    """Sent with ``InferenceSession.loaded``: what was loaded, where, and how long it took."""

    model_name: str
    backend: str
    device: str
    load_ms: float
    fallback_reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
