"""SourcePicker: a camera the system has (or a typed device path), a video file, a stream
URL or an image file, with Browse and Loop."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from edgestudio.core.video import SourceKind, SourceSpec
from edgestudio.ui.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "SourcePicker"
# (kind, label, placeholder of the path field); labels are translated where they are shown.
_KINDS: list[tuple[SourceKind, str, str]] = [
    ("camera", QT_TRANSLATE_NOOP("SourcePicker", "Camera"), ""),
    (
        "file",
        QT_TRANSLATE_NOOP("SourcePicker", "Video file"),
        QT_TRANSLATE_NOOP("SourcePicker", "Choose a video file…"),
    ),
    (
        "url",
        QT_TRANSLATE_NOOP("SourcePicker", "Stream URL"),
        QT_TRANSLATE_NOOP("SourcePicker", "rtsp://camera.local/stream or http://…"),
    ),
    (
        "image",
        QT_TRANSLATE_NOOP("SourcePicker", "Image file"),
        QT_TRANSLATE_NOOP("SourcePicker", "Choose an image…"),
    ),
]
V4L2_CLASS = Path("/sys/class/video4linux")


@dataclass(frozen=True)
class SystemCamera:
    """A video capture device: ``location`` is what ``SourceSpec`` takes (its number)."""

    location: str
    name: str
    device: str


def system_cameras(root: Path = V4L2_CLASS) -> list[SystemCamera]:
    """The capture cameras Video4Linux lists, with their names (any thread; reads sysfs).

    A UVC camera registers two nodes, one for frames and one for metadata; only the first
    (``index`` 0) can be opened for video, so the others are left out."""
    cameras = []
    for node in sorted(root.glob("video*"), key=lambda p: int(p.name[5:]) if p.name[5:].isdigit() else -1):
        number = node.name[5:]
        if not number.isdigit():
            continue
        try:
            index = (node / "index").read_text().strip()
            name = (node / "name").read_text().strip()
        except OSError:
            index, name = "0", node.name
        if index == "0":
            cameras.append(SystemCamera(number, name or node.name, f"/dev/{node.name}"))
    return cameras


class SourcePicker(QWidget):
    """GUI thread only. ``changed`` fires when the user edits the source."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, camera_root: Path = V4L2_CLASS) -> None:
        super().__init__(parent)
        self._camera_root = camera_root
        self.kind = QComboBox()
        for kind, label, _ in _KINDS:
            self.kind.addItem(QCoreApplication.translate(_CONTEXT, label), kind)
        self.camera = QComboBox()
        self.camera.setEditable(True)
        self.camera.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.camera.setToolTip(self.tr("Pick a camera, or type its number or device path (/dev/video0)."))
        self.location = QLineEdit()
        self.browse = QPushButton(self.tr("Browse…"))
        self.loop = QCheckBox(self.tr("Loop video files"))
        self.realtime = QCheckBox(self.tr("Play at the video's own speed"))
        self.realtime.setToolTip(self.tr("Off: process video files as fast as the model can."))
        self.loop.setChecked(True)
        self.realtime.setChecked(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind, 0, 0, 1, 2)
        layout.addWidget(self.camera, 1, 0, 1, 2)
        layout.addWidget(self.location, 2, 0)
        layout.addWidget(self.browse, 2, 1)
        layout.addWidget(self.loop, 3, 0, 1, 2)
        layout.addWidget(self.realtime, 4, 0, 1, 2)
        # What was typed for each kind, so switching kinds never carries a camera number
        # into the file path (or a path into the URL) and switching back restores it.
        self._typed: dict[str, str] = {}
        self._shown_kind: str = ""
        self.refresh_cameras()
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.location.textEdited.connect(self.changed)
        self.camera.currentIndexChanged.connect(self.changed)
        self.camera.editTextChanged.connect(self.changed)
        self.browse.clicked.connect(self._browse)
        self._on_kind()

    def refresh_cameras(self) -> None:
        """List the cameras the system has now; says so when there is none."""
        typed = self.camera.currentText()
        self.camera.blockSignals(True)
        self.camera.clear()
        cameras = system_cameras(self._camera_root)
        for camera in cameras:
            label = self.tr("{name} ({device})").format(name=camera.name, device=camera.device)
            self.camera.addItem(label, camera.location)
        placeholder = (
            self.tr("Type a camera number or device path")
            if cameras
            else self.tr("No camera found: connect one, or type a device path")
        )
        line_edit = self.camera.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(placeholder)
        if not cameras:
            self.camera.setEditText(typed)
        self.camera.blockSignals(False)

    def camera_location(self) -> str:
        """The chosen camera's number, or what was typed (a number or a device path)."""
        text = self.camera.currentText().strip()
        index = self.camera.currentIndex()
        if index >= 0 and text == self.camera.itemText(index):
            return str(self.camera.itemData(index))
        return text

    def spec(self) -> SourceSpec:
        kind: SourceKind = self.kind.currentData()
        location = self.camera_location() if kind == "camera" else self.location.text().strip()
        return SourceSpec(kind, location, self.loop.isChecked())

    def set_spec(self, kind: str, location: str, loop: bool) -> None:
        index = self.kind.findData(kind)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        if kind == "camera":
            self._select_camera(location)
        else:
            self.location.setText(location)
        self.loop.setChecked(loop)

    def _select_camera(self, location: str) -> None:
        found = self.camera.findData(location)
        if found >= 0:
            self.camera.setCurrentIndex(found)
        else:
            self.camera.setEditText(location)

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        if self._shown_kind and self._shown_kind != "camera":
            self._typed[self._shown_kind] = self.location.text()
        if kind != "camera" and kind != self._shown_kind:
            self.location.setText(self._typed.get(kind, ""))
        self._shown_kind = kind
        placeholder = next(p for k, _, p in _KINDS if k == kind)
        self.location.setPlaceholderText(
            QCoreApplication.translate(_CONTEXT, placeholder) if placeholder else ""
        )
        self.camera.setVisible(kind == "camera")
        self.location.setVisible(kind != "camera")
        self.browse.setVisible(kind in ("file", "image"))
        self.loop.setEnabled(kind == "file")
        self.realtime.setEnabled(kind == "file")
        if kind == "camera":
            self.refresh_cameras()
        self.changed.emit()

    def _browse(self) -> None:
        kind = self.kind.currentData()
        title = self.tr("Choose a video") if kind == "file" else self.tr("Choose an image")
        video_filter = self.tr("Videos (*.mp4 *.mkv *.avi *.mov *.webm *.m4v *.ts);;All files (*)")
        image_filter = self.tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)")
        path, _ = QFileDialog.getOpenFileName(
            self, title, "", video_filter if kind == "file" else image_filter
        )
        if path:
            self.location.setText(path)
            self.changed.emit()
