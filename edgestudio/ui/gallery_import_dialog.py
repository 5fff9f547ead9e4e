"""GalleryImportDialog: restore a face gallery exported on another device into this device's
fresh gallery, bound to this device's key and a new admin PIN that passes the PIN policy. The
Faces tab offers it only while its gallery has no PIN yet; ``tasks.faces.gallery_export`` checks
again and changes nothing when any check fails."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
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
    QVBoxLayout,
    QWidget,
)

from edgestudio.core.errors import EdgeStudioError
from edgestudio.tasks.faces.pin_policy import pin_refusal
from edgestudio.ui.gallery_export_dialog import EXPORT_SUFFIX, error_html
from edgestudio.ui.i18n import exception_text, tr_message

# (export file, passphrase or recovery code, new PIN) -> number of people imported
Importer = Callable[[Path, str, str], int]


class GalleryImportDialog(QDialog):
    """GUI thread only. ``importer`` does the import (the Faces tab closes and reopens its
    gallery around it); ``people`` holds the number imported once it succeeded."""

    def __init__(self, importer: Importer, device_bound: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.importer = importer
        self.device_bound = device_bound
        self.people: int | None = None
        self.setWindowTitle(self.tr("Import from another device"))
        self.setMinimumWidth(560)
        explain = QLabel(
            self.tr(
                "Restore a face gallery exported on another device (“Export for a new device…” "
                "or 'edgestudio faces export'). This gallery is new and empty, so nothing here is "
                "replaced. The imported gallery is bound to this device and to the new admin PIN "
                "you choose now."
            )
        )
        explain.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setPlaceholderText(self.tr("The export file"))
        self.browse_button = QPushButton(self.tr("Choose…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse_button)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("as given at the export, for example K7QX2-…"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(
            self.tr("The new admin PIN: at least 6 digits, not an obvious one, or a passphrase.")
            if device_bound
            else self.tr(
                "This device has no device key, so the new PIN alone protects the gallery: choose a "
                "passphrase of at least 12 characters."
            )
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Export file"), file_row)
        form.addRow(self.tr("Passphrase or recovery code"), self.passphrase)
        form.addRow(hint)
        form.addRow(self.tr("New admin PIN"), self.pin)
        form.addRow(self.tr("Repeat the new PIN"), self.repeat)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        self.browse_button.clicked.connect(self._browse)
        self.import_button.clicked.connect(self.import_gallery)
        self.cancel_button.clicked.connect(self.reject)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a gallery export"),
            self.file.text() or str(Path.home()),
            self.tr("Face gallery export (*{suffix});;All files (*)").format(suffix=EXPORT_SUFFIX),
        )
        if path:
            self.file.setText(path)

    def _fail(self, text: str) -> None:
        self.state.setText(error_html(text))

    def import_gallery(self) -> bool:
        """Check the form (the PIN policy first: it costs nothing), then import; on success the
        dialog closes accepted. A failure keeps the form as typed and says why."""
        source, passphrase, pin = self.file.text().strip(), self.passphrase.text(), self.pin.text()
        if not source:
            self._fail(self.tr("Choose the export file."))
            return False
        if not passphrase.strip():
            self._fail(self.tr("Enter the passphrase or recovery code given at the export."))
            return False
        if pin != self.repeat.text():
            self._fail(self.tr("The two PINs differ."))
            return False
        refusal = pin_refusal(pin, self.device_bound)
        if refusal is not None:
            self._fail(tr_message(refusal))
            return False
        self.state.setText(self.tr("Opening the export and binding it to this device…"))
        self.progress.setVisible(True)
        self.import_button.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            self.people = self.importer(Path(source), passphrase, pin)
        except EdgeStudioError as exc:
            self._fail(f"{tr_message(exc.title)}: {exception_text(exc)}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
            self.progress.setVisible(False)
            self.import_button.setEnabled(True)
        self.accept()
        return True
