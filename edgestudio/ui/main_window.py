"""MainWindow: the tabs, the status bar, and an orderly shutdown of every session."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from edgestudio import __version__
from edgestudio.context import AppContext
from edgestudio.core.hardware import chat_threads
from edgestudio.ui.chat_tab import ChatTab
from edgestudio.ui.detect_tab import DetectTab
from edgestudio.ui.device_panel import DevicePanel, DeviceReport
from edgestudio.ui.faces_tab import FacesTab
from edgestudio.ui.voice_tab import VoiceTab


class MainWindow(QMainWindow):
    """GUI thread only."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"EdgeStudio {__version__}")
        self.tabs = QTabWidget()
        self.detect_tab = DetectTab(ctx)
        self.chat_tab = ChatTab(ctx)
        self.faces_tab = FacesTab(ctx)
        self.voice_tab = VoiceTab(ctx)
        self.device_panel = DevicePanel(ctx.registry)
        self.tabs.addTab(self.detect_tab, "Detect")
        self.tabs.addTab(self.faces_tab, "Faces")
        self.tabs.addTab(self.voice_tab, "Voice")
        self.tabs.addTab(self.chat_tab, "Chat")
        self.tabs.addTab(self.device_panel, "Device")
        self.setCentralWidget(self.tabs)
        self.resize(1280, 800)
        for tab in (self.detect_tab, self.faces_tab, self.voice_tab, self.chat_tab):
            tab.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.device_panel.report_ready.connect(self._on_device_report)
        for warning in ctx.warnings:
            self.statusBar().showMessage(warning, 15_000)
        self.device_panel.refresh()

    def _on_device_report(self, report: DeviceReport) -> None:
        recommendation = report.recommendations[0] if report.recommendations else None
        vision = [s for s in report.statuses if "onnx" in s.formats]
        self.detect_tab.set_runtime_statuses(vision, recommendation)
        chat = next((r for r in report.recommendations if r.kind.startswith("Chat")), None)
        self.chat_tab.set_hardware(chat, chat_threads(report.profile))
        whisper = next((s for s in report.statuses if s.id == "faster-whisper"), None)
        cuda = bool(whisper and any(d.id == "cuda" and d.available for d in whisper.devices))
        self.voice_tab.set_hardware(report.profile, cuda)

    def shutdown(self) -> None:
        """Stop capture and close every session, waiting for their threads."""
        self.detect_tab.shutdown()
        self.faces_tab.shutdown()
        self.voice_tab.shutdown()
        self.chat_tab.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
