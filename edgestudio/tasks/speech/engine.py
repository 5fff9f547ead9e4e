"""SpeechEngine: the Processor a speech session runs (file jobs and live phrases).

Built and used on one thread: a session thread, the file worker process or a CLI command.
A file is read and checked first (``audio_file.read_audio``), its speech found with Silero VAD
(``vad.find_speech``), and only the speech is decoded; every stage reports progress, so a
two-hour recording never sits at 0 %.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_fallback import answered_by
from edgestudio.backends.speech import AudioInfo, Segment, SpeechRunner, TranscribeOptions
from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_SPEECH, LoadedInfo
from edgestudio.tasks.speech.audio_file import SAMPLE_RATE, read_audio
from edgestudio.tasks.speech.model_cache import ensure_assembled
from edgestudio.tasks.speech.models import speech_model_name
from edgestudio.tasks.speech.vad import find_speech, join_speech, restore_timestamps

MODEL_FORMAT = "ctranslate2"  # the Whisper models this engine loads are CTranslate2 folders
# a live phrase on the site server: the answer within this plus the phrase's own length (a
# server slower than real time cannot keep up with speech), else the local model says it
LIVE_WAIT_S = 2.0
# Whisper writes Mandarin in Traditional characters as often as in Simplified; a prompt in
# Simplified Chinese steers it to Simplified (on espeak-ng Mandarin it also lowered the
# character error rate of Whisper base from 1.19 to 0.93 on four sentences).
LANGUAGE_PROMPTS = {"zh": "以下是普通话的句子。"}


def with_language_prompt(options: TranscribeOptions) -> TranscribeOptions:
    """``options`` with the language's script prompt when it has one and none was given."""
    prompt = LANGUAGE_PROMPTS.get(options.language or "")
    if prompt is None or options.initial_prompt is not None:
        return options
    return replace(options, initial_prompt=prompt)


@dataclass(frozen=True)
class SpeechSettings:
    """Engine settings chosen from the hardware, with the reason shown to the user."""

    device: str
    compute_type: str
    threads: int
    beam_size: int
    reason: str
    backend: str = ""  # the runtime chosen ("remote": the site server); "" = the best-ranked


def choose_settings(profile: HardwareProfile, cuda_available: bool) -> SpeechSettings:
    if cuda_available and profile.gpus:
        gpu = Text("{gpu}: float16 on the GPU.", gpu=profile.gpus[0].name)
        return SpeechSettings("cuda", "float16", 0, 5, gpu)
    threads = max(1, profile.physical_cores)
    template = (
        "CPU, {threads} threads, int8 is about 2x faster than float32 on CPUs at the same accuracy "
        "(this CPU has VNNI/AVX-512 int8 instructions)."
        if profile.isa.get("vnni") or profile.isa.get("avx512")
        else "CPU, {threads} threads, int8 is about 2x faster than float32 on CPUs at the same accuracy."
    )
    return SpeechSettings("cpu", "int8", threads, 5, Text(template, threads=threads))


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
class StageProgress:
    """Sent as progress before the first segment: reading the file, then finding the speech.
    ``fraction`` of that stage is in 0..1, or None when the file does not say its length."""

    stage: str  # "reading" or "finding-speech"
    fraction: float | None

    @property
    def label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)


STAGE_LABELS = {"reading": "Reading the audio", "finding-speech": "Finding speech"}


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
            return self._phrase(replace(request, options=with_language_prompt(request.options)), cancelled)
        request = replace(request, options=with_language_prompt(request.options))
        start = time.perf_counter()
        info, segments = self._transcribe_file(request, cancelled)
        collected: list[Segment] = []
        for segment in segments:
            collected.append(segment)
            fraction = min(1.0, segment.end / info.duration) if info.duration else 0.0
            self._report(SegmentProgress(segment, fraction, info))
        runtime, fallback_reason = answered_by(self.runner, self.info.backend)
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
                "runtime": runtime,  # "remote": the site server answered
                "fallback_reason": fallback_reason,
            },
            seconds=time.perf_counter() - start,
            cancelled=cancelled(),
        )

    def _transcribe_file(
        self, job: FileJob, cancelled: Callable[[], bool]
    ) -> tuple[AudioInfo, Iterable[Segment]]:
        """Read and check the file, keep its speech, start decoding (segments come lazily)."""
        audio = read_audio(job.path, lambda fraction: self._report(StageProgress("reading", fraction)))
        duration = len(audio) / SAMPLE_RATE
        if not job.options.vad_filter:
            info, segments = self.runner.transcribe(audio, job.options, cancelled)
            return AudioInfo(duration, info.language, info.language_probability), segments
        self._report(StageProgress("finding-speech", 0.0))
        chunks = find_speech(audio, lambda fraction: self._report(StageProgress("finding-speech", fraction)))
        speech = join_speech(audio, chunks)
        info, segments = self.runner.transcribe(speech, replace(job.options, vad_filter=False), cancelled)
        return (
            AudioInfo(duration, info.language, info.language_probability),
            restore_timestamps(segments, chunks),
        )

    def _phrase(self, job: PhraseJob, cancelled: Callable[[], bool]) -> PhraseText:
        options = (
            job.options
            if job.final
            else TranscribeOptions(
                job.options.language,
                beam_size=1,
                vad_filter=False,
                initial_prompt=job.options.initial_prompt,
            )
        )
        # a server that cannot keep up with speech is no use live: go local after this long
        options = replace(options, wait_s=options.wait_s or LIVE_WAIT_S + len(job.audio) / SAMPLE_RATE)
        _, segments = self.runner.transcribe(job.audio, options, cancelled)
        text = " ".join(s.text for s in segments if s.no_speech_prob < options.no_speech_threshold).strip()
        return PhraseText(
            text, job.final, (time.perf_counter() - job.ended_at) * 1e3, len(job.audio) / 16_000
        )

    def close(self) -> None:
        self.runner.close()


def build_speech_engine(
    registry: BackendRegistry,
    model: Path,
    settings: SpeechSettings,
    report: Callable[[Any], None],
    backend_id: str = "",
) -> SpeechEngine:
    """Load ``model`` (a CTranslate2 Whisper folder) on the calling thread, on ``backend_id``
    (else ``settings.backend``) or else the best-ranked runtime serving speech for the format,
    on ``settings.device``."""
    start = time.perf_counter()
    backend_id = backend_id or settings.backend
    choice = registry.choose(TASK_SPEECH, MODEL_FORMAT, backend_id, settings.device)
    backend, status = choice.backend, choice.status
    name = speech_model_name(model)
    report(f"Loading {name}…")
    ensure_assembled(model)  # a model shipped in parts is joined into its cache folder once
    runner = backend.load(model, choice.device, compute_type=settings.compute_type, threads=settings.threads)
    if not isinstance(runner, SpeechRunner):
        runner.close()
        raise BackendUnavailable(f"{status.name} does not run speech models.")
    info = LoadedInfo(
        name,
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
