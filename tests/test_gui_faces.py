"""The real Faces tab: PIN, enrollment from photos and from a video through the camera path,
live recognition with names and Unknown, deletion, wrong PIN."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from edgestudio.tasks.faces.recognize import FacesResult
from edgestudio.ui.faces_tab import FacesTab
from tests import face_media

PIN = "amber-falcon-2468"


@pytest.fixture
def photos(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, image in (
        ("grace", face_media.grace()),
        ("eileen", face_media.eileen()),
        ("group", face_media.group()),
        ("coffee", face_media.no_face()),
    ):
        paths[name] = tmp_path / f"{name}.png"
        cv2.imwrite(str(paths[name]), image)
    return paths


@pytest.fixture
def tab(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = FacesTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.gate.pin.setText(PIN)
    widget.gate.repeat.setText(PIN)
    widget.gate.button.click()
    assert widget.stack.currentIndex() == 1
    widget.consent.setChecked(True)
    yield widget
    widget.shutdown()


def enroll(qtbot, tab: FacesTab, name: str, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(tab.enrolled, timeout=60_000):
        tab.enroll_from_photos(name, paths)


def test_enroll_from_photos_then_recognise_live_with_unknown(
    qtbot, tab: FacesTab, photos, tmp_path: Path
) -> None:
    with qtbot.waitSignal(tab.photos_refused, timeout=60_000) as refused:
        tab.enroll_from_photos("Nobody", [photos["coffee"], photos["group"]])
    assert any("The photo shows no face" in r for r in refused.args[0])
    assert any("6 faces in the photo" in r for r in refused.args[0])
    enroll(qtbot, tab, "Grace", [photos["grace"]])
    enroll(qtbot, tab, "Eileen", [photos["eileen"]])
    assert tab.people.count() == 2 and not tab.people.item(0).icon().isNull()
    video = face_media.write_video(tmp_path / "live.mp4", [
        (face_media.grace(), 20), (face_media.eileen(), 20), (face_media.tom(), 20)])  # fmt: skip
    tab.source.set_spec("file", str(video), False)
    seen: set[str] = set()
    tab.result_shown.connect(lambda r: seen.update(f.name for f in r.faces))
    tab.start()
    qtbot.waitUntil(lambda: {"Grace", "Eileen", "Unknown"} <= seen, timeout=60_000)
    tab.stop()
    assert any(e.action == "recognize" for e in tab.gallery.audit_entries())


def test_guided_camera_enrollment_refuses_bad_captures_with_reasons(
    qtbot, tab: FacesTab, tmp_path: Path
) -> None:
    video = face_media.write_video(tmp_path / "camera.mp4", [
        (face_media.no_face(), 20), (face_media.group(), 20), (face_media.grace(), 60)])  # fmt: skip
    tab.source.set_spec("file", str(video), False)
    reasons: list[str] = []
    tab.capture_judged.connect(lambda v: reasons.append(v.reason))
    with qtbot.waitSignal(tab.enrolled, timeout=90_000) as done:
        tab.enroll_from_camera("Grace")
        qtbot.waitUntil(lambda: "Refused" in tab.enroll_state.text(), timeout=30_000)
    assert done.args[0].templates == 5
    assert any(r.startswith("No face") for r in reasons) and any("faces in view" in r for r in reasons)
    tab.stop()


def test_delete_and_wrong_pin(qtbot, ctx, tab: FacesTab, photos) -> None:
    enroll(qtbot, tab, "Grace", [photos["grace"]])
    tab.people.setCurrentRow(0)
    tab.delete_person(tab.gallery.people()[0].id)
    assert (
        tab.people.count() == 0
        and tab.gallery.db.conn.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 0
    )
    tab.change_pin(PIN, "quiet-river-1357")
    tab.lock()
    tab.gate.pin.setText(PIN)
    tab.gate.button.click()
    assert tab.stack.currentIndex() == 0 and "cannot be read with this PIN" in tab.gate.error.text()
    tab.gate.pin.setText("quiet-river-1357")
    tab.gate.button.click()
    assert tab.stack.currentIndex() == 1
    assert "pin-changed" in [e.action for e in tab.gallery.audit_entries()]


def test_consent_is_required(qtbot, tab: FacesTab, photos) -> None:
    tab.consent.setChecked(False)
    tab.enroll_from_photos("Grace", [photos["grace"]])
    assert "consent" in tab.enroll_state.text() and tab.gallery.people() == []


def test_calibration_dialog_shows_the_distributions(qtbot, tab: FacesTab, photos) -> None:
    from edgestudio.ui.calibration_dialog import CalibrationDialog

    enroll(qtbot, tab, "Grace", [photos["grace"]])
    enroll(qtbot, tab, "Eileen", [photos["eileen"]])
    matrix, owners = tab.gallery.template_matrix
    dialog = CalibrationDialog(np.vstack([matrix, matrix + 0.01]), np.concatenate([owners, owners]), 0.5, tab)
    qtbot.addWidget(dialog)
    assert dialog.plot.genuine.size == 2 and dialog.plot.impostor.size == 4
    assert "stranger pairs" in dialog.summary.text()
    _ = FacesResult
