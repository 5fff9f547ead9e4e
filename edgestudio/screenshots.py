"""``edgestudio screenshots``: drive the real main window and save PNGs of each view.

Run it in a real window under Xvfb (``scripts/screenshots.sh``). Views: detect, device, chat,
voice (a file in progress and finished, plus the microphone: live text when a microphone
works, otherwise the no-microphone state).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from edgestudio.context import AppContext
from edgestudio.core.logs import setup_logging

VIEWS = ("detect", "device", "chat", "voice")


def take_screenshots(
    outdir: Path, video: Path | None, audio: Path | None, views: tuple[str, ...] = VIEWS, backend: str = ""
) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer

    from edgestudio.app import _make_app
    from edgestudio.ui.main_window import MainWindow
    from edgestudio.workers.jobs import wait_for_jobs

    ctx = AppContext.create()
    setup_logging(ctx.paths.log_dir, ctx.config.logging.level)
    app = _make_app()
    outdir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(ctx)
    window.show()
    saved: list[Path] = []

    def wait(condition: Callable[[], bool], timeout_s: float) -> None:
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if condition() else None)
        timer.start(50)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        timer.stop()

    def shoot(name: str) -> None:
        app.processEvents()
        path = outdir / f"{name}.png"
        window.grab().save(str(path))
        saved.append(path)

    wait(lambda: window.device_panel.report is not None, 60)
    if "detect" in views and video is not None:
        tab = window.detect_tab
        if backend:
            tab.runtime.backend.setCurrentIndex(tab.runtime.backend.findData(backend))
        tab.source.set_spec("file", str(video), True)
        shown: list[int] = []
        tab.result_shown.connect(lambda r: shown.append(len(r.detections)))
        tab.start()
        wait(lambda: sum(1 for n in shown if n) >= 20, 120)
        shoot("detect")
        tab.stop()
    if "device" in views:
        window.tabs.setCurrentWidget(window.device_panel)
        shoot("device")
    if "chat" in views:
        chat = window.chat_tab
        window.tabs.setCurrentWidget(chat)
        wait(lambda: chat.send_button.isEnabled() and chat.models.estimate is not None, 60)
        chat.temperature.setValue(0.2)
        chat.max_tokens.setValue(40)
        chat.send("Give me three tips for a kiosk.")
        wait(lambda: not chat._generating, 120)
        chat.new_conversation()
        chat.max_tokens.setValue(200)
        chat.send("Write a Python function that adds two numbers, in a code block, then explain it.")
        wait(lambda: chat._partial.count("\n") >= 6, 120)
        shoot("chat-streaming")
        wait(lambda: not chat._generating, 120)
        shoot("chat")
    if "voice" in views and audio is not None:
        voice = window.voice_tab
        window.tabs.setCurrentWidget(voice)
        voice.transcribe(audio)
        wait(lambda: 25 <= voice.progress.value() < 100, 120)
        shoot("voice-progress")
        wait(lambda: not voice._busy_file, 120)
        shoot("voice-file")
        voice.pages.setCurrentIndex(2)
        if voice.history_list.count():
            voice.history_list.setCurrentRow(0)
        shoot("voice-history")
    if "live" in views:
        voice = window.voice_tab
        window.tabs.setCurrentWidget(voice)
        voice.start_listening()
        if voice._live is not None:
            wait(
                lambda: (
                    len([line for line in voice._live_lines if line.text]) >= 2 and bool(voice._live_partial)
                ),
                60,
            )
            shoot("voice-live")
            voice.stop_listening()
        else:
            voice.pages.setCurrentIndex(1)
            shoot("voice-no-microphone")
    window.shutdown()
    window.close()
    wait_for_jobs()
    return saved
