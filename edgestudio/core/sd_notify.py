"""A systemd notify client in a few lines of standard-library ``socket``.

Under a ``Type=notify`` unit systemd passes ``NOTIFY_SOCKET`` (a datagram socket path, or an
abstract name starting with ``@``) and, with ``WatchdogSec=``, ``WATCHDOG_USEC`` (and
``WATCHDOG_PID``). Outside systemd every call is a cheap no-op, so the app calls it
unconditionally. Sending never raises: a notify failure must not take the kiosk down.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class SystemdNotifier:
    """Sends ``READY=1``, ``WATCHDOG=1``, ``STATUS=...`` and ``STOPPING=1``.

    Called from the GUI thread only (one socket, no locking needed).
    """

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        self.address = "\0" + address[1:] if address.startswith("@") else address
        self.watchdog_usec = self._watchdog_usec(env)
        self._socket: socket.socket | None = None

    @staticmethod
    def _watchdog_usec(env: Mapping[str, str]) -> int:
        """``WATCHDOG_USEC`` if it is meant for this process (``WATCHDOG_PID`` absent or ours)."""
        pid = env.get("WATCHDOG_PID", "")
        if pid and pid != str(os.getpid()):
            return 0
        try:
            return max(0, int(env.get("WATCHDOG_USEC", "0")))
        except ValueError:
            return 0

    @property
    def enabled(self) -> bool:
        """True when systemd (or a test) listens."""
        return bool(self.address)

    @property
    def watchdog_seconds(self) -> float:
        """The unit's ``WatchdogSec`` in seconds; 0 when no watchdog is armed."""
        return self.watchdog_usec / 1e6 if self.enabled else 0.0

    def notify(self, *fields: str) -> bool:
        """Send ``KEY=value`` fields in one datagram; True if it was delivered."""
        if not self.address:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto("\n".join(fields).encode("utf-8"), self.address)
        except OSError as exc:
            log.warning("systemd notify (%s) failed: %s", ", ".join(fields), exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        fields = ["READY=1"] + ([f"STATUS={status}"] if status else [])
        return self.notify(*fields)

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
