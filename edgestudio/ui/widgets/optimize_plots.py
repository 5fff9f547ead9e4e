"""The optimizer's two plots, painted with QPainter in the theme's accent colours:
``SpeedAccuracyPlot`` (speed-up against the headline accuracy metric, one point per measured
candidate) and ``LatencyBars`` (latency p50 with a p95 whisker per measured candidate), and for the
benchmark grid ``LatencySizePlot`` (latency p50 against input size, one line per form).

GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from edgestudio.optimize.report import headline_metric
from edgestudio.optimize.types import CandidateResult
from edgestudio.ui.i18n import format_number
from edgestudio.ui.theme import accent_colors, is_dark
from edgestudio.ui.widgets.label_layout import group_points, leader_needed, place_labels

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
    """Speed-up (x) against accuracy (y) of every measured candidate; the pick highlighted.

    Labels never overlap (``label_layout``): candidates at the same spot share one label of
    several lines, and when some label finds no free place the points are numbered and the
    names listed in a legend on the right. ``label_boxes`` and ``legend`` keep what the last
    paint drew, for tests.
    """

    RADIUS = 6.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label_boxes: list[QRectF] = []
        self.legend: list[str] = []

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = self.colours()
        painter.fillRect(self.rect(), colours["base"])
        self.label_boxes, self.legend = [], []
        points = [(r, headline_metric(r)) for r in measured(self.results)]
        ranked = [(r, m[1]) for r, m in points if m is not None and r.speed is not None]
        if not ranked:
            self.paint_empty(painter, self.tr("No candidate was measured."), colours)
            return
        ranked.sort(key=lambda p: -p[1])
        metric = next(m for _, m in points if m is not None)
        metrics = QFontMetrics(self.font())
        frame = QRectF(self.rect()).adjusted(
            MARGIN + metrics.horizontalAdvance("0.000") + 6,
            MARGIN + metrics.height(),
            -MARGIN - 12,
            -MARGIN - 2 * metrics.height(),
        )
        if not self._paint_with_labels(painter, colours, ranked, metric[0], frame, legend_width=0.0):
            names = [short_name(r) for r, _ in ranked]
            widest = max(metrics.horizontalAdvance(f"{len(names)}  {n}") for n in names) + 2 * MARGIN
            width = min(widest, self.width() * 0.4)
            painter.fillRect(self.rect(), colours["base"])
            self._paint_with_labels(painter, colours, ranked, metric[0], frame, legend_width=width)

    def _paint_with_labels(
        self,
        painter: QPainter,
        colours: dict[str, QColor],
        ranked: list[tuple[CandidateResult, float]],
        metric_name: str,
        frame: QRectF,
        legend_width: float,
    ) -> bool:
        """Axes, points and labels; with ``legend_width`` the names go to a numbered legend.
        False (nothing drawn) when a label has no free place and there is no legend yet."""
        metrics = QFontMetrics(self.font())
        line = float(metrics.height())
        plot = frame.adjusted(0, 0, -legend_width, 0)
        speeds = [r.speed.speedup for r, _ in ranked if r.speed is not None]
        values = [v for _, v in ranked]
        x_low, x_high = min([*speeds, 1.0]) * 0.9, max([*speeds, 1.0]) * 1.1
        pad = max((max(values) - min(values)) * 0.15, 0.01)
        y_low, y_high = min(values) - pad, max(values) + pad

        def at(speed: float, value: float) -> QPointF:
            x = plot.left() + (speed - x_low) / (x_high - x_low) * plot.width()
            y = plot.bottom() - (value - y_low) / (y_high - y_low) * plot.height()
            return QPointF(x, y)

        anchors = [at(r.speed.speedup if r.speed else 1.0, v) for r, v in ranked]
        groups = group_points(anchors, self.RADIUS)
        if legend_width:
            texts = [str(number) for number in range(1, len(groups) + 1)]
        else:
            texts = ["\n".join(short_name(ranked[i][0]) for i in g.members) for g in groups]
        sizes = [
            QSizeF(max(metrics.horizontalAdvance(t) for t in text.split("\n")), line * (text.count("\n") + 1))
            for text in texts
        ]
        boxes = place_labels([g.extent for g in groups], sizes, plot, anchors, self.RADIUS, line / 2)
        if boxes is None and not legend_width:
            return False
        self._paint_axes(painter, colours, plot, at, (x_low, x_high, y_low, y_high, pad), metric_name)
        for (result, _), point in zip(ranked, anchors, strict=True):
            painter.setPen(QPen(colours["text"], 1))
            painter.setBrush(self.colour_of(result, colours))
            radius = self.RADIUS if result.candidate.id == self.pick else self.RADIUS - 1.5
            painter.drawEllipse(point, radius, radius)
        for group, text, box in zip(groups, texts, boxes or [], strict=False):
            if leader_needed(group.extent, box):
                painter.setPen(QPen(colours["grid"], 1))
                centre = group.extent.center()
                nearest = QPointF(box.left() if box.left() > centre.x() else box.right(), box.center().y())
                painter.drawLine(centre, nearest)
            painter.setPen(colours["text"])
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        self.label_boxes = list(boxes or [])
        if legend_width:
            self._paint_legend(
                painter, colours, plot, [[short_name(ranked[i][0]) for i in g.members] for g in groups]
            )
        return True

    def _paint_axes(
        self,
        painter: QPainter,
        colours: dict[str, QColor],
        plot: QRectF,
        at: Callable[[float, float], QPointF],
        span: tuple[float, float, float, float, float],
        metric_name: str,
    ) -> None:
        x_low, x_high, y_low, y_high, pad = span
        line = QFontMetrics(self.font()).height()
        painter.setPen(QPen(colours["grid"], 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
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
        title = self.tr("speed-up against the original")
        title_room = plot.right() - MARGIN
        painter.drawText(
            QRectF(MARGIN, plot.bottom() + line, title_room, line),
            Qt.AlignmentFlag.AlignCenter,
            QFontMetrics(self.font()).elidedText(title, Qt.TextElideMode.ElideRight, int(title_room)),
        )
        painter.drawText(
            QRectF(MARGIN, MARGIN - 2, self.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            METRIC_NAMES.get(metric_name, metric_name),
        )

    def _paint_legend(
        self, painter: QPainter, colours: dict[str, QColor], plot: QRectF, groups: list[list[str]]
    ) -> None:
        """The numbered names beside the plot, one line per candidate, in a smaller font
        where that is what it takes for all of them to fit the widget's height."""
        lines = [f"{number}  {name}" for number, names in enumerate(groups, start=1) for name in names]
        font = QFont(self.font())
        room_y = self.height() - 2 * MARGIN
        while QFontMetrics(font).height() * len(lines) > room_y and font.pointSizeF() > 6:
            font.setPointSizeF(font.pointSizeF() - 0.5)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(colours["text"])
        room_x = self.width() - plot.right() - MARGIN
        y = float(MARGIN)
        for text in lines:
            painter.drawText(
                QRectF(plot.right() + MARGIN, y, room_x, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room_x)),
            )
            y += metrics.height()
        painter.setFont(self.font())
        self.legend = lines


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
        value_width = metrics.horizontalAdvance(self.tr("{0} ms").format(format_number(888.8, 1))) + 8
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
                self.tr("{0} ms").format(format_number(speed.latency_p50_ms, 1)),
            )


