"""ncnn FP32/FP16 with pnnx (a detector whose card names raw heads is converted up to them)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from edgestudio.core.artifact import FORMAT_NCNN
from edgestudio.core.messages import Text
from edgestudio.core.packages import package_dir
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import BuildRequest, Converter, ListContext, Recipe
from edgestudio.optimize.types import Candidate

LABELS = {"fp32": "ncnn FP32 (pnnx), CPU", "fp16": "ncnn FP16 (pnnx), CPU"}


@dataclass(frozen=True)
class NcnnRecipe(Recipe):
    precision: str = "fp32"


class NcnnConverter(Converter):
    id = "ncnn"
    name = "ncnn (pnnx)"
    target_format = FORMAT_NCNN
    recipe_type = NcnnRecipe
    fixed_input_size = True
    packages = ("ncnn", "pnnx")

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        pnnx = package_dir("pnnx")
        out = []
        for precision in ("fp32", "fp16"):
            candidate = self.candidate(ctx, precision, LABELS[precision], precision, NcnnRecipe(precision))
            if candidate.available and (pnnx is None or not (pnnx / "pnnx").is_file()):
                candidate = replace(
                    candidate,
                    available=False,
                    reason="the pnnx converter is not installed",
                    install_hint="scripts/install.sh installs it (pip install --no-deps pnnx)",
                )
            out.append(candidate)
        return out

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        from edgestudio.optimize.convert import ncnn_outputs
        from edgestudio.optimize.ncnn_convert import convert_onnx_to_ncnn

        assert isinstance(recipe, NcnnRecipe)
        request.stage(
            "convert", Text("Converting to ncnn ({precision}) with pnnx", precision=recipe.precision.upper())
        )
        outputs, hints = ncnn_outputs("detection", request.hints)
        ncnn = convert_onnx_to_ncnn(
            request.source, request.folder, precision=recipe.precision, outputs=outputs, name=request.stem
        )
        built = request.built(
            ncnn.param,
            tuple(ncnn.files),
            tool=f"pnnx {ncnn.sidecar.tool_version}",
            cut_at_outputs=outputs or [],
            max_rel_diff=ncnn.sidecar.extra.get("max_rel_diff"),
        )
        return BuiltArtifact(built.main, built.files, hints, built.provenance)
