"""Faces with real models on real photos: enroll, recognise altered copies, refuse bad
captures, protect the gallery (encryption, PIN, deletion, SIGKILL), audit chain."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from edgestudio.core.errors import StorageError
from edgestudio.core.types import Frame
from edgestudio.core.video import SourceSpec
from edgestudio.tasks.faces.crypto import WrongPin
from edgestudio.tasks.faces.enroll import (
    CaptureCollector,
    EnrollmentRules,
    capture_from_image,
    check_name,
    chip_jpeg,
)
from edgestudio.tasks.faces.gallery import Gallery, match_matrix
from edgestudio.tasks.faces.recognize import EnrollResult, build_face_recognizer, calibrate
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox
from edgestudio.workers.session import InferenceSession
from tests import face_media

PIN = "amber-falcon-2468"


@pytest.fixture(scope="module")
def recognizer(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from edgestudio.backends.registry import BackendRegistry

    rec = build_face_recognizer(BackendRegistry(), tmp_path_factory.mktemp("models"))
    yield rec
    rec.close()


@pytest.fixture
def gallery(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = Gallery(tmp_path / "faces.db")
    store.set_pin(PIN)
    yield store
    store.close()


def enroll_photo(gallery: Gallery, recognizer, name: str, image: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    verdict = capture_from_image(recognizer.detector, recognizer.embedder, image)
    assert verdict.accepted, verdict.reason
    gallery.enroll(name, verdict.embedding[None, :], [chip_jpeg(verdict.chip)], "consent given")


def identify(gallery: Gallery, recognizer, image: np.ndarray) -> list[str]:  # type: ignore[no-untyped-def]
    faces = recognizer.detector.detect(image)
    embeddings, _ = recognizer.embedder.embed(image, faces)
    return [m.name for m in gallery.match(embeddings)]


def test_two_people_recognised_in_altered_copies_and_a_third_is_unknown(gallery, recognizer) -> None:
    enroll_photo(gallery, recognizer, "Eileen", face_media.eileen())
    enroll_photo(gallery, recognizer, "Grace", face_media.grace())
    for name, photo in (("Eileen", face_media.eileen()), ("Grace", face_media.grace())):
        for kind, copy in face_media.altered(photo).items():
            assert identify(gallery, recognizer, copy) == [name], kind
    assert identify(gallery, recognizer, face_media.tom()) == ["Unknown"]


def test_photos_with_no_face_or_several_faces_are_refused(recognizer) -> None:
    none = capture_from_image(recognizer.detector, recognizer.embedder, face_media.no_face())
    assert not none.accepted and "The photo shows no face" in none.reason
    many = capture_from_image(recognizer.detector, recognizer.embedder, face_media.group())
    assert not many.accepted and "6 faces in the photo" in many.reason


def test_camera_enrollment_through_the_video_source(qtbot, registry, tmp_path: Path) -> None:
    """A real video through the same source interface a camera uses, in enroll mode."""
    video = face_media.write_video(tmp_path / "enroll.mp4", [
        (face_media.no_face(), 8), (face_media.group(), 8), (face_media.grace(), 45)])  # fmt: skip
    models = tmp_path / "models"
    session = InferenceSession(
        lambda report: build_face_recognizer(registry, models, report=report), "enroll"
    )
    session.configure(mode="enroll")
    with qtbot.waitSignal(session.loaded, timeout=30_000):
        session.load()
    collector = CaptureCollector()
    reasons: set[str] = set()

    def on_result(result: EnrollResult) -> None:
        if collector.add(result.verdict):
            session.configure(previous=collector.embeddings())
        elif not result.verdict.accepted:
            reasons.add(result.verdict.reason.split(":")[0])

    session.result.connect(on_result)
    mailbox: FrameMailbox[Frame] = FrameMailbox()
    capture = CaptureThread(SourceSpec("file", str(video), loop=False), mailbox, pacing="realtime")
    capture.start()
    session.start_stream(mailbox)
    qtbot.waitUntil(lambda: collector.done or not capture.is_alive(), timeout=60_000)
    capture.stop()
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()
    assert collector.count >= 3, reasons
    assert any(r.startswith("No face") for r in reasons) and any("faces in view" in r for r in reasons)


def test_camera_rules_refuse_a_near_duplicate_capture(recognizer) -> None:
    rules = EnrollmentRules()
    first = capture_from_image(recognizer.detector, recognizer.embedder, face_media.grace(), rules=rules)
    assert first.accepted, first.reason
    again = capture_from_image(
        recognizer.detector,
        recognizer.embedder,
        face_media.grace(),
        previous=first.embedding[None, :],
        rules=rules,
    )
    assert not again.accepted and again.reason.startswith("Same as an earlier capture")


def test_raw_database_holds_no_plaintext_embedding_and_a_wrong_pin_cannot_read(tmp_path, recognizer) -> None:
    path = tmp_path / "faces.db"
    store = Gallery(path)
    store.set_pin(PIN)
    verdict = capture_from_image(recognizer.detector, recognizer.embedder, face_media.grace())
    store.enroll("Grace", verdict.embedding[None, :], [chip_jpeg(verdict.chip)])
    store.close()
    raw = path.read_bytes() + (
        path.with_name("faces.db-wal").read_bytes() if path.with_name("faces.db-wal").exists() else b""
    )
    vector = verdict.embedding.astype(np.float32).tobytes()
    assert all(vector[i : i + 16] not in raw for i in range(0, len(vector) - 16, 16))
    assert chip_jpeg(verdict.chip)[:64] not in raw
    locked = Gallery(path)
    with pytest.raises(WrongPin, match="cannot be read with this PIN"):
        locked.unlock("1111")
    assert not locked.unlocked
    locked.unlock(PIN)
    assert [p.name for p in locked.people()] == ["Grace"] and len(locked.photos(locked.people()[0].id)) == 1
    locked.close()


def test_deleting_a_person_removes_every_trace(tmp_path, recognizer) -> None:
    path = tmp_path / "faces.db"
    store = Gallery(path)
    store.set_pin(PIN)
    enroll_photo(store, recognizer, "Grace", face_media.grace())
    enroll_photo(store, recognizer, "Eileen", face_media.eileen())
    grace = store.find("Grace")
    assert grace is not None
    sealed = [bytes(r[0]) for r in store.db.conn.execute(
        "SELECT data FROM templates WHERE person_id=? UNION ALL SELECT data FROM photos WHERE person_id=?",
        (grace.id, grace.id))]  # fmt: skip
    store.delete(grace.id)
    raw = path.read_bytes() + (
        path.with_name("faces.db-wal").read_bytes() if path.with_name("faces.db-wal").exists() else b""
    )
    assert all(blob[:32] not in raw for blob in sealed)
    assert store.find("Grace") is None and [p.name for p in store.people()] == ["Eileen"]
    assert store.db.conn.execute("SELECT COUNT(*) FROM templates").fetchone()[0] == 1
    assert identify(store, recognizer, face_media.grace()) == ["Unknown"]
    store.close()


def test_audit_log_is_hash_chained_and_tampering_is_detected(gallery, recognizer) -> None:
    enroll_photo(gallery, recognizer, "Grace", face_media.grace())
    person = gallery.find("Grace")
    assert person is not None
    gallery.export_person(person.id)
    gallery.change_pin(PIN, "quiet-river-1357")
    gallery.delete(person.id)
    assert [e.action for e in gallery.audit_entries()] == [
        "pin-set",
        "enroll",
        "export",
        "pin-changed",
        "delete",
    ]
    assert gallery.verify_audit() is None
    gallery.db.conn.execute("UPDATE audit SET subject='Someone else' WHERE action='delete'")
    assert gallery.verify_audit() == gallery.audit_entries()[-1].id


def test_changing_the_pin_re_encrypts(gallery, recognizer) -> None:
    enroll_photo(gallery, recognizer, "Grace", face_media.grace())
    gallery.change_pin(PIN, "quiet-river-1357")
    gallery.lock()
    with pytest.raises(WrongPin):
        gallery.unlock(PIN)
    gallery.unlock("quiet-river-1357")
    assert identify(gallery, recognizer, face_media.grace()) == ["Grace"]


def test_vectorised_matching_equals_brute_force_and_calibration() -> None:
    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((500, 128)).astype(np.float32)
    owners = np.arange(500) // 5
    queries = matrix[[3, 77, 401]] + 0.01
    names = {int(i): f"p{i}" for i in np.unique(owners)}
    matches = match_matrix(matrix, owners, names, queries, threshold=1.0)
    brute = [int(owners[np.argmin(np.linalg.norm(matrix - q, axis=1))]) for q in queries]
    assert [m.person_id for m in matches] == brute == [0, 15, 80]
    threshold, genuine, impostor = calibrate(matrix[:50], owners[:50], far=0.01)
    assert genuine.size == 10 * 10 and impostor.size == 50 * 49 // 2 - 100
    assert float(np.mean(impostor < threshold)) <= 0.011


ENROLLER = """
import sys
import numpy as np
from pathlib import Path
from edgestudio.tasks.faces.gallery import Gallery
gallery = Gallery(Path(sys.argv[1]))
gallery.unlock(sys.argv[2]) if gallery.has_pin else gallery.set_pin(sys.argv[2])
rng = np.random.default_rng(int(sys.argv[3]))
start = len(gallery.people())
for i in range(start, start + 100000):
    templates = rng.standard_normal((5, 128)).astype(np.float32)
    gallery.enroll(f"person {i}", templates, [rng.bytes(20000)], "consent")
    print(i, flush=True)
