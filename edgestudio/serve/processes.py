"""The site server's child programs (``tritonserver``, llama.cpp's OpenAI server): started tied
to this process, waited for until they answer, stopped with SIGTERM and, if need be, SIGKILL.

A child is started in its own session (Ctrl+C in the terminal reaches only ``edgestudio
serve``, which then stops its children in order) with ``PR_SET_PDEATHSIG`` = SIGKILL
(``core/process_child.py`` does the same for job children), so a killed ``edgestudio serve``
takes its servers with it. Note: Linux sends that signal when the *thread* that started the
child ends, so start servers from a thread that lives as long as they should (the main
thread, or a test's).

Thread rules: one owner thread per ``ManagedProcess`` (the one that started it).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psutil

from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.messages import Text

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


class SiteServerError(EdgeStudioError):
    title = "The site server could not start"


def _tie_to_parent() -> None:  # runs in the child between fork and exec
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now on ``host`` (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def check_port_free(host: str, port: int, what: str) -> None:
    """SiteServerError naming the port when something already listens on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise SiteServerError(
                Text(
                    "Port {port} on {host} ({what}) is already in use: {reason}.",
                    port=port,
                    host=host,
                    what=what,
                    reason=exc.strerror or str(exc),
                ),
                "Stop the program that uses it, or choose another port (edgestudio serve --help lists the "
                "port options).",
            ) from exc


def http_ok(url: str, timeout: float = 1.0, headers: dict[str, str] | None = None) -> bool:
    """True when ``url`` answers 200."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


class ManagedProcess:
    """One child program with its log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_path: Path) -> None:
        self.name = name
        self.command = command
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log_path.open("ab")
        self._orphans: list[psutil.Process] = []  # children of a killed program, for ``stop``
        self._stopped = False
        log.info("starting %s: %s", name, " ".join(command))
        try:
            self.process = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_tie_to_parent,
            )
        except OSError as exc:
            self._log.close()
            raise SiteServerError(
                Text("{name} could not be started: {reason}.", name=name, reason=exc.strerror or str(exc))
            ) from exc

    @property
    def pid(self) -> int:
        return int(self.process.pid)

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 25) -> str:
        """The end of the program's log (for error messages)."""
        try:
            text = self.log_path.read_bytes()[-20000:].decode("utf-8", errors="replace")
        except OSError:
            return ""
        kept = [line for line in text.splitlines() if line.strip() and not line.startswith(("+", "|"))]
        return "\n".join(kept[-lines:])

    def wait_until(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll ``ready`` until it holds; SiteServerError with the log's end when the program
        exits first or ``timeout`` seconds pass (the program is then stopped)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                code = self.process.returncode
                raise SiteServerError(
                    Text("{name} stopped while starting (exit code {code}).", name=self.name, code=code),
                    Text(
                        "Its log ({path}) ends with:\n{tail}", path=str(self.log_path), tail=self.log_tail()
                    ),
                )
            if ready():
                return
            time.sleep(0.2)
        self.stop()
        raise SiteServerError(
            Text("{name} was not {what} after {seconds:.0f} s.", name=self.name, what=what, seconds=timeout),
            Text("Its log ({path}) ends with:\n{tail}", path=str(self.log_path), tail=self.log_tail()),
        )

    def descendants(self) -> list[psutil.Process]:
        """The program's children and theirs (Triton's backend stubs)."""
        with contextlib.suppress(psutil.Error):
            return psutil.Process(self.pid).children(recursive=True)
        return []

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, wait up to ``timeout`` s, then SIGKILL the program and what it left running.
        Returns the exit code (None if it had to be killed and did not report one)."""
        if self._stopped:  # once: its pid (and group id) may belong to another program by now
            return self.process.returncode
        self._stopped = True
        children = self.descendants() + self._orphans
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop within %.0f s; killing it", self.name, timeout)
                self.kill()
        self._reap(children)
        self._kill_group()
        self._log.close()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL the program itself at once (what a crash looks like to its clients). Its
        backend stubs do not notice (measured: Triton 2.51's stubs outlived a killed server by
        30 minutes), so they are remembered here and ``stop`` reaps them."""
        self._orphans.extend(self.descendants())
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)

    def _kill_group(self) -> None:
        """SIGKILL whatever is left in the program's process group (it was started in a session
        of its own, so the group outlives a crashed leader and holds its orphaned stubs)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)

    def _reap(self, children: list[psutil.Process], timeout: float = 10.0) -> None:
        """Wait for the program's former children; kill those still there after ``timeout``."""
        _, alive = psutil.wait_procs(children, timeout=timeout)
        for child in alive:
            with contextlib.suppress(psutil.Error):
                log.warning("killing %s's leftover child %d", self.name, child.pid)
                child.kill()
        psutil.wait_procs(alive, timeout=5)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            if self.running:
                self.process.kill()
            self._log.close()


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment plus ``extra`` (for child programs)."""
    env = dict(os.environ)
    env.update(extra or {})
    return env
