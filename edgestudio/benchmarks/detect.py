"""``edgestudio bench detect``: bare runtime vs the app pipeline, measured in one run.

- Bare runtime: the runner alone on one pre-processed frame: no capture, no pre/post, no draw.
- App pipeline: the real CaptureThread -> FrameMailbox -> InferenceSession -> ``result``
  signal received on the main thread, with decoding, pre-processing, NMS and drawing. The
  source is decoded on demand, so the pipeline runs as fast as it can.
- The two alternate in blocks (bare, app, bare, app, ..., bare); each app block is compared
  with the mean of the bare blocks around it, and the median of those ratios is reported, so
  a machine that gets busier or quieter during the run does not tilt the result.
- Latency: the source is then paced faster than inference (2x the app rate), so frames must
  be dropped; end-to-end latency (captured -> annotated frame received on the main thread)
  is recorded over time and its growth per minute reported.
"""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio import __version__
from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import ErrorInfo, InferenceError, SourceError
from edgestudio.core.hardware import probe_hardware
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import DetectionResult, Frame
from edgestudio.core.video import SourceSpec, open_source
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

WARMUP_RESULTS = 3


@dataclass(frozen=True)
class BenchDetectConfig:
    model: ModelEntry
    backend: str
    device: str
    source: Path
    threads: int = 0
    frames: int = 60  # frames per throughput block
    rounds: int = 3
    latency_seconds: float = 20.0


