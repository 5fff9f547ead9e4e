"""AuditDialog: the hash-chained audit log, with its integrity verdict."""

from __future__ import annotations

import time

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from edgestudio.tasks.faces.gallery import Gallery


class AuditDialog(QDialog):
    """GUI thread only."""

    def __init__(self, gallery: Gallery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        self.resize(820, 480)
        broken = gallery.verify_audit()
        self.verdict = QLabel(
            "The log is intact: every entry is chained to the one before it."
            if broken is None
            else f"<span style='color:#c62828'><b>The log was altered</b> at entry {broken}: "
            "it no longer matches its hash chain.</span>"
        )
        entries = gallery.audit_entries()
        self.table = QTableWidget(len(entries), 4)
        self.table.setHorizontalHeaderLabels(["Time", "Action", "Subject", "Detail"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for row, entry in enumerate(entries):
            values = (
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.ts)),
                entry.action,
                entry.subject,
                entry.detail,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
