"""Cut live audio into phrases: energy voice-activity detection with an adaptive noise floor.

Cheap enough for every 32 ms block on the capture path; Whisper's own Silero VAD and the
no-speech gate then clean each phrase before any text is shown. Qt-free, one thread.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class VadConfig:
    block_seconds: float = 0.032
    margin_db: float = 12.0  # above the noise floor counts as speech
    min_speech_db: float = -48.0
    start_blocks: int = 3  # about 100 ms of speech opens a phrase
    hangover_seconds: float = 0.5  # this much silence ends it
    preroll_seconds: float = 0.25
    max_phrase_seconds: float = 25.0
    partial_every_seconds: float = 1.0


@dataclass(frozen=True)
class PhraseEvent:
    audio: np.ndarray
    final: bool
    speech_ended_at: float  # capture time of the last voiced block (perf_counter seconds)


def level_db(block: np.ndarray) -> float:
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if block.size else 0.0
    return 20.0 * np.log10(max(rms, 1e-6))


class PhraseSegmenter:
    """Feed blocks with their capture time; get phrase events (partials while speaking)."""

    def __init__(self, config: VadConfig | None = None) -> None:
        self.config = config or VadConfig()
        c = self.config
        self._preroll: deque[np.ndarray] = deque(maxlen=max(1, round(c.preroll_seconds / c.block_seconds)))
        self._phrase: list[np.ndarray] = []
        self._voiced_run = 0
        self._silent_run = 0
        self._speaking = False
        self._last_voiced_at = 0.0
        self._last_partial_at = 0.0
        self.noise_floor_db = -60.0

    @property
    def speaking(self) -> bool:
        return self._speaking

    def feed(self, block: np.ndarray, captured_at: float) -> list[PhraseEvent]:
        c = self.config
        db = level_db(block)
        voiced = db > max(self.noise_floor_db + c.margin_db, c.min_speech_db)
        if not voiced:  # follow the room's noise slowly, quickly downwards
            rate = 0.3 if db < self.noise_floor_db else 0.02
            self.noise_floor_db += rate * (db - self.noise_floor_db)
        events: list[PhraseEvent] = []
        if not self._speaking:
            self._preroll.append(block)
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._voiced_run >= c.start_blocks:
                self._speaking = True
                self._phrase = list(self._preroll)
                self._silent_run = 0
                self._last_voiced_at = captured_at
                self._last_partial_at = captured_at
            return events
        self._phrase.append(block)
        if voiced:
            self._silent_run = 0
            self._last_voiced_at = captured_at
        else:
            self._silent_run += 1
        duration = len(self._phrase) * c.block_seconds
        if self._silent_run * c.block_seconds >= c.hangover_seconds or duration >= c.max_phrase_seconds:
            events.append(PhraseEvent(np.concatenate(self._phrase), True, self._last_voiced_at))
            self._reset()
        elif captured_at - self._last_partial_at >= c.partial_every_seconds:
            self._last_partial_at = captured_at
            events.append(PhraseEvent(np.concatenate(self._phrase), False, captured_at))
        return events

    def _reset(self) -> None:
        self._speaking = False
        self._phrase = []
        self._voiced_run = 0
        self._silent_run = 0
        self._preroll.clear()
