"""The vision optimizer's candidates: every form of an ONNX detector the registered
converters can build (``optimize/converters/``: ONNX Runtime FP32 and INT8, OpenVINO IR
FP32/FP16/INT8, ncnn, TensorRT, TFLite, other input sizes, plugins), each available here or
with the reason it is not and how to get it.

Runs on the calling thread (probing runtimes imports them: keep it off the GUI thread).
"""

from __future__ import annotations

from dataclasses import replace

from edgestudio.core.deployments import store_task
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.model_store import ModelEntry
from edgestudio.optimize.converters.base import Converter, ListContext
from edgestudio.optimize.converters.input_size import native_size
from edgestudio.optimize.converters.registry import ConverterRegistry, default_registry
from edgestudio.optimize.converters.source import BASELINE_ID
from edgestudio.optimize.planners import PlanContext
from edgestudio.optimize.types import Candidate

__all__ = ["BASELINE_ID", "converter_of", "converters", "list_candidates"]


def converters(ctx: PlanContext) -> ConverterRegistry:
    """The converter registry of this plan (a test may pass its own in ``ctx.extras``)."""
    registry = ctx.extras.get("converters")
    return registry if isinstance(registry, ConverterRegistry) else default_registry()


def converter_of(ctx: PlanContext, candidate: Candidate) -> Converter:
    """The converter that builds ``candidate`` (its recipe's ``kind``)."""
    return converters(ctx).get(str(candidate.recipe.get("kind", "source")))


def list_candidates(
    ctx: PlanContext, source: ModelEntry, profile: HardwareProfile, task: str = "detect"
) -> list[Candidate]:
    """Every form of ``source`` the registered converters know, each available here or with
    the reason; ``task`` is the optimizer task they are for ("detect", or "faces" for the face
    detector). Each carries its ``input_size`` (the model's own unless it is an input-size
    candidate)."""
    if source.format != "onnx":
        raise InputError(
            f"{source.name} is a {source.format} model; the optimizer starts from ONNX detectors.",
            "Choose the ONNX original of this model.",
        )
    list_ctx = ListContext(ctx.registry, source, profile, task, store_task(task))
    native = native_size(source.path, source.hints)
    out: list[Candidate] = []
    for converter in converters(ctx).converters():
        if not converter.serves(list_ctx):
            continue
        for candidate in converter.candidates(list_ctx):
            out.append(candidate if candidate.input_size else replace(candidate, input_size=native))
    return out
