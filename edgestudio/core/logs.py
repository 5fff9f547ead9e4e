"""Logging set-up: a rotating file under the platform log directory, thread names included."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

HANDLER_NAME = "edgestudio-file"
FORMAT = "%(asctime)s %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"

_fault_file: IO[str] | None = None


def setup_logging(log_dir: Path, level: str = "INFO", max_bytes: int = 2_000_000, backups: int = 3) -> Path:
    """Attach a rotating file handler to the root logger; returns the log file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "edgestudio.log"
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.set_name(HANDLER_NAME)
    root.addHandler(handler)
    return log_file


def install_exception_hooks(log_dir: Path) -> None:
    """Log uncaught exceptions from any thread; dump native crashes with faulthandler."""
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
        log_dir.mkdir(parents=True, exist_ok=True)
        _fault_file = (log_dir / "crash.log").open("a", encoding="utf-8")
        faulthandler.enable(file=_fault_file, all_threads=True)
