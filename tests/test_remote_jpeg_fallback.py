"""The site server's JPEG form (JPEG in, detections out) with a local fallback (issue 17):
against the real ``tritonserver``, killed (kill -9) mid-stream and restarted on the same ports,
the same frame is detected on this device within 1 s with the reason said, nothing raises, and
the kiosk is back on the server within 5 s of it being ready. The server is started, killed
and restarted on the test's main thread; the kiosk's detector lives on its own thread."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from pathlib import Path

import cv2
import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import RemoteJpegRunner, configure
from edgestudio.backends.remote_client import ServerAddress, SiteServerError
from edgestudio.backends.remote_fallback import FallbackRunner
from edgestudio.core import site_protocol as sp
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.site_status import FallbackState
from edgestudio.core.types import Detection
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline
from edgestudio.tasks.detection.site_jpeg import JpegSiteDetector, build_jpeg_site_detector
from tests import media
from tests.site_server_fixtures import DETECTOR, restart_site_server, start_test_server

FALLBACK_LIMIT_S = 1.0
RETURN_LIMIT_S = 5.0
SERVER, LOCAL = "server", "local"
CONFIDENCE = DetectionOptions(backend="").confidence  # the pipeline's and the server's (0.4)


def _jpeg_ready(http_url: str) -> bool:
    name = sp.pipeline_model_name(DETECTOR)
    try:
        with urllib.request.urlopen(f"{http_url}/v2/models/{name}/ready", timeout=0.5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


class JpegKiosk(threading.Thread):
    """Builds the JPEG-form detector with its local fallback and detects frames until halted,
    noting which side answered each one and what it found."""

    def __init__(self, registry: BackendRegistry, entry: ModelEntry, image: np.ndarray) -> None:
        super().__init__(name="test-jpeg-kiosk", daemon=True)
        self.registry, self.entry, self.image = registry, entry, image
        self.frames: list[tuple[float, str, list[Detection]]] = []
        self.states: list[FallbackState] = []
        self.detector: JpegSiteDetector | None = None
        self.error: BaseException | None = None
        self.loaded = threading.Event()
        self.halt = threading.Event()

    def run(self) -> None:
        try:
            detector = build_jpeg_site_detector(
                self.registry, self.entry, DetectionOptions(backend=""), on_change=self.states.append
            )
        except BaseException as exc:
            self.error = exc
            self.loaded.set()
            return
        try:
            self.detector = detector
            runner = detector.runner
            assert isinstance(runner, FallbackRunner)
            self.loaded.set()
            while not self.halt.is_set():
                before = runner.served[SERVER]
                found, _ = detector.detect(self.image, CONFIDENCE)
                side = SERVER if runner.served[SERVER] > before else LOCAL
                self.frames.append((time.monotonic(), side, found))
        except BaseException as exc:  # the test thread reports it
            self.error = exc
        finally:
            detector.close()

    def wait_for(self, side: str, after: float, limit_s: float) -> tuple[float, list[Detection]]:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.error is not None:
                raise AssertionError(f"the kiosk failed: {self.error!r}") from self.error
            found = next((f for f in list(self.frames) if f[0] > after and f[1] == side), None)
            if found is not None:
                return found[0], found[2]
            time.sleep(0.005)
        raise AssertionError(f"no frame on the {side} side within {limit_s} s")


def _same(found: list[Detection], want: tuple[Detection, ...] | list[Detection]) -> bool:
    """The same detections (boxes and scores as float32 carries them)."""
    return len(found) == len(want) and all(
        a.label == b.label and a.class_id == b.class_id and abs(a.score - b.score) < 1e-5
        and np.allclose(a.box, b.box, atol=1e-3)
        for a, b in zip(found, want, strict=True)
    )  # fmt: skip


def _labels(found: tuple[Detection, ...] | list[Detection]) -> set[str]:
    return {d.label for d in found}  # above the pipeline's confidence (0.4)


def test_the_jpeg_form_detects_the_same_frame_locally_when_the_server_is_killed_and_returns(
    tmp_path: Path, entry: ModelEntry, frame: np.ndarray
) -> None:
    server: SiteServer = start_test_server(tmp_path / "site")
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(server.grpc_url))
    here = build_detection_pipeline(registry, entry, DetectionOptions(backend="", draw=False))
    try:
        want = here.process(frame).detections  # the same model on this device, directly
    finally:
        here.close()
    kiosk = JpegKiosk(registry, entry, frame)
    kiosk.start()
    try:
        assert kiosk.loaded.wait(60) and kiosk.error is None, kiosk.error
        _, served = kiosk.wait_for(SERVER, time.monotonic(), 30)
        assert _labels(served) >= {"person", "bus"} and _labels(served) == _labels(want)
        time.sleep(0.1 + 0.2 * np.random.default_rng().random())  # mid-stream, at any moment
        killed_at = time.monotonic()
        server.kill()  # kill -9
        local_at, local = kiosk.wait_for(LOCAL, killed_at, 10)
        assert local_at - killed_at < FALLBACK_LIMIT_S, f"local after {local_at - killed_at:.2f} s"
        assert _same(local, want), "the same frame, detected here as the local pipeline detects it"
        assert kiosk.detector is not None
        runner = kiosk.detector.runner
        assert isinstance(runner, FallbackRunner)
        assert runner.fallback_reason.startswith("server unreachable"), runner.fallback_reason
        assert runner.state.local_runtime not in ("", "remote")

        server = restart_site_server(server)  # returns once it answers
        ready_at = time.monotonic()
        assert _jpeg_ready(server.http_url)
        back_at, back = kiosk.wait_for(SERVER, ready_at, 30)
        assert back_at - ready_at < RETURN_LIMIT_S, f"back after {back_at - ready_at:.2f} s"
        assert _labels(back) == _labels(served) and runner.fallback_reason == ""
        print(f"jpeg: local {(local_at - killed_at) * 1e3:.0f} ms after the kill, "
              f"back {(back_at - ready_at) * 1e3:.0f} ms after ready")  # fmt: skip
        # the Detect pipeline on the JPEG form: the server's detections, as this device finds them
        jpeg_only = BackendRegistry(plugins=False)
        configure(jpeg_only, ServerAddress(server.grpc_url, form="jpeg"))
        thin = build_detection_pipeline(jpeg_only, entry, DetectionOptions(backend="remote", draw=False))
        try:
            assert isinstance(thin.detector, JpegSiteDetector)
            result = thin.process(frame)
            assert _labels(result.detections) == _labels(want)
            assert thin.detector.runner.fallback_reason == ""
            assert 0 < thin.detector.bytes_sent < frame.nbytes / 8
        finally:
            thin.close()
    finally:
        kiosk.halt.set()
        kiosk.join(30)
        server.stop()
    assert kiosk.error is None, repr(kiosk.error)
    assert [s.on_server for s in kiosk.states][-2:] == [False, True]
    assert kiosk.states[-2].reason.startswith("server unreachable")


def test_without_a_local_fallback_the_jpeg_form_stays_the_bare_runner(entry: ModelEntry) -> None:
    """``load(form="jpeg")`` without ``jpeg_local`` keeps its old shape: no server, no runner."""
    registry = BackendRegistry(plugins=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    configure(registry, ServerAddress(f"grpc://127.0.0.1:{port}", form="jpeg"))
    with pytest.raises(SiteServerError) as refused:
        registry.get("remote").load(entry.path)
    assert refused.value.kind == "unreachable"
    # with the task's local runner, the same address loads and runs locally
    detector = build_jpeg_site_detector(registry, entry, DetectionOptions(backend="remote"))
    try:
        assert not isinstance(detector.runner, RemoteJpegRunner)
        assert isinstance(detector.runner, FallbackRunner) and not detector.runner.using_server
        image = cv2.imread(str(media.ultralytics_asset("bus.jpg")))
        assert image is not None
        assert _labels(detector.detect(image, CONFIDENCE)[0]) >= {"person", "bus"}
        assert detector.runner.fallback_reason.startswith("server unreachable")
    finally:
        detector.close()
