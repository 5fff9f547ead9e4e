"""FileTranscriptionPanel: choose a file, transcribe it in the warm worker process with
progress (reading, finding speech, then segments), cancel, and export what is shown.

GUI thread only. The panel is the sidebar group; ``page`` is the transcript page it fills
(status line, segment table, export buttons). Long error lines wrap instead of widening the
tab.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from edgestudio.backends.speech import Segment, TranscribeOptions
from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.tasks.speech.engine import FileJob, SegmentProgress, SpeechSettings, StageProgress, Transcript
from edgestudio.tasks.speech.export import FORMATS, export
from edgestudio.ui.i18n import QT_TRANSLATE_NOOP, exception_text
from edgestudio.ui.voice_model_panel import language_name
from edgestudio.ui.widgets.segment_table import SegmentTable, clock
from edgestudio.ui.widgets.site_state_note import SITE_RUNTIME
from edgestudio.workers.speech_process import SpeechProcess

AUDIO_FILTER = QT_TRANSLATE_NOOP(
    "FileTranscriptionPanel",
    "Audio and video (*.wav *.mp3 *.flac *.ogg *.opus *.m4a *.aac *.wma *.mp4 *.mkv *.mov *.webm);;"
    "All files (*)",
)
ModelChoice = Callable[[], "tuple[str, SpeechSettings] | None"]


def wrapping_label() -> QLabel:
    """A label that wraps long text and never asks for more width than its layout gives."""
    label = QLabel("")
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(1)
    return label


class FileTranscriptionPanel(QGroupBox):
    """GUI thread only. ``transcript_finished`` carries the Transcript, or None when the file
    was cancelled or failed."""

    transcript_finished = Signal(object)
    busy_changed = Signal(bool)
    status_message = Signal(str)
    site_state = Signal(str, object)  # (task, FallbackState): the worker's site server switched

    def __init__(
        self,
        model_choice: ModelChoice,
        language: Callable[[], str | None],
        site: Callable[[], Mapping[str, Any] | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        """``site``: the ``[site_server]`` settings the worker needs when Whisper runs on the
        site server (None otherwise)."""
        super().__init__(parent)
        self.setTitle(self.tr("Transcribe a file"))
        self._model_choice = model_choice
        self._site = site
        self._language = language
        self.file_path = QLineEdit()
        self.file_path.setPlaceholderText(self.tr("An audio or video file"))
        self.browse = QPushButton(self.tr("Browse…"))
        self.words = QCheckBox(self.tr("Word timestamps"))
        self.transcribe_button = QPushButton(self.tr("Transcribe"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%p% of the audio"))
        self.result_label = wrapping_label()
        self.segments = SegmentTable()
        self.export_buttons = {fmt: QPushButton(fmt.upper()) for fmt in FORMATS}
        self.page = QWidget()
        self._build_layout()
        self._worker: SpeechProcess | None = None
        self._worker_key: tuple[str, SpeechSettings] | None = None
        self.busy = False
        self.can_start = True
        self._shown: list[Segment] = []
        self._shown_meta: dict[str, object] = {}
        self.browse.clicked.connect(self._browse)
        self.transcribe_button.clicked.connect(lambda: self.transcribe(Path(self.file_path.text().strip())))
        self.cancel_button.clicked.connect(self.cancel)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, f=fmt: self._export_clicked(f))

    def _build_layout(self) -> None:
        form = QFormLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.file_path, 1)
        row.addWidget(self.browse)
        form.addRow(row)
        form.addRow(self.words)
        buttons = QHBoxLayout()
        buttons.addWidget(self.transcribe_button)
        buttons.addWidget(self.cancel_button)
        form.addRow(buttons)
        form.addRow(self.progress)
        page = QVBoxLayout(self.page)
        page.addWidget(self.result_label)
        page.addWidget(self.segments, 1)
        exports = QHBoxLayout()
        exports.addWidget(QLabel(self.tr("Export:")))
        for button in self.export_buttons.values():
            exports.addWidget(button)
        exports.addStretch(1)
        page.addLayout(exports)

    # -- transcription -----------------------------------------------------------------------
    def transcribe(self, path: Path) -> None:
        """Start transcribing ``path`` (ignored while a file runs or the microphone listens)."""
        if self.busy or not self.can_start:
            return
        try:
            problem = "" if path.is_file() else "folder" if path.is_dir() else "missing"
        except OSError as exc:  # a name too long for the file system, a broken mount...
            problem = exc.strerror or "unreadable"
        if problem:
            message = {
                "folder": self.tr("{0} is a folder, not a file."),
                "missing": self.tr("{0} does not exist."),
            }.get(problem, self.tr("{0} cannot be opened: {1}."))
            self.show_error(
                ErrorInfo(self.tr("No such file"), message.format(path, problem), "", "SourceError")
            )
            return
        worker = self._ensure_worker()
        if worker is None:
            return
        options = TranscribeOptions(
            language=self._language(),
            word_timestamps=self.words.isChecked(),
            beam_size=worker.settings.beam_size,
        )
        self._set_busy(True)
        self.file_path.setText(str(path))
        self.segments.set_segments([])
        self._shown, self._shown_meta = [], {}
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Starting…"))
        self.result_label.setText(self.tr("Transcribing {0}…").format(path.name))
        worker.submit(FileJob(path, options))

    def cancel(self) -> None:
        """Stop the file now; the panel is ready for the next one at once."""
        if not self.busy or self._worker is None:
            return
        self._worker.cancel()
        self._set_busy(False)
        self.result_label.setText(
            self.tr("Cancelled after {0} segments.").format(len(self.segments.segments))
        )
        self.transcript_finished.emit(None)

    def close_worker(self) -> None:
        """Let the worker process finish (settings changed, or shutdown)."""
        if self._worker is not None:
            self._worker.close()
            self._worker.deleteLater()
            self._worker, self._worker_key = None, None

    def _ensure_worker(self) -> SpeechProcess | None:
        choice = self._model_choice()
        if choice is None:
            self.show_error(
                ErrorInfo(
                    self.tr("No model"),
                    self.tr("No Whisper model is installed."),
                    self.tr("Run scripts/install.sh."),
                    "",
                )
            )
            return None
        if self._worker is not None and self._worker_key == choice:
            return self._worker
        self.close_worker()
        model_path, settings = choice
        worker = SpeechProcess(Path(model_path), settings, self, self._site())
        worker.site_state.connect(self.site_state)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._worker, self._worker_key = worker, choice
        worker.start()
        return worker

    def _on_progress(self, item: object) -> None:
        if not self.busy:
            return
        if isinstance(item, StageProgress):
            label = (
                self.tr("Finding speech") if item.stage == "finding-speech" else self.tr("Reading the audio")
            )
            if item.fraction is None:
                self.progress.setRange(0, 0)  # the file does not say how long it is: busy bar
            else:
                self.progress.setRange(0, 100)
                self.progress.setValue(round(item.fraction * 100))
            self.progress.setFormat(f"{label}… %p%")
            self.result_label.setText(f"{label}…")
        elif isinstance(item, SegmentProgress):
            self.progress.setRange(0, 100)
            self.progress.setFormat(self.tr("%p% of the audio"))
            self.segments.add_segment(item.segment)
            self.progress.setValue(round(item.fraction * 100))
            self.result_label.setText(
                self.tr("Transcribing… {0} of {1} ({2})").format(
                    clock(item.segment.end), clock(item.info.duration), item.info.language
                )
            )

    def _on_finished(self, transcript: Transcript) -> None:
        self._set_busy(False)
        self.progress.setRange(0, 100)
        self.progress.setFormat(self.tr("%p% of the audio"))
        self.progress.setValue(100)
        self.show_segments(
            list(transcript.segments),
            {
                "source": transcript.source,
                "language": transcript.info.language,
                "duration": transcript.info.duration,
                "model": transcript.model,
            },
        )
        name, duration = Path(transcript.source).name, clock(transcript.info.duration)
        if transcript.info.language:
            text = self.tr("{0}: {1} of audio in {2:.1f} s ({3:.1f}x real time), language {4}").format(
                name, duration, transcript.seconds, transcript.speed, language_name(transcript.info.language)
            )
        else:  # the site server does not say which language it heard
            text = self.tr("{0}: {1} of audio in {2:.1f} s ({3:.1f}x real time)").format(
                name, duration, transcript.seconds, transcript.speed
            )
        self.result_label.setText(text + self._answered_by(transcript.settings))
        self.transcript_finished.emit(transcript)

    def _answered_by(self, settings: Mapping[str, Any]) -> str:
        """A second line when the site server was asked: it answered, or why this device did."""
        if settings.get("runtime") == SITE_RUNTIME:
            return "\n" + self.tr("Transcribed by the site server.")
        reason = str(settings.get("fallback_reason") or "")
        if reason:
            return "\n" + self.tr("Transcribed on this device: {0}").format(reason)
        return ""

    def _on_failed(self, error: ErrorInfo) -> None:
        was_busy = self.busy
        self._set_busy(False)
        self.progress.setRange(0, 100)
        self.progress.setFormat(self.tr("%p% of the audio"))
        self.show_error(error)
        if was_busy:
            self.transcript_finished.emit(None)

    def show_error(self, error: ErrorInfo) -> None:
        """Show ``error`` in red, wrapped to the page's width, and in the status bar."""
        from html import escape

        self.result_label.setText(
            f"<span style='color:#c62828'>{escape(error.title)}: {escape(error.text())}</span>"
        )
        self.status_message.emit(f"{error.title}: {error.text()}")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.update_buttons()
        self.busy_changed.emit(busy)

    def update_buttons(self, has_model: bool = True) -> None:
        self.transcribe_button.setEnabled(has_model and not self.busy and self.can_start)
        self.cancel_button.setEnabled(self.busy)
        for button in self.export_buttons.values():
            button.setEnabled(bool(self._shown) and not self.busy)

    # -- export ------------------------------------------------------------------------------
    def show_segments(self, segments: list[Segment], meta: dict[str, object]) -> None:
        """What the export buttons save: the last transcript, or a transcript from history."""
        self._shown, self._shown_meta = list(segments), dict(meta)
        self.update_buttons()

    def export_shown(self, path: Path, fmt: str) -> None:
        if not self._shown:
            raise EdgeStudioError(self.tr("There is no transcript to export yet."))
        atomic_write_text(path, export(self._shown, fmt, dict(self._shown_meta)))

    def _export_clicked(self, fmt: str) -> None:
        stem = Path(str(self._shown_meta.get("source", "transcript"))).stem
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export {0}").format(fmt.upper()), f"{stem}.{fmt}"
        )
        if path:
            try:
                self.export_shown(Path(path), fmt)
            except EdgeStudioError as exc:
                self.status_message.emit(exception_text(exc))
                return
            self.status_message.emit(self.tr("Saved {0}").format(path))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose audio"), "", self.tr(AUDIO_FILTER))
        if path:
            self.file_path.setText(path)
