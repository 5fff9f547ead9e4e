"""Several sources, one model, several runs in flight: the dynamic batcher. No Qt.

Each source keeps its own FrameMailbox (newest frame wins, so no source's latency grows).
``MultiStreamRun`` takes the newest frame of each source in turn and starts runs on the
processor's ``RequestQueue`` while it has free requests; results come back tagged with their
source's id, so frames and results never cross sources.

Batching (a runner whose runs take several frames, e.g. ONNX Runtime with a dynamic batch
axis) follows Triton's dynamic batcher: a run starts as soon as it holds a preferred batch
size for the sources that can contribute, or when its oldest frame has waited
``max_delay_s``. A single source never waits: its frame starts at once. Runners that take one
frame a run (OpenVINO's AsyncInferQueue, ncnn extractors, ONNX Runtime's concurrent runs)
start each frame at once, and the gain comes from the requests in flight.

A source has at most ``ceil(capacity / sources)`` frames in flight; a result older than one
already delivered for its source (runs can finish out of order) is dropped and counted.

Thread rules: everything runs on the owning session thread, except the mailboxes' producers
and the runtime's threads, which only ring ``doorbell``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from edgestudio.backends.inflight import Completion, RequestQueue
from edgestudio.core.types import Frame
from edgestudio.workers.mailbox import FrameMailbox

MAX_QUEUE_DELAY_S = 0.004
PREFERRED_BATCH_SIZES = (8, 4, 2, 1)


class BatchProcessor(Protocol):
    """A processor that can run frames of several sources at once (session thread)."""

    def open_queue(self, requests: int = 0) -> RequestQueue: ...

    def begin(self, frame: Frame, source: int) -> tuple[dict[str, np.ndarray], Any]: ...

    def finish(self, pending: Any, outputs: dict[str, np.ndarray]) -> Any: ...


@dataclass
class SourceCounters:
    """One source's counts (written on the session thread, read anywhere)."""

    results: int = 0
    in_flight: int = 0
    stale: int = 0  # results dropped because a newer one of the same source came first
    last_index: int = -1
    last_result_at: float = 0.0


@dataclass
class _Item:
    source: int
    feeds: dict[str, np.ndarray]
    pending: Any

    @property
    def shape(self) -> tuple[Any, ...]:
        return tuple((name, value.shape) for name, value in self.feeds.items())


@dataclass
class _Forming:
    items: list[_Item] = field(default_factory=list)
    opened_at: float = 0.0


