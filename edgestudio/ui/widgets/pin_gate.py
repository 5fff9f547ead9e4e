"""PinGate: choose the admin PIN on first use, or unlock the face gallery with it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class PinGate(QWidget):
    """GUI thread only. ``submitted`` carries the PIN (twice-typed when setting one)."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.button = QPushButton()
        form = QFormLayout()
        form.addRow("Admin PIN", self.pin)
        self._repeat_label = QLabel("Repeat PIN")
        form.addRow(self._repeat_label, self.repeat)
        box = QWidget()
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        for widget in (self.title, self.explain):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.button.clicked.connect(self._submit)
        self.pin.returnPressed.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self._setting = False

    def ask(self, setting: bool, error: str = "") -> None:
        self._setting = setting
        self.title.setText("Protect the face gallery" if setting else "The face gallery is locked")
        self.explain.setText(
            "Face templates are biometric data. Choose an admin PIN (4 or more characters): templates and "
            "photos are encrypted with a key derived from it, and nobody can read them without it."
            if setting
            else "Enter the admin PIN to recognise and enroll people."
        )
        self._repeat_label.setVisible(setting)
        self.repeat.setVisible(setting)
        self.button.setText("Set PIN" if setting else "Unlock")
        self.error.setText(error)
        self.pin.clear()
        self.repeat.clear()
        self.pin.setFocus()

    def _submit(self) -> None:
        pin = self.pin.text()
        if self._setting and pin != self.repeat.text():
            self.error.setText("The two PINs differ.")
            return
        self.submitted.emit(pin)
