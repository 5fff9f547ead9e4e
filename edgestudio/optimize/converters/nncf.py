"""OpenVINO INT8 through NNCF (mixed preset, decode tail in float), and its repair: NNCF's
``quantize_with_accuracy_control``, which returns the layers that cost most agreement to
float until the drop on the calibration pictures is within ``max_drop``."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from edgestudio.core.artifact import FORMAT_OPENVINO_IR
from edgestudio.core.errors import ConversionError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_DETECTION
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import (
    EMBEDDER_TASKS,
    BuildRequest,
    Converter,
    ListContext,
    Recipe,
    int8_saturates,
)
from edgestudio.optimize.types import Candidate


@dataclass(frozen=True)
class NncfRecipe(Recipe):
    preset: str = "mixed"  # or "performance"
    exclude_tail: bool = True
    fast_bias_correction: bool = True
    overflow_fix: str = "first_layer_only"  # "enable" on x86 CPUs without VNNI: see quantize_nncf


def overflow_fix_for(profile: HardwareProfile) -> str:
    """NNCF's overflow fix for this CPU, from the hardware probe: 7-bit weights everywhere
    where 8-bit weights saturate the int8 dot product (``int8_saturates``)."""
    return "enable" if int8_saturates(profile) else "first_layer_only"


@dataclass(frozen=True)
class NncfAccuracyRecipe(NncfRecipe):
    max_drop: float = 0.01  # absolute mAP@0.5 against the float model, on the calibration pictures
    max_layers: int = 24  # at most this many layers go back to float
    ranking_pictures: int = 16  # pictures used to rank the layers (each layer: one compile + these)


class NncfConverter(Converter):
    id = "nncf"
    name = "OpenVINO INT8 (NNCF)"
    target_format = FORMAT_OPENVINO_IR
    recipe_type = NncfRecipe
    calibrated = True
    resizable = True
    tasks = EMBEDDER_TASKS  # the face embedder too (FaceRes: ONNX)
    packages = ("nncf", "openvino")

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        fix = overflow_fix_for(ctx.profile)
        label = (
            "OpenVINO INT8 (NNCF, mixed preset, decode tail in float), CPU"
            if fix != "enable"
            else "OpenVINO INT8 (NNCF, mixed preset, decode tail in float, 7-bit weights for a CPU "
            "without VNNI), CPU"
        )
        return [self.candidate(ctx, "nncf-int8", label, "int8", NncfRecipe(overflow_fix=fix))]

    def sized_label(self, candidate: Candidate, size: int) -> str:
        return Text("OpenVINO INT8 (NNCF) at {size}x{size}, CPU", size=size)

    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        from edgestudio.optimize.quantize_nncf import quantize_openvino_int8

        assert isinstance(recipe, NncfRecipe)
        accuracy = None
        if isinstance(recipe, NncfAccuracyRecipe):
            accuracy = request.accuracy(request.size, request.source, request.hints)
            if accuracy is None:
                raise ConversionError("This task has no accuracy score for NNCF's accuracy control.")
            request.stage("calibrate", "Calibrating INT8 with NNCF's accuracy control")
        else:
            request.stage("calibrate", "Calibrating INT8 (NNCF)")
        ir = quantize_openvino_int8(
            request.source,
            request.folder,
            request.stem,
            request.calibration_tensors(),
            heads=request.heads,
            recipe=asdict(recipe),
            progress=request.progress("Calibrating INT8 with NNCF"),
            accuracy=accuracy,
        )
        return request.built(
            ir.xml,
            ir.files,
            tool=ir.tool_version,
            ignored_ops=len(ir.ignored),
            float_layers=list(ir.float_layers),
        )


class NncfAccuracyControlConverter(NncfConverter):
    """The repair of ``nncf`` (detection: its accuracy score is the detector's agreement)."""

    id = "nncf-ac"
    name = "OpenVINO INT8 (NNCF with accuracy control)"
    recipe_type = NncfAccuracyRecipe
    tasks = (TASK_DETECTION,)
    repairs = "nncf"

    def candidates(self, ctx: ListContext) -> list[Candidate]:
        if not self.serves(ctx):
            return []
        label = "OpenVINO INT8 (NNCF with accuracy control: sensitive layers in float), CPU"
        recipe = NncfAccuracyRecipe(overflow_fix=overflow_fix_for(ctx.profile))
        return [self.candidate(ctx, "nncf-ac-int8", label, "int8", recipe)]

    def sized_label(self, candidate: Candidate, size: int) -> str:
        return Text("OpenVINO INT8 (NNCF with accuracy control) at {size}x{size}, CPU", size=size)
