"""Convert a stored model to another runtime's format: pick the converter, decide what part
of the graph the target can run, and describe the result (files, hints for its task,
provenance) so the model store can keep it as one artifact.

Pure functions, no Qt; run on the calling thread (the CLI's main thread, or a child process
started by the GUI's ``ProcessJob``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edgestudio.core.artifact import FORMAT_NCNN, FORMAT_ONNX, FORMAT_OPENVINO_IR, Artifact
from edgestudio.core.errors import ConversionError
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import TASK_DETECTION
from edgestudio.optimize.converters.targets import TARGETS
from edgestudio.optimize.ncnn_convert import convert_onnx_to_ncnn
from edgestudio.optimize.openvino_convert import convert_onnx_to_openvino

PRECISIONS = ("fp32", "fp16")


@dataclass(frozen=True)
class ConvertedModel:
    """A converted model in a work folder, ready for ``ModelStore.add``."""

    artifact: Artifact
    name: str
    precision: str
    hints: dict[str, Any]
    provenance: dict[str, Any] = field(default_factory=dict)


def ncnn_outputs(task: str, hints: dict[str, Any]) -> tuple[list[str] | None, dict[str, Any]]:
    """The tensors to cut the graph at for ncnn, and the hints the result needs.

    A detector whose card names raw ``heads`` (CenterNet) is converted up to them: its
    decoding tail (TopK, Gather, comparisons) has no ncnn layers, and the detection task
    decodes the heads itself."""
    hints = dict(hints)
    heads = hints.get("heads")
    if task == TASK_DETECTION and isinstance(heads, dict) and {"heatmap", "sizes"} <= heads.keys():
        return [str(heads["heatmap"]), str(heads["sizes"])], {**hints, "layout": "centernet"}
    return None, hints


def convert_entry(entry: ModelEntry, target: str, work_dir: Path, precision: str = "fp32") -> ConvertedModel:
    """Convert the stored model ``entry`` for ``target`` (one of ``TARGETS``) into
    ``work_dir``. Raises ConversionError with the reason, BackendUnavailable when the
    converter is not installed."""
    if target not in TARGETS:
        raise ConversionError(
            f"EdgeStudio cannot convert to '{target}'.", f"Choose one of: {', '.join(TARGETS)}."
        )
    if precision not in PRECISIONS:
        raise ConversionError(f"Unknown precision '{precision}'.", f"Choose one of: {', '.join(PRECISIONS)}.")
    if entry.format != FORMAT_ONNX:
        raise ConversionError(
            f"{entry.name} is a {entry.format} model; EdgeStudio converts ONNX models.",
            "Convert the ONNX original of this model instead.",
        )
    name = f"{entry.name} ({target} {precision.upper()})"
    provenance: dict[str, Any] = {
        "converted_from": entry.id,
        "source_name": entry.name,
        "source_sha256": entry.sha256,
        "precision": precision,
        "converted_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        **{f"source_{k}": v for k, v in entry.provenance.items() if k in ("package", "licence")},
    }
    stem = f"{entry.path.stem}-{target}-{precision}"
    if TARGETS[target] == FORMAT_NCNN:
        outputs, hints = ncnn_outputs(entry.task, dict(entry.hints))
        ncnn = convert_onnx_to_ncnn(entry.path, work_dir, precision=precision, outputs=outputs, name=stem)
        provenance.update(
            tool=f"pnnx {ncnn.sidecar.tool_version}",
            cut_at_outputs=outputs or [],
            max_rel_diff=ncnn.sidecar.extra.get("max_rel_diff"),
            seconds=round(ncnn.seconds, 2),
        )
        artifact = Artifact.of(ncnn.param, ncnn.files, FORMAT_NCNN)
        return ConvertedModel(artifact, name, precision, hints, provenance)
    ir = convert_onnx_to_openvino(entry.path, work_dir, precision=precision, name=stem)
    provenance.update(tool=f"openvino {ir.tool_version}", seconds=round(ir.seconds, 2))
    artifact = Artifact.of(ir.xml, ir.files, FORMAT_OPENVINO_IR)
    return ConvertedModel(artifact, name, precision, dict(entry.hints), provenance)
