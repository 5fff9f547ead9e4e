"""VoiceTab: transcribe files and the microphone with Whisper; keep a searchable history."""

from __future__ import annotations

import html
import logging
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from edgestudio.backends.speech import Segment, TranscribeOptions
from edgestudio.context import AppContext
from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.types import LoadedInfo
from edgestudio.tasks.speech.engine import (
    FileJob,
    PhraseJob,
    PhraseText,
    SegmentProgress,
    SpeechSettings,
    Transcript,
    build_speech_engine,
    choose_settings,
)
from edgestudio.tasks.speech.export import FORMATS, export
from edgestudio.tasks.speech.history import TranscriptHistory
from edgestudio.tasks.speech.models import SpeechModel, add_speech_model, speech_models
from edgestudio.tasks.speech.vad import PhraseEvent
from edgestudio.ui.widgets.feedback import show_warning, sidebar
from edgestudio.ui.widgets.segment_table import SegmentTable, clock
from edgestudio.workers.jobs import run_job
from edgestudio.workers.live_audio import LiveListener, list_input_devices
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.speech_process import SpeechProcess

log = logging.getLogger(__name__)
LANGUAGES = [
    ("Auto-detect", None),
    ("English", "en"),
    ("German", "de"),
    ("French", "fr"),
    ("Spanish", "es"),
    ("Italian", "it"),
    ("Dutch", "nl"),
    ("Portuguese", "pt"),
    ("Polish", "pl"),
    ("Japanese", "ja"),
    ("Chinese", "zh"),
]
AUDIO_FILTER = (
    "Audio and video (*.wav *.mp3 *.flac *.ogg *.opus *.m4a *.aac *.wma *.mp4 *.mkv *.mov *.webm);;"
    "All files (*)"
)


