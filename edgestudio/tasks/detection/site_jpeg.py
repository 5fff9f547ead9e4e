"""Detection in the site server's JPEG form, with the same model on this device as its
fallback (issue 17): the thin form sends each frame as JPEG and gets detections back; when the
server fails (timeout, refused, killed), the same frame is detected here at once, and the
server is used again once it is ready (``backends/remote_fallback.FallbackRunner``: the same
rules, watch thread and state as the raw-tensor form).

The backend layer cannot run a detection pipeline, so the local side is made here:
:class:`PipelineJpegRunner` answers the JPEG form (BOXES/SCORES/CLASSES) from the local
``DetectionPipeline``, on the frame itself (``remote_backend.LOCAL_FRAME_INPUT``, never sent to
the server) rather than its JPEG.

:class:`JpegSiteDetector` is a ``Detector``, so the Detect tab, the CLI and several sources
use the JPEG form through the same ``DetectionPipeline`` as any runtime: ``build_detection_pipeline``
builds it when the site server's runtime is chosen and ``[site_server] form = "jpeg"``.

Usage (a session thread or the CLI's main thread builds, uses and closes it)::

    configure(registry, ServerAddress(url, form="jpeg"))  # backends/remote_backend.py
    detector = build_jpeg_site_detector(registry, entry, DetectionOptions(backend=""))
    detections, times = detector.detect(bgr_frame)        # server or local
    detector.runner.state                                 # FallbackState: where and why
    detector.close()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import BACKEND_ID, LOCAL_FRAME_INPUT, encode_jpeg, jpeg_detections
from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import BackendUnavailable, InferenceError
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.site_status import FallbackState
from edgestudio.core.types import TASK_DETECTION, Detection, ModelIO, TensorInfo
from edgestudio.tasks.detection.detector import Detector, PreparedInput
from edgestudio.tasks.detection.pipeline import DetectionOptions, DetectionPipeline, build_detection_pipeline
from edgestudio.tasks.detection.preprocess import Transform

__all__ = ["JpegSiteDetector", "PipelineJpegRunner", "build_jpeg_site_detector"]


class PipelineJpegRunner(Runner):
    """The JPEG form answered on this device: the frame through the local detection pipeline,
    its detections as the server's JPEG model returns them (BOXES [1, n, 4] in the frame's
    pixels, SCORES [1, n], CLASSES [1, n]). Made, used and closed on one thread."""

    def __init__(self, pipeline: DetectionPipeline) -> None:
        self.pipeline = pipeline
        self.metadata = ModelIO(
            (TensorInfo(sp.PIPELINE_INPUT, (None, None), "uint8"),),
            tuple(TensorInfo(name, (None, None), "float32") for name in sp.PIPELINE_OUTPUTS),
        )
        self.device = pipeline.detector.runner.device

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        image = inputs.get(LOCAL_FRAME_INPUT)
        if image is None:  # only the JPEG: decode it as the server does
            import cv2

            data = np.ascontiguousarray(inputs[sp.PIPELINE_INPUT], np.uint8).reshape(-1)
            image = cv2.imdecode(data, cv2.IMREAD_COLOR)
            if image is None:
                raise InferenceError("The frame could not be decoded (send JPEG or PNG bytes).")
        found = self.pipeline.process(image).detections
        count = len(found)
        return {
            "BOXES": np.array([d.box for d in found], np.float32).reshape(1, count, 4),
            "SCORES": np.array([d.score for d in found], np.float32).reshape(1, count),
            "CLASSES": np.array([d.class_id for d in found], np.int32).reshape(1, count),
        }

    def close(self) -> None:
        self.pipeline.close()


class JpegSiteDetector(Detector):
    """A Detector whose model runs on the site server in the JPEG form: ``prepare`` encodes
    the frame as JPEG (it can run ahead on the capture thread, as a letterbox does), the
    ``runner`` (a FallbackRunner: ``state``, ``fallback_reason``, ``served``) sends it or
    detects the frame here, and ``decode`` reads the detections, already in the frame's pixels.

    The server applies its own confidence and overlap thresholds (its model's
    ``edgestudio.confidence``/``edgestudio.iou``); ``decode`` keeps the detections at or above
    the confidence asked for, so a threshold above the server's works as on this device, and
    the local fallback follows both thresholds. Labels are the model's own (the server's copy
    is the same model, by digest). One thread builds, uses and closes it, as any Detector."""

    def __init__(self, runner: Runner, local: PipelineJpegRunner, quality: int = 85) -> None:
        # not Detector.__init__: the runner answers with detections, so its outputs name no
        # model layout; the spec (labels, input size) is the local model's, which is the same
        self.runner = runner
        self.local = local
        self.quality = quality
        self.spec = local.pipeline.detector.spec
        self.labels = tuple(self.spec.labels)
        self.bytes_sent = 0  # JPEG bytes handed to the runner (what the server is sent)

    def prepare(self, image: np.ndarray) -> tuple[dict[str, np.ndarray], Transform]:
        """The frame as the JPEG form's input, with the frame itself for the local fallback
        (never sent). Any thread: it reads only immutable settings."""
        height, width = image.shape[:2]
        feeds = {sp.PIPELINE_INPUT: encode_jpeg(image, self.quality), LOCAL_FRAME_INPUT: image}
        return feeds, Transform(1.0, 1.0, 0.0, 0.0, width, height)

    def feeds_for(
        self, image: np.ndarray, prepared: PreparedInput | None = None
    ) -> tuple[dict[str, np.ndarray], Transform, float]:
        """As ``Detector.feeds_for``, counting the JPEG bytes that go to the runner."""
        feeds, transform, ms = super().feeds_for(image, prepared)
        if feeds.get(LOCAL_FRAME_INPUT) is not image:  # made ahead for another frame: redo
            feeds, transform = self.prepare(image)
        self.bytes_sent += int(feeds[sp.PIPELINE_INPUT].nbytes)
        return feeds, transform, ms

    def decode(
        self, outputs: Mapping[str, np.ndarray], transform: Transform, conf: float, iou: float
    ) -> list[Detection]:
        """The detections the server (or the local fallback) found with a score of at least
        ``conf``; the local fallback takes ``conf``/``iou`` for the next frame. The detector's
        thread."""
        self.local.pipeline.configure(confidence=conf, iou=iou)
        return [
            Detection((box[0], box[1], box[2], box[3]), score, class_id, label)
            for box, score, class_id, label in jpeg_detections(outputs, self.labels)
            if score >= conf
        ]

    def close(self) -> None:
        """Close the server's runner and the local model (a FallbackRunner closes both)."""
        self.runner.close()
        if self.runner is not self.local:
            self.local.close()


