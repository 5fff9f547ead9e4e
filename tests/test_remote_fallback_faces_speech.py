"""Fallback of faces and transcription (issue 17, point 5) with the real site server killed
(kill -9) in the middle of the work and restarted on the same ports:

- faces (CenterFace + FaceRes through the server, as ``faces identify --server`` runs them): a
  stream of frames goes on with the local models within 1 s, both runners say why
  (``fallback_reason``), nothing raises, the local embedding is the server's, and both return
  to the server within 5 s of it being ready again;
- transcription (``transcribe --server``, per request): the request in flight when the server
  dies is transcribed by the local faster-whisper model in the same call, and the first
  request after the server is ready again (and the retry pause is over) is the server's.

The kiosk's work runs on its own thread (a runner lives on one thread); servers are started,
killed and restarted on the test's main thread (a child dies with the thread that started it).
"""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from edgestudio.backends import remote_client
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import configure
from edgestudio.backends.remote_client import ServerAddress
from edgestudio.backends.remote_fallback import RETRY_DELAYS_S, FallbackRunner, FallbackSpeechRunner
from edgestudio.backends.speech import TranscribeOptions
from edgestudio.core.hardware import probe_hardware
from edgestudio.core.site_status import FallbackState
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.faces.recognize import build_face_recognizer
from edgestudio.tasks.speech.engine import FileJob, Transcript, build_speech_engine, choose_settings
from edgestudio.tasks.speech.models import default_speech_model
from tests import face_media
from tests.site_server_fixtures import restart_site_server, start_test_server
from tests.speech_media import librivox, wer

FALLBACK_LIMIT_S = 1.0
RETURN_LIMIT_S = 5.0
SERVER, LOCAL = "server", "local"


