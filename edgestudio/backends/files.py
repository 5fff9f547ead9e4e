"""Checks shared by backends before handing a file to a native runtime."""

from __future__ import annotations

from pathlib import Path

from edgestudio.core.errors import ModelFormatError, ModelLoadError


def require_model_file(artifact: Path) -> None:
    """Raise a readable error for a missing, unreadable or empty file."""
    if not artifact.exists():
        raise ModelLoadError(f"The model file {artifact} does not exist.")
    if not artifact.is_file():
        raise ModelLoadError(f"{artifact} is a folder, not a model file.")
    try:
        size = artifact.stat().st_size
        with artifact.open("rb"):
            pass
    except OSError as exc:
        raise ModelLoadError(f"The model file {artifact.name} cannot be read: {exc.strerror}.") from exc
    if size == 0:
        raise ModelFormatError(f"The model file {artifact.name} is empty.")
