"""CheckpointImportDialog: trust, export and store an Ultralytics checkpoint (best.pt).

The dialog first names the risk (loading a .pt runs code stored in it) and asks the user to
confirm the file; nothing is loaded before that. Confirmed, the export runs in a child
process (``ProcessJob`` on ``optimize.ultralytics_export:main``: it dies with the app, and
Cancel kills it) with its progress shown here, then the ONNX is checked and stored on a pool
thread (``tasks.detection.ultralytics_checkpoint.store_exported``). The work folder is
removed in every case.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import EdgeStudioError, ErrorInfo, ModelAlreadyStored
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.tasks.detection.ultralytics_checkpoint import (
    EXPORT_TARGET,
    ExportedCheckpoint,
    check_same_source,
    export_args,
    store_exported,
)
from edgestudio.workers.jobs import run_job
from edgestudio.workers.process_job import ProcessJob


class CheckpointImportDialog(QDialog):
    """GUI thread only. ``imported`` with the stored entry, or ``failed`` with the reason
    (also when the same checkpoint is stored already: ``already`` then names the entry).
    Declining (Cancel before the export) emits neither: nothing happened."""

    imported = Signal(object)  # ModelEntry
    failed = Signal(object)  # ErrorInfo
    already = Signal(str)  # the stored model's id

    def __init__(
        self,
        store: ModelStore,
        registry: BackendRegistry,
        source: Path,
        sha256: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._registry = registry
        self.source = source
        self._sha256 = sha256
        self._work: Path | None = None
        self.job: ProcessJob | None = None
        self.setWindowTitle(self.tr("Add a PyTorch checkpoint"))
        self.setModal(True)
        self.warning = QLabel(
            self.tr(
                "{name} is a PyTorch checkpoint. Loading it runs Python code stored inside it, with "
                "your permissions: a checkpoint from an unknown source can read, change or send your "
                "files.\n\nLoad it only if you trust where it came from (for example, your own team's "
                "training run). EdgeStudio loads it in a separate process, exports it to ONNX and "
                "stores only the ONNX model."
            ).format(name=source.name)
        )
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.location = QLabel(str(source.absolute()))  # where it came from: what the user trusts
        self.location.setWordWrap(True)
        self.location.setTextFormat(Qt.TextFormat.PlainText)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.trust_button = QPushButton(self.tr("I trust this file: load and export it"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.trust_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)  # Enter does not trust a file
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.cancel_button)
        self.trust_button.clicked.connect(self.trust)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.location)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    # --- commands --------------------------------------------------------------------------

    def trust(self) -> None:
        """The user trusted the file: start the export in a child process."""
        if self.job is not None:
            return
        self.trust_button.setEnabled(False)
        self.progress.show()
        self.status.setText(self.tr("Starting the export…"))
        self._work = Path(tempfile.mkdtemp(prefix="edgestudio-pt-export-"))
        self.job = ProcessJob(
            EXPORT_TARGET, export_args(self.source, self._work), self, label="checkpoint export"
        )
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_exported)
        self.job.failed.connect(self._fail)
        self.job.start()

    def cancel(self) -> None:
        """Decline (before the export) or stop the export (kills the child); nothing is added."""
        if self.job is not None:
            self.job.cancel()
            self.job = None
        self._clean()
        self.reject()

    def reject(self) -> None:  # Escape and the window's close button, too
        """Qt's reject: also stops a running export."""
        if self.job is not None:
            self.job.cancel()
            self.job = None
        self._clean()
        super().reject()

    # --- the job's events (GUI thread) ------------------------------------------------------

    def _on_progress(self, event: dict[str, Any]) -> None:
        fraction = event.get("fraction")
        if fraction is not None:
            self.progress.setValue(round(float(fraction) * 100))
        steps = {
            "Copying the checkpoint": self.tr("Copying the checkpoint"),
            "Loading PyTorch and Ultralytics": self.tr("Loading PyTorch and Ultralytics"),
            "Loading the checkpoint": self.tr("Loading the checkpoint"),
            "Exporting to ONNX": self.tr("Exporting to ONNX"),
            "Writing the model's metadata": self.tr("Writing the model's metadata"),
        }
        message = str(event.get("message", ""))
        self.status.setText(steps.get(message, message))

    def _on_exported(self, event: dict[str, Any]) -> None:
        self.job = None
        try:
            exported = ExportedCheckpoint.from_event(event)
            check_same_source(self.source, self._sha256, exported)
        except EdgeStudioError as exc:
            self._fail(ErrorInfo.from_exception(exc))
            return
        self.status.setText(self.tr("Checking and storing the ONNX model…"))
        self.progress.setValue(95)
        self.cancel_button.setEnabled(False)
        store, registry, source = self._store, self._registry, self.source

        def store_it() -> tuple[ModelEntry | None, ErrorInfo | None]:  # a pool thread
            try:
                return store_exported(store, registry, exported, source), None
            except ModelAlreadyStored as exc:
                return store.find(exc.model_id), ErrorInfo.from_exception(exc)

        run_job(store_it, self._on_stored, self._fail)

    def _on_stored(self, result: tuple[ModelEntry | None, ErrorInfo | None]) -> None:
        entry, already = result
        self._clean()
        if already is not None:
            if entry is not None:
                self.already.emit(entry.id)
            self.failed.emit(already)
            super().reject()
            return
        self.progress.setValue(100)
        self.imported.emit(entry)
        self.accept()

    def _fail(self, error: ErrorInfo) -> None:
        self.job = None
        self._clean()
        self.failed.emit(error)
        super().reject()

    def _clean(self) -> None:
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None