def _pct(values: list[float] | np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else 0.0


@dataclass
class _Block:
    arrivals: list[float]
    latencies: list[float]
    stages: list[dict[str, float]]
    dropped: int = 0

    @property
    def fps(self) -> float:
        a = self.arrivals[WARMUP_RESULTS:]
        return (len(a) - 1) / (a[-1] - a[0]) if len(a) > 1 else 0.0


class _AppHarness:
    """One loaded InferenceSession fed by a CaptureThread per block; main thread only."""

    def __init__(self, registry: BackendRegistry, config: BenchDetectConfig) -> None:
        from PySide6.QtCore import QCoreApplication

        from edgestudio.workers.session import InferenceSession

        self.app = QCoreApplication.instance() or QCoreApplication([])
        self.config = config
        options = DetectionOptions(config.backend, config.device, config.threads)
        self.session = InferenceSession(
            lambda report: build_detection_pipeline(registry, config.model, options, report), "bench"
        )
        self._wait_for(self.session.loaded, self.session.load)

    def _wait_for(self, signal: Any, start: Callable[[], None], timeout_s: float = 300) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        errors: list[ErrorInfo] = []
        signal.connect(loop.quit)
        self.session.failed.connect(errors.append)
        self.session.failed.connect(loop.quit)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        start()
        loop.exec()
        signal.disconnect(loop.quit)
        self.session.failed.disconnect(errors.append)
        self.session.failed.disconnect(loop.quit)
        if errors:
            raise InferenceError(errors[0].text())

    def block(self, *, pacing: str, fps: float = 0.0, frames: int = 0, seconds: float = 0.0) -> _Block:
        from PySide6.QtCore import QEventLoop, QTimer

        from edgestudio.workers.capture import CaptureThread
        from edgestudio.workers.mailbox import FrameMailbox

        mailbox: FrameMailbox[Frame] = FrameMailbox()
        capture_errors: list[ErrorInfo] = []
        capture = CaptureThread(
            SourceSpec("file", str(self.config.source), loop=True),
            mailbox,
            pacing=pacing,
            fps=fps,
            on_error=capture_errors.append,
        )
        block = _Block([], [], [])
        loop = QEventLoop()
        deadline = time.perf_counter() + seconds if seconds else 0.0

        def on_result(result: DetectionResult) -> None:
            now = time.perf_counter()
            block.arrivals.append(now)
            block.latencies.append((now - (result.finished_at - result.latency_ms / 1e3)) * 1e3)
            block.stages.append(result.times.as_dict())
            if (deadline and now >= deadline) or (not deadline and len(block.arrivals) >= frames):
                loop.quit()

        errors: list[ErrorInfo] = []
        self.session.result.connect(on_result)
        self.session.failed.connect(errors.append)
        self.session.failed.connect(loop.quit)
        watchdog = QTimer()
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(loop.quit)
        watchdog.start(int((seconds + 300) * 1000))
        try:
            capture.start()
            self.session.start_stream(mailbox)
            loop.exec()
        finally:
            watchdog.stop()
            self.session.cancel()
            capture.stop()
            self.session.result.disconnect(on_result)
            self.session.failed.disconnect(errors.append)
            self.session.failed.disconnect(loop.quit)
        if errors or capture_errors:
            raise InferenceError((errors or capture_errors)[0].text())
        if len(block.arrivals) < 2:
            raise SourceError("The benchmark got no results in time.")
        block.dropped = mailbox.dropped
        return block

    def close(self) -> None:
        self.session.close()
        self.app.processEvents()


def _bare_block(runner: Any, feeds: dict[str, np.ndarray], frames: int) -> float:
    start = time.perf_counter()
    for _ in range(frames):
        runner.run(feeds)
    return frames / (time.perf_counter() - start)


def run_detect_benchmark(
    registry: BackendRegistry, config: BenchDetectConfig, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Run the throughput rounds and the latency run; return the JSON-ready report."""
    say = progress or (lambda _m: None)
    source = open_source(SourceSpec("file", str(config.source), loop=False))
    try:
        frame = source.read()
        source_fps = source.fps
    finally:
        source.close()
    if frame is None:
        raise SourceError(f"{config.source.name} has no frames.")

    bare = build_detection_pipeline(
        registry, config.model, DetectionOptions(config.backend, config.device, config.threads)
    )
    harness: _AppHarness | None = None
    try:
        feeds, _ = bare.detector.prepare(frame)
        harness = _AppHarness(registry, config)
        bare_fps = [_bare_block(bare.detector.runner, feeds, config.frames)]
        app_blocks: list[_Block] = []
        for index in range(config.rounds):
            say(f"round {index + 1}/{config.rounds}: app pipeline, then bare runtime…")
            app_blocks.append(harness.block(pacing="on_demand", frames=config.frames + WARMUP_RESULTS))
            bare_fps.append(_bare_block(bare.detector.runner, feeds, config.frames))
        ratios = [blk.fps / ((bare_fps[i] + bare_fps[i + 1]) / 2) for i, blk in enumerate(app_blocks)]
        app_fps = statistics.median(blk.fps for blk in app_blocks)
        paced_fps = max(2.0 * app_fps, source_fps)
        say(f"latency with a source at {paced_fps:.0f} fps for {config.latency_seconds:.0f} s…")
        latency = harness.block(pacing="realtime", fps=paced_fps, seconds=config.latency_seconds)
    finally:
        bare.close()
        if harness is not None:
            harness.close()

    times = np.array(latency.arrivals) - latency.arrivals[0]
    values = np.array(latency.latencies)
    third = max(1, len(values) // 3)
    app_latencies = [v for blk in app_blocks for v in blk.latencies[WARMUP_RESULTS:]]
    app_stages = [s for blk in app_blocks for s in blk.stages[WARMUP_RESULTS:]]
    profile = probe_hardware()
    status = registry.probe(config.backend)
    return {
        "benchmark": "detect",
        "model": config.model.id,
        "backend": config.backend,
        "device": bare.info.device,
        "source": str(config.source),
        "frames_per_block": config.frames,
        "rounds": config.rounds,
        "bare": {"fps": round(statistics.median(bare_fps), 2), "blocks_fps": [round(f, 2) for f in bare_fps]},
        "app": {
            "fps": round(app_fps, 2),
            "blocks_fps": [round(b.fps, 2) for b in app_blocks],
            "latency_p50_ms": round(_pct(app_latencies, 50), 1),
            "latency_p95_ms": round(_pct(app_latencies, 95), 1),
            "stages_p50_ms": {k: round(_pct([s[k] for s in app_stages], 50), 2) for k in app_stages[0]},
        },
        "ratio": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "latency": {
            "source_fps": round(paced_fps, 1),
            "seconds": round(float(times[-1]), 1),
            "results": len(values),
            "frames_dropped": latency.dropped,
            "p50_ms": round(_pct(values, 50), 1),
            "p95_ms": round(_pct(values, 95), 1),
            "first_third_p50_ms": round(_pct(values[:third], 50), 1),
            "last_third_p50_ms": round(_pct(values[-third:], 50), 1),
            "growth_ms_per_min": round(float(np.polyfit(times, values, 1)[0]) * 60, 2)
            if len(values) > 2
            else 0.0,
        },
        "machine": {
            "cpu": profile.cpu_model,
            "cores": f"{profile.physical_cores}/{profile.logical_cores}",
            "os": profile.os,
            "python": platform.python_version(),
            "edgestudio": __version__,
            "runtime": f"{status.name} {status.version}",
        },
    }
