"""A stored model as a standard Triton model repository (``models export MODEL --triton DIR``).

The repository is what a site runs in NVIDIA's Triton container, in OpenVINO Model Server or
under KServe, unchanged::

    DIR/<model>/config.pbtxt
    DIR/<model>/1/model.onnx | model.xml + model.bin | model.plan

``config.pbtxt`` is built as Triton's own ``ModelConfig`` protobuf (from ``tritonclient``) and
written in protobuf's text format, so it parses wherever Triton parses it: the platform for
the model's format, the real input and output names, data types and dims read from the model
itself (ONNX graph, OpenVINO IR, or a TensorRT plan's sidecar), and an instance group on the
device kind the platform runs on. A model whose every tensor has a free first axis is
batched by Triton's dynamic batcher (``max_batch_size``, preferred sizes, queue delay); a
model built for one image at a time is written with ``max_batch_size: 0`` and the reason.

Any thread; the export writes into a new folder beside the target and renames it into place,
so a failure leaves no half-written repository.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.backends.sidecar import read_sidecar, sidecar_path
from edgestudio.core.artifact import FORMAT_LABELS, FORMAT_ONNX, FORMAT_OPENVINO_IR, FORMAT_TENSORRT_PLAN
from edgestudio.core.errors import BackendUnavailable, ModelFormatError, StorageError
from edgestudio.core.messages import Text
from edgestudio.core.site_protocol import triton_model_name

if TYPE_CHECKING:
    from edgestudio.core.model_store import ModelEntry

INSTALL_HINT = "pip install 'edgestudio[site]' (tritonclient, which carries Triton's ModelConfig)"


@dataclass(frozen=True)
class TritonPlatform:
    """How Triton serves one model format: its platform name, the file name its backend looks
    for in the version folder, and the device kind its instances run on."""

    platform: str
    main_file: str
    instance_kind: str


# Triton's platform per model format (the formats Triton's standard backends read).
PLATFORMS: dict[str, TritonPlatform] = {
    FORMAT_ONNX: TritonPlatform("onnxruntime_onnx", "model.onnx", "KIND_CPU"),
    FORMAT_OPENVINO_IR: TritonPlatform("openvino", "model.xml", "KIND_CPU"),
    FORMAT_TENSORRT_PLAN: TritonPlatform("tensorrt_plan", "model.plan", "KIND_GPU"),
}
# numpy dtype names to Triton's data types
TRITON_TYPES = {
    "float32": "TYPE_FP32",
    "float16": "TYPE_FP16",
    "float64": "TYPE_FP64",
    "int64": "TYPE_INT64",
    "int32": "TYPE_INT32",
    "int16": "TYPE_INT16",
    "int8": "TYPE_INT8",
    "uint8": "TYPE_UINT8",
    "bool": "TYPE_BOOL",
}


@dataclass(frozen=True)
class TensorSpec:
    """One input or output as the model declares it; -1 marks a free axis."""

    name: str
    dtype: str
    shape: tuple[int, ...]


@dataclass(frozen=True)
class BatchingOptions:
    """Triton's dynamic batcher and instance group for a model that can be batched."""

    max_batch_size: int = 8
    preferred_batch_sizes: tuple[int, ...] = (4, 8)
    max_queue_delay_us: int = 2000
    instances: int = 1


@dataclass(frozen=True)
class ExportedRepository:
    """What ``export_triton_repository`` wrote."""

    folder: Path
    model_name: str
    platform: str
    config_text: str
    batched: bool
    note: str = ""
    inputs: list[TensorSpec] = field(default_factory=list)
    outputs: list[TensorSpec] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "model_name": self.model_name,
            "platform": self.platform,
            "batched": self.batched,
            "note": self.note,
            "config": str(self.folder / self.model_name / "config.pbtxt"),
            "inputs": [vars(t) | {"shape": list(t.shape)} for t in self.inputs],
            "outputs": [vars(t) | {"shape": list(t.shape)} for t in self.outputs],
        }


def _model_config_pb2() -> Any:
    try:
        from tritonclient.grpc import model_config_pb2
    except ImportError as exc:
        raise BackendUnavailable(
            "Triton's model configuration library is not installed.", INSTALL_HINT
        ) from exc
    return model_config_pb2


def _onnx_io(path: Path) -> tuple[list[TensorSpec], list[TensorSpec]]:
    import onnx
    from onnx import helper

    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as exc:
        raise ModelFormatError(f"{path.name} could not be read as ONNX: {exc}") from exc
    initializers = {i.name for i in model.graph.initializer}

    def spec(value: Any) -> TensorSpec:
        tensor = value.type.tensor_type
        dims = tuple(d.dim_value if d.HasField("dim_value") else -1 for d in tensor.shape.dim)
        return TensorSpec(value.name, str(helper.tensor_dtype_to_np_dtype(tensor.elem_type)), dims)

    inputs = [spec(v) for v in model.graph.input if v.name not in initializers]
    return inputs, [spec(v) for v in model.graph.output]


def _openvino_io(path: Path) -> tuple[list[TensorSpec], list[TensorSpec]]:
    import openvino as ov

    try:
        model = ov.Core().read_model(str(path))
    except Exception as exc:
        raise ModelFormatError(f"{path.name} could not be read as OpenVINO IR: {exc}") from exc

    def spec(port: Any) -> TensorSpec:
        dims = tuple(d.get_length() if d.is_static else -1 for d in port.get_partial_shape())
        return TensorSpec(port.get_any_name(), port.get_element_type().to_dtype().name, dims)

    return [spec(p) for p in model.inputs], [spec(p) for p in model.outputs]


