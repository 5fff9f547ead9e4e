"""The enrollment workflow, apart from any widget: one person enrolled from the camera
(guided: good captures collected until enough, bad ones refused with the reason) or from
photos the operator chose (each photo judged once; refusals listed; the usable ones saved).

The Faces tab (or any other front end) feeds it the verdicts its face session returns and
does what the answers say: send ``previous`` to the session for the near-duplicate check,
show a refusal, and when ``ready`` check the name and save. Qt-free; used from one thread
(the GUI thread).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

import cv2
import numpy as np

from edgestudio.core.errors import InputError
from edgestudio.tasks.faces.enroll import (
    PHOTO_RULES,
    CaptureCollector,
    CaptureVerdict,
    EnrollmentRules,
    NameCheck,
    check_name,
)
from edgestudio.tasks.faces.gallery import Gallery, Person

UNREADABLE_PHOTO = "not an image EdgeStudio can read"


class EnrollmentSource(Enum):
    CAMERA = "camera"
    PHOTOS = "photos"


@dataclass(frozen=True)
class PhotoRefusal:
    """A photo that was not used, and why (English; the GUI translates known reasons)."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass(frozen=True)
class CaptureStep:
    """What one judged capture changed.

    ``kept``: it was added to the captures (``previous`` then holds every capture so far, for
    the session's near-duplicate check); ``refusal``: why it was not (camera captures; a
    refused photo goes to ``refusals``); ``ready``: the workflow has all it will get (enough
    camera captures, or the last photo judged): check the name and save now.
    """

    kept: bool
    refusal: str = ""
    ready: bool = False
    previous: np.ndarray | None = None


@dataclass(frozen=True)
class PhotoJob:
    """A readable photo waiting for its verdict from the face session."""

    file: str
    image: np.ndarray


class EnrollmentWorkflow:
    """The state of at most one enrollment at a time. GUI thread (or the CLI's thread).

    ``embedding_size`` is the width of the embedder's templates (128 for dlib, 1024 for
    FaceRes), for the empty ``previous`` matrix the session starts from.
    """

    def __init__(self, embedding_size: int = 128) -> None:
        self.embedding_size = embedding_size
        self._name: str | None = None
        self._source: EnrollmentSource | None = None
        self._collector: CaptureCollector | None = None
        self._pending: list[str] = []
        self._refusals: list[PhotoRefusal] = []

    # -- state -------------------------------------------------------------------------------
    @property
    def name(self) -> str | None:
        """The person being enrolled, None when no enrollment is going on."""
        return self._name

    @property
    def active(self) -> bool:
        return self._name is not None

    @property
    def source(self) -> EnrollmentSource | None:
        return self._source

    @property
    def judging_photos(self) -> bool:
        """True while photos are waiting for their verdicts."""
        return bool(self._pending)

    @property
    def count(self) -> int:
        """Captures kept so far."""
        return 0 if self._collector is None else self._collector.count

    @property
    def captures_needed(self) -> int:
        return 0 if self._collector is None else self._collector.rules.captures_needed

    @property
    def refusals(self) -> list[PhotoRefusal]:
        """The photos not used in this enrollment, in the order they were judged."""
        return list(self._refusals)

    def empty_previous(self) -> np.ndarray:
        return np.zeros((0, self.embedding_size), np.float32)

    # -- starting ----------------------------------------------------------------------------
    def start_camera(self, name: str, rules: EnrollmentRules | None = None) -> EnrollmentRules:
        """Begin a guided camera enrollment of ``name``; returns the rules the session judges
        frames by (send them with ``empty_previous()``)."""
        rules = rules or EnrollmentRules()
        self._begin(name, EnrollmentSource.CAMERA, rules)
        return rules

    def start_photos(self, name: str, paths: Sequence[Path]) -> list[PhotoJob]:
        """Begin an enrollment of ``name`` from photo files; unreadable files are refused at
        once. Returns the photos to judge, in order (their verdicts must come back in that
        order). When it returns none, the workflow is ``ready`` already. The session judges
        them by ``PHOTO_RULES``."""
        self._begin(name, EnrollmentSource.PHOTOS, replace(PHOTO_RULES, captures_needed=max(1, len(paths))))
        jobs = []
        for path in paths:
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is None:
                self._refusals.append(PhotoRefusal(path.name, UNREADABLE_PHOTO))
                continue
            jobs.append(PhotoJob(path.name, image))
        self._pending = [job.file for job in jobs]
        return jobs

    def _begin(self, name: str, source: EnrollmentSource, rules: EnrollmentRules) -> None:
        name = name.strip()
        if not name:
            raise InputError("A person needs a name.", "Type the person's name.")
        self._name, self._source = name, source
        self._collector = CaptureCollector(rules, self.embedding_size)
        self._pending, self._refusals = [], []

    # -- verdicts ----------------------------------------------------------------------------
    def judged(self, verdict: CaptureVerdict) -> CaptureStep:
        """Take the session's verdict on the next capture (or the next photo, in order)."""
        collector = self._collector
        if collector is None or self._name is None:
            return CaptureStep(False)
        if self._source is EnrollmentSource.PHOTOS:
            if not self._pending:
                return CaptureStep(False)  # a late verdict after the photos were all judged
            file = self._pending.pop(0)
            kept = collector.add(verdict)
            if not kept and not verdict.accepted:
                self._refusals.append(PhotoRefusal(file, verdict.reason))
            return CaptureStep(kept, "", not self._pending, collector.embeddings() if kept else None)
        if collector.add(verdict):
            return CaptureStep(True, "", collector.done, collector.embeddings())
        return CaptureStep(False, "" if verdict.accepted else verdict.reason, collector.done)

    # -- saving ------------------------------------------------------------------------------
    def check_name(self, gallery: Gallery) -> NameCheck:
        """Whether the captures look like the person already enrolled under this name."""
        if self._collector is None or self._name is None:
            raise InputError("No enrollment is going on.")
        return check_name(gallery, self._name, self._collector.embeddings())

    def save(self, gallery: Gallery, consent: str) -> Person:
        """Enroll the captures in one transaction (StorageError when it cannot: nothing was
        changed); the caller checked the name first. The workflow ends either way."""
        collector, name = self._collector, self._name
        try:
            if collector is None or name is None or collector.count == 0:
                raise InputError("No usable face capture to enroll.")
            return gallery.enroll(name, collector.embeddings(), collector.photos(), consent)
        finally:
            self.reset()

    def reset(self) -> None:
        """End the enrollment without saving anything."""
        self._name, self._source, self._collector = None, None, None
        self._pending = []