def _ready(http_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{http_url}/v2/health/ready", timeout=0.5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


class FacesKiosk(threading.Thread):
    """A kiosk's Faces session: CenterFace and FaceRes on the ``remote`` runtime (each a
    FallbackRunner over the server and the same model here), every frame detected and
    embedded; notes which side answered each step of each frame."""

    def __init__(self, registry: BackendRegistry, models_dir: Path, image: np.ndarray) -> None:
        super().__init__(name="test-faces-kiosk", daemon=True)
        self.registry, self.models_dir, self.image = registry, models_dir, image
        # (finished at, detector side, embedder side, embedding)
        self.frames: list[tuple[float, str, str, np.ndarray]] = []
        self.states: dict[str, list[FallbackState]] = {"detector": [], "embedder": []}
        self.runners: dict[str, FallbackRunner] = {}
        self.error: BaseException | None = None
        self.loaded = threading.Event()
        self.halt = threading.Event()

    def run(self) -> None:
        try:
            recognizer = build_face_recognizer(
                self.registry,
                self.models_dir,
                backend="remote",
                embedder_backend="remote",
                embedder_id="faceres",
            )
        except BaseException as exc:
            self.error = exc
            self.loaded.set()
            return
        try:
            runners = {"detector": recognizer.detector.runner, "embedder": recognizer.embedder.runner}
            for key, runner in runners.items():
                assert isinstance(runner, FallbackRunner), key
                runner.on_change = self.states[key].append
                self.runners[key] = runner
            self.loaded.set()
            while not self.halt.is_set():
                before = {key: dict(r.served) for key, r in self.runners.items()}
                faces = recognizer.detector.detect(self.image)
                assert len(faces) == 1, faces  # every frame is answered, by one side or the other
                embeddings, _ = recognizer.embedder.embed(self.image, faces)
                sides = [
                    SERVER if r.served[SERVER] > before[key][SERVER] else LOCAL
                    for key, r in self.runners.items()
                ]
                self.frames.append((time.monotonic(), sides[0], sides[1], np.asarray(embeddings[0])))
        except BaseException as exc:  # the test thread reports it
            self.error = exc
        finally:
            recognizer.close()

    def wait_for(self, side: str, after: float, limit_s: float) -> tuple[float, np.ndarray]:
        """The first frame after ``after`` whose detection and embedding both ran on ``side``."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.error is not None:
                raise AssertionError(f"the kiosk failed: {self.error!r}") from self.error
            found = next((f for f in list(self.frames) if f[0] > after and f[1] == f[2] == side), None)
            if found is not None:
                return found[0], found[3]
            time.sleep(0.005)
        raise AssertionError(f"no frame wholly on the {side} side within {limit_s} s")


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_faces_stream_falls_back_within_1s_of_a_kill_and_returns_within_5s(tmp_path: Path) -> None:
    server: SiteServer = start_test_server(tmp_path / "site", detect="", faces=True)
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(server.grpc_url))  # the live camera's 250 ms frame timeout
    (tmp_path / "kiosk-models").mkdir()
    kiosk = FacesKiosk(registry, tmp_path / "kiosk-models", face_media.grace())
    kiosk.start()
    try:
        assert kiosk.loaded.wait(60) and kiosk.error is None, kiosk.error
        _, served = kiosk.wait_for(SERVER, time.monotonic(), 30)
        time.sleep(0.1 + 0.2 * np.random.default_rng().random())  # mid-stream, at any moment
        killed_at = time.monotonic()
        server.kill()  # kill -9
        local_at, local = kiosk.wait_for(LOCAL, killed_at, 10)
        assert local_at - killed_at < FALLBACK_LIMIT_S, f"local after {local_at - killed_at:.2f} s"
        for key, runner in kiosk.runners.items():
            assert runner.fallback_reason.startswith("server unreachable"), (key, runner.fallback_reason)
            assert not runner.using_server and runner.state.local_runtime not in ("", "remote")
        assert _cosine(served, local) > 0.99, "the fallback runs the same FaceRes here"

        server = restart_site_server(server)  # returns once it answers
        ready_at = time.monotonic()
        assert _ready(server.http_url)
        back_at, back = kiosk.wait_for(SERVER, ready_at, 30)
        assert back_at - ready_at < RETURN_LIMIT_S, f"back after {back_at - ready_at:.2f} s"
        assert _cosine(served, back) > 0.999
        print(f"faces: local {(local_at - killed_at) * 1e3:.0f} ms after the kill, "
              f"back {(back_at - ready_at) * 1e3:.0f} ms after ready")  # fmt: skip
    finally:
        kiosk.halt.set()
        kiosk.join(30)
        server.stop()
    assert kiosk.error is None, repr(kiosk.error)
    for key, runner in kiosk.runners.items():
        assert runner.fallback_reason == "" and runner.using_server, key
        ons = [s.on_server for s in kiosk.states[key]]
        assert ons[-2:] == [False, True], (key, ons)  # local at the kill, the server again after


@pytest.mark.skipif(default_speech_model() is None, reason="the default Whisper model is not installed")
def test_transcription_killed_mid_request_is_finished_locally_and_returns_to_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = default_speech_model()
    assert model is not None
    wav, reference = librivox()[0]
    sent = threading.Event()  # a request was handed to the server (a spy: it calls through)
    real_infer = remote_client.SiteClient.infer

    def infer(client: remote_client.SiteClient, *args: Any, **kwargs: Any) -> Any:
        sent.set()
        return real_infer(client, *args, **kwargs)

    monkeypatch.setattr(remote_client.SiteClient, "infer", infer)
    server: SiteServer = start_test_server(tmp_path / "site", detect="", asr="default")
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(server.grpc_url))
    settings = choose_settings(probe_hardware(), cuda_available=False)
    results: list[tuple[object, str, str, float]] = []  # (result, runtime, reason, s)
    jobs: list[str] = []
    wake = threading.Event()

    def kiosk() -> None:  # the session thread: the engine is made, used and closed here
        engine = build_speech_engine(registry, model.path, settings, lambda _item: None, "remote")
        try:
            while True:
                wake.wait()
                wake.clear()
                if jobs.pop(0) == "stop":
                    return
                start = time.monotonic()
                try:
                    result: object = engine.process(FileJob(wav, TranscribeOptions()), lambda: False)
                except BaseException as exc:  # reported by the test thread
                    result = exc
                runner = engine.runner
                assert isinstance(runner, FallbackSpeechRunner)
                used = (
                    SERVER if runner.state.on_server else runner.state.local_runtime,
                    runner.fallback_reason,
                )
                results.append((result, *used, time.monotonic() - start))
        finally:
            engine.close()

    def transcribe(limit_s: float = 120) -> tuple[Transcript, str, str, float]:
        count = len(results)
        jobs.append("file")
        wake.set()
        deadline = time.monotonic() + limit_s
        while len(results) == count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(results) > count, "the transcription did not finish"
        result, runtime, reason, seconds = results[-1]
        assert isinstance(result, Transcript), repr(result)
        assert wer(reference, result.text) <= 0.15, result.text
        return result, runtime, reason, seconds

    thread = threading.Thread(target=kiosk, name="test-speech-kiosk", daemon=True)
    thread.start()
    try:
        _, runtime, reason, served_s = transcribe()
        assert (runtime, reason) == (SERVER, "")
        kill_after = 0.2
        assert served_s > kill_after * 2, "the server's request lasts long enough to be killed in flight"

        sent.clear()
        count = len(results)
        jobs.append("file")
        wake.set()
        assert sent.wait(30)
        time.sleep(kill_after)  # the audio is on the server, the answer not yet back
        assert len(results) == count, "killed while the request was in flight"
        server.kill()  # kill -9
        while len(results) == count and thread.is_alive():
            time.sleep(0.01)
        result, runtime, reason, local_s = results[-1]
        assert isinstance(result, Transcript), repr(result)  # no exception: answered here
        assert wer(reference, result.text) <= 0.15, result.text
        assert runtime == "faster-whisper" and reason.startswith("server unreachable"), (runtime, reason)
        assert result.settings["runtime"] == "faster-whisper", result.settings

        server = restart_site_server(server)
        assert _ready(server.http_url)
        time.sleep(RETRY_DELAYS_S[0] * 4)  # the first retry pause after a failure
        _, runtime, reason, _ = transcribe()
        assert (runtime, reason) == (SERVER, ""), "the first request after the pause is the server's"
        print(f"speech: {served_s:.2f} s on the server; killed {kill_after} s into a request, "
              f"which took {local_s:.2f} s with the local finish")  # fmt: skip
    finally:
        jobs.append("stop")
        wake.set()
        thread.join(60)
        server.stop()
