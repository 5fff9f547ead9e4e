"""KioskHealthStrip: what an operator needs at a glance, in one line at the bottom of the kiosk:
runtime and device, model, camera state, frame rate, memory and temperatures, and with a site
server, whether the models run there or on their local copies because it stopped answering."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from edgestudio.core.kiosk_health import SystemHealth, sample_health
from edgestudio.core.site_status import FallbackState
from edgestudio.ui.detect_sources import SourceSet, SourceStatus
from edgestudio.ui.i18n import tr_message
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.session import live_sessions

REFRESH_MS = 1000
FPS_WINDOW_S = 3.0
HOT_CELSIUS = 80.0


class KioskHealthStrip(QFrame):
    """GUI thread only. ``frame_shown`` is called for every result painted on screen (the
    Detect tab's ``result_shown``); the rest is sampled once a second."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskHealthStrip")
        self.setStyleSheet(
            "#kioskHealthStrip { background: #20242b; }"
            " #kioskHealthStrip QLabel { color: #e8eaed; font-size: 10pt; }"
        )
        self.runtime_label = QLabel()
        self.model_label = QLabel()
        self.camera_label = QLabel()
        self.fps_label = QLabel()
        self.memory_label = QLabel()
        self.temperature_label = QLabel()
        self.site_label = QLabel()  # shown only while a model runs on the site server or fell back
        self.site_label.hide()
        self._site: dict[str, FallbackState] = {}  # task -> its runner's latest state
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 3, 10, 3)
        layout.setSpacing(20)
        for label in (
            self.runtime_label,
            self.model_label,
            self.camera_label,
            self.fps_label,
            self.memory_label,
            self.temperature_label,
            self.site_label,
        ):
            # Never widen the window past a small screen (that would end fullscreen): on a
            # narrow screen the texts are cut, and each shows in full as its tooltip.
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(40)
            layout.addWidget(label)
        layout.addStretch(1)
        self._frames: deque[float] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.last_health: SystemHealth | None = None
        # Several cameras (the Detect tab's grid): each camera's state, fps and drops.
        self.sources: SourceSet | None = None
        self.refresh()

    def _set(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setToolTip(text)

    def set_site_state(self, task: str, state: FallbackState) -> None:
        """A runner on the site server switched (``task``'s): on the server, or on its local
        model because the server stopped answering (GUI thread)."""
        self._site[task] = state
        local = [s for s in self._site.values() if not s.on_server]
        if local:
            reasons = "; ".join(dict.fromkeys(s.reason for s in local if s.reason))
            text = self.tr("⚠ Site server not answering: local models in use")
            self.site_label.setStyleSheet("color: #ffb74d;")
            self._set(self.site_label, text)
            self.site_label.setToolTip(f"{text}\n{reasons}" if reasons else text)
        else:
            self.site_label.setStyleSheet("")
            self._set(self.site_label, self.tr("Site server: in use"))
        self.site_label.show()

    def frame_shown(self, _result: Any = None) -> None:
        self._frames.append(time.monotonic())

    def frame_rate(self) -> float:
        """Frames painted per second over the last few seconds."""
        now = time.monotonic()
        while self._frames and now - self._frames[0] > FPS_WINDOW_S:
            self._frames.popleft()
        if len(self._frames) < 2:
            return 0.0
        span = self._frames[-1] - self._frames[0]
        return (len(self._frames) - 1) / span if span > 0 else 0.0

    def _show_sources(self, statuses: list[SourceStatus]) -> None:
        states = {
            "opening": self.tr("opening"),
            "running": self.tr("running"),
            "reconnecting": self.tr("reconnecting"),
        }
        parts = [
            self.tr("%1 %2: %3, %4 fps, %5 dropped")
            .replace("%1", str(index + 1))
            .replace("%2", status.name)
            .replace("%3", states.get(status.state, status.state))
            .replace("%4", f"{status.fps:.1f}")
            .replace("%5", str(status.dropped))
            for index, status in enumerate(statuses)
        ]
        self._set(self.camera_label, self.tr("Cameras: %1").replace("%1", "; ".join(parts)))

    def refresh(self) -> None:
        """Sample sessions, capture threads, memory and temperatures (well under 1 ms)."""
        loaded = [s.info for s in live_sessions() if s.info is not None]
        if loaded:
            runtimes = sorted({f"{i.backend} / {i.device}" for i in loaded})
            self._set(self.runtime_label, self.tr("Runtime: %1").replace("%1", ", ".join(runtimes)))
            self._set(
                self.model_label,
                self.tr("Model: %1").replace("%1", ", ".join(sorted({i.model_name for i in loaded}))),
            )
        else:
            self._set(self.runtime_label, self.tr("Runtime: idle"))
            self._set(self.model_label, self.tr("Model: none loaded"))
        captures = [t for t in threading.enumerate() if isinstance(t, CaptureThread) and t.is_alive()]
        if self.sources is not None and self.sources.active:
            self._show_sources(self.sources.statuses())
        elif captures:
            self._set(
                self.camera_label,
                self.tr("Camera: on (%1)").replace(
                    "%1", ", ".join(tr_message(t.spec.describe()) for t in captures)
                ),
            )
        else:
            self._set(self.camera_label, self.tr("Camera: off"))
        fps = self.frame_rate()
        self._set(self.fps_label, self.tr("%1 fps").replace("%1", f"{fps:.1f}") if fps else self.tr("– fps"))
        health = sample_health()
        self.last_health = health
        self._set(
            self.memory_label,
            self.tr("Memory: %1 of %2 GB (app %3 MB)")
            .replace("%1", f"{health.memory_used_mb / 1024:.1f}")
            .replace("%2", f"{health.memory_total_mb / 1024:.1f}")
            .replace("%3", f"{health.process_mb:,}"),
        )
        if health.temperatures:
            parts = [f"{t.label} {t.celsius:.0f} °C" for t in health.temperatures]
            hot = any(t.celsius >= HOT_CELSIUS for t in health.temperatures)
            self._set(self.temperature_label, ("⚠ " if hot else "") + ", ".join(parts))
        else:
            self._set(self.temperature_label, self.tr("Temperature: not exposed by this board"))
