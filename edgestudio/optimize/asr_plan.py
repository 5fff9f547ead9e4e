"""The speech planner: CTranslate2 compute types and thread counts for a Whisper model, gated
on word error rate against float32 and timed in x real time, interleaved with float32.

Nothing is built: a compute type is how CTranslate2 loads the same folder, so a candidate's
artifact is the source folder and its settings (``compute_type``, ``threads``) are what a
deploy hands to the Voice tab. float16 and int8_float16 need CUDA; without an NVIDIA GPU
they are listed as unavailable with the reason.

Validation speech: a folder of recordings with their transcripts, either a CMU Sphinx
``transcription`` file (``<s> words </s> (file-id)``, as pocketsphinx-testdata ships the
LibriVox readings) or a ``.txt`` beside each audio file. Every method runs on the calling
thread (the optimizer's child process, the CLI, a test).
"""

from __future__ import annotations

import hashlib
import logging
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.backends.speech import TranscribeOptions
from edgestudio.core.artifact import FORMAT_CTRANSLATE2
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import HardwareProfile, probe_hardware
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import TASK_SPEECH
from edgestudio.optimize.converters.runtimes import SPEECH_PACKAGES, runtime_id
from edgestudio.optimize.plan_tools import (
    hardware_record,
    interleaved_ratio,
    now_iso,
    package_versions,
    pick_fastest,
    source_record,
)
from edgestudio.optimize.planners import EventSink, PlanContext, PlanOptions, emit_result, emit_stage
from edgestudio.optimize.types import Candidate, CandidateResult, GateResult, OptimizeReport, SpeedResult

log = logging.getLogger(__name__)

TASK = "asr"
DEFAULT_SPEECH = Path("/usr/share/pocketsphinx/test/data/librivox")
SPEECH_HINT = "Install Debian's pocketsphinx-testdata (LibriVox readings) or give --validation DIR."
DEFAULT_WER_GATE = 0.01  # one WER point above float32's
SAMPLE_RATE = 16000
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".m4a", ".opus")
CPU_TYPES = ("float32", "int8_float32", "int8")
CUDA_TYPES = ("float16", "int8_float16")
SPEED_ROUNDS = 2
DECODE = TranscribeOptions(language="en", beam_size=5, vad_filter=False)


NO_KERNELS = "this CTranslate2 build has no {compute} kernels for this CPU"
CUDA_ONLY = "{compute} runs only on CUDA, and CTranslate2 found no NVIDIA GPU here"
WER_REFERENCE = "WER {wer:.1%} (the reference)"
WER_WITHIN = "WER {wer:.1%} vs float32's {base:.1%} ({points:+.1f} points), within {limit:.1f} point(s)"
WER_OVER = "WER {wer:.1%} vs float32's {base:.1%} ({points:+.1f} points), more than {limit:.1f} point(s)"


def _cpu_label(compute_type: str, threads: int, reference: bool) -> Text:
    """A CPU candidate's name, whole, so the wizard can translate it."""
    if reference:
        if threads == 1:
            return Text("CTranslate2 {compute}, CPU, 1 thread (reference)", compute=compute_type)
        return Text(
            "CTranslate2 {compute}, CPU, {threads} threads (reference)", compute=compute_type, threads=threads
        )
    if threads == 1:
        return Text("CTranslate2 {compute}, CPU, 1 thread", compute=compute_type)
    return Text("CTranslate2 {compute}, CPU, {threads} threads", compute=compute_type, threads=threads)


@dataclass(frozen=True)
class Recording:
    """One validation recording, decoded to 16 kHz mono float32, with its transcript."""

    name: str
    audio: np.ndarray
    transcript: str

    @property
    def seconds(self) -> float:
        return len(self.audio) / SAMPLE_RATE


def _sphinx_transcripts(folder: Path) -> dict[str, str]:
    """``<s> words </s> (file-id)`` lines of a CMU Sphinx transcription file."""
    found: dict[str, str] = {}
    for line in (folder / "transcription").read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.match(r"^\s*(?:<s>)?(.*?)(?:</s>)?\s*\(([^)]+)\)\s*$", line)
        if match:
            found[match.group(2).strip()] = match.group(1).strip()
    return found


