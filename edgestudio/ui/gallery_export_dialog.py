"""GalleryExportDialog: export the whole face gallery for a move to a new device, sealed with a
generated recovery code (shown once, with a copy button) or the administrator's passphrase of
at least 12 characters. The admin PIN is asked again; ``tasks.faces.gallery_export`` writes the
file atomically and records the export in the audit log."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from edgestudio.core.errors import EdgeStudioError
from edgestudio.tasks.faces.gallery import Gallery
from edgestudio.tasks.faces.gallery_export import ExportSummary, export_gallery
from edgestudio.tasks.faces.pin_policy import MIN_EXPORT_PASSPHRASE
from edgestudio.ui.i18n import exception_text, tr_message

EXPORT_SUFFIX = ".esgallery"
FORM_PAGE, RESULT_PAGE = 0, 1


def error_html(text: str) -> str:
    """A message shown in red (both themes)."""
    return f"<span style='color:#e53935'>{text}</span>"


class GalleryExportDialog(QDialog):
    """GUI thread only: the export runs on the GUI thread, which owns the gallery's database
    connection (scrypt and the encryption take about half a second); a busy bar shows meanwhile.
    ``summary`` holds the result once the export was written, and ``exported`` says so."""

    exported = Signal(int, str)  # people, path

    def __init__(self, gallery: Gallery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gallery = gallery
        self.summary: ExportSummary | None = None
        self.setWindowTitle(self.tr("Export for a new device"))
        self.setMinimumWidth(640)  # the recovery code on one line
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_form())
        self.stack.addWidget(self._build_result())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._mode_changed()

    # -- layout ------------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        page = QWidget()
        explain = QLabel(
            self.tr(
                "The export holds every person of the gallery with their templates, photos and "
                "consents, and the audit log, encrypted. Import it on the new device with "
                "“Import from another device…” on its Faces tab (or 'edgestudio faces import'). "
                "The audit log records this export."
            )
        )
        explain.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_code = QRadioButton(self.tr("Seal it with a generated recovery code (recommended)"))
        self.use_passphrase = QRadioButton(
            self.tr("Seal it with my own passphrase (at least {n} characters)").format(
                n=MIN_EXPORT_PASSPHRASE
            )
        )
        self.use_code.setChecked(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.file = QLineEdit()
        self.file.setPlaceholderText(self.tr("The export file to write"))
        self.browse_button = QPushButton(self.tr("Choose…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Admin PIN"), self.pin)
        form.addRow(self.use_code)
        form.addRow(self.use_passphrase)
        self._passphrase_label = QLabel(self.tr("Passphrase"))
        self._repeat_label = QLabel(self.tr("Repeat the passphrase"))
        form.addRow(self._passphrase_label, self.passphrase)
        form.addRow(self._repeat_label, self.repeat)
        form.addRow(self.tr("Export file"), file_row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(page)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        self.use_code.toggled.connect(lambda _checked: self._mode_changed())
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.reject)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget()
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.code_title = QLabel(self.tr("Recovery code"))
        self.code_title.setStyleSheet("font-weight: bold;")
        self.code = QLabel("")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet(
            "font-family: monospace; font-size: 14pt; font-weight: bold; padding: 8px;"
            " border: 2px solid #455a64; border-radius: 4px;"
        )
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.code_warning = QLabel(
            self.tr(
                "Write this code down now and keep it safe, apart from the export file: the export "
                "cannot be opened without it, and it is not shown again. Anyone who has both the file "
                "and the code can read the gallery."
            )
        )
        self.code_warning.setWordWrap(True)
        self.code_warning.setStyleSheet("color: #e65100; font-weight: bold;")
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.copy_button)
        self.done_button = QPushButton(self.tr("Done"))
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.outcome)
        layout.addWidget(self.code_title)
        layout.addLayout(code_row)
        layout.addWidget(self.code_warning)
        layout.addStretch(1)
        layout.addLayout(done_row)
        self.copy_button.clicked.connect(self._copy)
        self.done_button.clicked.connect(self.accept)
        return page

    # -- commands ----------------------------------------------------------------------------
    def _mode_changed(self) -> None:
        own = self.use_passphrase.isChecked()
        for widget in (self._passphrase_label, self.passphrase, self._repeat_label, self.repeat):
            widget.setVisible(own)

    def _browse(self) -> None:
        default = self.file.text() or str(Path.home() / f"faces-{time.strftime('%Y%m%d')}{EXPORT_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the gallery export"),
            default,
            self.tr("Face gallery export (*{suffix});;All files (*)").format(suffix=EXPORT_SUFFIX),
        )
        if path:
            self.file.setText(path)

    def _fail(self, text: str) -> None:
        self.state.setText(error_html(text))

    def export(self) -> bool:
        """Check the form, confirm the PIN, write the export and show the result (and the
        recovery code). Nothing is written when a check fails; the form keeps what was typed."""
        pin, target = self.pin.text(), self.file.text().strip()
        own = self.use_passphrase.isChecked()
        if not pin:
            self._fail(self.tr("Enter the admin PIN."))
            return False
        if own and self.passphrase.text() != self.repeat.text():
            self._fail(self.tr("The two passphrases differ; nothing was exported."))
            return False
        if not target:
            self._fail(self.tr("Choose the file to write."))
            return False
        self.state.setText(self.tr("Sealing the gallery…"))
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            self.gallery.unlock(pin)
            self.summary = export_gallery(self.gallery, Path(target), self.passphrase.text() if own else "")
        except EdgeStudioError as exc:
            self._fail(f"{tr_message(exc.title)}: {exception_text(exc)}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
            self.progress.setVisible(False)
            self.export_button.setEnabled(True)
        self._show_result(self.summary)
        self.exported.emit(self.summary.people, str(self.summary.path))
        return True

    def _show_result(self, summary: ExportSummary) -> None:
        done = self.tr("{n} people were exported to {path}.").format(n=summary.people, path=summary.path)
        if summary.recovery_code:
            sealed = self.tr("It is sealed with the recovery code below.")
        else:
            sealed = self.tr("It is sealed with your passphrase: keep it safe, apart from the file.")
        self.outcome.setText(f"{done} {sealed}")
        for widget in (self.code_title, self.code, self.copy_button, self.code_warning):
            widget.setVisible(bool(summary.recovery_code))
        self.code.setText(summary.recovery_code)
        self.pin.clear()
        self.passphrase.clear()
        self.repeat.clear()
        self.stack.setCurrentIndex(RESULT_PAGE)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code.text())
        self.copy_button.setText(self.tr("Copied"))

    def done(self, result: int) -> None:
        """Closing forgets the recovery code on screen (GUI thread)."""
        self.code.clear()
        super().done(result)
