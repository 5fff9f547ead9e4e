"""VideoView: paints the newest frame scaled to fit, or a message when there is none."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class VideoView(QWidget):
    """GUI thread only. ``show_frame`` keeps a reference to the array the QImage wraps.

    The view is a dark "screen" in both themes (video reads best on black), so its message
    and HUD colours are fixed light-on-dark rather than taken from the palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._image: QImage | None = None
        self._array: np.ndarray | None = None
        self._message = self.tr("Choose a source and press Start.")
        self._message_is_error = False
        self._hud = ""
        self.frames_shown = 0

    def sizeHint(self) -> QSize:
        return QSize(960, 600)

    def show_frame(self, bgr: np.ndarray) -> None:
        array = np.ascontiguousarray(bgr)
        height, width = array.shape[:2]
        self._array = array
        self._image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_BGR888)
        self._message = ""
        self.frames_shown += 1
        self.update()

    def show_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` over the last frame (dimmed), or alone when there is none."""
        self._message = text
        self._message_is_error = error
        self.update()

    def set_hud(self, text: str) -> None:
        """Lines drawn in a translucent box over the bottom-left corner of the frame."""
        self._hud = text
        self.update()

    def clear(self, text: str = "") -> None:
        self._image = None
        self._array = None
        self.show_message(text or self.tr("Choose a source and press Start."))

    def current_frame(self) -> np.ndarray | None:
        return self._array

    def image_rect(self) -> QRectF:
        """Where the frame is drawn, in widget coordinates."""
        if self._image is None:
            return QRectF()
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        w, h = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(24, 26, 30))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self._image)
            if self._hud and not self._message:
                self._paint_hud(painter)
        if self._message:
            if self._image is not None:
                painter.fillRect(self.rect(), QColor(0, 0, 0, 150))
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.setPen(QColor(255, 140, 120) if self._message_is_error else QColor(220, 220, 220))
            margin = self.rect().adjusted(40, 40, -40, -40)
            painter.drawText(margin, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
        painter.end()

    def _paint_hud(self, painter: QPainter) -> None:
        metrics = painter.fontMetrics()
        lines = self._hud.splitlines()
        width = max(metrics.horizontalAdvance(line) for line in lines) + 16
        height = metrics.height() * len(lines) + 10
        origin = self.image_rect().bottomLeft()
        box = QRectF(origin.x() + 8, origin.y() - height - 8, width, height)
        painter.fillRect(box, QColor(0, 0, 0, 160))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box.adjusted(8, 5, -8, -5), Qt.AlignmentFlag.AlignLeft, self._hud)
