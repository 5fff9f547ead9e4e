"""SourcePicker: camera index, video file, stream URL or image file, with Browse and Loop."""

from __future__ import annotations

from PySide6.QtCore import Signal
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

_KINDS: list[tuple[SourceKind, str, str]] = [
    ("camera", "Camera", "0"),
    ("file", "Video file", "Choose a video file…"),
    ("url", "Stream URL", "rtsp://camera.local/stream or http://…"),
    ("image", "Image file", "Choose an image…"),
]
VIDEO_FILTER = "Videos (*.mp4 *.mkv *.avi *.mov *.webm *.m4v *.ts);;All files (*)"
IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)"


class SourcePicker(QWidget):
    """GUI thread only. ``changed`` fires when the user edits the source."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for kind, label, _ in _KINDS:
            self.kind.addItem(label, kind)
        self.location = QLineEdit()
        self.browse = QPushButton("Browse…")
        self.loop = QCheckBox("Loop video files")
        self.realtime = QCheckBox("Play at the video's own speed")
        self.realtime.setToolTip("Off: process video files as fast as the model can.")
        self.loop.setChecked(True)
        self.realtime.setChecked(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind, 0, 0, 1, 2)
        layout.addWidget(self.location, 1, 0)
        layout.addWidget(self.browse, 1, 1)
        layout.addWidget(self.loop, 2, 0, 1, 2)
        layout.addWidget(self.realtime, 3, 0, 1, 2)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.location.textEdited.connect(self.changed)
        self.browse.clicked.connect(self._browse)
        self._on_kind()

    def spec(self) -> SourceSpec:
        kind: SourceKind = self.kind.currentData()
        return SourceSpec(kind, self.location.text().strip(), self.loop.isChecked())

    def set_spec(self, kind: str, location: str, loop: bool) -> None:
        index = self.kind.findData(kind)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        self.location.setText(location)
        self.loop.setChecked(loop)

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        placeholder = next(p for k, _, p in _KINDS if k == kind)
        self.location.setPlaceholderText(placeholder)
        self.browse.setVisible(kind in ("file", "image"))
        self.loop.setEnabled(kind == "file")
        self.realtime.setEnabled(kind == "file")
        if kind == "camera" and not self.location.text().strip().isdigit():
            self.location.setText("0")
        self.changed.emit()

    def _browse(self) -> None:
        kind = self.kind.currentData()
        title = "Choose a video" if kind == "file" else "Choose an image"
        path, _ = QFileDialog.getOpenFileName(
            self, title, "", VIDEO_FILTER if kind == "file" else IMAGE_FILTER
        )
        if path:
            self.location.setText(path)
            self.changed.emit()
