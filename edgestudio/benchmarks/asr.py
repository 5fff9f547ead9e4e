"""``edgestudio bench asr``: app vs bare faster-whisper speed on the same files, in one run,
and live latency from the end of speech to the final text.

- Bare: ``WhisperModel.transcribe`` with the app's default settings (beam 5, VAD, no
  conditioning on previous text), all segments consumed.
- App: the same file through the app's file path, the warm worker process (SpeechProcess),
  timed from submit to the ``finished`` signal on the main thread.
- Rounds alternate (bare, app, bare, ...); each app round is compared with the mean of the
  bare rounds around it and the median ratio is reported.
- Live: speech followed by silence is fed in real time, in 32 ms blocks, through the same
  PhraseSegmenter and session the microphone uses; latency is measured from the last voiced
  block to the final text.
"""

from __future__ import annotations

import statistics
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio import __version__
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.speech import SAMPLE_RATE, TranscribeOptions
from edgestudio.core.errors import InferenceError
from edgestudio.core.hardware import probe_hardware
from edgestudio.tasks.speech.engine import (
    FileJob,
    PhraseJob,
    PhraseText,
    Transcript,
    build_speech_engine,
    choose_settings,
)
from edgestudio.tasks.speech.vad import PhraseSegmenter

BLOCK = 512


def load_audio(path: Path) -> np.ndarray:
    from faster_whisper import decode_audio

    return np.asarray(decode_audio(str(path), sampling_rate=SAMPLE_RATE), dtype=np.float32)


def write_wav(path: Path, audio: np.ndarray) -> Path:
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(pcm.tobytes())
    return path


