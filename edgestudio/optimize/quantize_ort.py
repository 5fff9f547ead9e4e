"""ONNX Runtime static INT8 (QDQ) for detectors, with the decode tail kept in float.

Recipe that works on x86 CPUs with VNNI (measured, see shared/RUNTIMES.md): U8 activations,
S8 weights, per-channel weights, the decode tail excluded, Percentile calibration in strides
so its histograms stay within a few GB. S8 activations run at half the FP32 speed in ONNX
Runtime; quantizing the decode tail silently zeroes every score (the gate catches it).

``quant_pre_process`` runs first with ``skip_symbolic_shape=True`` (symbolic shape
inference needs sympy). Runs on the calling thread (the optimizer's child process); cancel
is by killing that process, so the result is written into a work folder only.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import BackendUnavailable, ConversionError

log = logging.getLogger(__name__)

CONV_OPS = ("Conv", "ConvTranspose")
MAX_STRIDE = 8  # calibration images per collect step: bounds the calibrator's memory
DEFAULT_RECIPE: dict[str, Any] = {
    "quantizer": "onnxruntime-qdq",
    "method": "percentile",
    "percentile": 99.999,
    "activations": "u8",
    "weights": "s8",
    "per_channel": True,
    "exclude_tail": True,
    "exclude_nodes": [],  # further nodes kept in float (the repair's most sensitive ones)
    "reduce_range": False,  # 7-bit weights: for x86 CPUs without VNNI, where 8-bit ones saturate
}

ProgressFn = Callable[[int, int], None]  # images done, images in all


def decode_tail_nodes(model: Any, heads: Iterable[str]) -> list[str]:
    """Names of the nodes of the ONNX ``model`` that form its decode tail: the convolutions
    that make each head tensor in ``heads`` (the last run of Conv nodes before it) and every
    node fed by them, down to the model's outputs. Empty when no head tensor is found."""
    producer = {out: node for node in model.graph.node for out in node.output}
    consumers: dict[str, list[Any]] = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    starts: list[Any] = []
    for head in heads:
        node = producer.get(head)
        seen_conv = False
        while node is not None:
            is_conv = node.op_type in CONV_OPS
            if seen_conv and not is_conv:
                break
            if is_conv:
                seen_conv = True
                starts.append(node)
            data_inputs = [i for i in node.input if i in producer]
            node = producer.get(data_inputs[0]) if data_inputs else None
    tail: dict[str, Any] = {}
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node.name in tail:
            continue
        tail[node.name] = node
        for out in node.output:
            stack.extend(consumers.get(out, []))
    return sorted(tail)


def stride_for(count: int, limit: int = MAX_STRIDE) -> int:
    """The largest number of images up to ``limit`` that divides ``count`` (ONNX Runtime's
    strided calibration needs equal strides)."""
    for stride in range(min(limit, count), 0, -1):
        if count % stride == 0:
            return stride
    return 1


class _TensorReader:
    """ONNX Runtime's calibration data reader over prepared input tensors, with the
    ``set_range`` and ``__len__`` its strided calibration uses, reporting progress."""

    def __init__(self, input_name: str, tensors: Sequence[np.ndarray], progress: ProgressFn | None) -> None:
        self._input_name = input_name
        self._tensors = tensors
        self._progress = progress
        self._start, self._end = 0, len(tensors)
        self._next = 0
        self._done = 0

    def __len__(self) -> int:
        return len(self._tensors)

    def set_range(self, start_index: int, end_index: int) -> None:
        self._start, self._end = start_index, min(end_index, len(self._tensors))
        self._next = self._start

    def get_next(self) -> dict[str, np.ndarray] | None:
        if self._next >= self._end:
            return None
        tensor = self._tensors[self._next]
        self._next += 1
        self._done += 1
        if self._progress is not None:
            self._progress(self._done, len(self._tensors))
        return {self._input_name: tensor}

    def rewind(self) -> None:
        self._next = self._start


@dataclass(frozen=True)
class QuantizedOnnx:
    path: Path
    excluded_nodes: tuple[str, ...]
    seconds: float
    recipe: dict[str, Any]


