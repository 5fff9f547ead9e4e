"""DeployPage: make a candidate that passed the model its tab uses (with its settings, such as
a re-fitted score threshold), see what the tab uses now, and roll back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from edgestudio.core.deployments import Deployment, store_task
from edgestudio.core.errors import ErrorInfo
from edgestudio.core.model_store import ModelEntry
from edgestudio.optimize.deploy import deploy, rollback
from edgestudio.optimize.plan_tools import entry_for_file
from edgestudio.optimize.types import CandidateResult
from edgestudio.serve.triton_repository import (
    PLATFORMS,
    BatchingOptions,
    ExportedRepository,
    export_triton_repository,
)
from edgestudio.ui.i18n import error_text, format_number, tr_message
from edgestudio.ui.optimize_pages.state import WizardState
from edgestudio.workers.jobs import run_job

ID_ROLE = Qt.ItemDataRole.UserRole


class DeployPage(QWizardPage):
    """GUI thread only. ``changed(task, active, source_id)`` after a deploy or a rollback:
    ``active`` is the Deployment the task uses now, or None for its default model."""

    changed = Signal(str, object, str)

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Deploy"))
        self.setSubTitle(
            self.tr(
                "The deployed model becomes the one its tab uses; the previous one stays, "
                "and Rollback returns to it."
            )
        )
        self.candidate = QComboBox()
        self.candidate.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.why = QLabel("")
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.deploy_button = QPushButton(self.tr("Deploy"))
        self.rollback_button = QPushButton(self.tr("Rollback"))
        self.rollback_button.setToolTip(self.tr("Go back to the model used before the last deploy"))
        self.export_button = QPushButton(self.tr("Export for a site server…"))
        self.export_button.setToolTip(
            self.tr(
                "Write the candidate as a standard model repository for NVIDIA Triton, OpenVINO "
                "Model Server or KServe (ONNX, OpenVINO IR and TensorRT models)"
            )
        )
        self.active = QLabel("")
        self.active.setWordWrap(True)
        self.active.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("Candidate"), self.candidate)
        form.addRow(self.why)
        form.addRow(self.tr("In use now"), self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.deploy_button)
        buttons.addWidget(self.rollback_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.busy = False
        self.candidate.currentIndexChanged.connect(self._update)
        self.deploy_button.clicked.connect(self.deploy_selected)
        self.rollback_button.clicked.connect(self.roll_back)
        self.export_button.clicked.connect(self._choose_repository)

    # -- QWizardPage -------------------------------------------------------------------------
    def initializePage(self) -> None:
        report = self.state.report
        self.candidate.clear()
        self.outcome.setText("")
        if report is None:
            return
        wanted = self.state.selected or report.pick
        for result in report.results:
            if result.candidate.baseline or result.status in ("skipped", "unavailable"):
                continue
            label = (
                tr_message(result.candidate.label)
                if result.deployable
                else self.tr("{0} (failed: cannot be deployed)").format(tr_message(result.candidate.label))
            )
            self.candidate.addItem(label, result.candidate.id)
            if not result.deployable:
                self.candidate.model().item(self.candidate.count() - 1).setEnabled(False)  # type: ignore[attr-defined]
        index = self.candidate.findData(wanted)
        deployable = [i for i in range(self.candidate.count()) if self._deployable_at(i)]
        if index < 0 or index not in deployable:
            index = deployable[0] if deployable else -1
        self.candidate.setCurrentIndex(index)
        self._update()
        self._show_active()

    # -- commands ----------------------------------------------------------------------------
    def deploy_selected(self) -> None:
        """Copy the chosen candidate into the model store and make it the task's model (a
        worker thread does the copy); ``changed`` when done."""
        result = self.current_result()
        if result is None or not result.deployable or self.busy:
            return
        source = self._source()
        store, deployments = self.state.ctx.models, self.state.deployments
        report_path: Path | None = self.state.report_html
        self._set_busy(True, self.tr("Deploying {0}…").format(tr_message(result.candidate.label)))

        def work() -> Deployment:  # a pool thread
            return deploy(store, deployments, result, source, report_path)

        def done(deployment: Deployment) -> None:
            self._set_busy(
                False, self.tr("Deployed: {0}. Its tab uses it from now on.").format(deployment.label)
            )
            self._show_active()
            self.changed.emit(self.state.deploy_task, deployment, source.id)

        run_job(work, done, self._on_failed)

    def roll_back(self) -> None:
        """Return the task to the model it used before the last deploy; ``changed`` when done."""
        if self.busy:
            return
        try:
            removed, now = rollback(self.state.deployments, self.state.deploy_task)
        except Exception as exc:  # InputError: nothing to roll back; OSError: the file
            self._on_failed(ErrorInfo.from_exception(exc))
            return
        now_text = now.label if now is not None else self.tr("the original model")
        self.outcome.setText(self.tr("Rolled back from {0} to {1}.").format(removed.label, now_text))
        self._show_active()
        self.changed.emit(self.state.deploy_task, now, removed.source_id)

    def export_selected(self, folder: Path) -> None:
        """Write the chosen candidate into the Triton model repository ``folder`` (a worker
        thread writes it); the outcome line says where, or why not."""
        result = self.current_result()
        if result is None or not result.deployable or self.busy:
            return
        entry = entry_for_file(
            Path(result.artifact), store_task(self.state.deploy_task), model_id=result.candidate.id
        )
        self._set_busy(
            True, self.tr("Writing {0} into {1}…").format(tr_message(result.candidate.label), str(folder))
        )

        def work() -> ExportedRepository:  # a pool thread
            return export_triton_repository(entry, folder, BatchingOptions())

        def done(exported: ExportedRepository) -> None:
            text = self.tr("Written for a site server: {0} ({1}).").format(
                str(exported.folder / exported.model_name), exported.platform
            )
            if exported.note:
                text += "\n" + tr_message(exported.note)
            self._set_busy(False, text)

        run_job(work, done, self._on_failed)

    def _choose_repository(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Model repository folder"))
        if folder:
            self.export_selected(Path(folder))

    # -- internals ---------------------------------------------------------------------------
    def current_result(self) -> CandidateResult | None:
        return self._result_at(self.candidate.currentIndex())

    def _result_at(self, index: int) -> CandidateResult | None:
        report = self.state.report
        cid = self.candidate.itemData(index) if index >= 0 else None
        if report is None or cid is None:
            return None
        return next((r for r in report.results if r.candidate.id == cid), None)

    def _deployable_at(self, index: int) -> bool:
        result = self._result_at(index)
        return result is not None and result.deployable

    def _source(self) -> ModelEntry:
        """The model the report started from, as a store entry (or its file, for speech and chat)."""
        entry = self.state.ctx.models.find(self.state.model_id)
        if entry is not None:
            return entry
        report = self.state.report
        source = report.source if report is not None else {}
        return entry_for_file(
            Path(str(source.get("path", ""))),
            store_task(self.state.deploy_task),
            model_id=self.state.model_id,
            name=str(source.get("name", "")),
        )

    def _update(self, *_args: object) -> None:
        result = self.current_result()
        if result is None:
            self.why.setText(self.tr("No candidate passed the accuracy gate: the current model stays."))
        elif result.gate is not None:
            settings = []
            if "confidence" in result.settings:
                value = format_number(float(result.settings["confidence"]), 2)
                settings.append(self.tr("confidence threshold {0}").format(value))
            if "compute_type" in result.settings:
                settings.append(self.tr("compute type {0}").format(result.settings["compute_type"]))
            text = tr_message(result.gate.reason)
            if result.gate.evidence:
                text += "\n" + tr_message(result.gate.evidence)
            if settings:
                text += "\n" + self.tr("Deployed with: {0}").format(", ".join(settings))
            self.why.setText(text)
        else:
            self.why.setText(tr_message(result.message))
        self.deploy_button.setEnabled(not self.busy and result is not None and result.deployable)
        servable = result is not None and result.deployable and result.candidate.format in PLATFORMS
        self.export_button.setEnabled(not self.busy and servable)

    def _show_active(self) -> None:
        active = self.state.deployments.active(self.state.deploy_task)
        if active is None:
            self.active.setText(self.tr("the original model (nothing deployed)"))
        else:
            self.active.setText(
                self.tr("{0}, deployed {1}").format(active.label, active.deployed_at.replace("T", " "))
            )
        self.rollback_button.setEnabled(not self.busy and active is not None)

    def _set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        self.outcome.setText(text)
        self._update()
        self._show_active()

    def _on_failed(self, error: ErrorInfo) -> None:
        self._set_busy(False, error_text(error))
