"""Logging set-up: a rotating file under the platform log directory, thread names included."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import logging.handlers
import os
import sys
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

HANDLER_NAME = "edgestudio-file"
FORMAT = "%(asctime)s %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"

_fault_file: IO[str] | None = None


class _LogFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that, when the disk fills up or turns read-only, says so once on
    stderr instead of printing a traceback for every record (any thread)."""

    _reported = False

    def handleError(self, record: logging.LogRecord) -> None:
        if self._reported:
            return
        self._reported = True
        exc = sys.exc_info()[1]
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(
                f"edgestudio: the log file {self.baseFilename} cannot be written ({reason}); "
                "log messages are dropped until it can.\n"
            )


def _fallback_log_dir() -> Path:
    """A per-user folder in the temporary directory, for when the log folder is unwritable."""
    user = getattr(os, "getuid", lambda: "user")()
    return Path(tempfile.gettempdir()) / f"edgestudio-{user}" / "logs"


def writable_log_dir(log_dir: Path) -> Path | None:
    """``log_dir`` if a file can be created there, else a temporary folder, else None."""
    for candidate in (log_dir, _fallback_log_dir()):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=candidate):
                pass
            return candidate
        except OSError:
            continue
    return None


def setup_logging(
    log_dir: Path, level: str = "INFO", max_bytes: int = 2_000_000, backups: int = 3
) -> Path | None:
    """Attach a rotating file handler to the root logger; returns the log file path.

    When ``log_dir`` cannot be written (a read-only or full data disk), the log goes to a
    folder in the temporary directory, and when none can be written, to stderr (returns
    None). Called once on the main thread at start-up.
    """
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    target = writable_log_dir(log_dir)
    new_handler: logging.Handler
    log_file: Path | None = None
    if target is None:
        new_handler = logging.StreamHandler(sys.stderr)
        new_handler.setLevel(logging.WARNING)
    else:
        log_file = target / "edgestudio.log"
        new_handler = _LogFileHandler(log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    new_handler.setFormatter(logging.Formatter(FORMAT))
    new_handler.set_name(HANDLER_NAME)
    root.addHandler(new_handler)
    if target != log_dir:
        logging.getLogger(__name__).warning(
            "The log folder %s cannot be written; logging to %s instead.", log_dir, log_file or "stderr"
        )
    return log_file


def install_exception_hooks(log_dir: Path) -> None:
    """Log uncaught exceptions from any thread; dump native crashes with faulthandler (to
    ``crash.log`` beside the log, or stderr when no folder can be written). Main thread."""
    global _fault_file
    logger = logging.getLogger("edgestudio.crash")
    previous = sys.excepthook

    def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        logger.critical("Uncaught exception", exc_info=(exc_type, exc, tb))
        previous(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread else "?"
        logger.critical(
            "Uncaught exception in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),  # type: ignore[arg-type]
        )

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
    if _fault_file is None:
        target = writable_log_dir(log_dir)
        if target is None:
            faulthandler.enable(file=sys.stderr, all_threads=True)
            return
        _fault_file = (target / "crash.log").open("a", encoding="utf-8")
        faulthandler.enable(file=_fault_file, all_threads=True)
