"""Application entry: logging, exception hooks, the main window; also screenshots."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from edgestudio.context import AppContext
from edgestudio.core.logs import install_exception_hooks, setup_logging

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def _make_app() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("EdgeStudio")
    app.setOrganizationName("EdgeStudio")
    return app


def _install_gui_excepthook() -> None:
    """Show unexpected errors in a dialog (after logging them) instead of dying silently."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        previous(exc_type, exc, tb)
        if QApplication.instance() is not None and issubclass(exc_type, Exception):
            QMessageBox.critical(
                None, "Unexpected error", f"{exc_type.__name__}: {exc}\n\nThe details are in the log file."
            )

    sys.excepthook = hook


def run_gui(fullscreen: bool = False) -> int:
    """Create the context and the main window; runs on the main (GUI) thread."""
    ctx = AppContext.create()
    log_file = setup_logging(
        ctx.paths.log_dir, ctx.config.logging.level, ctx.config.logging.max_bytes, ctx.config.logging.backups
    )
    install_exception_hooks(ctx.paths.log_dir)
    log.info("EdgeStudio starting; log file %s", log_file)
    app = _make_app()
    _install_gui_excepthook()
    from edgestudio.ui.main_window import MainWindow
    from edgestudio.workers.jobs import wait_for_jobs

    window = MainWindow(ctx)
    if fullscreen or ctx.config.ui.fullscreen:
        window.showFullScreen()
    else:
        window.show()
    code = app.exec()
    window.shutdown()
    wait_for_jobs()
    return int(code)


def take_screenshots(outdir: Path, source: Path, backend: str = "") -> list[Path]:
    """Play ``source`` in the Detect tab and save PNGs of it and of the Device panel."""
    from PySide6.QtCore import QEventLoop, QTimer

    from edgestudio.ui.main_window import MainWindow
    from edgestudio.workers.jobs import wait_for_jobs

    ctx = AppContext.create()
    setup_logging(ctx.paths.log_dir, ctx.config.logging.level)
    app = _make_app()
    outdir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(ctx)
    window.show()

    def wait(condition: Callable[[], bool], timeout_s: float) -> None:
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if condition() else None)
        timer.start(50)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        timer.stop()

    tab = window.detect_tab
    wait(lambda: tab.start_button.isEnabled(), 60)
    if backend:
        tab.runtime.backend.setCurrentIndex(tab.runtime.backend.findData(backend))
    tab.source.set_spec("file", str(source), True)
    tab.start()
    shown: list[int] = []
    tab.result_shown.connect(lambda r: shown.append(len(r.detections)))
    wait(lambda: sum(1 for n in shown if n) >= 20, 120)
    app.processEvents()
    paths = [outdir / "detect.png", outdir / "device.png", outdir / "chat-streaming.png", outdir / "chat.png"]
    window.grab().save(str(paths[0]))
    tab.stop()
    window.tabs.setCurrentWidget(window.device_panel)
    wait(lambda: window.device_panel.report is not None, 30)
    app.processEvents()
    window.grab().save(str(paths[1]))

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
    app.processEvents()
    window.grab().save(str(paths[2]))
    wait(lambda: not chat._generating, 120)
    app.processEvents()
    window.grab().save(str(paths[3]))
    window.shutdown()
    window.close()
    wait_for_jobs()
    return paths
