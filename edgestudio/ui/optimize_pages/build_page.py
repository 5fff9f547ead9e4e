"""BuildPage: the optimizer's plan running in a child process, one row per candidate (stage,
progress, what it does now), the whole run's progress, Cancel, and the child's last words
when it fails or crashes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from edgestudio.core.errors import ErrorInfo
from edgestudio.core.messages import from_wire
from edgestudio.optimize.types import CandidateResult, OptimizeReport
from edgestudio.ui.i18n import error_text, error_title, tr_message
from edgestudio.ui.optimize_pages.state import PLAN_TARGET, WizardState
from edgestudio.workers.process_job import ProcessJob

COL_NAME, COL_STAGE, COL_PROGRESS, COL_TEXT = range(4)


class BuildPage(QWizardPage):
    """GUI thread only. Runs the plan when shown; sets ``state.report`` when it finishes."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Build and check"))
        self.setSubTitle(
            self.tr(
                "Each candidate is built, checked against the original on the validation set, and the "
                "ones that pass are timed alternately with it. Nothing enters the model store yet."
            )
        )
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Candidate"), self.tr("Stage"), self.tr("Progress"), self.tr("Now")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_STAGE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_PROGRESS, 120)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.overall = QProgressBar()
        self.overall.setRange(0, 1000)
        self.overall.setFormat("%p%")
        self.now = QLabel("")
        self.now.setWordWrap(True)
        self.now.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("color: #d32f2f; font-weight: 600")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the build now; nothing half-built is kept."))
        self.retry_button = QPushButton(self.tr("Run again"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.overall, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.now)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.job: ProcessJob | None = None
        self._started: list[ProcessJob] = []
        self._rows: dict[str, int] = {}
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button.clicked.connect(self.start)

    # -- QWizardPage -------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:
        self.cancel()

    def isComplete(self) -> bool:
        return self.job is None and self.state.report is not None

    # -- commands ----------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        """The child's process id while the plan runs."""
        return self.job.pid if self.job is not None else None

    def start(self) -> None:
        """Run the plan with the wizard's choices in a new child process."""
        self.cancel()
        self.state.report = None
        self.error.setText("")
        self.overall.setValue(0)
        self._fill_rows()
        self.now.setText(self.tr("Starting the optimizer…"))
        job = ProcessJob(PLAN_TARGET, self.state.plan_args(), self, label="optimizer")
        job.message.connect(self._on_event)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self.job = job
        self._started = [j for j in self._started if j.running] + [job]
        self._set_running(True)
        job.start()

    def cancel(self) -> None:
        """Kill the child and its descendants now (within a second); nothing is kept."""
        for ended in self._started:  # a child that reported its end but has not exited yet
            if ended is not self.job and ended.running:
                ended.cancel()
        if self.job is None:
            return
        job, self.job = self.job, None
        job.cancel()
        self._set_running(False)
        self.now.setText(
            self.tr("Cancelled: nothing was added to the model store. Press Run again to start over.")
        )
        for row in self._rows.values():
            bar = self.table.cellWidget(row, COL_PROGRESS)
            if isinstance(bar, QProgressBar) and bar.maximum() == 0:
                bar.setRange(0, 1)
                bar.setValue(0)

    # -- events from the child (GUI thread) --------------------------------------------------
    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "stage":
            self.overall.setValue(int(float(event.get("fraction", 0.0)) * 1000))
            text = tr_message(from_wire(str(event.get("text", "")), event.get("text_text")))
            self.now.setText(text)
            row = self._rows.get(str(event.get("candidate", "")))
            if row is not None:
                self._set_row(row, self._stage_name(str(event.get("stage", ""))), text, busy=True)
        elif kind == "result":
            result = CandidateResult.from_dict(event["result"])
            row = self._rows.get(result.candidate.id)
            if row is not None:
                self._set_row(row, self._status_name(result.status), tr_message(result.message), busy=False)

    def _on_finished(self, event: dict[str, Any]) -> None:
        self.job = None
        report = OptimizeReport.from_dict(event["report"])
        self.state.report = report
        for result in report.results:
            row = self._rows.get(result.candidate.id)
            if row is not None:
                self._set_row(row, self._status_name(result.status), tr_message(result.message), busy=False)
        self.overall.setValue(1000)
        passed = sum(1 for r in report.results if r.status == "passed" and not r.candidate.baseline)
        self.now.setText(
            self.tr("Done in {0} s: {1} candidates passed the accuracy gate.").format(
                round(report.seconds), passed
            )
        )
        self._set_running(False)
        self.completeChanged.emit()

    def _on_failed(self, error: ErrorInfo) -> None:
        self.job = None
        self._set_running(False)
        self.now.setText("")
        self.error.setText(f"{error_title(error)}: {error_text(error)}")
        for row in self._rows.values():
            bar = self.table.cellWidget(row, COL_PROGRESS)
            if isinstance(bar, QProgressBar) and bar.maximum() == 0:
                bar.setRange(0, 1)
                bar.setValue(0)
        self.completeChanged.emit()

    # -- rows --------------------------------------------------------------------------------
    def _fill_rows(self) -> None:
        chosen = set(self.state.chosen)
        shown = [c for c in self.state.candidates if c.baseline or c.id in chosen]
        self.table.setRowCount(len(shown))
        self._rows = {}
        for row, candidate in enumerate(shown):
            self._rows[candidate.id] = row
            self.table.setItem(row, COL_NAME, QTableWidgetItem(tr_message(candidate.label)))
            self.table.setItem(row, COL_STAGE, QTableWidgetItem(self.tr("waiting")))
            self.table.setItem(row, COL_TEXT, QTableWidgetItem(""))
            bar = QProgressBar()
            bar.setRange(0, 1)
            bar.setValue(0)
            bar.setTextVisible(False)
            self.table.setCellWidget(row, COL_PROGRESS, bar)

    def _set_row(self, row: int, stage: str, text: str, busy: bool) -> None:
        stage_item, text_item = self.table.item(row, COL_STAGE), self.table.item(row, COL_TEXT)
        if stage_item is not None:
            stage_item.setText(stage)
        if text_item is not None:
            text_item.setText(text)
            text_item.setToolTip(text)
        bar = self.table.cellWidget(row, COL_PROGRESS)
        if isinstance(bar, QProgressBar):
            if busy:
                bar.setRange(0, 0)  # moving: this candidate is being worked on
            else:
                bar.setRange(0, 1)
                bar.setValue(1)
        for other in self._rows.values():  # one candidate is worked on at a time
            widget = self.table.cellWidget(other, COL_PROGRESS)
            if other != row and isinstance(widget, QProgressBar) and widget.maximum() == 0:
                widget.setRange(0, 1)

    def _set_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.retry_button.setEnabled(not running)

    def _stage_name(self, stage: str) -> str:
        names = {
            "data": self.tr("reading data"),
            "build": self.tr("building"),
            "calibrate": self.tr("calibrating"),
            "quantize": self.tr("quantizing"),
            "convert": self.tr("converting"),
            "gate": self.tr("checking accuracy"),
            "benchmark": self.tr("timing"),
            "profile": self.tr("profiling"),
        }
        return names.get(stage, stage)

    def _status_name(self, status: str) -> str:
        names = {
            "passed": self.tr("passed"),
            "failed-gate": self.tr("failed the gate"),
            "failed-build": self.tr("could not be built"),
            "unavailable": self.tr("unavailable"),
            "skipped": self.tr("skipped"),
            "cancelled": self.tr("cancelled"),
        }
        return names.get(status, status)
