"""TensorRT FP16/INT8 engines: listed with the reason (no NVIDIA GPU here, or building
engines is not in this version of the optimizer)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from edgestudio.core.artifact import FORMAT_TENSORRT_PLAN
from edgestudio.core.errors import ConversionError
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import BuildRequest, Converter, ListContext, Recipe
from edgestudio.optimize.types import Candidate

LABELS = {"fp16": "TensorRT FP16 engine, NVIDIA GPU", "int8": "TensorRT INT8 engine, NVIDIA GPU"}


@dataclass(frozen=True)
class TensorRtRecipe(Recipe):
    precision: str = "fp16"


class TensorRtConverter(Converter):
    id = "tensorrt"
    name = "TensorRT engine"
    target_format = FORMAT_TENSORRT_PLAN
    device_family = "cuda"
    recipe_type = TensorRtRecipe
    fixed_input_size = True
    packages = ("tensorrt",)

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        out = []
        for precision in ("fp16", "int8"):
            candidate = self.candidate(
                ctx, precision, LABELS[precision], precision, TensorRtRecipe(precision)
            )
            if not ctx.profile.gpus:
                reason, hint = "no NVIDIA GPU found", "TensorRT engines need an NVIDIA GPU (or a Jetson)."
            elif candidate.available:
                reason = "building TensorRT engines is not in this version of the optimizer"
                hint = candidate.install_hint
            else:
                reason, hint = candidate.reason, candidate.install_hint
            out.append(replace(candidate, available=False, reason=reason, install_hint=hint))
        return out

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        raise ConversionError("Building TensorRT engines is not in this version of the optimizer.")
