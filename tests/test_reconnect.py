"""Camera faults in the field (issue 18, point 4): a stream server that is killed and
restarted, and a looping video file that disappears and comes back. The capture thread says
"reconnecting", retries with growing pauses and resumes without a restart. Real FFmpeg HTTP
server on 127.0.0.1, real files."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from edgestudio.core.errors import ErrorInfo
from edgestudio.core.types import Frame
from edgestudio.core.video import SourceSpec
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox
from tests.test_stream_sources import free_port, listening


class States:
    """What the capture thread reported, in order (appended on its thread)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, ErrorInfo | None]] = []
        self._lock = threading.Lock()

    def __call__(self, state: str, error: ErrorInfo | None) -> None:
        with self._lock:
            self.items.append((state, error))

    def names(self) -> list[str]:
        with self._lock:
            return [s for s, _ in self.items]


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def serve(video: Path, port: int) -> subprocess.Popen[bytes]:
    url = f"http://127.0.0.1:{port}/live.ts"
    server = subprocess.Popen(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", str(video),
         "-c:v", "mpeg2video", "-q:v", "4", "-f", "mpegts", "-listen", "1", url],
    )  # fmt: skip
    wait_for(lambda: listening(port), 10, "the stream server to listen")
    return server


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is installed by scripts/install.sh --dev")
def test_a_stream_that_drops_says_reconnecting_and_resumes_without_a_restart(street_video: Path) -> None:
    port = free_port()
    server = serve(street_video, port)
    mailbox: FrameMailbox[Frame] = FrameMailbox()
    states = States()
    errors: list[ErrorInfo] = []
    capture = CaptureThread(
        SourceSpec.guess(f"http://127.0.0.1:{port}/live.ts"),
        mailbox,
        reconnect=True,
        on_state=states,
        on_error=errors.append,
    )
    try:
        capture.start()
        wait_for(lambda: capture.frames_read >= 5, 20, "frames from the stream")
        assert states.names() == ["running"]
        server.kill()
        server.wait(5)
        wait_for(lambda: "reconnecting" in states.names(), 20, "the drop to be noticed")
        assert capture.is_alive() and capture.state == "reconnecting"
        reason = next(e for s, e in states.items if s == "reconnecting")
        assert reason is not None and reason.message
        time.sleep(1.5)  # a few refused attempts while the server is down
        before = capture.frames_read
        server = serve(street_video, port)
        wait_for(lambda: capture.frames_read >= before + 5, 30, "frames after the server came back")
        assert states.names()[-1] == "running" and capture.reconnects >= 1
        assert not errors, "a fault with reconnection on is not an error that ends the source"
    finally:
        capture.stop()
        server.kill()
        server.wait(5)


def test_a_looping_file_that_disappears_waits_for_it_and_plays_again(
    street_video: Path, tmp_path: Path
) -> None:
    video = tmp_path / "entrance.mp4"
    shutil.copy(street_video, video)
    mailbox: FrameMailbox[Frame] = FrameMailbox()
    states = States()
    capture = CaptureThread(
        SourceSpec("file", str(video), loop=True),
        mailbox,
        pacing="realtime",
        fps=200,
        reconnect=True,
        on_state=states,
    )
    taken: list[Frame] = []
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set():
            frame = mailbox.take(0.05)
            if frame is not None:
                taken.append(frame)

    consumer = threading.Thread(target=consume, name="test-consumer")
    try:
        capture.start()
        consumer.start()
        wait_for(lambda: len(taken) >= 3, 20, "frames from the file")
        video.unlink()
        wait_for(lambda: "reconnecting" in states.names(), 20, "the missing file to be noticed")
        reason = next(e for s, e in states.items if s == "reconnecting")
        assert reason is not None and "no longer there" in reason.message
        time.sleep(1.0)
        assert capture.state == "reconnecting" and capture.is_alive()
        count = len(taken)
        shutil.copy(street_video, video)
        wait_for(lambda: len(taken) >= count + 5, 30, "frames after the file came back")
        assert states.names()[-1] == "running"
        indices = [f.index for f in taken]
        assert indices == sorted(indices), "frame numbers keep counting across the fault"
    finally:
        stop.set()
        capture.stop()
        if consumer.is_alive():
            consumer.join(5)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is installed by scripts/install.sh --dev")
def test_the_detect_tab_s_one_stream_reconnects_after_it_drops(qtbot, ctx, street_video: Path) -> None:  # type: ignore[no-untyped-def]
    """The single source a kiosk watches: once it has given pictures, a drop says
    "reconnecting" and the tab carries on when the stream is back; a stream that never
    worked is still an error at once (see test_stream_sources)."""
    from edgestudio.core.types import DetectionResult
    from edgestudio.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.detect_tab
    qtbot.waitUntil(lambda: tab.start_button.isEnabled(), timeout=60_000)
    port = free_port()
    server = serve(street_video, port)
    shown: list[DetectionResult] = []
    messages: list[str] = []
    tab.result_shown.connect(shown.append)
    tab.status_message.connect(messages.append)
    try:
        tab.source.set_spec("url", f"http://127.0.0.1:{port}/live.ts", True)
        tab.start()
        qtbot.waitUntil(lambda: len(shown) >= 3, timeout=60_000)
        server.kill()
        server.wait(5)
        qtbot.waitUntil(lambda: any("reconnecting" in m for m in messages), timeout=30_000)
        assert tab.start_button.text() == "Stop"  # still running, not failed
        before = len(shown)
        server = serve(street_video, port)
        qtbot.waitUntil(lambda: len(shown) >= before + 3, timeout=60_000)
        assert any(m.endswith("is back.") for m in messages)
    finally:
        tab.stop()
        server.kill()
        server.wait(5)
        window.shutdown()
