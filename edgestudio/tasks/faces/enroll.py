"""Enrollment rules: which captures are good enough, and why a capture is refused."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from edgestudio.core.messages import Text
from edgestudio.tasks.faces.detector import Face, FaceDetector
from edgestudio.tasks.faces.embedder import DEFAULT_FACE_EMBEDDER, FACE_EMBEDDERS, Embedder, Quality, quality
from edgestudio.tasks.faces.gallery import Gallery

CONSENT_TEXT = (
    "I agree that this kiosk stores a mathematical template of my face, encrypted, to recognise "
    "me. I can ask for my record and for its deletion at any time."
)


@dataclass(frozen=True)
class EnrollmentRules:
    min_face_px: float = 80.0
    min_sharpness: float = 30.0
    max_yaw: float = 0.35
    min_new_distance: float = 0.08  # closer than this to an earlier capture is a near-duplicate
    captures_needed: int = 5
    from_photo: bool = False  # captures come from photos the operator chose, not the camera


# Photos are refused only for no face or several faces (the person chose them); the live
# camera path also asks for size, sharpness, a frontal pose and variety between captures.
PHOTO_RULES = EnrollmentRules(
    min_face_px=24.0, min_sharpness=0.0, max_yaw=1.0, min_new_distance=0.0, from_photo=True
)
# A new capture further than this (L2 distance of dlib embeddings, median over the captures)
# from a person's templates is taken for someone else; same people are usually below 0.45.
# Each embedder has its own (EmbedderSpec.same_person_distance); this is dlib's.
SAME_PERSON_DISTANCE = FACE_EMBEDDERS[DEFAULT_FACE_EMBEDDER].same_person_distance


@dataclass(frozen=True)
class CaptureVerdict:
    accepted: bool
    reason: str
    face: Face | None = None
    quality: Quality | None = None
    embedding: np.ndarray | None = None
    chip: np.ndarray | None = None  # RGB, aligned


def judge(
    faces: list[Face],
    chips: list[np.ndarray],
    embeddings: np.ndarray,
    previous: np.ndarray,
    rules: EnrollmentRules,
) -> CaptureVerdict:
    """Accept one capture, or say in plain words what to change."""
    if not faces:
        if rules.from_photo:
            return CaptureVerdict(False, "The photo shows no face: choose a photo of the person's face.")
        return CaptureVerdict(False, "No face in view: look at the camera.")
    if len(faces) > 1:
        template = (
            "{count} faces in the photo: only the person enrolling may be in the picture."
            if rules.from_photo
            else "{count} faces in view: only the person enrolling may be in the picture."
        )
        return CaptureVerdict(False, Text(template, count=len(faces)))
    face, chip, vector = faces[0], chips[0], embeddings[0]
    q = quality(face, chip)
    if q.size < rules.min_face_px:
        return CaptureVerdict(
            False,
            Text(
                "Come closer: the face is {size:.0f} px high, {needed:.0f} needed.",
                size=q.size,
                needed=rules.min_face_px,
            ),
            face,
            q,
        )
    if q.sharpness < rules.min_sharpness:
        return CaptureVerdict(False, "Hold still: the picture is blurred.", face, q)
    if q.yaw > rules.max_yaw:
        return CaptureVerdict(False, "Look straight at the camera: the face is turned too far.", face, q)
    if len(previous) and float(np.min(np.linalg.norm(previous - vector, axis=1))) < rules.min_new_distance:
        return CaptureVerdict(False, "Same as an earlier capture: turn your head a little.", face, q)
    return CaptureVerdict(True, "Good capture.", face, q, vector, chip)


@dataclass(frozen=True)
class NameCheck:
    """Whether new captures enrolled under an existing name look like that person."""

    name: str
    existing: bool  # a person of this name is already enrolled
    distance: float  # median over the captures of the distance to the person's nearest template
    threshold: float

    @property
    def mismatch(self) -> bool:
        return self.existing and self.distance > self.threshold

    def explanation(self) -> str:
        """The finding in words, with the numbers, for the CLI refusal and the GUI question."""
        return Text(
            "The new face does not look like the {name} already enrolled: it is {distance:.2f} away "
            "from their templates, and the same person is usually closer than {threshold:.2f}.",
            name=self.name,
            distance=self.distance,
            threshold=self.threshold,
        )


def check_name(
    gallery: Gallery, name: str, embeddings: np.ndarray, threshold: float | None = None
) -> NameCheck:
    """Compare captures about to be enrolled as ``name`` with that person's templates of the
    gallery's embedder (calling thread; the gallery must be unlocked). A new name, or a person
    with no template of this embedder yet, always passes. ``threshold`` defaults to the
    embedder's same-person distance."""
    if threshold is None:
        threshold = FACE_EMBEDDERS[gallery.embedder].same_person_distance
    person = gallery.find(name.strip())
    templates = (
        gallery.templates_of(person.id)
        if person is not None
        else np.zeros((0, embeddings.shape[1]), np.float32)
    )
    if person is None or len(templates) == 0 or len(embeddings) == 0:
        return NameCheck(name.strip(), person is not None, 0.0, threshold)
    distances = np.linalg.norm(embeddings[:, None, :] - templates[None, :, :], axis=2).min(axis=1)
    return NameCheck(person.name, True, float(np.median(distances)), threshold)


def capture_from_image(
    detector: FaceDetector,
    embedder: Embedder,
    bgr: np.ndarray,
    previous: np.ndarray | None = None,
    rules: EnrollmentRules | None = None,
) -> CaptureVerdict:
    faces = detector.detect(bgr)
    embeddings, chips = embedder.embed(bgr, faces[:2])
    empty = np.zeros((0, embeddings.shape[1]), np.float32)
    return judge(faces, chips, embeddings, previous if previous is not None else empty, rules or PHOTO_RULES)


def chip_jpeg(chip: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(chip, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])
    return data.tobytes() if ok else b""


class CaptureCollector:
    """Collects accepted captures for one enrollment (GUI thread); ``add`` returns True when
    the capture was kept."""

    def __init__(self, rules: EnrollmentRules | None = None, embedding_size: int = 128) -> None:
        self.rules = rules or EnrollmentRules()
        self.embedding_size = embedding_size  # of the embedder in use (dlib 128, FaceRes 1024)
        self._embeddings: list[np.ndarray] = []
        self._chips: list[np.ndarray] = []

    def add(self, verdict: CaptureVerdict) -> bool:
        if self.done or not verdict.accepted or verdict.embedding is None or verdict.chip is None:
            return False
        self._embeddings.append(verdict.embedding)
        self._chips.append(verdict.chip)
        return True

    @property
    def count(self) -> int:
        return len(self._embeddings)

    @property
    def done(self) -> bool:
        return self.count >= self.rules.captures_needed

    def embeddings(self) -> np.ndarray:
        return (
            np.vstack(self._embeddings)
            if self._embeddings
            else np.zeros((0, self.embedding_size), np.float32)
        )

    def photos(self) -> list[bytes]:
        return [chip_jpeg(chip) for chip in self._chips]
