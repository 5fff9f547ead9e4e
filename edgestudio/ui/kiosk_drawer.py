"""KioskAdminDrawer: the kiosk's admin panel, opened by a hidden long press on a corner.

It first asks for the device's admin PIN (the face gallery's PIN; if none is set yet, it asks
to choose one), with an on-screen keypad for touch screens, a growing delay after wrong PINs
and a lockout countdown. Once unlocked it offers: leave kiosk mode, choose the tabs, and read
the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from edgestudio.core.errors import EdgeStudioError
from edgestudio.tasks.faces.admin_pin import AdminPin
from edgestudio.ui.i18n import exception_text, tr_message

LOG_TAIL_BYTES = 64_000


def read_log_tail(log_file: Path, limit: int = LOG_TAIL_BYTES) -> str:
    """The last ``limit`` bytes of the log, from the first whole line."""
    try:
        with log_file.open("rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(max(0, size - limit))
            data = handle.read()
    except OSError as exc:
        return f"The log file {log_file} cannot be read: {exc.strerror or exc}."
    text = data.decode("utf-8", errors="replace")
    return text.split("\n", 1)[1] if size > limit and "\n" in text else text


class KioskAdminDrawer(QFrame):
    """GUI thread only. Emits ``leave_requested`` and ``tabs_chosen`` once the PIN was right;
    ``closed`` when it hides itself."""

    leave_requested = Signal()
    settings_requested = Signal()
    tabs_chosen = Signal(list)  # page ids
    unlocked = Signal()
    closed = Signal()

    def __init__(
        self,
        admin_pin: AdminPin,
        page_titles: dict[str, str],
        log_file: Path,
        idle_timeout_s: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.admin_pin = admin_pin
        self.log_file = log_file
        self.setObjectName("kioskDrawer")
        self.setStyleSheet(
            "#kioskDrawer { background: #fafafa; border-left: 2px solid #455a64; }"
            " QPushButton { min-height: 40px; font-size: 13pt; }"
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_pin_page())
        self.stack.addWidget(self._build_admin_page(page_titles))
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._countdown = QTimer(self)
        self._countdown.setInterval(500)
        self._countdown.timeout.connect(self._update_wait)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(int(idle_timeout_s * 1000))
        self._idle.timeout.connect(self.close_drawer)
        self.hide()

    # -- pages -------------------------------------------------------------------------------
    def _build_pin_page(self) -> QWidget:
        page = QWidget()
        self.pin_title = QLabel()
        self.pin_title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.pin_explain = QLabel()
        self.pin_explain.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Admin PIN"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setPlaceholderText(self.tr("Repeat the PIN"))
        self.pin_message = QLabel()
        self.pin_message.setWordWrap(True)
        self.pin_message.setStyleSheet("color: #c62828; font-size: 12pt;")
        self.submit_button = QPushButton()
        self.cancel_button = QPushButton(self.tr("Close"))
        keypad = QGridLayout()
        for index, key in enumerate("123456789"):
            keypad.addWidget(self._key_button(key), index // 3, index % 3)
        erase = QPushButton("⌫")
        erase.clicked.connect(lambda: self._focused_field().backspace())
        keypad.addWidget(erase, 3, 0)
        keypad.addWidget(self._key_button("0"), 3, 1)
        layout = QVBoxLayout(page)
        for widget in (self.pin_title, self.pin_explain, self.pin, self.repeat):
            layout.addWidget(widget)
        self.keypad = QWidget()
        self.keypad.setLayout(keypad)
        layout.addWidget(self.keypad)
        layout.addWidget(self.pin_message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.submit_button.clicked.connect(self.submit)
        self.pin.returnPressed.connect(self.submit)
        self.repeat.returnPressed.connect(self.submit)
        self.cancel_button.clicked.connect(self.close_drawer)
        return page

    def _key_button(self, key: str) -> QPushButton:
        button = QPushButton(key)
        button.clicked.connect(lambda: self._focused_field().insert(key))
        return button

    def _focused_field(self) -> QLineEdit:
        return self.repeat if self.repeat.hasFocus() and self.repeat.isVisible() else self.pin

    def _build_admin_page(self, page_titles: dict[str, str]) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("Administrator"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.leave_button = QPushButton(self.tr("Leave kiosk mode"))
        self.settings_button = QPushButton(self.tr("Settings…"))
        tabs_box = QGroupBox(self.tr("Tabs shown in the kiosk"))
        tabs_layout = QVBoxLayout(tabs_box)
        self.tab_checks: dict[str, QCheckBox] = {}
        for page_id, text in page_titles.items():
            check = QCheckBox(text)
            self.tab_checks[page_id] = check
            tabs_layout.addWidget(check)
        self.apply_tabs_button = QPushButton(self.tr("Show these tabs"))
        tabs_layout.addWidget(self.apply_tabs_button)
        self.tabs_note = QLabel()
        self.tabs_note.setWordWrap(True)
        tabs_layout.addWidget(self.tabs_note)
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.log_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.log_view.setStyleSheet("font-family: monospace; font-size: 9pt;")
        self.refresh_log_button = QPushButton(self.tr("Reload the log"))
        self.lock_button = QPushButton(self.tr("Lock and close"))
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(self.leave_button)
        layout.addWidget(self.settings_button)
        layout.addWidget(tabs_box)
        layout.addWidget(QLabel(self.tr("Log: %1").replace("%1", str(self.log_file))))
        layout.addWidget(self.log_view, 1)
        layout.addWidget(self.refresh_log_button)
        layout.addWidget(self.lock_button)
        self.leave_button.clicked.connect(self.leave_requested.emit)
        self.settings_button.clicked.connect(self.settings_requested.emit)
        self.apply_tabs_button.clicked.connect(self._apply_tabs)
        self.refresh_log_button.clicked.connect(self.show_log)
        self.lock_button.clicked.connect(self.close_drawer)
        return page

    # -- commands ----------------------------------------------------------------------------
    def open_drawer(self, visible_tabs: Sequence[str], tabs_locked: bool) -> None:
        """Show the PIN page (the admin page needs the PIN every time)."""
        for page_id, check in self.tab_checks.items():
            check.setChecked(page_id in visible_tabs)
        self.tabs_note.setText(
            self.tr("The site configuration sets these tabs; a change lasts until the next start.")
            if tabs_locked
            else ""
        )
        self.stack.setCurrentIndex(0)
        # A PIN that was never set cannot be chosen here, where any passer-by could claim the
        # device: it is set at installation or by root (kiosk set-pin); the drawer says how.
        unset = not self.admin_pin.has_pin
        self.pin_title.setText(self.tr("No admin PIN yet") if unset else self.tr("Administrator"))
        self.pin_explain.setText(
            self.tr(
                "This kiosk has no admin PIN yet, and it cannot be chosen on this screen, where "
                "anyone could. The administrator sets it on the device: at installation (sudo "
                "edgestudio kiosk install asks for it), or with sudo edgestudio kiosk set-pin "
                "--user KIOSK-USER, which reads the PIN from standard input."
            )
            if unset
            else self.tr("Enter the admin PIN to manage this kiosk.")
        )
        for widget in (self.pin, self.keypad, self.submit_button):
            widget.setVisible(not unset)
        self.repeat.setVisible(False)
        self.submit_button.setText(self.tr("Unlock"))
        self.pin.clear()
        self.repeat.clear()
        self.pin_message.clear()
        self.show()
        self.raise_()
        self.pin.setFocus()
        self._update_wait()
        self._idle.start()

    def submit(self) -> None:
        """Check (or set) the PIN; wrong PINs are delayed and counted by ``AdminPin``."""
        self._idle.start()
        pin = self.pin.text()
        self.pin.clear()
        self.repeat.clear()
        if not self.admin_pin.has_pin:
            self.pin_message.setText(self.tr("No admin PIN is set; it cannot be chosen here."))
            return
        try:
            check = self.admin_pin.check(pin)
            if not check.accepted:
                self.pin_message.setText(tr_message(check.message))
                self._update_wait()
                return
        except EdgeStudioError as exc:
            self.pin_message.setText(exception_text(exc))
            return
        self._show_admin_page()

    def _show_admin_page(self) -> None:
        self.stack.setCurrentIndex(1)
        self.show_log()
        self.unlocked.emit()

    def show_log(self) -> None:
        self.log_view.setPlainText(read_log_tail(self.log_file))
        bar = self.log_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _apply_tabs(self) -> None:
        self._idle.start()
        chosen = [page_id for page_id, check in self.tab_checks.items() if check.isChecked()]
        if not chosen:
            self.tabs_note.setText(self.tr("Choose at least one tab."))
            return
        self.tabs_chosen.emit(chosen)

    def _update_wait(self) -> None:
        """Disable the PIN entry while a delay or lockout runs, with a countdown."""
        status = self.admin_pin.status()
        waiting = not status.may_try
        self.submit_button.setEnabled(not waiting)
        self.pin.setEnabled(not waiting)
        if waiting:
            seconds = max(1, round(status.wait_s))
            text = (
                self.tr("Too many wrong PINs. Locked for %1 s.")
                if status.locked_out
                else self.tr("Wrong PIN. Wait %1 s before the next try.")
            )
            self.pin_message.setText(text.replace("%1", str(seconds)))
            self._countdown.start()
        elif self._countdown.isActive():
            self._countdown.stop()
            self.pin_message.setText(self.tr("You can try again."))
            self.pin.setFocus()

    def close_drawer(self) -> None:
        """Hide the drawer and forget the unlocked state."""
        self._countdown.stop()
        self._idle.stop()
        self.pin.clear()
        self.repeat.clear()
        self.stack.setCurrentIndex(0)
        self.hide()
        self.closed.emit()
