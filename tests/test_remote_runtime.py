"""The kiosk's ``remote`` runtime against a real site server (issue 17, points 4 and 5):
``tritonserver`` 2.51 from nvidia-pytriton on 127.0.0.1 (tests/site_server_fixtures.py), Triton's
own clients over HTTP and gRPC, the default detector on a real photo; bad input (unreachable,
wrong address, wrong or missing token, a model the server lacks, a web page on the port)."""

# ruff: noqa: F811 (the site server fixtures are imported, then named as arguments)
from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import RemoteJpegRunner, RemoteTensorRunner, configure
from edgestudio.backends.remote_client import ServerAddress, SiteServerError, parse_url
from edgestudio.backends.remote_fallback import FallbackRunner
from edgestudio.backends.remote_probe import probe_site_server
from edgestudio.core import site_protocol as sp
from edgestudio.core.model_store import ModelEntry
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.detection.pipeline import DetectionOptions, DetectionPipeline, build_detection_pipeline
from tests import media
from tests.site_server_fixtures import DETECTOR, TOKEN, site_server, site_server_with_token  # noqa: F401


@pytest.fixture(scope="module")
def bus() -> np.ndarray:
    image = cv2.imread(str(media.ultralytics_asset("bus.jpg")))
    assert image is not None
    return image


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def remote_pipeline(
    url: str, entry: ModelEntry, token: str = ""
) -> tuple[BackendRegistry, DetectionPipeline]:
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(url, token))
    return registry, build_detection_pipeline(registry, entry, DetectionOptions(backend="remote", draw=False))


def test_urls_choose_the_protocol_and_bad_ones_are_explained() -> None:
    assert parse_url("http://10.0.0.5") == ("http", "10.0.0.5:8000", False)
    assert parse_url("https://server.site:9000") == ("http", "server.site:9000", True)
    assert parse_url("grpc://10.0.0.5") == ("grpc", "10.0.0.5:8001", False)
    assert parse_url("grpcs://[::1]:8001") == ("grpc", "[::1]:8001", True)
    for bad in ("10.0.0.5:8000", "ftp://server", "http://", "http://server:8000/v2/models", "http://s:99999"):
        with pytest.raises(SiteServerError) as caught:
            parse_url(bad)
        assert caught.value.kind == "bad-url", bad
        assert "site server address" in caught.value.message or "port" in caught.value.message


@pytest.mark.parametrize("protocol", ["http", "grpc"])
def test_probe_lists_version_models_devices_and_round_trip(site_server: SiteServer, protocol: str) -> None:
    url = site_server.http_url if protocol == "http" else site_server.grpc_url
    info = probe_site_server(ServerAddress(url), model=sp.triton_model_name(DETECTOR))
    assert info.protocol == protocol and info.version.startswith("triton 2.51")
    tensors = info.model(sp.triton_model_name(DETECTOR))
    jpeg = info.model(sp.pipeline_model_name(DETECTOR))
    assert tensors is not None and tensors.ready and tensors.task == "detection" and tensors.form == "tensors"
    assert jpeg is not None and jpeg.ready and jpeg.form == "jpeg"
    assert len(tensors.sha256) == 64 and tensors.runtime and tensors.device
    assert info.devices and info.devices[0] == "CPU"
    assert 0 < info.rtt_ms < 1000
    assert info.tasks() == ("detection",)


def test_the_remote_runtime_describes_itself_like_every_runtime(site_server: SiteServer) -> None:
    registry = BackendRegistry(plugins=False)
    status = registry.probe("remote")
    assert not status.available and status.reason == "no site server configured"
    configure(registry, ServerAddress(site_server.grpc_url))
    status = registry.probe("remote")
    assert status.available and status.version.startswith("triton")
    assert [d.id for d in status.devices] == ["server:CPU"]
    assert "detection" in status.tasks and "speech" in status.tasks
    profile = registry.hardware()
    rank = registry.rank(status, "detection", profile)
    assert rank.score == 10 and "network" in rank.reason
    assert not registry.rank(status, "face-detection", profile).ranked  # the server has no faces
    # never chosen over a local runtime unless asked for
    assert registry.choose("detection", "onnx").backend.id != "remote"
    assert registry.choose("detection", "onnx", "remote").backend.id == "remote"


@pytest.mark.parametrize("protocol", ["http", "grpc"])
def test_detections_through_the_server_equal_the_local_ones(
    site_server: SiteServer,
    entry: ModelEntry,
    bus: np.ndarray,
    protocol: str,
) -> None:
    url = site_server.http_url if protocol == "http" else site_server.grpc_url
    registry, remote = remote_pipeline(url, entry)
    local = build_detection_pipeline(registry, entry, DetectionOptions(backend="onnxruntime", draw=False))
    try:
        runner = remote.detector.runner
        assert isinstance(runner, FallbackRunner) and runner.using_server and runner.fallback_reason == ""
        got, want = remote.process(bus).detections, local.process(bus).detections
        assert len(want) >= 4 and [d.label for d in got] == [d.label for d in want]
        for a, b in zip(got, want, strict=True):
            assert np.allclose(a.box, b.box, atol=1.0) and abs(a.score - b.score) < 2e-3
        assert runner.served["server"] >= 2 and runner.served["local"] == 0  # warm-up and the photo
    finally:
        remote.close()
        local.close()


