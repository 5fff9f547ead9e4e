"""The optimizer's two plots, painted with QPainter in the theme's accent colours:
``SpeedAccuracyPlot`` (speed-up against the headline accuracy metric, one point per measured
candidate) and ``LatencyBars`` (latency p50 with a p95 whisker per measured candidate).

GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from edgestudio.optimize.report import headline_metric
from edgestudio.optimize.types import CandidateResult
from edgestudio.ui.theme import accent_colors, is_dark

MARGIN = 8
# accuracy metrics as people read them (the optimizer's gate metric keys)
METRIC_NAMES = {
    "map50": "mAP@0.5",
    "f1": "F1",
    "wer": "WER",
    "perplexity": "PPL",
    "recall": "recall",
    "tar": "TAR",
}


def measured(results: list[CandidateResult]) -> list[CandidateResult]:
    """The candidates that were timed (they passed the gate), in report order."""
    return [r for r in results if r.speed is not None]


def short_name(result: CandidateResult) -> str:
    """A compact label for a plot: precision and runtime ("int8 openvino")."""
    return f"{result.candidate.precision} {result.candidate.backend}"


class _Plot(QWidget):
    """What both plots share: the results, the pick, colours and an empty-state message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: list[CandidateResult] = []
        self.pick = ""
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    def set_results(self, results: list[CandidateResult], pick: str) -> None:
        self.results = list(results)
        self.pick = pick
        self.update()

    def colours(self) -> dict[str, QColor]:
        accents = accent_colors(is_dark())
        palette = self.palette()
        return {
            "text": palette.color(QPalette.ColorRole.WindowText),
            "grid": palette.color(QPalette.ColorRole.Mid),
            "base": palette.color(QPalette.ColorRole.Base),
            "original": accents["capture"],
            "passed": accents["genuine"],
            "pick": accents["inference"],
            "whisker": accents["threshold"],
        }

    def colour_of(self, result: CandidateResult, colours: dict[str, QColor]) -> QColor:
        if result.candidate.id == self.pick:
            return colours["pick"]
        return colours["original"] if result.candidate.baseline else colours["passed"]

    def paint_empty(self, painter: QPainter, text: str, colours: dict[str, QColor]) -> None:
        painter.setPen(colours["text"])
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


