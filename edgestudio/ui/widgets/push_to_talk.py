"""PushToTalkButton: speak a question instead of typing it.

Hold the button while speaking (release ends), or click once to start and again to stop.
The microphone is read by the Voice tab's ``LiveListener`` (PortAudio callback + phrase
thread); the phrases it cuts are joined and transcribed in one Whisper call on an
in-process ``InferenceSession`` running the Voice engine, with the model and language the
Voice tab has chosen. GUI thread only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.speech import TranscribeOptions
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.tasks.speech.engine import PhraseJob, PhraseText, SpeechSettings, build_speech_engine
from edgestudio.tasks.speech.vad import PhraseEvent
from edgestudio.ui.i18n import error_text, tr_message
from edgestudio.workers import live_audio
from edgestudio.workers.live_audio import LiveListener
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.session_slot import SessionSlot

ModelChoice = Callable[[], "tuple[str, SpeechSettings] | None"]
LanguageChoice = Callable[[], "str | None"]
HOLD_SECONDS = 0.6  # a press longer than this is "hold to talk": releasing it stops
FINISH_WAIT_MS = 2500  # after stop, how long to wait for a phrase still being spoken to end


class TalkState(Enum):
    IDLE = "idle"
    RECORDING = "recording"
    FINISHING = "finishing"  # stop was asked while speech was still going on
    TRANSCRIBING = "transcribing"


class PushToTalkButton(QPushButton):
    """GUI thread only. ``transcribed`` carries the spoken text (empty when nothing was
    understood); ``failed`` an ErrorInfo; ``status_message`` a line for the status bar."""

    transcribed = Signal(str)
    failed = Signal(object)  # ErrorInfo
    state_changed = Signal(str)  # TalkState.value
    status_message = Signal(str)

    def __init__(self, registry: BackendRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._model_choice: ModelChoice = lambda: None
        self._language: LanguageChoice = lambda: None
        self._slot = SessionSlot(self._wire_session, "push-to-talk")
        self._listener: LiveListener | None = None
        self._phrases: list[np.ndarray] = []
        self._pending: PhraseJob | None = None
        self._pressed_at = 0.0
        self._press_started = False
        self._no_microphone = ""
        self.state = TalkState.IDLE
        self._finish_timer = QTimer(self)
        self._finish_timer.setSingleShot(True)
        self._finish_timer.timeout.connect(self._stop_listener)
        self.setMinimumHeight(32)
        self.pressed.connect(self._on_pressed)
        self.released.connect(self._on_released)
        self.refresh_microphones()

    # -- setup -------------------------------------------------------------------------------
    def set_speech_source(self, model_choice: ModelChoice, language: LanguageChoice) -> None:
        """Use this Whisper model choice and spoken language (the Voice tab's)."""
        self._model_choice, self._language = model_choice, language
        self._update()

    def refresh_microphones(self) -> None:
        """Look for a microphone; without one the button is disabled and says why."""
        try:
            found = bool(live_audio.list_input_devices())
            self._no_microphone = "" if found else self.tr("No microphone found: connect one to speak.")
        except EdgeStudioError as exc:
            self._no_microphone = tr_message(exc.message)
        self._update()

    @property
    def available(self) -> bool:
        return not self._no_microphone and self._model_choice() is not None

    # -- commands ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start recording (ignored unless idle and a microphone and model are there)."""
        if self.state is not TalkState.IDLE or not self.available:
            return
        listener = LiveListener()
        listener.phrase.connect(self._on_phrase)
        listener.failed.connect(self._on_listener_failed)
        try:
            listener.start()
        except EdgeStudioError as exc:
            self._fail(ErrorInfo.from_exception(exc))
            return
        self._listener = listener
        self._phrases = []
        self._ensure_session()  # load while the person speaks
        self._set_state(TalkState.RECORDING)

    def finish(self) -> None:
        """Stop recording and transcribe what was said. A phrase still being spoken is given
        up to FINISH_WAIT_MS to end (the listener cuts it after a short pause)."""
        if self.state is not TalkState.RECORDING or self._listener is None:
            return
        if self._listener.segmenter.speaking:
            self._set_state(TalkState.FINISHING)
            self._finish_timer.start(FINISH_WAIT_MS)
        else:
            self._stop_listener()

    def cancel(self) -> None:
        """Stop without transcribing."""
        self._finish_timer.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self._pending = None
        self._phrases = []
        self._set_state(TalkState.IDLE)

    def shutdown(self) -> None:
        """Stop the microphone and close the speech session (its thread is waited for)."""
        self.cancel()
        self._slot.close()

    # -- mouse -------------------------------------------------------------------------------
    def _on_pressed(self) -> None:
        self._pressed_at = time.monotonic()
        self._press_started = self.state is TalkState.IDLE
        if self._press_started:
            self.start()

    def _on_released(self) -> None:
        held = time.monotonic() - self._pressed_at
        if self._press_started and held < HOLD_SECONDS:
            return  # a click: keep recording until the next click
        self.finish()

    # -- audio and transcription -------------------------------------------------------------
    def _on_phrase(self, event: PhraseEvent) -> None:
        if event.final and self.state in (TalkState.RECORDING, TalkState.FINISHING):
            self._phrases.append(event.audio)
            if self.state is TalkState.FINISHING:
                self._finish_timer.stop()
                self._stop_listener()

    def _stop_listener(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if not self._phrases:
            self._set_state(TalkState.IDLE)
            self.status_message.emit(self.tr("No speech was heard. Hold the button and speak."))
            self.transcribed.emit("")
            return
        audio = np.concatenate(self._phrases).astype(np.float32)
        self._phrases = []
        job = PhraseJob(audio, time.perf_counter(), True, TranscribeOptions(language=self._language()))
        self._set_state(TalkState.TRANSCRIBING)
        session = self._ensure_session()
        if session is None:
            return
        if session.info is None:
            self._pending = job  # submitted once loaded
        else:
            session.submit(job)

    def _ensure_session(self) -> InferenceSession | None:
        choice = self._model_choice()
        if choice is None:
            self._set_state(TalkState.IDLE)
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

    def _on_loaded(self, _info: object) -> None:
        if self._pending is not None and self._slot.session is not None:
            self._slot.session.submit(self._pending)
            self._pending = None

    def _on_result(self, result: object) -> None:
        if not isinstance(result, PhraseText) or self.state is not TalkState.TRANSCRIBING:
            return
        self._set_state(TalkState.IDLE)
        if not result.text:
            self.status_message.emit(self.tr("No words were recognised. Try again a little closer."))
        self.transcribed.emit(result.text)

    def _on_failed(self, error: ErrorInfo) -> None:
        self._pending = None
        self._slot.drop_if_not_loaded()
        self._fail(error)

    def _on_listener_failed(self, error: ErrorInfo) -> None:
        self.cancel()
        self._fail(error)

    def _fail(self, error: ErrorInfo) -> None:
        self._set_state(TalkState.IDLE)
        self.status_message.emit(error_text(error))
        self.failed.emit(error)

    # -- looks -------------------------------------------------------------------------------
    def _set_state(self, state: TalkState) -> None:
        self.state = state
        self._update()
        self.state_changed.emit(state.value)

    def _update(self) -> None:
        labels = {
            TalkState.IDLE: self.tr("Speak"),
            TalkState.RECORDING: self.tr("Stop and use"),
            TalkState.FINISHING: self.tr("Finishing…"),
            TalkState.TRANSCRIBING: self.tr("Transcribing…"),
        }
        self.setText(labels[self.state])
        if self._no_microphone:
            tip = self._no_microphone
        elif self._model_choice() is None:
            tip = self.tr("No Whisper model is installed. Run scripts/install.sh.")
        else:
            tip = self.tr(
                "Hold to talk and release to stop, or click to start and click again to stop. "
                "Uses the model and language chosen in the Voice tab."
            )
        self.setToolTip(tip)
        self.setEnabled(self.available and self.state in (TalkState.IDLE, TalkState.RECORDING))
