"""CaptureThread: reads a FrameSource on its own thread into a FrameMailbox.

Pacing: ``realtime`` plays files at their own frame rate (what a person watching expects);
``on_demand`` decodes the next frame as soon as the consumer took the previous one (fastest
processing, used by benchmarks and "as fast as possible" playback). Live sources are always
read as fast as they deliver, so the driver's buffer never fills and latency stays low.

Reconnection (``reconnect=True``, for the cameras of a grid or a kiosk; with
``reconnect_after_first_frame`` only once the source has given a picture, for the one source
a person just chose): a source that fails
to open, stops sending (an unplugged USB camera, a dropped RTSP/HTTP stream) or disappears (a
looping file removed) is reported through ``on_state("reconnecting", error)`` and opened
again after a growing pause (``RECONNECT_DELAYS_S``, the last one repeated) until it works,
then ``on_state("running", None)``; the thread keeps running and the mailbox stays open, so
the consumer simply receives frames again.

Input preparation: when the consuming session sets ``FrameMailbox.input_preparer``, each
frame's model input is made here, right after decoding, so it overlaps the previous frame's
inference instead of following it on the session thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from edgestudio.core.errors import EdgeStudioError, ErrorInfo, SourceError
from edgestudio.core.types import Frame
from edgestudio.core.video import FrameSource, SourceSpec, open_source
from edgestudio.workers.mailbox import FrameMailbox

log = logging.getLogger(__name__)

RECONNECT_DELAYS_S = (0.5, 1.0, 2.0, 4.0, 8.0)
StateCallback = Callable[[str, ErrorInfo | None], None]


class CaptureThread(threading.Thread):
    """Producer thread. ``on_error``, ``on_end`` and ``on_state`` are called on this thread."""

    def __init__(
        self,
        spec: SourceSpec,
        mailbox: FrameMailbox[Frame],
        *,
        pacing: str = "realtime",
        fps: float = 0.0,
        on_error: Callable[[ErrorInfo], None] | None = None,
        on_end: Callable[[], None] | None = None,
        source: FrameSource | None = None,
        reconnect: bool = False,
        on_state: StateCallback | None = None,
        reconnect_after_first_frame: bool = False,
    ) -> None:
        super().__init__(name=f"capture-{spec.describe()}", daemon=False)
        self.spec = spec
        self.mailbox = mailbox
        self.pacing = pacing
        self.fps = fps  # overrides the source's own rate when > 0
        self._on_error = on_error
        self._on_end = on_end
        self._source = source
        self._stop_event = threading.Event()
        self.frames_read = 0
        self.reconnect = reconnect
        # a source the person just chose that never gave a picture is reported at once (a
        # mistyped address); once it has worked, a fault means "reconnect" (unplugged, dropped)
        self.reconnect_after_first_frame = reconnect_after_first_frame
        self._worked = False
        self._on_state = on_state
        self.reconnects = 0  # times the source was opened again after a fault
        self.state = "opening"  # opening, running, reconnecting, ended, failed (this thread writes)

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to finish and wait for it (any thread except this one)."""
        self._stop_event.set()
        self.mailbox.close()
        if self.is_alive():
            self.join(timeout)
        return not self.is_alive()

    def run(self) -> None:
        attempt = 0
        source = self._source
        while not self._stop_event.is_set():
            try:
                if source is None:
                    source = open_source(self.spec)
                self._loop(source, attempt)
                self.state = "ended"
                return
            except Exception as exc:  # OpenCV can raise cv2.error on odd inputs
                error = self._as_error(exc, opened=source is not None)
                if not self.reconnect and not (self.reconnect_after_first_frame and self._worked):
                    self.state = "failed"
                    self._report(error)
                    return
                if self.state == "running":
                    attempt = 0  # it worked since the last fault: start the pauses afresh
                delay = RECONNECT_DELAYS_S[min(attempt, len(RECONNECT_DELAYS_S) - 1)]
                attempt += 1
                self._set_state("reconnecting", ErrorInfo.from_exception(error))
                log.info("%s: %s; trying again in %.1f s", self.spec.describe(), error, delay)
                self._stop_event.wait(delay)
            finally:
                if source is not None:
                    source.close()
                    source = None

    def _as_error(self, exc: BaseException, opened: bool) -> EdgeStudioError:
        if isinstance(exc, EdgeStudioError):
            return exc
        if not opened:
            return SourceError(f"{self.spec.describe()} could not be opened: {exc}")
        log.exception("capture failed")
        return SourceError(f"Reading {self.spec.describe()} failed: {exc}")

    def _set_state(self, state: str, error: ErrorInfo | None = None) -> None:
        self.state = state
        if self._on_state is not None:
            self._on_state(state, error)

    def _loop(self, source: FrameSource, attempt: int = 0) -> None:
        """Read until the end, a stop or an error (raised). After a reconnection the first
        frame read says "running" again."""
        if attempt:
            self.reconnects += 1
        announce = True
        fps = self.fps or source.fps
        interval = 1.0 / fps if fps > 0 else 0.0
        paced = self.pacing == "realtime" and not source.is_live
        next_due = time.perf_counter()
        while not self._stop_event.is_set():
            if self.pacing == "on_demand" and not source.is_live:
                while not self.mailbox.wait_empty(0.1):
                    if self._stop_event.is_set():
                        return
            t0 = time.perf_counter()
            image = source.read()
            t1 = time.perf_counter()
            if image is None:
                if self._on_end:
                    self._on_end()
                return
            self.mailbox.put(Frame(image, self.frames_read, t1, (t1 - t0) * 1e3, self._prepare(image)))
            self.frames_read += 1
            if announce:
                announce = False
                self._worked = True
                self._set_state("running")
            if paced and interval:
                next_due = max(next_due + interval, t1 - interval)
                delay = next_due - time.perf_counter()
                if delay > 0:
                    self._stop_event.wait(delay)

    def _prepare(self, image: np.ndarray) -> Any:
        """The consumer's input for ``image``, or None: a failure here is not reported, because
        the consumer prepares the frame again itself and reports the error in its own words."""
        preparer = self.mailbox.input_preparer
        if preparer is None:
            return None
        try:
            return preparer(image)
        except Exception:
            log.debug("preparing a frame on the capture thread failed", exc_info=True)
            return None

    def _report(self, exc: BaseException) -> None:
        log.warning("capture error: %s", exc)
        if self._on_error:
            self._on_error(ErrorInfo.from_exception(exc))
