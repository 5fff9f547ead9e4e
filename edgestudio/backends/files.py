"""Checks shared by backends before handing a model to a native runtime (any thread)."""

from __future__ import annotations

from pathlib import Path

from edgestudio.core.errors import ModelFormatError, ModelLoadError
from edgestudio.core.formats import companions_missing, describe
from edgestudio.core.messages import Text


def require_model_file(artifact: Path) -> None:
    """Raise a readable error for a missing, unreadable or empty model file, a folder given
    as a file, and a multi-file model lacking a companion (an IR ``.xml`` without its
    ``.bin``). Formats the sniffer does not know pass: plugins load their own."""
    if artifact.is_dir():
        raise ModelLoadError(
            f"{artifact} is {describe(artifact)}, not a model file.", "Choose the model file inside it."
        )
    if not artifact.exists():
        raise ModelLoadError(Text("The model file {path} does not exist.", path=str(artifact)))
    try:
        size = artifact.stat().st_size
        with artifact.open("rb"):
            pass
    except OSError as exc:
        raise ModelLoadError(
            Text("The model file {name} cannot be read: {error}.", name=artifact.name, error=exc.strerror)
        ) from exc
    if size == 0:
        raise ModelFormatError(Text("The model file {name} is empty.", name=artifact.name))
    missing = companions_missing(artifact)
    if missing:
        raise ModelLoadError(
            Text(
                "{name} needs {files} beside it, and it is not there.",
                name=artifact.name,
                files=", ".join(missing),
            ),
            "Copy the model's files into one folder, or add the model to the store again.",
        )
