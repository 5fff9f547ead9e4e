"""OpenVINO INT8 through NNCF post-training quantization, with the decode tail in float.

Recipe that works on x86 CPUs with VNNI (measured, see shared/RUNTIMES.md): the OpenVINO
model made by ``ov.convert_model(onnx)``, ``nncf.quantize`` with preset MIXED (symmetric
weights, asymmetric activations) and the decode tail (the head convolutions and every op
after them) in the ignored scope: 1.5-1.8x ONNX Runtime FP32 at mAP@0.5 0.975-0.985.
Calibration holds about 0.9 GB for 48 pictures.

Runs on the calling thread (the optimizer's child process); cancel is by killing that
process, so the IR is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import BackendUnavailable, ConversionError
from edgestudio.core.privacy import disable_telemetry

log = logging.getLogger(__name__)

CONV_TYPES = ("Convolution", "GroupConvolution", "ConvolutionBackpropData")
SKIP_TYPES = ("Constant", "Result", "Parameter", "Convert")
DEFAULT_RECIPE: dict[str, Any] = {
    "quantizer": "nncf",
    "preset": "mixed",
    "exclude_tail": True,
    "fast_bias_correction": True,
    "overflow_fix": "first_layer_only",
}
# NNCF's overflow fix keeps weights in 7 bits so that the 16-bit intermediate sums of
# AVX2's int8 dot product (vpmaddubsw) cannot saturate. CPUs with VNNI (or AMX) need it only
# where NNCF's default puts it (the first layer); without VNNI, int8 collapses without it
# (measured: CenterNet mAP@0.5 0.22, F1 0.39; shared RUNTIMES.md).
OVERFLOW_FIXES = ("enable", "first_layer_only", "disable")

ProgressFn = Callable[[int, int], None]  # pictures seen, pictures in all
# With a model's run (feeds -> outputs) and calibration picture indices: the agreement with
# the float model (0..1) over them, and per picture.
RunFn = Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]]
AccuracyFn = Callable[[RunFn, Sequence[int]], tuple[float, list[float]]]


def _data_input(node: Any) -> Any | None:
    """The first input of ``node`` that is not a constant (its data input)."""
    for value in node.input_values():
        source = value.get_node()
        if source.get_type_name() != "Constant":
            return source
    return None


def _is_bias_add(node: Any) -> bool:
    return node.get_type_name() == "Add" and any(
        v.get_node().get_type_name() in ("Constant", "Convert") for v in node.input_values()
    )


def decode_tail_ops(model: Any, heads: Iterable[str]) -> list[str]:
    """Friendly names of the ops of the OpenVINO ``model`` that form the decode tail: the
    convolutions (with their bias adds) that make each head tensor in ``heads``, and every
    op fed by them. Empty when no head tensor is found."""
    wanted = set(heads)
    starts: list[Any] = []
    for op in model.get_ordered_ops():
        if not any(wanted & set(out.get_names()) for out in op.outputs()):
            continue
        node: Any | None = op
        seen_conv = False
        while node is not None:
            kind = node.get_type_name()
            conv_part = kind in CONV_TYPES or _is_bias_add(node)
            if seen_conv and not conv_part:
                break
            if kind in CONV_TYPES:
                seen_conv = True
            if conv_part:
                starts.append(node)
            node = _data_input(node)
    tail: dict[str, Any] = {}
    stack = list(starts)
    while stack:
        node = stack.pop()
        name = node.get_friendly_name()
        if name in tail:
            continue
        tail[name] = node
        for out in node.outputs():
            stack.extend(target.get_node() for target in out.get_target_inputs())
    return sorted(name for name, node in tail.items() if node.get_type_name() not in SKIP_TYPES)


@dataclass(frozen=True)
class QuantizedIr:
    xml: Path
    weights: Path
    ignored: tuple[str, ...]
    seconds: float
    recipe: dict[str, Any]
    tool_version: str
    float_layers: tuple[str, ...] = ()  # convolutions left in float beyond the decode tail

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.xml, self.weights)


def quantize_openvino_int8(
    source: Path,
    out_dir: Path,
    stem: str,
    tensors: Sequence[np.ndarray],
    *,
    heads: Sequence[str] = (),
    recipe: dict[str, Any] | None = None,
    progress: ProgressFn | None = None,
    accuracy: AccuracyFn | None = None,
) -> QuantizedIr:
    """Write ``out_dir/<stem>.xml`` + ``.bin``: ``source`` (ONNX) quantized by NNCF on
    ``tensors`` (pre-processed model inputs). Raises ConversionError with NNCF's reason,
    BackendUnavailable without OpenVINO or NNCF; nothing is left on failure."""
    recipe = {**DEFAULT_RECIPE, **(recipe or {})}
    if not tensors:
        raise ConversionError("No calibration pictures were given.", "Choose a calibration set.")
    disable_telemetry()
    try:
        import openvino as ov
    except ImportError as exc:
        raise BackendUnavailable("OpenVINO is not installed.", "pip install 'edgestudio[optimize]'") from exc
    try:
        import nncf
    except ImportError as exc:
        raise BackendUnavailable(
            "NNCF (OpenVINO's quantization tool) is not installed.", "pip install 'edgestudio[optimize]'"
        ) from exc
    started = time.perf_counter()
    try:
        model = ov.convert_model(str(source))
    except Exception as exc:
        raise ConversionError(f"OpenVINO could not read {source.name}: {_last_line(exc)}") from exc
    ignored: list[str] = []
    if recipe["exclude_tail"] and heads:
        ignored = decode_tail_ops(model, heads)
        if not ignored:
            raise ConversionError(
                f"The decode tail of {source.name} was not found (heads {list(heads)}).",
                "Check the model card's detection heads.",
            )
    seen = 0

    def transform(tensor: np.ndarray) -> np.ndarray:
        nonlocal seen
        seen += 1
        if progress is not None:
            progress(min(seen, len(tensors)), len(tensors))
        return tensor

    presets = {"mixed": nncf.QuantizationPreset.MIXED, "performance": nncf.QuantizationPreset.PERFORMANCE}
    if recipe["preset"] not in presets:
        raise ConversionError(f"NNCF has no preset '{recipe['preset']}'.", "Use 'mixed' or 'performance'.")
    xml = out_dir / f"{stem}.xml"
    weights = xml.with_suffix(".bin")
    partial_xml = out_dir / f".{stem}.part.xml"
    partial_bin = partial_xml.with_suffix(".bin")
    if recipe["overflow_fix"] not in OVERFLOW_FIXES:
        raise ConversionError(
            f"NNCF has no overflow fix '{recipe['overflow_fix']}'.",
            f"Use one of {', '.join(OVERFLOW_FIXES)}.",
        )
    from nncf.quantization.advanced_parameters import AdvancedQuantizationParameters, OverflowFix

    advanced = AdvancedQuantizationParameters(overflow_fix=OverflowFix(recipe["overflow_fix"]))
    common: dict[str, Any] = {
        "preset": presets[recipe["preset"]],
        "target_device": nncf.TargetDevice.CPU,
        "subset_size": len(tensors),
        "fast_bias_correction": bool(recipe["fast_bias_correction"]),
        "ignored_scope": nncf.IgnoredScope(names=ignored, validate=False) if ignored else None,
    }
    try:
        if accuracy is None:
            quantized = nncf.quantize(
                model, nncf.Dataset(list(tensors), transform), advanced_parameters=advanced, **common
            )
        else:
            common["advanced_quantization_parameters"] = advanced
            quantized = _with_accuracy_control(nncf, model, tensors, transform, accuracy, recipe, common)
        out_dir.mkdir(parents=True, exist_ok=True)
        ov.save_model(quantized, str(partial_xml), compress_to_fp16=False)
        partial_bin.replace(weights)
        partial_xml.replace(xml)
    except Exception as exc:
        for path in (partial_xml, partial_bin, xml, weights):
            path.unlink(missing_ok=True)
        raise ConversionError(f"NNCF could not quantize {source.name}: {_last_line(exc)}") from exc
    version = f"nncf {nncf.__version__}, openvino {ov.get_version().split('-')[0]}"
    in_float = tuple(n for n in float_convolutions(quantized) if n not in set(ignored))
    return QuantizedIr(xml, weights, tuple(ignored), time.perf_counter() - started, recipe, version, in_float)


def _with_accuracy_control(
    nncf: Any,
    model: Any,
    tensors: Sequence[np.ndarray],
    transform: Callable[[np.ndarray], np.ndarray],
    accuracy: AccuracyFn,
    recipe: dict[str, Any],
    common: dict[str, Any],
) -> Any:
    """NNCF's ``quantize_with_accuracy_control``: quantize, then return the layers that cost
    most agreement to float until the drop on the calibration pictures is within
    ``recipe["max_drop"]`` (absolute). Its validation data are the calibration pictures (the
    gate's pictures stay unseen); ``accuracy`` scores a compiled model against the float one."""
    from nncf.quantization.advanced_parameters import AdvancedAccuracyRestorerParameters

    def validate(compiled: Any, indices: Any) -> tuple[float, list[float]]:
        ports = list(compiled.outputs)

        def run(feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            results = compiled(feeds)
            out: dict[str, np.ndarray] = {}
            for index, port in enumerate(ports):
                for name in port.get_names():
                    out[name] = results[index]
            return out

        return accuracy(run, [int(i) for i in indices])

    return nncf.quantize_with_accuracy_control(
        model,
        nncf.Dataset(list(tensors), transform),
        nncf.Dataset(list(range(len(tensors)))),
        validate,
        max_drop=float(recipe.get("max_drop", 0.01)),
        drop_type=nncf.DropType.ABSOLUTE,
        advanced_accuracy_restorer_parameters=AdvancedAccuracyRestorerParameters(
            max_num_iterations=int(recipe.get("max_layers", 24)),
            ranking_subset_size=min(len(tensors), int(recipe.get("ranking_pictures", 16))),
        ),
        **common,
    )


def float_convolutions(model: Any) -> list[str]:
    """Friendly names of the convolutions (and MatMuls) of the quantized OpenVINO ``model``
    whose data input is not quantized (no FakeQuantize before them): the layers that run in
    float."""
    out = []
    for node in model.get_ordered_ops():
        if node.get_type_name() not in (*CONV_TYPES, "MatMul"):
            continue
        source = node.input_value(0).get_node()
        while source.get_type_name() == "Convert":
            source = source.input_value(0).get_node()
        if source.get_type_name() != "FakeQuantize":
            out.append(node.get_friendly_name())
    return out


def _last_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[-1][:300] if text else type(exc).__name__
