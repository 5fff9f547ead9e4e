"""SpeechProcess: file transcription in a warm child process (QProcess), cancel by killing it.

Every method runs on the GUI thread; events are read from the child's stdout there too, so
no extra thread is involved. After a cancel or a crash the child is started again on the
next job; the model load (a fraction of a second for tiny/base) is the only cost.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

from edgestudio.backends.speech import AudioInfo, Segment, Word
from edgestudio.core.errors import ErrorInfo
from edgestudio.tasks.speech.engine import FileJob, SegmentProgress, SpeechSettings, Transcript

log = logging.getLogger(__name__)


def _segment(data: dict[str, Any]) -> Segment:
    words = tuple(Word(**w) for w in data.pop("words", ()))
    return Segment(**data, words=words)


class SpeechProcess(QObject):
    ready = Signal()
    progress = Signal(object)  # SegmentProgress
    finished = Signal(object)  # Transcript
    failed = Signal(object)  # ErrorInfo

    def __init__(self, model: Path, settings: SpeechSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.settings = settings
        self._process: QProcess | None = None
        self._ready = False
        self._buffer = b""
        self._job: FileJob | None = None
        self._job_id = 0
        self._queued: FileJob | None = None
        self._segments: list[Segment] = []
        self._started_at = 0.0
        self._expected_exit = False

    @property
    def busy(self) -> bool:
        return self._job is not None or self._queued is not None

    def start(self) -> None:
        """Start the child (it loads the model); ``ready`` when it can take jobs."""
        if self._process is not None:
            return
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(
            [
                "-m",
                "edgestudio.tasks.speech.worker_main",
                "--model",
                str(self.model),
                "--device",
                self.settings.device,
                "--compute-type",
                self.settings.compute_type,
                "--threads",
                str(self.settings.threads),
                "--beam-size",
                str(self.settings.beam_size),
            ]
        )
        process.readyReadStandardOutput.connect(self._read)
        process.readyReadStandardError.connect(self._log_stderr)
        process.finished.connect(self._on_exit)
        process.errorOccurred.connect(self._on_process_error)
        self._process, self._ready, self._buffer, self._expected_exit = process, False, b"", False
        process.start()

    def submit(self, job: FileJob) -> None:
        """Transcribe ``job.path``; ``progress`` per segment, then ``finished`` or ``failed``."""
        if self._process is None:
            self.start()
        if not self._ready:
            self._queued = job
            return
        self._send(job)

    def cancel(self) -> None:
        """Stop the current file at once (the child is killed; a new one starts on the next job)."""
        self._job = None
        self._queued = None
        self._kill()

    def close(self, timeout_ms: int = 3000) -> None:
        if self._process is None:
            return
        self._expected_exit = True
        self._process.closeWriteChannel()  # the child ends its loop and exits
        if not self._process.waitForFinished(timeout_ms):
            self._process.kill()
            self._process.waitForFinished(timeout_ms)
        self._process.deleteLater()
        self._process = None

    def _kill(self) -> None:
        if self._process is not None:
            self._expected_exit = True
            self._process.kill()
            self._process.waitForFinished(3000)
            self._process.deleteLater()
            self._process = None
            self._ready = False

    def _send(self, job: FileJob) -> None:
        assert self._process is not None
        self._job_id += 1
        self._job, self._segments, self._started_at = job, [], time.perf_counter()
        payload = {"id": self._job_id, "path": str(job.path), "options": job.options.__dict__}
        self._process.write((json.dumps(payload) + "\n").encode())

    def _read(self) -> None:
        assert self._process is not None
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            try:
                self._handle(json.loads(line))
            except (ValueError, TypeError, KeyError):
                log.warning("unreadable line from the speech worker: %r", line[:200])

    def _handle(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "ready":
            self._ready = True
            self.ready.emit()
            if self._queued is not None:
                job, self._queued = self._queued, None
                self._send(job)
            return
        if event.get("id") not in (None, self._job_id) or (self._job is None and kind != "error"):
            return  # from a cancelled job
        if kind == "segment":
            segment = _segment(event["segment"])
            self._segments.append(segment)
            self.progress.emit(SegmentProgress(segment, float(event["fraction"]), AudioInfo(**event["info"])))
        elif kind == "done" and self._job is not None:
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
        elif kind == "error":
            self._job = None
            self.failed.emit(
                ErrorInfo(event["title"], event["message"], event["hint"], event.get("kind", ""))
            )

    def _log_stderr(self) -> None:
        if self._process is not None:
            text = bytes(self._process.readAllStandardError().data()).decode(errors="replace").strip()
            if text:
                log.info("speech worker: %s", text[-2000:])

    def _on_exit(self, code: int, _status: Any) -> None:
        if self._expected_exit:
            return
        self._process, self._ready = None, False
        pending = self._job or self._queued
        self._job = self._queued = None
        if pending is not None or code != 0:
            self.failed.emit(
                ErrorInfo(
                    "Transcription stopped",
                    f"The transcription process ended unexpectedly (exit code {code}).",
                    "The details are in the log file.",
                    "ProcessError",
                )
            )

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._process = None
            self.failed.emit(
                ErrorInfo(
                    "Transcription could not start",
                    "The transcription process did not start.",
                    "The details are in the log file.",
                    "ProcessError",
                )
            )
