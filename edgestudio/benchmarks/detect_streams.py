"""``edgestudio bench detect --streams N``: several sources through one session, against the
runtime's own throughput limit, measured in one run.

- The limit, measured the way the runtime's own tool does: the runner's request queue
  (``Runner.open_queue``: OpenVINO's AsyncInferQueue with the THROUGHPUT hint and its optimal
  request count, as ``benchmark_app -hint throughput`` runs it; ONNX Runtime and ncnn: the
  bare loop with the same number of requests) kept full with one pre-processed frame: no
  capture, no pre/post-processing, no drawing.
- The app: N real CaptureThreads (one per source, each its own FrameMailbox, decoded on
  demand) -> one InferenceSession with several requests in flight -> ``result`` signals
  received on the main thread, with decoding, pre-processing, NMS and drawing.
- The two alternate in blocks (limit, app, limit, ..., limit); each app block is compared with
  the mean of the limit blocks around it and the median ratio is reported, so a machine that
  gets busier or quieter during the run does not tilt the result.

Runs on the main thread (it spins a Qt event loop for the session's signals).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edgestudio.backends.inflight import RequestQueue
from edgestudio.backends.registry import BackendRegistry
from edgestudio.benchmarks.detect import BenchDetectConfig
from edgestudio.core.errors import ErrorInfo, InferenceError, SourceError
from edgestudio.core.types import DetectionResult, Frame
from edgestudio.core.video import SourceSpec, open_source
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

WARMUP_PER_STREAM = 2


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


@dataclass
class _StreamsBlock:
    arrivals: list[list[float]]
    latencies: list[list[float]]
    dropped: list[int] = field(default_factory=list)

    def stream_fps(self, source: int) -> float:
        a = self.arrivals[source][WARMUP_PER_STREAM:]
        return (len(a) - 1) / (a[-1] - a[0]) if len(a) > 1 else 0.0

    @property
    def aggregate_fps(self) -> float:
        """Results of every stream after its warm-up, over the time they span."""
        kept = [t for a in self.arrivals for t in a[WARMUP_PER_STREAM:]]
        if len(kept) < 2:
            return 0.0
        start = max(a[WARMUP_PER_STREAM] for a in self.arrivals if len(a) > WARMUP_PER_STREAM)
        end = max(kept)
        counted = sum(1 for t in kept if t > start)
        return counted / (end - start) if end > start else 0.0


def limit_block(queue: RequestQueue, feeds: dict[str, np.ndarray], frames: int) -> float:
    """The runtime alone, its request queue kept full: frames per second (calling thread)."""
    warm = queue.capacity
    done = 0
    start = 0.0
    started = 0
    while done < frames + warm:
        while queue.free and started < frames + warm:
            queue.start([feeds], started)
            started += 1
        for _tag, outcome in queue.completed(5.0):
            if isinstance(outcome, BaseException):
                raise InferenceError(f"The runtime failed: {outcome}")
            done += 1
            if done == warm:
                start = time.perf_counter()
    return frames / (time.perf_counter() - start)


class _StreamsHarness:
    """One InferenceSession serving ``streams`` sources; main thread only."""

    def __init__(self, registry: BackendRegistry, config: BenchDetectConfig, streams: int) -> None:
        from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

        from edgestudio.workers.session import InferenceSession

        self.app = QCoreApplication.instance() or QCoreApplication([])
        self.config = config
        self.streams = streams
        options = DetectionOptions(config.backend, config.device, config.threads, streams=streams)
        self.session = InferenceSession(
            lambda report: build_detection_pipeline(registry, config.model, options, report), "bench-streams"
        )
        loop = QEventLoop()
        errors: list[ErrorInfo] = []
        self.session.loaded.connect(loop.quit)
        self.session.failed.connect(errors.append)
        self.session.failed.connect(loop.quit)
        QTimer.singleShot(300_000, loop.quit)
        self.session.load()
        loop.exec()
        if errors or self.session.info is None:
            self.session.close()
            raise InferenceError(errors[0].text() if errors else "The model did not load in time.")

    def block(self, frames_per_stream: int) -> _StreamsBlock:
        from PySide6.QtCore import QEventLoop, QTimer

        from edgestudio.workers.capture import CaptureThread
        from edgestudio.workers.mailbox import FrameMailbox

        n = self.streams
        mailboxes: list[FrameMailbox[Frame]] = [FrameMailbox() for _ in range(n)]
        capture_errors: list[ErrorInfo] = []
        captures = [
            CaptureThread(
                SourceSpec("file", str(self.config.source), loop=True),
                mailbox,
                pacing="on_demand",
                on_error=capture_errors.append,
            )
            for mailbox in mailboxes
        ]
        block = _StreamsBlock([[] for _ in range(n)], [[] for _ in range(n)])
        loop = QEventLoop()
        wanted = frames_per_stream + WARMUP_PER_STREAM

        def on_result(result: DetectionResult) -> None:
            now = time.perf_counter()
            block.arrivals[result.source].append(now)
            block.latencies[result.source].append(
                (now - (result.finished_at - result.latency_ms / 1e3)) * 1e3
            )
            if sum(len(a) for a in block.arrivals) >= n * wanted:
                loop.quit()

        errors: list[ErrorInfo] = []
        self.session.result.connect(on_result)
        self.session.failed.connect(errors.append)
        self.session.failed.connect(loop.quit)
        watchdog = QTimer()
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(loop.quit)
        watchdog.start(300_000)
        try:
            for capture in captures:
                capture.start()
            self.session.start_streams(mailboxes)
            loop.exec()
        finally:
            watchdog.stop()
            self.session.cancel()
            for capture in captures:
                capture.stop()
            self.session.result.disconnect(on_result)
            self.session.failed.disconnect(errors.append)
            self.session.failed.disconnect(loop.quit)
        if errors or capture_errors:
            raise InferenceError((errors or capture_errors)[0].text())
        if any(len(a) <= WARMUP_PER_STREAM + 1 for a in block.arrivals):
            raise SourceError("The benchmark got too few results from a stream in time.")
        block.dropped = [m.dropped for m in mailboxes]
        return block

    def close(self) -> None:
        self.session.close()
        self.app.processEvents()


def run_streams_benchmark(
    registry: BackendRegistry,
    config: BenchDetectConfig,
    streams: int,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Alternate limit and app blocks; return the JSON-ready report (main thread)."""
    say = progress or (lambda _m: None)
    source = open_source(SourceSpec("file", str(config.source), loop=False))
    try:
        frame = source.read()
    finally:
        source.close()
    if frame is None:
        raise SourceError(f"{config.source.name} has no frames.")
    options = DetectionOptions(config.backend, config.device, config.threads, streams=streams)
    bare = build_detection_pipeline(registry, config.model, options)
    harness: _StreamsHarness | None = None
    queue: RequestQueue | None = None
    try:
        feeds, _ = bare.detector.prepare(frame)
        queue = bare.open_queue()
        harness = _StreamsHarness(registry, config, streams)
        frames = config.frames * streams
        limits = [limit_block(queue, feeds, frames)]
        blocks: list[_StreamsBlock] = []
        for index in range(config.rounds):
            say(f"round {index + 1}/{config.rounds}: {streams} streams, then the runtime's limit…")
            blocks.append(harness.block(config.frames))
            limits.append(limit_block(queue, feeds, frames))
        description = queue.description
    finally:
        if queue is not None:
            queue.close()
        bare.close()
        if harness is not None:
            harness.close()
    ratios = [b.aggregate_fps / ((limits[i] + limits[i + 1]) / 2) for i, b in enumerate(blocks)]
    median_block = sorted(blocks, key=lambda b: b.aggregate_fps)[len(blocks) // 2]
    per_stream = []
    for s in range(streams):
        lat = [v for b in blocks for v in b.latencies[s][WARMUP_PER_STREAM:]]
        per_stream.append(
            {
                "fps": round(statistics.median(b.stream_fps(s) for b in blocks), 2),
                "p50_ms": round(_pct(lat, 50), 1),
                "p95_ms": round(_pct(lat, 95), 1),
                "dropped": sum(b.dropped[s] for b in blocks),
            }
        )
    latencies = [v for b in blocks for lat in b.latencies for v in lat[WARMUP_PER_STREAM:]]
    spread = sorted(ratios)
    return {
        "benchmark": "detect-streams",
        "model": config.model.id,
        "backend": config.backend,
        "device": bare.info.device,
        "source": str(config.source),
        "streams": streams,
        "requests": description,
        "rounds": config.rounds,
        "frames_per_stream_per_block": config.frames,
        "aggregate_fps": round(statistics.median(b.aggregate_fps for b in blocks), 2),
        "aggregate_blocks_fps": [round(b.aggregate_fps, 2) for b in blocks],
        "median_block_fps": round(median_block.aggregate_fps, 2),
        "limit_fps": round(statistics.median(limits), 2),
        "limit_blocks_fps": [round(f, 2) for f in limits],
        "ratio_to_limit": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "ratio_spread": {"min": round(spread[0], 3), "max": round(spread[-1], 3)},
        "latency_p50_ms": round(_pct(latencies, 50), 1),
        "latency_p95_ms": round(_pct(latencies, 95), 1),
        "per_stream": per_stream,
    }
