"""The site server (issue 17): the real ``tritonserver`` 2.51 with EdgeStudio's models in its
Python backend, on 127.0.0.1, asked with the real ``tritonclient``. One server per module."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import cv2
import numpy as np
import pytest
import tritonclient.grpc as grpcclient
from tritonclient.utils import InferenceServerException

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core import site_protocol as sp
from edgestudio.core.model_store import ModelStore
from edgestudio.core.paths import resources_dir
from edgestudio.serve.site_server import SiteServer
from edgestudio.serve.triton_repository import parse_model_config
from edgestudio.tasks.detection.detector import Detector
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline
from tests.site_server_fixtures import DETECTOR, TOKEN, site_server, site_server_with_token

__all__ = ["site_server", "site_server_with_token"]  # fixtures used below


def grpc_client(server: SiteServer) -> grpcclient.InferenceServerClient:
    return grpcclient.InferenceServerClient(server.grpc_url.removeprefix("grpc://"))


def local_pipeline(server: SiteServer):  # type: ignore[no-untyped-def]
    """The detector on the same runtime and device the server chose, in this process."""
    served = next(m for m in server.models if m.form == "tensors" and m.model_id == DETECTOR)
    store = ModelStore(Path("/nonexistent-user-dir"), resources_dir() / "models")
    options = DetectionOptions(backend=served.runtime.runtime, device=served.runtime.device, draw=False)
    return build_detection_pipeline(BackendRegistry(), store.get(DETECTOR), options)


def as_rows(detections) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([[*d.box, d.score, d.class_id] for d in detections], np.float64).reshape(-1, 6)


def jpeg_infer(client: grpcclient.InferenceServerClient, data: bytes, **kwargs):  # type: ignore[no-untyped-def]
    image = np.frombuffer(data, np.uint8)[None]
    tensor = grpcclient.InferInput(sp.PIPELINE_INPUT, list(image.shape), "UINT8")
    tensor.set_data_from_numpy(image)
    return client.infer(sp.pipeline_model_name(DETECTOR), [tensor], **kwargs)


def test_a_detection_over_both_forms_equals_the_local_pipeline(
    site_server: SiteServer, bus_jpg: Path
) -> None:
    pipeline = local_pipeline(site_server)
    try:
        image = cv2.imread(str(bus_jpg))
        local = as_rows(pipeline.process(image).detections)
        assert len(local) >= 3, "bus.jpg has people and a bus in it"
        client = grpc_client(site_server)

        # raw tensors: the kiosk letterboxes and decodes with tasks/ exactly as locally
        detector: Detector = pipeline.detector
        feeds, transform = detector.prepare(image)
        inputs = []
        for name, array in feeds.items():
            tensor = grpcclient.InferInput(name, list(array.shape), "FP32")
            tensor.set_data_from_numpy(array)
            inputs.append(tensor)
        result = client.infer(sp.triton_model_name(DETECTOR), inputs)
        outputs = {o.name: result.as_numpy(o.name) for o in detector.runner.metadata.outputs}
        remote_tensors = as_rows(detector.decode(outputs, transform, pipeline.confidence, pipeline.iou))
        np.testing.assert_allclose(remote_tensors, local, rtol=0, atol=1e-3)

        # JPEG in, detections out: the same detections, decoded on the server
        answer = jpeg_infer(client, bus_jpg.read_bytes())
        boxes, scores = answer.as_numpy("BOXES")[0], answer.as_numpy("SCORES")[0]
        classes = answer.as_numpy("CLASSES")[0]
        remote_jpeg = np.column_stack([boxes, scores, classes]).astype(np.float64)
        np.testing.assert_allclose(remote_jpeg, local, rtol=0, atol=1e-3)
    finally:
        pipeline.close()


def test_every_served_config_parses_into_tritons_model_config(site_server: SiteServer) -> None:
    for served in site_server.models:
        text = (site_server.repository / served.name / "config.pbtxt").read_text()
        config = parse_model_config(text)
        assert config.backend == "python" and config.max_batch_size >= 1
        assert config.HasField("dynamic_batching") and config.instance_group[0].count >= 1
        params = {k: v.string_value for k, v in config.parameters.items()}
        assert params[sp.PARAM_MODEL_ID] == DETECTOR and params[sp.PARAM_TASK] == "detection"
        assert json.loads(params[sp.PARAM_RUNTIME])["runtime"] == served.runtime.runtime
        assert len(json.loads(params[sp.PARAM_LABELS])) == 80
        assert json.loads(params[sp.PARAM_INPUT_SIZE]) == [512, 512]
    forms = {m.form for m in site_server.models}
    assert forms == {"tensors", "jpeg"}
    # what a kiosk reads back over the wire is the same config
    config = grpc_client(site_server).get_model_config(sp.pipeline_model_name(DETECTOR), as_json=True)
    assert config["config"]["parameters"][sp.PARAM_FORM]["string_value"] == "jpeg"


def metrics(server: SiteServer, model: str) -> tuple[float, float]:
    """Triton's counters for ``model``: (inference items, model executions)."""
    with urllib.request.urlopen(server.metrics_url, timeout=5) as response:
        text = response.read().decode()

    def counter(name: str) -> float:
        pattern = rf'^{name}{{[^}}]*model="{re.escape(model)}"[^}}]*}} (\S+)$'
        return sum(float(m.group(1)) for m in re.finditer(pattern, text, re.MULTILINE))

    return counter("nv_inference_count"), counter("nv_inference_exec_count")


