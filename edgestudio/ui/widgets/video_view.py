"""VideoView: paints the newest frame scaled to fit, its boxes and labels, or a message.

Boxes and labels are painted here with Qt rather than burnt into the frame by OpenCV, whose
fonts have no Chinese (a name enrolled as 张伟 came out as "??"): labels arrive translated
and in any script, and stay sharp at any window size.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Overlay:
    """A box in frame pixels (x1, y1, x2, y2), its label (may be empty) and colour (R, G, B)."""

    box: tuple[float, float, float, float]
    label: str
    color: tuple[int, int, int]


def paint_overlays(
    painter: QPainter, overlays: Sequence[Overlay], target: QRectF, scale: float, font: QFont
) -> None:
    """Paint ``overlays`` for a frame drawn at ``target`` with ``scale`` (widget pixels per frame
    pixel): each box, and its label on a tag of the box's colour above it (inside at the top)."""
    painter.setFont(font)
    metrics = painter.fontMetrics()
    line = max(2.0, round(2 * max(1.0, scale)))
    for overlay in overlays:
        x1, y1, x2, y2 = overlay.box
        rect = QRectF(target.x() + x1 * scale, target.y() + y1 * scale, (x2 - x1) * scale, (y2 - y1) * scale)
        color = QColor(*overlay.color)
        painter.setPen(QPen(color, line))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if not overlay.label:
            continue
        width, height = metrics.horizontalAdvance(overlay.label) + 8, metrics.height() + 2
        top = rect.top() - height if rect.top() - height >= target.top() else rect.top()
        tag = QRectF(rect.left() - line / 2, top, width, height)
        painter.fillRect(tag, color)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(QPointF(tag.left() + 4, tag.top() + 1 + metrics.ascent()), overlay.label)


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
        self._overlays: tuple[Overlay, ...] = ()
        self.frames_shown = 0
        self.paint_ms = 0.0  # how long the last frame with its boxes took to paint

    def sizeHint(self) -> QSize:
        return QSize(960, 600)

    def show_frame(self, bgr: np.ndarray, overlays: Sequence[Overlay] = ()) -> None:
        """Show a BGR frame with ``overlays`` (boxes in its pixels) painted over it."""
        array = np.ascontiguousarray(bgr)
        height, width = array.shape[:2]
        self._array = array
        self._image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_BGR888)
        self._overlays = tuple(overlays)
        self._message = ""
        self.frames_shown += 1
        self.update()

    @property
    def overlays(self) -> tuple[Overlay, ...]:
        return self._overlays

    def rendered_image(self) -> QImage | None:
        """The frame on screen at its own resolution with its boxes and labels (for snapshots)."""
        if self._image is None:
            return None
        image = self._image.convertToFormat(QImage.Format.Format_RGB888)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(max(12, round(min(image.width(), image.height()) / 32)))
        paint_overlays(painter, self._overlays, QRectF(0, 0, image.width(), image.height()), 1.0, font)
        painter.end()
        return image

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
        self._overlays = ()
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
        started = time.perf_counter()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(24, 26, 30))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            target = self.image_rect()
            painter.drawImage(target, self._image)
            if self._overlays:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                scale = target.width() / self._image.width()
                font = QFont(self.font())  # labels grow with the picture (a kiosk's full screen)
                font.setPixelSize(max(13, round(target.height() / 45)))
                paint_overlays(painter, self._overlays, target, scale, font)
            self.paint_ms = (time.perf_counter() - started) * 1e3
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
