"""Application entry: logging, exception hooks, the main window; also screenshots."""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from edgestudio.context import AppContext
from edgestudio.core.logs import install_exception_hooks, setup_logging
from edgestudio.core.privacy import disable_telemetry

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def make_app() -> QApplication:
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


def run_gui(fullscreen: bool = False, kiosk: bool = False) -> int:
    """Create the context and the main window (a kiosk with ``kiosk`` or ``kiosk.enabled``);
    runs on the main (GUI) thread."""
    disable_telemetry()
    ctx = AppContext.create()
    log_file = setup_logging(
        ctx.paths.log_dir, ctx.config.logging.level, ctx.config.logging.max_bytes, ctx.config.logging.backups
    )
    install_exception_hooks(ctx.paths.log_dir)
    log.info("EdgeStudio starting; log file %s", log_file or "stderr (no folder can be written)")
    ctx.models.clean_leftovers()  # what killed model imports left behind (logged)
    if not ctx.storage.writable:
        log.warning("%s %s", ctx.storage.message(), ctx.storage.consequences())
    app = make_app()
    _install_gui_excepthook()
    from edgestudio.ui.i18n import install_translators
    from edgestudio.ui.theme import apply_theme

    apply_theme(app, ctx.config.ui.theme)
    language = install_translators(app, ctx.config.ui.language)
    ctx.warnings.extend(language.problems)
    from edgestudio.ui.kiosk_launch import show_main_window
    from edgestudio.ui.main_window import MainWindow
    from edgestudio.workers.jobs import wait_for_jobs

    window = MainWindow(ctx)
    from edgestudio.ui.widgets.storage_banner import show_storage_state

    show_storage_state(window, ctx.storage)
    launched = show_main_window(window, ctx, kiosk=kiosk, fullscreen=fullscreen)
    code = app.exec()
    launched.stop()
    window.shutdown()
    wait_for_jobs()
    return int(code)
