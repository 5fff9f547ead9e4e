"""What tripped a new user (issue 13, section 4): the Faces first-run text, the Detect camera
field, the source type switch, and a status message left over from another tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from edgestudio.core.errors import SourceError
from edgestudio.core.video import SourceSpec, open_source
from edgestudio.ui import i18n
from edgestudio.ui.main_window import MainWindow
from edgestudio.ui.widgets.pin_gate import PinGate
from edgestudio.ui.widgets.source_picker import SourcePicker, system_cameras


def fake_v4l2(root: Path, nodes: dict[str, tuple[str, str]]) -> Path:
    """A /sys/class/video4linux look-alike: node -> (name, index)."""
    for node, (name, index) in nodes.items():
        (root / node).mkdir(parents=True)
        (root / node / "name").write_text(name + "\n")
        (root / node / "index").write_text(index + "\n")
    return root


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    if request.param != "en":
        from tests.test_i18n import TS_FILE  # noqa: F401  (the .qm is built by scripts/i18n.sh)

        if not i18n.translation_file(request.param).exists():
            pytest.skip("run scripts/i18n.sh release")
    i18n.install_translators(qapp, request.param)
    yield request.param
    i18n.install_translators(qapp, "en")


def test_first_run_pin_explanation_is_fully_visible(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    gate = PinGate()
    qtbot.addWidget(gate)
    gate.ask(setting=True)
    gate.resize(1200, 720)  # the Faces tab at the default window size
    gate.show()
    qtbot.waitExposed(gate)
    explain = gate.explain
    needed = explain.heightForWidth(explain.width())
    assert explain.height() >= needed, f"{explain.height()} px shown of {needed} needed"
    assert explain.width() >= 300
    assert gate.title.height() >= gate.title.heightForWidth(gate.title.width())


def test_cameras_of_the_system_are_listed_by_name(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = fake_v4l2(
        tmp_path / "v4l",
        {"video0": ("HD Webcam", "0"), "video1": ("HD Webcam", "1"), "video2": ("USB Cam", "0")},
    )
    assert [(c.location, c.device) for c in system_cameras(root)] == [
        ("0", "/dev/video0"),
        ("2", "/dev/video2"),
    ]
    picker = SourcePicker(camera_root=root)
    qtbot.addWidget(picker)
    picker.set_spec("camera", "2", True)
    assert picker.camera.isVisibleTo(picker) and not picker.location.isVisibleTo(picker)
    assert [picker.camera.itemText(i) for i in range(picker.camera.count())] == [
        "HD Webcam (/dev/video0)",
        "USB Cam (/dev/video2)",
    ]
    assert picker.spec() == SourceSpec("camera", "2", True)
    picker.camera.setEditText("/dev/video7")  # a device path can still be typed
    assert picker.spec().location == "/dev/video7"


def test_no_camera_is_said_not_shown_as_a_grey_zero(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    picker = SourcePicker(camera_root=tmp_path / "none")
    qtbot.addWidget(picker)
    picker.set_spec("camera", "", True)
    assert picker.camera.count() == 0
    line = picker.camera.lineEdit()
    assert line is not None and "No camera found" in line.placeholderText()
    assert "0" not in line.placeholderText()


def test_a_typed_device_path_is_opened_as_a_camera() -> None:
    with pytest.raises(SourceError) as raised:
        open_source(SourceSpec("camera", "/dev/video-not-here"))
    assert "could not be opened" in raised.value.message  # tried as a camera, not refused as a number


def test_switching_to_video_file_clears_the_camera_number(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = fake_v4l2(tmp_path / "v4l", {"video0": ("HD Webcam", "0")})
    picker = SourcePicker(camera_root=root)
    qtbot.addWidget(picker)
    picker.set_spec("camera", "0", True)
    picker.kind.setCurrentIndex(picker.kind.findData("file"))
    assert picker.location.text() == ""
    assert picker.spec() == SourceSpec("file", "", True)
    picker.location.setText("/videos/street.mp4")
    picker.kind.setCurrentIndex(picker.kind.findData("url"))
    assert picker.location.text() == ""
    picker.kind.setCurrentIndex(picker.kind.findData("file"))  # what was typed for a kind comes back
    assert picker.location.text() == "/videos/street.mp4"


def test_status_message_belongs_to_its_tab(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    bar = window.statusBar()
    window.tabs.setCurrentWidget(window.detect_tab)
    window.detect_tab.stop()  # "Stopped. Press Start to go on."
    assert bar.currentMessage() == "Stopped. Press Start to go on."
    window.tabs.setCurrentWidget(window.chat_tab)
    assert bar.currentMessage() == ""
    window.detect_tab.status_message.emit("Running on street.mp4")  # a tab not shown stays quiet
    assert bar.currentMessage() == ""
    window.chat_tab.status_message.emit("Conversation deleted.")
    assert bar.currentMessage() == "Conversation deleted."
    window.tabs.setCurrentWidget(window.detect_tab)
    assert bar.currentMessage() == "Running on street.mp4"
    window.shutdown()
