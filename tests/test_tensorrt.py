"""TensorRT: where it is not installed it is listed unavailable with the reason and how to
get it; a stale engine is recognised from its sidecar. Building and running an engine needs
an NVIDIA GPU: those tests are marked ``gpu`` and skip elsewhere."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.sidecar import ArtifactSidecar, TensorMapping
from edgestudio.backends.tensorrt_backend import stale_reason
from edgestudio.core.paths import resources_dir

HAS_TENSORRT = importlib.util.find_spec("tensorrt") is not None


def _sidecar(version: str = "10.9.0", gpu: str = "NVIDIA H200", cc: str = "9.0") -> ArtifactSidecar:
    return ArtifactSidecar(
        format="tensorrt-plan",
        precision="fp16",
        inputs=(TensorMapping("images", "images", (1, 3, 640, 640)),),
        outputs=(),
        source_sha256="0" * 64,
        tool="tensorrt",
        tool_version=version,
        extra={"gpu": gpu, "compute_capability": cc},
    )


@pytest.mark.skipif(HAS_TENSORRT, reason="TensorRT is installed here")
def test_unavailable_with_the_reason_and_the_install_hint() -> None:
    status = BackendRegistry().probe("tensorrt")
    assert not status.available
    assert "TensorRT is not installed" in status.reason and "NVIDIA" in status.reason
    assert "edgestudio[tensorrt]" in status.install_hint
    assert status.formats == ("tensorrt-plan",)


def test_engine_built_elsewhere_is_stale_with_the_reason() -> None:
    here = {"gpu": "NVIDIA H200", "compute_capability": "9.0"}
    assert stale_reason(_sidecar(), "10.9.0", here) == ""
    assert "TensorRT 10.9.0" in stale_reason(_sidecar(), "11.0.0", here)
    assert "GPU" in stale_reason(_sidecar(gpu="Orin"), "10.9.0", here)
    assert "compute capability" in stale_reason(_sidecar(cc="8.7"), "10.9.0", here)


@pytest.mark.gpu
@pytest.mark.skipif(not HAS_TENSORRT, reason="needs TensorRT and an NVIDIA GPU")
def test_engine_from_the_default_detector_matches_onnx_runtime(tmp_path: Path) -> None:
    import onnxruntime as ort

    from edgestudio.backends.tensorrt_backend import TensorRtBackend, build_engine

    source = resources_dir() / "models" / "centernet.onnx"
    plan = tmp_path / "centernet.plan"
    sidecar = build_engine(source, plan, precision="fp32", timing_cache=tmp_path / "timing.cache")
    assert sidecar.extra["gpu"] and sidecar.extra["compute_capability"]
    assert (tmp_path / "timing.cache").stat().st_size > 0
    runner = TensorRtBackend().load(plan)
    try:
        image = np.random.default_rng(0).random((1, 512, 512, 3), dtype=np.float32) * 255
        got = runner.run({"tower_0/images:0": image})
        session = ort.InferenceSession(str(source), providers=["CPUExecutionProvider"])
        want = session.run(["tower_0/keypoints"], {"tower_0/images:0": image})[0]
        assert np.abs(got["tower_0/keypoints"] - want).max() < 1e-2
    finally:
        runner.close()


@pytest.mark.gpu
@pytest.mark.skipif(not HAS_TENSORRT, reason="needs TensorRT and an NVIDIA GPU")
def test_stale_engine_is_rebuilt_from_its_source(tmp_path: Path) -> None:
    import json

    from edgestudio.backends.tensorrt_backend import TensorRtBackend, build_engine, plan_sidecar_path

    source = resources_dir() / "models" / "centernet.onnx"
    plan = tmp_path / "centernet.plan"
    build_engine(source, plan, precision="fp16")
    card = json.loads(plan_sidecar_path(plan).read_text())
    card["tool_version"] = "9.0.0"
    plan_sidecar_path(plan).write_text(json.dumps(card))
    runner = TensorRtBackend().load(plan)
    runner.close()
    assert json.loads(plan_sidecar_path(plan).read_text())["tool_version"] != "9.0.0"
