"""Several runs of one model in flight: the ``RequestQueue`` contract and its two generic forms.

A runner that can keep more than one run going returns a queue from ``Runner.open_queue``;
each runtime does it its own way (OpenVINO: an ``AsyncInferQueue`` with the THROUGHPUT hint;
ONNX Runtime: one batched run when the model has a dynamic batch axis, else concurrent runs;
ncnn: one extractor per run). Runners that cannot get ``InlineQueue``: one run at a time,
done inside ``start``, so every caller can use the same code.

Thread rules: the queue is opened, fed (``start``), drained (``completed``) and closed on one
thread, the owner's (a session thread, or the benchmark's main thread). The runs themselves
execute on the runtime's threads, which only hand finished work back through a thread-safe
queue and ring the owner's ``doorbell``.
"""

from __future__ import annotations

import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

Feeds = Mapping[str, np.ndarray]
Outputs = dict[str, np.ndarray]
# (tag, one output dict per item of the run's batch) or (tag, the exception the run raised)
Completion = tuple[Any, list[Outputs] | BaseException]


class RequestQueue(ABC):
    """Up to ``capacity`` runs in flight, each of up to ``max_batch`` items. Owner thread only,
    except ``_finish``, which the runtime's threads call."""

    capacity: int = 1
    max_batch: int = 1
    description: str = ""

    def __init__(self) -> None:
        self._done: queue.SimpleQueue[Completion] = queue.SimpleQueue()
        self.in_flight = 0
        self.runs = 0  # runs started, and the items they held (items / runs = mean batch)
        self.items = 0
        # Set by the owner to be woken when a run finishes (also rung by frame mailboxes).
        self.doorbell: threading.Event | None = None

    @property
    def free(self) -> int:
        """How many more runs may start now (owner thread)."""
        return max(0, self.capacity - self.in_flight)

    def start(self, items: Sequence[Feeds], tag: Any) -> None:
        """Start one run on ``items`` (1 to ``max_batch`` feeds of batch-of-one tensors); it
        comes back from ``completed`` with ``tag``. Call only while ``free`` > 0."""
        if not items or len(items) > self.max_batch:
            raise ValueError(f"a run takes 1 to {self.max_batch} items, not {len(items)}")
        self.in_flight += 1
        self.runs += 1
        self.items += len(items)
        try:
            self._start(list(items), tag)
        except BaseException as exc:
            self._finish(tag, exc)

    @abstractmethod
    def _start(self, items: list[Feeds], tag: Any) -> None:
        """Begin the run without waiting for it (owner thread)."""

    def _finish(self, tag: Any, outcome: list[Outputs] | BaseException) -> None:
        """Hand a finished run back (any thread: the runtime's callback or pool thread)."""
        self._done.put((tag, outcome))
        bell = self.doorbell
        if bell is not None:
            bell.set()

    def completed(self, timeout: float = 0.0) -> list[Completion]:
        """The runs finished since the last call; waits up to ``timeout`` seconds for the first
        one when none has finished and some are in flight (owner thread)."""
        out: list[Completion] = []
        if timeout > 0 and self.in_flight and self._done.empty():
            try:
                out.append(self._done.get(timeout=timeout))
            except queue.Empty:
                return out
        while True:
            try:
                out.append(self._done.get_nowait())
            except queue.Empty:
                break
        self.in_flight -= len(out)
        return out

    def wait_all(self, timeout: float = 30.0) -> list[Completion]:
        """Every run still in flight, waited for (owner thread)."""
        out: list[Completion] = []
        while self.in_flight:
            got = self.completed(timeout)
            if not got:
                break
            out.extend(got)
        return out

    def close(self) -> None:
        """Wait for the runs in flight and release the queue's resources (owner thread)."""
        self.wait_all()


class InlineQueue(RequestQueue):
    """One run at a time, done inside ``start``: for runners without several requests."""

    description = "one request at a time"

    def __init__(self, run: Callable[[Feeds], Outputs]) -> None:
        super().__init__()
        self._run = run

    def _start(self, items: list[Feeds], tag: Any) -> None:
        self._finish(tag, [self._run(items[0])])


class PoolQueue(RequestQueue):
    """Concurrent runs on a small pool of threads; ``run`` must be safe to call from several
    threads at once (ONNX Runtime's ``InferenceSession.run``, one ncnn extractor per call).
    With ``batched``, the items of a run are stacked on axis 0 and run at once (a model with a
    dynamic batch axis), and the outputs split back per item."""

    def __init__(
        self,
        run: Callable[[Feeds], Outputs],
        requests: int,
        *,
        name: str,
        max_batch: int = 1,
        description: str = "",
    ) -> None:
        super().__init__()
        self._run = run
        self.capacity = max(1, requests)
        self.max_batch = max(1, max_batch)
        self.description = description or f"{self.capacity} concurrent runs"
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(self.capacity, thread_name_prefix=name)

    def _start(self, items: list[Feeds], tag: Any) -> None:
        if self._pool is None:
            raise RuntimeError("the request queue was closed")
        self._pool.submit(self._work, items, tag)

    def _work(self, items: list[Feeds], tag: Any) -> None:
        """Pool thread: run, then hand the outputs back."""
        try:
            if len(items) == 1:
                outcome: list[Outputs] | BaseException = [self._run(items[0])]
            else:
                stacked = {name: np.concatenate([f[name] for f in items], axis=0) for name in items[0]}
                outputs = self._run(stacked)
                outcome = [{k: v[i : i + 1] for k, v in outputs.items()} for i in range(len(items))]
        except BaseException as exc:
            outcome = exc
        self._finish(tag, outcome)

    def close(self) -> None:
        super().close()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
