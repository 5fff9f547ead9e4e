"""SystemdWatchdog: ``READY=1`` once the window is up and the models have loaded, then
``WATCHDOG=1`` from a GUI-thread timer only while every live inference session answers its
heartbeat.

A frozen GUI thread cannot run the timer, and a session stuck inside one inference stops
answering; either way the pings stop and systemd restarts the unit after ``WatchdogSec``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from edgestudio.core.sd_notify import SystemdNotifier
from edgestudio.workers.session import InferenceSession, live_sessions

log = logging.getLogger(__name__)

READY_POLL_MS = 200


class SystemdWatchdog(QObject):
    """GUI thread only. Ticks ``ticks_per_period`` times per ``WatchdogSec``; a session whose
    heartbeat is older than half the period counts as stuck, so the last ping goes out less
    than ``WatchdogSec`` after a session or the GUI stops."""

    ready_sent = Signal()
    pinged = Signal()
    stuck = Signal(list)  # names of sessions that stopped answering

    def __init__(
        self,
        notifier: SystemdNotifier,
        sessions: Callable[[], list[InferenceSession]] = live_sessions,
        ticks_per_period: int = 4,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self._sessions = sessions
        period = notifier.watchdog_seconds
        self.max_heartbeat_age = period / 2
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(max(50, int(period * 1000 / ticks_per_period)))
        self._tick_timer.timeout.connect(self.tick)
        self._ready_timer = QTimer(self)
        self._ready_timer.setInterval(READY_POLL_MS)
        self._ready_timer.timeout.connect(self._check_ready)
        self._ready_condition: Callable[[], bool] = lambda: True
        self._status: Callable[[], str] = lambda: ""
        self._stuck_names: list[str] = []
        self.is_ready = False

    def start(self, ready_condition: Callable[[], bool], status: Callable[[], str] | None = None) -> None:
        """Send ``READY=1`` when ``ready_condition()`` first holds; ping from then on."""
        if not self.notifier.enabled:
            return
        self._ready_condition = ready_condition
        self._status = status or (lambda: "")
        self._ready_timer.start()
        if self.notifier.watchdog_seconds > 0:
            self._tick_timer.start()
            self.tick()

    def stop(self) -> None:
        """The app is quitting: stop pinging and tell systemd (``STOPPING=1``)."""
        self._ready_timer.stop()
        self._tick_timer.stop()
        if self.notifier.enabled:
            self.notifier.stopping()

    def _check_ready(self) -> None:
        if not self._ready_condition():
            return
        self._ready_timer.stop()
        self.is_ready = True
        self.notifier.ready(self._status())
        log.info("told systemd READY=1")
        self.ready_sent.emit()

    def tick(self) -> None:
        """Ping systemd if every live session answered recently; queue the next heartbeats."""
        sessions = self._sessions()
        stuck = [s.name for s in sessions if not s.loading and s.heartbeat_age > self.max_heartbeat_age]
        for session in sessions:
            session.ping()
        if stuck:
            if stuck != self._stuck_names:
                log.error("sessions not answering, systemd watchdog pings stopped: %s", ", ".join(stuck))
                self.notifier.status(f"stuck: {', '.join(stuck)}")
                self.stuck.emit(stuck)
            self._stuck_names = stuck
            return
        self._stuck_names = []
        self.notifier.watchdog()
        self.pinged.emit()
