"""ProcessJob: long or crash-prone work in a child Python process, reported as Qt signals.

The GUI thread creates a ProcessJob and calls every public method; the child runs
``package.module:function(channel, args)`` under the launcher in ``core/process_child.py``
and writes JSON-lines events on its stdout. Two reader threads (stdout events, stderr text)
and one waiter thread per child turn them into queued signals, handled on the GUI thread:

- ``progress(dict)`` for ``{"event": "progress", "fraction": 0..1 | None, "message": ...}``
- ``finished(dict)`` for ``{"event": "finished", ...}`` (one-shot jobs then exit; a warm
  worker sends one per request)
- ``failed(ErrorInfo)`` for ``{"event": "failed", ...}``, and when the child ends on its
  own without having said why: a crash (SIGSEGV, abort, out of memory) or a non-zero exit.
  The message then carries the child's last words (the tail of its stderr), readable.
- ``message(dict)`` for every other event (``ready``, ... as the job defines); the signal is
  not called ``event`` because that would hide ``QObject.event``, which Qt calls for every
  event the object receives
- ``exited(int)`` when the child has ended on its own (negative: killed by that signal)

``cancel()`` kills the whole process tree at once (the child leads its own session and
process group; psutil finds descendants that left it), and nothing of that run is emitted
after it returns. ``close()`` asks the child to finish (``{"command": "close"}``, then end of
stdin) and kills it after a timeout. The child dies with the GUI: the launcher sets
``PR_SET_PDEATHSIG`` on Linux and watches stdin everywhere.

Start jobs from the GUI thread (or another thread that outlives them): on Linux the kernel
signals the child when the *thread* that started it ends.

Used by the speech file worker (``workers/speech_process.py``) and meant for the optimizer's
conversions: ``ProcessJob("edgestudio.optimize.run:main", ["--model", path])``.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import IO, Any

import psutil
from PySide6.QtCore import QObject, Qt, Signal, Slot

from edgestudio.core.errors import ErrorInfo
from edgestudio.core.messages import from_wire
from edgestudio.core.process_child import CLOSE_COMMAND, EXIT_ORPHANED, PARENT_PID_ENV

log = logging.getLogger(__name__)
LAUNCHER = "edgestudio.core.process_child"
STDERR_TAIL_LINES = 40
LAST_WORDS_LINES = 4
KILL_WAIT_S = 3.0


def kill_process_tree(pid: int, timeout_s: float = KILL_WAIT_S) -> None:
    """SIGKILL ``pid``, its process group and every descendant psutil can find (any thread)."""
    try:
        descendants = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        descendants = []
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)  # the child leads its own group (start_new_session)
    for process in descendants:
        with contextlib.suppress(psutil.Error):
            process.kill()
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    psutil.wait_procs(descendants, timeout=timeout_s)


def describe_exit(code: int) -> str:
    """``-11`` -> "it crashed (SIGSEGV: Segmentation fault)"; ``3`` -> "it exited with code 3"."""
    if code < 0:
        try:
            sig = signal.Signals(-code)
        except ValueError:
            return f"it was stopped by signal {-code}"
        if sig == signal.SIGKILL:
            return "it was killed (SIGKILL: out of memory, or stopped by another program)"
        return f"it crashed ({sig.name}: {signal.strsignal(sig) or sig.name})"
    if code == EXIT_ORPHANED:
        return "it lost its connection to EdgeStudio"
    return f"it exited with code {code}"


class _Relay(QObject):
    """Signals emitted from the reader and waiter threads; delivered queued to the GUI thread."""

    line = Signal(int, object)  # generation, event dict
    ended = Signal(int, int, object)  # generation, exit code, stderr tail (list[str])


class ProcessJob(QObject):
    """A child process that reports JSON-lines events. Every public method: GUI thread."""

    started = Signal(int)  # pid
    progress = Signal(object)  # dict
    message = Signal(object)  # dict: any other event, with its "event" name
    finished = Signal(object)  # dict
    failed = Signal(object)  # ErrorInfo
    exited = Signal(int)  # exit code of a child that ended on its own

    def __init__(
        self,
        target: str,
        args: Sequence[str] = (),
        parent: QObject | None = None,
        *,
        label: str = "background",
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        """``target`` is ``package.module:function``; ``label`` names the job in messages
        ("The transcription process ended unexpectedly...")."""
        super().__init__(parent)
        self.target = target
        self.args = list(args)
        self.label = label
        self._env = dict(env or {})
        self._cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None
        self._generation = 0
        self._last_outcome: str | None = None
        self._relay = _Relay(self)
        self._relay.line.connect(self._on_line, Qt.ConnectionType.QueuedConnection)
        self._relay.ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._process is not None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the child (does nothing while one runs); ``failed`` if it cannot start."""
        if self._process is not None:
            return
        self._generation += 1
        self._last_outcome = None
        env = {**os.environ, **self._env, PARENT_PID_ENV: str(os.getpid()), "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", LAUNCHER, self.target, *self.args]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=self._cwd,
                start_new_session=True,  # its own session and process group: kill them as one
                close_fds=True,
            )
        except OSError as exc:
            self.failed.emit(
                ErrorInfo(
                    f"The {self.label} process could not start",
                    f"The {self.label} process did not start: {exc.strerror or exc}.",
                    "The details are in the log file.",
                    "ProcessError",
                )
            )
            return
        self._process = process
        generation = self._generation
        tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        if process.stdout is None or process.stderr is None:  # always pipes (see Popen above)
            raise RuntimeError("the child's pipes are missing")
        readers = [
            threading.Thread(
                target=self._read_events,
                args=(process.stdout, generation),
                name=f"{self.label}-events",
                daemon=True,
            ),
            threading.Thread(
                target=self._read_stderr,
                args=(process.stderr, tail),
                name=f"{self.label}-stderr",
                daemon=True,
            ),
        ]
        for reader in readers:
            reader.start()
        threading.Thread(
            target=self._wait,
            args=(process, generation, readers, tail),
            name=f"{self.label}-waiter",
            daemon=True,
        ).start()
        log.info("started %s (pid %d): %s", self.label, process.pid, self.target)
        self.started.emit(process.pid)

    def send(self, message: Mapping[str, Any]) -> bool:
        """Write one command to the child's stdin; False when no child is running (or it is
        gone: its end is then reported by ``failed``/``exited``)."""
        if self._process is None or self._process.stdin is None:
            return False
        self._last_outcome = None
        try:
            self._process.stdin.write((json.dumps(dict(message), default=str) + "\n").encode())
            self._process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            return False
        return True

    def cancel(self) -> None:
        """Kill the child and its descendants now; nothing more is emitted for this run."""
        process, self._process = self._process, None
        self._generation += 1
        if process is None:
            return
        kill_process_tree(process.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(KILL_WAIT_S)
        log.info("cancelled %s (pid %d)", self.label, process.pid)

    def close(self, timeout_s: float = 3.0) -> None:
        """Ask the child to finish and wait up to ``timeout_s``; then kill its tree."""
        process, self._process = self._process, None
        self._generation += 1
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(BrokenPipeError, OSError, ValueError):
                process.stdin.write((json.dumps({"command": CLOSE_COMMAND}) + "\n").encode())
                process.stdin.flush()
            with contextlib.suppress(BrokenPipeError, OSError, ValueError):
                process.stdin.close()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            log.warning("%s (pid %d) did not finish in %.1f s: killed", self.label, process.pid, timeout_s)
            kill_process_tree(process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(KILL_WAIT_S)

    # -- reader and waiter threads -----------------------------------------------------------
    def _read_events(self, stream: IO[bytes], generation: int) -> None:
        """Reader thread: one JSON event per line from the child's stdout."""
        for raw in iter(stream.readline, b""):
            try:
                event = json.loads(raw)
            except ValueError:
                log.warning("%s: unreadable line %r", self.label, raw[:200])
                continue
            if isinstance(event, dict) and isinstance(event.get("event"), str):
                self._relay.line.emit(generation, event)
        stream.close()

    def _read_stderr(self, stream: IO[bytes], tail: collections.deque[str]) -> None:
        """Reader thread: the child's stderr goes to the log; its last lines are kept."""
        for raw in iter(stream.readline, b""):
            text = raw.decode("utf-8", errors="replace").rstrip()
            if text:
                tail.append(text)
                log.info("%s: %s", self.label, text[:2000])
        stream.close()

    def _wait(
        self,
        process: subprocess.Popen[bytes],
        generation: int,
        readers: list[threading.Thread],
        tail: collections.deque[str],
    ) -> None:
        """Waiter thread: reap the child, end its group, then report the exit after its events."""
        code = process.wait()
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)  # grandchildren left in its group
        for reader in readers:
            reader.join(KILL_WAIT_S)
        try:
            self._relay.ended.emit(generation, code, list(tail))
        except RuntimeError:  # the job was deleted (its window closed) while the child ended
            log.info("%s (pid %d) ended after its job was deleted", self.label, process.pid)

    # -- GUI thread --------------------------------------------------------------------------
    @Slot(int, object)
    def _on_line(self, generation: int, event: dict[str, Any]) -> None:
        if generation != self._generation:
            return  # from a cancelled or closed run
        kind = event.get("event")
        if kind == "progress":
            self.progress.emit(event)
        elif kind == "finished":
            self._last_outcome = "finished"
            self.finished.emit(event)
        elif kind == "failed":
            self._last_outcome = "failed"
            self.failed.emit(
                ErrorInfo(
                    str(event.get("title") or f"The {self.label} job failed"),
                    from_wire(str(event.get("message") or ""), event.get("message_text")),
                    from_wire(str(event.get("hint") or ""), event.get("hint_text")),
                    str(event.get("kind") or "ProcessError"),
                )
            )
        else:
            self.message.emit(event)

    @Slot(int, int, object)
    def _on_ended(self, generation: int, code: int, tail: list[str]) -> None:
        if generation != self._generation:
            return
        self._process = None
        log.info("%s ended: %s", self.label, describe_exit(code))
        explained = self._last_outcome == "failed" or (code == 0 and self._last_outcome == "finished")
        if not explained:
            self.failed.emit(self._crash_info(code, tail))
        self.exited.emit(code)

    def _crash_info(self, code: int, tail: list[str]) -> ErrorInfo:
        last_words = [line.strip() for line in tail if line.strip()][-LAST_WORDS_LINES:]
        message = f"The {self.label} process ended unexpectedly: {describe_exit(code)}."
        if last_words:
            message += " Its last words: " + " / ".join(line[:300] for line in last_words)
        return ErrorInfo(
            f"The {self.label} process stopped",
            message,
            "EdgeStudio itself is fine; try again. The full output is in the log file.",
            "ProcessError",
            "\n".join(tail),
        )
