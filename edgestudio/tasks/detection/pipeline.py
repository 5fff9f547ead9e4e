"""DetectionPipeline: frame -> detections -> annotated frame, with per-stage timings.

Built and used on one thread (an InferenceSession's, or the CLI's main thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.inflight import RequestQueue
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import RemoteBackend
from edgestudio.backends.remote_fallback import task_options
from edgestudio.core.errors import BackendUnavailable, InferenceError
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import (
    TASK_DETECTION,
    Detection,
    DetectionResult,
    Frame,
    LoadedInfo,
    StageTimes,
)
from edgestudio.tasks.detection.detector import Detector, PreparedInput
from edgestudio.tasks.detection.draw import draw_detections
from edgestudio.tasks.detection.preprocess import Transform


@dataclass(frozen=True)
class DetectionOptions:
    backend: str
    device: str = ""
    threads: int = 0
    confidence: float = 0.4
    iou: float = 0.5
    draw: bool = True
    # Sources one session serves; above 1 the runner is set up for several requests in
    # flight (the runtime's throughput mode) and the session batches across sources.
    streams: int = 1


@dataclass(frozen=True)
class PendingFrame:
    """A frame whose model input has gone to the runtime (see ``DetectionPipeline.begin``)."""

    frame: Frame
    source: int
    transform: Transform
    pre_ms: float
    started_at: float


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

    def open_queue(self, requests: int = 0) -> RequestQueue:
        """Several runs in flight on this pipeline's runner (the session thread)."""
        return self.detector.runner.open_queue(requests)

    def begin(self, frame: Frame, source: int) -> tuple[dict[str, np.ndarray], PendingFrame]:
        """The model input of ``frame`` (from ``source``) and what ``finish`` needs to turn
        the runtime's outputs into its result. Session thread."""
        image = frame.image
        if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
            raise InferenceError("The picture is not a colour image EdgeStudio can process.")
        prepared = frame.prepared if isinstance(frame.prepared, PreparedInput) else None
        feeds, transform, pre_ms = self.detector.feeds_for(image, prepared)
        return feeds, PendingFrame(frame, source, transform, pre_ms, time.perf_counter())

    def finish(self, pending: PendingFrame, outputs: dict[str, np.ndarray]) -> DetectionResult:
        """Decode, draw and time one frame's outputs; the result carries its source's id.
        Session thread. ``infer_ms`` is the time the frame's run was in flight."""
        t0 = time.perf_counter()
        detections = self.detector.decode(outputs, pending.transform, self.confidence, self.iou)
        t1 = time.perf_counter()
        return self._result(
            pending.frame,
            detections,
            pending.pre_ms,
            (t0 - pending.started_at) * 1e3,
            (t1 - t0) * 1e3,
            pending.source,
        )

    def _result(
        self,
        frame: Frame,
        detections: list[Detection],
        pre_ms: float,
        infer_ms: float,
        post_ms: float,
        source: int = 0,
    ) -> DetectionResult:
        image = frame.image
        t0 = time.perf_counter()
        annotated = draw_detections(image, detections) if self.draw else None
        finished = time.perf_counter()
        return DetectionResult(
            frame_index=frame.index,
            detections=tuple(detections),
            width=image.shape[1],
            height=image.shape[0],
            times=StageTimes(frame.capture_ms, pre_ms, infer_ms, post_ms, (finished - t0) * 1e3),
            latency_ms=(finished - frame.captured_at) * 1e3,
            annotated=annotated,
            finished_at=finished,
            image=image,
            source=source,
        )

    def process(
        self, request: Frame | np.ndarray, cancelled: Callable[[], bool] | None = None
    ) -> DetectionResult:
        frame = request if isinstance(request, Frame) else Frame(request, 0, time.perf_counter(), 0.0)
        image = frame.image
        if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
            raise InferenceError("The picture is not a colour image EdgeStudio can process.")
        prepared = frame.prepared if isinstance(frame.prepared, PreparedInput) else None
        detections, times = self.detector.detect(image, self.confidence, self.iou, prepared)
        return self._result(frame, detections, times.pre_ms, times.infer_ms, times.post_ms)

    def close(self) -> None:
        self.detector.close()


def build_detection_pipeline(
    registry: BackendRegistry,
    entry: ModelEntry,
    options: DetectionOptions,
    report: Callable[[str], None] = lambda _msg: None,
) -> DetectionPipeline:
    """Load ``entry`` on ``options.backend`` on the calling thread, warm it up, wrap it. On the
    site server's runtime with ``[site_server] form = "jpeg"``, frames go to the server as JPEG
    (``tasks/detection/site_jpeg.py``), with the model on this device as the fallback."""
    start = time.perf_counter()
    choice = registry.choose(TASK_DETECTION, entry.format, options.backend, options.device)
    backend, status, device = choice.backend, choice.status, choice.device
    report(f"Loading {entry.name} on {status.name} ({device})…")
    detector: Detector
    if isinstance(backend, RemoteBackend) and backend.form == "jpeg":
        from edgestudio.tasks.detection.site_jpeg import build_jpeg_site_detector  # imports this module

        detector = build_jpeg_site_detector(registry, entry, options)
    else:
        detector = _load_detector(backend, entry, device, options)
    try:
        report("Warming up…")
        detector.warmup()
    except Exception:
        detector.close()
        raise
    runner = detector.runner
    info = LoadedInfo(
        model_name=entry.name,
        backend=options.backend,
        device=runner.device,
        load_ms=(time.perf_counter() - start) * 1e3,
        fallback_reason=runner.fallback_reason,
        details={"runtime_version": status.version, **detector.spec.describe()},
    )
    return DetectionPipeline(detector, info, options)


def _load_detector(backend: Backend, entry: ModelEntry, device: str, options: DetectionOptions) -> Detector:
    """``entry`` on ``backend``'s ``device`` with the pre- and post-processing its outputs need
    (the calling thread)."""
    site = task_options(backend.id, TASK_DETECTION)  # the site server: its switches name the task
    if options.streams > 1:
        runner = backend.load(entry.path, device, threads=options.threads, throughput=True, **site)
    else:
        runner = backend.load(entry.path, device, threads=options.threads, **site)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(
            f"{backend.name} does not run detection models.", "Choose ONNX Runtime or OpenVINO."
        )
    try:
        return Detector(runner, entry.hints)
    except Exception:
        runner.close()
        raise