def read_recordings(location: str, limit: int = 0) -> tuple[list[Recording], Path]:
    """The validation recordings (see the module docstring); at most ``limit`` when > 0."""
    from faster_whisper import decode_audio

    folder = Path(location).expanduser() if location else DEFAULT_SPEECH
    if not folder.is_dir():
        raise InputError(f"The speech folder {folder} does not exist.", SPEECH_HINT)
    audio_files = sorted(p for p in folder.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES)
    sphinx = _sphinx_transcripts(folder) if (folder / "transcription").is_file() else {}
    pairs: list[tuple[Path, str]] = []
    for path in audio_files:
        text = sphinx.get(path.stem)
        if text is None and path.with_suffix(".txt").is_file():
            text = path.with_suffix(".txt").read_text(encoding="utf-8", errors="replace").strip()
        if text:
            pairs.append((path, text))
    if not pairs:
        raise InputError(
            f"{folder} holds no recording with a transcript.",
            "Put a .txt transcript beside each audio file (same name), or a Sphinx 'transcription' file.",
        )
    pairs = pairs[:limit] if limit > 0 else pairs
    return [Recording(p.name, decode_audio(str(p), sampling_rate=SAMPLE_RATE), t) for p, t in pairs], folder


def normalize(text: str) -> str:
    """Lower case, words only: what WER compares (punctuation and case are not errors)."""
    text = text.lower().replace("mr.", "mister").replace("mrs.", "missus")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


