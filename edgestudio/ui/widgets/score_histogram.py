"""ScoreHistogram: genuine vs impostor distance distributions, with the threshold marked."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

GENUINE = QColor(46, 125, 50, 170)
IMPOSTOR = QColor(198, 40, 40, 150)
BINS = 40
RANGE = (0.0, 1.2)


class ScoreHistogram(QWidget):
    """GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.genuine = np.zeros(0)
        self.impostor = np.zeros(0)
        self.threshold = 0.5
        self.setMinimumSize(480, 260)

    def sizeHint(self) -> QSize:
        return QSize(640, 320)

    def set_data(self, genuine: np.ndarray, impostor: np.ndarray, threshold: float) -> None:
        self.genuine, self.impostor, self.threshold = genuine, impostor, threshold
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        plot = QRectF(40, 24, self.width() - 56, self.height() - 24 - 3 * metrics.height() - 10)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().text().color())
        painter.drawRect(plot)
        edges = np.linspace(*RANGE, BINS + 1)
        hists = [
            np.histogram(values, edges)[0] / max(1, len(values)) for values in (self.genuine, self.impostor)
        ]
        top = max(0.01, *(float(h.max()) for h in hists if h.size))
        width = plot.width() / BINS
        for hist, color in zip(hists, (GENUINE, IMPOSTOR), strict=True):
            for i, value in enumerate(hist):
                height = plot.height() * value / top
                painter.fillRect(
                    QRectF(plot.left() + i * width, plot.bottom() - height, width - 1, height), color
                )
        x = plot.left() + plot.width() * (self.threshold - RANGE[0]) / (RANGE[1] - RANGE[0])
        painter.setPen(QPen(QColor(25, 118, 210), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.drawText(QPointF(x + 4, plot.top() + metrics.height()), f"threshold {self.threshold:.2f}")
        painter.setPen(self.palette().text().color())
        for tick in np.linspace(*RANGE, 7):
            tx = plot.left() + plot.width() * (tick - RANGE[0]) / (RANGE[1] - RANGE[0])
            painter.drawText(QPointF(tx - 10, plot.bottom() + metrics.height()), f"{tick:.1f}")
        legend_y = self.height() - 6
        painter.fillRect(QRectF(40, legend_y - 10, 12, 10), GENUINE)
        painter.drawText(QPointF(56, legend_y), f"same person ({len(self.genuine)} pairs)")
        painter.fillRect(QRectF(260, legend_y - 10, 12, 10), IMPOSTOR)
        painter.drawText(QPointF(276, legend_y), f"different people ({len(self.impostor)} pairs)")
        caption = "distance between templates (lower = more alike)"
        painter.drawText(
            QPointF(
                plot.center().x() - metrics.horizontalAdvance(caption) / 2,
                plot.bottom() + 2 * metrics.height(),
            ),
            caption,
        )
        painter.end()
