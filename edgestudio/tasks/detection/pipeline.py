"""DetectionPipeline: frame -> detections -> annotated frame, with per-stage timings.

Built and used on one thread (an InferenceSession's, or the CLI's main thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import BackendUnavailable, InferenceError
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import TASK_DETECTION, DetectionResult, Frame, LoadedInfo, StageTimes
from edgestudio.tasks.detection.detector import Detector, PreparedInput
from edgestudio.tasks.detection.draw import draw_detections


@dataclass(frozen=True)
class DetectionOptions:
    backend: str
    device: str = ""
    threads: int = 0
    confidence: float = 0.4
    iou: float = 0.5
    draw: bool = True


class DetectionPipeline:
    """The Processor a detection session runs. Not thread-safe: one thread uses it."""

    def __init__(self, detector: Detector, info: LoadedInfo, options: DetectionOptions) -> None:
        self.detector = detector
        self.info = info
        self.confidence = options.confidence
        self.iou = options.iou
        self.draw = options.draw

    def configure(self, **settings: Any) -> None:
        if "confidence" in settings:
            self.confidence = float(settings["confidence"])
        if "iou" in settings:
            self.iou = float(settings["iou"])

    def prepare_input(self, image: np.ndarray) -> PreparedInput:
        """Thread-safe; the capture thread calls it (see ``FrameMailbox.input_preparer``)."""
        return self.detector.prepare_input(image)

    def process(
        self, request: Frame | np.ndarray, cancelled: Callable[[], bool] | None = None
    ) -> DetectionResult:
        frame = request if isinstance(request, Frame) else Frame(request, 0, time.perf_counter(), 0.0)
        image = frame.image
        if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
            raise InferenceError("The picture is not a colour image EdgeStudio can process.")
        prepared = frame.prepared if isinstance(frame.prepared, PreparedInput) else None
        detections, times = self.detector.detect(image, self.confidence, self.iou, prepared)
        t0 = time.perf_counter()
        annotated = draw_detections(image, detections) if self.draw else None
        finished = time.perf_counter()
        return DetectionResult(
            frame_index=frame.index,
            detections=tuple(detections),
            width=image.shape[1],
            height=image.shape[0],
            times=StageTimes(
                frame.capture_ms, times.pre_ms, times.infer_ms, times.post_ms, (finished - t0) * 1e3
            ),
            latency_ms=(finished - frame.captured_at) * 1e3,
            annotated=annotated,
            finished_at=finished,
            image=image,
        )

    def close(self) -> None:
        self.detector.close()


def build_detection_pipeline(
    registry: BackendRegistry,
    entry: ModelEntry,
    options: DetectionOptions,
    report: Callable[[str], None] = lambda _msg: None,
) -> DetectionPipeline:
    """Load ``entry`` on ``options.backend`` on the calling thread, warm it up, wrap it."""
    start = time.perf_counter()
    choice = registry.choose(TASK_DETECTION, entry.format, options.backend, options.device)
    backend, status, device = choice.backend, choice.status, choice.device
    report(f"Loading {entry.name} on {status.name} ({device})…")
    runner = backend.load(entry.path, device, threads=options.threads)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(
            f"{status.name} does not run detection models.", "Choose ONNX Runtime or OpenVINO."
        )
    try:
        detector = Detector(runner, entry.hints)
        report("Warming up…")
        detector.warmup()
    except Exception:
        runner.close()
        raise
    info = LoadedInfo(
        model_name=entry.name,
        backend=options.backend,
        device=runner.device,
        load_ms=(time.perf_counter() - start) * 1e3,
        fallback_reason=runner.fallback_reason,
        details={"runtime_version": status.version, **detector.spec.describe()},
    )
    return DetectionPipeline(detector, info, options)