"""


def test_killing_the_process_during_enrollment_loses_nothing_reported(tmp_path: Path) -> None:
    path = tmp_path / "faces.db"
    rng = np.random.default_rng(11)
    reported: set[str] = set()
    for attempt in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", ENROLLER, str(path), PIN, str(attempt)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        wanted = int(rng.integers(1, 4))
        for _ in range(wanted):
            line = proc.stdout.readline()
            reported.add(f"person {int(line.split()[0])}")
        time.sleep(float(rng.uniform(0, 0.05)))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
    gallery = Gallery(path)
    gallery.unlock(PIN)
    names = {p.name for p in gallery.people()}
    assert reported <= names
    assert all(p.templates == 5 for p in gallery.people()), "a half-saved enrollment"
    gallery.close()


def test_empty_name_and_empty_capture_are_refused(gallery) -> None:
    with pytest.raises(StorageError, match="name"):
        gallery.enroll("  ", np.zeros((1, 128), np.float32))
    with pytest.raises(StorageError, match="No usable face"):
        gallery.enroll("Ada", np.zeros((0, 128), np.float32))


def _capture(recognizer, image: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    verdict = capture_from_image(recognizer.detector, recognizer.embedder, image)
    assert verdict.accepted and verdict.embedding is not None, verdict.reason
    return verdict.embedding[None, :]


def test_a_different_face_under_an_existing_name_is_detected(gallery, recognizer) -> None:
    enroll_photo(gallery, recognizer, "Eileen", face_media.eileen())
    other = check_name(gallery, "Eileen", _capture(recognizer, face_media.grace()))
    assert other.mismatch and other.distance > other.threshold
    assert "does not look like the Eileen" in other.explanation()
    same = check_name(
        gallery, "Eileen", _capture(recognizer, face_media.altered(face_media.eileen())["flipped"])
    )
    assert not same.mismatch, same
    assert not check_name(gallery, "Nobody yet", _capture(recognizer, face_media.grace())).mismatch


def test_cli_refuses_a_different_face_under_an_existing_name_without_force(
    ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cv2

    from edgestudio.cli import main

    monkeypatch.setenv("EDGESTUDIO_FACES_PIN", PIN)
    eileen, grace = tmp_path / "eileen.png", tmp_path / "grace.png"
    cv2.imwrite(str(eileen), face_media.eileen())
    cv2.imwrite(str(grace), face_media.grace())
    assert main(["faces", "enroll", "Eileen", str(eileen)]) == 0
    assert main(["faces", "enroll", "Eileen", str(grace)]) == 2
    err = capsys.readouterr().err
    assert "does not look like the Eileen" in err and "--force" in err and "Nothing was enrolled" in err
    assert main(["faces", "--json", "list"]) == 0
    assert '"templates": 1' in capsys.readouterr().out
    assert main(["faces", "enroll", "Eileen", str(grace), "--force"]) == 0
    assert main(["faces", "enroll", "Eileen", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_cli_without_pin_and_without_a_terminal_says_how_to_give_it(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGESTUDIO_")}
    env["EDGESTUDIO_HOME"] = str(tmp_path / "home")
    for command in (["list"], ["delete", "Ada"]):
        done = subprocess.run(
            [sys.executable, "-m", "edgestudio", "faces", *command],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr and "EOFError" not in done.stderr
        assert "--pin or the EDGESTUDIO_FACES_PIN" in done.stderr


def test_gui_asks_before_adding_a_different_face_to_a_person(
    qtbot, ctx, recognizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from edgestudio.ui.faces_tab import FacesTab

    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    tab.gallery.set_pin(PIN)
    enroll_photo(tab.gallery, recognizer, "Eileen", face_media.eileen())
    verdict = capture_from_image(recognizer.detector, recognizer.embedder, face_media.grace())
    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return choice

        return question

    def collect() -> None:
        tab.enrollment.start_camera("Eileen", EnrollmentRules(captures_needed=1))
        assert tab.enrollment.judged(verdict).ready

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    collect()
    assert tab.enroll_panel.save() is None and not tab.enrollment.active
    assert tab.gallery.find("Eileen").templates == 1
    assert "does not look like the Eileen" in asked[-1]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    collect()
    person = tab.enroll_panel.save()
    assert person is not None and person.templates == 2
    tab.shutdown()
