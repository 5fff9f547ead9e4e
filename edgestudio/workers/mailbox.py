"""FrameMailbox: a one-slot mailbox where the newest item wins. Thread-safe, no Qt.

The producer (capture) never blocks and never queues: a new frame replaces an unread one,
which is counted as dropped. The consumer (inference) waits for the next item with a timeout.

The consumer may also set ``input_preparer``: a thread-safe function the producer applies to
each frame's image on its own thread (for detection: resize, pad and convert to the model's
input tensor), so that work overlaps the previous frame's inference instead of following it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import numpy as np

T = TypeVar("T")

InputPreparer = Callable[[np.ndarray], Any]


class FrameMailbox(Generic[T]):
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: T | None = None
        self._closed = False
        self.dropped = 0
        self.delivered = 0
        # Written by the consumer's thread when a stream starts, read by the producer per
        # frame (a single reference: atomic in CPython). None: frames go as they are.
        self.input_preparer: InputPreparer | None = None
        # Set by a consumer that serves several mailboxes: rung on every put, so it can wait
        # for "a frame anywhere, or a finished run" with one wait (see workers/batcher.py).
        self.doorbell: threading.Event | None = None

    def put(self, item: T) -> None:
        """Store ``item``, replacing any unread one (called from the producer thread)."""
        with self._cond:
            if self._item is not None:
                self.dropped += 1
            self._item = item
            self._cond.notify_all()
        bell = self.doorbell
        if bell is not None:
            bell.set()

    def take(self, timeout: float) -> T | None:
        """The newest item, waiting up to ``timeout`` seconds; ``None`` if none came or closed."""
        with self._cond:
            if self._item is None and not self._closed:
                self._cond.wait(timeout)
            item, self._item = self._item, None
            if item is not None:
                self.delivered += 1
                self._cond.notify_all()
            return item

    def wait_empty(self, timeout: float) -> bool:
        """Block the producer until the consumer took the last item (for on-demand decoding)."""
        with self._cond:
            if self._item is not None and not self._closed:
                self._cond.wait(timeout)
            return self._item is None

    def close(self) -> None:
        """Wake every waiter; later ``take`` calls return at once."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        bell = self.doorbell
        if bell is not None:
            bell.set()

    @property
    def closed(self) -> bool:
        return self._closed
