"""OpenVINO IR with FP32 or FP16 weights; where the CPU computes in bf16 by default
(AVX512_BF16 / AMX), also FP32 with f32 forced."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edgestudio.core.artifact import FORMAT_OPENVINO_IR
from edgestudio.core.messages import Text
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import EMBEDDER_TASKS, BuildRequest, Converter, ListContext, Recipe
from edgestudio.optimize.resize import SizedForm, openvino_at_size
from edgestudio.optimize.types import Candidate


def bf16_cpu() -> bool:
    """Whether OpenVINO's CPU plugin computes in bf16 by default here (AVX512_BF16 / AMX)."""
    try:
        from edgestudio.core.privacy import disable_telemetry

        disable_telemetry()
        import openvino as ov

        return "BF16" in ov.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    except Exception:  # no OpenVINO, or no CPU plugin: the IR candidates say so themselves
        return False


@dataclass(frozen=True)
class OpenVinoIrRecipe(Recipe):
    weights: str = "fp32"  # or "fp16" (compressed weights; the CPU computes in its own precision)
    inference_precision: str = ""  # "" = the plugin's default; "f32" forces float32


class OpenVinoIrConverter(Converter):
    id = "openvino-ir"
    name = "OpenVINO IR"
    target_format = FORMAT_OPENVINO_IR
    recipe_type = OpenVinoIrRecipe
    grid_builds = True
    resizable = True
    tasks = EMBEDDER_TASKS  # the face embedder too (FaceRes: ONNX)
    packages = ("openvino",)

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        bf16 = bf16_cpu()
        # Whole labels, not pieces, so the wizard can translate each (ui/i18n.py lists them).
        fp32_label = (
            "OpenVINO IR FP32 (computes in bf16 on this CPU), CPU" if bf16 else "OpenVINO IR FP32, CPU"
        )
        fp16_label = "OpenVINO IR FP16 weights, CPU"
        if bf16:
            fp16_label = "OpenVINO IR FP16 weights (computes in bf16 on this CPU), CPU"
        out = [self.candidate(ctx, "fp32", fp32_label, "bf16" if bf16 else "fp32", OpenVinoIrRecipe())]
        if bf16:
            out.append(
                self.candidate(
                    ctx,
                    "fp32-f32",
                    "OpenVINO IR FP32 with f32 forced, CPU",
                    "fp32",
                    OpenVinoIrRecipe("fp32", "f32"),
                )
            )
        out.append(
            self.candidate(ctx, "fp16", fp16_label, "bf16" if bf16 else "fp16", OpenVinoIrRecipe("fp16"))
        )
        return out

    def sized_candidates(self, ctx: ListContext) -> list[Candidate]:
        """Only the FP16-weights IR at other sizes: FP32 weights run at the same speed."""
        return [c for c in self.candidates(ctx) if c.recipe.get("weights") == "fp16"]

    def sized_label(self, candidate: Candidate, size: int) -> str:
        recipe = self.recipe(candidate.recipe)
        assert isinstance(recipe, OpenVinoIrRecipe)
        if recipe.inference_precision == "f32":
            return Text("OpenVINO IR FP32 with f32 forced at {size}x{size}, CPU", size=size)
        if recipe.weights == "fp16":
            return Text("OpenVINO IR FP16 weights at {size}x{size}, CPU", size=size)
        return Text("OpenVINO IR FP32 at {size}x{size}, CPU", size=size)

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        from edgestudio.optimize.openvino_convert import convert_onnx_to_openvino

        assert isinstance(recipe, OpenVinoIrRecipe)
        request.stage(
            "convert", Text("Converting to OpenVINO IR ({weights})", weights=recipe.weights.upper())
        )
        converted = convert_onnx_to_openvino(
            request.source, request.folder, precision=recipe.weights, name=request.stem
        )
        return request.built(converted.xml, converted.files, tool=f"openvino {converted.tool_version}")

    def load_options(self, recipe: Recipe) -> dict[str, Any]:
        assert isinstance(recipe, OpenVinoIrRecipe)
        return {"inference_precision": recipe.inference_precision} if recipe.inference_precision else {}

    def grid_build(
        self, recipe: Recipe, source: Path, hints: Mapping[str, Any], size: int, folder: Path, stem: str
    ) -> SizedForm:
        assert isinstance(recipe, OpenVinoIrRecipe)
        return openvino_at_size(source, hints, size, folder, stem, compress_to_fp16=recipe.weights == "fp16")
