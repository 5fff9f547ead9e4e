"""TensorFlow Lite: listed with the reason (ONNX to TFLite needs TensorFlow)."""

from __future__ import annotations

from dataclasses import replace

from edgestudio.core.artifact import FORMAT_TFLITE
from edgestudio.core.errors import ConversionError
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import BuildRequest, Converter, ListContext, NoRecipe, Recipe
from edgestudio.optimize.types import Candidate

REASON = "no ONNX-to-TFLite converter is installed (onnx2tf needs TensorFlow)"
HINT = "Convert it with onnx2tf in a separate TensorFlow environment, then add the file."


class TfliteConverter(Converter):
    id = "tflite"
    name = "TensorFlow Lite"
    target_format = FORMAT_TFLITE
    fixed_input_size = True

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        candidate = self.candidate(ctx, "fp32", "TensorFlow Lite FP32, CPU", "fp32", NoRecipe())
        return [replace(candidate, available=False, reason=REASON, install_hint=HINT)]

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        raise ConversionError(REASON, HINT)
