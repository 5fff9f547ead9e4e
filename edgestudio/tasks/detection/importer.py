"""Add a user's detection model to the store after checking that EdgeStudio can decode it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.artifact import Artifact, artifact_digest
from edgestudio.core.errors import BackendUnavailable, ModelAlreadyStored, ModelFormatError
from edgestudio.core.formats import sniff
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.types import TASK_DETECTION, TASKS, task_label
from edgestudio.tasks.detection.spec import infer_spec


def detection_formats(registry: BackendRegistry) -> list[str]:
    """Format ids some registered runtime loads for object detection (for file dialogs).

    Imports backend modules, not runtimes: cheap, any thread."""
    formats: list[str] = []
    for backend_id in registry.runtimes_for(TASK_DETECTION):
        for fmt in registry.get(backend_id).formats:
            if fmt not in formats:
                formats.append(fmt)
    return formats


def _not_for_detection(registry: BackendRegistry, artifact: Artifact) -> ModelFormatError | None:
    """The error for a model of a format only other tasks use (a GGUF chat model)."""
    if registry.runtimes_for(TASK_DETECTION, artifact.format):
        return None
    others = [t for t in TASKS if t != TASK_DETECTION and registry.runtimes_for(t, artifact.format)]
    if not others:
        return None
    uses = " or ".join(task_label(t).lower() for t in others)
    return ModelFormatError(
        f"{artifact.path.name} is a {artifact.label} model for {uses}, not an object detector.",
        f"Add it with: edgestudio models add {artifact.path} --task {others[0]}",
    )


def import_detection_model(
    store: ModelStore,
    registry: BackendRegistry,
    source: Path,
    name: str = "",
    *,
    provenance: dict[str, Any] | None = None,
) -> ModelEntry:
    """Recognise ``source`` from its content, load it with a runtime that reads its format,
    recognise its output layout, and store it with all its files.

    Runs on a worker thread in the GUI (hashing and loading take a moment). Raises
    ModelFormatError saying what the file is when it is not a detection model,
    ModelAlreadyStored when its content is stored already, BackendUnavailable when no
    installed runtime reads its format. ``provenance`` goes on the model's card (a model
    exported from a training checkpoint names the checkpoint there).
    """
    artifact = sniff(source)
    wrong_task = _not_for_detection(registry, artifact)
    if wrong_task is not None:
        raise wrong_task
    digest = artifact_digest(artifact)
    existing = store.find_content(digest)
    if existing is not None:
        raise ModelAlreadyStored(
            f"{source.name} is already in the store as '{existing.id}' ({existing.name}).",
            "Nothing was added; it is in the model list.",
            model_id=existing.id,
        )
    try:
        choice = registry.choose(TASK_DETECTION, artifact.format)
    except BackendUnavailable as exc:
        raise BackendUnavailable(
            f"EdgeStudio cannot check {source.name}: no installed runtime runs {artifact.label} "
            "detection models.",
            exc.hint,
        ) from exc
    runner = choice.backend.load(artifact.path, choice.device)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} does not run detection models.")
    try:
        spec = infer_spec(runner.metadata)
        precision = "fp16" if "16" in runner.metadata.inputs[0].dtype else "fp32"
        license_text = runner.metadata.custom.get("license", "unknown")
    finally:
        runner.close()
    hints = {
        "layout": spec.layout.value,
        "resize": spec.resize,
        "scale": spec.scale,
        "color": "RGB" if spec.rgb else "BGR",
        "labels": list(spec.labels),
    }
    return store.add(
        artifact,
        task=TASK_DETECTION,
        name=name or source.stem,
        hints=hints,
        precision=precision,
        license=license_text,
        digest=digest,
        provenance=provenance,
    )
