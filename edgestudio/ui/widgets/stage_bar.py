"""StageBar: a stacked bar of per-stage milliseconds (capture, pre, infer, post, draw)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from edgestudio.ui.i18n import QT_TRANSLATE_NOOP, format_number
from edgestudio.ui.theme import accent_colors, is_dark

# Stage key -> (accent colour name in theme.accent_colors, label shown in the legend).
STAGES = {
    "capture": ("capture", QT_TRANSLATE_NOOP("StageBar", "capture")),
    "pre": ("preprocess", QT_TRANSLATE_NOOP("StageBar", "pre")),
    "infer": ("inference", QT_TRANSLATE_NOOP("StageBar", "infer")),
    "post": ("postprocess", QT_TRANSLATE_NOOP("StageBar", "post")),
    "draw": ("draw", QT_TRANSLATE_NOOP("StageBar", "draw")),
}


def stage_colors(dark: bool) -> dict[str, QColor]:
    """The colour of each stage on a light or a dark background."""
    accents = accent_colors(dark)
    return {name: accents[accent] for name, (accent, _label) in STAGES.items()}


class StageBar(QWidget):
    """GUI thread only. Shows where the time of one frame goes, with a legend underneath; the
    colours come from the theme (``accent_colors``) so they read on light and dark palettes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stages: dict[str, float] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())
        self.setToolTip(
            self.tr(
                "Milliseconds each stage spent on the last frame. Capture and pre-processing run "
                "on the capture thread while the previous frame is inferred, and drawing on the "
                "screen's thread, so the frame rate follows inference and post-processing."
            )
        )

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(260, 18 + 8 + 2 * (line + 2))

    def set_stages(self, stages: dict[str, float]) -> None:
        self._stages = dict(stages)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = stage_colors(is_dark())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = sum(self._stages.values())
        bar = QRectF(0, 0, self.width(), 18)
        painter.fillRect(bar, self.palette().mid())
        x = 0.0
        if total > 0:
            for name, millis in self._stages.items():
                width = self.width() * millis / total
                painter.fillRect(QRectF(x, 0, width, 18), colors.get(name, QColor("gray")))
                x += width
        line = self.fontMetrics().height() + 2
        column_width = self.width() / 3
        painter.setPen(self.palette().text().color())
        for index, (name, (_accent, label)) in enumerate(STAGES.items()):
            col, row = index % 3, index // 3
            left, top = col * column_width, 26 + row * line
            painter.fillRect(QRectF(left, top + 3, 10, 10), colors[name])
            value = self._stages.get(name)
            shown = QCoreApplication.translate("StageBar", label)
            text = f"{shown} {format_number(value)}" if value is not None else shown
            painter.drawText(
                QRectF(left + 14, top, column_width - 14, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.end()