def _plan_io(path: Path) -> tuple[list[TensorSpec], list[TensorSpec]]:
    sidecar = read_sidecar(sidecar_path(path))
    return (
        [TensorSpec(t.runtime_name, t.dtype, t.shape) for t in sidecar.inputs],
        [TensorSpec(t.runtime_name, t.dtype, t.shape) for t in sidecar.outputs],
    )


def model_io(entry: ModelEntry) -> tuple[list[TensorSpec], list[TensorSpec]]:
    """The inputs and outputs ``entry`` declares, read from the model (any thread)."""
    readers = {FORMAT_ONNX: _onnx_io, FORMAT_OPENVINO_IR: _openvino_io, FORMAT_TENSORRT_PLAN: _plan_io}
    return readers[entry.format](entry.path)


def build_model_config(
    name: str,
    platform: TritonPlatform,
    inputs: list[TensorSpec],
    outputs: list[TensorSpec],
    options: BatchingOptions,
) -> tuple[Any, bool, str]:
    """Triton's ``ModelConfig`` for these tensors: (config, batched, why not batched)."""
    pb = _model_config_pb2()
    tensors = [*inputs, *outputs]
    batched = options.max_batch_size > 0 and all(t.shape and t.shape[0] == -1 for t in tensors)
    note = ""
    if not batched:
        fixed = next((t for t in tensors if t.shape and t.shape[0] != -1), None)
        note = (
            Text(
                "'{tensor}' has a fixed first axis of {size}, so Triton cannot batch this model: export "
                "it with a dynamic batch axis to use the dynamic batcher.",
                tensor=fixed.name,
                size=fixed.shape[0],
            )
            if fixed is not None
            else "Batching is off (--max-batch 0)."
        )
    config = pb.ModelConfig(
        name=name, platform=platform.platform, max_batch_size=options.max_batch_size if batched else 0
    )
    for spec, target in [(t, config.input) for t in inputs] + [(t, config.output) for t in outputs]:
        if spec.dtype not in TRITON_TYPES:
            raise ModelFormatError(f"Triton has no data type for '{spec.name}' ({spec.dtype}).")
        dims = spec.shape[1:] if batched else spec.shape
        target.add(
            name=spec.name, data_type=pb.DataType.Value(TRITON_TYPES[spec.dtype]), dims=list(dims) or [1]
        )
    config.instance_group.add(
        kind=pb.ModelInstanceGroup.Kind.Value(platform.instance_kind), count=max(1, options.instances)
    )
    if batched:
        preferred = [size for size in options.preferred_batch_sizes if 0 < size <= options.max_batch_size]
        config.dynamic_batching.preferred_batch_size.extend(preferred)
        config.dynamic_batching.max_queue_delay_microseconds = options.max_queue_delay_us
    return config, batched, note


def parse_model_config(text: str) -> Any:
    """``text`` parsed into Triton's ``ModelConfig``; ModelFormatError when Triton would refuse it."""
    from google.protobuf import text_format

    pb = _model_config_pb2()
    try:
        return text_format.Parse(text, pb.ModelConfig())
    except text_format.ParseError as exc:
        raise ModelFormatError(f"The model configuration is not valid for Triton: {exc}") from exc


def repository_model_name(entry: ModelEntry) -> str:
    """A model name Triton accepts as a folder and in URLs (the kiosks' ``remote`` runtime asks
    for the same name)."""
    return triton_model_name(entry.id)


def export_triton_repository(entry: ModelEntry, folder: Path, options: BatchingOptions) -> ExportedRepository:
    """Write ``entry`` into the repository ``folder`` (created if missing) as its own model
    folder; an existing model folder of that name is left untouched and refused."""
    platform = PLATFORMS.get(entry.format)
    if platform is None:
        served = ", ".join(FORMAT_LABELS.get(f, f) for f in PLATFORMS)
        raise ModelFormatError(
            Text(
                "{model} is a {format} model; Triton's standard backends serve {served}.",
                model=entry.name,
                format=FORMAT_LABELS.get(entry.format, entry.format),
                served=served,
            ),
            "Convert it first (edgestudio models convert) or export the ONNX it came from.",
        )
    if entry.problem:
        raise ModelFormatError(f"{entry.name} is damaged: {entry.problem}")
    name = repository_model_name(entry)
    target = folder / name
    if target.exists():
        raise StorageError(
            Text("{path} already exists; nothing was changed.", path=str(target)),
            "Remove that model folder first, or export into another repository folder.",
        )
    inputs, outputs = model_io(entry)
    config, batched, note = build_model_config(name, platform, inputs, outputs, options)
    from google.protobuf import text_format

    text = text_format.MessageToString(config)
    parse_model_config(text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=folder))
        try:
            version = staging / "1"
            version.mkdir()
            for file in entry.all_files:
                is_main = file == entry.path
                shutil.copy2(
                    file, version / (platform.main_file if is_main else _renamed(file, entry, platform))
                )
            (staging / "config.pbtxt").write_text(text, encoding="utf-8")
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except OSError as exc:
        raise StorageError(
            Text(
                "The repository could not be written to {folder}: {reason}.",
                folder=str(folder),
                reason=exc.strerror or str(exc),
            )
        ) from exc
    return ExportedRepository(folder, name, platform.platform, text, batched, note, inputs, outputs)


def _renamed(file: Path, entry: ModelEntry, platform: TritonPlatform) -> str:
    """The name a companion file takes in the version folder (an IR's weights follow its
    ``model.xml``; other files keep their names)."""
    if entry.format == FORMAT_OPENVINO_IR and file.suffix == ".bin" and file.stem == entry.path.stem:
        return Path(platform.main_file).with_suffix(".bin").name
    return file.name
