"""VoiceModelPanel: the Whisper model, its precision and threads, and the spoken language.

GUI thread only. It says which settings the hardware suggests and why, and adds model
folders to the store in the background.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from edgestudio.core.deployments import Deployment
from edgestudio.core.errors import ErrorInfo
from edgestudio.core.hardware import DeviceReport, HardwareProfile
from edgestudio.core.types import TASK_SPEECH
from edgestudio.tasks.speech.engine import MODEL_FORMAT as SPEECH_FORMAT
from edgestudio.tasks.speech.engine import SpeechSettings, choose_settings
from edgestudio.tasks.speech.models import SpeechModel, add_speech_model, speech_models
from edgestudio.ui.i18n import QT_TRANSLATE_NOOP, tr_message
from edgestudio.ui.tab_protocol import mark_admin_only
from edgestudio.ui.widgets.eliding_combo import ElidingComboBox
from edgestudio.ui.widgets.feedback import show_warning
from edgestudio.ui.widgets.runtime_picker import RuntimePicker
from edgestudio.ui.widgets.site_state_note import SITE_RUNTIME
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


def language_name(code: str) -> str:
    """The spoken language ``code`` ("zh") by its name in the GUI's language (GUI thread)."""
    label = next((label for label, value in LANGUAGES if value == code), None)
    return QCoreApplication.translate("VoiceModelPanel", label) if label else code


MULTILINGUAL_ROLE = Qt.ItemDataRole.UserRole + 1  # whether a model understands more than English


