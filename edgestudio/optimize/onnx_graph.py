"""What converters need to know about an ONNX graph: its real inputs (initializers listed as
inputs are not inputs), their static shapes, the shapes its outputs really have, and a copy
cut at chosen tensors. Uses the ``onnx`` package and ONNX Runtime; any thread."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import BackendUnavailable, ConversionError


@dataclass(frozen=True)
class GraphTensor:
    name: str
    shape: tuple[int, ...]
    dtype: str


@dataclass(frozen=True)
class OnnxGraphInfo:
    path: Path
    inputs: tuple[GraphTensor, ...]
    outputs: tuple[GraphTensor, ...]


def write_cut_model(
    source: Path,
    target: Path,
    outputs: Sequence[str] | None = None,
    input_shapes: Mapping[str, tuple[int, ...]] | None = None,
    *,
    for_ncnn: bool = False,
) -> Path:
    """Write ``source`` to ``target`` with only its real inputs (initializers removed from
    the input list), static input shapes (``input_shapes`` fills dynamic dimensions), and,
    when ``outputs`` are given, only the part of the graph that computes them. ``for_ncnn``
    rewrites operators whose semantics ncnn lacks into equivalent ones it has."""
    try:
        import onnx
        import onnx.utils
    except ImportError as exc:
        raise BackendUnavailable("Converting models needs the onnx package.", "pip install onnx") from exc
    try:
        model = onnx.load(str(source))
    except Exception as exc:
        raise ConversionError(f"{source.name} is not an ONNX model EdgeStudio can read: {exc}") from exc
    graph = model.graph
    initializers = {init.name for init in graph.initializer}
    real_inputs = [i for i in graph.input if i.name not in initializers]
    del graph.input[:]
    graph.input.extend(real_inputs)
    for value in graph.input:
        dims = value.type.tensor_type.shape.dim
        given = (input_shapes or {}).get(value.name)
        if given is not None:
            if len(given) != len(dims):
                raise ConversionError(
                    f"The shape given for {value.name} has {len(given)} dimensions, not {len(dims)}."
                )
            for dim, size in zip(dims, given, strict=True):
                dim.Clear()
                dim.dim_value = int(size)
        missing = [i for i, dim in enumerate(dims) if dim.dim_value <= 0]
        if missing == [0]:  # a dynamic batch axis: one picture at a time
            dims[0].Clear()
            dims[0].dim_value = 1
        elif missing:
            raise ConversionError(
                f"The input {value.name} of {source.name} has dynamic dimensions.",
                "Give the input size to convert it (the model's fixed image size).",
            )
    if outputs:
        known = {o for node in graph.node for o in node.output}
        unknown = [name for name in outputs if name not in known]
        if unknown:
            raise ConversionError(f"{source.name} has no tensor called {', '.join(unknown)}.")
        extractor = onnx.utils.Extractor(model)
        model = extractor.extract_model([i.name for i in graph.input], list(outputs))
    if for_ncnn:
        rewrite_asymmetric_resize(model)
    onnx.save(model, str(target))
    return target


def describe_onnx(path: Path) -> OnnxGraphInfo:
    """Names, shapes and dtypes of the model's inputs and outputs; output shapes are measured
    by running the model once on zeros with ONNX Runtime (shape inference leaves many
    exported graphs' outputs symbolic)."""
    import onnxruntime as ort

    try:
        options = ort.SessionOptions()
        options.log_severity_level = 3  # unused-initializer notes of cut graphs are noise
        session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise ConversionError(
            f"ONNX Runtime cannot load {path.name}: {str(exc).splitlines()[-1][:300]}"
        ) from exc
    inputs = []
    feeds = {}
    for tensor in session.get_inputs():
        shape = tuple(d if isinstance(d, int) and d > 0 else 1 for d in tensor.shape)
        dtype = _ORT_TYPES.get(tensor.type, "float32")
        inputs.append(GraphTensor(tensor.name, shape, dtype))
        feeds[tensor.name] = np.zeros(shape, dtype=np.dtype(dtype))
    results = session.run(None, feeds)
    outputs = tuple(
        GraphTensor(o.name, tuple(int(d) for d in np.shape(value)), str(np.asarray(value).dtype))
        for o, value in zip(session.get_outputs(), results, strict=True)
    )
    return OnnxGraphInfo(path, tuple(inputs), outputs)


_ORT_TYPES = {
    "tensor(float)": "float32",
    "tensor(float16)": "float16",
    "tensor(uint8)": "uint8",
    "tensor(int8)": "int8",
    "tensor(int32)": "int32",
    "tensor(int64)": "int64",
}


def rewrite_asymmetric_resize(model: Any) -> int:
    """Rewrite linear ``Resize`` nodes with ``asymmetric`` coordinates (TensorFlow 1's
    resize_bilinear, common in TF-exported detectors) into operators ncnn has; returns how
    many were rewritten. Edits ``model`` (an ``onnx.ModelProto``) in place.

    ncnn's Interp knows half-pixel and align-corners sampling only, and pnnx silently maps
    asymmetric to half-pixel (a quarter-pixel shift per upsampling: wrong boxes). Asymmetric
    upsampling by an integer factor equals: pad one edge row/column, resize with aligned
    corners to ``factor * (size + 1) - factor + 1``, and crop back to ``factor * size``.
    """
    import onnx
    from onnx import helper, numpy_helper

    inferred = onnx.shape_inference.infer_shapes(model)
    shapes: dict[str, list[int]] = {}
    for value in (*inferred.graph.value_info, *inferred.graph.input, *inferred.graph.output):
        shapes[value.name] = [d.dim_value for d in value.type.tensor_type.shape.dim]
    constants = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    rewritten = 0
    nodes = list(model.graph.node)
    new_nodes = []
    for node in nodes:
        if node.op_type != "Resize":  # a Constant has no input at all
            new_nodes.append(node)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        shape = shapes.get(node.input[0], [])
        scales = constants.get(node.input[2]) if len(node.input) > 2 else None
        if (
            node.op_type != "Resize"
            or attrs.get("coordinate_transformation_mode") != b"asymmetric"
            or attrs.get("mode") != b"linear"
            or scales is None
            or scales.size != 4
            or len(shape) != 4
            or min(shape) <= 0
            or not np.all(scales[:2] == 1)
            or not np.all(np.mod(scales[2:], 1) == 0)
        ):
            new_nodes.append(node)
            continue
        factor_h, factor_w = int(scales[2]), int(scales[3])
        n, c, h, w = shape
        prefix = f"{node.name or node.output[0]}/ncnn_asymmetric"
        pads = numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 0, 1, 1], np.int64), f"{prefix}/pads")
        sizes = numpy_helper.from_array(
            np.array([n, c, factor_h * h + 1, factor_w * w + 1], np.int64), f"{prefix}/sizes"
        )
        starts = numpy_helper.from_array(np.array([0, 0], np.int64), f"{prefix}/starts")
        ends = numpy_helper.from_array(np.array([factor_h * h, factor_w * w], np.int64), f"{prefix}/ends")
        axes = numpy_helper.from_array(np.array([2, 3], np.int64), f"{prefix}/axes")
        model.graph.initializer.extend([pads, sizes, starts, ends, axes])
        new_nodes += [
            helper.make_node("Pad", [node.input[0], pads.name], [f"{prefix}/padded"], mode="edge"),
            helper.make_node(
                "Resize",
                [f"{prefix}/padded", "", "", sizes.name],
                [f"{prefix}/resized"],
                mode="linear",
                coordinate_transformation_mode="align_corners",
            ),
            helper.make_node(
                "Slice", [f"{prefix}/resized", starts.name, ends.name, axes.name], [node.output[0]]
            ),
        ]
        rewritten += 1
    if rewritten:
        del model.graph.node[:]
        model.graph.node.extend(new_nodes)
    return rewritten
