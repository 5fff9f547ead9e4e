"""systemd notify: the standard-library client against a real AF_UNIX datagram socket, and the
GUI-thread watchdog that pings only while the GUI and every session answer."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import pytest

from edgestudio.core.sd_notify import SystemdNotifier
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline
from edgestudio.ui.kiosk_watchdog import SystemdWatchdog
from edgestudio.workers.session import InferenceSession, live_sessions

WATCHDOG_SEC = 2.0


class FakeSystemd:
    """A real notify socket, read on a thread, every datagram stamped with its arrival time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.05)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="fake-systemd", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def times(self, field: str) -> list[float]:
        return [t for t, text in self.messages if field in text.split("\n")]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[FakeSystemd]:
    fake = FakeSystemd(tmp_path / "notify")
    yield fake
    fake.close()


def environ(fake: FakeSystemd, watchdog_sec: float = WATCHDOG_SEC) -> dict[str, str]:
    return {
        "NOTIFY_SOCKET": str(fake.path),
        "WATCHDOG_USEC": str(int(watchdog_sec * 1e6)),
        "WATCHDOG_PID": str(os.getpid()),
    }


def test_notifier_sends_ready_status_and_watchdog(systemd: FakeSystemd) -> None:
    notifier = SystemdNotifier(environ(systemd))
    assert notifier.enabled and notifier.watchdog_seconds == WATCHDOG_SEC
    assert notifier.ready("detecting on cpu")
    assert notifier.watchdog()
    notifier.close()
    deadline = time.monotonic() + 2
    while len(systemd.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [m for _, m in systemd.messages] == ["READY=1\nSTATUS=detecting on cpu", "WATCHDOG=1"]


def test_notifier_abstract_socket_and_foreign_watchdog_pid() -> None:
    name = f"edgestudio-test-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.settimeout(2)
    try:
        foreign = {"NOTIFY_SOCKET": "@" + name, "WATCHDOG_USEC": "5000000", "WATCHDOG_PID": "1"}
        notifier = SystemdNotifier(foreign)
        assert notifier.watchdog_seconds == 0  # the watchdog is meant for another process
        assert notifier.ready()
        assert server.recv(100) == b"READY=1"
        notifier.close()
    finally:
        server.close()


def test_notifier_without_systemd_is_a_no_op() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled and notifier.watchdog_seconds == 0
    assert not notifier.ready() and not notifier.watchdog()


def test_notifier_survives_a_vanished_socket(tmp_path: Path) -> None:
    notifier = SystemdNotifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert not notifier.watchdog()  # logged, never raised


class Stuckable:
    """Fault injection around the real detection pipeline: ``process`` blocks while ``hold``
    is set, like an inference that never returns."""

    def __init__(self, inner: Any, hold: threading.Event, entered: threading.Event) -> None:
        self.inner, self.hold, self.entered = inner, hold, entered
        self.info = inner.info

    def process(self, request: Any, cancelled: Any) -> Any:
        if self.hold.is_set():
            self.entered.set()
            while self.hold.is_set():
                time.sleep(0.01)
        return self.inner.process(request, cancelled)

    def configure(self, **settings: Any) -> None:
        self.inner.configure(**settings)

    def close(self) -> None:
        self.inner.close()


def test_ready_after_load_then_pings_stop_when_a_session_or_the_gui_is_blocked(
    qtbot, registry, default_entry, bus_jpg, systemd: FakeSystemd
) -> None:  # type: ignore[no-untyped-def]
    hold, entered = threading.Event(), threading.Event()
    session = InferenceSession(
        lambda report: Stuckable(
            build_detection_pipeline(registry, default_entry, DetectionOptions("onnxruntime"), report),
            hold,
            entered,
        ),
        name="centernet",
    )
    watchdog = SystemdWatchdog(SystemdNotifier(environ(systemd)))
    try:
        _check_watchdog(qtbot, session, watchdog, systemd, hold, entered, cv2.imread(str(bus_jpg)))
    finally:
        hold.clear()
        watchdog.stop()
        session.close()
    qtbot.waitUntil(lambda: "STOPPING=1" in [m for _, m in systemd.messages], timeout=2_000)


def _check_watchdog(qtbot, session, watchdog, systemd, hold, entered, image) -> None:  # type: ignore[no-untyped-def]
    session.load()
    watchdog.start(lambda: not any(s.loading for s in live_sessions()), lambda: "model loaded")
    with qtbot.waitSignal(watchdog.ready_sent, timeout=60_000):
        pass
    assert session.info is not None, "READY must wait for the model to load"
    qtbot.waitUntil(
        lambda: len(systemd.times("READY=1")) == 1 and len(systemd.times("WATCHDOG=1")) >= 3, timeout=5_000
    )
    assert "STATUS=model loaded" in [line for _, m in systemd.messages for line in m.split("\n")]

    # A session stuck inside one inference: pings stop within WatchdogSec.
    hold.set()
    session.submit(image)
    assert entered.wait(10)
    stuck_at = time.monotonic()
    with qtbot.waitSignal(watchdog.stuck, timeout=int(WATCHDOG_SEC * 1000)) as got:
        pass
    assert got.args[0] == ["centernet"]
    qtbot.wait(int(WATCHDOG_SEC * 1000))
    last_ping = max(systemd.times("WATCHDOG=1"))
    assert last_ping - stuck_at < WATCHDOG_SEC, "systemd would not have restarted the stuck app"
    assert time.monotonic() - last_ping > WATCHDOG_SEC  # and no ping since

    # The session answers again: pings resume.
    with qtbot.waitSignal(session.result, timeout=30_000):
        hold.clear()
    pings = len(systemd.times("WATCHDOG=1"))
    qtbot.waitUntil(lambda: len(systemd.times("WATCHDOG=1")) >= pings + 2, timeout=5_000)

    # The GUI thread blocked: the timer cannot run, so no ping for as long as it is blocked.
    blocked_at = time.monotonic()
    time.sleep(WATCHDOG_SEC * 1.5)
    unblocked_at = time.monotonic()
    during = [t for t in systemd.times("WATCHDOG=1") if blocked_at + 0.05 < t < unblocked_at]
    assert during == []
    qtbot.waitUntil(lambda: max(systemd.times("WATCHDOG=1")) > unblocked_at, timeout=5_000)
