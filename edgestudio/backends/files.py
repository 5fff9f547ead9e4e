"""Checks shared by backends before handing a model to a native runtime (any thread)."""

from __future__ import annotations

from pathlib import Path

from edgestudio.core.errors import ModelFormatError, ModelLoadError
from edgestudio.core.formats import companions_missing, describe


def require_model_file(artifact: Path) -> None:
    """Raise a readable error for a missing, unreadable or empty model file, a folder given
    as a file, and a multi-file model lacking a companion (an IR ``.xml`` without its
    ``.bin``). Formats the sniffer does not know pass: plugins load their own."""
    if artifact.is_dir():
        raise ModelLoadError(
            f"{artifact} is {describe(artifact)}, not a model file.", "Choose the model file inside it."
        )
    if not artifact.exists():
        raise ModelLoadError(f"The model file {artifact} does not exist.")
    try:
        size = artifact.stat().st_size
        with artifact.open("rb"):
            pass
    except OSError as exc:
        raise ModelLoadError(f"The model file {artifact.name} cannot be read: {exc.strerror}.") from exc
    if size == 0:
        raise ModelFormatError(f"The model file {artifact.name} is empty.")
    missing = companions_missing(artifact)
    if missing:
        raise ModelLoadError(
            f"{artifact.name} needs {', '.join(missing)} beside it, and it is not there.",
            "Copy the model's files into one folder, or add the model to the store again.",
        )
