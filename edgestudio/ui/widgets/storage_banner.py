"""StorageBanner: a warning strip at the top of the main window when the data folder is
read-only or its disk is full, saying what keeps working and what is not saved; the status
bar keeps a short version. GUI thread only."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar, QWidget

from edgestudio.core.errors import StorageError, StorageFullError
from edgestudio.core.storage import StorageState, StorageStatus


class StorageBanner(QToolBar):
    """Not movable, not closable: it stays while the condition lasts (until a restart)."""

    def __init__(self, state: StorageState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("storage-banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setEnabled(False)
        self.label = QLabel(self._text())
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setStyleSheet("QLabel { background: #fff3cd; color: #5c4400; padding: 6px 10px; }")
        self.addWidget(self.label)
        self.short_text = self._short_text()

    def _short_text(self) -> str:
        if self.state.status == "full":
            return self.tr("Disk full: nothing is saved")
        return self.tr("Data folder read-only: nothing is saved")

    def _text(self) -> str:
        folder = html.escape(str(self.state.folder))
        if self.state.status == "full":
            head = self.tr("The disk holding the data folder %1 is full.").replace("%1", folder)
            fix = self.tr("Free some space on that disk, then restart EdgeStudio.")
        else:
            head = self.tr("The data folder %1 is read-only.").replace("%1", folder)
            fix = self.tr("Remount it read-write, or set EDGESTUDIO_HOME to a writable folder, then restart.")
        works = self.tr(
            "Detection, transcription and chat keep working, and the face gallery can be read. "
            "Nothing is saved: no chat conversations, transcripts, enrollments, added models or settings."
        )
        return f"<b>{head}</b> {works} {fix}"


def show_storage_state(window: QMainWindow, state: StorageState) -> StorageBanner | None:
    """Add the banner and a permanent status-bar note when ``state`` is not writable."""
    if state.writable:
        return None
    banner = StorageBanner(state, window)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    note = QLabel(banner.short_text)
    note.setObjectName("storage-status")
    note.setStyleSheet("QLabel { color: #b26a00; font-weight: bold; }")
    window.statusBar().addPermanentWidget(note)
    return banner


class KeepsData(Protocol):
    """A store that may fall back to memory (chat and transcript histories)."""

    @property
    def saved(self) -> bool: ...

    @property
    def problem(self) -> StorageError | None: ...


def report_unsaved(widget: QWidget, store: KeepsData, folder: Path) -> bool:
    """Call after a write: when ``store`` has started keeping its data in memory (the disk
    filled up or went read-only during the session), show the banner on the window holding
    ``widget``. Returns True only when the banner was added now (once per window)."""
    problem = store.problem
    window = widget.window()
    if store.saved or problem is None or not isinstance(window, QMainWindow):
        return False
    if window.findChild(StorageBanner) is not None:
        return False
    status: StorageStatus = "full" if isinstance(problem, StorageFullError) else "read-only"
    return show_storage_state(window, StorageState(status, folder)) is not None