def test_the_jpeg_form_sends_a_frame_and_gets_detections(
    site_server: SiteServer,
    entry: ModelEntry,
    bus: np.ndarray,
) -> None:
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(site_server.http_url, form="jpeg"))
    runner = registry.get("remote").load(entry.path)
    local = build_detection_pipeline(registry, entry, DetectionOptions(backend="onnxruntime", draw=False))
    try:
        assert isinstance(runner, RemoteJpegRunner)
        found = runner.detect(bus)
        want = local.process(bus).detections
        assert {label for *_, label in found} >= {"person", "bus"}
        assert len(found) >= len([d for d in want if d.score >= 0.45])
        assert runner.bytes_sent < bus.nbytes / 8
    finally:
        runner.close()
        local.close()


# --- bad input -----------------------------------------------------------------------------


def test_an_unreachable_server_is_said(entry: ModelEntry) -> None:
    for url in (f"http://127.0.0.1:{free_port()}", f"grpc://127.0.0.1:{free_port()}"):
        with pytest.raises(SiteServerError) as caught:
            probe_site_server(ServerAddress(url), timeout_s=1.0)
        assert caught.value.kind == "unreachable", caught.value.message
        assert "cannot be reached" in caught.value.message and url in caught.value.message
    # without a local fallback (fallback=False) loading says so; with it, the local model runs
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(f"grpc://127.0.0.1:{free_port()}"))
    with pytest.raises(SiteServerError):
        registry.get("remote").load(entry.path, fallback=False)
    # still loadable (its runner starts on the local model); the device says why not now
    status = registry.probe("remote")
    assert status.available and "cannot be reached" in status.reason
    assert not status.available_devices() and "cannot be reached" in status.devices[0].reason
    assert not registry.rank(status, "detection", registry.hardware()).ranked


def test_the_wrong_protocol_for_a_port_is_said(site_server: SiteServer) -> None:
    grpc_port = site_server.grpc_url.rsplit(":", 1)[1]
    with pytest.raises(SiteServerError) as caught:
        probe_site_server(ServerAddress(f"http://127.0.0.1:{grpc_port}"), timeout_s=1.0)
    assert caught.value.kind == "not-an-inference-server", caught.value.message
    assert "does not speak HTTP/1 (a gRPC port?)" in caught.value.message


@pytest.mark.parametrize("protocol", ["http", "grpc"])
def test_a_wrong_or_missing_token_is_said(site_server_with_token: SiteServer, protocol: str) -> None:
    server = site_server_with_token
    url = server.http_url if protocol == "http" else server.grpc_url
    with pytest.raises(SiteServerError) as wrong:
        probe_site_server(ServerAddress(url, "not-the-token"))
    assert wrong.value.kind == "token" and "refused the access token" in wrong.value.message
    with pytest.raises(SiteServerError) as missing:
        probe_site_server(ServerAddress(url))
    assert missing.value.kind == "token" and "asks for an access token" in missing.value.message
    info = probe_site_server(ServerAddress(url, TOKEN))
    assert info.model(sp.triton_model_name(DETECTOR)) is not None


def test_the_right_token_runs_the_model(
    site_server_with_token: SiteServer, entry: ModelEntry, bus: np.ndarray
) -> None:
    _, pipeline = remote_pipeline(site_server_with_token.grpc_url, entry, TOKEN)
    try:
        assert pipeline.process(bus).detections
        runner = pipeline.detector.runner
        assert isinstance(runner, FallbackRunner) and runner.using_server
    finally:
        pipeline.close()


def test_a_model_the_server_lacks_is_said(site_server: SiteServer, entry: ModelEntry, tmp_path: Path) -> None:
    with pytest.raises(SiteServerError) as caught:
        probe_site_server(ServerAddress(site_server.http_url), model="yolo11n")
    assert (
        caught.value.kind == "missing-model" and "does not have the model 'yolo11n'" in caught.value.message
    )
    assert DETECTOR in caught.value.message  # what it serves instead
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(site_server.grpc_url))
    remote = registry.get("remote")
    with pytest.raises(SiteServerError) as named:
        remote.load(entry.path, model="yolo11n", fallback=False)
    assert named.value.kind == "missing-model"
    # another model file (a changed copy): the server has no model with its digest
    import onnx

    model = onnx.load(str(entry.path))
    model.producer_name += " (retrained)"  # another file of the same graph: another sha256
    other = tmp_path / "other.onnx"
    onnx.save(model, str(other))
    with pytest.raises(SiteServerError) as by_digest:
        remote.load(other, fallback=False)
    assert (
        by_digest.value.kind == "missing-model" and "no copy of this kiosk's model" in by_digest.value.message
    )
    with pytest.raises(SiteServerError) as mismatch:
        remote.load(other, model=sp.triton_model_name(DETECTOR), fallback=False)
    assert mismatch.value.kind == "model-mismatch" and "not this kiosk's model" in mismatch.value.message


