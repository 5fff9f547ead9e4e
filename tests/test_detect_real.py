"""Real models on real photos: the bundled CenterNet on ONNX Runtime and OpenVINO, and real
Ultralytics YOLOv8 weights added from disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from edgestudio.tasks.detection.importer import import_detection_model
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

BACKENDS = ["onnxruntime", "openvino"]


def labels_of(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.label for d in result.detections]


@pytest.mark.parametrize("backend", BACKENDS)
def test_default_model_finds_persons_and_bus_on_a_street(backend, registry, default_entry, bus_jpg) -> None:
    pipeline = build_detection_pipeline(registry, default_entry, DetectionOptions(backend))
    try:
        result = pipeline.process(cv2.imread(str(bus_jpg)))
    finally:
        pipeline.close()
    labels = labels_of(result)
    assert labels.count("person") >= 3
    assert labels.count("bus") == 1  # the model's duplicate bus box is removed by NMS
    bus = next(d for d in result.detections if d.label == "bus")
    x1, _, x2, _ = bus.box
    assert x2 - x1 > 0.8 * result.width  # the bus spans the picture


@pytest.mark.parametrize("backend", BACKENDS)
def test_default_model_finds_the_astronaut(backend, registry, default_entry, astronaut_png) -> None:
    pipeline = build_detection_pipeline(registry, default_entry, DetectionOptions(backend))
    try:
        result = pipeline.process(cv2.imread(str(astronaut_png)))
    finally:
        pipeline.close()
    persons = [d for d in result.detections if d.label == "person"]
    assert len(persons) == 1 and persons[0].score > 0.5


def test_backends_agree_on_the_default_model(registry, default_entry, bus_jpg) -> None:
    image = cv2.imread(str(bus_jpg))
    scores = {}
    for backend in BACKENDS:
        pipeline = build_detection_pipeline(registry, default_entry, DetectionOptions(backend))
        try:
            scores[backend] = sorted(d.score for d in pipeline.process(image).detections)
        finally:
            pipeline.close()
    assert scores["onnxruntime"] == pytest.approx(scores["openvino"], abs=0.03)


@pytest.mark.parametrize("backend", BACKENDS)
def test_yolov8_model_added_from_disk_detects_persons(backend, ctx, yolov8_onnx, bus_jpg, zidane_jpg) -> None:
    entry = import_detection_model(ctx.models, ctx.registry, yolov8_onnx)
    assert entry.hints["layout"] == "yolov8" and entry.hints["labels"] == ["Normal", "Fall"]
    assert entry in ctx.models.list("detection")
    pipeline = build_detection_pipeline(ctx.registry, entry, DetectionOptions(backend))
    try:
        bus = pipeline.process(cv2.imread(str(bus_jpg)))
        zidane = pipeline.process(cv2.imread(str(zidane_jpg)))
    finally:
        pipeline.close()
    assert len(bus.detections) >= 3  # the three standing people by the bus
    for det in bus.detections:
        x1, y1, x2, y2 = det.box
        assert y2 - y1 > 1.5 * (x2 - x1), "a standing person's box is taller than wide"
    assert len(zidane.detections) >= 2


def test_cli_detect_json_on_openvino(bus_jpg: Path, astronaut_png: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotated"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "edgestudio",
            "detect",
            str(bus_jpg),
            str(astronaut_png),
            "--backend",
            "openvino",
            "--save",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"EDGESTUDIO_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["backend"] == "openvino" and report["model"] == "centernet-coco"
    bus, astronaut = report["results"]
    assert {"person", "bus"} <= {d["label"] for d in bus["detections"]}
    assert [d["label"] for d in astronaut["detections"]] == ["person"]
    saved = cv2.imread(bus["saved"])
    assert saved is not None and saved.shape[:2] == (bus["height"], bus["width"])
