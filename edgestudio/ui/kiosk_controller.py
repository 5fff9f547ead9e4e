"""KioskController: turns the main window into a kiosk and keeps it one.

Fullscreen and frameless; only the tabs the site config names; the cursor hides after a few
idle seconds; close events (window manager, Alt+F4, ``app.quit()``) and quit/close shortcuts
do nothing. A long press on one corner opens the admin drawer, which asks for the admin PIN.
An event filter on the application sees every input event first, so no widget can let a
shortcut through.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QLayout, QToolBar

from edgestudio.core.config import KioskSettings
from edgestudio.core.device_key import DeviceKeyState
from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.paths import AppPaths
from edgestudio.core.pin_guard import PinPolicy
from edgestudio.tasks.faces.admin_pin import AdminPin
from edgestudio.ui.kiosk_drawer import KioskAdminDrawer
from edgestudio.ui.kiosk_health_strip import KioskHealthStrip
from edgestudio.ui.main_window import MainWindow
from edgestudio.ui.tab_protocol import set_admin_controls_visible
from edgestudio.ui.widgets.source_picker import V4L2_CLASS, system_cameras
from edgestudio.workers.session import live_sessions

log = logging.getLogger(__name__)

CORNER_PX = 80
DRAWER_WIDTH = 440
BLOCKED_SHORTCUTS = (
    QKeySequence.StandardKey.Quit,
    QKeySequence.StandardKey.Close,
    QKeySequence.StandardKey.FullScreen,
)
CAMERA_POLL_MS = 2000
PAGE_TITLES = {"detect": "Detect", "faces": "Faces", "voice": "Voice", "chat": "Chat", "device": "Device"}
INPUT_EVENTS = {
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.Wheel,
}


class KioskController(QObject):
    """GUI thread only. ``start()`` shows the window as a kiosk; ``leave()`` (after the PIN)
    gives back an ordinary window."""

    left = Signal()

    def __init__(
        self,
        window: MainWindow,
        settings: KioskSettings,
        paths: AppPaths,
        tabs_locked: bool,
        device: DeviceKeyState | None = None,
    ):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.tabs_locked = tabs_locked
        self.active = False
        self.visible_tabs: list[str] = list(settings.tabs)
        self._size_constraint = QLayout.SizeConstraint.SetDefaultConstraint
        self.cursor_hidden = False
        self.models_requested = not (settings.start_detection and "detect" in settings.tabs)
        self.idle = False  # the idle screen shows while the configured camera is missing
        self.camera_root = V4L2_CLASS
        self._camera_poll = QTimer(self)
        self._camera_poll.timeout.connect(self._poll_camera)
        policy = PinPolicy(
            base_delay_s=settings.pin_delay_seconds,
            max_failures=settings.pin_max_failures,
            lockout_s=settings.pin_lockout_seconds,
            max_lockout_s=max(settings.pin_lockout_seconds, PinPolicy.max_lockout_s),
        )
        self.admin_pin = AdminPin(paths.data_dir, policy, device)
        self.drawer = KioskAdminDrawer(
            self.admin_pin,
            {k: v for k, v in PAGE_TITLES.items() if k in window.pages()},
            paths.log_dir / "edgestudio.log",
            settings.drawer_timeout_seconds,
            parent=window,
        )
        self.drawer.leave_requested.connect(self.leave)
        self.drawer.tabs_chosen.connect(self.choose_tabs)
        self.drawer.settings_requested.connect(self.open_settings)
        self.drawer.unlocked.connect(lambda: self.admin_pin.record("kiosk-admin-opened"))
        self.health = KioskHealthStrip()
        self.health.sources = window.detect_tab.sources
        self.health_bar = QToolBar(self.tr("Health"))
        self.health_bar.setObjectName("kioskHealthBar")
        self.health_bar.setMovable(False)
        self.health_bar.setFloatable(False)
        self.health_bar.addWidget(self.health)
        self.health_bar.setVisible(settings.health_strip)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.health_bar)
        detect = window.pages().get("detect")
        result_shown = getattr(detect, "result_shown", None)
        if result_shown is not None:
            result_shown.connect(self.health.frame_shown)
        window.site_state_changed.connect(self.health.set_site_state)
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.timeout.connect(self.hide_cursor)
        self._press_timer = QTimer(self)
        self._press_timer.setSingleShot(True)
        self._press_timer.timeout.connect(self.open_drawer)

    # -- commands ----------------------------------------------------------------------------
    def start(self) -> None:
        """Lock the window down and show it fullscreen."""
        self.active = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.window.close_guard = lambda: not self.active
        self.window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.window.show_only_pages(self.visible_tabs)
        self._set_window_tools_visible(False)
        # The screen decides the size: on a screen smaller than the tabs' minimum size the
        # content is squeezed rather than the window growing out of fullscreen.
        layout = self.window.layout()
        if layout is not None:
            self._size_constraint = layout.sizeConstraint()
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.window.showFullScreen()
        self._restart_cursor_timer()
        if not self.models_requested:
            report_ready = getattr(self.window.device_panel, "report_ready", None)
            if report_ready is not None:
                # Queued after the main window's own handler, which enables the runtimes.
                report_ready.connect(lambda _report: QTimer.singleShot(0, self._start_detection))
        log.info("kiosk mode on: tabs %s", ", ".join(self.visible_tabs))

    def _start_detection(self) -> None:
        if self.models_requested:
            return
        self.models_requested = True  # nothing loads while idle: systemd hears READY=1
        if self.active and "detect" in self.visible_tabs:
            if self.source_ready():
                self.window.detect_tab.start()
            else:
                self.show_idle_screen()

    def source_ready(self) -> bool:
        """Whether the configured source can be opened now: its camera device or file exists
        (a stream URL is tried, and retried by the capture thread). With none configured, the
        first camera that appears is taken. GUI thread."""
        tab = self.window.detect_tab
        spec = tab.source_specs()[0]
        if not spec.location:
            cameras = system_cameras(self.camera_root)
            if spec.kind == "camera" and cameras:
                tab.source.refresh_cameras()
                tab.source.set_spec("camera", cameras[0].location, spec.loop)
                return True
            return False
        if spec.kind == "camera":
            device = Path(f"/dev/video{spec.location}" if spec.location.isdigit() else spec.location)
            return device.exists()
        if spec.kind in ("file", "image"):
            return Path(spec.location).is_file()
        return True

    def show_idle_screen(self) -> None:
        """No camera yet: say what the kiosk does (no error), and look for one every 2 s."""
        self.idle = True
        self.window.detect_tab.show_idle(
            self.tr(
                "This kiosk shows what a camera sees and names the objects in it: people, "
                "vehicles, animals and everyday things.\n\nIt starts by itself as soon as its "
                "camera is connected."
            )
        )
        self._camera_poll.start(CAMERA_POLL_MS)

    def _poll_camera(self) -> None:
        if not self.active or not self.source_ready():
            return
        self._camera_poll.stop()
        self.idle = False
        log.info("kiosk: the camera is there; starting detection")
        self.window.detect_tab.start()

    def models_settled(self) -> bool:
        """True once the window is up and every model asked for at start has loaded or failed
        (the condition for systemd's ``READY=1``)."""
        return (
            self.window.isVisible() and self.models_requested and not any(s.loading for s in live_sessions())
        )

    def status_text(self) -> str:
        loaded = [s.info for s in live_sessions() if s.info is not None]
        models = ", ".join(f"{i.model_name} on {i.backend}/{i.device}" for i in loaded)
        return f"kiosk: {', '.join(self.visible_tabs)}" + (f"; {models}" if models else "")

    def open_drawer(self) -> None:
        """The hidden gesture was made: show the admin drawer (it asks for the PIN)."""
        self.show_cursor()
        self._layout_drawer()
        self.drawer.open_drawer(self.visible_tabs, self.tabs_locked)
        log.info("kiosk admin drawer opened")

    def choose_tabs(self, tabs: Sequence[str]) -> None:
        """Admin choice of tabs; lasts until the next start (the site file decides at start)."""
        self.visible_tabs = list(tabs)
        self.window.show_only_pages(self.visible_tabs)
        self._record("kiosk-tabs", ", ".join(self.visible_tabs))

    def leave(self) -> None:
        """Give back an ordinary, closable window (after the admin PIN)."""
        self._record("kiosk-left", "")
        self._camera_poll.stop()
        self.active = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._cursor_timer.stop()
        self._press_timer.stop()
        self.show_cursor()
        self.drawer.close_drawer()
        self.window.close_guard = None
        self.window.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
        self.window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, False)
        self.window.show_only_pages(list(self.window.pages()))
        self._set_window_tools_visible(True)
        layout = self.window.layout()
        if layout is not None:
            layout.setSizeConstraint(self._size_constraint)
        self.window.showMaximized()
        log.info("kiosk mode left by the administrator")
        self.left.emit()

    def _set_window_tools_visible(self, visible: bool) -> None:
        """The tab bar's corner tools (Settings, Optimize) and the tabs' administrator-only
        controls (adding models, the optimizer) are hidden in the kiosk."""
        corner = self.window.tabs.cornerWidget()
        if corner is not None:
            corner.setVisible(visible)
        set_admin_controls_visible(self.window, visible)

    def open_settings(self) -> None:
        """The administrator asked for the settings dialog (from the unlocked drawer)."""
        open_settings = getattr(self.window, "open_settings", None)
        if open_settings is not None:
            self.drawer.close_drawer()
            open_settings()

    def close(self) -> None:
        """Release the admin PIN's database connection (app exit)."""
        self.admin_pin.close()

    def _record(self, action: str, detail: str) -> None:
        try:
            self.admin_pin.record(action, detail)
        except EdgeStudioError as exc:
            log.error("audit entry %s not written: %s", action, exc)

    # -- cursor ------------------------------------------------------------------------------
    def hide_cursor(self) -> None:
        if self.active and not self.cursor_hidden and not self.drawer.isVisible():
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self.cursor_hidden = True

    def show_cursor(self) -> None:
        if self.cursor_hidden:
            QApplication.restoreOverrideCursor()
            self.cursor_hidden = False

    def _restart_cursor_timer(self) -> None:
        if self.settings.cursor_hide_seconds > 0:
            self._cursor_timer.start(int(self.settings.cursor_hide_seconds * 1000))

    # -- the event filter --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Runs for every event of the application, before its target sees it."""
        kind = event.type()
        if kind in INPUT_EVENTS:
            self.show_cursor()
            self._restart_cursor_timer()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            if self._blocked(event):
                event.accept()
                return True
        elif kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if self._in_admin_corner(event.globalPosition().toPoint()):
                self._press_timer.start(int(self.settings.long_press_seconds * 1000))
        elif kind == QEvent.Type.MouseButtonRelease:
            self._press_timer.stop()
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if self._press_timer.isActive() and not self._in_admin_corner(event.globalPosition().toPoint()):
                self._press_timer.stop()
        elif kind == QEvent.Type.WindowStateChange and watched is self.window:
            if not self.window.isFullScreen():
                QTimer.singleShot(0, self._refullscreen)
        elif kind == QEvent.Type.Resize and watched is self.window:
            self._layout_drawer()
        return False

    def _blocked(self, event: QKeyEvent) -> bool:
        if any(event.matches(sequence) for sequence in BLOCKED_SHORTCUTS):
            return True
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
            return True
        # Ctrl+Q / Ctrl+W whatever the platform's standard keys are.
        return bool(mods & Qt.KeyboardModifier.ControlModifier) and key in (Qt.Key.Key_Q, Qt.Key.Key_W)

    def _refullscreen(self) -> None:
        if self.active and not self.window.isFullScreen():
            self.window.showFullScreen()

    def _in_admin_corner(self, point: QPoint) -> bool:
        frame = self.window.frameGeometry()
        x_left = point.x() - frame.left() < CORNER_PX
        x_right = frame.right() - point.x() < CORNER_PX
        y_top = point.y() - frame.top() < CORNER_PX
        y_bottom = frame.bottom() - point.y() < CORNER_PX
        corner = self.settings.admin_corner
        horizontal = x_left if corner.endswith("left") else x_right
        vertical = y_top if corner.startswith("top") else y_bottom
        return frame.contains(point) and horizontal and vertical

    def _layout_drawer(self) -> None:
        rect = self.window.rect()
        width = min(DRAWER_WIDTH, rect.width())
        self.drawer.setGeometry(rect.width() - width, 0, width, rect.height())
