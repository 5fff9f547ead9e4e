"""The kiosk as a visitor first meets it (issue 18, point 5): without its camera it shows an
idle screen that says what it does (no red error), tells systemd it is ready, and starts by
itself as soon as the configured source appears. And a kiosk whose site file lists four
cameras shows them in a grid, with each camera's state, fps and drops in the health strip
(point 6). Real windows, real video files."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from edgestudio.context import AppContext
from edgestudio.core.logs import setup_logging
from edgestudio.core.types import DetectionResult
from edgestudio.ui.kiosk_launch import show_main_window
from edgestudio.ui.main_window import MainWindow
from tests.test_kiosk import kiosk_paths, shoot
from tests.test_sd_notify import FakeSystemd


def test_without_its_camera_the_kiosk_waits_on_an_idle_screen_and_starts_when_it_appears(
    qtbot, tmp_path: Path, street_video: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    for name in list(os.environ):
        if name.startswith("EDGESTUDIO_") and "__" in name:
            monkeypatch.delenv(name)
    systemd = FakeSystemd(tmp_path / "notify")
    monkeypatch.setenv("NOTIFY_SOCKET", str(systemd.path))
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    camera = tmp_path / "entrance.mp4"  # configured, not there yet (a camera not plugged in)
    site = f"""
[kiosk]
enabled = true
tabs = ["detect"]

[detection]
source_kind = "file"
source = "{camera}"
"""
    ctx = AppContext.create(kiosk_paths(tmp_path, site))
    log_file = setup_logging(ctx.paths.log_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    launched = show_main_window(window, ctx)
    try:
        controller = launched.kiosk
        assert controller is not None
        tab = window.detect_tab
        qtbot.waitUntil(lambda: controller.idle, timeout=60_000)
        message = tab.view._message
        assert "starts by itself" in message and not tab.view._message_is_error
        assert "could not be used" not in message and "No video source" not in message
        qtbot.waitUntil(lambda: bool(systemd.times("READY=1")), timeout=10_000)
        shoot(window, "kiosk-idle")
        qtbot.wait(2500)  # a poll or two while the camera is missing: still idle, no error
        assert controller.idle and not tab.view._message_is_error

        shown: list[DetectionResult] = []
        tab.result_shown.connect(shown.append)
        shutil.copy(street_video, camera)
        qtbot.waitUntil(lambda: len(shown) >= 3, timeout=120_000)
        assert not controller.idle and tab.view.frames_shown >= 3
    finally:
        if launched.kiosk is not None and launched.kiosk.active:
            launched.kiosk.leave()
        launched.stop()
        window.shutdown()
        systemd.close()
        for handler in logging.getLogger().handlers:
            if getattr(handler, "baseFilename", "") == str(log_file):
                logging.getLogger().removeHandler(handler)
                handler.close()


def test_a_site_file_with_four_cameras_fills_the_grid_and_the_health_strip(
    qtbot, tmp_path: Path, street_video: Path, bus_jpg: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    for name in list(os.environ):
        if name.startswith("EDGESTUDIO_") and "__" in name:
            monkeypatch.delenv(name)
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    second = tmp_path / "second.mp4"
    shutil.copy(street_video, second)
    site = f"""
[kiosk]
enabled = true
tabs = ["detect"]

[detection]
source_kind = "file"
source = "{street_video}"
more_sources = ["{second}", "{bus_jpg}", "{street_video}"]
"""
    ctx = AppContext.create(kiosk_paths(tmp_path, site))
    log_file = setup_logging(ctx.paths.log_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    launched = show_main_window(window, ctx)
    try:
        controller = launched.kiosk
        assert controller is not None
        tab = window.detect_tab
        assert not tab.more_sources.isEnabled(), "the site file sets the cameras"
        shown: list[DetectionResult] = []
        tab.result_shown.connect(shown.append)
        qtbot.waitUntil(lambda: {r.source for r in shown} == {0, 1, 2, 3}, timeout=180_000)
        assert len(tab.grid.tiles) == 4
        strip = controller.health
        qtbot.waitUntil(lambda: strip.camera_label.text().count("running") == 4, timeout=10_000)
        text = strip.camera_label.text()
        assert text.startswith("Cameras: 1 street.mp4: running") and "4 street.mp4" in text
        assert "2 second.mp4" in text and "dropped" in text
        shoot(window, "kiosk-grid")
    finally:
        if launched.kiosk is not None and launched.kiosk.active:
            launched.kiosk.leave()
        launched.stop()
        window.shutdown()
        for handler in logging.getLogger().handlers:
            if getattr(handler, "baseFilename", "") == str(log_file):
                logging.getLogger().removeHandler(handler)
                handler.close()