def build_jpeg_site_detector(
    registry: BackendRegistry,
    entry: ModelEntry,
    options: DetectionOptions,
    on_change: Callable[[FallbackState], None] | None = None,
    quality: int = 85,
) -> JpegSiteDetector:
    """The site server's JPEG form of ``entry`` (the registry's ``remote`` runtime must be
    configured) with ``entry`` on this device as its fallback: on ``options.backend``/``device``
    when they name a local runtime, else the best-ranked one. ``on_change(FallbackState)``
    hears each switch (on this thread). Raises SiteServerError/ModelLoadError when neither
    side can run it. Loaded on the calling thread."""
    on_server = options.backend == BACKEND_ID  # its device is the server's: pick one here
    local_backend, local_device = ("", "") if on_server else (options.backend, options.device)
    choice = registry.choose(TASK_DETECTION, entry.format, local_backend, local_device)
    if choice.backend.id == BACKEND_ID:
        raise BackendUnavailable(
            Text(
                "No runtime on this device runs {model}, so the site server's JPEG form would have "
                "no fallback here.",
                model=entry.name,
            ),
            "Install ONNX Runtime or OpenVINO (edgestudio doctor lists the runtimes).",
        )
    local_options = replace(options, backend=choice.backend.id, device=choice.device, draw=False)
    local = PipelineJpegRunner(build_detection_pipeline(registry, entry, local_options))
    try:
        runner = registry.get(BACKEND_ID).load(
            entry.path,
            form="jpeg",
            jpeg_local=local,
            local_runtime=choice.backend.id,
            task=TASK_DETECTION,
            on_change=on_change,
        )
    except BaseException:
        local.close()
        raise
    if not isinstance(runner, Runner):
        runner.close()
        local.close()
        raise InferenceError("The site server's runtime did not give a detection runner.")
    return JpegSiteDetector(runner, local, quality)
