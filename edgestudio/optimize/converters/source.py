"""The original ONNX model on the runtime made for ONNX (the baseline every candidate is
timed against), and the ONNX model as it is at another input size."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from edgestudio.core.messages import Text
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import (
    EMBEDDER_TASKS,
    BuildRequest,
    Converter,
    ListContext,
    NoRecipe,
    Recipe,
)
from edgestudio.optimize.resize import SizedForm, onnx_at_size
from edgestudio.optimize.types import Candidate

BASELINE_LABEL = "ONNX Runtime FP32, CPU (the original)"
BASELINE_ID = "onnxruntime-fp32-cpu"  # the original on ONNX Runtime's CPU: what speed-ups are against


class SourceConverter(Converter):
    """Builds nothing: the original, on the runtime made for its format."""

    id = "source"
    name = "The original ONNX model"
    grid_builds = True
    resizable = True
    tasks = EMBEDDER_TASKS  # the face embedder too (FaceRes: ONNX)
    packages = ("onnxruntime", "onnx")

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        return [self.candidate(ctx, "fp32", BASELINE_LABEL, "fp32", NoRecipe(), baseline=True)]

    def sized_label(self, candidate: Candidate, size: int) -> str:
        return Text("ONNX Runtime FP32 at {size}x{size}, CPU", size=size)

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        """The ONNX as given (copied into the work folder unless it is there already)."""
        target = request.folder / request.source.name
        if request.source.parent != request.folder:
            request.folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(request.source, target)
        return request.built(target, (target,))

    def grid_build(
        self, recipe: Recipe, source: Path, hints: Mapping[str, Any], size: int, folder: Path, stem: str
    ) -> SizedForm:
        return onnx_at_size(source, hints, size, folder, stem)
