"""AuditDialog: the hash-chained audit log, with its integrity verdict."""

from __future__ import annotations

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
from edgestudio.ui.i18n import format_time


class AuditDialog(QDialog):
    """GUI thread only."""

    def __init__(self, gallery: Gallery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(820, 480)
        broken = gallery.verify_audit()
        self.verdict = QLabel(
            self.tr("The log is intact: every entry is chained to the one before it.")
            if broken is None
            else "<span style='color:#e53935'>"
            + self.tr(
                "<b>The log was altered</b> at entry {entry}: it no longer matches its hash chain."
            ).format(entry=broken)
            + "</span>"
        )
        entries = gallery.audit_entries()
        self.table = QTableWidget(len(entries), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Action"), self.tr("Subject"), self.tr("Detail")]
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for row, entry in enumerate(entries):
            values = (
                format_time(entry.ts),
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