class VoiceTab(QWidget):
    """GUI thread only. One speech session serves both file and live transcription."""

    status_message = Signal(str)
    transcript_finished = Signal(object)  # Transcript, or None when cancelled or failed
    live_text = Signal(object)  # PhraseText
    model_add_failed = Signal(object)  # ErrorInfo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.history = TranscriptHistory(ctx.paths.data_dir / "transcripts.db")
        self.model = QComboBox()
        self.settings_label = QLabel("Checking this device…")
        self.settings_label.setWordWrap(True)
        self.add_model = QPushButton("Add model folder…")
        self.add_model.setToolTip(
            "A faster-whisper (CTranslate2) model folder: model.bin, config.json, tokenizer.json"
        )
        self.threads = QSpinBox()
        self.threads.setRange(0, 64)
        self.threads.setSpecialValueText("auto")
        self.compute = QComboBox()
        for label, value in (("Recommended", ""), ("int8 (fast)", "int8"), ("float32 (exact)", "float32")):
            self.compute.addItem(label, value)
        self.file_path = QLineEdit()
        self.file_path.setPlaceholderText("An audio or video file")
        self.browse = QPushButton("Browse…")
        self.language = QComboBox()
        for label, code in LANGUAGES:
            self.language.addItem(label, code)
        self.words = QCheckBox("Word timestamps")
        self.transcribe_button = QPushButton("Transcribe")
        self.cancel_button = QPushButton("Cancel")
        self.progress = QProgressBar()
        self.progress.setFormat("%p% of the audio")
        self.mic = QComboBox()
        self.mic.setPlaceholderText("No microphone")
        self.listen_button = QPushButton("Start listening")
        self.level = QProgressBar()
        self.level.setRange(-60, 0)
        self.level.setFormat("%v dB")
        self.level.setValue(-60)
        self.mic_state = QLabel("")
        self.mic_state.setWordWrap(True)
        self.segments = SegmentTable()
        self.export_buttons = {fmt: QPushButton(fmt.upper()) for fmt in FORMATS}
        self.result_label = QLabel("")
        self.live_view = QTextBrowser()
        self.history_search = QLineEdit()
        self.history_search.setPlaceholderText("Search transcripts")
        self.history_list = QListWidget()
        self.history_view = SegmentTable()
        self.history_delete = QPushButton("Delete")
        self.pages = QTabWidget()
        self._build_layout()

        self._profile: HardwareProfile | None = None
        self._cuda = False
        self._session: InferenceSession | None = None
        self._session_key: tuple[str, SpeechSettings] | None = None
        self._files: SpeechProcess | None = None
        self._files_key: tuple[str, SpeechSettings] | None = None
        self._pending: PhraseJob | None = None
        self._busy_file = False
        self._phrase_in_flight = False
        self._live: LiveListener | None = None
        self._live_lines: list[PhraseText] = []
        self._live_partial = ""
        self._live_started = 0.0
        self._shown: list[Segment] = []
        self._shown_meta: dict[str, object] = {}

        self.browse.clicked.connect(self._browse)
        self.transcribe_button.clicked.connect(self._transcribe_clicked)
        self.cancel_button.clicked.connect(self.cancel)
        self.listen_button.clicked.connect(self._listen_clicked)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, f=fmt: self._export_clicked(f))
        self.history_search.textChanged.connect(lambda _t: self.reload_history())
        self.history_list.currentItemChanged.connect(self._history_selected)
        self.history_delete.clicked.connect(self._delete_selected)
        self.model.currentIndexChanged.connect(self._settings_changed)
        self.compute.currentIndexChanged.connect(self._settings_changed)
        self.threads.valueChanged.connect(self._settings_changed)
        self.add_model.clicked.connect(self._add_model_clicked)
        self.reload_models()
        self.reload_history()
        self.refresh_microphones()
        self._update_buttons()

    # -- layout ------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        side = QVBoxLayout()
        model_box = QGroupBox("Model")
        model_form = QFormLayout(model_box)
        model_form.addRow(self.model)
        model_form.addRow(self.add_model)
        model_form.addRow("Precision", self.compute)
        model_form.addRow("Threads", self.threads)
        model_form.addRow(self.settings_label)
        side.addWidget(model_box)
        file_box = QGroupBox("Transcribe a file")
        file_form = QFormLayout(file_box)
        row = QHBoxLayout()
        row.addWidget(self.file_path, 1)
        row.addWidget(self.browse)
        file_form.addRow(row)
        file_form.addRow("Language", self.language)
        file_form.addRow(self.words)
        buttons = QHBoxLayout()
        buttons.addWidget(self.transcribe_button)
        buttons.addWidget(self.cancel_button)
        file_form.addRow(buttons)
        file_form.addRow(self.progress)
        side.addWidget(file_box)
        live_box = QGroupBox("Microphone")
        live_form = QFormLayout(live_box)
        live_form.addRow(self.mic)
        live_form.addRow(self.listen_button)
        live_form.addRow("Level", self.level)
        live_form.addRow(self.mic_state)
        side.addWidget(live_box)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        scroll = sidebar(side_widget, 340)

        transcript_page = QWidget()
        page = QVBoxLayout(transcript_page)
        page.addWidget(self.result_label)
        page.addWidget(self.segments, 1)
        exports = QHBoxLayout()
        exports.addWidget(QLabel("Export:"))
        for button in self.export_buttons.values():
            exports.addWidget(button)
        exports.addStretch(1)
        page.addLayout(exports)
        history_page = QWidget()
        hist = QHBoxLayout(history_page)
        left = QVBoxLayout()
        left.addWidget(self.history_search)
        left.addWidget(self.history_list, 1)
        left.addWidget(self.history_delete)
        hist.addLayout(left, 1)
        hist.addWidget(self.history_view, 2)
        self.pages.addTab(transcript_page, "Transcript")
        self.pages.addTab(self.live_view, "Live")
        self.pages.addTab(history_page, "History")
        layout = QHBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.pages, 1)

    # -- models and settings -----------------------------------------------------------------
    def reload_models(self) -> None:
        self.model.blockSignals(True)
        self.model.clear()
        for model in speech_models(self.ctx.paths.models_dir):
            self.model.addItem(model.name, str(model.path))
            self.model.setItemData(self.model.count() - 1, model.provenance, Qt.ItemDataRole.ToolTipRole)
        self.model.blockSignals(False)
        if self.model.count() == 0:
            self.settings_label.setText("No Whisper model installed: run scripts/install.sh.")

    def set_hardware(self, profile: HardwareProfile, cuda_available: bool) -> None:
        self._profile, self._cuda = profile, cuda_available
        self.settings_label.setText(self._settings().reason)

    def _settings(self) -> SpeechSettings:
        if self._profile is None:
            settings = SpeechSettings("cpu", "int8", 0, 5, "CPU, int8 (device check still running).")
        else:
            settings = choose_settings(self._profile, self._cuda)
        compute = self.compute.currentData() or settings.compute_type
        threads = self.threads.value() or settings.threads
        if (compute, threads) != (settings.compute_type, settings.threads):
            return SpeechSettings(
                settings.device,
                compute,
                threads,
                settings.beam_size,
                f"Your choice: {compute}, {threads} threads. Recommended: {settings.reason}",
            )
        return settings

    def add_model_folder(self, folder: Path) -> None:
        """Validate and copy a Whisper model folder into the store (in the background)."""
        self.add_model.setEnabled(False)

        def done(model: SpeechModel) -> None:
            self.add_model.setEnabled(True)
            self.reload_models()
            self.model.setCurrentIndex(max(0, self.model.findData(str(model.path))))
            self.status_message.emit(f"Added {model.name}.")

        def failed(error: ErrorInfo) -> None:
            self.add_model.setEnabled(True)
            show_warning(self, error)
            self.model_add_failed.emit(error)

        run_job(lambda: add_speech_model(self.ctx.paths.models_dir, folder), done, failed)

    def _add_model_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a Whisper model folder")
        if folder:
            self.add_model_folder(Path(folder))

    def _settings_changed(self) -> None:
        self.settings_label.setText(self._settings().reason)
        if not self._busy_file and not self._live:
            self._close_session()

    # -- file transcription ------------------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose audio", "", AUDIO_FILTER)
        if path:
            self.file_path.setText(path)

    def _transcribe_clicked(self) -> None:
        self.transcribe(Path(self.file_path.text().strip()))

    def transcribe(self, path: Path) -> None:
        if self._busy_file or self._live is not None:
            return
        if not path.is_file():
            self._show_error(ErrorInfo("No such file", f"{path} does not exist.", "", "SourceError"))
            return
        options = TranscribeOptions(
            language=self.language.currentData(),
            word_timestamps=self.words.isChecked(),
            beam_size=self._settings().beam_size,
        )
        self._busy_file = True
        self.file_path.setText(str(path))
        self.segments.set_segments([])
        self._shown, self._shown_meta = [], {}
        self.progress.setValue(0)
        self.result_label.setText(f"Transcribing {path.name}…")
        self.pages.setCurrentIndex(0)
        self._update_buttons()
        files = self._ensure_files()
        if files is None:
            self._busy_file = False
            self._update_buttons()
            return
        files.submit(FileJob(path, options))

    def cancel(self) -> None:
        """Stop the file now; the app is ready for the next one at once."""
        if not self._busy_file or self._files is None:
            return
        self._files.cancel()
        self._busy_file = False
        self.result_label.setText(f"Cancelled after {len(self.segments.segments)} segments.")
        self.transcript_finished.emit(None)
        self._update_buttons()

    # -- live --------------------------------------------------------------------------------
    def refresh_microphones(self) -> None:
        self.mic.clear()
        try:
            devices = list_input_devices()
        except EdgeStudioError as exc:
            devices = []
            self.mic_state.setText(str(exc))
        for device in devices:
            self.mic.addItem(device.name + (" (default)" if device.default else ""), device.index)
        if not devices and not self.mic_state.text():
            self.mic_state.setText("No microphone found. File transcription works without one.")
        elif devices:
            self.mic_state.setText("")
        self._update_buttons()

    def _listen_clicked(self) -> None:
        if self._live is None:
            self.start_listening()
        else:
            self.stop_listening()

    def start_listening(self) -> None:
        if self._busy_file or self._live is not None:
            return
        listener = LiveListener(self.mic.currentData())
        listener.level.connect(lambda db: self.level.setValue(int(max(-60, min(0, db)))))
        listener.phrase.connect(self._on_phrase)
        listener.failed.connect(self._on_live_failed)
        try:
            listener.start()
        except EdgeStudioError as exc:
            self.mic_state.setText(exc.message)
            self.status_message.emit(str(exc))
            self.pages.setCurrentIndex(1)
            self.live_view.setHtml(f"<p style='color:#c62828'>{exc.message}</p><p>{exc.hint}</p>")
            return
        self._live = listener
        self._live_lines, self._live_partial = [], ""
        self._live_started = time.perf_counter()
        self.mic_state.setText("Listening…")
        self.pages.setCurrentIndex(1)
        self._render_live()
        self._ensure_session()
        self._update_buttons()

    def stop_listening(self) -> None:
        if self._live is None:
            return
        self._live.stop()
        self._live = None
        self.level.setValue(-60)
        finals = [line for line in self._live_lines if line.text]
        if finals:
            segments = [Segment(0.0, line.audio_seconds, line.text) for line in finals]
            title = time.strftime("Live %Y-%m-%d %H:%M")
            self.history.save(
                title,
                "microphone",
                self.model.currentText(),
                {"live": True},
                "en",
                sum(line.audio_seconds for line in finals),
                segments,
            )
            self.reload_history()
        self.mic_state.setText("Stopped.")
        self._update_buttons()

    def _on_phrase(self, event: PhraseEvent) -> None:
        if self._live is None:
            return
        if not event.final and self._phrase_in_flight:
            return  # a partial is still being decoded: skip this one, never queue
        job = PhraseJob(
            event.audio,
            event.speech_ended_at,
            event.final,
            TranscribeOptions(language=self.language.currentData()),
        )
        self._phrase_in_flight = True
        self._run(job)

    def _on_live_failed(self, error: ErrorInfo) -> None:
        self.stop_listening()
        self.mic_state.setText(error.text())
        self.status_message.emit(f"{error.title}: {error.text()}")

    def _render_live(self) -> None:
        lines = [f"<p>{html.escape(line.text)}</p>" for line in self._live_lines if line.text]
        if self._live_partial:
            lines.append(f"<p style='color:gray'><i>{html.escape(self._live_partial)}</i></p>")
        if not lines:
            lines.append("<p style='color:gray'>Speak: the text appears here.</p>")
        self.live_view.setHtml("".join(lines))
        bar = self.live_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    # -- session -----------------------------------------------------------------------------
    def _model_choice(self) -> tuple[str, SpeechSettings] | None:
        """The chosen model folder and engine settings; says so when no model is installed."""
        model_path = self.model.currentData()
        if not model_path:
            self._show_error(
                ErrorInfo("No model", "No Whisper model is installed.", "Run scripts/install.sh.", "")
            )
            return None
        return model_path, self._settings()

    def _ensure_session(self) -> InferenceSession | None:
        """The in-process session for live phrases (loaded on first use)."""
        choice = self._model_choice()
        if choice is None:
            return None
        model_path, settings = choice
        key = (model_path, settings)
        if self._session is not None and self._session_key == key:
            return self._session
        if self._session is not None:
            self._session.close()
            self._session.deleteLater()
        registry = self.ctx.registry
        session = InferenceSession(
            lambda report: build_speech_engine(registry, Path(model_path), settings, report), "speech"
        )
        session.loaded.connect(self._on_loaded)
        session.progress.connect(self._on_progress)
        session.result.connect(self._on_result)
        session.failed.connect(self._on_failed)
        self._session, self._session_key = session, key
        session.load()
        return session

    def _ensure_files(self) -> SpeechProcess | None:
        """The warm worker process for file transcription (started on first use)."""
        choice = self._model_choice()
        if choice is None:
            return None
        model_path, settings = choice
        key = (model_path, settings)
        if self._files is not None and self._files_key == key:
            return self._files
        if self._files is not None:
            self._files.close()
            self._files.deleteLater()
        files = SpeechProcess(Path(model_path), settings, self)
        files.progress.connect(self._on_progress)
        files.finished.connect(self._finish_file)
        files.failed.connect(self._on_file_failed)
        self._files, self._files_key = files, key
        files.start()
        return files

    def _on_file_failed(self, error: ErrorInfo) -> None:
        was_busy = self._busy_file
        self._busy_file = False
        self._show_error(error)
        if was_busy:
            self.transcript_finished.emit(None)
        self._update_buttons()

    def _run(self, job: PhraseJob) -> None:
        session = self._ensure_session()
        if session is None:
            return
        if session.info is None:
            self._pending = job  # submitted once loaded
        else:
            session.submit(job)

    def _on_loaded(self, info: LoadedInfo) -> None:
        self.status_message.emit(
            f"{info.model_name} ready ({info.details.get('compute_type')}, "
            f"{info.load_ms / 1000:.1f} s to load)"
        )
        if self._pending is not None and self._session is not None:
            self._session.submit(self._pending)
            self._pending = None

    def _on_progress(self, item: object) -> None:
        if isinstance(item, SegmentProgress) and self._busy_file:
            self.segments.add_segment(item.segment)
            self.progress.setValue(round(item.fraction * 100))
            self.result_label.setText(
                f"Transcribing… {clock(item.segment.end)} of {clock(item.info.duration)} "
                f"({item.info.language})"
            )

    def _on_result(self, result: object) -> None:
        if isinstance(result, PhraseText):
            self._phrase_in_flight = False
            if result.final:
                self._live_lines.append(result)
                self._live_partial = ""
            else:
                self._live_partial = result.text
            self._render_live()
            self.live_text.emit(result)

    def _finish_file(self, transcript: Transcript) -> None:
        self._busy_file = False
        self.progress.setValue(100)
        self._shown = list(transcript.segments)
        self._shown_meta = {
            "source": transcript.source,
            "language": transcript.info.language,
            "duration": transcript.info.duration,
            "model": transcript.model,
        }
        self.result_label.setText(
            f"{Path(transcript.source).name}: {clock(transcript.info.duration)} of audio in "
            f"{transcript.seconds:.1f} s ({transcript.speed:.1f}x real time), "
            f"language {transcript.info.language}"
        )
        if transcript.segments:
            self.history.save(
                Path(transcript.source).name,
                transcript.source,
                transcript.model,
                transcript.settings,
                transcript.info.language,
                transcript.info.duration,
                transcript.segments,
            )
            self.reload_history()
        self.transcript_finished.emit(transcript)
        self._update_buttons()

    def _on_failed(self, error: ErrorInfo) -> None:
        """The live session failed (model load or a phrase)."""
        self._phrase_in_flight = False
        self._pending = None
        if self._session is not None and self._session.info is None:
            self._close_session()
        self.mic_state.setText(f"{error.title}: {error.text()}")
        self.status_message.emit(f"{error.title}: {error.text()}")
        self._update_buttons()

    def _show_error(self, error: ErrorInfo) -> None:
        self.result_label.setText(f"<span style='color:#c62828'>{error.title}: {error.text()}</span>")
        self.status_message.emit(f"{error.title}: {error.text()}")

    # -- history and export ------------------------------------------------------------------
    def reload_history(self) -> None:
        self.history_list.clear()
        for saved in self.history.transcripts(self.history_search.text().strip()):
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(saved.created))
            item = QListWidgetItem(f"{saved.title}  ·  {clock(saved.duration)}  ·  {stamp}")
            item.setData(Qt.ItemDataRole.UserRole, saved.id)
            item.setToolTip(saved.text[:300])
            self.history_list.addItem(item)

    def _history_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        transcript_id = int(item.data(Qt.ItemDataRole.UserRole))
        saved = self.history.get(transcript_id)
        self.history_view.set_segments(self.history.segments(transcript_id))
        self._shown = list(self.history_view.segments)
        self._shown_meta = {
            "source": saved.source,
            "language": saved.language,
            "duration": saved.duration,
            "model": saved.model,
        }
        self._update_buttons()

    def _delete_selected(self) -> None:
        item = self.history_list.currentItem()
        if item is not None:
            self.history.delete(int(item.data(Qt.ItemDataRole.UserRole)))
            self.history_view.set_segments([])
            self.reload_history()

    def export_shown(self, path: Path, fmt: str) -> None:
        if not self._shown:
            raise EdgeStudioError("There is no transcript to export yet.")
        atomic_write_text(path, export(self._shown, fmt, dict(self._shown_meta)))

    def _export_clicked(self, fmt: str) -> None:
        stem = Path(str(self._shown_meta.get("source", "transcript"))).stem
        path, _ = QFileDialog.getSaveFileName(self, f"Export {fmt.upper()}", f"{stem}.{fmt}")
        if path:
            try:
                self.export_shown(Path(path), fmt)
            except EdgeStudioError as exc:
                self.status_message.emit(str(exc))
                return
            self.status_message.emit(f"Saved {path}")

    # -- state -------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        has_model = self.model.count() > 0
        listening = self._live is not None
        self.transcribe_button.setEnabled(has_model and not self._busy_file and not listening)
        self.cancel_button.setEnabled(self._busy_file)
        self.listen_button.setEnabled(has_model and not self._busy_file and self.mic.count() > 0)
        self.listen_button.setText("Stop listening" if listening else "Start listening")
        for button in self.export_buttons.values():
            button.setEnabled(bool(self._shown) and not self._busy_file)

    def _close_session(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session.deleteLater()
            self._session, self._session_key = None, None
        if self._files is not None:
            self._files.close()
            self._files.deleteLater()
            self._files, self._files_key = None, None

    def shutdown(self) -> None:
        self.stop_listening()
        if self._busy_file:
            self.cancel()
        self._close_session()
        self.history.close()
