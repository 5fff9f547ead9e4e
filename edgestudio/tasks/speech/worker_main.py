"""The transcription worker: runs in a child process started by ``workers.speech_process``
through ``ProcessJob`` (``edgestudio.tasks.speech.worker_main:main``).

Loads one Whisper model, sends ``ready``, then takes jobs as commands
``{"id", "path", "options"}`` and answers each with ``progress`` events (``stage`` while the
file is read and its speech found, then one per ``segment``) and ``finished`` or ``failed``.
The app keeps one such process warm; cancelling a file kills it (a native decoder cannot be
interrupted inside a 30-second window), and a native crash here cannot take the GUI down.
Everything runs on the child's main thread.
"""

from __future__ import annotations

import argparse
import json
import time
import traceback
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.speech import TranscribeOptions
from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.process_child import ChildChannel
from edgestudio.tasks.speech.engine import (
    FileJob,
    SegmentProgress,
    SpeechSettings,
    StageProgress,
    Transcript,
    build_speech_engine,
)


def worker_args(model: Path, settings: SpeechSettings, site: Mapping[str, Any] | None = None) -> list[str]:
    """The command line ``main`` expects for ``model`` and ``settings`` (parent side).
    ``site``: the ``[site_server]`` settings when ``settings.backend`` is the site server's
    runtime; they name the token's file, never the token."""
    extra = ["--backend", settings.backend] if settings.backend else []
    if site:
        extra += ["--site", json.dumps({k: v for k, v in site.items() if k != "token"})]
    return [
        *extra,
        "--model",
        str(model),
        "--device",
        settings.device,
        "--compute-type",
        settings.compute_type,
        "--threads",
        str(settings.threads),
        "--beam-size",
        str(settings.beam_size),
    ]


def main(channel: ChildChannel, argv: list[str]) -> int:
    """Serve transcription jobs until the parent closes the channel."""
    parser = argparse.ArgumentParser(prog="speech-worker")
    parser.add_argument("--model", required=True)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--backend", default="")
    parser.add_argument("--site", default="", help="the [site_server] settings as JSON")
    args = parser.parse_args(argv)
    settings = SpeechSettings(args.device, args.compute_type, args.threads, args.beam_size, "", args.backend)
    registry = BackendRegistry()
    if args.site:  # the site server, with this model on the local runtime as its fallback
        _use_site_server(registry, channel, json.loads(args.site))
    job_id: Any = None

    def report(item: object) -> None:
        if isinstance(item, SegmentProgress):
            channel.progress(
                item.fraction,
                id=job_id,
                segment=asdict(item.segment),
                info=asdict(item.info),
            )
        elif isinstance(item, StageProgress):
            channel.progress(item.fraction, item.label, id=job_id, stage=item.stage)

    engine = build_speech_engine(registry, Path(args.model), settings, report)
    channel.emit("ready", label=engine.info.model_name, load_ms=engine.info.load_ms)
    try:
        for command in channel.commands():
            job_id = command.get("id")
            start = time.perf_counter()
            try:
                options = TranscribeOptions(**command.get("options", {}))
                result = engine.process(FileJob(Path(command["path"]), options), lambda: False)
                if not isinstance(result, Transcript):
                    raise EdgeStudioError("The speech engine returned no transcript.")
            except Exception as exc:  # one job's boundary: report it, then take the next job
                if not isinstance(exc, EdgeStudioError):
                    traceback.print_exc()  # stderr: the parent logs it
                channel.failed(exc, id=job_id)
                continue
            channel.finished(
                id=job_id,
                info=asdict(result.info),
                model=result.model,
                settings=result.settings,
                seconds=time.perf_counter() - start,
            )
    finally:
        engine.close()
    return 0


def _use_site_server(registry: BackendRegistry, channel: ChildChannel, site: Mapping[str, Any]) -> None:
    """Point ``registry``'s ``remote`` runtime at the site server of ``site`` (the token read
    here from its file or the service credential) and send each switch between the server and
    the local model to the parent as a ``site`` event (the runner's thread: the main one)."""
    from edgestudio.backends import remote_backend
    from edgestudio.backends.remote_client import ServerAddress
    from edgestudio.core.messages import to_wire
    from edgestudio.core.site_status import FallbackState

    address = ServerAddress.from_settings(SimpleNamespace(**site))

    def changed(task: str, state: FallbackState) -> None:
        # the reason's template travels beside it, so the GUI can say it in its language
        channel.emit("site", task=task, state=asdict(state), reason=to_wire(state.reason))

    remote_backend.configure(registry, address, changed)
