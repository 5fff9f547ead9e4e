"""ResultsPage: every candidate's numbers (accuracy and verdict, latency, speed-up, memory),
the recommendation with its reason, the two plots, the HTML report, and the benchmark grid
of the model ("Grid…", detection)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from edgestudio.core.errors import EdgeStudioError
from edgestudio.optimize.report import write_report
from edgestudio.optimize.types import CandidateResult
from edgestudio.ui.i18n import format_number, tr_message
from edgestudio.ui.optimize_pages.grid_dialog import GridDialog
from edgestudio.ui.optimize_pages.state import WizardState
from edgestudio.ui.widgets.optimize_plots import METRIC_NAMES, LatencyBars, SpeedAccuracyPlot

ID_ROLE = Qt.ItemDataRole.UserRole


def metrics_text(result: CandidateResult) -> str:
    """The two headline metrics of a judged candidate ("mAP@0.5 0.981, F1 0.950"), or "".
    Every metric is in the report and in the verdict's words."""
    if result.gate is None:
        return ""
    shown = [k for k in METRIC_NAMES if isinstance(result.gate.metrics.get(k), int | float)][:2]
    return ", ".join(f"{METRIC_NAMES[k]} {float(result.gate.metrics[k]):.3f}" for k in shown)


class ResultsPage(QWizardPage):
    """GUI thread only. Shows ``state.report``; the selected row is the one offered to deploy."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Results"))
        self.setSubTitle(self.tr("Candidates that failed the accuracy gate cannot be deployed."))
        headers = [
            self.tr("Candidate"),
            self.tr("Precision / input"),
            self.tr("Runtime / device"),
            self.tr("Accuracy"),
            self.tr("p50"),
            self.tr("p95"),
            self.tr("Speed-up"),
            self.tr("Memory"),
            self.tr("Verdict"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 270)  # long labels are elided; the tooltip has them whole
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)  # one line per candidate; the full text is in the tooltip
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.recommendation = QLabel("")
        self.recommendation.setWordWrap(True)
        self.recommendation.setTextFormat(Qt.TextFormat.PlainText)
        self.recommendation.setFrameShape(QLabel.Shape.StyledPanel)
        self.recommendation.setMargin(6)
        self.scatter = SpeedAccuracyPlot()
        self.bars = LatencyBars()
        self.report_button = QPushButton(self.tr("Open report"))
        self.report_button.setToolTip(self.tr("Write the report (HTML and JSON) and open it in the browser"))
        self.grid_button = QPushButton(self.tr("Grid…"))
        self.grid_button.setToolTip(
            self.tr("Measure every runtime and precision at several input sizes (detection models)")
        )
        self.grid_dialog: GridDialog | None = None
        self.report_label = QLabel("")
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        plots = QHBoxLayout()
        plots.addWidget(self.scatter, 1)
        plots.addWidget(self.bars, 1)
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_label, 1)
        report_row.addWidget(self.grid_button)
        report_row.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.details)
        layout.addWidget(self.recommendation)
        layout.addLayout(plots, 2)
        layout.addLayout(report_row)
        self.report_button.clicked.connect(self.open_report)
        self.grid_button.clicked.connect(self.open_grid)
        self.table.itemSelectionChanged.connect(self._show_details)

    def _show_details(self) -> None:
        """The selected candidate's verdict in full (the table cell is cut to one line)."""
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), self.table.columnCount() - 1) if rows else None
        name = self.table.item(rows[0].row(), 0) if rows else None
        self.details.setText(f"{name.text()}: {item.text()}" if item is not None and name is not None else "")

    def initializePage(self) -> None:
        report = self.state.report
        if report is None:
            return
        shown = [r for r in report.results if r.status != "skipped"]
        self.table.setRowCount(len(shown))
        for row, result in enumerate(shown):
            self._fill_row(row, result)
        self.table.resizeRowsToContents()
        pick_row = next((i for i, r in enumerate(shown) if r.candidate.id == report.pick), -1)
        if shown:  # the pick's verdict in full below the table, else the first row's
            self.table.selectRow(max(pick_row, 0))
        picked = next((r.candidate.label for r in report.results if r.candidate.id == report.pick), "")
        label = tr_message(picked)
        if report.pick:
            text = self.tr("Recommended: {0}.\n{1}").format(label, tr_message(report.pick_reason))
        else:
            text = self.tr("No recommendation: {0}").format(tr_message(report.pick_reason))
        self.recommendation.setText(text)
        self.scatter.set_results(report.results, report.pick)
        self.bars.set_results(report.results, report.pick)
        self.report_label.setText("")
        self.grid_button.setEnabled(self.state.task == "detect")

    def open_grid(self) -> GridDialog:
        """Open the benchmark grid of the wizard's model (detection only); Run starts it."""
        if self.grid_dialog is None:
            self.grid_dialog = GridDialog(self.state, self)
        self.grid_dialog.show()
        self.grid_dialog.raise_()
        return self.grid_dialog

    def stop_grid(self) -> None:
        """Stop the grid's child process, if one runs (leaving the page, closing the wizard)."""
        if self.grid_dialog is not None:
            self.grid_dialog.cancel()

    def cleanupPage(self) -> None:
        self.stop_grid()

    def _fill_row(self, row: int, result: CandidateResult) -> None:
        candidate, speed = result.candidate, result.speed
        verdict = {
            "passed": self.tr("passed"),
            "failed-gate": self.tr("failed"),
            "failed-build": self.tr("not built"),
            "unavailable": self.tr("unavailable"),
            "cancelled": self.tr("cancelled"),
        }.get(result.status, result.status)
        reason = tr_message(result.gate.reason if result.gate is not None else result.message)
        if candidate.baseline:
            reason = self.tr("the original: the reference")
        elif result.gate is not None and result.gate.evidence:
            reason += " " + tr_message(result.gate.evidence)  # how many objects, the interval
        repair = self.repair_text(result)
        if repair:
            reason += " " + repair
        memory = (
            speed.peak_memory_mb
            if speed is not None
            else float(result.settings.get("peak_memory_mb", 0) or 0)
        )
        cells = [
            tr_message(candidate.label),
            f"{candidate.precision}, {candidate.input_size}×{candidate.input_size}"
            if candidate.input_size
            else candidate.precision,
            f"{candidate.backend} / {candidate.device}",
            metrics_text(result),
            self.tr("{0} ms").format(format_number(speed.latency_p50_ms, 1)) if speed else "",
            self.tr("{0} ms").format(format_number(speed.latency_p95_ms, 1)) if speed else "",
            f"{format_number(speed.speedup, 2)}×" if speed else "",
            self.tr("{0} MB").format(format_number(memory, 0)) if memory else "",
            reason if reason.lower().startswith(verdict) else f"{verdict}: {reason}" if reason else verdict,
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, candidate.id)
            item.setToolTip(text)
            if column == len(cells) - 1 and result.status in ("failed-gate", "failed-build"):
                item.setForeground(Qt.GlobalColor.red)
            self.table.setItem(row, column, item)

    def repair_text(self, result: CandidateResult) -> str:
        """Which layers a quantized form kept in float and, for a repair, what that cost in
        speed against the form it repairs (timed in the same run); "" when neither applies."""
        parts = []
        if result.float_layers:
            names = ", ".join(result.float_layers[:6]) + (", …" if len(result.float_layers) > 6 else "")
            parts.append(self.tr("{0} layers kept in float: {1}.").format(len(result.float_layers), names))
        report = self.state.report
        repaired = next(
            (r for r in (report.results if report else []) if r.candidate.id == result.repairs), None
        )
        if repaired is not None:
            if result.speed is not None and repaired.speed is not None:
                parts.append(
                    self.tr("It repairs {0}, which failed the gate: {1}× against its {2}×.").format(
                        tr_message(repaired.candidate.label),
                        format_number(result.speed.speedup, 2),
                        format_number(repaired.speed.speedup, 2),
                    )
                )
            else:
                parts.append(
                    self.tr("It repairs {0}, which failed the gate.").format(
                        tr_message(repaired.candidate.label)
                    )
                )
        return " ".join(parts)

    def selected_id(self) -> str:
        """The candidate id of the selected row ("" when none)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return ""
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(ID_ROLE)) if item is not None else ""

    def validatePage(self) -> bool:
        self.state.selected = self.selected_id()
        return True

    def save_report(self) -> Path:
        """Write report.html and report.json; the HTML's path."""
        if self.state.report is None:
            raise EdgeStudioError("There is no report yet.")
        _, html = write_report(self.state.report, self.state.report_folder())
        self.state.report_html = html
        self.report_label.setText(self.tr("Report: {0}").format(html))
        return html

    def open_report(self) -> None:
        """Write the report and open it in the default browser."""
        try:
            html = self.save_report()
        except (EdgeStudioError, OSError) as exc:
            self.report_label.setText(self.tr("The report could not be written: {0}").format(exc))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(html))):
            self.report_label.setText(
                self.tr("Report written to {0}; no browser could open it here.").format(html)
            )