class MultiStreamRun:
    """One session's sources and its request queue. Session thread only."""

    def __init__(
        self,
        processor: BatchProcessor,
        mailboxes: Sequence[FrameMailbox[Frame]],
        *,
        requests: int = 0,
        max_delay_s: float = MAX_QUEUE_DELAY_S,
        preferred: tuple[int, ...] = PREFERRED_BATCH_SIZES,
    ) -> None:
        self.processor = processor
        self.mailboxes = list(mailboxes)
        self.queue = processor.open_queue(requests)
        self.max_delay_s = max_delay_s
        self.preferred = tuple(
            sorted({p for p in preferred if p <= self.queue.max_batch} | {1}, reverse=True)
        )
        self.counters = [SourceCounters() for _ in self.mailboxes]
        self.per_source = max(1, math.ceil(self.queue.capacity / max(1, len(self.mailboxes))))
        self.doorbell = threading.Event()
        self.queue.doorbell = self.doorbell
        for mailbox in self.mailboxes:
            mailbox.doorbell = self.doorbell
        self._next = 0  # round-robin start, so no source is always served first
        self._forming = _Forming()
        self._held: list[_Item] = []  # a frame whose input shape differs from the run forming
        self._errors: list[tuple[int, Any]] = []

    @property
    def finished(self) -> bool:
        """Every source closed and nothing in flight."""
        return all(m.closed for m in self.mailboxes) and not self.queue.in_flight

    def step(self, wait_s: float) -> list[tuple[int, Any]]:
        """Start what can start, collect what finished; wait up to ``wait_s`` for either
        when there is nothing to do. Returns (source, result or exception) pairs.

        Finished runs free their requests first and new runs start before the finished ones
        are post-processed, so the runtime is not idle while this thread decodes and draws."""
        done = self._completed()
        started = self._fill()
        if not done and not started and not self._errors:
            self.doorbell.wait(self._wait_for(wait_s))
            self.doorbell.clear()
            done = self._completed()
            self._fill()
        return self._finish(done)

    def _completed(self) -> list[Completion]:
        done = self.queue.completed(0)
        for tag, _outcome in done:
            for source, _pending in tag:
                self.counters[source].in_flight -= 1
        return done

    def _wait_for(self, wait_s: float) -> float:
        if self._forming.items:
            return max(0.0, self._forming.opened_at + self.max_delay_s - time.perf_counter())
        return wait_s

    def _eligible(self, source: int) -> bool:
        return (
            not self.mailboxes[source].closed
            and self.counters[source].in_flight < self.per_source
            and all(item.source != source for item in self._forming.items)
            and all(item.source != source for item in self._held)
        )

    def _fill(self) -> int:
        """Take newest frames round-robin into runs while requests are free; returns runs started."""
        started = 0
        count = len(self.mailboxes)
        while self.queue.free:
            forming = self._forming
            while self._held and len(forming.items) < self.queue.max_batch:
                self._add(forming, self._held.pop(0))
            for offset in range(count):
                if len(forming.items) >= self.queue.max_batch or self._held:
                    break
                source = (self._next + offset) % count
                if not self._eligible(source):
                    continue
                frame = self.mailboxes[source].take(0)
                if frame is None:
                    continue
                self.counters[source].in_flight += 1
                try:
                    feeds, pending = self.processor.begin(frame, source)
                except Exception as exc:
                    self.counters[source].in_flight -= 1
                    self._errors.append((source, exc))
                    continue
                item = _Item(source, feeds, pending)
                if forming.items and item.shape != forming.items[0].shape:
                    # a batch needs one shape per input: this frame opens the next run
                    self._held.append(item)
                    break
                self._add(forming, item)
            self._next = (self._next + 1) % max(1, count)
            if not forming.items or not (self._held or self._ready(forming)):
                break
            self.queue.start([i.feeds for i in forming.items], [(i.source, i.pending) for i in forming.items])
            self._forming = _Forming()
            started += 1
        return started

    @staticmethod
    def _add(forming: _Forming, item: _Item) -> None:
        if not forming.items:
            forming.opened_at = time.perf_counter()
        forming.items.append(item)

    def _ready(self, forming: _Forming) -> bool:
        """Start now: a one-frame runner, a preferred size reached for the sources that could
        still add a frame, or the oldest frame has waited long enough."""
        size = len(forming.items)
        if self.queue.max_batch == 1 or size >= self.queue.max_batch:
            return True
        could_join = size + sum(1 for s in range(len(self.mailboxes)) if self._eligible(s))
        target = next(p for p in self.preferred if p <= max(1, could_join))
        return size >= target or time.perf_counter() - forming.opened_at >= self.max_delay_s

    def _finish(self, done: list[Completion]) -> list[tuple[int, Any]]:
        out, self._errors = self._errors, []
        for tag, outcome in done:
            for position, (source, pending) in enumerate(tag):
                counters = self.counters[source]
                if isinstance(outcome, BaseException):
                    out.append((source, outcome))
                    continue
                result = self.processor.finish(pending, outcome[position])
                index = int(getattr(result, "frame_index", counters.last_index + 1))
                if index <= counters.last_index:
                    counters.stale += 1
                    continue
                counters.last_index = index
                counters.results += 1
                counters.last_result_at = time.perf_counter()
                out.append((source, result))
        return out

    def close(self) -> None:
        """Wait for the runs in flight, release the queue and the mailboxes' doorbells."""
        self.queue.close()
        for item in [*self._forming.items, *self._held]:
            self.counters[item.source].in_flight -= 1
        self._forming, self._held = _Forming(), []
        for mailbox in self.mailboxes:
            if mailbox.doorbell is self.doorbell:
                mailbox.doorbell = None
