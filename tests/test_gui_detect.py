"""The real main window: a real video file played through the Detect tab, boxes drawn on the
frames, the Device panel filled, and bad input shown as messages while the app keeps running."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from edgestudio.core.types import DetectionResult
from edgestudio.tasks.detection.draw import class_color
from edgestudio.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.detect_tab.start_button.isEnabled(), timeout=60_000)
    yield win
    win.shutdown()


def has_box_outline(frame: np.ndarray, result: DetectionResult) -> bool:
    """True when the top edge of some box is painted in its class colour (anti-aliased)."""
    for det in result.detections:
        x1, y1, x2, _ = (round(v) for v in det.box)
        band = frame[max(0, y1 - 1) : y1 + 2, x1 + 4 : max(x1 + 5, x2 - 4)].astype(int)
        colour = np.array(class_color(det.class_id))
        if band.size and (np.abs(band - colour) < 40).all(axis=2).any(axis=0).mean() > 0.8:
            return True
    return False


def test_video_file_plays_with_drawn_detections(qtbot, window, street_video: Path, tmp_path: Path) -> None:
    tab = window.detect_tab
    assert [window.tabs.tabText(i) for i in range(5)] == ["Detect", "Faces", "Voice", "Chat", "Device"]
    tab.source.set_spec("file", str(street_video), True)
    shown: list[DetectionResult] = []
    tab.result_shown.connect(shown.append)
    tab.start()
    qtbot.waitUntil(lambda: sum(1 for r in shown if r.detections) >= 5, timeout=120_000)
    with_boxes = [r for r in shown if r.detections]
    assert {"person"} <= {d.label for r in with_boxes for d in r.detections}
    frame = tab.view.current_frame()
    assert frame is not None and frame.shape == (480, 640, 3)
    assert tab.view.frames_shown >= 5
    qtbot.waitUntil(lambda: tab.fps_label.text().endswith("fps"), timeout=5_000)
    assert 0 < float(tab.fps_label.text().split()[0]) < 200
    # The view paints the boxes and labels of the result it shows; a snapshot saves them.
    qtbot.waitUntil(lambda: bool(shown[-1].detections), timeout=60_000)
    last = shown[-1]
    overlays = tab.view.overlays
    assert [o.box for o in overlays] == [d.box for d in last.detections]
    assert all(o.label.startswith(d.label + " ") for o, d in zip(overlays, last.detections, strict=True))
    assert not has_box_outline(frame, last), "the frame itself stays as the camera gave it"
    snapshot = tab.snapshot(tmp_path)
    saved = cv2.imread(str(snapshot))
    assert saved is not None and saved.shape == frame.shape
    assert has_box_outline(saved, last)
    tab.stop()
    assert tab.start_button.text() == "Start"
    settings = window.ctx.config_store.load().detection
    assert settings.source == str(street_video) and settings.source_kind == "file"


def test_device_panel_shows_hardware_runtimes_and_recommendation(qtbot, window) -> None:
    panel = window.device_panel
    qtbot.waitUntil(lambda: panel.report is not None, timeout=60_000)
    names = [panel.runtimes.topLevelItem(i).text(0) for i in range(panel.runtimes.topLevelItemCount())]
    assert "ONNX Runtime" in names and "OpenVINO" in names
    assert panel.hardware.rowCount() >= 5
    backend, device = window.detect_tab.runtime.selection()
    rec = panel.report.recommendations[0]
    assert (backend, device) == (rec.backend, rec.device)


def test_missing_camera_is_a_message_and_the_tab_recovers(qtbot, window, street_video: Path) -> None:
    tab = window.detect_tab
    tab.source.set_spec("camera", "7", True)
    tab.start()
    qtbot.waitUntil(
        lambda: tab.start_button.text() == "Start" and "Camera 7" in tab.view._message, timeout=60_000
    )
    assert tab.view._message_is_error
    shown: list[DetectionResult] = []
    tab.result_shown.connect(shown.append)
    tab.source.set_spec("file", str(street_video), True)
    tab.start()  # the same loaded model works with another source
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=60_000)
    tab.stop()


def test_adding_a_non_model_explains_why(qtbot, window, tmp_path: Path) -> None:
    bogus = tmp_path / "holiday.onnx"
    bogus.write_bytes(b"\x89PNG not a model")
    picker = window.detect_tab.models
    with qtbot.waitSignal(picker.add_failed, timeout=60_000) as failed:
        picker.add_file(bogus)
    assert "holiday.onnx is not a model file" in failed.args[0].message
    assert picker.combo.count() == 1 and picker.add_button.isEnabled()


def test_adding_a_yolo_model_selects_it_and_it_runs(
    qtbot, window, yolov8_onnx: Path, street_video: Path
) -> None:
    tab = window.detect_tab
    with qtbot.waitSignal(tab.models.added, timeout=120_000):
        tab.models.add_file(yolov8_onnx)
    assert tab.models.combo.count() == 2 and tab.models.current_id().startswith("best-fp16")
    tab.source.set_spec("file", str(street_video), True)
    shown: list[DetectionResult] = []
    tab.result_shown.connect(shown.append)
    tab.start()
    qtbot.waitUntil(lambda: any(d.label == "Normal" for r in shown for d in r.detections), timeout=120_000)
    tab.stop()
