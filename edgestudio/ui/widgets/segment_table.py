"""SegmentTable: transcript segments with their start and end times. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from edgestudio.backends.speech import Segment


def clock(seconds: float) -> str:
    minutes, secs = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{secs:04.1f}"


class SegmentTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Start"), self.tr("End"), self.tr("Text")])
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.segments: list[Segment] = []

    def set_segments(self, segments: list[Segment]) -> None:
        self.setRowCount(0)
        self.segments = []
        for segment in segments:
            self.add_segment(segment)

    def add_segment(self, segment: Segment) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for column, text in enumerate((clock(segment.start), clock(segment.end), segment.text)):
            self.setItem(row, column, QTableWidgetItem(text))
        self.resizeRowToContents(row)
        self.scrollToBottom()
        self.segments.append(segment)
