"""The speech contract: a runner that yields transcript segments and honours cancel.

Frozen dataclasses here cross threads (session -> GUI) and are stored and exported.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    no_speech_prob: float = 0.0
    words: tuple[Word, ...] = ()

    def to_dict(self, words: bool = True) -> dict[str, Any]:
        data = asdict(self)
        if not words:
            data.pop("words")
        return data


@dataclass(frozen=True)
class TranscribeOptions:
    language: str | None = None  # None: detect
    beam_size: int = 5
    word_timestamps: bool = False
    vad_filter: bool = True
    condition_on_previous_text: bool = False  # guards against repetition loops and hallucination
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    initial_prompt: str | None = None  # text the model takes as said before (style, script)
    # how long a runtime on another machine (the site server) may take before the request counts
    # as failed; 0: its own limit. Live phrases set it: speech goes on while the server is silent
    wait_s: float = 0.0


@dataclass(frozen=True)
class AudioInfo:
    duration: float
    language: str
    language_probability: float


class SpeechRunner(ABC):
    device: str = "cpu"
    label: str = ""
    fallback_reason: str = ""
    english_only: bool = False

    @abstractmethod
    def transcribe(
        self, audio: Path | np.ndarray, options: TranscribeOptions, cancelled: Callable[[], bool]
    ) -> tuple[AudioInfo, Iterator[Segment]]:
        """Start decoding; segments are produced lazily, ``cancelled`` is checked between them."""

    @abstractmethod
    def close(self) -> None: ...
