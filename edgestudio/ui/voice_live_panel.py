"""LivePanel: the microphone: level meter, phrases transcribed as they are spoken (partials
in grey), on an in-process speech session (short phrases need low latency).

GUI thread only. The panel is the sidebar group; ``page`` is the live text view.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.speech import TranscribeOptions
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.types import LoadedInfo
from edgestudio.tasks.speech.engine import PhraseJob, PhraseText, SpeechSettings, build_speech_engine
from edgestudio.tasks.speech.vad import PhraseEvent
from edgestudio.ui.i18n import exception_text, tr_message
from edgestudio.workers import live_audio
from edgestudio.workers.live_audio import LiveListener
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.session_slot import SessionSlot

# PortAudio's names for the sound server's default input (ALSA's plug-ins for PulseAudio/PipeWire)
SOUND_SERVER_DEVICES = ("default", "pulse", "pipewire", "sysdefault")
DEVICE_WATCH_MS = 3000
ModelChoice = Callable[[], "tuple[str, SpeechSettings] | None"]


class LivePanel(QGroupBox):
    """GUI thread only. ``stopped`` carries the final phrases (list[PhraseText]) of a run."""

    live_text = Signal(object)  # PhraseText
    listening_changed = Signal(bool)
    stopped = Signal(object)  # list[PhraseText]
    status_message = Signal(str)

    def __init__(
        self,
        registry: BackendRegistry,
        model_choice: ModelChoice,
        language: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Microphone"))
        self._registry = registry
        self._model_choice = model_choice
        self._language = language
        self.mic = QComboBox()
        self.mic.setPlaceholderText(self.tr("No microphone"))
        self.listen_button = QPushButton(self.tr("Start listening"))
        self.level = QProgressBar()
        self.level.setRange(-60, 0)
        self.level.setFormat("%v dB")
        self.level.setValue(-60)
        self.mic_state = QLabel("")
        self.mic_state.setWordWrap(True)
        self.page = QTextBrowser()
        form = QFormLayout(self)
        form.addRow(self.mic)
        form.addRow(self.listen_button)
        form.addRow(self.tr("Level"), self.level)
        form.addRow(self.mic_state)
        self.can_start = True
        self._slot = SessionSlot(self._wire_session, "speech")
        self._pending: list[PhraseJob] = []  # submitted once the model is loaded
        self._phrase_in_flight = False
        self._listener: LiveListener | None = None
        self.lines: list[PhraseText] = []
        self.partial = ""
        self.listen_button.clicked.connect(self._listen_clicked)
        self._devices_seen: tuple[str, ...] = ()
        self._device_watch = QTimer(self)
        self._device_watch.setInterval(DEVICE_WATCH_MS)
        self._device_watch.timeout.connect(self._watch_devices)
        self._device_watch.start()

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def refresh_microphones(self, rescan: bool = False) -> None:
        """List the microphones and select the one listening would use: the one chosen
        before if it is still there, else the system's default (PortAudio's default input,
        which on a desktop is the sound server's default source, named by the server).
        ``rescan`` restarts PortAudio so that devices added since it started appear."""
        previous = self.mic.currentText()
        self._devices_seen = live_audio.devices_fingerprint()
        self.mic.clear()
        self.mic_state.setText("")
        try:
            devices = live_audio.list_input_devices(rescan=rescan)
        except EdgeStudioError as exc:
            devices = []
            self.mic_state.setText(exception_text(exc))
        server_source = live_audio.sound_server_source() if devices else ""
        for device in devices:
            name = device.name
            if device.default and server_source and device.name in SOUND_SERVER_DEVICES:
                name = f"{device.name}: {server_source}"
            self.mic.addItem(name + (self.tr(" (default)") if device.default else ""), device.index)
        # QComboBox keeps index -1 after items are added when it has a placeholder text, and
        # showed "No microphone" over a working list: select the device in use explicitly
        chosen = self.mic.findText(previous) if previous else -1
        if chosen < 0:
            chosen = next((i for i, d in enumerate(devices) if d.default), 0 if devices else -1)
        self.mic.setCurrentIndex(chosen)
        if not devices and not self.mic_state.text():
            self.mic_state.setText(self.tr("No microphone found. File transcription works without one."))
        self.update_buttons()

    def _watch_devices(self) -> None:
        """Timer, GUI thread: rescan when a sound card or the sound server came or went."""
        if self._listener is None and live_audio.devices_fingerprint() != self._devices_seen:
            self.refresh_microphones(rescan=True)

    def update_buttons(self, has_model: bool = True) -> None:
        self.listen_button.setEnabled(
            has_model and self.mic.count() > 0 and (self.can_start or self.listening)
        )
        self.listen_button.setText(
            self.tr("Stop listening") if self.listening else self.tr("Start listening")
        )

    def _listen_clicked(self) -> None:
        if self._listener is None:
            self.start_listening()
        else:
            self.stop_listening()

    def start_listening(self) -> None:
        if not self.can_start or self._listener is not None:
            return
        listener = LiveListener(self.mic.currentData())
        # bound methods, not lambdas: Qt disconnects them when the panel is destroyed
        listener.level.connect(self._on_level)
        listener.phrase.connect(self._on_phrase)
        listener.failed.connect(self._on_listener_failed)
        try:
            listener.start()
        except EdgeStudioError as exc:
            self.mic_state.setText(tr_message(exc.message))
            self.status_message.emit(exception_text(exc))
            self.page.setHtml(
                f"<p style='color:#c62828'>{html.escape(exc.message)}</p><p>{html.escape(exc.hint)}</p>"
            )
            return
        self._listener = listener
        self.destroyed.connect(lambda *_: listener.stop())  # the microphone never outlives its panel
        self.lines, self.partial = [], ""
        self.mic_state.setText(self.tr("Listening…"))
        self._render()
        self._ensure_session()
        self.update_buttons()
        self.listening_changed.emit(True)

    def _on_level(self, db: float) -> None:
        self.level.setValue(int(max(-60, min(0, db))))

    def stop_listening(self) -> None:
        if self._listener is None:
            return
        self._listener.stop()
        self._listener = None
        self.level.setValue(-60)
        self.mic_state.setText(self.tr("Stopped."))
        self.update_buttons()
        self.listening_changed.emit(False)
        self.stopped.emit([line for line in self.lines if line.text])

    def close_session(self) -> None:
        """Close the live speech session (its thread is waited for)."""
        self._slot.close()

    # -- phrases -----------------------------------------------------------------------------
    def _on_phrase(self, event: PhraseEvent) -> None:
        """A phrase (partial or final) from the listener. While the model loads, finals wait
        in order and only the newest partial is kept, so no finished phrase is lost."""
        if self._listener is None:
            return
        if not event.final and self._phrase_in_flight:
            return  # a partial is still being decoded: skip this one, never queue
        job = PhraseJob(
            event.audio, event.speech_ended_at, event.final, TranscribeOptions(language=self._language())
        )
        self._phrase_in_flight = True
        session = self._ensure_session()
        if session is None:
            self._phrase_in_flight = False
        elif session.info is None:
            self._pending = [queued for queued in self._pending if queued.final] + [job]
        else:
            session.submit(job)

    def _ensure_session(self) -> InferenceSession | None:
        """The in-process session for live phrases (loaded on first use)."""
        choice = self._model_choice()
        if choice is None:
            self.mic_state.setText(self.tr("No Whisper model is installed. Run scripts/install.sh."))
            return None
        model_path, settings = choice
        registry = self._registry
        session, _ = self._slot.ensure(
            choice, lambda report: build_speech_engine(registry, Path(model_path), settings, report)
        )
        return session

    def _wire_session(self, session: InferenceSession) -> None:
        session.loaded.connect(self._on_loaded)
        session.result.connect(self._on_result)
        session.failed.connect(self._on_failed)

    def _on_loaded(self, info: LoadedInfo) -> None:
        self.status_message.emit(
            self.tr("{0} ready ({1}, {2:.1f} s to load)").format(
                tr_message(info.model_name), info.details.get("compute_type"), info.load_ms / 1000
            )
        )
        if self._slot.session is not None:
            for job in self._pending:
                self._slot.session.submit(job)
        self._pending = []

    def _on_result(self, result: object) -> None:
        if not isinstance(result, PhraseText):
            return
        self._phrase_in_flight = False
        if result.final:
            self.lines.append(result)
            self.partial = ""
        else:
            self.partial = result.text
        self._render()
        self.live_text.emit(result)

    def _on_failed(self, error: ErrorInfo) -> None:
        """The live session failed (model load or a phrase)."""
        self._phrase_in_flight = False
        self._pending = []
        self._slot.drop_if_not_loaded()
        self.mic_state.setText(f"{error.title}: {error.text()}")
        self.status_message.emit(f"{error.title}: {error.text()}")
        self.update_buttons()

    def _on_listener_failed(self, error: ErrorInfo) -> None:
        self.stop_listening()
        self.mic_state.setText(error.text())
        self.status_message.emit(f"{error.title}: {error.text()}")

    def _render(self) -> None:
        lines = [f"<p>{html.escape(line.text)}</p>" for line in self.lines if line.text]
        if self.partial:
            lines.append(f"<p style='color:gray'><i>{html.escape(self.partial)}</i></p>")
        if not lines:
            hint = self.tr("Speak: the text appears here.")  # outside the f-string, where lupdate finds it
            lines.append(f"<p style='color:gray'>{html.escape(hint)}</p>")
        self.page.setHtml("".join(lines))
        bar = self.page.verticalScrollBar()
        bar.setValue(bar.maximum())
