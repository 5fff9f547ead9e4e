"""SettingsDialog: the GUI's language and theme, and the site server (its section,
``site_server_section``, when the dialog is given the app context), saved to the user config.

Settings the site configuration sets (kiosks) are shown but disabled, with the reason. The
theme applies at once; the language applies at the next start (every widget would otherwise
have to rebuild its texts), and the dialog says so.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from edgestudio.context import AppContext
from edgestudio.core.config import AppConfig, ConfigStore
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.ui.i18n import LANGUAGES, QT_TRANSLATE_NOOP, error_text
from edgestudio.ui.site_server_section import SiteServerSection
from edgestudio.ui.theme import apply_theme

THEME_NAMES = {
    "system": QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("SettingsDialog", "Light"),
    "dark": QT_TRANSLATE_NOOP("SettingsDialog", "Dark"),
}


class SettingsDialog(QDialog):
    """GUI thread only. ``saved`` fires after the user config was written."""

    saved = Signal()

    def __init__(
        self,
        config: AppConfig,
        store: ConfigStore,
        parent: QWidget | None = None,
        ctx: AppContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(420)
        self._config, self._store = config, store
        self.language = QComboBox()
        self.language.addItem(self.tr("Follow the system"), "system")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own words
        self.language.setCurrentIndex(max(0, self.language.findData(config.ui.language)))
        self.theme = QComboBox()
        for code, name in THEME_NAMES.items():
            self.theme.addItem(self.tr(name), code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(config.ui.theme)))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #e53935;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Theme"), self.theme)
        for combo, key in ((self.language, "language"), (self.theme, "theme")):
            if store.is_locked("ui", key):
                combo.setEnabled(False)
                combo.setToolTip(self.tr("Set by the site configuration."))
                form.addRow("", QLabel(self.tr("set by the site configuration")))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.site: SiteServerSection | None = SiteServerSection(ctx, self) if ctx is not None else None
        if self.site is not None:
            layout.addWidget(self.site)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.language.currentIndexChanged.connect(self._update_note)
        self._update_note()

    def _update_note(self) -> None:
        changed = self.language.currentData() != self._config.ui.language
        self.note.setText(
            self.tr("The new language is used from the next start of EdgeStudio.")
            if changed
            else self.tr("The theme changes at once; a new language is used from the next start.")
        )

    def save(self) -> None:
        """Write the choices to the user config and apply the theme; stays open on failure."""
        ui = self._config.ui
        previous = (ui.language, ui.theme)
        if self.language.isEnabled():
            ui.language = self.language.currentData()
        if self.theme.isEnabled():
            ui.theme = self.theme.currentData()
        try:
            self._store.save(self._config)
            if self.site is not None:
                self.site.save()  # its token file, the config again, the remote runtime
        except EdgeStudioError as exc:
            ui.language, ui.theme = previous
            info = ErrorInfo.from_exception(exc)
            self.error.setText(
                self.tr("The settings could not be saved: {detail}").format(detail=error_text(info))
            )
            self.error.show()
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, ui.theme)
        self.saved.emit()
        self.accept()
