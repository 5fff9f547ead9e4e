"""EdgeStudio converter plugin (converter API 1): an ONNX model saved after ONNX Runtime's
basic graph optimizations. Runs in the optimizer's process, on its calling thread."""

from __future__ import annotations

from dataclasses import dataclass

from edgestudio.core.errors import BackendUnavailable, ConversionError
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import (
    BuildRequest,
    Converter,
    ListContext,
    Recipe,
    package_version,
)
from edgestudio.optimize.types import Candidate

LABEL = "ONNX Runtime FP32, graph optimizations saved (plugin), CPU"
LEVELS = ("basic", "extended")


@dataclass(frozen=True)
class OrtOptimizedRecipe(Recipe):
    level: str = "basic"  # "extended" adds fusions that may be specific to this machine


class OrtOptimizedConverter(Converter):
    id = "ort-optimized"
    name = "ONNX Runtime graph optimizations (plugin)"
    recipe_type = OrtOptimizedRecipe
    packages = ("onnxruntime",)

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        return [self.candidate(ctx, "fp32-optimized", LABEL, "fp32", OrtOptimizedRecipe())]

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        assert isinstance(recipe, OrtOptimizedRecipe)
        if recipe.level not in LEVELS:
            raise ConversionError(f"Unknown optimization level '{recipe.level}'.", f"Use one of {LEVELS}.")
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise BackendUnavailable("ONNX Runtime is not installed.", "pip install onnxruntime") from exc
        request.stage("convert", "Saving ONNX Runtime's optimized graph")
        target = request.folder / f"{request.stem}.onnx"
        request.folder.mkdir(parents=True, exist_ok=True)
        options = ort.SessionOptions()
        options.graph_optimization_level = (
            ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
            if recipe.level == "basic"
            else ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        )
        options.optimized_model_filepath = str(target)
        options.log_severity_level = 3
        try:
            ort.InferenceSession(str(request.source), options, providers=["CPUExecutionProvider"])
        except Exception as exc:
            target.unlink(missing_ok=True)
            raise ConversionError(f"ONNX Runtime could not optimize {request.source.name}: {exc}") from exc
        if not target.is_file():
            raise ConversionError("ONNX Runtime wrote no optimized model.")
        return request.built(target, (target,), tool=f"onnxruntime {package_version('onnxruntime')}")
