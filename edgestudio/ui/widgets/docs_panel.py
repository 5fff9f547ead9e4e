"""DocsPanel: the documents the Chat tab answers from. Lists them, adds files or a folder,
removes and refreshes them; indexing runs in a child process (``tasks/chat/docs/job.py``
through ``ProcessJob``) with a progress bar and Cancel. On a kiosk, changing the set and the
"documents only" switch are administrator controls (behind the PIN). When the panel opens
and an indexed file has changed or gone, it refreshes the index by itself.

GUI thread only.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from edgestudio.context import AppContext
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.messages import from_wire
from edgestudio.tasks.chat.docs.index import INDEX_FILE, DocumentIndex, DocumentInfo
from edgestudio.tasks.chat.docs.job import job_args
from edgestudio.ui.i18n import error_text, error_title, exception_text, format_number, tr_message
from edgestudio.ui.tab_protocol import mark_admin_only
from edgestudio.workers.process_job import ProcessJob

log = logging.getLogger(__name__)
JOB_TARGET = "edgestudio.tasks.chat.docs.job:main"
FILE_FILTER = "*.pdf *.md *.markdown *.html *.htm *.txt *.docx"


class DocsPanel(QGroupBox):
    """The document set and the switches that make chat answer from it."""

    status_message = Signal(str)
    job_finished = Signal(object)  # the job's report dict, or None when it failed or was cancelled

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Documents"), parent)
        self.ctx = ctx
        self.data_dir = ctx.paths.data_dir
        self.use_docs = QCheckBox(self.tr("Answer from the documents"))
        self.use_docs.setToolTip(
            self.tr("Answers use the best passages of these documents and list them as sources.")
        )
        self.use_docs.setChecked(ctx.config.chat.answer_from_documents)
        self.docs_only = QCheckBox(self.tr("Documents only"))
        self.docs_only.setChecked(ctx.config.chat.documents_only)
        self.docs_only.setToolTip(
            self.tr("When the documents hold nothing relevant, say so instead of letting the model guess.")
        )
        self.documents = QListWidget()
        self.documents.setMaximumHeight(120)
        self.documents.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.add_button = QPushButton(self.tr("Add documents…"))
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Index changed files again and forget removed ones."))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel("")
        self.progress_label.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self._job: ProcessJob | None = None
        self._out_of_date: list[str] = []

        layout = QVBoxLayout(self)
        layout.addWidget(self.use_docs)
        layout.addWidget(self.docs_only)
        layout.addWidget(self.documents)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.add_button)
        row1.addWidget(self.add_folder_button)
        row2.addWidget(self.remove_button)
        row2.addWidget(self.refresh_button)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.summary)
        mark_admin_only(
            self.add_button, self.add_folder_button, self.remove_button, self.refresh_button, self.docs_only
        )

        self.add_button.clicked.connect(self._add_files_clicked)
        self.add_folder_button.clicked.connect(self._add_folder_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel)
        self.use_docs.toggled.connect(self._save_switches)
        self.docs_only.toggled.connect(self._save_switches)
        self.documents.itemSelectionChanged.connect(self._update_buttons)
        if self.reload() and self._out_of_date:
            self.refresh()

    # -- state -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._job is not None

    def answers_from_documents(self) -> bool:
        """True when the next question is to be answered from the documents."""
        return self.use_docs.isChecked() and self.documents.count() > 0

    def reload(self) -> list[DocumentInfo]:
        """Read the list from the index (quick: no model is loaded)."""
        try:
            index = DocumentIndex(self.data_dir / INDEX_FILE)
        except EdgeStudioError as exc:
            self.summary.setText(exception_text(exc))
            return []
        try:
            documents = index.documents()
            self._out_of_date = index.out_of_date()
        finally:
            index.close()
        self.documents.clear()
        for info in documents:
            item = QListWidgetItem(info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.path)
            if info.kind == "pdf":
                detail = self.tr("{n} pages").format(n=info.pages)
            else:
                detail = self.tr("{n} passages").format(n=info.passages)
            item.setToolTip(f"{info.path}\n{detail}")
            self.documents.addItem(item)
        self._update_buttons()
        return documents

    def _update_buttons(self) -> None:
        busy = self.running
        for button in (self.add_button, self.add_folder_button, self.refresh_button):
            button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and bool(self.documents.selectedItems()))
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def _save_switches(self) -> None:
        """Keep both switches in the user config (a kiosk keeps "documents only" across
        restarts; a site file can set them too)."""
        chat = self.ctx.config.chat
        wanted = (self.use_docs.isChecked(), self.docs_only.isChecked())
        if (chat.answer_from_documents, chat.documents_only) == wanted:
            return
        chat.answer_from_documents, chat.documents_only = wanted
        try:
            self.ctx.config_store.save(self.ctx.config)
        except EdgeStudioError as exc:
            self.status_message.emit(exception_text(exc))

    # -- commands ----------------------------------------------------------------------------
    def _add_files_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add documents"), "", self.tr("Documents ({patterns})").format(patterns=FILE_FILTER)
        )
        if files:
            self.add_paths([Path(f) for f in files])

    def _add_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of documents"))
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        """Index ``paths`` (files and folders) in the background."""
        self._start("add", [str(p) for p in paths])

    def refresh(self) -> None:
        self._start("refresh", [])

    def remove_selected(self) -> None:
        paths = [str(item.data(Qt.ItemDataRole.UserRole)) for item in self.documents.selectedItems()]
        if paths:
            self._start("remove", paths)

    def cancel(self) -> None:
        """Stop indexing now; the documents indexed before stay."""
        if self._job is None:
            return
        self._job.cancel()
        self._job.deleteLater()
        self._job = None
        self.summary.setText(self.tr("Indexing was cancelled; the documents indexed before are kept."))
        self.reload()
        self.job_finished.emit(None)

    def _start(self, command: str, items: list[str]) -> None:
        if self._job is not None:
            return
        job = ProcessJob(JOB_TARGET, job_args(command, self.data_dir, items), self, label="indexing")
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self._job = job
        self.progress.setValue(0)
        self.progress_label.setText(self.tr("Starting…"))
        self.summary.setText("")
        self._update_buttons()
        job.start()

    # -- job events --------------------------------------------------------------------------
    def _on_progress(self, event: dict[str, Any]) -> None:
        fraction = event.get("fraction")
        if fraction is not None:
            self.progress.setValue(int(float(fraction) * 1000))
        message = from_wire(str(event.get("message", "")), event.get("message_text"))
        self.progress_label.setText(tr_message(message))

    def _end_job(self) -> None:
        if self._job is not None:
            self._job.close()
            self._job.deleteLater()
            self._job = None

    def _on_finished(self, event: dict[str, Any]) -> None:
        self._end_job()
        self.reload()
        report = dict(event.get("report") or {})
        self.summary.setText(self.describe(report))
        self.status_message.emit(self.summary.text())
        self.job_finished.emit(report)

    def _on_failed(self, error: ErrorInfo) -> None:
        self._end_job()
        self.reload()
        text = f"{error_title(error)}: {error_text(error)}"
        self.summary.setText(text)
        self.status_message.emit(text)
        self.job_finished.emit(None)

    def describe(self, report: dict[str, Any]) -> str:
        """The job's outcome in a few lines, in the GUI's language."""
        lines = []
        done = len(report.get("added", [])) + len(report.get("updated", []))
        if "pages" in report:
            lines.append(
                self.tr("{n} document(s) indexed ({passages} passages) in {s} s.").format(
                    n=done, passages=report.get("passages", 0), s=format_number(report.get("seconds", 0), 1)
                )
            )
        if report.get("removed"):
            lines.append(self.tr("{n} document(s) removed.").format(n=len(report["removed"])))
        for item in report.get("failed", []):
            lines.append(tr_message(from_wire(item["message"], item.get("message_text"))))
        for item in report.get("notes", []):
            lines.append(tr_message(from_wire(item["note"], item.get("note_text"))))
        return "\n".join(lines)

    def shutdown(self) -> None:
        """Stop a running job (the tab is closing)."""
        if self._job is not None:
            self._job.cancel()
            self._job.deleteLater()
            self._job = None
