"""DamagedGalleryPage: what the Faces tab shows instead of the PIN gate when the gallery
file is damaged: what happened, where the file is, and a way to keep it aside and start a new
gallery."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

PAGE_WIDTH = 560


class DamagedGalleryPage(QWidget):
    """GUI thread only. ``set_aside_confirmed`` is emitted once the operator confirmed that the
    damaged file is to be kept aside and a new gallery started (the tab does it)."""

    set_aside_confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = Path()
        self.title = QLabel(self.tr("The face gallery file is damaged"))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setTextFormat(Qt.TextFormat.RichText)
        self.explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setStyleSheet("color: #e53935;")
        self.error.setWordWrap(True)
        self.button = QPushButton(self.tr("Keep the damaged file aside and start a new gallery"))
        self.button.clicked.connect(self._confirm)
        box = QWidget()
        box.setFixedWidth(PAGE_WIDTH)  # word-wrapped labels get their height for this width
        inner = QVBoxLayout(box)
        for widget in (self.title, self.explain, self.error, self.button):
            inner.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_damage(self, path: Path, detail: str) -> None:
        """Say which file is damaged and what SQLite found (``detail``, already translated)."""
        self._path = path
        self.error.clear()
        self.explain.setText(
            self.tr(
                "EdgeStudio cannot read the face gallery: the file<br><b>{path}</b><br>is damaged "
                "({detail}). Nobody can be recognised or enrolled until a new gallery is started."
                "<br><br>The damaged file is not changed or deleted: it is renamed and kept beside "
                "the new gallery, so a specialist can try to recover it. Everyone must be enrolled "
                "again in the new gallery, which gets a new admin PIN."
            ).format(path=html.escape(str(path)), detail=html.escape(detail))
        )

    def show_error(self, text: str) -> None:
        """Why setting the file aside failed (already translated)."""
        self.error.setText(text)

    def _confirm(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Start a new face gallery?"),
            self.tr(
                "{name} will be renamed and kept for recovery, and a new, empty gallery started. "
                "Everyone must be enrolled again. Go on?"
            ).format(name=self._path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.set_aside_confirmed.emit()
