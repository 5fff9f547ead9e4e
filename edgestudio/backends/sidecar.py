"""The sidecar JSON that makes a converted artifact describe itself.

A runtime such as ncnn renames tensors and drops the batch axis, and a TensorRT plan is tied
to its TensorRT version and GPU; the sidecar written beside the model file records what the
runtime needs to map a run back to the source model: tensor names and shapes, layout,
precision, the source's hash and the converting tool's version. Pure data and file I/O: any
thread.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import ModelFormatError

SIDECAR_SCHEMA = 1


@dataclass(frozen=True)
class TensorMapping:
    """One model input or output: its name in the source model, its name inside the runtime,
    its full shape (batch axis included) and dtype."""

    name: str
    runtime_name: str
    shape: tuple[int, ...]
    dtype: str = "float32"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TensorMapping:
        return cls(
            str(data["name"]),
            str(data["runtime_name"]),
            tuple(int(d) for d in data["shape"]),
            str(data.get("dtype", "float32")),
        )


@dataclass(frozen=True)
class ArtifactSidecar:
    """What a converted model needs to be run as its source was."""

    format: str
    precision: str
    inputs: tuple[TensorMapping, ...]
    outputs: tuple[TensorMapping, ...]
    source_sha256: str
    tool: str
    tool_version: str
    layout: str = "batch axis removed"  # how runtime tensors relate to the source's
    extra: dict[str, Any] = field(default_factory=dict)  # runtime-specific facts (TensorRT: GPU)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = SIDECAR_SCHEMA
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArtifactSidecar:
        return cls(
            format=str(data["format"]),
            precision=str(data.get("precision", "unknown")),
            inputs=tuple(TensorMapping.from_dict(t) for t in data.get("inputs", ())),
            outputs=tuple(TensorMapping.from_dict(t) for t in data.get("outputs", ())),
            source_sha256=str(data.get("source_sha256", "")),
            tool=str(data.get("tool", "")),
            tool_version=str(data.get("tool_version", "")),
            layout=str(data.get("layout", "")),
            extra=dict(data.get("extra", {})),
        )

    def write(self, path: Path) -> Path:
        atomic_write_text(path, json.dumps(self.to_dict(), indent=2))
        return path


def read_sidecar(path: Path) -> ArtifactSidecar:
    """Read a sidecar; ModelFormatError with what is wrong when it is missing or damaged."""
    if not path.is_file():
        raise ModelFormatError(
            f"{path.name} is missing: the model's tensor names and shapes are unknown.",
            "Convert the model again with `edgestudio models convert`, which writes it.",
        )
    try:
        return ArtifactSidecar.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelFormatError(
            f"{path.name} is damaged ({exc}).", "Convert the model again with `edgestudio models convert`."
        ) from exc


def sidecar_path(model_file: Path) -> Path:
    """Where the sidecar of ``model_file`` lives: beside it, its full name plus ``.json``
    (``det.param`` -> ``det.param.json``), so it never collides with a model store card
    (``det.json``)."""
    return model_file.with_name(model_file.name + ".json")
