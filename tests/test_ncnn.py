"""ncnn: the default detector converted with pnnx (FP32 and FP16) finds the same objects as
on ONNX Runtime in real photos; the sidecar maps names back; the backend is quiet without a
Vulkan driver; ``models convert`` stores the result and prints its id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from edgestudio.backends.ncnn_backend import NcnnBackend, vulkan_driver_present
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.sidecar import read_sidecar, sidecar_path
from edgestudio.core.errors import ConversionError, InferenceError, ModelFormatError
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.paths import resources_dir
from edgestudio.optimize.convert import convert_entry
from edgestudio.optimize.ncnn_convert import convert_onnx_to_ncnn
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline
from edgestudio.tasks.faces.recognize import _iou
from tests import media

pytest.importorskip("ncnn")


@pytest.fixture(scope="module")
def source() -> ModelEntry:
    return ModelStore(Path("/nonexistent-user-dir"), resources_dir() / "models").get("centernet-coco")


@pytest.fixture(scope="module")
def converted(source: ModelEntry, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModelEntry]:
    """The default detector as ncnn FP32 and FP16, as entries like the store makes."""
    out = tmp_path_factory.mktemp("ncnn")
    entries = {}
    for precision in ("fp32", "fp16"):
        model = convert_entry(source, "ncnn", out, precision)
        entries[precision] = ModelEntry(
            id=f"ncnn-{precision}",
            name=model.name,
            task="detection",
            format="ncnn",
            path=model.artifact.path,
            sha256="",
            size=model.artifact.size,
            precision=precision,
            hints=model.hints,
            files=model.artifact.files,
        )
    return entries


def _detections(entry: ModelEntry, backend: str) -> list[list[tuple[str, tuple[float, ...]]]]:
    pipeline = build_detection_pipeline(BackendRegistry(), entry, DetectionOptions(backend, threads=1))
    try:
        return [
            [(d.label, d.box) for d in pipeline.process(photo).detections] for photo in media.street_photos()
        ]
    finally:
        pipeline.close()


@pytest.mark.parametrize("precision", ["fp32", "fp16"])
def test_converted_detector_finds_the_same_objects_as_onnx_runtime(
    source: ModelEntry, converted: dict[str, ModelEntry], precision: str
) -> None:
    expected = _detections(source, "onnxruntime")
    got = _detections(converted[precision], "ncnn")
    assert sum(len(p) for p in expected) >= 4  # persons and a bus on bus.jpg, the astronaut
    for want, have in zip(expected, got, strict=True):
        assert sorted(label for label, _ in want) == sorted(label for label, _ in have)
        for label, box in want:
            best = max(_iou(box, other) for lab, other in have if lab == label)
            assert best > 0.9, (label, box)


def test_sidecar_records_names_layout_precision_hash_and_tool(
    source: ModelEntry, converted: dict[str, ModelEntry]
) -> None:
    sidecar = read_sidecar(sidecar_path(converted["fp16"].path))
    assert sidecar.format == "ncnn" and sidecar.precision == "fp16"
    assert [(t.name, t.runtime_name, t.shape) for t in sidecar.inputs] == [
        ("tower_0/images:0", "in0", (1, 512, 512, 3))
    ]
    assert [t.name for t in sidecar.outputs] == ["tower_0/keypoints", "tower_0/wh"]
    assert sidecar.source_sha256 == source.sha256
    assert sidecar.tool == "pnnx" and sidecar.tool_version
    assert converted["fp16"].path.with_suffix(".bin").stat().st_size < 0.6 * source.size
    # asymmetric upsampling rewritten: FP32 matches ONNX Runtime to float rounding
    assert read_sidecar(sidecar_path(converted["fp32"].path)).extra["max_rel_diff"] < 1e-4


def test_operators_ncnn_lacks_are_named(source: ModelEntry, tmp_path: Path) -> None:
    with pytest.raises(ConversionError) as info:
        convert_onnx_to_ncnn(source.path, tmp_path)
    assert "torch.eq" in info.value.message
    assert not list(tmp_path.iterdir())


def test_runner_checks_shapes_and_refuses_after_close(converted: dict[str, ModelEntry]) -> None:
    runner = NcnnBackend().load(converted["fp32"].path, threads=1)
    with pytest.raises(InferenceError, match="converted for"):
        runner.run({"tower_0/images:0": np.zeros((1, 320, 320, 3), np.float32)})
    runner.close()
    with pytest.raises(InferenceError, match="closed"):
        runner.run({"tower_0/images:0": np.zeros((1, 512, 512, 3), np.float32)})


def test_missing_sidecar_is_explained(converted: dict[str, ModelEntry], tmp_path: Path) -> None:
    for suffix in (".param", ".bin"):
        (tmp_path / f"m{suffix}").write_bytes(converted["fp32"].path.with_suffix(suffix).read_bytes())
    with pytest.raises(ModelFormatError, match="missing"):
        NcnnBackend().load(tmp_path / "m.param")


def test_probe_is_quiet_and_explains_the_missing_gpu(capfd: pytest.CaptureFixture[str]) -> None:
    status = BackendRegistry().probe("ncnn")
    assert status.available and status.version
    assert status.tasks == ("detection", "face-detection") and status.formats == ("ncnn",)
    assert status.has_device("cpu")
    if not vulkan_driver_present()[0]:
        vulkan = status.device("vulkan")
        assert vulkan is not None and not vulkan.available and "Vulkan" in vulkan.reason
    assert "vkCreateInstance" not in capfd.readouterr().err
    # the site server's remote runtime serves any format the server has (issue 17)
    assert BackendRegistry().runtimes_for("detection", "ncnn") == ["ncnn", "remote"]


def test_cli_converts_stores_and_prints_the_model_id(tmp_path: Path) -> None:
    env = {**os.environ, "EDGESTUDIO_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "edgestudio", "models", "convert", "centernet-coco", "--to", "ncnn"]
    done = subprocess.run(
        [*command, "--precision", "fp16"], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    model_id = done.stdout.strip()
    listed = subprocess.run(
        [sys.executable, "-m", "edgestudio", "models", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    entry = next(e for e in json.loads(listed.stdout) if e["id"] == model_id)
    assert entry["format"] == "ncnn" and entry["precision"] == "fp16"
    assert {Path(f).suffix for f in entry["files"]} >= {".param", ".bin", ".json"}
    again = subprocess.run(
        [*command, "--precision", "fp16", "--json"], capture_output=True, text=True, env=env, timeout=300
    )
    report = json.loads(again.stdout)
    assert report["id"] == model_id and report["already_stored"]
    assert report["provenance"]["source_sha256"] and report["provenance"]["tool"].startswith("pnnx")


def test_centernet_heads_decode_exactly_as_the_models_own_tail(source: ModelEntry) -> None:
    import cv2
    import onnxruntime as ort

    from edgestudio.tasks.detection.decode import decode_centernet

    session = ort.InferenceSession(str(source.path), providers=["CPUExecutionProvider"])
    image = cv2.imread(str(media.ultralytics_asset("bus.jpg")))
    tensor = cv2.cvtColor(cv2.resize(image, (512, 512)), cv2.COLOR_BGR2RGB).astype(np.float32)[None]
    heatmap, sizes, rows = session.run(
        ["tower_0/keypoints", "tower_0/wh", "tower_0/detections"], {"tower_0/images:0": tensor}
    )
    boxes, scores, classes = decode_centernet(heatmap, sizes, 0.3, 4)
    expected = rows[0][rows[0][:, 4] >= 0.3]
    order, want = np.argsort(-scores), expected[np.argsort(-expected[:, 4])]
    assert len(scores) == len(want) >= 4
    np.testing.assert_allclose(boxes[order], want[:, :4], atol=1e-3)
    np.testing.assert_allclose(scores[order], want[:, 4], atol=1e-6)
    assert classes[order].tolist() == want[:, 5].astype(int).tolist()


WAIT_POLICY_PROBE = """
import os
from edgestudio.backends.ncnn_backend import NcnnBackend
status = NcnnBackend().probe()  # ncnn's libgomp prints its settings as it loads (OMP_DISPLAY_ENV)
assert status.available, status.reason
print("environment after import:", os.environ.get("OMP_WAIT_POLICY") or "-")
print("gomp loaded:", any("libgomp" in line for line in open("/proc/self/maps")))
"""


@pytest.mark.parametrize(("user_setting", "expected"), [(None, "'PASSIVE'"), ("ACTIVE", "'ACTIVE'")])
def test_ncnns_openmp_waits_passively_unless_the_user_chose(user_setting, expected) -> None:
    """ncnn's own libgomp sleeps instead of spinning (spinning workers made the Detect tab's
    inference 51-493 ms a frame on 2 cores with the GUI running, against 39 ms), and the
    setting is not left in the environment for the other runtimes' OpenMP copies."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"} | {"OMP_DISPLAY_ENV": "verbose"}
    if user_setting:
        env["OMP_WAIT_POLICY"] = user_setting
    done = subprocess.run(
        [sys.executable, "-c", WAIT_POLICY_PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    if "gomp loaded: True" not in done.stdout:
        pytest.skip("this ncnn build does not use GCC's libgomp (the setting is libgomp's)")
    # libgomp prints an unset policy as PASSIVE too; the spin count tells them apart (0 only
    # when passive: 300000 when unset).
    assert f"OMP_WAIT_POLICY = {expected}" in done.stderr, done.stderr
    assert ("GOMP_SPINCOUNT = '0'" in done.stderr) == (expected == "'PASSIVE'"), done.stderr
    assert f"environment after import: {user_setting or '-'}" in done.stdout


def test_a_runtime_that_cannot_read_the_models_format_is_refused_before_loading(
    registry, default_entry
) -> None:
    """It used to try: ncnn then reported a missing centernet.bin beside the ONNX file."""
    from edgestudio.core.errors import BackendUnavailable

    with pytest.raises(BackendUnavailable) as refused:
        build_detection_pipeline(registry, default_entry, DetectionOptions("ncnn"))
    assert refused.value.message == "ncnn cannot read onnx models."
    assert "onnxruntime" in refused.value.hint and "openvino" in refused.value.hint
