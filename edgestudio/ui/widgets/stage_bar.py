"""StageBar: a stacked bar of per-stage milliseconds (capture, pre, infer, post, draw)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

STAGE_COLORS = {
    "capture": QColor(120, 144, 156),
    "pre": QColor(66, 165, 245),
    "infer": QColor(239, 83, 80),
    "post": QColor(255, 167, 38),
    "draw": QColor(102, 187, 106),
}


class StageBar(QWidget):
    """GUI thread only. Shows where the time of one frame goes, with a legend underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stages: dict[str, float] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(260, 18 + 8 + 2 * (line + 2))

    def set_stages(self, stages: dict[str, float]) -> None:
        self._stages = dict(stages)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = sum(self._stages.values())
        bar = QRectF(0, 0, self.width(), 18)
        painter.fillRect(bar, self.palette().mid())
        x = 0.0
        if total > 0:
            for name, millis in self._stages.items():
                width = self.width() * millis / total
                painter.fillRect(QRectF(x, 0, width, 18), STAGE_COLORS.get(name, QColor("gray")))
                x += width
        line = self.fontMetrics().height() + 2
        column_width = self.width() / 3
        painter.setPen(self.palette().text().color())
        for index, name in enumerate(STAGE_COLORS):
            col, row = index % 3, index // 3
            left, top = col * column_width, 26 + row * line
            painter.fillRect(QRectF(left, top + 3, 10, 10), STAGE_COLORS[name])
            value = self._stages.get(name)
            text = f"{name} {value:.1f}" if value is not None else name
            painter.drawText(
                QRectF(left + 14, top, column_width - 14, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.end()