def test_the_dynamic_batcher_forms_batches_under_concurrent_requests(
    site_server: SiteServer, bus_jpg: Path
) -> None:
    model = sp.pipeline_model_name(DETECTOR)
    data = bus_jpg.read_bytes()
    items0, runs0 = metrics(site_server, model)
    errors: list[BaseException] = []

    def send() -> None:
        client = grpc_client(site_server)
        try:
            for _ in range(4):
                jpeg_infer(client, data)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors and not any(t.is_alive() for t in threads)
    deadline = time.monotonic() + 10  # Triton refreshes its metrics now and then, not per request
    items, runs = metrics(site_server, model)
    while items - items0 < 32 and time.monotonic() < deadline:
        time.sleep(0.25)
        items, runs = metrics(site_server, model)
    assert items - items0 == 32
    assert (items - items0) / (runs - runs0) > 1.5, "8 clients at once: Triton batched their requests"


def test_a_wrong_token_is_refused_with_a_clear_message(
    site_server_with_token: SiteServer, bus_jpg: Path
) -> None:
    server = site_server_with_token
    config_url = f"{server.http_url}/v2/models/{sp.triton_model_name(DETECTOR)}/config"
    for headers in ({}, {sp.TOKEN_HEADER: "not-the-token"}):
        with pytest.raises(urllib.error.HTTPError) as http_refused:
            urllib.request.urlopen(urllib.request.Request(config_url, headers=headers), timeout=5)
        assert http_refused.value.code == 403
        assert f"expecting header '{sp.TOKEN_HEADER}'" in http_refused.value.read().decode()
    good = urllib.request.Request(config_url, headers={sp.TOKEN_HEADER: TOKEN})
    with urllib.request.urlopen(good, timeout=5) as response:
        assert json.loads(response.read())["name"] == sp.triton_model_name(DETECTOR)
    client = grpc_client(server)
    assert client.is_server_ready(), "health stays open for load balancers"
    with pytest.raises(InferenceServerException) as refused:
        jpeg_infer(client, bus_jpg.read_bytes(), headers={sp.GRPC_TOKEN_HEADER: "not-the-token"})
    assert f"expecting header '{sp.GRPC_TOKEN_HEADER}'" in str(refused.value)
    with pytest.raises(InferenceServerException):
        jpeg_infer(client, bus_jpg.read_bytes())  # no token at all
    answer = jpeg_infer(client, bus_jpg.read_bytes(), headers={sp.GRPC_TOKEN_HEADER: TOKEN})
    assert answer.as_numpy("SCORES").shape[1] >= 3


def test_bad_input_gets_an_error_answer_and_the_server_keeps_serving(
    site_server: SiteServer, bus_jpg: Path
) -> None:
    client = grpc_client(site_server)
    with pytest.raises(InferenceServerException, match="could not be decoded"):
        jpeg_infer(client, b"this is not a picture")
    with pytest.raises(InferenceServerException, match=r"unknown model|not found"):
        client.infer("no-such-model", [])
    assert jpeg_infer(client, bus_jpg.read_bytes()).as_numpy("SCORES").shape[1] >= 3
