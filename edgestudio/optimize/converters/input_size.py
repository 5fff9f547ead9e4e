"""Input size as a candidate: a form of another converter built from the ONNX resized to a
smaller square input (320, 416, 512, 640; never above the model's own). The resized graph
keeps every reshape that follows the size; when only the decoding tail is bound to the
export size and the card names the raw heads, the graph is cut there and the detection task
decodes the heads (``optimize/resize.py``). Each is gated against the original at its own
size and timed against ONNX Runtime FP32 at that size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import ConversionError
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_DETECTION
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import BuildRequest, Converter, ListContext, Recipe
from edgestudio.optimize.types import Candidate

OFFERED_SIZES = (320, 416, 480, 512, 640)


@dataclass(frozen=True)
class InputSizeRecipe(Recipe):
    size: int = 416
    form: str = "source"  # the converter that builds the resized model
    inner: dict[str, Any] = field(default_factory=dict)  # that converter's recipe


def native_size(source: Path, hints: Mapping[str, Any]) -> int:
    """The square size the model was exported for: its ONNX input, or for dynamic spatial
    axes the card's ``input_size`` (0 when neither says, or the input is not square)."""
    import onnx

    from edgestudio.optimize.resize import input_geometry

    try:
        geometry = input_geometry(onnx.load(str(source), load_external_data=False))
    except (ConversionError, OSError, ValueError):
        return 0
    if geometry.height > 0 and geometry.height == geometry.width:
        return geometry.height
    if geometry.height <= 0 and geometry.width <= 0:
        size = hints.get("input_size")
        if isinstance(size, int):
            return size
        if isinstance(size, list | tuple) and size and len(set(size)) == 1:
            return int(size[0])
    return 0


def _conflict(source: Path, size: int) -> str:
    """Why ONNX shape inference refuses the model at ``size`` (a constant written for the
    export size, e.g. a static export's anchors), or ""; "" too when it cannot tell."""
    import onnx

    from edgestudio.optimize.resize import input_geometry, shape_conflict

    try:
        model = onnx.load(str(source), load_external_data=False)
        return shape_conflict(model, input_geometry(model), size)
    except (ConversionError, OSError, ValueError):
        return ""


class InputSizeConverter(Converter):
    id = "input-size"
    name = "Another input size"
    tasks = (TASK_DETECTION,)
    recipe_type = InputSizeRecipe
    calibrated = True  # when its form is

    def inner_forms(self, ctx: ListContext) -> list[tuple[Converter, Candidate]]:
        from edgestudio.optimize.converters.registry import default_registry

        out: list[tuple[Converter, Candidate]] = []
        for converter in default_registry().converters():
            if converter is self or not converter.resizable or converter.repairs:
                continue
            if not converter.serves(ctx):
                continue
            out.extend((converter, c) for c in converter.sized_candidates(ctx))
        return out

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        native = native_size(ctx.source.path, ctx.source.hints)
        sizes = [s for s in OFFERED_SIZES if 0 < s < native]
        out = []
        for size in sizes:
            conflict = _conflict(ctx.source.path, size)
            for converter, inner in self.inner_forms(ctx):
                recipe = InputSizeRecipe(size, converter.id, dict(inner.recipe))
                candidate = replace(
                    inner,
                    id=f"{inner.id}-{size}",
                    label=converter.sized_label(inner, size),
                    recipe=recipe.to_dict(self.id),
                    baseline=False,
                    input_size=size,
                )
                if conflict and candidate.available:
                    candidate = replace(
                        candidate,
                        available=False,
                        reason=Text(
                            "the graph's shapes do not fit {size}x{size}: {conflict}",
                            size=size,
                            conflict=conflict,
                        ),
                        install_hint=Text(
                            "Export the model with dynamic input axes (Ultralytics: dynamic=True) "
                            "to try other sizes."
                        ),
                    )
                out.append(candidate)
        return out

    def _inner(self, recipe: Recipe) -> tuple[Converter, Recipe]:
        from edgestudio.optimize.converters.registry import default_registry

        assert isinstance(recipe, InputSizeRecipe)
        converter = default_registry().get(recipe.form)
        return converter, converter.recipe(recipe.inner)

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        from edgestudio.optimize.resize import onnx_at_size

        assert isinstance(recipe, InputSizeRecipe)
        converter, inner = self._inner(recipe)
        request.stage("convert", Text("Resizing the model to {size}x{size}", size=recipe.size))
        resized = onnx_at_size(
            request.source, request.hints, recipe.size, request.folder, f"{request.stem}-resized"
        )
        built = converter.build(
            inner,
            replace(request, source=resized.path, hints=dict(resized.hints), size=recipe.size),
        )
        if built.main != resized.path:
            resized.path.unlink(missing_ok=True)
        provenance = {**built.provenance, "input_size": recipe.size}
        if resized.note:
            provenance["note"] = resized.note
        return BuiltArtifact(built.main, built.files, built.hints, provenance)

    def load_options(self, recipe: Recipe) -> dict[str, Any]:
        converter, inner = self._inner(recipe)
        return converter.load_options(inner)

    def profile(
        self, recipe: Recipe, model: Path, feeds: Mapping[str, np.ndarray], runs: int, work_dir: Path
    ) -> list[dict[str, Any]] | None:
        converter, inner = self._inner(recipe)
        return converter.profile(inner, model, feeds, runs, work_dir)
