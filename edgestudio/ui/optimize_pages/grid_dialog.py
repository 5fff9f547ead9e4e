"""GridDialog: the benchmark grid (``edgestudio bench grid``) of the wizard's model, run in a
child process (``edgestudio.benchmarks.grid:child_main``): one table row per runtime x
precision x input size as each is measured, with the reason for those that cannot run, and
a plot of latency against input size. Opened from the Results page's "Grid…" button.

GUI thread only.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from edgestudio.core.errors import ErrorInfo
from edgestudio.ui.i18n import error_text, error_title, format_number
from edgestudio.ui.optimize_pages.state import WizardState, home_argument
from edgestudio.ui.widgets.optimize_plots import LatencySizePlot
from edgestudio.workers.process_job import ProcessJob

GRID_TARGET = "edgestudio.benchmarks.grid:child_main"
DEFAULT_SIZES = "320,416,512,640"
DEFAULT_FRAMES = 30


class GridDialog(QDialog):
    """GUI thread only. ``rows`` holds the GridRow dicts received so far."""

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[dict[str, Any]] = []
        self.job: ProcessJob | None = None
        self.setWindowTitle(self.tr("Benchmark grid"))
        intro = QLabel(
            self.tr(
                "Every detection runtime at each precision it has and each input size, timed "
                "alternately with ONNX Runtime FP32 at the model's own size (the reference) and "
                "compared with its detections. INT8 and ncnn forms appear once the optimizer has "
                "built them."
            )
        )
        intro.setWordWrap(True)
        self.sizes = QLineEdit(DEFAULT_SIZES)
        self.sizes.setToolTip(self.tr("Square input sizes in pixels, separated by commas"))
        self.frames = QSpinBox()
        self.frames.setRange(2, 1000)
        self.frames.setValue(DEFAULT_FRAMES)
        self.frames.setToolTip(self.tr("Timed detections per row"))
        self.backends = QLineEdit("")
        self.backends.setPlaceholderText(self.tr("every detection runtime"))
        self.backends.setToolTip(self.tr("Runtime ids separated by commas, e.g. onnxruntime,openvino"))
        self.run_button = QPushButton(self.tr("Run"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        options = QFormLayout()
        options.addRow(self.tr("Input sizes"), self.sizes)
        options.addRow(self.tr("Runtimes"), self.backends)
        options.addRow(self.tr("Detections timed per row"), self.frames)
        headers = [
            self.tr("Form"),
            self.tr("Precision"),
            self.tr("Size"),
            self.tr("p50"),
            self.tr("p95"),
            self.tr("fps"),
            self.tr("Load"),
            self.tr("mAP@0.5"),
            self.tr("Speed-up"),
            self.tr("Note"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.plot = LatencySizePlot()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(options)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.plot, 2)
        layout.addLayout(buttons)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.finished.connect(self.cancel)
        self.resize(980, 680)

    def grid_args(self) -> list[str]:
        """The child's arguments: the wizard's model, the sizes and frames chosen here."""
        sizes = [int(part) for part in self.sizes.text().replace(" ", "").split(",") if part.isdigit()]
        backends = [part.strip() for part in self.backends.text().split(",") if part.strip()]
        options = {"sizes": sizes, "frames": self.frames.value(), "backends": backends}
        return [
            "--task",
            self.state.task,
            "--model",
            self.state.model_id,
            *home_argument(self.state.ctx.paths),
            "--options",
            json.dumps(options),
        ]

    def start(self) -> None:
        """Run the grid in a new child process (the previous one, if any, is stopped)."""
        self.cancel()
        self.rows = []
        self.table.setRowCount(0)
        self.plot.set_rows([])
        self.status.setText(self.tr("Starting the benchmark grid…"))
        job = ProcessJob(GRID_TARGET, self.grid_args(), self, label="benchmark grid")
        job.message.connect(self._on_event)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self.job = job
        self._set_running(True)
        job.start()

    def cancel(self, *_args: object) -> None:
        """Stop the child now (closing the dialog does too)."""
        if self.job is None:
            return
        job, self.job = self.job, None
        job.cancel()
        self._set_running(False)
        self.status.setText(self.tr("Stopped."))

    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "stage":
            self.status.setText(str(event.get("text", "")))
        elif kind == "row" and isinstance(event.get("row"), dict):
            self.add_row(event["row"])

    def _on_finished(self, event: dict[str, Any]) -> None:
        self.job = None
        self._set_running(False)
        report = event.get("report", {})
        measured = sum(1 for r in self.rows if r.get("status") == "measured")
        self.status.setText(
            self.tr("Done in {0} s: {1} of {2} rows measured.").format(
                round(float(report.get("seconds", 0.0))), measured, len(self.rows)
            )
        )

    def _on_failed(self, error: ErrorInfo) -> None:
        self.job = None
        self._set_running(False)
        self.status.setText(f"{error_title(error)}: {error_text(error)}")

    def add_row(self, row: dict[str, Any]) -> None:
        """Append one GridRow dict to the table and the plot."""
        self.rows.append(row)
        measured = row.get("status") == "measured"

        def number(key: str, digits: int, unit: str = "") -> str:
            value = row.get(key)
            if not measured or value is None:
                return ""
            return (
                unit.format(format_number(float(value), digits))
                if unit
                else format_number(float(value), digits)
            )

        states = {
            "failed": self.tr("cannot run"),
            "not-built": self.tr("not built"),
            "unavailable": self.tr("unavailable"),
        }
        note = (
            str(row.get("note", ""))
            if measured
            else f"{states.get(str(row.get('status')), row.get('status'))}: {row.get('reason', '')}"
        )
        if row.get("reference"):
            note = self.tr("the reference")
        cells = [
            str(row.get("candidate", "")),
            str(row.get("precision", "")),
            str(row.get("size", "")),
            number("latency_p50_ms", 1, self.tr("{0} ms")),
            number("latency_p95_ms", 1, self.tr("{0} ms")),
            number("fps", 1),
            number("load_ms", 0, self.tr("{0} ms")),
            number("map50", 3),
            f"{number('speedup', 2)}×" if measured and row.get("speedup") is not None else "",
            note,
        ]
        index = self.table.rowCount()
        self.table.insertRow(index)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if column == len(cells) - 1 and row.get("status") == "failed":
                item.setForeground(Qt.GlobalColor.red)
            self.table.setItem(index, column, item)
        self.plot.set_rows(self.rows)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
