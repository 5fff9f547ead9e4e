"""ONNX Runtime static INT8 (QDQ U8S8 per-channel, Percentile, decode tail in float), and
its repair: the nodes per-layer sensitivity ranks worst kept in float as well."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import (
    BuildRequest,
    Converter,
    ListContext,
    Recipe,
    int8_saturates,
    package_version,
)
from edgestudio.optimize.types import Candidate


@dataclass(frozen=True)
class OrtQdqRecipe(Recipe):
    method: str = "percentile"  # or "minmax"
    percentile: float = 99.999
    activations: str = "u8"
    weights: str = "s8"
    per_channel: bool = True
    exclude_tail: bool = True  # the head convolutions and the decoding after them stay float
    exclude_nodes: tuple[str, ...] = ()  # further nodes kept in float
    reduce_range: bool = False  # 7-bit weights, on CPUs where 8-bit ones saturate (int8_saturates)


class OrtQdqConverter(Converter):
    id = "ort-qdq"
    name = "ONNX Runtime QDQ INT8"
    recipe_type = OrtQdqRecipe
    calibrated = True
    resizable = False
    packages = ("onnxruntime", "onnx")

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        label = "ONNX Runtime INT8 (QDQ U8S8 per-channel, Percentile), CPU"
        recipe = OrtQdqRecipe(reduce_range=int8_saturates(ctx.profile))
        if recipe.reduce_range:
            label = (
                "ONNX Runtime INT8 (QDQ U8S8 per-channel, Percentile, 7-bit weights for a CPU "
                "without VNNI), CPU"
            )
        return [self.candidate(ctx, "int8", label, "int8", recipe)]

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        from edgestudio.optimize.quantize_ort import quantize_onnx_int8

        assert isinstance(recipe, OrtQdqRecipe)
        request.stage("calibrate", "Calibrating INT8 (ONNX Runtime)")
        quantized = quantize_onnx_int8(
            request.source,
            request.folder / f"{request.stem}.onnx",
            request.input_name,
            request.calibration_tensors(),
            heads=request.heads,
            recipe={**asdict(recipe), "exclude_nodes": list(recipe.exclude_nodes)},
            progress=request.progress("Calibrating INT8"),
        )
        return request.built(
            quantized.path,
            (quantized.path,),
            tool=f"onnxruntime {package_version('onnxruntime')}",
            excluded_nodes=len(quantized.excluded_nodes),
        )


@dataclass(frozen=True)
class OrtQdqRepairRecipe(OrtQdqRecipe):
    worst: int = 8  # how many of the most sensitive nodes stay in float


class OrtQdqRepairConverter(OrtQdqConverter):
    """The repair of ``ort-qdq``: quantize, rank every quantized node by how far its output
    drifts from the float model's on the calibration pictures (signal-to-quantization-noise
    ratio, ONNX Runtime's ``qdq_loss_debug``), keep the ``worst`` in float and quantize again."""

    id = "ort-qdq-repair"
    name = "ONNX Runtime QDQ INT8, sensitive nodes in float"
    recipe_type = OrtQdqRepairRecipe
    repairs = "ort-qdq"

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        label = "ONNX Runtime INT8, the most sensitive nodes kept in float (repair), CPU"
        recipe = OrtQdqRepairRecipe(reduce_range=int8_saturates(ctx.profile))
        return [self.candidate(ctx, "int8-repair", label, "int8", recipe)]

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        from edgestudio.optimize.quantize_ort import quantize_onnx_int8, sensitive_nodes

        assert isinstance(recipe, OrtQdqRepairRecipe)
        request.stage("calibrate", "Calibrating INT8 (ONNX Runtime) to rank the nodes")
        tensors = request.calibration_tensors()
        plain = replace(recipe, exclude_nodes=())
        first = quantize_onnx_int8(
            request.source,
            request.folder / f".{request.stem}-plain.onnx",
            request.input_name,
            tensors,
            heads=request.heads,
            recipe={**asdict(plain), "exclude_nodes": []},
            progress=request.progress("Calibrating INT8"),
        )
        request.stage("calibrate", "Ranking the nodes by their quantization error")
        ranked = sensitive_nodes(request.source, first.path, request.input_name, tensors[:8])
        first.path.unlink(missing_ok=True)
        worst = [name for name, _ in ranked[: recipe.worst]]
        quantized = quantize_onnx_int8(
            request.source,
            request.folder / f"{request.stem}.onnx",
            request.input_name,
            tensors,
            heads=request.heads,
            recipe={**asdict(plain), "exclude_nodes": worst},
            progress=request.progress("Calibrating INT8 without the sensitive nodes"),
        )
        return request.built(
            quantized.path,
            (quantized.path,),
            tool=f"onnxruntime {package_version('onnxruntime')}",
            excluded_nodes=len(quantized.excluded_nodes),
            float_layers=worst,
            sensitivity=[{"node": n, "sqnr_db": round(s, 2)} for n, s in ranked[: recipe.worst]],
        )
