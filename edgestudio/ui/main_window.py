"""MainWindow: the tabs, the status bar, and an orderly shutdown of every session.

Tabs follow the AppTab protocol (ui/tab_protocol.py): the window connects their status
messages, hands each the Device check's report and shuts them down, without knowing what
they run. Adding a tab is one line in ``__init__``.

Deployments reach every tab through one observable, the context's ``Deployments``: the
Optimize wizard deploys and rolls back through it, and a change written by another process
(``edgestudio optimize --deploy``, ``models rollback``) is found when the data folder
changes. The window hands each change to every tab's ``apply_deployment`` on the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QFileSystemWatcher, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QTabWidget, QToolButton, QWidget

from edgestudio import __version__
from edgestudio.context import AppContext
from edgestudio.core.deployments import DeploymentChange
from edgestudio.core.hardware import DeviceReport
from edgestudio.core.site_status import FallbackState
from edgestudio.core.types import (
    TASK_CHAT,
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    TASK_FACE_EMBEDDING,
    TASK_SPEECH,
)
from edgestudio.ui.chat_tab import ChatTab
from edgestudio.ui.detect_tab import DetectTab
from edgestudio.ui.device_panel import DevicePanel
from edgestudio.ui.faces_tab import FacesTab
from edgestudio.ui.optimize_wizard import OptimizeWizard
from edgestudio.ui.settings_dialog import SettingsDialog
from edgestudio.ui.tab_protocol import AppTab
from edgestudio.ui.voice_tab import VoiceTab

TabWidget = TypeVar("TabWidget", bound=QWidget)
STATUS_MS = 10_000  # how long a tab's status message stays in the status bar


class MainWindow(QMainWindow):
    """GUI thread only (``_deployment_announced`` is emitted from any thread and delivered on
    the GUI thread)."""

    _deployment_announced = Signal(object)  # DeploymentChange
    _site_state = Signal(str, object)  # (task, FallbackState), emitted on a runner's thread
    site_state_changed = Signal(str, object)  # (task, FallbackState) on the GUI thread

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"EdgeStudio {__version__}")
        self.tabs = QTabWidget()
        self.app_tabs: list[AppTab] = []
        self._tab_status: dict[QWidget, tuple[str, float]] = {}  # tab -> (last status, when)
        self.detect_tab = self.add_tab(DetectTab(ctx))
        self.faces_tab = self.add_tab(FacesTab(ctx))
        self.voice_tab = self.add_tab(VoiceTab(ctx))
        self.chat_tab = self.add_tab(ChatTab(ctx))
        self.chat_tab.set_speech_source(self.voice_tab.models.choice, self.voice_tab.models.language_code)
        self.device_panel = DevicePanel(ctx.registry, site_check=ctx.probe_site_server)
        self.tabs.addTab(self.device_panel, self.tr("Device"))
        self.settings_button = QToolButton()
        self.settings_button.setText(self.tr("Settings…"))
        self.settings_button.setToolTip(self.tr("Language, theme and the site server"))
        self.settings_button.setAutoRaise(True)
        self.settings_button.clicked.connect(self.open_settings)
        self.optimize_button = QToolButton()
        self.optimize_button.setText(self.tr("Optimize…"))
        self.optimize_button.setToolTip(
            self.tr("Make a model faster on this device, check its accuracy and deploy it")
        )
        self.optimize_button.setAutoRaise(True)
        self.optimize_button.clicked.connect(lambda: self.open_optimizer())
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 0, 0)
        corner_layout.addWidget(self.optimize_button)
        corner_layout.addWidget(self.settings_button)
        self.tabs.setCornerWidget(corner)
        self.optimize_wizard: OptimizeWizard | None = None
        self.detect_tab.optimize_requested.connect(self.open_optimizer)
        self.faces_tab.optimize_requested.connect(self.open_optimizer)
        self.voice_tab.models.optimize_requested.connect(partial(self.open_optimizer, "asr"))
        self.chat_tab.models.optimize_requested.connect(partial(self.open_optimizer, "chat"))
        self.tabs.currentChanged.connect(self._show_current_status)
        self.setCentralWidget(self.tabs)
        self.resize(1280, 800)
        self.device_panel.report_ready.connect(self._on_device_report)
        for warning in ctx.warnings:
            self.statusBar().showMessage(warning, 15_000)
        self.device_panel.refresh()
        self._deployment_announced.connect(self._on_deployment_changed)
        self._unsubscribe_deployments = ctx.deployments.subscribe(self._deployment_announced.emit)
        self._site_state.connect(self._on_site_state)
        self._unsubscribe_site = ctx.subscribe_site_state(self._site_state.emit)
        self.site_label = QLabel()  # while a tab is on its local model: which, and why
        self.site_label.setStyleSheet("color: #e65100;")
        self.site_label.hide()
        self.statusBar().addPermanentWidget(self.site_label)
        self._site_local: dict[str, FallbackState] = {}
        self._data_watch = QFileSystemWatcher([str(ctx.paths.data_dir)], self)
        self._data_watch.directoryChanged.connect(lambda _path: ctx.deployments.check())
        # Kiosk mode sets this: a close (window manager, Alt+F4, app.quit) goes ahead only if
        # it returns True.
        self.close_guard: Callable[[], bool] | None = None

    def pages(self) -> dict[str, QWidget]:
        """The tab pages by id ("detect", "faces", "voice", "chat", "device")."""
        return {
            "detect": self.detect_tab,
            "faces": self.faces_tab,
            "voice": self.voice_tab,
            "chat": self.chat_tab,
            "device": self.device_panel,
        }

    def show_only_pages(self, ids: Collection[str]) -> None:
        """Show only these pages (kiosk mode); the tab bar hides when one page is left."""
        shown = [self.tabs.indexOf(page) for page_id, page in self.pages().items() if page_id in ids]
        for index in range(self.tabs.count()):
            self.tabs.setTabVisible(index, index in shown)
        if shown and self.tabs.currentIndex() not in shown:
            self.tabs.setCurrentIndex(min(shown))
        self.tabs.tabBar().setVisible(len(shown) > 1)

    def add_tab(self, tab: TabWidget) -> TabWidget:
        """Add ``tab`` (a QWidget following AppTab) before the Device page; returns it."""
        if not isinstance(tab, AppTab):
            raise TypeError(f"{type(tab).__name__} does not follow the AppTab protocol")
        self.app_tabs.append(tab)
        self.tabs.insertTab(len(self.app_tabs) - 1, tab, tab.windowTitle())
        tab.status_message.connect(partial(self._on_tab_status, tab))
        return tab

    def _on_tab_status(self, tab: QWidget, text: str) -> None:
        """Keep ``tab``'s latest status; show it only while that tab is the one on screen."""
        self._tab_status[tab] = (text, time.monotonic())
        if self.tabs.currentWidget() is tab:
            self._show_current_status()

    def _show_current_status(self, *_index: int) -> None:
        """Show the current tab's last status (for what is left of its time), or none."""
        text, shown_at = self._tab_status.get(self.tabs.currentWidget(), ("", 0.0))
        left_ms = int(STATUS_MS - (time.monotonic() - shown_at) * 1000)
        if text and left_ms > 0:
            self.statusBar().showMessage(text, left_ms)
        else:
            self.statusBar().clearMessage()

    def open_settings(self) -> None:
        """The Settings dialog (language and theme), modal."""
        dialog = SettingsDialog(self.ctx.config, self.ctx.config_store, self, self.ctx)
        if dialog.exec() and dialog.site is not None and dialog.site.saved:
            self.device_panel.refresh()  # the Device tab lists the server's models and devices

    def open_optimizer(self, task: str = "detect", model_id: str = "") -> OptimizeWizard:
        """The Optimize wizard, prefilled with ``task`` and ``model_id`` (window-modal); one
        already open is raised instead (its work goes on)."""
        if self.optimize_wizard is not None:
            if self.optimize_wizard.isVisible():
                self.optimize_wizard.raise_()
                return self.optimize_wizard
            self.optimize_wizard.deleteLater()  # closed: its child processes ended with it
        wizard = OptimizeWizard(self.ctx, task, model_id, self)  # deploys through ctx.deployments
        self.optimize_wizard = wizard
        wizard.open()
        return wizard

    def _on_deployment_changed(self, change: DeploymentChange) -> None:
        """A deploy or rollback (the wizard, or another process): every tab follows it; the
        status bar says what is in use now unless the tab on screen just said so itself."""
        asked_at = time.monotonic()
        for tab in self.app_tabs:
            tab.apply_deployment(change)
        _text, said_at = self._tab_status.get(self.tabs.currentWidget(), ("", 0.0))
        if said_at >= asked_at:
            return
        label = change.active.label if change.active is not None else self.tr("the original model")
        self.statusBar().showMessage(self.tr("Now in use: {0}").format(label), STATUS_MS)

    def _site_tab_title(self, task: str) -> str:
        """The tab a site server task belongs to, by its title ("" when unknown)."""
        tabs: dict[str, QWidget] = {
            TASK_DETECTION: self.detect_tab,
            TASK_FACE_DETECTION: self.faces_tab,
            TASK_FACE_EMBEDDING: self.faces_tab,
            TASK_SPEECH: self.voice_tab,
            TASK_CHAT: self.chat_tab,
        }
        tab = tabs.get(task)
        return tab.windowTitle() if tab is not None else ""

    def _on_site_state(self, task: str, state: FallbackState) -> None:
        """A runner on the site server fell back to its local model, or went back to the
        server: say so in the status bar (and a permanent note while any is local)."""
        title = self._site_tab_title(task) or self.tr("A model")
        if state.on_server:
            self._site_local.pop(task, None)
            text = self.tr("{0}: the site server answers again; back on it.").format(title)
        else:
            self._site_local[task] = state
            text = self.tr("{0}: the site server stopped answering; using the local model.").format(title)
            if state.reason:
                text += f" ({state.reason})"
        self.statusBar().showMessage(text, STATUS_MS)
        local = sorted({self._site_tab_title(t) or self.tr("A model") for t in self._site_local})
        self.site_label.setText(self.tr("On local models: {0}").format(", ".join(local)))
        self.site_label.setToolTip("\n".join(s.reason for s in self._site_local.values() if s.reason))
        self.site_label.setVisible(bool(local))
        self.site_state_changed.emit(task, state)

    def _on_device_report(self, report: DeviceReport) -> None:
        for tab in self.app_tabs:
            tab.set_device_report(report)

    def shutdown(self) -> None:
        """Stop capture and close every session, waiting for their threads."""
        self._unsubscribe_deployments()
        self._unsubscribe_site()
        if self.optimize_wizard is not None:
            self.optimize_wizard.stop()
        for tab in self.app_tabs:
            tab.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)
