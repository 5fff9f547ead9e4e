"""HistoryPanel: saved transcripts, searchable by title and text, reopened and deleted.

GUI thread only; the TranscriptHistory it shows is owned by the Voice tab.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from edgestudio.tasks.speech.history import TranscriptHistory
from edgestudio.ui.widgets.segment_table import SegmentTable, clock


class HistoryPanel(QWidget):
    """GUI thread only. ``selected(segments, meta)`` when a saved transcript is opened."""

    selected = Signal(object, object)  # list[Segment], dict of source/language/duration/model

    def __init__(self, history: TranscriptHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search transcripts"))
        self.list = QListWidget()
        self.view = SegmentTable()
        self.delete_button = QPushButton(self.tr("Delete"))
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        left.addWidget(self.delete_button)
        layout.addLayout(left, 1)
        layout.addWidget(self.view, 2)
        self.search.textChanged.connect(lambda _text: self.reload())
        self.list.currentItemChanged.connect(self._on_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for saved in self.history.transcripts(self.search.text().strip()):
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(saved.created))
            item = QListWidgetItem(f"{saved.title}  ·  {clock(saved.duration)}  ·  {stamp}")
            item.setData(Qt.ItemDataRole.UserRole, saved.id)
            item.setToolTip(saved.text[:300])
            self.list.addItem(item)

    def _on_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        transcript_id = int(item.data(Qt.ItemDataRole.UserRole))
        saved = self.history.get(transcript_id)
        self.view.set_segments(self.history.segments(transcript_id))
        meta = {
            "source": saved.source,
            "language": saved.language,
            "duration": saved.duration,
            "model": saved.model,
        }
        self.selected.emit(list(self.view.segments), meta)

    def _delete_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.history.delete(int(item.data(Qt.ItemDataRole.UserRole)))
            self.view.set_segments([])
            self.reload()
