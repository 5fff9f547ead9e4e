"""Templates keyed by embedder: enroll and recognise with FaceRes (ONNX Runtime) as with dlib;
a gallery from before the migration (dlib templates only) keeps working; the enrollment
workflow apart from the widget."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import InputError, StorageError
from edgestudio.core.storage import Database
from edgestudio.tasks.faces import gallery as gallery_module
from edgestudio.tasks.faces.crypto import VERIFIER, Cipher, derive_key, new_params
from edgestudio.tasks.faces.embedder import FACE_EMBEDDERS, embedder_spec
from edgestudio.tasks.faces.enroll import CaptureVerdict, EnrollmentRules, capture_from_image, chip_jpeg
from edgestudio.tasks.faces.enrollment import UNREADABLE_PHOTO, EnrollmentSource, EnrollmentWorkflow
from edgestudio.tasks.faces.gallery import Gallery
from edgestudio.tasks.faces.recognize import FaceRecognizer, build_face_recognizer
from tests import face_media

PIN = "amber-falcon-2468"


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def faceres(models_dir: Path):  # type: ignore[no-untyped-def]
    recognizer = build_face_recognizer(
        BackendRegistry(), models_dir, embedder_backend="onnxruntime", embedder_id="faceres"
    )
    yield recognizer
    recognizer.close()


@pytest.fixture(scope="module")
def dlib(models_dir: Path):  # type: ignore[no-untyped-def]
    recognizer = build_face_recognizer(BackendRegistry(), models_dir)
    yield recognizer
    recognizer.close()


def enroll(gallery: Gallery, recognizer: FaceRecognizer, name: str, image: np.ndarray) -> None:
    verdict = capture_from_image(recognizer.detector, recognizer.embedder, image)
    assert verdict.accepted and verdict.embedding is not None and verdict.chip is not None, verdict.reason
    gallery.enroll(name, verdict.embedding[None, :], [chip_jpeg(verdict.chip)], "consent given")


def names(gallery: Gallery, recognizer: FaceRecognizer, image: np.ndarray, threshold: float) -> list[str]:
    faces = recognizer.detector.detect(image)
    embeddings, _ = recognizer.embedder.embed(image, faces[:1])
    return [m.name for m in gallery.match(embeddings, threshold)]


def test_enroll_and_recognise_with_faceres_on_onnx_runtime(faceres: FaceRecognizer, tmp_path: Path) -> None:
    assert faceres.embedder.backend == "onnxruntime" and "FaceRes" in faceres.info.model_name
    spec = embedder_spec("faceres", tmp_path)
    assert spec.threshold == 0.74  # from resources/models/faceres.json
    gallery = Gallery(tmp_path / "faces.db", "faceres")
    gallery.set_pin(PIN)
    try:
        for name, photo in (("Grace", face_media.grace()), ("Eileen", face_media.eileen())):
            enroll(gallery, faceres, name, photo)
        assert gallery.template_matrix[0].shape == (2, 1024)
        assert [p.templates for p in gallery.people()] == [1, 1]
        for name, photo in (("Grace", face_media.grace()), ("Eileen", face_media.eileen())):
            for variant in face_media.altered(photo).values():
                assert names(gallery, faceres, variant, spec.threshold) == [name]
        assert names(gallery, faceres, face_media.tom(), spec.threshold) == ["Unknown"]
    finally:
        gallery.close()


def test_each_embedder_matches_only_its_own_templates(
    faceres: FaceRecognizer, dlib: FaceRecognizer, tmp_path: Path
) -> None:
    gallery = Gallery(tmp_path / "faces.db")  # dlib
    gallery.set_pin(PIN)
    enroll(gallery, dlib, "Grace", face_media.grace())
    with pytest.raises(StorageError, match="another face recognizer"):
        verdict = capture_from_image(faceres.detector, faceres.embedder, face_media.eileen())
        gallery.enroll("Eileen", verdict.embedding[None, :])
    gallery.use_embedder("faceres")
    assert [(p.name, p.templates) for p in gallery.people()] == [("Grace", 0)]
    assert names(gallery, faceres, face_media.grace(), 0.74) == ["Unknown"]  # no FaceRes template yet
    enroll(gallery, faceres, "Grace", face_media.grace())  # the same person, now for FaceRes
    assert names(gallery, faceres, cv2.flip(face_media.grace(), 1), 0.74) == ["Grace"]
    gallery.use_embedder("dlib")
    assert gallery.template_matrix[0].shape == (1, 128)
    gallery.change_pin(PIN, "quiet-river-1357")  # re-encrypts both kinds under the new key
    gallery.close()
    again = Gallery(tmp_path / "faces.db", "faceres")
    again.unlock("quiet-river-1357")
    assert again.template_matrix[0].shape == (1, 1024)
    assert names(again, faceres, cv2.flip(face_media.grace(), 1), 0.74) == ["Grace"]
    again.close()


def test_a_dlib_gallery_from_before_the_migration_keeps_working(dlib: FaceRecognizer, tmp_path: Path) -> None:
    path = tmp_path / "faces.db"
    # The gallery as the previous release made it: schema 1 (the old migration list), and a
    # template inserted with that release's SQL and encryption context.
    old = Database(path, gallery_module.MIGRATIONS[:1])
    params = new_params()
    cipher = Cipher(derive_key(PIN, params))
    kdf = json.dumps({"salt": params.salt.hex(), "n": params.n, "r": params.r, "p": params.p}).encode()
    verdict = capture_from_image(dlib.detector, dlib.embedder, face_media.grace())
    assert verdict.embedding is not None
    with old.transaction() as conn:
        nonce, sealed = cipher.seal(VERIFIER, "verifier")
        conn.execute("INSERT INTO meta VALUES ('kdf', ?)", (kdf,))
        conn.execute("INSERT INTO meta VALUES ('verifier', ?)", (nonce + sealed,))
        person_id = conn.execute("INSERT INTO persons (name, created) VALUES ('Grace', 1.0)").lastrowid
        nonce, sealed = cipher.seal(verdict.embedding.tobytes(), f"templates:{person_id}")
        conn.execute(
            "INSERT INTO templates (person_id, nonce, data, created) VALUES (?, ?, ?, 1.0)",
            (person_id, nonce, sealed),
        )
    old.close()
    assert "embedder" not in [r[1] for r in Database(path, []).conn.execute("PRAGMA table_info(templates)")]

    gallery = Gallery(path)  # migrates to schema 2: the template becomes dlib's
    assert int(gallery.db.conn.execute("PRAGMA user_version").fetchone()[0]) == len(gallery_module.MIGRATIONS)
    gallery.unlock(PIN)
    assert [(p.name, p.templates) for p in gallery.people()] == [("Grace", 1)]
    assert names(gallery, dlib, cv2.flip(face_media.grace(), 1), 0.5) == ["Grace"]
    assert names(gallery, dlib, face_media.eileen(), 0.5) == ["Unknown"]
    enroll(gallery, dlib, "Eileen", face_media.eileen())  # new enrollments work too
    assert names(gallery, dlib, face_media.eileen(), 0.5) == ["Eileen"]
    gallery.use_embedder("faceres")
    assert [p.templates for p in gallery.people()] == [0, 0]  # dlib's templates stay dlib's
    gallery.close()


def test_thresholds_are_per_embedder() -> None:
    dlib, faceres = FACE_EMBEDDERS["dlib"], embedder_spec("faceres", Path("/nonexistent-store"))
    assert (dlib.threshold, dlib.same_person_distance, dlib.threshold_range) == (0.5, 0.6, (0.3, 0.7))
    assert faceres.threshold == 0.74 and faceres.threshold_range == (0.54, 0.94)
    with pytest.raises(InputError, match="no face recognizer called 'arcface'"):
        embedder_spec("arcface")


# -- the enrollment workflow, without Qt --------------------------------------------------------
def _verdict(accepted: bool, value: float, reason: str = "Good capture.") -> CaptureVerdict:
    vector = np.full(128, value, np.float32)
    chip = np.zeros((8, 8, 3), np.uint8)
    return CaptureVerdict(
        accepted, reason, None, None, vector if accepted else None, chip if accepted else None
    )


def test_camera_workflow_collects_until_enough_then_saves(tmp_path: Path) -> None:
    flow = EnrollmentWorkflow()
    assert not flow.active and flow.judged(_verdict(True, 0.1)).kept is False
    rules = flow.start_camera(" Ada ", EnrollmentRules(captures_needed=2))
    assert flow.name == "Ada" and flow.source is EnrollmentSource.CAMERA and rules.captures_needed == 2
    refused = flow.judged(_verdict(False, 0, "No face in view: look at the camera."))
    assert not refused.kept and refused.refusal.startswith("No face") and not refused.ready
    first = flow.judged(_verdict(True, 0.1))
    assert first.kept and not first.ready and first.previous is not None and first.previous.shape == (1, 128)
    second = flow.judged(_verdict(True, 0.2))
    assert second.ready and flow.count == 2
    gallery = Gallery(tmp_path / "faces.db")
    gallery.set_pin(PIN)
    assert not flow.check_name(gallery).mismatch
    person = flow.save(gallery, "consent")
    assert (person.name, person.templates) == ("Ada", 2) and not flow.active
    flow.start_camera("Ada", EnrollmentRules(captures_needed=1))
    flow.judged(_verdict(True, 3.0))  # far from Ada's templates
    check = flow.check_name(gallery)
    assert check.mismatch and "does not look like the Ada" in check.explanation()
    flow.reset()
    assert not flow.active and gallery.find("Ada").templates == 2
    gallery.close()
    with pytest.raises(InputError, match="needs a name"):
        flow.start_camera("  ")


def test_photo_workflow_judges_each_photo_in_order_and_lists_refusals(tmp_path: Path) -> None:
    good, group, text = tmp_path / "grace.png", tmp_path / "group.png", tmp_path / "notes.png"
    cv2.imwrite(str(good), face_media.grace())
    cv2.imwrite(str(group), face_media.group())
    text.write_text("not an image")
    flow = EnrollmentWorkflow()
    jobs = flow.start_photos("Grace", [good, text, group])
    assert [job.file for job in jobs] == ["grace.png", "group.png"] and flow.judging_photos
    assert [(r.file, r.reason) for r in flow.refusals] == [("notes.png", UNREADABLE_PHOTO)]
    first = flow.judged(_verdict(True, 0.1))
    assert first.kept and not first.ready
    last = flow.judged(
        _verdict(False, 0, "6 faces in the photo: only the person enrolling may be in the picture.")
    )
    assert last.ready and not flow.judging_photos and flow.count == 1
    assert [str(r) for r in flow.refusals][1].startswith("group.png: 6 faces")
    assert not flow.judged(_verdict(True, 0.5)).kept  # a late verdict changes nothing
    assert flow.start_photos("Nobody", [text]) == [] and flow.count == 0
