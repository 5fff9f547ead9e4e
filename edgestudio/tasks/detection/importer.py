"""Add a user's detection model to the store after checking that EdgeStudio can decode it."""

from __future__ import annotations

from pathlib import Path

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import BackendUnavailable, ModelFormatError
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.tasks.detection.spec import infer_spec

SUPPORTED_SUFFIXES = (".onnx",)


def import_detection_model(
    store: ModelStore, registry: BackendRegistry, source: Path, name: str = ""
) -> ModelEntry:
    """Inspect ``source`` with a runtime that reads it, recognise its layout, store it.

    Runs on a worker thread in the GUI (loading a model takes a moment). Raises
    ModelFormatError with the reason when the file is not a detection model.
    """
    if source.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ModelFormatError(
            f"{source.name} is not a model file EdgeStudio can add.",
            "Add an ONNX (.onnx) detection model, such as a YOLOv5/v8/11 export.",
        )
    candidates = registry.backends_for(source)
    if not candidates:
        raise BackendUnavailable(f"No installed runtime reads {source.suffix} files.")
    backend = registry.get(candidates[0])
    runner = backend.load(source, "")
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{backend.name} does not run detection models.")
    try:
        spec = infer_spec(runner.metadata)
    finally:
        runner.close()
    hints = {
        "layout": spec.layout.value,
        "resize": spec.resize,
        "scale": spec.scale,
        "color": "RGB" if spec.rgb else "BGR",
        "labels": list(spec.labels),
    }
    precision = "fp16" if "16" in runner.metadata.inputs[0].dtype else "fp32"
    return store.add(
        source,
        task="detection",
        name=name or source.stem,
        hints=hints,
        precision=precision,
        license=runner.metadata.custom.get("license", "unknown"),
    )
