"""The model repository ``edgestudio serve`` hands to Triton: one Python-backend model per
served form, each with a ``config.pbtxt`` and a one-line ``1/model.py``.

The Python backend is the only one the ``nvidia-pytriton`` wheel ships, so every model runs
as a ``serve/stub_models.py`` class that loads it with EdgeStudio's own runtimes (chosen here
by the registry's rank: OpenVINO or ONNX Runtime on a CPU, TensorRT on NVIDIA). The configs
are built as Triton's ``ModelConfig`` protobuf (as ``triton_repository.py`` builds the
standard repository), each behind the dynamic batcher with an instance group, carrying the
``site_protocol.PARAM_*`` parameters a kiosk reads, and each is parsed back into
``ModelConfig`` before it is written.

Forms per model (names from ``site_protocol``):

- raw tensors, ``triton_model_name(id)``: the model's real inputs and outputs without their
  batch axis (Triton adds it); a model exported for one image at a time is batched too,
  because the stub splits every batch into single images for the runner's request queue;
- JPEG in, detections out, ``pipeline_model_name(id)`` (detection models);
- speech, ``triton_model_name(id)`` of the Whisper model.

Main thread of ``edgestudio serve`` (or a test); writes only under the folder it is given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import ModelFormatError
from edgestudio.serve.stub_models import PARAM_ENTRY, PARAM_THREADS, PARAM_THROUGHPUT
from edgestudio.serve.triton_repository import (
    TRITON_TYPES,
    BatchingOptions,
    TensorSpec,
    _model_config_pb2,
    model_io,
    parse_model_config,
)

if TYPE_CHECKING:
    from edgestudio.backends.registry import BackendRegistry
    from edgestudio.core.model_store import ModelEntry

FORM_TENSORS = "tensors"
FORM_JPEG = "jpeg"
FORM_SPEECH = "speech"
STUB_CLASSES = {
    FORM_TENSORS: "TensorsModel",
    FORM_JPEG: "DetectionJpegModel",
    FORM_SPEECH: "SpeechModel",
}
MODEL_PY = '''"""Written by edgestudio serve: {name} ({form}). Triton's Python backend loads the class
below; its code is EdgeStudio's (edgestudio/serve/stub_models.py), its settings are in
config.pbtxt. Triton's stub runs the base Python, which ignores PYTHONPATH: EdgeStudio's own
search path goes first."""

import sys

sys.path[:0] = [p for p in {paths!r} if p not in sys.path]

from edgestudio.serve.stub_models import {cls} as TritonPythonModel  # noqa: E402

__all__ = ["TritonPythonModel"]
'''


@dataclass(frozen=True)
class Runtime:
    """Where the server runs a model: the registry's pick (or the admin's), and why."""

    runtime: str
    name: str
    device: str
    version: str
    reason: str

    def to_parameter(self) -> str:
        return json.dumps(
            {"runtime": self.runtime, "name": self.name, "device": self.device, "version": self.version}
        )

    @property
    def gpu(self) -> bool:
        return self.device.upper().startswith(("GPU", "CUDA")) or self.runtime == "tensorrt"


@dataclass(frozen=True)
class ServedModel:
    """One model folder of the repository."""

    name: str
    form: str
    task: str
    model_id: str
    runtime: Runtime
    config_text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "form": self.form,
            "task": self.task,
            "model_id": self.model_id,
            "runtime": self.runtime.runtime,
            "device": self.runtime.device,
        }


def choose_runtime(
    registry: BackendRegistry, task: str, fmt: str, backend: str = "", device: str = ""
) -> Runtime:
    """The runtime the server loads ``task`` models of format ``fmt`` on: the registry's best
    rank here, or ``backend``/``device`` when the admin named them (checked)."""
    choice = registry.choose(task, fmt, backend, device)
    return Runtime(choice.backend.id, choice.status.name, choice.device, choice.status.version, choice.reason)


def _entry_parameter(entry: ModelEntry) -> str:
    return json.dumps(
        {
            "id": entry.id,
            "name": entry.name,
            "task": entry.task,
            "format": entry.format,
            "path": str(entry.path),
            "sha256": entry.sha256,
            "size": entry.size,
            "hints": entry.hints,
            "files": [str(f) for f in entry.all_files],
        }
    )


def _base_config(name: str, options: BatchingOptions, runtime: Runtime, params: dict[str, str]) -> Any:
    pb = _model_config_pb2()
    config = pb.ModelConfig(name=name, backend="python", max_batch_size=max(1, options.max_batch_size))
    kind = "KIND_GPU" if runtime.gpu else "KIND_CPU"
    config.instance_group.add(kind=pb.ModelInstanceGroup.Kind.Value(kind), count=max(1, options.instances))
    preferred = [s for s in options.preferred_batch_sizes if 0 < s <= config.max_batch_size]
    config.dynamic_batching.preferred_batch_size.extend(preferred)
    config.dynamic_batching.max_queue_delay_microseconds = max(0, options.max_queue_delay_us)
    for key, value in params.items():
        config.parameters[key].string_value = value
    return config


def _add_tensor(target: Any, spec: TensorSpec, *, ragged: bool = False, optional: bool = False) -> None:
    pb = _model_config_pb2()
    if spec.dtype not in TRITON_TYPES:
        raise ModelFormatError(f"Triton has no data type for '{spec.name}' ({spec.dtype}).")
    dims = list(spec.shape[1:]) or [1]  # the batch axis is Triton's
    tensor = target.add(name=spec.name, data_type=pb.DataType.Value(TRITON_TYPES[spec.dtype]), dims=dims)
    if ragged:
        tensor.allow_ragged_batch = True
    if optional:
        tensor.optional = True


def _add_named(target: Any, name: str, triton_type: str, dims: tuple[int, ...], **flags: bool) -> None:
    pb = _model_config_pb2()
    tensor = target.add(name=name, data_type=pb.DataType.Value(triton_type), dims=list(dims))
    for flag, value in flags.items():
        setattr(tensor, flag, value)


def _common_params(
    entry: ModelEntry, runtime: Runtime, form: str, threads: int, throughput: bool = False
) -> dict[str, str]:
    return {
        PARAM_THROUGHPUT: "1" if throughput else "0",
        sp.PARAM_TASK: entry.task,
        sp.PARAM_MODEL_ID: entry.id,
        sp.PARAM_SHA256: entry.sha256,
        sp.PARAM_RUNTIME: runtime.to_parameter(),
        sp.PARAM_FORM: form,
        PARAM_ENTRY: _entry_parameter(entry),
        PARAM_THREADS: str(threads),
    }


def detection_params(
    entry: ModelEntry, inputs: list[TensorSpec], outputs: list[TensorSpec]
) -> dict[str, str]:
    """The labels and input size a kiosk reads, from the model's tensors and card (the same
    recognition ``tasks/detection`` does when it loads the model)."""
    from edgestudio.core.types import ModelIO, TensorInfo
    from edgestudio.tasks.detection.spec import infer_spec

    def info(t: TensorSpec) -> TensorInfo:
        return TensorInfo(t.name, tuple(None if d < 0 else d for d in t.shape), t.dtype)

    spec = infer_spec(
        ModelIO(tuple(map(info, inputs)), tuple(map(info, outputs)), _onnx_custom(entry)), entry.hints
    )
    return {
        sp.PARAM_LABELS: json.dumps(list(spec.labels)),
        sp.PARAM_INPUT_SIZE: json.dumps([spec.input_width, spec.input_height]),
    }


def _onnx_custom(entry: ModelEntry) -> dict[str, str]:
    """An ONNX model's metadata properties (Ultralytics writes its class names there)."""
    if entry.format != "onnx":
        return {}
    import onnx

    model = onnx.load(str(entry.path), load_external_data=False)
    return {p.key: p.value for p in model.metadata_props}


