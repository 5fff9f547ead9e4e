"""SpeechProcess: file transcription in a warm child process, on ProcessJob.

Every method runs on the GUI thread, and every signal arrives there. The child
(``tasks/speech/worker_main.py``) loads the model once and then takes one file at a time;
cancel kills it at once (a native decoder cannot be interrupted inside a 30-second window)
and a new one starts on the next file, so the model load (a fraction of a second for
tiny/base) is the only cost. A crash of the child is a ``failed`` with its last words; the
child dies with the GUI.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from edgestudio.backends.speech import AudioInfo, Segment, Word
from edgestudio.core.errors import ErrorInfo
from edgestudio.core.messages import from_wire
from edgestudio.core.site_status import FallbackState
from edgestudio.tasks.speech.engine import (
    FileJob,
    SegmentProgress,
    SpeechSettings,
    StageProgress,
    Transcript,
)
from edgestudio.tasks.speech.worker_main import worker_args
from edgestudio.workers.process_job import ProcessJob

log = logging.getLogger(__name__)
WORKER = "edgestudio.tasks.speech.worker_main:main"


def _segment(data: dict[str, Any]) -> Segment:
    words = tuple(Word(**w) for w in data.pop("words", ()))
    return Segment(**data, words=words)


class SpeechProcess(QObject):
    """The warm transcription worker. GUI thread only."""

    ready = Signal()
    progress = Signal(object)  # StageProgress while reading/finding speech, then SegmentProgress
    finished = Signal(object)  # Transcript
    failed = Signal(object)  # ErrorInfo
    # (task, FallbackState): the child's transcription switched to its local model or back
    site_state = Signal(str, object)

    def __init__(
        self,
        model: Path,
        settings: SpeechSettings,
        parent: QObject | None = None,
        site: Mapping[str, Any] | None = None,
    ) -> None:
        """``site``: the ``[site_server]`` settings when ``settings.backend`` is the site
        server's runtime (the child reads the token from their file)."""
        super().__init__(parent)
        self.model = model
        self.settings = settings
        args = worker_args(model, settings, site)
        self._worker = ProcessJob(WORKER, args, self, label="transcription")
        self._worker.message.connect(self._on_message)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.exited.connect(self._on_exited)
        self._ready = False
        self._job: FileJob | None = None
        self._job_id = 0
        self._queued: FileJob | None = None
        self._segments: list[Segment] = []
        self._started_at = 0.0

    @property
    def busy(self) -> bool:
        return self._job is not None or self._queued is not None

    @property
    def pid(self) -> int | None:
        """The worker process id while one runs."""
        return self._worker.pid

    def start(self) -> None:
        """Start the child (it loads the model); ``ready`` when it can take jobs."""
        if not self._worker.running:
            self._ready = False
            self._worker.start()

    def submit(self, job: FileJob) -> None:
        """Transcribe ``job.path``: ``progress``, then ``finished`` or ``failed``."""
        self.start()
        if not self._ready:
            self._queued = job
            return
        self._send(job)

    def cancel(self) -> None:
        """Stop the current file at once (the child is killed; a new one starts on the next job)."""
        self._job = None
        self._queued = None
        self._ready = False
        self._worker.cancel()

    def close(self, timeout_ms: int = 3000) -> None:
        """Let the child finish and exit (killed after ``timeout_ms``)."""
        self._job = self._queued = None
        self._ready = False
        self._worker.close(timeout_ms / 1000)

    def _send(self, job: FileJob) -> None:
        self._job_id += 1
        self._job, self._segments, self._started_at = job, [], time.perf_counter()
        if not self._worker.send(
            {"id": self._job_id, "path": str(job.path), "options": job.options.__dict__}
        ):
            log.warning("the transcription worker is gone; its end is reported by ProcessJob")

    def _current(self, event: dict[str, Any]) -> bool:
        return self._job is not None and event.get("id") == self._job_id

    def _on_message(self, event: dict[str, Any]) -> None:
        if event.get("event") == "site" and isinstance(event.get("state"), dict):
            state = FallbackState(**event["state"])
            state = replace(state, reason=from_wire(state.reason, event.get("reason")))
            self.site_state.emit(str(event.get("task") or ""), state)
            return
        if event.get("event") != "ready":
            return
        self._ready = True
        log.info("transcription worker ready: %s in %.0f ms", event.get("label"), event.get("load_ms", 0))
        self.ready.emit()
        if self._queued is not None:
            job, self._queued = self._queued, None
            self._send(job)

    def _on_progress(self, event: dict[str, Any]) -> None:
        if not self._current(event):
            return
        fraction = event.get("fraction")
        if "segment" in event:
            segment = _segment(dict(event["segment"]))
            self._segments.append(segment)
            self.progress.emit(SegmentProgress(segment, float(fraction or 0.0), AudioInfo(**event["info"])))
        else:
            stage = StageProgress(str(event.get("stage", "")), None if fraction is None else float(fraction))
            self.progress.emit(stage)

    def _on_finished(self, event: dict[str, Any]) -> None:
        if not self._current(event) or self._job is None:
            return
        job, self._job = self._job, None
        self.finished.emit(
            Transcript(
                str(job.path),
                AudioInfo(**event["info"]),
                tuple(self._segments),
                event["model"],
                event["settings"],
                time.perf_counter() - self._started_at,
                False,
            )
        )

    def _on_failed(self, error: ErrorInfo) -> None:
        self._job = self._queued = None
        self.failed.emit(error)

    def _on_exited(self, _code: int) -> None:
        self._ready = False
