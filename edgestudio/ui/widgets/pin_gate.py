"""PinGate: choose the admin PIN on first use, or unlock the face gallery with it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

GATE_WIDTH = 460


class PinGate(QWidget):
    """GUI thread only. ``submitted`` carries the PIN (twice-typed when setting one);
    ``import_requested`` asks to restore a gallery exported on another device instead (the
    button shows only while the first PIN is being chosen)."""

    submitted = Signal(str)
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #e53935;")
        self.error.setWordWrap(True)
        self.button = QPushButton()
        self.import_button = QPushButton(self.tr("Import from another device…"))
        self.import_button.setToolTip(
            self.tr("Moving from another device? Restore its export here instead of starting empty.")
        )
        self._form_box = QWidget()
        form = QFormLayout(self._form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Admin PIN"), self.pin)
        self._repeat_label = QLabel(self.tr("Repeat PIN"))
        form.addRow(self._repeat_label, self.repeat)
        # A fixed width and no alignment flag: a layout that aligns a widget gives it its
        # sizeHint, which for word-wrapped labels is too short, and the explanation was cut
        # off after two lines. Without alignment the box gets its height for its width.
        box = QWidget()
        box.setFixedWidth(GATE_WIDTH)
        inner = QVBoxLayout(box)
        for widget in (self.title, self.explain):
            inner.addWidget(widget)
        inner.addWidget(self._form_box)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
        inner.addWidget(self.import_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.button.clicked.connect(self._submit)
        self.import_button.clicked.connect(self.import_requested.emit)
        self.pin.returnPressed.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self._setting = False

    def ask(
        self, setting: bool, error: str = "", device_bound: bool = True, claim_allowed: bool = True
    ) -> None:
        """Show the gate; ``device_bound`` False says that the PIN alone will protect the
        gallery (no device key here) and asks for a passphrase instead. ``claim_allowed`` False
        (a kiosk's screen, where anyone could) offers no way to choose a PIN that was never
        set, nor to import a gallery under a new one, and says how the administrator sets it."""
        self._setting = setting
        blocked = setting and not claim_allowed
        self.title.setText(
            self.tr("Protect the face gallery") if setting else self.tr("The face gallery is locked")
        )
        if not setting:
            explain = self.tr("Enter the admin PIN to recognise and enroll people.")
        elif blocked:
            explain = self.tr(
                "This kiosk has no admin PIN yet, and it cannot be chosen on this screen, where "
                "anyone could. The administrator sets it on the device: at installation (sudo "
                "edgestudio kiosk install asks for it), or with sudo edgestudio kiosk set-pin "
                "--user KIOSK-USER, which reads the PIN from standard input."
            )
        elif device_bound:
            explain = self.tr(
                "Face templates are biometric data. Choose an admin PIN of at least 6 digits, or a "
                "passphrase: templates and photos are encrypted with a key that needs both this PIN and "
                "this device's own key, so a copied disk cannot be read elsewhere."
            )
        else:
            explain = self.tr(
                "Face templates are biometric data. This device has no device key (no systemd "
                "credentials here), so only the PIN protects the gallery if its disk is copied. Choose "
                "a passphrase of at least 12 characters."
            )
        self.explain.setText(explain)
        self._repeat_label.setVisible(setting)
        self.repeat.setVisible(setting)
        self.button.setText(self.tr("Set PIN") if setting else self.tr("Unlock"))
        self.import_button.setVisible(setting and not blocked)
        self._form_box.setVisible(not blocked)
        self.button.setVisible(not blocked)
        self.error.setText(error)
        self.pin.clear()
        self.repeat.clear()
        self.pin.setFocus()

    def _submit(self) -> None:
        pin = self.pin.text()
        if self._setting and pin != self.repeat.text():
            self.error.setText(self.tr("The two PINs differ."))
            return
        self.submitted.emit(pin)
