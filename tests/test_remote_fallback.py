"""Fallback (issue 17, point 5) with a real site server killed (kill -9) mid-stream and
restarted: the kiosk runs its local model within 1 s, says why in ``fallback_reason``, raises
nothing, and returns to the server within 5 s of the server being ready again. The kill and
restart cycle is the benchmark's own (``benchmarks/serve_fallback.KillRestartCycles``); the
20-cycle run is ``edgestudio bench fallback --cycles 20`` (tests/test_bench_fallback.py). The
``entry`` and ``frame`` fixtures are tests/conftest.py's."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import configure
from edgestudio.backends.remote_client import ServerAddress, SiteServerError
from edgestudio.backends.remote_fallback import FallbackRunner, FallbackSpeechRunner, FallbackStreamingRunner
from edgestudio.backends.speech import AudioInfo, Segment, SpeechRunner, TranscribeOptions
from edgestudio.backends.streaming import ChatRequest, StreamingRunner
from edgestudio.benchmarks.serve_fallback import FallbackBenchConfig, KillRestartCycles, model_ready
from edgestudio.core.errors import InferenceError
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.paths import resources_dir
from edgestudio.core.site_status import FallbackState
from edgestudio.tasks.detection.pipeline import DetectionOptions, DetectionPipeline, build_detection_pipeline
from tests.site_server_fixtures import DETECTOR, restart_site_server, start_test_server

FALLBACK_LIMIT_S = 1.0
RETURN_LIMIT_S = 5.0


def _stream_until(
    pipeline: DetectionPipeline, image: np.ndarray, done: Callable[[], bool], limit_s: float
) -> tuple[float, int]:
    """Process frames (no exception may escape) until ``done()``; the time it turned true."""
    deadline = time.monotonic() + limit_s
    frames = 0
    while time.monotonic() < deadline:
        result = pipeline.process(image)
        assert result.detections  # every frame is answered, by one side or the other
        frames += 1
        if done():
            return time.monotonic(), frames
    raise AssertionError(f"not reached within {limit_s} s ({frames} frames)")


@pytest.mark.parametrize("protocol", ["grpc", "http"])
def test_kill_mid_stream_falls_back_within_1s_and_returns_within_5s(
    tmp_path: Path, entry: ModelEntry, frame: np.ndarray, protocol: str
) -> None:
    """One cycle of ``bench fallback`` (its own code): a kill at a random moment of the stream,
    then a restart on the same ports. Leaving the ``with`` raises if the kiosk failed."""
    models_dir = tmp_path / "models"
    store = ModelStore(models_dir, resources_dir() / "models")
    config = FallbackBenchConfig(cycles=1, protocol=protocol, seed=None)
    with KillRestartCycles(BackendRegistry(), store, models_dir, entry, frame, config) as cycles:
        measured = cycles.cycle()
        runner = cycles.kiosk.runner
        assert runner is not None and (runner.fallback_reason == "" or not runner.using_server)
    print(
        f"{protocol}: fallback {measured.fallback_s * 1e3:.0f} ms after the kill, "
        f"back {measured.return_s * 1e3:.0f} ms after ready, {measured.local_frames} local frames"
    )
    assert measured.reason.startswith("server unreachable"), measured.reason
    assert measured.fallback_s < FALLBACK_LIMIT_S
    assert measured.return_s < RETURN_LIMIT_S
    assert measured.local_frames >= 1 and cycles.kiosk.empty_frames == 0  # every frame answered
    # (a first frame slower than the frame timeout on a cold server may add a switch at load)
    assert [s.using for s in cycles.states[-2:]] == ["local", "server"]
    fell = cycles.states[-2]
    assert fell.reason.startswith("server unreachable") and fell.local_runtime and fell.switches >= 1


def test_a_server_unreachable_at_load_starts_local_and_joins_later(
    tmp_path: Path, entry: ModelEntry, frame: np.ndarray
) -> None:
    server = start_test_server(tmp_path / "first")
    url, http_url = server.grpc_url, server.http_url
    server.kill()
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(url))
    pipeline = build_detection_pipeline(registry, entry, DetectionOptions(backend="remote", draw=False))
    try:
        runner = pipeline.detector.runner
        assert isinstance(runner, FallbackRunner) and not runner.using_server
        assert "server unreachable" in pipeline.info.fallback_reason
        assert pipeline.process(frame).detections
        server = restart_site_server(server)
        assert model_ready(http_url, DETECTOR)
        _stream_until(pipeline, frame, lambda: runner.using_server, RETURN_LIMIT_S)
        assert runner.fallback_reason == "" and runner.served["server"] >= 1
    finally:
        pipeline.close()
        server.stop()


# --- chat and transcription: per request, the same rules (faults injected) ---------------------


class _Chat(StreamingRunner):
    def __init__(self, label: str, words: list[str]) -> None:
        self.label, self.words, self.fail, self.closed = label, words, 0, False
        self.device = label

    def stream(self, request: ChatRequest, cancelled: Callable[[], bool]) -> Iterator[str]:
        for index, word in enumerate(self.words):
            if self.fail and index >= self.fail - 1:
                raise InferenceError(f"The chat server at {self.label} stopped answering: refused")
            yield word

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def close(self) -> None:
        self.closed = True


def test_chat_falls_back_to_the_local_model_and_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    remote, local = _Chat("server", ["from ", "server"]), _Chat("local", ["from ", "local"])
    states: list[FallbackState] = []
    runner = FallbackStreamingRunner(remote, local, "http://127.0.0.1:8080/v1", states.append)
    request = ChatRequest(({"role": "user", "content": "hi"},))
    assert "".join(runner.stream(request, lambda: False)) == "from server" and runner.fallback_reason == ""
    remote.fail = 1  # refused before the first piece: this question is answered locally
    assert "".join(runner.stream(request, lambda: False)) == "from local"
    assert "server failed" in runner.fallback_reason and states[-1].using == "local"
    assert "".join(runner.stream(request, lambda: False)) == "from local"  # the pause is not over
    remote.fail = 0
    clock = time.monotonic() + 60
    monkeypatch.setattr("edgestudio.backends.remote_fallback.time.monotonic", lambda: clock)
    assert "".join(runner.stream(request, lambda: False)) == "from server"
    assert runner.fallback_reason == "" and states[-1].using == "server"
    remote.fail = 2  # stops mid-answer: said, and the next question goes local
    with pytest.raises(InferenceError, match="middle of the answer"):
        list(runner.stream(request, lambda: False))
    assert "".join(runner.stream(request, lambda: False)) == "from local"
    runner.close()
    assert remote.closed and local.closed


class _Speech(SpeechRunner):
    def __init__(self, label: str) -> None:
        self.label, self.error = label, ""

    def transcribe(
        self, audio: Path | np.ndarray, options: TranscribeOptions, cancelled: Callable[[], bool]
    ) -> tuple[AudioInfo, Iterator[Segment]]:
        if self.error:
            raise SiteServerError("timeout", self.error)
        return AudioInfo(1.0, "en", 1.0), iter([Segment(0.0, 1.0, f"said to {self.label}")])

    def close(self) -> None:
        pass


def test_transcription_falls_back_to_the_local_model() -> None:
    remote, local = _Speech("server"), _Speech("local")
    runner = FallbackSpeechRunner(remote, local, "grpc://127.0.0.1:8001")
    audio = np.zeros(16000, np.float32)
    _, segments = runner.transcribe(audio, TranscribeOptions(), lambda: False)
    assert [s.text for s in segments] == ["said to server"] and runner.fallback_reason == ""
    remote.error = "The site server did not answer in time."
    _, segments = runner.transcribe(audio, TranscribeOptions(), lambda: False)
    assert [s.text for s in segments] == ["said to local"]
    assert runner.fallback_reason.startswith("server too slow") and runner.label == "local"
