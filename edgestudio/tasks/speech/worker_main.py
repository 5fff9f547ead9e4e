"""A transcription worker process: ``python -m edgestudio.tasks.speech.worker_main``.

Loads one Whisper model, then reads jobs as JSON lines on stdin and writes events as JSON
lines on stdout: ``ready`` once, then per job ``segment`` events and ``done``, or ``error``.
The app keeps one such process warm; cancelling a file kills it (a native decoder cannot be
interrupted inside a 30-second window), and a native crash here cannot take the GUI down.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.speech import TranscribeOptions
from edgestudio.core.errors import ErrorInfo
from edgestudio.tasks.speech.engine import (
    FileJob,
    SegmentProgress,
    SpeechSettings,
    Transcript,
    build_speech_engine,
)


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _error(job_id: Any, exc: BaseException) -> dict[str, Any]:
    info = ErrorInfo.from_exception(exc)
    return {
        "event": "error",
        "id": job_id,
        "title": info.title,
        "message": info.message,
        "hint": info.hint,
        "kind": info.kind,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--beam-size", type=int, default=5)
    args = parser.parse_args(argv)
    settings = SpeechSettings(args.device, args.compute_type, args.threads, args.beam_size, "")
    job_id: Any = None

    def report(item: object) -> None:
        if isinstance(item, SegmentProgress):
            _emit(
                {
                    "event": "segment",
                    "id": job_id,
                    "segment": asdict(item.segment),
                    "fraction": item.fraction,
                    "info": asdict(item.info),
                }
            )

    try:
        engine = build_speech_engine(BackendRegistry(), Path(args.model), settings, report)
    except Exception as exc:
        _emit(_error(None, exc))
        return 1
    _emit({"event": "ready", "label": engine.info.model_name, "load_ms": engine.info.load_ms})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            job = json.loads(line)
            job_id = job.get("id")
            options = TranscribeOptions(**job.get("options", {}))
            start = time.perf_counter()
            result = engine.process(FileJob(Path(job["path"]), options), lambda: False)
            assert isinstance(result, Transcript)
            _emit(
                {
                    "event": "done",
                    "id": job_id,
                    "info": asdict(result.info),
                    "model": result.model,
                    "settings": result.settings,
                    "seconds": time.perf_counter() - start,
                }
            )
        except Exception as exc:
            _emit(_error(job_id, exc))
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
