"""Detector: a loaded runner plus the pre- and post-processing its layout needs.

Runs on the thread that owns the runner (an InferenceSession thread, or the CLI's main thread).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.core.types import Detection
from edgestudio.tasks.detection.decode import decode, decode_centernet, nms
from edgestudio.tasks.detection.preprocess import Transform, preprocess
from edgestudio.tasks.detection.spec import DetectionSpec, Layout, infer_spec


@dataclass(frozen=True)
class DetectTimes:
    pre_ms: float
    infer_ms: float
    post_ms: float


@dataclass(frozen=True)
class PreparedInput:
    """A frame's model input made ahead of time, on another thread (see ``prepare_input``)."""

    spec: DetectionSpec  # the input layout it was made for; used only while it still matches
    feeds: dict[str, np.ndarray]
    transform: Transform
    ms: float


class Detector:
    """Detects objects in BGR frames with one runner. Not thread-safe: one thread uses it."""

    def __init__(self, runner: Runner, hints: Mapping[str, Any] | None = None) -> None:
        self.runner = runner
        self.spec: DetectionSpec = infer_spec(runner.metadata, hints)

    def warmup(self, width: int = 640, height: int = 480) -> None:
        """Run once on a blank camera-sized frame, through the same pre-processing as a real one.

        ``Runner.warmup`` fills dynamic axes with 1; a detector with a dynamic input size
        would then warm up on a 1x1 picture, which stride-32 layers cannot take."""
        self.runner.run(self.prepare(np.zeros((height, width, 3), np.uint8))[0])

    def prepare(self, image: np.ndarray) -> tuple[dict[str, np.ndarray], Transform]:
        tensor, transform = preprocess(image, self.spec)
        return {self.spec.input_name: tensor}, transform

    def prepare_input(self, image: np.ndarray) -> PreparedInput:
        """Thread-safe (it reads only the immutable spec): the capture thread calls it so the
        next frame's input is ready when this detector's thread finishes the current one."""
        t0 = time.perf_counter()
        feeds, transform = self.prepare(image)
        return PreparedInput(self.spec, feeds, transform, (time.perf_counter() - t0) * 1e3)

    def feeds_for(
        self, image: np.ndarray, prepared: PreparedInput | None = None
    ) -> tuple[dict[str, np.ndarray], Transform, float]:
        """The model input for ``image``: ``prepared`` (from ``prepare_input`` on this image)
        when it was made for this detector's input, else made here; with the pre-processing
        time where it was spent. Any thread (reads only the immutable spec)."""
        if prepared is not None and prepared.spec is self.spec:
            return prepared.feeds, prepared.transform, prepared.ms
        t0 = time.perf_counter()
        feeds, transform = self.prepare(image)
        return feeds, transform, (time.perf_counter() - t0) * 1e3

    def detect(
        self,
        image: np.ndarray,
        conf: float = 0.35,
        iou: float = 0.5,
        prepared: PreparedInput | None = None,
    ) -> tuple[list[Detection], DetectTimes]:
        """Detect on the detector's thread (see ``feeds_for`` for ``prepared``)."""
        feeds, transform, pre_ms = self.feeds_for(image, prepared)
        t1 = time.perf_counter()
        outputs = self.runner.run(feeds)
        t2 = time.perf_counter()
        detections = self.decode(outputs, transform, conf, iou)
        t3 = time.perf_counter()
        return detections, DetectTimes(pre_ms, (t2 - t1) * 1e3, (t3 - t2) * 1e3)

    def decode(
        self, outputs: Mapping[str, np.ndarray], transform: Transform, conf: float, iou: float
    ) -> list[Detection]:
        """The detections in one frame's model outputs, in the frame's pixels (NMS applied).
        Any thread: it reads only the immutable spec."""
        spec = self.spec
        if spec.layout is Layout.CENTERNET:
            boxes, scores, class_ids = decode_centernet(
                outputs[spec.output_name], outputs[spec.sizes_name], conf, spec.stride
            )
        else:
            boxes, scores, class_ids = decode(
                spec.layout,
                outputs[spec.output_name],
                conf,
                spec.input_width,
                spec.input_height,
                spec.anchors_last,
            )
        keep = nms(boxes, scores, class_ids, iou)
        frame_boxes = transform.to_frame(boxes[keep]) if keep.size else boxes[:0]
        return [
            Detection(
                tuple(float(v) for v in box),  # type: ignore[arg-type]
                float(scores[i]),
                int(class_ids[i]),
                spec.label(int(class_ids[i])),
            )
            for box, i in zip(frame_boxes, keep, strict=True)
        ]

    def close(self) -> None:
        self.runner.close()
