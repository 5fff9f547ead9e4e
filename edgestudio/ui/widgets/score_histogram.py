"""ScoreHistogram: genuine vs impostor distance distributions, with the threshold marked."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from edgestudio.ui.i18n import format_number
from edgestudio.ui.theme import accent_colors, is_dark

BINS = 40
RANGE = (0.0, 1.2)


class ScoreHistogram(QWidget):
    """GUI thread only. Bars and the threshold line take the theme's accent colours."""

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
        accents = accent_colors(is_dark())
        genuine_color, impostor_color = QColor(accents["genuine"]), QColor(accents["impostor"])
        genuine_color.setAlpha(210)
        impostor_color.setAlpha(210)
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
        for hist, color in zip(hists, (genuine_color, impostor_color), strict=True):
            for i, value in enumerate(hist):
                height = plot.height() * value / top
                painter.fillRect(
                    QRectF(plot.left() + i * width, plot.bottom() - height, width - 1, height), color
                )
        x = plot.left() + plot.width() * (self.threshold - RANGE[0]) / (RANGE[1] - RANGE[0])
        painter.setPen(QPen(accents["threshold"], 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        label = self.tr("threshold {value}").format(value=format_number(self.threshold, 2))
        painter.drawText(QPointF(x + 4, plot.top() + metrics.height()), label)
        painter.setPen(self.palette().text().color())
        for tick in np.linspace(*RANGE, 7):
            tx = plot.left() + plot.width() * (tick - RANGE[0]) / (RANGE[1] - RANGE[0])
            painter.drawText(QPointF(tx - 10, plot.bottom() + metrics.height()), format_number(tick))
        legend_y = self.height() - 6
        same = self.tr("same person ({n} pairs)").format(n=len(self.genuine))
        different = self.tr("different people ({n} pairs)").format(n=len(self.impostor))
        painter.fillRect(QRectF(40, legend_y - 10, 12, 10), genuine_color)
        painter.drawText(QPointF(56, legend_y), same)
        second = max(260.0, 56 + metrics.horizontalAdvance(same) + 24)
        painter.fillRect(QRectF(second, legend_y - 10, 12, 10), impostor_color)
        painter.drawText(QPointF(second + 16, legend_y), different)
        caption = self.tr("distance between templates (lower = more alike)")
        painter.drawText(
            QPointF(
                plot.center().x() - metrics.horizontalAdvance(caption) / 2,
                plot.bottom() + 2 * metrics.height(),
            ),
            caption,
        )
        painter.end()
