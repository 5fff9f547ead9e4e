"""The plugin is found through the entry-point group and detects on real photos."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import cv2
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.context import AppContext
from edgestudio.core.paths import AppPaths
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline


def _bus_jpg() -> Path:
    spec = importlib.util.find_spec("ultralytics")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("test photos not installed (scripts/install.sh --dev)")
    return Path(next(iter(spec.submodule_search_locations))) / "assets" / "bus.jpg"


def test_registry_discovers_the_plugin() -> None:
    registry = BackendRegistry()
    assert "opencv" in registry.ids()
    status = registry.probe("opencv")
    assert status.available and any(d.id == "cpu" and d.available for d in status.devices)


def test_default_model_runs_on_the_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path))
    ctx = AppContext.create(AppPaths.default())
    entry = ctx.models.get("centernet-coco")
    pipeline = build_detection_pipeline(ctx.registry, entry, DetectionOptions("opencv"))
    try:
        result = pipeline.process(cv2.imread(str(_bus_jpg())))
    finally:
        pipeline.close()
    labels = [d.label for d in result.detections]
    assert labels.count("person") >= 3 and "bus" in labels
