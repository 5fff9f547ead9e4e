"""SourceSet: the Detect tab's sources when it runs several at once (2 to 8), shown in a
VideoGrid. It owns one CaptureThread and one FrameMailbox per source (each source's newest
frame wins), hands the mailboxes to one InferenceSession (``start_streams``), paints each
result on its source's tile with that tile's HUD, and keeps per-source state, fps and drops
for the Performance panel and the kiosk's health strip.

Sources reconnect by themselves: a camera unplugged or a stream that drops makes its tile say
"reconnecting" while the others go on. GUI thread, except the capture callbacks, which only
emit a queued signal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from edgestudio.core.errors import ErrorInfo
from edgestudio.core.types import DetectionResult, Frame
from edgestudio.core.video import SourceSpec
from edgestudio.ui.i18n import error_text, format_number, tr_message
from edgestudio.ui.overlays import detection_overlays
from edgestudio.ui.widgets.video_grid import VideoGrid
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox
from edgestudio.workers.session import InferenceSession

log = logging.getLogger(__name__)


@dataclass
class SourceStatus:
    """One source as the Performance panel and the health strip show it."""

    name: str
    state: str  # opening, running, reconnecting
    fps: float = 0.0
    dropped: int = 0  # frames replaced before inference took them, and results not shown
    latency_ms: float = 0.0
    reason: str = ""  # why it is reconnecting, in the GUI's language


class SourceSet(QObject):
    """Several sources through one session, painted on a VideoGrid. GUI thread only."""

    _state_changed = Signal(int, str, object)  # emitted from capture threads: queued here

    def __init__(self, grid: VideoGrid, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.specs: list[SourceSpec] = []
        self._captures: list[CaptureThread] = []
        self._mailboxes: list[FrameMailbox[Frame]] = []
        self._session: InferenceSession | None = None
        self._status: list[SourceStatus] = []
        self._last_arrival: list[float] = []
        self._state_changed.connect(self._on_state)

    @property
    def active(self) -> bool:
        return bool(self._captures)

    def start(self, session: InferenceSession, specs: list[SourceSpec], pacing: str) -> None:
        """Open every source (each on its own capture thread, reconnecting on faults) and
        stream them all through ``session``."""
        self.stop()
        self.specs = list(specs)
        self._session = session
        self.grid.set_count(len(specs))
        self._status = [SourceStatus(tr_message(s.describe()), "opening") for s in specs]
        self._last_arrival = [0.0] * len(specs)
        self._mailboxes = [FrameMailbox() for _ in specs]
        for index, (spec, mailbox) in enumerate(zip(specs, self._mailboxes, strict=True)):
            capture = CaptureThread(
                spec,
                mailbox,
                pacing=pacing,
                reconnect=True,
                on_state=self._state_reporter(index),
            )
            self._captures.append(capture)
            self.grid.tile(index).show_message(
                self.tr("Opening {source}…").format(source=self._status[index].name)
            )
        for capture in self._captures:
            capture.start()
        session.start_streams(self._mailboxes)

    def _state_reporter(self, index: int) -> Callable[[str, ErrorInfo | None], None]:
        """The capture thread's ``on_state`` for source ``index``: a queued signal."""

        def report(state: str, error: ErrorInfo | None) -> None:
            self._state_changed.emit(index, state, error)

        return report

    def stop(self) -> None:
        """Stop every capture thread and close the mailboxes (the caller cancels the session)."""
        for capture in self._captures:
            if not capture.stop():
                log.error("capture thread %s did not stop in time", capture.name)
        for mailbox in self._mailboxes:
            mailbox.close()
        self._captures, self._mailboxes = [], []
        self._session = None
        for tile in self.grid.tiles:
            tile.set_hud("")

    def show_result(self, result: DetectionResult) -> None:
        """Paint ``result`` on its source's tile (never another's) and count it."""
        index = result.source
        if not 0 <= index < len(self._status) or result.image is None:
            return
        now = time.perf_counter()
        status = self._status[index]
        last = self._last_arrival[index]
        if last:
            interval = now - last
            status.fps = 1 / interval if not status.fps else 0.9 * status.fps + 0.1 / interval
        self._last_arrival[index] = now
        status.latency_ms = (now - (result.finished_at - result.latency_ms / 1e3)) * 1e3
        status.state = "running"
        self.grid.tile(index).show_frame(result.image, detection_overlays(result.detections))

    def statuses(self) -> list[SourceStatus]:
        """Each source's state, fps and drops, counted up to now."""
        for index, status in enumerate(self._status):
            dropped = self._mailboxes[index].dropped if index < len(self._mailboxes) else 0
            if self._session is not None:
                dropped += self._session.source_counts(index)["not_shown"]
            status.dropped = dropped
        return list(self._status)

    def aggregate_fps(self) -> float:
        return sum(s.fps for s in self._status if s.state == "running")

    def refresh_huds(self) -> None:
        """Each tile's HUD: its name, fps, latency and drops, or that it reconnects."""
        for index, status in enumerate(self.statuses()):
            tile = self.grid.tile(index)
            if status.state == "reconnecting":
                tile.set_hud(self.tr("{source}: reconnecting…").format(source=status.name))
                continue
            tile.set_hud(
                self.tr("{source}   {fps} fps   latency {latency} ms   dropped {dropped}").format(
                    source=status.name,
                    fps=format_number(status.fps, 1),
                    latency=format_number(status.latency_ms, 0),
                    dropped=status.dropped,
                )
            )

    def _on_state(self, index: int, state: str, error: ErrorInfo | None) -> None:
        if not self.active or index >= len(self._status):
            return
        status = self._status[index]
        status.state = state
        status.reason = error_text(error) if error is not None else ""
        tile = self.grid.tile(index)
        if state == "reconnecting":
            status.fps = 0.0
            self._last_arrival[index] = 0.0
            tile.show_message(
                self.tr("Reconnecting to {source}…\n{reason}").format(
                    source=status.name, reason=status.reason
                )
            )
            tile.set_hud(self.tr("{source}: reconnecting…").format(source=status.name))
