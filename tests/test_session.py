"""InferenceSession with the real detection pipeline: signal order, cancel, bad models,
streaming from a mailbox, and clean shutdown."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import DetectionResult, Frame, LoadedInfo
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline
from edgestudio.workers.mailbox import FrameMailbox
from edgestudio.workers.session import InferenceSession


def make_session(registry, entry, backend="onnxruntime") -> InferenceSession:  # type: ignore[no-untyped-def]
    options = DetectionOptions(backend)
    return InferenceSession(lambda report: build_detection_pipeline(registry, entry, options, report), "test")


def file_entry(path: Path) -> ModelEntry:
    return ModelEntry(path.stem, path.name, "detection", "onnx", path, "", path.stat().st_size)


def record(session: InferenceSession) -> list[str]:
    events: list[str] = []
    session.loaded.connect(lambda _info: events.append("loaded"))
    session.result.connect(lambda _r: events.append("result"))
    session.failed.connect(lambda _e: events.append("failed"))
    session.closed.connect(lambda: events.append("closed"))
    return events


def test_load_result_close_order(qtbot, registry, default_entry, bus_jpg) -> None:
    session = make_session(registry, default_entry)
    events = record(session)
    with qtbot.waitSignal(session.loaded, timeout=60_000) as loaded:
        session.load()
    info: LoadedInfo = loaded.args[0]
    assert info.backend == "onnxruntime" and info.device == "cpu" and info.load_ms > 0
    with qtbot.waitSignal(session.result, timeout=60_000) as got:
        session.submit(cv2.imread(str(bus_jpg)))
    result: DetectionResult = got.args[0]
    assert "person" in {d.label for d in result.detections}
    with qtbot.waitSignal(session.closed, timeout=10_000):
        assert session.close()
    assert events == ["loaded", "result", "closed"]
    assert not session.is_running


def test_cancel_drops_pending_and_running_requests(qtbot, registry, default_entry, bus_jpg) -> None:
    session = make_session(registry, default_entry)
    with qtbot.waitSignal(session.loaded, timeout=60_000):
        session.load()
    results: list[DetectionResult] = []
    session.result.connect(results.append)
    image = cv2.imread(str(bus_jpg))
    for _ in range(5):
        session.submit(image)
    qtbot.wait(30)  # the first request is running on the session thread now
    session.cancel()
    delivered_at_cancel = len(results)
    qtbot.wait(1500)  # long enough for every queued request to have finished
    assert len(results) == delivered_at_cancel, "a result arrived after cancel()"
    with qtbot.waitSignal(session.result, timeout=60_000):  # the session is still usable
        session.submit(image)
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"this is not a model at all" * 100, "could not load"),
        ("truncated", "could not load"),
    ],
)
def test_corrupt_model_fails_with_a_readable_message(
    qtbot, registry, tmp_path, default_entry, content, expected
) -> None:
    path = tmp_path / "broken.onnx"
    if content == "truncated":
        data = default_entry.path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(content)
    session = make_session(registry, file_entry(path))
    events = record(session)
    with qtbot.waitSignal(session.failed, timeout=60_000) as failed:
        session.load()
    error = failed.args[0]
    assert expected in error.message.lower()
    assert "Traceback" not in error.text()
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()
    assert events == ["failed", "closed"]


def save_model(path: Path, name: str, nodes: list, inp, out, initializers: list) -> Path:  # type: ignore[no-untyped-def]
    """Save a one-input, one-output ONNX graph (opset 17) to ``path``."""
    graph = helper.make_graph(nodes, name, [inp], [out], initializers)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    return path


def classifier_model(path: Path) -> Path:
    """A valid ONNX model that is not a detector (an image in, 10 scores out)."""
    inp = helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 32, 32])
    out = helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 10])
    weights = helper.make_tensor(
        "w", TensorProto.FLOAT, [3 * 32 * 32, 10], np.zeros(3 * 32 * 32 * 10, np.float32)
    )
    shape = helper.make_tensor("shape", TensorProto.INT64, [2], [1, -1])
    nodes = [
        helper.make_node("Reshape", ["image", "shape"], ["flat"]),
        helper.make_node("MatMul", ["flat", "w"], ["scores"]),
    ]
    return save_model(path, "classifier", nodes, inp, out, [weights, shape])


@pytest.mark.parametrize("backend", ["onnxruntime", "openvino"])
def test_wrong_kind_of_model_is_refused_and_the_app_goes_on(
    qtbot, registry, tmp_path, default_entry, backend
) -> None:
    session = make_session(registry, file_entry(classifier_model(tmp_path / "classifier.onnx")), backend)
    with qtbot.waitSignal(session.failed, timeout=60_000) as failed:
        session.load()
    assert "match no detection layout" in failed.args[0].message
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()
    good = make_session(registry, default_entry, backend)  # a later session loads normally
    with qtbot.waitSignal(good.loaded, timeout=60_000):
        good.load()
    with qtbot.waitSignal(good.closed, timeout=10_000):
        good.close()


def test_stream_takes_the_newest_frame_and_stops_on_cancel(qtbot, registry, default_entry, bus_jpg) -> None:
    session = make_session(registry, default_entry)
    with qtbot.waitSignal(session.loaded, timeout=60_000):
        session.load()
    image = cv2.imread(str(bus_jpg))
    mailbox: FrameMailbox[Frame] = FrameMailbox()
    results: list[DetectionResult] = []
    session.result.connect(results.append)
    session.start_stream(mailbox)
    for index in range(40):  # far faster than inference: most frames must be dropped
        mailbox.put(Frame(image, index, time.perf_counter(), 0.0))
        qtbot.wait(5)
    qtbot.waitUntil(lambda: len(results) >= 1, timeout=30_000)
    assert mailbox.dropped > 0
    assert all(results[i].frame_index < results[i + 1].frame_index for i in range(len(results) - 1))
    session.cancel()
    count = len(results)
    for index in range(40, 45):
        mailbox.put(Frame(image, index, time.perf_counter(), 0.0))
    qtbot.wait(800)
    assert len(results) == count
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()


def test_close_while_streaming_and_before_load(qtbot, registry, default_entry, bus_jpg) -> None:
    never_loaded = make_session(registry, default_entry)
    with qtbot.waitSignal(never_loaded.closed, timeout=5_000):
        assert never_loaded.close()
    session = make_session(registry, default_entry)
    with qtbot.waitSignal(session.loaded, timeout=60_000):
        session.load()
    mailbox: FrameMailbox[Frame] = FrameMailbox()
    session.start_stream(mailbox)
    mailbox.put(Frame(cv2.imread(str(bus_jpg)), 0, time.perf_counter(), 0.0))
    with qtbot.waitSignal(session.closed, timeout=10_000):
        assert session.close(timeout_ms=10_000)
    assert not session.is_running


def dynamic_size_detector(path: Path) -> Path:
    """A YOLOv8-layout detector (2 classes) whose input size is dynamic and whose only layer
    has stride 32, as real detectors' deepest layers do: a 1x1 picture is too small for it."""
    inp = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, "height", "width"])
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 6, "anchors"])
    weights = helper.make_tensor(
        "w", TensorProto.FLOAT, [6, 3, 32, 32], np.full(6 * 3 * 32 * 32, 1e-4, np.float32)
    )
    shape = helper.make_tensor("shape", TensorProto.INT64, [3], [1, 6, -1])
    nodes = [
        helper.make_node("Conv", ["images", "w"], ["grid"], kernel_shape=[32, 32], strides=[32, 32]),
        helper.make_node("Reshape", ["grid", "shape"], ["output0"]),
    ]
    return save_model(path, "dynamic_detector", nodes, inp, out, [weights, shape])


@pytest.mark.parametrize("backend", ["onnxruntime", "openvino"])
def test_a_detector_with_a_dynamic_input_size_loads_and_runs(
    qtbot, registry, tmp_path, bus_jpg, backend
) -> None:
    """Warm-up goes through the detector's own pre-processing (a camera-sized blank frame);
    the runner's generic warm-up fills dynamic axes with 1, a 1x1 picture this model refuses."""
    session = make_session(registry, file_entry(dynamic_size_detector(tmp_path / "dynamic.onnx")), backend)
    with qtbot.waitSignal(session.loaded, timeout=60_000):
        session.load()
    with qtbot.waitSignal(session.result, timeout=30_000) as result:
        session.submit(cv2.imread(str(bus_jpg)))
    assert result.args[0].width > 0 and result.args[0].times.infer_ms > 0
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()
