"""How the main window comes up: as a kiosk or a window, and under systemd with READY and
watchdog pings. Called once by ``app.run_gui`` on the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

from edgestudio.context import AppContext
from edgestudio.core.sd_notify import SystemdNotifier
from edgestudio.ui.kiosk_controller import KioskController
from edgestudio.ui.kiosk_watchdog import SystemdWatchdog
from edgestudio.ui.main_window import MainWindow
from edgestudio.workers.session import live_sessions


@dataclass
class LaunchedWindow:
    """What ``show_main_window`` set up; ``stop()`` before the window shuts down."""

    watchdog: SystemdWatchdog
    kiosk: KioskController | None

    def stop(self) -> None:
        self.watchdog.stop()
        self.watchdog.notifier.close()
        if self.kiosk is not None:
            self.kiosk.close()


def show_main_window(
    window: MainWindow, ctx: AppContext, kiosk: bool = False, fullscreen: bool = False
) -> LaunchedWindow:
    """Show ``window`` (a kiosk if asked or if the config enables it) and tell systemd, when it
    started us, that the app is ready once the window is up and the models have loaded."""
    watchdog = SystemdWatchdog(SystemdNotifier(), parent=window)
    if kiosk or ctx.config.kiosk.enabled:
        controller = KioskController(
            window,
            ctx.config.kiosk,
            ctx.paths,
            tabs_locked=ctx.config_store.is_locked("kiosk", "tabs"),
            device=ctx.device_key(),
        )
        controller.start()
        watchdog.start(controller.models_settled, controller.status_text)
        return LaunchedWindow(watchdog, controller)
    if fullscreen or ctx.config.ui.fullscreen:
        window.showFullScreen()
    else:
        window.show()
    watchdog.start(lambda: window.isVisible() and not any(s.loading for s in live_sessions()))
    return LaunchedWindow(watchdog, None)
