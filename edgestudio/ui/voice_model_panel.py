"""VoiceModelPanel: the Whisper model, its precision and threads, and the spoken language.

GUI thread only. It says which settings the hardware suggests and why, and adds model
folders to the store in the background.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from edgestudio.core.errors import ErrorInfo
from edgestudio.core.hardware import HardwareProfile
from edgestudio.tasks.speech.engine import SpeechSettings, choose_settings
from edgestudio.tasks.speech.models import SpeechModel, add_speech_model, speech_models
from edgestudio.ui.i18n import QT_TRANSLATE_NOOP
from edgestudio.ui.widgets.feedback import show_warning
from edgestudio.workers.jobs import run_job

# Spoken languages (translated where they are shown).
LANGUAGES = [
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Auto-detect"), None),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "English"), "en"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "German"), "de"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "French"), "fr"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Spanish"), "es"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Italian"), "it"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Dutch"), "nl"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Portuguese"), "pt"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Polish"), "pl"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Japanese"), "ja"),
    (QT_TRANSLATE_NOOP("VoiceModelPanel", "Chinese"), "zh"),
]


class VoiceModelPanel(QGroupBox):
    """GUI thread only. ``changed`` when the model or an engine setting changes."""

    changed = Signal()
    status_message = Signal(str)
    model_add_failed = Signal(object)  # ErrorInfo

    def __init__(self, models_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Model"))
        self.models_dir = models_dir
        self._profile: HardwareProfile | None = None
        self._cuda = False
        self.model = QComboBox()
        self.add_model = QPushButton(self.tr("Add model folder…"))
        self.add_model.setToolTip(
            self.tr("A faster-whisper (CTranslate2) model folder: model.bin, config.json, tokenizer.json")
        )
        self.compute = QComboBox()
        for label, value in (
            (self.tr("Recommended"), ""),
            (self.tr("int8 (fast)"), "int8"),
            (self.tr("float32 (exact)"), "float32"),
        ):
            self.compute.addItem(label, value)
        self.threads = QSpinBox()
        self.threads.setRange(0, 64)
        self.threads.setSpecialValueText(self.tr("auto"))
        self.language = QComboBox()
        for label, code in LANGUAGES:
            self.language.addItem(self.tr(label), code)
        self.settings_label = QLabel(self.tr("Checking this device…"))
        self.settings_label.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.model)
        form.addRow(self.add_model)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Precision"), self.compute)
        form.addRow(self.tr("Threads"), self.threads)
        form.addRow(self.settings_label)
        self.model.currentIndexChanged.connect(self._on_changed)
        self.compute.currentIndexChanged.connect(self._on_changed)
        self.threads.valueChanged.connect(self._on_changed)
        self.add_model.clicked.connect(self._add_model_clicked)
        self.reload_models()

    @property
    def has_model(self) -> bool:
        return self.model.count() > 0

    def reload_models(self) -> None:
        self.model.blockSignals(True)
        self.model.clear()
        for model in speech_models(self.models_dir):
            self.model.addItem(model.name, str(model.path))
            self.model.setItemData(self.model.count() - 1, model.provenance, Qt.ItemDataRole.ToolTipRole)
        self.model.blockSignals(False)
        if not self.has_model:
            self.settings_label.setText(self.tr("No Whisper model installed: run scripts/install.sh."))

    def set_hardware(self, profile: HardwareProfile, cuda_available: bool) -> None:
        self._profile, self._cuda = profile, cuda_available
        self.settings_label.setText(self.settings().reason)

    def settings(self) -> SpeechSettings:
        """The engine settings: the hardware's recommendation unless the user chose otherwise."""
        if self._profile is None:
            settings = SpeechSettings("cpu", "int8", 0, 5, "CPU, int8 (device check still running).")
        else:
            settings = choose_settings(self._profile, self._cuda)
        compute = self.compute.currentData() or settings.compute_type
        threads = self.threads.value() or settings.threads
        if (compute, threads) != (settings.compute_type, settings.threads):
            reason = self.tr("Your choice: {0}, {1} threads. Recommended: {2}").format(
                compute, threads, settings.reason
            )
            return SpeechSettings(settings.device, compute, threads, settings.beam_size, reason)
        return settings

    def choice(self) -> tuple[str, SpeechSettings] | None:
        """The chosen model folder and settings, or None when no model is installed."""
        model_path = self.model.currentData()
        return (str(model_path), self.settings()) if model_path else None

    def language_code(self) -> str | None:
        return self.language.currentData()

    def add_model_folder(self, folder: Path) -> None:
        """Validate and copy a Whisper model folder into the store (in the background)."""
        self.add_model.setEnabled(False)

        def done(model: SpeechModel) -> None:
            self.add_model.setEnabled(True)
            self.reload_models()
            self.model.setCurrentIndex(max(0, self.model.findData(str(model.path))))
            self.status_message.emit(self.tr("Added {0}.").format(model.name))

        def failed(error: ErrorInfo) -> None:
            self.add_model.setEnabled(True)
            show_warning(self, error)
            self.model_add_failed.emit(error)

        run_job(lambda: add_speech_model(self.models_dir, folder), done, failed)

    def _add_model_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a Whisper model folder"))
        if folder:
            self.add_model_folder(Path(folder))

    def _on_changed(self) -> None:
        self.settings_label.setText(self.settings().reason)
        self.changed.emit()