class _SessionHarness:
    """One loaded speech session; main thread only."""

    def __init__(self, registry: BackendRegistry, model: Path, settings: Any) -> None:
        from PySide6.QtCore import QCoreApplication

        from edgestudio.workers.session import InferenceSession

        self.app = QCoreApplication.instance() or QCoreApplication([])
        self.session = InferenceSession(
            lambda report: build_speech_engine(registry, model, settings, report), "bench"
        )
        self._wait(self.session.loaded, self.session.load)

    def _wait(self, signal: Any, start: Callable[[], None], timeout_s: float = 300) -> list[Any]:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        got: list[Any] = []
        errors: list[Any] = []

        def on_signal(*args: Any) -> None:
            got.extend(args)
            loop.quit()

        signal.connect(on_signal)
        self.session.failed.connect(errors.append)
        self.session.failed.connect(loop.quit)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        start()
        loop.exec()
        signal.disconnect(on_signal)
        self.session.failed.disconnect(errors.append)
        self.session.failed.disconnect(loop.quit)
        if errors:
            raise InferenceError(errors[0].text())
        return got

    def run(self, job: Any) -> Any:
        got = self._wait(self.session.result, lambda: self.session.submit(job))
        if not got:
            raise InferenceError("no result within the time limit")
        return got[0]

    def run_file(self, files: Any, job: FileJob) -> Transcript:
        """Transcribe through the worker process, as the Voice tab does."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        got: list[Any] = []
        files.finished.connect(got.append)
        files.failed.connect(got.append)
        files.finished.connect(loop.quit)
        files.failed.connect(loop.quit)
        QTimer.singleShot(300_000, loop.quit)
        files.submit(job)
        loop.exec()
        for signal, slot in (
            (files.finished, got.append),
            (files.failed, got.append),
            (files.finished, loop.quit),
            (files.failed, loop.quit),
        ):
            signal.disconnect(slot)
        if not got or not isinstance(got[0], Transcript):
            raise InferenceError(got[0].text() if got else "no transcript within the time limit")
        return got[0]

    def close(self) -> None:
        self.session.close()
        self.app.processEvents()


def _live_latency(harness: _SessionHarness, speech: np.ndarray) -> list[float]:
    """Feed speech + silence in real time through the segmenter; latency of each final phrase."""
    segmenter = PhraseSegmenter()
    audio = np.concatenate(
        [np.zeros(SAMPLE_RATE // 2, np.float32), speech, np.zeros(SAMPLE_RATE * 2, np.float32)]
    )
    finals: list[Any] = []
    done = threading.Event()

    def feed() -> None:
        start = time.perf_counter()
        for index in range(0, len(audio) - BLOCK, BLOCK):
            due = start + (index + BLOCK) / SAMPLE_RATE
            time.sleep(max(0.0, due - time.perf_counter()))
            finals.extend(
                e for e in segmenter.feed(audio[index : index + BLOCK], time.perf_counter()) if e.final
            )
        done.set()

    thread = threading.Thread(target=feed, name="bench-live-feed")
    thread.start()
    latencies: list[float] = []
    handled = 0
    while not done.is_set() or handled < len(finals):
        if handled < len(finals):
            event = finals[handled]
            handled += 1
            result: PhraseText = harness.run(PhraseJob(event.audio, event.speech_ended_at, True))
            latencies.append(result.latency_ms)
        else:
            time.sleep(0.01)
    thread.join()
    return latencies


def run_asr_benchmark(
    registry: BackendRegistry,
    model: Path,
    files: list[Path],
    speech: Path,
    rounds: int = 3,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    from faster_whisper import WhisperModel

    say = progress or (lambda _m: None)
    profile = probe_hardware()
    settings = choose_settings(profile, cuda_available=False)
    options = TranscribeOptions(language="en", beam_size=settings.beam_size)
    audio = np.concatenate([load_audio(f) for f in files])
    joined = write_wav((workdir or Path("/tmp")) / "edgestudio-bench-asr.wav", audio)
    duration = len(audio) / SAMPLE_RATE
    bare_model = WhisperModel(
        str(model),
        device="cpu",
        compute_type=settings.compute_type,
        cpu_threads=settings.threads,
        local_files_only=True,
    )

    def bare() -> float:
        start = time.perf_counter()
        segments, _ = bare_model.transcribe(
            str(joined),
            language="en",
            beam_size=options.beam_size,
            vad_filter=options.vad_filter,
            condition_on_previous_text=options.condition_on_previous_text,
            no_speech_threshold=options.no_speech_threshold,
            log_prob_threshold=options.log_prob_threshold,
        )
        list(segments)
        return duration / (time.perf_counter() - start)

    from edgestudio.workers.speech_process import SpeechProcess

    harness = _SessionHarness(registry, model, settings)
    worker = SpeechProcess(model, settings)
    try:
        bare()  # warm-up
        harness.run_file(worker, FileJob(joined, options))
        bare_speeds = [bare()]
        app_speeds = []
        text = ""
        for index in range(rounds):
            say(f"round {index + 1}/{rounds}")
            start = time.perf_counter()
            transcript = harness.run_file(worker, FileJob(joined, options))
            app_speeds.append(duration / (time.perf_counter() - start))
            text = transcript.text
            bare_speeds.append(bare())
        say("live latency…")
        latencies = _live_latency(harness, load_audio(speech))
    finally:
        worker.close()
        harness.close()
    ratios = [a / ((bare_speeds[i] + bare_speeds[i + 1]) / 2) for i, a in enumerate(app_speeds)]
    return {
        "benchmark": "asr",
        "model": str(model),
        "settings": {
            "device": settings.device,
            "compute_type": settings.compute_type,
            "threads": settings.threads,
            "beam_size": settings.beam_size,
            "vad_filter": options.vad_filter,
        },
        "audio_seconds": round(duration, 1),
        "bare": {
            "x_real_time": round(statistics.median(bare_speeds), 2),
            "rounds": [round(s, 2) for s in bare_speeds],
        },
        "app": {
            "x_real_time": round(statistics.median(app_speeds), 2),
            "rounds": [round(s, 2) for s in app_speeds],
        },
        "ratio": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "live": {
            "phrases": len(latencies),
            "latency_ms": [round(v) for v in latencies],
            "max_latency_ms": round(max(latencies)) if latencies else None,
        },
        "text": text,
        "machine": {
            "cpu": profile.cpu_model,
            "cores": f"{profile.physical_cores}/{profile.logical_cores}",
            "edgestudio": __version__,
        },
    }