class _WebPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!DOCTYPE html><html><body><h1>Router login</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def web_page() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WebPage)
    thread = threading.Thread(target=server.serve_forever, name="test-web-page", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_web_page_on_the_port_is_said(web_page: str, entry: ModelEntry) -> None:
    with pytest.raises(SiteServerError) as caught:
        probe_site_server(ServerAddress(web_page), timeout_s=1.0)
    assert caught.value.kind == "not-an-inference-server"
    assert "answers with a web page, not as an inference server" in caught.value.message
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(web_page))
    status = registry.probe("remote")
    assert not status.available_devices() and "web page" in status.reason
    with pytest.raises(SiteServerError) as loading:  # no local fallback asked for: says why
        registry.get("remote").load(entry.path, fallback=False)
    assert loading.value.kind == "not-an-inference-server"


def test_tensor_runner_speaks_like_a_local_runner(site_server: SiteServer, entry: ModelEntry) -> None:
    registry = BackendRegistry(plugins=False)
    configure(registry, ServerAddress(site_server.http_url))
    runner = registry.get("remote").load(entry.path, fallback=False)
    try:
        assert isinstance(runner, RemoteTensorRunner)
        names = [t.name for t in runner.metadata.inputs]
        assert names == ["tower_0/images:0"] and runner.metadata.inputs[0].shape == (None, 512, 512, 3)
        outputs = runner.run({names[0]: np.zeros((1, 512, 512, 3), np.float32)})
        assert outputs["tower_0/detections"].shape == (1, 100, 6)
    finally:
        runner.close()


def test_transcribe_on_the_site_server_and_without_it(tmp_path: Path) -> None:
    """``transcribe --server URL --json``: Whisper on the server (runtime "remote"); a server
    that is gone: the local faster-whisper model, with the reason."""
    import json
    import os
    import subprocess
    import sys

    from tests import speech_media
    from tests.site_server_fixtures import start_test_server

    audio = str(speech_media.librivox()[0][0])
    env = {**os.environ, "EDGESTUDIO_HOME": str(tmp_path / "home")}
    env.pop("CREDENTIALS_DIRECTORY", None)

    def transcribe(url: str) -> dict[str, object]:
        ran = subprocess.run(
            [sys.executable, "-m", "edgestudio", "transcribe", audio, "--server", url, "--json"],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr[-2000:]
        return dict(json.loads(ran.stdout))

    server = start_test_server(tmp_path / "site", detect="", asr="default")
    try:
        served = transcribe(server.grpc_url)
    finally:
        server.stop()
    local = transcribe(f"grpc://127.0.0.1:{free_port()}")
    assert served["runtime"] == "remote" and served["fallback_reason"] == "", served
    assert local["runtime"] == "faster-whisper" and str(local["fallback_reason"]).startswith(
        "server unreachable"
    )
    for document in (served, local):
        text = " ".join(str(s["text"]) for s in document["segments"]).lower()  # type: ignore[attr-defined]
        assert "dashwood" in text and "leisure" in text, text


def test_faces_identify_on_the_site_server_and_without_it(tmp_path: Path) -> None:
    """``faces identify --server URL --json``: CenterFace and FaceRes on the server (runtime
    "remote"), the same person found; a server that is gone: the local models, with the reason."""
    import json
    import os
    import subprocess
    import sys

    from tests import face_media
    from tests.site_server_fixtures import start_test_server

    photo = tmp_path / "grace.png"
    cv2.imwrite(str(photo), face_media.grace())
    env = {
        **os.environ,
        "EDGESTUDIO_HOME": str(tmp_path / "home"),
        "EDGESTUDIO_FACES_PIN": "amber-falcon-2468",
    }
    env.pop("CREDENTIALS_DIRECTORY", None)

    def faces(*argv: str) -> dict[str, object]:
        ran = subprocess.run(
            [sys.executable, "-m", "edgestudio", "faces", *argv, "--embedder", "faceres"],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr[-2000:]
        return dict(json.loads(ran.stdout)) if ran.stdout.lstrip().startswith("{") else {}

    faces("enroll", "Grace", str(photo))
    server = start_test_server(tmp_path / "site", detect="", faces=True)
    try:
        served = faces("identify", str(photo), "--server", server.grpc_url, "--json")
    finally:
        server.stop()
    local = faces("identify", str(photo), "--server", f"grpc://127.0.0.1:{free_port()}", "--json")
    assert served["runtime"] == "remote" and served["embedder_runtime"] == "remote", served
    assert served["fallback_reason"] == ""
    assert local["runtime"] not in ("", "remote") and str(local["fallback_reason"]).startswith(
        "server unreachable"
    )
    for document in (served, local):
        assert [f["name"] for f in document["faces"]] == ["Grace"], document  # type: ignore[attr-defined]