class LatencySizePlot(QWidget):
    """Latency p50 (ms) against input size for every measured form of a benchmark grid, one
    line per form (``bench grid``'s rows as dicts); the reference drawn as a larger dot."""

    SERIES = ("capture", "inference", "genuine", "postprocess", "draw", "impostor", "preprocess")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, object]] = []
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def set_rows(self, rows: list[dict[str, object]]) -> None:
        """Show ``rows`` (GridRow dicts); rows that were not measured are left out."""
        self.rows = [r for r in rows if r.get("status") == "measured" and r.get("latency_p50_ms")]
        self.update()

    def series(self) -> dict[str, list[tuple[int, float]]]:
        """Form id -> (size, p50 ms) points in size order."""
        lines: dict[str, list[tuple[int, float]]] = {}
        for row in self.rows:
            lines.setdefault(str(row["candidate"]), []).append(
                (int(row["size"]), float(row["latency_p50_ms"]))  # type: ignore[call-overload, arg-type]
            )
        return {name: sorted(points) for name, points in lines.items()}

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accents = accent_colors(is_dark())
        palette = self.palette()
        text, grid = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Mid)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        lines = self.series()
        if not lines:
            painter.setPen(text)
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr("No form was measured yet."),
            )
            return
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        legend_width = max(metrics.horizontalAdvance(name) for name in lines) + 24
        plot = QRectF(self.rect()).adjusted(
            MARGIN + metrics.horizontalAdvance("0000") + 6,
            MARGIN + line,
            -MARGIN - legend_width,
            -MARGIN - 2 * line,
        )
        sizes = sorted({size for points in lines.values() for size, _ in points})
        longest = max(ms for points in lines.values() for _, ms in points) * 1.1
        low, high = sizes[0], sizes[-1] if sizes[-1] > sizes[0] else sizes[0] + 1

        def at(size: int, ms: float) -> QPointF:
            x = plot.left() + (size - low) / (high - low) * plot.width()
            return QPointF(x, plot.bottom() - ms / longest * plot.height())

        painter.setPen(QPen(grid, 1))
        painter.drawRect(plot)
        painter.setPen(text)
        painter.drawText(
            QRectF(MARGIN, MARGIN - 2, self.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            self.tr("latency p50, ms, against input size"),
        )
        for value in (0.0, longest / 2, longest):
            y = at(low, value).y()
            painter.drawText(
                QRectF(MARGIN, y - line / 2, plot.left() - MARGIN - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:.0f}",
            )
        for size in sizes:
            x = at(size, 0).x()
            painter.drawText(
                QRectF(x - 30, plot.bottom() + 2, 60, line), Qt.AlignmentFlag.AlignCenter, str(size)
            )
        for index, (name, points) in enumerate(lines.items()):
            colour = accents[self.SERIES[index % len(self.SERIES)]]
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            for (size_a, ms_a), (size_b, ms_b) in pairwise(points):
                painter.drawLine(at(size_a, ms_a), at(size_b, ms_b))
            for size, ms in points:
                painter.drawEllipse(at(size, ms), 3.5, 3.5)
            y = plot.top() + index * line
            painter.drawLine(
                QPointF(plot.right() + 8, y + line / 2), QPointF(plot.right() + 20, y + line / 2)
            )
            painter.setPen(text)
            painter.drawText(
                QRectF(plot.right() + 22, y, legend_width, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
