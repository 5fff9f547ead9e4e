"""TargetPage: where the model should run (auto, CPU, GPU, NPU) and which candidates to
build; the list comes from the optimizer's child process (``--list``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from edgestudio.core.errors import ErrorInfo
from edgestudio.optimize.types import Candidate
from edgestudio.ui.i18n import error_text, tr_message
from edgestudio.ui.optimize_pages.state import PLAN_TARGET, TARGETS, WizardState
from edgestudio.workers.process_job import ProcessJob

ID_ROLE = Qt.ItemDataRole.UserRole


class TargetPage(QWizardPage):
    """GUI thread only. Fills ``state.target``, ``state.candidates`` and ``state.chosen``."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Target"))
        self.setSubTitle(
            self.tr(
                "Choose where the model should run, then the forms to build and check. "
                "The original always runs."
            )
        )
        self.target = QComboBox()
        names = {
            "auto": self.tr("Automatic (every device this machine has)"),
            "cpu": self.tr("CPU"),
            "gpu": self.tr("GPU"),
            "npu": self.tr("NPU"),
        }
        for target in TARGETS:
            self.target.addItem(names[target], target)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Candidate"), self.tr("Precision / input"), self.tr("Runtime / device"), self.tr("Here")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        # the names and the reasons share the width and wrap (rows fit their text), so a long
        # reason is read in full rather than cut off beside a wide name (Chinese especially)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        form = QFormLayout()
        form.addRow(self.tr("Run on"), self.target)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.job: ProcessJob | None = None
        self._started: list[ProcessJob] = []
        self._listed_for: tuple[str, str, str] | None = None
        self.target.currentIndexChanged.connect(self._list)
        self.table.itemChanged.connect(self._on_item_changed)

    # -- QWizardPage -------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.target.setCurrentIndex(max(0, self.target.findData(self.state.target)))
        if (
            self._listed_for != (self.state.task, self.state.model_id, self.state.target)
            or not self.state.candidates
        ):
            self._list()

    def isComplete(self) -> bool:
        return self.job is None and any(not c.baseline for c in self._checked())

    def validatePage(self) -> bool:
        self.state.chosen = [c.id for c in self._checked() if not c.baseline]
        return bool(self.state.chosen)

    def cleanupPage(self) -> None:
        self.cancel()

    # -- commands ----------------------------------------------------------------------------
    def cancel(self) -> None:
        """Stop a listing still running."""
        for ended in self._started:  # reported its end but has not exited yet
            if ended.running:
                ended.cancel()
        self._started = []
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def _list(self, *_args: object) -> None:
        """Ask the optimizer's child process for the candidates of the chosen model and target."""
        self.cancel()
        self.state.target = str(self.target.currentData())
        self.state.candidates = []
        self.table.setRowCount(0)
        self.status.setText(self.tr("Finding what this device can run…"))
        job = ProcessJob(PLAN_TARGET, self.state.list_args(), self, label="optimizer")
        job.finished.connect(self._on_listed)
        job.failed.connect(self._on_failed)
        self.job = job
        self._started.append(job)
        self._listed_for = (self.state.task, self.state.model_id, self.state.target)
        self.completeChanged.emit()
        job.start()

    def _on_listed(self, event: dict[str, Any]) -> None:
        self.job = None
        self.state.candidates = [Candidate.from_dict(c) for c in event.get("candidates", [])]
        self._fill()
        available = sum(1 for c in self.state.candidates if c.available)
        self.status.setText(
            self.tr("{0} of {1} candidates can run here; the others say why and how to get them.").format(
                available, len(self.state.candidates)
            )
        )
        self.completeChanged.emit()

    def _on_failed(self, error: ErrorInfo) -> None:
        self.job = None
        self._listed_for = None
        self.status.setText(self.tr("The candidates could not be listed: {0}").format(error_text(error)))
        self.completeChanged.emit()

    # -- table -------------------------------------------------------------------------------
    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.state.candidates))
        wanted = set(self.state.chosen)
        for row, candidate in enumerate(self.state.candidates):
            name = QTableWidgetItem(tr_message(candidate.label))  # a Text from the child: its template
            name.setData(ID_ROLE, candidate.id)
            name.setToolTip(candidate.id)
            flags = Qt.ItemFlag.ItemIsEnabled
            if candidate.available and not candidate.baseline:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            name.setFlags(flags)
            checked = candidate.baseline or (
                candidate.available and not candidate.gated and (not wanted or candidate.id in wanted)
            )
            name.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if candidate.baseline:
                here = self.tr("the original: always measured")
            elif not candidate.available:
                here = self.tr("unavailable: {0}").format(tr_message(candidate.reason))
                if candidate.install_hint:
                    here += "\n" + tr_message(candidate.install_hint)
            elif candidate.gated:
                here = self.tr("available, asks for confirmation: {0}").format(tr_message(candidate.reason))
            else:
                here = self.tr("available")
            cells = [
                name,
                QTableWidgetItem(
                    f"{candidate.precision}, {candidate.input_size}×{candidate.input_size}"
                    if candidate.input_size
                    else candidate.precision
                ),
                QTableWidgetItem(f"{candidate.backend} / {candidate.device}"),
                QTableWidgetItem(here),
            ]
            for column, item in enumerate(cells):
                if column:
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled if candidate.available else Qt.ItemFlag.NoItemFlags
                    )
                    item.setToolTip(here)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()

    def _checked(self) -> list[Candidate]:
        out = []
        for row, candidate in enumerate(self.state.candidates):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(candidate)
        return out

    def set_checked(self, candidate_ids: set[str]) -> None:
        """Check exactly these candidates (and the original); gated ones are not asked again."""
        self.table.blockSignals(True)
        for row, candidate in enumerate(self.state.candidates):
            item = self.table.item(row, 0)
            if item is not None and candidate.available and not candidate.baseline:
                on = candidate.id in candidate_ids
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self.completeChanged.emit()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        candidate = next((c for c in self.state.candidates if c.id == item.data(ID_ROLE)), None)
        if candidate is not None and candidate.gated and item.checkState() == Qt.CheckState.Checked:
            answer = QMessageBox.question(
                self,
                self.tr("Build this candidate?"),
                self.tr("{0}: {1}\n\nBuild it anyway? The accuracy gate still judges it.").format(
                    tr_message(candidate.label), tr_message(candidate.reason)
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.table.blockSignals(True)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.table.blockSignals(False)
        self.completeChanged.emit()
