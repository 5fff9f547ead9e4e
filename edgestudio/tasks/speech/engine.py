"""SpeechEngine: the Processor a speech session runs (file jobs and live phrases).

Built and used on one session thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.speech import AudioInfo, Segment, SpeechRunner, TranscribeOptions
from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.types import LoadedInfo


@dataclass(frozen=True)
class SpeechSettings:
    """Engine settings chosen from the hardware, with the reason shown to the user."""

    device: str
    compute_type: str
    threads: int
    beam_size: int
    reason: str


def choose_settings(profile: HardwareProfile, cuda_available: bool) -> SpeechSettings:
    if cuda_available and profile.gpus:
        return SpeechSettings("cuda", "float16", 0, 5, f"{profile.gpus[0].name}: float16 on the GPU.")
    threads = max(1, profile.physical_cores)
    why = "int8 is about 2x faster than float32 on CPUs at the same accuracy"
    if profile.isa.get("vnni") or profile.isa.get("avx512"):
        why += " (this CPU has VNNI/AVX-512 int8 instructions)"
    return SpeechSettings("cpu", "int8", threads, 5, f"CPU, {threads} threads, {why}.")


@dataclass(frozen=True)
class FileJob:
    path: Path
    options: TranscribeOptions = field(default_factory=TranscribeOptions)


@dataclass(frozen=True)
class PhraseJob:
    """Live audio: 16 kHz mono float32. ``final`` phrases use the full beam."""

    audio: np.ndarray
    ended_at: float  # time.perf_counter() when the phrase ended (or the partial was cut)
    final: bool
    options: TranscribeOptions = field(default_factory=TranscribeOptions)


@dataclass(frozen=True)
class SegmentProgress:
    """Sent as progress: one new segment and how far through the audio decoding is."""

    segment: Segment
    fraction: float
    info: AudioInfo


@dataclass(frozen=True)
class Transcript:
    source: str
    info: AudioInfo
    segments: tuple[Segment, ...]
    model: str
    settings: dict[str, Any]
    seconds: float
    cancelled: bool

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments).strip()

    @property
    def speed(self) -> float:
        """Multiple of real time."""
        return self.info.duration / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class PhraseText:
    text: str
    final: bool
    latency_ms: float  # end of the phrase -> text ready
    audio_seconds: float


class SpeechEngine:
    def __init__(
        self, runner: SpeechRunner, info: LoadedInfo, settings: SpeechSettings, report: Callable[[Any], None]
    ) -> None:
        self.runner = runner
        self.info = info
        self.settings = settings
        self._report = report

    def configure(self, **settings: Any) -> None:
        """Options travel with each job."""

    def process(self, request: FileJob | PhraseJob, cancelled: Callable[[], bool]) -> Transcript | PhraseText:
        if isinstance(request, PhraseJob):
            return self._phrase(request, cancelled)
        start = time.perf_counter()
        info, segments = self.runner.transcribe(request.path, request.options, cancelled)
        collected: list[Segment] = []
        for segment in segments:
            collected.append(segment)
            fraction = min(1.0, segment.end / info.duration) if info.duration else 0.0
            self._report(SegmentProgress(segment, fraction, info))
        return Transcript(
            source=str(request.path),
            info=info,
            segments=tuple(collected),
            model=self.runner.label,
            settings={
                "beam_size": request.options.beam_size,
                "language": info.language,
                "compute_type": self.settings.compute_type,
                "vad_filter": request.options.vad_filter,
                "word_timestamps": request.options.word_timestamps,
            },
            seconds=time.perf_counter() - start,
            cancelled=cancelled(),
        )

    def _phrase(self, job: PhraseJob, cancelled: Callable[[], bool]) -> PhraseText:
        options = (
            job.options
            if job.final
            else TranscribeOptions(job.options.language, beam_size=1, vad_filter=False)
        )
        _, segments = self.runner.transcribe(job.audio, options, cancelled)
        text = " ".join(s.text for s in segments if s.no_speech_prob < options.no_speech_threshold).strip()
        return PhraseText(
            text, job.final, (time.perf_counter() - job.ended_at) * 1e3, len(job.audio) / 16_000
        )

    def close(self) -> None:
        self.runner.close()


def build_speech_engine(
    registry: BackendRegistry, model: Path, settings: SpeechSettings, report: Callable[[Any], None]
) -> SpeechEngine:
    start = time.perf_counter()
    backend, status = registry.require_available("faster-whisper")
    report(f"Loading {model.name}…")
    runner = backend.load(
        model, settings.device, compute_type=settings.compute_type, threads=settings.threads
    )
    if not isinstance(runner, SpeechRunner):
        raise BackendUnavailable(f"{status.name} does not run speech models.")
    info = LoadedInfo(
        runner.label,
        backend.id,
        runner.device,
        (time.perf_counter() - start) * 1e3,
        details={
            "compute_type": settings.compute_type,
            "threads": settings.threads,
            "reason": settings.reason,
            "runtime_version": status.version,
        },
    )
    return SpeechEngine(runner, info, settings, report)
