"""InferenceSession: one QThread per loaded model.

The processor (for example a DetectionPipeline) is created, used and closed on the session's
thread. The GUI talks to it through queued signals and gets answers as signals carrying frozen
dataclasses, in this order: ``loaded`` (or ``failed``), any ``result``/``progress``/``failed``,
then ``closed`` last.

Cancel is immediate from the caller's point of view: every request carries a generation
number and results of an older generation are dropped on the GUI side, so no ``result``
arrives after ``cancel()`` returns. Streams take the newest frame from a FrameMailbox, and
only one stream result is in flight to the GUI at a time, so a slow GUI never builds a queue.
Shutdown asks the thread to finish and waits with a timeout; ``QThread.terminate()`` is
never used.

Heartbeat: ``ping()`` queues a cheap slot on the session thread that stamps the time; progress
reports and stream steps stamp it too. A thread stuck inside one long ``process`` call stops
stamping, so ``heartbeat_age`` grows; the kiosk's systemd watchdog stops its pings then.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.types import LoadedInfo
from edgestudio.workers.batcher import MultiStreamRun
from edgestudio.workers.mailbox import FrameMailbox

log = logging.getLogger(__name__)

_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
_SESSIONS: weakref.WeakSet[InferenceSession] = weakref.WeakSet()
STREAM_POLL_S = 0.05


def running_threads() -> list[QThread]:
    """Session threads still running (tests assert this is empty after each test)."""
    return [t for t in list(_THREADS) if t.isRunning()]


def live_sessions() -> list[InferenceSession]:
    """Sessions whose thread runs and that are not closing (GUI thread)."""
    return [s for s in list(_SESSIONS) if s.is_running and not s.is_closing]


class Processor(Protocol):
    """What a session runs. Every method is called on the session thread."""

    info: LoadedInfo

    def process(self, request: Any, cancelled: Callable[[], bool]) -> Any: ...

    def configure(self, **settings: Any) -> None: ...

    def close(self) -> None: ...


@runtime_checkable
class PreparesInput(Protocol):
    """A stream processor whose input can be made ahead, on the capture thread."""

    def prepare_input(self, image: Any) -> Any:
        """Thread-safe: called on the capture thread; the result reaches ``process`` as
        ``Frame.prepared``, and ``process`` must check that it still fits its model."""
        ...


ProcessorFactory = Callable[[Callable[[str], None]], Processor]


class _State:
    """Shared between the GUI-side session and its worker. Plain attributes: reads and writes
    of single references are atomic in CPython, and each field has a single writer."""

    def __init__(self) -> None:
        self.generation = 0  # written by the GUI thread
        self.display_pending = False  # set by worker, cleared by GUI thread
        self.display_dropped = 0
        self.last_beat = time.monotonic()  # written by the worker (and by the GUI at load)
        self.loading = False  # True from load() until the factory has returned or raised
        # several sources: source id -> a result of it is on its way to the GUI (worker sets,
        # GUI clears); its results meanwhile are not shown and counted per source
        self.source_pending: dict[int, bool] = {}
        self.source_dropped: dict[int, int] = {}
        self.streams: MultiStreamRun | None = None  # written by the worker, read for counters


class _Worker(QObject):
    """Lives on the session thread; every slot runs there."""

    loaded = Signal(object)
    result = Signal(object, int)
    progress = Signal(object, int)
    failed = Signal(object, int)
    closed = Signal()

    def __init__(self, factory: ProcessorFactory, state: _State) -> None:
        super().__init__()
        self._factory = factory
        self._state = state
        self._generation = -1  # of the request being processed; -1 while loading
        self._processor: Processor | None = None
        self._stream: tuple[FrameMailbox[Any], int] | None = None
        self._streams: tuple[MultiStreamRun, int] | None = None

    @Slot()
    def load(self) -> None:
        start = time.perf_counter()
        try:
            processor = self._factory(self._report)
        except Exception as exc:
            log.warning("load failed: %s", exc, exc_info=not isinstance(exc, EdgeStudioError))
            self._state.loading = False
            self.failed.emit(ErrorInfo.from_exception(exc), -1)
            return
        self._state.loading = False
        self._state.last_beat = time.monotonic()
        self._processor = processor
        info = processor.info
        if not info.load_ms:
            info = LoadedInfo(
                info.model_name,
                info.backend,
                info.device,
                (time.perf_counter() - start) * 1e3,
                info.fallback_reason,
                info.details,
            )
        self.loaded.emit(info)

    def _report(self, item: Any) -> None:
        """Called by the processor on this thread; tagged so stale progress can be dropped."""
        self._state.last_beat = time.monotonic()
        self.progress.emit(item, self._generation)

    @Slot()
    def ping(self) -> None:
        """Heartbeat: answered between two requests or stream steps, never during one."""
        self._state.last_beat = time.monotonic()

    def _cancelled(self) -> bool:
        return self._generation != self._state.generation

    @Slot(object, int)
    def process(self, request: Any, generation: int) -> None:
        if self._processor is None or generation != self._state.generation:
            return
        self._generation = generation
        try:
            output = self._processor.process(request, self._cancelled)
        except Exception as exc:
            log.warning("processing failed: %s", exc, exc_info=not isinstance(exc, EdgeStudioError))
            self.failed.emit(ErrorInfo.from_exception(exc), generation)
            return
        self.result.emit(output, generation)

    @Slot(object)
    def configure(self, settings: dict[str, Any]) -> None:
        if self._processor is not None:
            self._processor.configure(**settings)

    @Slot(object, int)
    def start_stream(self, mailbox: FrameMailbox[Any], generation: int) -> None:
        processor = self._processor
        mailbox.input_preparer = processor.prepare_input if isinstance(processor, PreparesInput) else None
        self._stream = (mailbox, generation)
        QTimer.singleShot(0, self._step)

    def _step(self) -> None:
        self._state.last_beat = time.monotonic()
        if self._stream is None or self._processor is None:
            return
        mailbox, generation = self._stream
        if generation != self._state.generation or mailbox.closed:
            self._end_stream()
            return
        frame = mailbox.take(STREAM_POLL_S)
        if frame is not None:
            self._generation = generation
            try:
                output = self._processor.process(frame, self._cancelled)
            except Exception as exc:
                log.warning(
                    "stream processing failed: %s", exc, exc_info=not isinstance(exc, EdgeStudioError)
                )
                self._end_stream()
                self.failed.emit(ErrorInfo.from_exception(exc), generation)
                return
            if self._state.display_pending:
                self._state.display_dropped += 1
            elif generation == self._state.generation:
                self._state.display_pending = True
                self.result.emit(output, generation)
        QTimer.singleShot(0, self._step)

    @Slot(object, int)
    def start_streams(self, mailboxes: list[FrameMailbox[Any]], generation: int) -> None:
        """Several sources through one request queue (see workers/batcher.py)."""
        self._end_streams()
        processor = self._processor
        if processor is None:
            return
        try:
            run = MultiStreamRun(processor, mailboxes)  # type: ignore[arg-type]
        except Exception as exc:
            log.warning("several sources could not start: %s", exc)
            self.failed.emit(ErrorInfo.from_exception(exc), generation)
            return
        if isinstance(processor, PreparesInput):
            for mailbox in mailboxes:
                mailbox.input_preparer = processor.prepare_input
        self._state.source_pending = {i: False for i in range(len(mailboxes))}
        self._state.source_dropped = {i: 0 for i in range(len(mailboxes))}
        self._streams = (run, generation)
        self._state.streams = run
        QTimer.singleShot(0, self._multi_step)

    def _multi_step(self) -> None:
        self._state.last_beat = time.monotonic()
        if self._streams is None or self._processor is None:
            return
        run, generation = self._streams
        if generation != self._state.generation or run.finished:
            self._end_streams()
            return
        self._generation = generation
        for source, output in run.step(STREAM_POLL_S):
            if isinstance(output, BaseException):
                log.warning("stream processing failed: %s", output)
                self._end_streams()
                self.failed.emit(ErrorInfo.from_exception(output), generation)
                return
            if self._state.source_pending.get(source):
                self._state.source_dropped[source] = self._state.source_dropped.get(source, 0) + 1
            elif generation == self._state.generation:
                self._state.source_pending[source] = True
                self.result.emit(output, generation)
        QTimer.singleShot(0, self._multi_step)

    def _end_streams(self) -> None:
        if self._streams is not None:
            run = self._streams[0]
            self._streams = None
            try:
                run.close()
            except Exception:
                log.exception("closing the request queue failed")
            for mailbox in run.mailboxes:
                if mailbox.input_preparer == getattr(self._processor, "prepare_input", None):
                    mailbox.input_preparer = None

    def _end_stream(self) -> None:
        if self._stream is not None:
            mailbox = self._stream[0]
            if mailbox.input_preparer == getattr(self._processor, "prepare_input", None):
                mailbox.input_preparer = None  # the capture thread stops preparing for us
            self._stream = None

    @Slot()
    def shutdown(self) -> None:
        self._end_stream()
        self._end_streams()
        if self._processor is not None:
            try:
                self._processor.close()
            except Exception:
                log.exception("closing the processor failed")
            self._processor = None
        self.closed.emit()
        thread = QThread.currentThread()
        if thread is not None:
            thread.quit()


class InferenceSession(QObject):
    """GUI-side handle of one loaded model. Every public method is called on the GUI thread."""

    loaded = Signal(object)  # LoadedInfo
    result = Signal(object)  # the processor's output, e.g. DetectionResult
    progress = Signal(object)  # str
    failed = Signal(object)  # ErrorInfo
    closed = Signal()

    _request_load = Signal()
    _request_process = Signal(object, int)
    _request_stream = Signal(object, int)
    _request_streams = Signal(object, int)
    _request_configure = Signal(object)  # a dict, passed as it is (no QVariantMap conversion)
    _request_shutdown = Signal()
    _request_ping = Signal()

    def __init__(self, factory: ProcessorFactory, name: str = "session", parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._state = _State()
        self._thread = QThread()
        self._thread.setObjectName(f"session-{name}")
        _THREADS.add(self._thread)
        self._worker = _Worker(factory, self._state)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.load)
        self._request_process.connect(self._worker.process)
        self._request_stream.connect(self._worker.start_stream)
        self._request_streams.connect(self._worker.start_streams)
        self._request_configure.connect(self._worker.configure)
        self._request_shutdown.connect(self._worker.shutdown)
        self._request_ping.connect(self._worker.ping)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.result.connect(self._on_result)
        self._worker.progress.connect(self._on_progress)
        self._worker.failed.connect(self._on_failed)
        self._worker.closed.connect(self._on_closed)
        self._closing = False
        self._closed = False
        self.info: LoadedInfo | None = None
        _SESSIONS.add(self)

    # -- commands (GUI thread) -------------------------------------------------------------
    def load(self) -> None:
        """Start the thread; the processor is created there, then ``loaded`` or ``failed``."""
        if not self._thread.isRunning() and not self._closing:
            self._state.loading = True
            self._state.last_beat = time.monotonic()
            self._thread.start()

    def submit(self, request: Any) -> None:
        """Process one request; answers with ``result`` or ``failed``."""
        if not self._closing:
            self._request_process.emit(request, self._state.generation)

    def start_stream(self, mailbox: FrameMailbox[Any]) -> None:
        """Process the newest frame of ``mailbox`` until cancel/close or the mailbox closes."""
        if not self._closing:
            self._request_stream.emit(mailbox, self._state.generation)

    def start_streams(self, mailboxes: list[FrameMailbox[Any]]) -> None:
        """Process several sources at once (source id = position in ``mailboxes``), with
        several requests in flight, until cancel/close or every mailbox closes. Results carry
        their source's id (``DetectionResult.source``); each source has its own display gate.
        The processor must have ``open_queue``/``begin``/``finish`` (DetectionPipeline)."""
        if not self._closing:
            self._request_streams.emit(list(mailboxes), self._state.generation)

    def configure(self, **settings: Any) -> None:
        """Change processor settings (thresholds...) between two frames."""
        if not self._closing:
            self._request_configure.emit(settings)

    def ping(self) -> None:
        """Queue a heartbeat; the session thread answers it when it is free (see ``heartbeat_age``)."""
        if self._thread.isRunning() and not self._closing:
            self._request_ping.emit()

    def cancel(self) -> None:
        """Drop every pending and running request; no ``result`` is delivered after this."""
        self._state.generation += 1
        self._state.display_pending = False
        self._state.source_pending = {}

    def close(self, timeout_ms: int = 5000) -> bool:
        """Close the processor on its thread and wait for the thread; True if it finished."""
        if self._closed or self._closing:
            return not self._thread.isRunning()
        self._closing = True
        self.cancel()
        if not self._thread.isRunning():
            self._thread.started.disconnect(self._worker.load)
            self._closed = True
            QTimer.singleShot(0, self.closed.emit)
            return True
        self._request_shutdown.emit()
        finished = self._thread.wait(timeout_ms)
        if not finished:
            log.error(
                "session %s did not stop within %d ms; it will stop after its current step",
                self.name,
                timeout_ms,
            )
        return bool(finished)

    # -- state -----------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    @property
    def is_closing(self) -> bool:
        return self._closing

    @property
    def loading(self) -> bool:
        """True while the processor is being created on the session thread."""
        return self._state.loading

    @property
    def heartbeat_age(self) -> float:
        """Seconds since the session thread last showed it was alive (a ping, step or report)."""
        return time.monotonic() - self._state.last_beat

    def source_counts(self, source: int) -> dict[str, int]:
        """Several sources: one source's results, frames in flight and results not shown
        (stale or the GUI still busy) so far (GUI thread; counters written by the worker)."""
        run = self._state.streams
        if run is None or not 0 <= source < len(run.counters):
            return {"results": 0, "in_flight": 0, "not_shown": 0}
        counters = run.counters[source]
        not_shown = counters.stale + self._state.source_dropped.get(source, 0)
        return {"results": counters.results, "in_flight": counters.in_flight, "not_shown": not_shown}

    @property
    def display_dropped(self) -> int:
        """Stream results not shown because the GUI was still busy with the previous one."""
        return self._state.display_dropped

    # -- relays (GUI thread) ---------------------------------------------------------------
    def _on_loaded(self, info: LoadedInfo) -> None:
        self.info = info
        if not self._closing:
            self.loaded.emit(info)

    def _on_result(self, output: Any, generation: int) -> None:
        try:
            if generation == self._state.generation and not self._closing:
                self.result.emit(output)
        finally:
            source = getattr(output, "source", None)
            if source is not None and source in self._state.source_pending:
                self._state.source_pending[source] = False
            else:
                self._state.display_pending = False

    def _on_progress(self, item: Any, generation: int) -> None:
        if generation in (-1, self._state.generation) and not self._closing:
            self.progress.emit(item)

    def _on_failed(self, error: ErrorInfo, generation: int) -> None:
        if generation in (-1, self._state.generation) and not self._closing:
            self.failed.emit(error)

    def _on_closed(self) -> None:
        self._closed = True
        self.closed.emit()
