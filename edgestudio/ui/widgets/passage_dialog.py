"""PassageDialog: one source of an answer, as the documents say it (file, page or heading,
the passage), with a button that opens the document itself. GUI thread only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


def source_label(source: dict[str, Any]) -> str:
    """Where a source is ("museum-guide.pdf, page 2", "guide.md, Tickets") in the GUI's language."""
    if source.get("page") is not None:
        page = QCoreApplication.translate("PassageDialog", "{file}, page {page}")
        return page.format(file=source["file"], page=source["page"])
    if source.get("heading"):
        return f"{source['file']}, {source['heading']}"
    return str(source["file"])


class PassageDialog(QDialog):
    """Shows ``source`` (a ``Hit.to_dict()`` kept with the answer)."""

    def __init__(self, source: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle(self.tr("Source"))
        self.where = QLabel(f"<b>{source_label(source)}</b>")
        self.path = QLabel(str(source.get("path", "")))
        self.path.setWordWrap(True)
        self.text = QPlainTextEdit(str(source.get("text", "")))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(
            self.tr("Open the document"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setEnabled(Path(str(source.get("path", ""))).is_file())
        self.open_button.clicked.connect(self.open_document)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.path)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def open_document(self) -> bool:
        """Open the file in the system's viewer; False when nothing could open it."""
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.source.get("path", "")))))
