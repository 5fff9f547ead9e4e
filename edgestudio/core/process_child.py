"""The child side of a ProcessJob: die with the parent, JSON-lines events, commands on stdin.

Everything here runs in the child process. ``workers.process_job.ProcessJob`` starts
``python -m edgestudio.core.process_child package.module:function ARGS...``; this launcher
first ties the child to its parent (before anything heavy is imported), then calls
``function(channel, ARGS)`` and exits with the integer it returns.

Protocol (one JSON object per line):

- child -> parent, on the original stdout: ``{"event": "progress", ...}``,
  ``{"event": "finished", ...}``, ``{"event": "failed", "title", "message", "hint", "kind"}``
  and any other ``{"event": NAME, ...}`` the job defines (``ready``, ``segment``, ...).
  File descriptor 1 is pointed at stderr once the launcher starts, so stray prints from
  libraries never corrupt the event stream.
- parent -> child, on stdin: commands the job defines, and ``{"command": "close"}`` before
  the parent closes the pipe to ask the child to finish.

Dying with the parent: on Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` makes the kernel kill
the child when the parent dies (even by SIGKILL). Everywhere, a watchdog thread owns stdin:
end-of-file without a ``close`` command means the parent is gone, and the child exits at once
(a native decoder cannot be interrupted any other way). Grandchildren a job starts should
run through this launcher too, so they die with the child.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import importlib
import json
import logging
import os
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import IO, Any

from edgestudio.core.errors import ErrorInfo
from edgestudio.core.messages import to_wire
from edgestudio.core.privacy import disable_telemetry

PARENT_PID_ENV = "EDGESTUDIO_PARENT_PID"
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
EXIT_ORPHANED = 70  # the parent died before the child could tie itself to it
EXIT_FAILED = 1
CLOSE_COMMAND = "close"

log = logging.getLogger(__name__)


def die_with_parent() -> bool:
    """Main thread of the child, first thing: have the kernel SIGKILL this process when its
    parent dies. Returns True when the kernel will do so (Linux), False where only the stdin
    watchdog protects the child. Exits at once if the parent is already gone."""
    expected_parent = int(os.environ.get(PARENT_PID_ENV, "0") or 0)
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    # The parent may have died between fork and prctl: then we were re-parented already.
    if expected_parent and os.getppid() != expected_parent:
        os._exit(EXIT_ORPHANED)
    return armed


class ChildChannel:
    """The child's end of the pipes. ``emit`` may be called from any thread of the child;
    ``commands`` is consumed by one thread (usually the main thread)."""

    def __init__(self, events: IO[str], commands_in: IO[str], exit_on_eof: bool = True) -> None:
        self._events = events
        self._lock = threading.Lock()
        self._commands: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._exit_on_eof = exit_on_eof
        self._closing = threading.Event()
        self._watchdog = threading.Thread(
            target=self._read_commands, args=(commands_in,), name="parent-watchdog", daemon=True
        )
        self._watchdog.start()

    @property
    def closing(self) -> bool:
        """True once the parent asked the child to finish."""
        return self._closing.is_set()

    def emit(self, event: str, **fields: Any) -> None:
        """Send one event to the parent (any thread)."""
        line = json.dumps({"event": event, **fields}, default=str)
        with self._lock:
            self._events.write(line + "\n")
            self._events.flush()

    def progress(self, fraction: float | None = None, message: str = "", **fields: Any) -> None:
        """Report progress: ``fraction`` in 0..1 (None when unknown) and a short message."""
        self.emit("progress", fraction=fraction, message=message, **fields)

    def finished(self, **fields: Any) -> None:
        """Report that the job (or the current request of a warm worker) succeeded."""
        self.emit("finished", **fields)

    def failed(self, exc: BaseException, **fields: Any) -> None:
        """Report a failure as the kiosk user should read it; the traceback goes to stderr."""
        info = ErrorInfo.from_exception(exc)
        # Templates travel too, so the GUI can show the message in its own language.
        texts = {"message_text": to_wire(info.message), "hint_text": to_wire(info.hint)}
        self.emit(
            "failed",
            title=info.title,
            message=info.message,
            hint=info.hint,
            kind=info.kind,
            **texts,
            **fields,
        )

    def commands(self) -> Iterator[dict[str, Any]]:
        """Commands from the parent, until it asks the child to close."""
        while True:
            command = self._commands.get()
            if command is None:
                return
            yield command

    def _read_commands(self, stream: IO[str]) -> None:
        """Watchdog thread: owns stdin. EOF without a close command means the parent died."""
        try:
            for line in stream:
                if not line.strip():
                    continue
                try:
                    command = json.loads(line)
                except ValueError:
                    sys.stderr.write(f"unreadable command from the parent: {line[:200]!r}\n")
                    continue
                if not isinstance(command, dict):
                    continue
                if command.get("command") == CLOSE_COMMAND:
                    self._closing.set()
                    break
                self._commands.put(command)
        except (OSError, ValueError):
            pass  # stdin closed under us: treated as end of file below
        if not self._closing.is_set() and self._exit_on_eof:
            sys.stderr.write("the parent process is gone: exiting\n")
            sys.stderr.flush()
            os._exit(EXIT_ORPHANED)
        self._closing.set()
        self._commands.put(None)


def resolve(target: str) -> Callable[[ChildChannel, list[str]], int]:
    """``package.module:function`` -> the function (imported in the child)."""
    module_name, _, function_name = target.partition(":")
    if not module_name or not function_name:
        raise ValueError(f"A process job target is 'package.module:function', not {target!r}.")
    function = getattr(importlib.import_module(module_name), function_name)
    if not callable(function):
        raise TypeError(f"{target} is not callable.")
    return function


def run_child(argv: list[str]) -> int:
    """The launcher: tie to the parent, opt out of telemetry, take over stdout for events,
    run the target."""
    die_with_parent()
    disable_telemetry()  # before the target imports any runtime, whoever started this child
    faulthandler.enable(file=sys.stderr, all_threads=True)
    # Events go to a private copy of the original stdout; fd 1 now writes to stderr, so
    # prints from native libraries or Python code cannot break the JSON-lines stream.
    events = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    channel = ChildChannel(events, sys.stdin)
    if not argv:
        sys.stderr.write("usage: python -m edgestudio.core.process_child package.module:function [ARGS]\n")
        return 2
    try:
        return int(resolve(argv[0])(channel, argv[1:]) or 0)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_FAILED
    except BaseException as exc:  # the job's one boundary: report, then exit non-zero
        traceback.print_exc(file=sys.stderr)
        with contextlib.suppress(OSError, ValueError):
            channel.failed(exc)
        return EXIT_FAILED
    finally:
        with contextlib.suppress(OSError, ValueError):
            events.flush()


if __name__ == "__main__":
    raise SystemExit(run_child(sys.argv[1:]))