class VoiceModelPanel(QGroupBox):
    """GUI thread only. ``changed`` when the model or an engine setting changes."""

    changed = Signal()
    status_message = Signal(str)
    model_add_failed = Signal(object)  # ErrorInfo
    optimize_requested = Signal(str)  # the selected model's folder: open the Optimize wizard on it

    def __init__(
        self, models_dir: Path, cache_dir: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Model"))
        self.models_dir = models_dir
        self.cache_dir = cache_dir  # where models shipped in parts are joined
        self.language_note = ""  # why the model was switched for the language, when it was
        self._profile: HardwareProfile | None = None
        self._cuda = False
        self.model = ElidingComboBox()
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
        # where Whisper runs: this device's runtimes, or the site server (with this model as
        # its fallback) when one is set in Settings; the picker Detect uses
        self.runtime = RuntimePicker(TASK_SPEECH)
        self.runtime.set_model_format(SPEECH_FORMAT)
        form = QFormLayout(self)
        form.addRow(self.model)
        self.optimize_button = QPushButton(self.tr("Optimize…"))
        self.optimize_button.setToolTip(
            self.tr(
                "Compare compute types and thread counts of this model on this device, "
                "by word error rate and speed"
            )
        )
        self.optimize_button.clicked.connect(
            lambda: self.optimize_requested.emit(str(self.model.currentData() or ""))
        )
        model_buttons = QHBoxLayout()
        model_buttons.addWidget(self.optimize_button)
        model_buttons.addWidget(self.add_model)
        form.addRow(model_buttons)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Precision"), self.compute)
        form.addRow(self.tr("Threads"), self.threads)
        form.addRow(self.runtime)
        form.addRow(self.settings_label)
        self.model.currentIndexChanged.connect(self._on_changed)
        self.compute.currentIndexChanged.connect(self._on_changed)
        self.threads.valueChanged.connect(self._on_changed)
        self.runtime.changed.connect(self._on_changed)
        self.language.currentIndexChanged.connect(self._on_language_changed)
        self.add_model.clicked.connect(self._add_model_clicked)
        mark_admin_only(self.add_model, self.optimize_button)
        self.reload_models()

    @property
    def has_model(self) -> bool:
        return self.model.count() > 0

    def reload_models(self) -> None:
        self.model.blockSignals(True)
        self.model.clear()
        for model in speech_models(self.models_dir, self.cache_dir):
            self.model.addItem(tr_message(model.name), str(model.path))
            row = self.model.count() - 1
            self.model.setItemData(row, model.provenance, Qt.ItemDataRole.ToolTipRole)
            self.model.setItemData(row, model.multilingual, MULTILINGUAL_ROLE)
        self.model.blockSignals(False)
        if not self.has_model:
            self.settings_label.setText(self.tr("No Whisper model installed: run scripts/install.sh."))

    def set_hardware(self, profile: HardwareProfile, cuda_available: bool) -> None:
        self._profile, self._cuda = profile, cuda_available
        self.settings_label.setText(tr_message(self.settings().reason))

    def set_device_report(self, report: DeviceReport) -> None:
        """The runtimes that serve speech here (the site server among them) and the settings
        the hardware suggests; keeps the runtime chosen when it still works. GUI thread."""
        self.runtime.set_report(report, *self.runtime.selection())
        best = report.best(TASK_SPEECH, SPEECH_FORMAT)
        self.set_hardware(report.profile, best is not None and best.device == "cuda")

    def settings(self) -> SpeechSettings:
        """The engine settings: the hardware's recommendation unless the user chose otherwise,
        on the runtime and device the picker names ("": the best-ranked, before the check)."""
        backend, device = self.runtime.selection()
        cuda = device == "cuda" if backend and backend != SITE_RUNTIME else self._cuda  # the fallback's
        if self._profile is None:
            settings = SpeechSettings("cpu", "int8", 0, 5, "CPU, int8 (device check still running).")
        else:
            settings = choose_settings(self._profile, cuda)
        compute = self.compute.currentData() or settings.compute_type
        threads = self.threads.value() or settings.threads
        reason = settings.reason
        if (compute, threads) != (settings.compute_type, settings.threads):
            reason = self.tr("Your choice: {0}, {1} threads. Recommended: {2}").format(
                compute, threads, tr_message(settings.reason)
            )
        return SpeechSettings(settings.device, compute, threads, settings.beam_size, reason, backend)

    def apply_deployment(self, active: Deployment | None) -> None:
        """Use the optimizer's deployed speech settings (model, compute type, threads), or the
        recommendation again after a rollback (``active`` None). GUI thread."""
        settings = active.settings if active is not None else {}
        if active is not None:
            row = self.model.findData(active.path)
            if row >= 0:
                self.model.setCurrentIndex(row)
        compute = str(settings.get("compute_type", ""))
        if compute and self.compute.findData(compute) < 0:
            self.compute.addItem(compute, compute)
        self.compute.setCurrentIndex(max(0, self.compute.findData(compute)))
        self.threads.setValue(int(settings.get("threads", 0)))

    def choice(self) -> tuple[str, SpeechSettings] | None:
        """The chosen model folder and settings, or None when no model is installed."""
        model_path = self.model.currentData()
        return (str(model_path), self.settings()) if model_path else None

    def language_code(self) -> str | None:
        return self.language.currentData()

    def set_language(self, code: str | None) -> None:
        """Choose the spoken language (a multilingual model is picked for one other than
        English when the current model understands only English)."""
        self.language.setCurrentIndex(max(0, self.language.findData(code)))

    def model_is_multilingual(self) -> bool:
        return bool(self.model.currentData(MULTILINGUAL_ROLE))

    def _on_language_changed(self) -> None:
        """An English-only model (tiny.en) cannot transcribe another language: switch to the
        first multilingual model and say why, or say that one is needed."""
        code = self.language_code()
        self.language_note = ""
        if code != "en" and self.has_model and not self.model_is_multilingual():
            english_only = self.model.currentText()
            row = next(
                (i for i in range(self.model.count()) if self.model.itemData(i, MULTILINGUAL_ROLE)), -1
            )
            if row >= 0:
                self.model.setCurrentIndex(row)
                self.language_note = self.tr("{0} understands only English: switched to {1} for {2}.").format(
                    english_only, self.model.currentText(), self.language.currentText()
                )
            else:
                self.language_note = self.tr(
                    "{0} understands only English. Add a multilingual Whisper model for {1}."
                ).format(english_only, self.language.currentText())
            self.status_message.emit(self.language_note)
        self._on_changed()

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
        reason = tr_message(self.settings().reason)
        self.settings_label.setText(f"{self.language_note}\n{reason}" if self.language_note else reason)
        self.changed.emit()
