"""The second face detector (BlazeFace full range, TensorFlow Lite) and the second embedder
(FaceRes, ONNX), on real photos: BlazeFace finds every face CenterFace finds in the group
photo; enrollment and recognition work with BlazeFace; FaceRes separates people with the
threshold stored in its card."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.model_store import ModelStore
from edgestudio.core.paths import resources_dir
from edgestudio.tasks.faces.detector import load_face_detector
from edgestudio.tasks.faces.enroll import capture_from_image, chip_jpeg
from edgestudio.tasks.faces.faceres import EMBEDDING_SIZE, load_faceres
from edgestudio.tasks.faces.gallery import Gallery
from edgestudio.tasks.faces.recognize import _iou, build_face_recognizer
from tests import face_media

pytest.importorskip("ai_edge_litert")


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def test_blazeface_finds_every_face_centerface_finds_in_the_group_photo(models_dir: Path) -> None:
    registry = BackendRegistry()
    centerface = load_face_detector(registry, models_dir)
    blazeface = load_face_detector(registry, models_dir, detector="blazeface")
    try:
        assert blazeface.backend == "tflite"
        image = face_media.group()
        reference = centerface.detect(image)
        found = blazeface.detect(image)
        assert len(reference) == 6
        for face in reference:
            assert max(_iou(face.box, other.box) for other in found) >= 0.5, face.box
        for face in found:  # landmarks lie inside their face
            x1, y1, x2, y2 = face.box
            assert all(x1 - 5 <= x <= x2 + 5 and y1 - 5 <= y <= y2 + 5 for x, y in face.landmarks[:3])
    finally:
        centerface.runner.close()
        blazeface.runner.close()


def test_enrollment_and_recognition_with_blazeface(models_dir: Path, tmp_path: Path) -> None:
    recognizer = build_face_recognizer(BackendRegistry(), models_dir, detector_id="blazeface")
    gallery = Gallery(tmp_path / "faces.db")
    gallery.set_pin("amber-falcon-2468")
    try:
        assert "BlazeFace" in recognizer.info.model_name
        for name, photo in (("Grace", face_media.grace()), ("Eileen", face_media.eileen())):
            verdict = capture_from_image(recognizer.detector, recognizer.embedder, photo)
            assert verdict.accepted, verdict.reason
            gallery.enroll(name, verdict.embedding[None, :], [chip_jpeg(verdict.chip)], "consent given")
        for name, photo in (("Grace", face_media.grace()), ("Eileen", face_media.eileen())):
            altered = cv2.flip(photo, 1)
            faces = recognizer.detector.detect(altered)
            embeddings, _ = recognizer.embedder.embed(altered, faces[:1])
            assert [m.name for m in gallery.match(embeddings)] == [name]
        stranger = face_media.tom()
        faces = recognizer.detector.detect(stranger)
        embeddings, _ = recognizer.embedder.embed(stranger, faces[:1])
        assert [m.name for m in gallery.match(embeddings)] == ["Unknown"]
    finally:
        gallery.close()
        recognizer.close()


def test_faceres_separates_people_with_the_threshold_in_its_card(models_dir: Path) -> None:
    registry = BackendRegistry()
    entry = ModelStore(models_dir / "user", resources_dir() / "models").get("faceres")
    assert entry.task == "face-embedding" and entry.license == "MIT"
    detector = load_face_detector(registry, models_dir)
    embedder = load_faceres(registry, entry)
    try:
        assert embedder.threshold == entry.hints["threshold"]
        people = [face_media.eileen(), face_media.grace(), face_media.tom(), *face_media.group_faces()[:3]]
        vectors, owners = [], []
        for index, photo in enumerate(people):
            for variant in (photo, cv2.flip(photo, 1)):
                faces = detector.detect(variant)
                embeddings, chips = embedder.embed(variant, faces[:1])
                assert embeddings.shape == (1, EMBEDDING_SIZE) and chips[0].shape == (224, 224, 3)
                vectors.append(embeddings[0])
                owners.append(index)
        matrix, who = np.array(vectors), np.array(owners)
        distances = np.sqrt(np.maximum(2 - 2 * matrix @ matrix.T, 0))
        upper = np.triu_indices(len(matrix), 1)
        same = (who[:, None] == who[None, :])[upper]
        assert distances[upper][same].max() < embedder.threshold < distances[upper][~same].min()
    finally:
        detector.runner.close()
        embedder.close()
