"""Fallback (issue 17, point 5) with a real site server killed (kill -9) mid-stream and
restarted: the kiosk runs its local model within 1 s, says why in ``fallback_reason``, raises
nothing, and returns to the server within 5 s of the server being ready again. The 20-cycle
run is a benchmark: ``edgestudio bench fallback --cycles 20`` (tests/test_bench_fallback.py)."""

from __future__ import annotations

import statistics
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import configure
from edgestudio.backends.remote_client import ServerAddress, SiteServerError
from edgestudio.backends.remote_fallback import FallbackRunner, FallbackSpeechRunner, FallbackStreamingRunner
from edgestudio.backends.speech import AudioInfo, Segment, SpeechRunner, TranscribeOptions
from edgestudio.backends.streaming import ChatRequest, StreamingRunner
from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import InferenceError
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.paths import resources_dir
from edgestudio.core.site_status import FallbackState
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.detection.pipeline import DetectionOptions, DetectionPipeline, build_detection_pipeline
from tests import media
from tests.site_server_fixtures import DETECTOR, restart_site_server, start_test_server

FALLBACK_LIMIT_S = 1.0
RETURN_LIMIT_S = 5.0


@pytest.fixture(scope="module")
def entry(tmp_path_factory: pytest.TempPathFactory) -> ModelEntry:
    store = ModelStore(tmp_path_factory.mktemp("kiosk-models"), resources_dir() / "models")
    found = store.find(DETECTOR)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def frame() -> np.ndarray:
    image = cv2.imread(str(media.ultralytics_asset("bus.jpg")))
    assert image is not None
    return cv2.resize(image, (640, 480))


@dataclass
class Cycles:
    fallback_s: list[float] = field(default_factory=list)  # kill -> first frame answered locally
    return_s: list[float] = field(default_factory=list)  # server ready -> first frame it answered
    local_frames: list[int] = field(default_factory=list)
    states: list[FallbackState] = field(default_factory=list)


def _ready(http_url: str) -> bool:
    name = sp.triton_model_name(DETECTOR)
    try:
        with urllib.request.urlopen(f"{http_url}/v2/models/{name}/ready", timeout=0.5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


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


class Streamer(threading.Thread):
    """A kiosk's session thread: loads the remote pipeline, processes frames until stopped and
    notes when each finished and which side answered it. Servers are started and killed on
    the test's main thread (a child dies with the thread that started it)."""

    def __init__(self, registry: BackendRegistry, entry: ModelEntry, image: np.ndarray) -> None:
        super().__init__(name="test-kiosk-session", daemon=True)
        self.registry, self.entry, self.image = registry, entry, image
        self.frames: list[tuple[float, str]] = []  # (finished at, "server" | "local")
        self.states: list[FallbackState] = []
        self.error: BaseException | None = None
        self.loaded = threading.Event()
        self.halt = threading.Event()
        self.runner: FallbackRunner | None = None

    def run(self) -> None:
        try:
            options = DetectionOptions(backend="remote", draw=False)
            pipeline = build_detection_pipeline(self.registry, self.entry, options)
        except BaseException as exc:
            self.error = exc
            self.loaded.set()
            return
        try:
            runner = pipeline.detector.runner
            assert isinstance(runner, FallbackRunner)
            runner.on_change = self.states.append
            self.runner = runner
            self.loaded.set()
            while not self.halt.is_set():
                before = dict(runner.served)
                result = pipeline.process(self.image)
                assert result.detections
                side = "server" if runner.served["server"] > before["server"] else "local"
                self.frames.append((time.monotonic(), side))
        except BaseException as exc:  # the test thread reports it
            self.error = exc
        finally:
            pipeline.close()

    def first(self, side: str, after: float) -> float | None:
        return next((t for t, s in list(self.frames) if s == side and t > after), None)

    def wait_for(self, side: str, after: float, limit_s: float) -> float:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.error is not None:
                raise AssertionError(f"the kiosk failed: {self.error!r}") from self.error
            found = self.first(side, after)
            if found is not None:
                return found
            time.sleep(0.005)
        raise AssertionError(f"no frame on the {side} side within {limit_s} s")


def _ready_time(http_url: str, limit_s: float = 60) -> float:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if _ready(http_url):
            return time.monotonic()
        time.sleep(0.01)
    raise AssertionError("the restarted server never became ready")


def kill_restart_cycles(
    folder: Path, entry: ModelEntry, image: np.ndarray, protocol: str, count: int
) -> Cycles:
    """``count`` times: stream, kill -9 the server mid-stream, stream on the local model,
    restart the server (same ports) and stream until the kiosk is back on it."""
    server: SiteServer = start_test_server(folder)
    registry = BackendRegistry(plugins=False)
    url = server.grpc_url if protocol == "grpc" else server.http_url
    configure(registry, ServerAddress(url))
    measured = Cycles()
    streamer = Streamer(registry, entry, image)
    streamer.start()
    try:
        assert streamer.loaded.wait(60) and streamer.error is None, streamer.error
        for _ in range(count):
            now = time.monotonic()
            streamer.wait_for("server", now, 30)
            time.sleep(0.1 + 0.2 * np.random.default_rng().random())  # mid-stream, at any moment
            killed_at = time.monotonic()
            server.kill()
            measured.fallback_s.append(streamer.wait_for("local", killed_at, 10) - killed_at)
            runner = streamer.runner
            assert runner is not None and runner.fallback_reason.startswith("server unreachable")
            ready: dict[str, float] = {}

            def watch(mark: dict[str, float] = ready, http_url: str = server.http_url) -> None:
                mark["at"] = _ready_time(http_url)

            watcher = threading.Thread(target=watch, name="test-ready")
            watcher.start()
            local_before = sum(1 for _, side in streamer.frames if side == "local")
            server = restart_site_server(server)  # returns once it answers
            watcher.join(60)
            back_at = streamer.wait_for("server", ready["at"], 30)
            measured.return_s.append(back_at - ready["at"])
            measured.local_frames.append(sum(1 for _, s in streamer.frames if s == "local") - local_before)
            assert runner.fallback_reason == "" or not runner.using_server
    finally:
        streamer.halt.set()
        streamer.join(30)
        server.stop()
    measured.states = list(streamer.states)
    assert streamer.error is None, repr(streamer.error)
    return measured


def _report(name: str, measured: Cycles) -> str:
    def line(values: list[float]) -> str:
        return (
            f"median {statistics.median(values) * 1e3:.0f} ms, max {max(values) * 1e3:.0f} ms"
            if values
            else "none"
        )

    return (
        f"{name}: {len(measured.fallback_s)} cycles; fallback {line(measured.fallback_s)}; "
        f"return after ready {line(measured.return_s)}"
    )


@pytest.mark.parametrize("protocol", ["grpc", "http"])
def test_kill_mid_stream_falls_back_within_1s_and_returns_within_5s(
    tmp_path: Path, entry: ModelEntry, frame: np.ndarray, protocol: str
) -> None:
    measured = kill_restart_cycles(tmp_path, entry, frame, protocol, 1)
    print(_report(protocol, measured))
    assert measured.fallback_s[0] < FALLBACK_LIMIT_S
    assert measured.return_s[0] < RETURN_LIMIT_S
    # (a first frame slower than the frame timeout on a cold server may add a switch at load)
    assert [s.using for s in measured.states[-2:]] == ["local", "server"]
    fell = measured.states[-2]
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
        assert _ready(http_url)
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