class SpeedAccuracyPlot(_Plot):
    """Speed-up (x) against accuracy (y) of every measured candidate; the pick highlighted."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = self.colours()
        painter.fillRect(self.rect(), colours["base"])
        points = [(r, headline_metric(r)) for r in measured(self.results)]
        points = [(r, m) for r, m in points if m is not None and r.speed is not None]
        if not points:
            self.paint_empty(painter, self.tr("No candidate was measured."), colours)
            return
        metric_name = points[0][1][0] if points[0][1] else ""
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        plot = QRectF(self.rect()).adjusted(
            MARGIN + metrics.horizontalAdvance("0.000") + 6, MARGIN + line, -MARGIN - 12, -MARGIN - 2 * line
        )
        speeds = [r.speed.speedup for r, _ in points if r.speed is not None]
        values = [m[1] for _, m in points if m is not None]
        x_low, x_high = min([*speeds, 1.0]) * 0.9, max([*speeds, 1.0]) * 1.1
        y_low, y_high = min(values), max(values)
        pad = max((y_high - y_low) * 0.15, 0.01)
        y_low, y_high = y_low - pad, y_high + pad

        def at(speed: float, value: float) -> QPointF:
            x = plot.left() + (speed - x_low) / (x_high - x_low) * plot.width()
            y = plot.bottom() - (value - y_low) / (y_high - y_low) * plot.height()
            return QPointF(x, y)

        painter.setPen(QPen(colours["grid"], 1))
        painter.drawRect(plot)
        one = at(1.0, y_low).x()
        painter.setPen(QPen(colours["grid"], 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(one, plot.top()), QPointF(one, plot.bottom()))
        painter.setPen(colours["text"])
        for value in (y_low + pad, y_high - pad):
            point = at(x_low, value)
            painter.drawText(
                QRectF(MARGIN, point.y() - line / 2, plot.left() - MARGIN - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:.3f}",
            )
        for speed in sorted({round(x_low / 0.9, 2), 1.0, round(x_high / 1.1, 2)}):
            x = at(speed, y_low).x()
            painter.drawText(
                QRectF(x - 30, plot.bottom() + 2, 60, line), Qt.AlignmentFlag.AlignCenter, f"{speed:.2f}×"
            )
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + line, plot.width(), line),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("speed-up against the original"),
        )
        painter.drawText(
            QRectF(MARGIN, MARGIN - 2, self.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            METRIC_NAMES.get(metric_name, metric_name),
        )
        labels: list[QRectF] = []
        for result, metric in sorted(points, key=lambda p: -(p[1][1] if p[1] else 0.0)):
            if result.speed is None or metric is None:
                continue
            point = at(result.speed.speedup, metric[1])
            colour = self.colour_of(result, colours)
            painter.setPen(QPen(colours["text"], 1))
            painter.setBrush(colour)
            radius = 6 if result.candidate.id == self.pick else 4.5
            painter.drawEllipse(point, radius, radius)
            label = short_name(result)
            width = metrics.horizontalAdvance(label)
            left = point.x() + 8 if point.x() + 8 + width < plot.right() else point.x() - 8 - width
            box = QRectF(left, point.y() - 6 - metrics.ascent(), width, line)
            while any(box.intersects(taken) for taken in labels) and box.bottom() + line < self.height():
                box.translate(0, line)  # points close together: stack their labels downwards
            labels.append(box)
            painter.setPen(colours["text"])
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)


class LatencyBars(_Plot):
    """Latency p50 per measured candidate as horizontal bars, with p95 as a whisker."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = self.colours()
        painter.fillRect(self.rect(), colours["base"])
        rows = [r for r in measured(self.results) if r.speed is not None]
        if not rows:
            self.paint_empty(painter, self.tr("No candidate was measured."), colours)
            return
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        names = [short_name(r) for r in rows]
        label_width = max(metrics.horizontalAdvance(n) for n in names) + 8
        value_width = metrics.horizontalAdvance("000.0 ms") + 8
        left = MARGIN + label_width
        right = self.width() - MARGIN - value_width
        top = MARGIN + line
        painter.setPen(colours["text"])
        painter.drawText(
            QRectF(MARGIN, MARGIN - 2, self.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            self.tr("latency p50 (bar) and p95 (line), ms"),
        )
        slot = max(min((self.height() - top - MARGIN) / len(rows), 2.2 * line), line)
        longest = (
            max(max(r.speed.latency_p95_ms, r.speed.latency_p50_ms) for r in rows if r.speed is not None)
            or 1.0
        )
        scale = (right - left) / longest
        for index, (result, name) in enumerate(zip(rows, names, strict=True)):
            speed = result.speed
            if speed is None:
                continue
            y = top + index * slot
            bar = QRectF(left, y + slot * 0.2, max(speed.latency_p50_ms * scale, 1.0), slot * 0.6)
            painter.setPen(colours["text"])
            painter.drawText(
                QRectF(MARGIN, y, label_width - 6, slot),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colour_of(result, colours))
            painter.drawRect(bar)
            whisker_x = left + speed.latency_p95_ms * scale
            painter.setPen(QPen(colours["whisker"], 2))
            painter.drawLine(QPointF(bar.right(), bar.center().y()), QPointF(whisker_x, bar.center().y()))
            painter.drawLine(QPointF(whisker_x, bar.top()), QPointF(whisker_x, bar.bottom()))
            painter.setPen(colours["text"])
            painter.drawText(
                QRectF(whisker_x + 6, y, value_width, slot),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{speed.latency_p50_ms:.1f} ms",
            )