def tensors_config(
    name: str,
    entry: ModelEntry,
    runtime: Runtime,
    options: BatchingOptions,
    threads: int = 0,
    throughput: bool = False,
) -> tuple[Any, list[TensorSpec], list[TensorSpec]]:
    """The raw-tensor form of ``entry``: its real tensors, batched by Triton. A request may
    name the outputs it wants (KServe v2 ``outputs``); only those travel back."""
    inputs, outputs = model_io(entry)
    params = _common_params(entry, runtime, FORM_TENSORS, threads, throughput)
    if entry.task == "detection":
        params |= detection_params(entry, inputs, outputs)
    config = _base_config(name, options, runtime, params)
    for spec in inputs:
        _add_tensor(config.input, spec)
    for spec in outputs:
        _add_tensor(config.output, spec)
    return config, inputs, outputs


def jpeg_config(
    name: str,
    entry: ModelEntry,
    runtime: Runtime,
    options: BatchingOptions,
    threads: int = 0,
    confidence: float = 0.4,
    iou: float = 0.5,
    throughput: bool = False,
) -> Any:
    """The JPEG-in, detections-out form of a detection model."""
    inputs, outputs = model_io(entry)
    params = _common_params(entry, runtime, FORM_JPEG, threads, throughput)
    params |= detection_params(entry, inputs, outputs)
    params |= {sp.PARAM_CONFIDENCE: str(confidence), sp.PARAM_IOU: str(iou)}
    config = _base_config(name, options, runtime, params)
    _add_named(config.input, sp.PIPELINE_INPUT, sp.PIPELINE_INPUT_TYPE, (-1,), allow_ragged_batch=True)
    for out_name, (triton_type, dims) in sp.PIPELINE_OUTPUTS.items():
        _add_named(config.output, out_name, triton_type, dims)
    return config


def speech_config(name: str, entry: ModelEntry, runtime: Runtime, options: BatchingOptions) -> Any:
    """Whisper through the speech engine: audio in, UTF-8 text and segments out."""
    params = _common_params(entry, runtime, FORM_SPEECH, 0)
    config = _base_config(name, options, runtime, params)
    _add_named(config.input, sp.ASR_INPUT, "TYPE_FP32", (-1,), allow_ragged_batch=True)
    _add_named(
        config.input, sp.ASR_LANGUAGE_INPUT, sp.TEXT_TYPE, (-1,), allow_ragged_batch=True, optional=True
    )
    _add_named(config.output, sp.ASR_TEXT_OUTPUT, sp.TEXT_TYPE, (-1,))
    _add_named(config.output, sp.ASR_SEGMENTS_OUTPUT, sp.TEXT_TYPE, (-1,))
    return config


def write_model(
    repository: Path, config: Any, form: str, task: str, model_id: str, runtime: Runtime
) -> ServedModel:
    """Write one model folder (config parsed back into ``ModelConfig`` first: a config Triton
    would refuse is never written)."""
    from google.protobuf import text_format

    text = text_format.MessageToString(config)
    parse_model_config(text)
    folder = repository / config.name
    (folder / "1").mkdir(parents=True, exist_ok=False)
    (folder / "config.pbtxt").write_text(text, encoding="utf-8")
    from edgestudio.serve.tritonserver import import_paths

    model_py = MODEL_PY.format(name=config.name, form=form, cls=STUB_CLASSES[form], paths=import_paths())
    (folder / "1" / "model.py").write_text(model_py, encoding="utf-8")
    return ServedModel(config.name, form, task, model_id, runtime, text)
