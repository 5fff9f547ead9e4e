"""VoiceTab: transcribe files and the microphone with Whisper; keep a searchable history.

A thin assembly of four panels, each doing one job: the model and its settings
(``voice_model_panel``), file transcription in the warm worker process
(``voice_file_panel``), the live microphone (``voice_live_panel``) and the saved
transcripts (``voice_history_panel``). The tab wires them together, saves finished
transcripts, and answers the main window (hardware report, status messages, shutdown).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from edgestudio.backends.speech import Segment
from edgestudio.context import AppContext
from edgestudio.core.deployments import DeploymentChange
from edgestudio.core.hardware import DeviceReport, HardwareProfile
from edgestudio.core.types import TASK_SPEECH
from edgestudio.tasks.speech.engine import PhraseText, Transcript
from edgestudio.tasks.speech.history import TranscriptHistory
from edgestudio.ui.i18n import error_text
from edgestudio.ui.voice_file_panel import FileTranscriptionPanel
from edgestudio.ui.voice_history_panel import HistoryPanel
from edgestudio.ui.voice_live_panel import LivePanel
from edgestudio.ui.voice_model_panel import VoiceModelPanel
from edgestudio.ui.widgets.feedback import sidebar
from edgestudio.ui.widgets.site_state_note import SITE_RUNTIME, SiteStateNote
from edgestudio.ui.widgets.storage_banner import report_unsaved

SIDEBAR_WIDTH = 340
TRANSCRIPT_PAGE, LIVE_PAGE, HISTORY_PAGE = range(3)


class VoiceTab(QWidget):
    """GUI thread only. File and live transcription take turns: one runs at a time."""

    status_message = Signal(str)
    transcript_finished = Signal(object)  # Transcript, or None when cancelled or failed
    live_text = Signal(object)  # PhraseText
    model_add_failed = Signal(object)  # ErrorInfo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Voice"))
        self.ctx = ctx
        self.history = TranscriptHistory(ctx.paths.data_dir / "transcripts.db")
        if self.history.db.notice:  # a damaged file was set aside and a new one started
            ctx.warnings.append(self.history.db.notice)
        self.models = VoiceModelPanel(ctx.paths.models_dir, ctx.paths.cache_dir)
        self.models.runtime.remember(ctx.config.voice, self._save_config)
        self.models.apply_deployment(ctx.active_deployment("asr"))
        self.files = FileTranscriptionPanel(self.models.choice, self.models.language_code, self._site)
        self.live = LivePanel(ctx.registry, self.models.choice, self.models.language_code)
        self.saved = HistoryPanel(self.history)
        self.site_note = SiteStateNote(ctx, (TASK_SPEECH,))  # fell back to this device, or back
        self.pages = QTabWidget()
        self._build_layout()

        for panel in (self.models, self.files, self.live):
            panel.status_message.connect(self.status_message)
        self.models.model_add_failed.connect(self.model_add_failed)
        self.models.changed.connect(self._settings_changed)
        self.files.busy_changed.connect(lambda _busy: self._update_buttons())
        self.files.transcript_finished.connect(self._on_transcript_finished)
        self.files.site_state.connect(self.site_note.relay)  # the file worker is a child process
        self.live.listening_changed.connect(self._on_listening_changed)
        self.live.live_text.connect(self.live_text)
        self.live.stopped.connect(self._save_live)
        self.saved.selected.connect(self._on_history_selected)
        self.live.refresh_microphones()
        self._update_buttons()

    def _build_layout(self) -> None:
        side = QVBoxLayout()
        side.addWidget(self.models)
        side.addWidget(self.site_note)
        side.addWidget(self.files)
        side.addWidget(self.live)
        side.addStretch(1)
        self.pages.addTab(self.files.page, self.tr("Transcript"))
        self.pages.addTab(self.live.page, self.tr("Live"))
        self.pages.addTab(self.saved, self.tr("History"))
        layout = QHBoxLayout(self)
        layout.addWidget(sidebar(side, SIDEBAR_WIDTH))
        layout.addWidget(self.pages, 1)

    # -- what the main window and scripts use ------------------------------------------------
    def set_device_report(self, report: DeviceReport) -> None:
        """GUI thread: the runtimes for speech (the site server among them); settings follow
        the runtime ranked best here (GPU or CPU)."""
        self.models.set_device_report(report)

    def set_hardware(self, profile: HardwareProfile, cuda_available: bool) -> None:
        self.models.set_hardware(profile, cuda_available)

    def apply_deployment(self, change: DeploymentChange) -> None:
        """GUI thread: a deployed speech model (its compute type and threads), or after a
        rollback the recommendation again. The live session and the file worker are keyed by
        model and settings, so each loads them at its next use; a phrase or file in progress
        finishes on the model it started with."""
        if change.task != TASK_SPEECH:
            return
        self.models.apply_deployment(change.active)
        if change.active is not None:
            text = self.tr("Speech now uses {0}; it loads with the next phrase or file.")
            self.status_message.emit(text.format(change.active.label))
        else:
            self.status_message.emit(
                self.tr("Speech is back on {0} with the recommended settings.").format(
                    self.models.model.currentText()
                )
            )

    def transcribe(self, path: Path) -> None:
        """Transcribe a file (ignored while one runs or the microphone listens)."""
        self.pages.setCurrentIndex(TRANSCRIPT_PAGE)
        self.files.transcribe(path)

    def cancel(self) -> None:
        """Stop the file now; the tab is ready for the next one at once."""
        self.files.cancel()

    def start_listening(self) -> None:
        self.pages.setCurrentIndex(LIVE_PAGE)
        self.live.start_listening()

    def stop_listening(self) -> None:
        self.live.stop_listening()

    def add_model_folder(self, folder: Path) -> None:
        self.models.add_model_folder(folder)

    def export_shown(self, path: Path, fmt: str) -> None:
        self.files.export_shown(path, fmt)

    def reload_history(self) -> None:
        self.saved.reload()

    def shutdown(self) -> None:
        """Stop the microphone and the file, close the sessions and the history (GUI thread)."""
        self.live.stop_listening()
        self.files.cancel()
        self.live.close_session()
        self.files.close_worker()
        self.site_note.close_note()
        self.history.close()

    # -- wiring ------------------------------------------------------------------------------
    def _check_saved(self) -> None:
        """After a write: say so when the history has just started living in memory."""
        if report_unsaved(self, self.history, self.ctx.paths.data_dir):
            self.status_message.emit(self.tr("Transcripts are no longer saved: the disk is not writable."))

    def _on_transcript_finished(self, transcript: Transcript | None) -> None:
        if transcript is not None and transcript.segments:
            self.history.save(
                Path(transcript.source).name,
                transcript.source,
                transcript.model,
                transcript.settings,
                transcript.info.language,
                transcript.info.duration,
                transcript.segments,
            )
            self._check_saved()
            self.saved.reload()
        self.transcript_finished.emit(transcript)

    def _save_live(self, finals: list[PhraseText]) -> None:
        if not finals:
            return
        segments = [Segment(0.0, line.audio_seconds, line.text) for line in finals]
        self.history.save(
            time.strftime("Live %Y-%m-%d %H:%M"),
            "microphone",
            self.models.model.currentText(),
            {"live": True},
            "en",
            sum(line.audio_seconds for line in finals),
            segments,
        )
        self._check_saved()
        self.saved.reload()

    def _on_history_selected(self, segments: list[Segment], meta: dict[str, object]) -> None:
        self.files.show_segments(segments, meta)

    def _on_listening_changed(self, _listening: bool) -> None:
        self._update_buttons()

    def _site(self) -> dict[str, object] | None:
        """The ``[site_server]`` settings for the file worker when Whisper runs on the site
        server (it reads the token from their file itself), else None."""
        choice = self.models.choice()
        if choice is None or choice[1].backend != SITE_RUNTIME:
            return None
        return self.ctx.config.site_server.model_dump()

    def _save_config(self) -> None:
        """Keep the runtime chosen for the next start (GUI thread)."""
        if (problem := self.ctx.save_config("the Voice runtime")) is not None:
            self.status_message.emit(error_text(problem))

    def _settings_changed(self) -> None:
        if not self.files.busy and not self.live.listening:
            self.live.close_session()
            self.files.close_worker()
            self.site_note.reset()

    def _update_buttons(self) -> None:
        has_model = self.models.has_model
        self.files.can_start = not self.live.listening
        self.live.can_start = not self.files.busy
        self.files.update_buttons(has_model)
        self.live.update_buttons(has_model)
