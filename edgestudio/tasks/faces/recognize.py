"""FaceRecognizer: the Processor a faces session runs, in two modes.

- ``recognize``: detect, track faces across frames (IoU), embed a face when its track is
  new or due for a re-check, match against the gallery snapshot, smooth scores per track so
  labels do not flicker, draw names and scores.
- ``enroll``: judge each frame as an enrollment capture (one face, size, sharpness, frontal,
  not a near-duplicate) and say why it is refused.

Built and used on one session thread; the gallery snapshot arrives through ``configure``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_fallback import answered_by
from edgestudio.core.types import Frame, LoadedInfo
from edgestudio.tasks.faces.detector import DEFAULT_FACE_DETECTOR, FACE_DETECTORS, Face, load_face_detector
from edgestudio.tasks.faces.embedder import DEFAULT_FACE_EMBEDDER, FACE_EMBEDDERS, Embedder, load_embedder
from edgestudio.tasks.faces.enroll import CaptureVerdict, EnrollmentRules, judge
from edgestudio.tasks.faces.gallery import UNKNOWN, match_matrix

RECHECK_FRAMES = 15
SMOOTHING = 0.6  # weight of the history in the exponential moving average


@dataclass(frozen=True)
class GallerySnapshot:
    matrix: np.ndarray
    owners: np.ndarray
    names: dict[int, str]


@dataclass(frozen=True)
class RecognizedFace:
    track_id: int
    box: tuple[float, float, float, float]
    name: str
    score: float
    embedded: bool  # embedded on this frame (otherwise carried by its track)


@dataclass(frozen=True)
class FacesResult:
    """One recognised frame: ``image`` as it came (the GUI paints the boxes and names, which
    may be in any script) and the faces in its pixels."""

    faces: tuple[RecognizedFace, ...]
    image: np.ndarray
    times_ms: dict[str, float]
    latency_ms: float
    finished_at: float
    # who answered this frame: "remote" (the site server) or a local runtime's id, and why
    # not the server ("" when it answered)
    runtime: str = ""
    embedder_runtime: str = ""
    fallback_reason: str = ""


@dataclass(frozen=True)
class EnrollResult:
    """One enrollment capture judged: the frame, the faces found in it and the verdict."""

    verdict: CaptureVerdict
    image: np.ndarray
    boxes: tuple[tuple[float, float, float, float], ...]


@dataclass
class _Track:
    id: int
    box: tuple[float, float, float, float]
    score: float = 0.0
    votes: dict[str, float] = field(default_factory=dict)
    age: int = 0
    missed: int = 0

    def label(self) -> str:
        return max(self.votes, key=lambda k: self.votes[k]) if self.votes else UNKNOWN


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    x1, y1, x2, y2 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0.0, x2 - x1) * max(0.0, y2 - y1)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


class FaceRecognizer:
    def __init__(
        self, detector: Any, embedder: Embedder, info: LoadedInfo, embedder_id: str = DEFAULT_FACE_EMBEDDER
    ) -> None:
        self.detector = detector
        self.embedder = embedder
        self.embedder_id = embedder_id
        self.embedding_size = FACE_EMBEDDERS[embedder_id].size
        self.info = info
        self.mode = "recognize"
        self.threshold = FACE_EMBEDDERS[embedder_id].threshold
        self.rules = EnrollmentRules()
        self.gallery = GallerySnapshot(
            np.zeros((0, self.embedding_size), np.float32), np.zeros(0, np.int64), {}
        )
        self.previous = np.zeros((0, self.embedding_size), np.float32)
        self._tracks: list[_Track] = []
        self._next_id = 1

    def configure(self, **settings: Any) -> None:
        if "gallery" in settings:
            self.gallery = settings["gallery"]
            for track in self._tracks:
                track.votes.clear()
                track.age = RECHECK_FRAMES  # re-identify everyone against the new gallery
        if "threshold" in settings:
            self.threshold = float(settings["threshold"])
        if "mode" in settings:
            self.mode = str(settings["mode"])
            self._tracks.clear()
        if "rules" in settings:
            self.rules = settings["rules"]
        if "previous" in settings:
            self.previous = np.asarray(settings["previous"], np.float32).reshape(-1, self.embedding_size)

    def process(self, request: Frame | np.ndarray, cancelled: Callable[[], bool] | None = None) -> Any:
        frame = request if isinstance(request, Frame) else Frame(request, 0, time.perf_counter(), 0.0)
        if self.mode == "enroll":
            return self._enroll(frame.image)
        return self._recognize(frame)

    def _enroll(self, image: np.ndarray) -> EnrollResult:
        faces = self.detector.detect(image)
        embeddings, chips = self.embedder.embed(image, faces[:2])
        verdict = judge(faces, chips, embeddings, self.previous, self.rules)
        return EnrollResult(verdict, image, tuple(face.box for face in faces))

    def _recognize(self, frame: Frame) -> FacesResult:
        t0 = time.perf_counter()
        faces = self.detector.detect(frame.image)
        t1 = time.perf_counter()
        assigned = self._assign(faces)
        due = [
            (face, track) for face, track in assigned if track.age % RECHECK_FRAMES == 0 or not track.votes
        ]
        if due and len(self.gallery.matrix) and self.gallery.matrix.shape[1] == self.embedding_size:
            embeddings, _ = self.embedder.embed(frame.image, [face for face, _ in due])
            for (_face, track), match in zip(
                due,
                match_matrix(
                    self.gallery.matrix, self.gallery.owners, self.gallery.names, embeddings, self.threshold
                ),
                strict=True,
            ):
                track.score = (
                    match.score
                    if not track.votes
                    else SMOOTHING * track.score + (1 - SMOOTHING) * match.score
                )
                for key in track.votes:
                    track.votes[key] *= SMOOTHING
                track.votes[match.name] = track.votes.get(match.name, 0.0) + 1.0
        t2 = time.perf_counter()
        embedded_ids = {track.id for _, track in due}
        results = tuple(
            RecognizedFace(
                track.id,
                face.box,
                track.label() if len(self.gallery.matrix) else UNKNOWN,
                track.score,
                track.id in embedded_ids,
            )
            for face, track in assigned
        )
        for track in self._tracks:
            track.age += 1
        runtime, reason = answered_by(self.detector.runner, str(getattr(self.detector, "backend", "")))
        embedder_runner = getattr(self.embedder, "runner", None)
        embedder_runtime, embedder_reason = answered_by(
            embedder_runner, str(getattr(self.embedder, "backend", ""))
        )
        return FacesResult(
            results,
            frame.image,
            {"capture": frame.capture_ms, "detect": (t1 - t0) * 1e3, "embed+match": (t2 - t1) * 1e3},
            (t2 - frame.captured_at) * 1e3,
            t2,
            runtime,
            embedder_runtime,
            reason or embedder_reason,
        )

    def _assign(self, faces: list[Face]) -> list[tuple[Face, _Track]]:
        pairs: list[tuple[Face, _Track]] = []
        free = list(self._tracks)
        for face in faces:
            best = max(free, key=lambda t: _iou(t.box, face.box), default=None)
            if best is not None and _iou(best.box, face.box) > 0.3:
                free.remove(best)
                best.box, best.missed = face.box, 0
                pairs.append((face, best))
            else:
                track = _Track(self._next_id, face.box)
                self._next_id += 1
                self._tracks.append(track)
                pairs.append((face, track))
        for track in free:
            track.missed += 1
        self._tracks = [t for t in self._tracks if t.missed <= 5]
        return pairs

    def close(self) -> None:
        self.detector.runner.close()
        self.embedder.close()


def build_face_recognizer(
    registry: BackendRegistry,
    models_dir: Path,
    backend: str = "",
    report: Callable[[str], None] = lambda _m: None,
    device: str = "",
    embedder_backend: str = "",
    detector_id: str = DEFAULT_FACE_DETECTOR,
    embedder_id: str = DEFAULT_FACE_EMBEDDER,
) -> FaceRecognizer:
    """Load the face detector and embedder (``embedder_id``: "dlib" or "faceres") on the
    calling thread (a session's). Each runs on the best-ranked runtime for its task, unless
    ``backend``/``device`` (detector) or ``embedder_backend`` names one."""
    start = time.perf_counter()
    report("Loading the face models…")
    detector = load_face_detector(registry, models_dir, backend, device, detector=detector_id)
    try:
        embedder = load_embedder(registry, embedder_id, models_dir, embedder_backend)
    except BaseException:
        detector.runner.close()
        raise
    detector_name = FACE_DETECTORS[detector_id].split(" (")[0]
    deployment = str(getattr(detector, "deployment", ""))
    if deployment:  # the optimizer's deployed copy (see load_face_detector)
        detector_name = f"{detector_name} (optimized: {deployment})"
    embedder_name = FACE_EMBEDDERS[embedder_id].label.split(" (")[0]
    embedder_deployment = str(getattr(embedder, "deployment", ""))
    if embedder_deployment:  # the optimizer's deployed copy (see load_embedder)
        embedder_name = f"{embedder_name} (optimized: {embedder_deployment})"
    info = LoadedInfo(
        f"{detector_name} + {embedder_name}",
        detector.backend,
        detector.runner.device,
        (time.perf_counter() - start) * 1e3,
        details={
            "embedder_backend": embedder.backend,
            "embedder_device": embedder.runner.device,
            "face_detector_deployment": deployment,
            "face_embedder_deployment": embedder_deployment,
        },
    )
    return FaceRecognizer(detector, embedder, info, embedder_id)


def calibrate(
    matrix: np.ndarray, owners: np.ndarray, far: float = 0.001
) -> tuple[float, np.ndarray, np.ndarray]:
    """Threshold at false-accept rate ``far``, with genuine and impostor distances."""
    if len(matrix) < 2:
        return 0.5, np.zeros(0), np.zeros(0)
    diff = np.sqrt(
        np.maximum(
            np.einsum("ij,ij->i", matrix, matrix)[:, None]
            + np.einsum("ij,ij->i", matrix, matrix)[None, :]
            - 2 * matrix @ matrix.T,
            0.0,
        )
    )
    upper = np.triu_indices(len(matrix), k=1)
    same = owners[:, None] == owners[None, :]
    genuine, impostor = diff[upper][same[upper]], diff[upper][~same[upper]]
    threshold = float(np.quantile(impostor, far)) if impostor.size else 0.5
    return min(threshold, 0.6), genuine, impostor
