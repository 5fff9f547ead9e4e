"""Short background jobs for the GUI (probing runtimes, importing a model), on superqt workers.

``run_job`` is called on the GUI thread; ``fn`` runs on a pool thread; ``on_done`` and
``on_error`` are called back on the GUI thread. Errors arrive as ErrorInfo, never as raw
exceptions, so widgets can show them as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QThreadPool
from superqt.utils import create_worker

from edgestudio.core.errors import EdgeStudioError, ErrorInfo

log = logging.getLogger(__name__)
T = TypeVar("T")

_active: set[Any] = set()  # keeps workers alive until they finish


def run_job(
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[ErrorInfo], None] | None = None,
) -> Any:
    """Run ``fn`` off the GUI thread; returns the superqt worker."""
    worker = create_worker(fn, _start_thread=False, _ignore_errors=True)  # errors go to on_error

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, EdgeStudioError):
            log.error("background job failed", exc_info=(type(exc), exc, exc.__traceback__))
        if on_error is not None:
            on_error(ErrorInfo.from_exception(exc))

    worker.returned.connect(on_done)
    worker.errored.connect(failed)

    def forget(*_args: object) -> None:
        _active.discard(worker)

    worker.finished.connect(forget)
    _active.add(worker)
    worker.start()
    return worker


def wait_for_jobs(timeout_ms: int = 10_000) -> bool:
    """Wait for every background job (shutdown and tests); True if all finished."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))
