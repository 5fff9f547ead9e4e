"""Voice-activity detection.

- Live audio: cut phrases with energy VAD and an adaptive noise floor, cheap enough for every
  32 ms block on the capture path; Whisper's own Silero VAD and the no-speech gate then clean
  each phrase before any text is shown.
- Files: find the speech in a whole recording with Silero VAD (faster-whisper's model and
  settings), span by span so a two-hour file reports progress, then keep only the speech for
  the decoder and map the decoder's timestamps back to the recording.

Qt-free; each function runs on the calling thread.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from edgestudio.backends.speech import Segment, Word

SAMPLE_RATE = 16_000
VAD_WINDOW = 512  # Silero's window at 16 kHz
VAD_SPAN_SAMPLES = 300 * SAMPLE_RATE  # five minutes between progress reports (a multiple of 512)


@dataclass(frozen=True)
class VadConfig:
    block_seconds: float = 0.032
    margin_db: float = 12.0  # above the noise floor counts as speech
    min_speech_db: float = -48.0
    start_blocks: int = 3  # about 100 ms of speech opens a phrase
    hangover_seconds: float = 0.5  # this much silence ends it
    preroll_seconds: float = 0.25
    # Before the first phrase, everything since listening started (up to this much) is kept:
    # a person who starts talking as they press the button may begin softly, below the
    # threshold, and must not lose their first words.
    start_preroll_seconds: float = 2.0
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
        self._preroll: deque[np.ndarray] = deque(
            maxlen=max(1, round(max(c.start_preroll_seconds, c.preroll_seconds) / c.block_seconds))
        )
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
        """After a phrase: the short pre-roll from now on."""
        self._speaking = False
        self._phrase = []
        self._voiced_run = 0
        self._silent_run = 0
        c = self.config
        self._preroll = deque(maxlen=max(1, round(c.preroll_seconds / c.block_seconds)))


def find_speech(audio: np.ndarray, progress: Callable[[float], None] | None = None) -> list[dict[str, int]]:
    """Speech spans ``{"start", "end"}`` (in samples) in 16 kHz mono audio, with Silero VAD and
    faster-whisper's default file settings. The audio is scanned in five-minute spans (each
    a whole number of VAD windows) and ``progress(fraction)`` is called after each span; a
    file shorter than a span gives exactly faster-whisper's own result."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions()
    chunks: list[dict[str, int]] = []
    total = len(audio)
    for start in range(0, max(total, 1), VAD_SPAN_SAMPLES):
        span = audio[start : start + VAD_SPAN_SAMPLES]
        if len(span):
            for chunk in get_speech_timestamps(span, options, SAMPLE_RATE):
                chunks.append({"start": int(chunk["start"]) + start, "end": int(chunk["end"]) + start})
        if progress is not None:
            progress(min(1.0, (start + len(span)) / total) if total else 1.0)
    return chunks


def join_speech(audio: np.ndarray, chunks: list[dict[str, int]]) -> np.ndarray:
    """The speech spans of ``audio`` back to back (what the decoder hears)."""
    if not chunks:
        return np.zeros(0, np.float32)
    return np.concatenate([audio[c["start"] : c["end"]] for c in chunks]).astype(np.float32, copy=False)


def restore_timestamps(segments: Iterable[Segment], chunks: list[dict[str, int]]) -> Iterator[Segment]:
    """Map times in the joined speech back to times in the recording (lazily, segment by
    segment), as faster-whisper does after its own VAD filter."""
    from faster_whisper.vad import SpeechTimestampsMap

    if not chunks:
        yield from segments
        return
    times = SpeechTimestampsMap(chunks, SAMPLE_RATE)
    for segment in segments:
        if segment.words:
            words = []
            for word in segment.words:
                index = times.get_chunk_index((word.start + word.end) / 2)
                words.append(
                    Word(
                        times.get_original_time(word.start, index),
                        times.get_original_time(word.end, index),
                        word.text,
                        word.probability,
                    )
                )
            yield replace(segment, start=words[0].start, end=words[-1].end, words=tuple(words))
        else:
            yield replace(
                segment,
                start=times.get_original_time(segment.start),
                end=times.get_original_time(segment.end, is_end=True),
            )