def word_error_rate(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Corpus WER of ``hypotheses`` against ``references`` after :func:`normalize` (jiwer)."""
    import jiwer

    return float(jiwer.wer([normalize(r) for r in references], [normalize(h) or "-" for h in hypotheses]))


class _Loaded:
    """One compute type of the model, loaded on the calling thread."""

    def __init__(self, folder: Path, device: str, compute_type: str, threads: int) -> None:
        from edgestudio.backends.whisper_backend import FasterWhisperBackend

        started = time.perf_counter()
        self.runner = FasterWhisperBackend().load(folder, device, compute_type=compute_type, threads=threads)
        self.load_ms = (time.perf_counter() - started) * 1e3

    def transcribe_all(self, recordings: Sequence[Recording]) -> tuple[list[str], float]:
        """Transcripts of every recording and the x real time of the whole pass."""
        texts: list[str] = []
        started = time.perf_counter()
        for recording in recordings:
            _info, segments = self.runner.transcribe(recording.audio, DECODE, lambda: False)
            texts.append(" ".join(s.text for s in segments))
        seconds = time.perf_counter() - started
        audio = sum(r.seconds for r in recordings)
        return texts, audio / seconds if seconds > 0 else 0.0

    def close(self) -> None:
        self.runner.close()


def _cuda_devices() -> int:
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except ImportError:
        return 0


def _cpu_compute_types() -> set[str]:
    try:
        import ctranslate2

        return set(ctranslate2.get_supported_compute_types("cpu"))
    except ImportError:
        return set()


class AsrPlanner:
    """Plans and runs the speech optimization (see the module docstring)."""

    task = TASK

    def candidates(self, ctx: PlanContext, source: ModelEntry, profile: HardwareProfile) -> list[Candidate]:
        """float32 (the reference), int8_float32 and int8 on the CPU at a few thread counts;
        the CUDA types when an NVIDIA GPU is there, else listed unavailable with the reason."""
        supported = _cpu_compute_types()
        backend = runtime_id(ctx.registry, TASK_SPEECH, FORMAT_CTRANSLATE2)
        physical = max(1, profile.physical_cores)
        found: list[Candidate] = []
        for compute_type in CPU_TYPES:
            thread_counts = (
                sorted({physical, max(1, profile.logical_cores)}) if compute_type == "int8" else [physical]
            )
            if compute_type == "int8" and physical > 1:
                thread_counts = sorted({*thread_counts, max(1, physical // 2)})
            for threads in thread_counts:
                baseline = compute_type == "float32"
                ok = compute_type in supported
                found.append(
                    Candidate(
                        id=f"ctranslate2-{compute_type.replace('_', '-')}-cpu-{threads}t",
                        task=TASK,
                        label=_cpu_label(compute_type, threads, baseline),
                        backend=backend,
                        device="cpu",
                        format="ctranslate2",
                        precision=compute_type,
                        recipe={"compute_type": compute_type, "threads": threads},
                        available=ok,
                        reason="" if ok else Text(NO_KERNELS, compute=compute_type),
                        baseline=baseline,
                    )
                )
        cuda = _cuda_devices()
        for compute_type in CUDA_TYPES:
            found.append(
                Candidate(
                    id=f"ctranslate2-{compute_type.replace('_', '-')}-cuda",
                    task=TASK,
                    label=Text("CTranslate2 {compute}, NVIDIA GPU", compute=compute_type),
                    backend=backend,
                    device="cuda",
                    format="ctranslate2",
                    precision=compute_type,
                    recipe={"compute_type": compute_type, "threads": physical},
                    available=cuda > 0,
                    reason="" if cuda else Text(CUDA_ONLY, compute=compute_type),
                    install_hint="" if cuda else "An NVIDIA GPU with its driver and CUDA 12 libraries.",
                )
            )
        return found

    def run(
        self,
        ctx: PlanContext,
        source: ModelEntry,
        candidates: list[Candidate],
        options: PlanOptions,
        channel: EventSink,
    ) -> OptimizeReport:
        """Transcribe the validation speech with float32 and every selected candidate in
        interleaved rounds; WER gate against float32, x real time against float32.

        Options: ``gate`` (WER points allowed above float32's, as a fraction; default 0.01),
        ``validation`` (the speech folder), ``only``, ``benchmark_rounds``; ``extra["max_files"]``
        uses only the first N recordings."""
        started = time.perf_counter()
        started_at = now_iso()
        profile = probe_hardware()
        limit = DEFAULT_WER_GATE if options.gate is None else float(options.gate)
        recordings, folder = read_recordings(options.validation, int(options.extra.get("max_files", 0) or 0))
        references = [r.transcript for r in recordings]
        rounds = options.benchmark_rounds or SPEED_ROUNDS
        base_candidate = next(c for c in candidates if c.baseline)
        chosen = [c for c in candidates if not c.baseline and (not options.only or c.id in options.only)]
        total = len(chosen) + 1

        emit_stage(channel, "gate", base_candidate.id, 0.0, "Transcribing with float32 (the reference)")
        base = _Loaded(source.path, "cpu", "float32", int(base_candidate.recipe["threads"]))
        try:
            base_texts, base_rate = base.transcribe_all(recordings)
            base_wer = word_error_rate(references, base_texts)
            source_rates: list[float] = []  # float32's rounds, interleaved with every candidate's
            results: list[CandidateResult] = []
            for index, candidate in enumerate(chosen, start=1):
                result = self._run_one(
                    source,
                    candidate,
                    base,
                    recordings,
                    base_wer,
                    limit,
                    rounds,
                    channel,
                    index / total,
                    source_rates,
                )
                results.append(result)
                emit_result(channel, result)
            reference = CandidateResult(
                base_candidate,
                "passed",
                "The original model in float32.",
                artifact=str(source.path),
                gate=GateResult(True, {"wer": round(base_wer, 4)}, {}, Text(WER_REFERENCE, wer=base_wer)),
                speed=SpeedResult(
                    0.0,
                    0.0,
                    round(statistics.median(source_rates or [base_rate]), 2),
                    "x real time",
                    1.0,
                    load_ms=round(base.load_ms, 1),
                ),
                settings=dict(base_candidate.recipe),
            )
            results.insert(0, reference)
            emit_result(channel, reference)
        finally:
            base.close()
        pick, reason = pick_fastest(results, "x real time")
        audio_digest = hashlib.sha256(b"".join(r.audio.tobytes() for r in recordings)).hexdigest()
        return OptimizeReport(
            task=TASK,
            source=source_record(source),
            hardware=hardware_record(profile),
            versions=package_versions(list(SPEECH_PACKAGES)),
            data={
                "validation": str(folder),
                "recordings": [r.name for r in recordings],
                "audio_seconds": round(sum(r.seconds for r in recordings), 2),
                "audio_sha256": audio_digest,
                "gate": f"WER at most {limit * 100:.1f} points above float32's",
                "speed": f"{rounds} interleaved rounds over every recording, beam {DECODE.beam_size}",
            },
            results=results,
            pick=pick,
            pick_reason=reason,
            started_at=started_at,
            seconds=round(time.perf_counter() - started, 1),
        )

    @staticmethod
    def _run_one(
        source: ModelEntry,
        candidate: Candidate,
        base: _Loaded,
        recordings: list[Recording],
        base_wer: float,
        limit: float,
        rounds: int,
        channel: EventSink,
        fraction: float,
        source_rates: list[float],
    ) -> CandidateResult:
        if not candidate.available:
            return CandidateResult(candidate, "unavailable", candidate.reason)
        recipe: dict[str, Any] = dict(candidate.recipe)
        emit_stage(
            channel,
            "build",
            candidate.id,
            fraction,
            Text("Loading {compute}", compute=recipe["compute_type"]),
        )
        try:
            loaded = _Loaded(
                source.path, candidate.device, str(recipe["compute_type"]), int(recipe["threads"])
            )
        except Exception as exc:  # one candidate that does not load is its own result
            return CandidateResult(candidate, "failed-build", f"It did not load: {exc}")
        try:
            emit_stage(
                channel,
                "gate",
                candidate.id,
                fraction,
                Text("Transcribing with {label}", label=candidate.label),
            )
            # rounds alternate float32, candidate, float32, ...; the first candidate round is the gate's
            base_rates = [base.transcribe_all(recordings)[1]]
            texts, rate = loaded.transcribe_all(recordings)
            wer = word_error_rate([r.transcript for r in recordings], texts)
            rates = [rate]
            base_rates.append(base.transcribe_all(recordings)[1])
            emit_stage(
                channel,
                "benchmark",
                candidate.id,
                fraction,
                Text("Timing {label} against float32", label=candidate.label),
            )
            for _ in range(rounds - 1):
                rates.append(loaded.transcribe_all(recordings)[1])
                base_rates.append(base.transcribe_all(recordings)[1])
        finally:
            loaded.close()
        source_rates.extend(base_rates)
        passed = wer - base_wer <= limit + 1e-9
        gate = GateResult(
            passed,
            {
                "wer": round(wer, 4),
                "reference_wer": round(base_wer, 4),
                "difference": round(wer - base_wer, 4),
            },
            {"difference": limit},
            Text(
                WER_WITHIN if passed else WER_OVER,
                wer=wer,
                base=base_wer,
                points=(wer - base_wer) * 100,
                limit=limit * 100,
            ),
        )
        seconds_per_audio = sorted(1e3 / r for r in rates if r > 0)
        return CandidateResult(
            candidate,
            "passed" if passed else "failed-gate",
            gate.reason,
            artifact=str(source.path),
            gate=gate,
            speed=SpeedResult(
                latency_p50_ms=round(statistics.median(seconds_per_audio), 1) if seconds_per_audio else 0.0,
                latency_p95_ms=round(max(seconds_per_audio), 1) if seconds_per_audio else 0.0,
                throughput=round(statistics.median(rates), 2),
                throughput_unit="x real time",
                speedup=round(interleaved_ratio(base_rates, rates), 3),
                load_ms=round(loaded.load_ms, 1),
                energy_reason="energy per second of audio is not measured for speech candidates",
            ),
            settings=recipe,
        )