def quantize_onnx_int8(
    source: Path,
    target: Path,
    input_name: str,
    tensors: Sequence[np.ndarray],
    *,
    heads: Sequence[str] = (),
    recipe: dict[str, Any] | None = None,
    progress: ProgressFn | None = None,
) -> QuantizedOnnx:
    """Write a QDQ INT8 copy of ``source`` to ``target``, calibrated on ``tensors`` (model
    inputs, already pre-processed). ``heads`` name the raw head tensors whose decode tail
    stays in float when ``recipe["exclude_tail"]``. Raises ConversionError with ONNX
    Runtime's reason; nothing is left at ``target`` on failure."""
    recipe = {**DEFAULT_RECIPE, **(recipe or {})}
    if not tensors:
        raise ConversionError("No calibration pictures were given.", "Choose a calibration set.")
    try:
        import onnx
        from onnxruntime.quantization import (
            CalibrationMethod,
            QuantFormat,
            QuantType,
            quant_pre_process,
            quantize_static,
        )
    except ImportError as exc:
        raise BackendUnavailable(
            "ONNX Runtime's quantization tools are not installed.", "pip install onnx"
        ) from exc
    started = time.perf_counter()
    methods = {"percentile": CalibrationMethod.Percentile, "minmax": CalibrationMethod.MinMax}
    types = {"u8": QuantType.QUInt8, "s8": QuantType.QInt8}
    if (
        recipe["method"] not in methods
        or recipe["activations"] not in types
        or recipe["weights"] not in types
    ):
        raise ConversionError(
            f"Unknown quantization recipe {recipe}.", "Use the recipes the optimizer lists."
        )
    excluded: list[str] = []
    if recipe["exclude_tail"] and heads:
        excluded = decode_tail_nodes(onnx.load(str(source), load_external_data=False), heads)
        if not excluded:
            raise ConversionError(
                f"The decode tail of {source.name} was not found (heads {list(heads)}).",
                "Check the model card's detection heads.",
            )
    excluded += [n for n in recipe.get("exclude_nodes") or [] if n not in excluded]
    extra: dict[str, Any] = {"CalibStridedMinMax": stride_for(len(tensors))}
    if recipe["method"] == "percentile":
        extra["CalibPercentile"] = float(recipe["percentile"])
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with tempfile.TemporaryDirectory(prefix="edgestudio-ort-quant-", dir=target.parent) as temp:
            prepared = Path(temp) / "prepared.onnx"
            quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
            quantize_static(
                str(prepared),
                str(partial),
                _TensorReader(input_name, tensors, progress),
                quant_format=QuantFormat.QDQ,
                activation_type=types[recipe["activations"]],
                weight_type=types[recipe["weights"]],
                per_channel=bool(recipe["per_channel"]),
                reduce_range=bool(recipe["reduce_range"]),
                calibrate_method=methods[recipe["method"]],
                nodes_to_exclude=excluded,
                extra_options=extra,
            )
        partial.replace(target)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, (ConversionError, BackendUnavailable)):
            raise
        last = str(exc).strip().splitlines()[-1][:300] if str(exc).strip() else type(exc).__name__
        raise ConversionError(f"ONNX Runtime could not quantize {source.name}: {last}") from exc
    return QuantizedOnnx(target, tuple(excluded), time.perf_counter() - started, recipe)


def sensitive_nodes(
    float_model: Path, qdq_model: Path, input_name: str, tensors: Sequence[np.ndarray]
) -> list[tuple[str, float]]:
    """The float nodes of the QDQ model ``qdq_model`` ranked by how much quantizing their
    output loses: each quantized activation's signal-to-quantization-noise ratio (dB, ONNX
    Runtime's ``qdq_loss_debug``: the tensor before its QuantizeLinear against after its
    DequantizeLinear) on ``tensors``, worst first; for each, the node that makes the tensor
    and the nodes that read it (all kept in float when the tensor is). ``float_model`` is
    the source (unused by the ranking, kept for the provenance). Calling thread."""
    import onnx
    from onnxruntime.quantization.qdq_loss_debug import (
        collect_activations,
        compute_signal_to_quantization_noice_ratio,
        create_activation_matching,
        modify_model_output_intermediate_tensors,
    )

    del float_model
    with tempfile.TemporaryDirectory(prefix="edgestudio-ort-rank-", dir=qdq_model.parent) as temp:
        augmented = Path(temp) / "augmented.onnx"
        modify_model_output_intermediate_tensors(str(qdq_model), str(augmented))
        try:
            activations = collect_activations(str(augmented), [{input_name: t} for t in tensors])
        except Exception as exc:  # ONNX Runtime's own error: the repair cannot rank, say why
            raise ConversionError(f"The nodes of {qdq_model.name} could not be ranked: {exc}") from exc
    matching = create_activation_matching(activations)
    errors = {
        name: {"qdq_err": compute_signal_to_quantization_noice_ratio(match["pre_qdq"], match["post_qdq"])}
        for name, match in matching.items()
        if match.get("pre_qdq") and match.get("post_qdq")
    }
    graph = onnx.load(str(qdq_model), load_external_data=False).graph
    qdq_ops = ("QuantizeLinear", "DequantizeLinear")
    producer = {out: node.name for node in graph.node if node.op_type not in qdq_ops for out in node.output}
    readers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)

    def consumers(tensor: str) -> list[str]:
        found = []
        for node in readers.get(tensor, []):
            if node.op_type in qdq_ops:
                for out in node.output:
                    found += consumers(out)
            else:
                found.append(node.name)
        return found

    ranked: list[tuple[str, float]] = []
    seen: set[str] = set()
    for tensor, error in sorted(errors.items(), key=lambda item: float(item[1].get("qdq_err", np.inf))):
        if "qdq_err" not in error:
            continue
        nodes = [producer[tensor]] if tensor in producer else []
        for name in [*nodes, *consumers(tensor)]:
            if name and name not in seen:
                seen.add(name)
                ranked.append((name, float(error["qdq_err"])))
    return ranked
