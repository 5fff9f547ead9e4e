"""A detector at another input size: for ONNX runtimes (a resized ONNX copy) and for
OpenVINO (``Model.reshape``). Used by the optimizer's input-size candidates
(``optimize/converters/input_size.py``) and by ``edgestudio bench grid``.

A detector exported for one image size often still runs at others: convolutions and
pooling follow the input. What breaks it is a reshape whose target shape was written for
the export size (CenterNet's decode tail reshapes its 128x128 box map to ``[16384, 4]``).
:func:`size_bound_reshapes` finds those with ONNX shape inference at the new size. When
they lie only in the decoding tail and the model card names the raw heads (``heads``), the
graph is cut at the heads and the detection task decodes them itself (the path ncnn takes);
otherwise the size cannot run and the reason names the node.

Pure functions on the calling thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import BackendUnavailable, ConversionError
from edgestudio.core.privacy import disable_telemetry


@dataclass(frozen=True)
class SizedForm:
    """A model file ready for a runtime at one input size, the hints its decoding needs and
    a note for people when it differs from the original (e.g. heads decoded by EdgeStudio)."""

    path: Path
    hints: dict[str, Any]
    note: str = ""


@dataclass(frozen=True)
class InputGeometry:
    """The image input of a detector: its name, layout and export size."""

    name: str
    channels_last: bool
    height: int
    width: int

    def shape(self, size: int) -> list[int]:
        """The input shape for a ``size`` x ``size`` picture, batch of one."""
        return [1, size, size, 3] if self.channels_last else [1, 3, size, size]


def _heads(hints: Mapping[str, Any]) -> list[str]:
    heads = hints.get("heads")
    if isinstance(heads, dict) and {"heatmap", "sizes"} <= heads.keys():
        return [str(heads["heatmap"]), str(heads["sizes"])]
    return []


def _import_onnx() -> Any:
    try:
        import onnx
    except ImportError as exc:
        raise BackendUnavailable("Resizing ONNX models needs the onnx package.", "pip install onnx") from exc
    return onnx


def input_geometry(model: Any) -> InputGeometry:
    """The image input of the ``onnx.ModelProto`` ``model`` (initializers are not inputs)."""
    initializers = {init.name for init in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    if len(inputs) != 1:
        raise ConversionError(f"The model has {len(inputs)} inputs; a detector has one image input.")
    dims = [d.dim_value if d.dim_value > 0 else 0 for d in inputs[0].type.tensor_type.shape.dim]
    if len(dims) != 4 or 3 not in (dims[1], dims[3]):
        raise ConversionError(f"The model's input {inputs[0].name} {dims} is not a batch of RGB pictures.")
    if dims[3] == 3:
        return InputGeometry(inputs[0].name, True, dims[1], dims[2])
    return InputGeometry(inputs[0].name, False, dims[2], dims[3])


def _constants(model: Any) -> dict[str, np.ndarray]:
    from onnx import numpy_helper

    values = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Constant":
            for attribute in node.attribute:
                if attribute.name == "value":
                    values[node.output[0]] = numpy_helper.to_array(attribute.t)
    return values


def _resized(model: Any, geometry: InputGeometry, size: int) -> Any:
    """A copy of ``model`` whose image input is ``size`` x ``size``; every recorded inner and
    output shape is dropped, since those were written for the export size."""
    onnx = _import_onnx()
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    for value in copy.graph.input:
        if value.name != geometry.name:
            continue
        for dim, wanted in zip(value.type.tensor_type.shape.dim, geometry.shape(size), strict=True):
            dim.Clear()
            dim.dim_value = wanted
    del copy.graph.value_info[:]
    for output in copy.graph.output:
        for index, dim in enumerate(output.type.tensor_type.shape.dim):
            dim.Clear()
            dim.dim_param = f"{output.name}_{index}"
    return copy


def shape_conflict(model: Any, geometry: InputGeometry, size: int) -> str:
    """Why ONNX shape inference refuses ``model`` at ``size`` x ``size`` (e.g. a Concat whose
    inputs no longer line up when the size is not a multiple of the network's stride), in
    one line; "" when the shapes fit."""
    onnx = _import_onnx()
    try:
        onnx.shape_inference.infer_shapes(_resized(model, geometry, size), strict_mode=True, data_prop=True)
    except onnx.shape_inference.InferenceError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return first.replace("[ShapeInferenceError] Inference error(s): ", "")[:300]
    return ""


def size_bound_reshapes(model: Any, geometry: InputGeometry, size: int) -> list[str]:
    """The Reshape nodes of ``model`` whose constant target shape cannot hold their input
    when the picture is ``size`` x ``size`` (described for people), found with ONNX shape
    inference at that size. Empty when every reshape follows the input size (or when shape
    inference cannot tell; the runtime then says what fails)."""
    onnx = _import_onnx()
    inferred = onnx.shape_inference.infer_shapes(_resized(model, geometry, size), data_prop=True)
    shapes: dict[str, list[int]] = {}
    for value in (*inferred.graph.value_info, *inferred.graph.input, *inferred.graph.output):
        dims = value.type.tensor_type.shape.dim
        if all(d.HasField("dim_value") for d in dims):
            shapes[value.name] = [int(d.dim_value) for d in dims]
    constants = _constants(model)
    found = []
    for node in model.graph.node:
        if node.op_type != "Reshape" or len(node.input) < 2 or node.input[1] not in constants:
            continue
        source = shapes.get(node.input[0])
        target = [int(v) for v in constants[node.input[1]].reshape(-1)]
        if source is None:
            continue
        count = int(np.prod(source))
        resolved = [source[i] if v == 0 and i < len(source) else v for i, v in enumerate(target)]
        known = int(np.prod([v for v in resolved if v != -1]))
        fits = count % known == 0 if -1 in resolved and known else count == known
        if not fits:
            found.append(f"{node.op_type} {node.name or node.output[0]} to {target}")
    return found


def onnx_at_size(source: Path, hints: Mapping[str, Any], size: int, folder: Path, stem: str) -> SizedForm:
    """``source`` (ONNX) written to ``folder`` for ``size`` x ``size`` pictures: whole when
    every reshape follows the size, cut at its raw heads when only the decoding tail is bound
    to the export size. Raises ConversionError saying which reshape holds it to its size."""
    onnx = _import_onnx()
    model = onnx.load(str(source))
    geometry = input_geometry(model)
    target = folder / f"{stem}.onnx"
    if size in (geometry.height, geometry.width) and geometry.height == geometry.width:
        onnx.save(model, str(target))
        return SizedForm(target, dict(hints))
    conflict = shape_conflict(model, geometry, size)
    if conflict:
        raise ConversionError(
            f"The graph's shapes do not fit {size}x{size}: {conflict}",
            "Sizes that are a multiple of 32 (the network's usual stride) work most often.",
        )
    bound = size_bound_reshapes(model, geometry, size)
    if not bound:
        onnx.save(_resized(model, geometry, size), str(target))
        return SizedForm(target, dict(hints))
    heads = _heads(hints)
    native = f"{geometry.width}x{geometry.height}"
    if heads:
        resized = _resized(model, geometry, size)
        cut = onnx.utils.Extractor(resized).extract_model([geometry.name], heads)
        still = size_bound_reshapes(cut, geometry, size)
        if not still:
            onnx.save(cut, str(target))
            return SizedForm(
                target,
                {**hints, "layout": "centernet"},
                f"its decoding tail is fixed at {native} ({bound[0]}): the raw heads run and "
                "EdgeStudio decodes them",
            )
        bound = still
    raise ConversionError(
        f"The graph only runs at {native}: {bound[0]} is written for that size.",
        "Export the model with a dynamic input size to run it at other sizes.",
    )


def _result_names(result: Any) -> set[str]:
    return set(result.output(0).get_names()) | set(result.input_value(0).get_names())


def openvino_at_size(
    source: Path,
    hints: Mapping[str, Any],
    size: int,
    folder: Path,
    stem: str,
    *,
    compress_to_fp16: bool = False,
) -> SizedForm:
    """``source`` (ONNX or an OpenVINO IR) saved as an IR in ``folder`` for ``size`` x
    ``size`` pictures with OpenVINO's ``Model.reshape``; when the whole graph refuses that
    size and the card names raw heads, the model keeps only the heads (EdgeStudio decodes
    them). Raises ConversionError with OpenVINO's reason."""
    disable_telemetry()
    try:
        import openvino as ov
    except ImportError as exc:
        raise BackendUnavailable("OpenVINO is not installed.", "pip install 'edgestudio[openvino]'") from exc
    core = ov.Core()
    try:
        model = ov.convert_model(str(source)) if source.suffix == ".onnx" else core.read_model(str(source))
    except Exception as exc:
        raise ConversionError(f"OpenVINO could not read {source.name}: {_last_line(exc)}") from exc
    parameter = model.get_parameters()[0]
    shape = [d.get_length() if d.is_static else 0 for d in parameter.get_partial_shape()]
    channels_last = len(shape) == 4 and shape[3] == 3
    geometry = InputGeometry(
        parameter.get_friendly_name(), channels_last, *(shape[1:3] if channels_last else shape[2:4])
    )
    note = ""
    form_hints = dict(hints)
    if (geometry.height, geometry.width) != (size, size):
        name = parameter.output(0).get_any_name()
        try:
            model.reshape({name: geometry.shape(size)})
        except Exception as whole_error:
            heads = _heads(hints)
            kept = [r for r in model.get_results() if _result_names(r) & set(heads)]
            if len(kept) != len(heads) or not heads:
                raise ConversionError(
                    f"OpenVINO cannot reshape it to {size}x{size}: {_last_line(whole_error)}",
                    "Export the model with a dynamic input size to run it at other sizes.",
                ) from whole_error
            model = ov.Model(kept, model.get_parameters(), model.get_friendly_name())
            try:
                model.reshape({name: geometry.shape(size)})
            except Exception as exc:
                raise ConversionError(
                    f"OpenVINO cannot reshape it to {size}x{size}: {_last_line(exc)}",
                    "Sizes that are a multiple of 32 (the network's usual stride) work most often.",
                ) from exc
            form_hints["layout"] = "centernet"
            note = (
                f"OpenVINO cannot reshape its decoding tail from {geometry.width}x{geometry.height} "
                f"({_last_line(whole_error)}): the raw heads run and EdgeStudio decodes them"
            )
    folder.mkdir(parents=True, exist_ok=True)
    xml = folder / f"{stem}.xml"
    try:
        ov.save_model(model, str(xml), compress_to_fp16=compress_to_fp16)
    except Exception as exc:
        raise ConversionError(f"OpenVINO could not save the resized model: {_last_line(exc)}") from exc
    return SizedForm(xml, form_hints, note)


def _last_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[-1][:300] if text else type(exc).__name__
