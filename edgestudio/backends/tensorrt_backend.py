"""TensorRT backend: engines built from ONNX with the TensorRT Python API, run on an NVIDIA
GPU with CUDA buffers through ``cuda-python``.

TensorRT 10 and 11 differ where it matters and the code branches on the major version:

- 10: ``create_network(0)`` (explicit batch is the only mode), precision by builder flags
  (FP16; INT8 from an ONNX with Q/DQ nodes: no calibrator is used).
- 11: precision flags and calibrators are gone; networks are strongly typed
  (``STRONGLY_TYPED``): FP16 comes from an FP16 ONNX, INT8 from Q/DQ nodes.
- Both: parser errors are listed, the workspace has a memory-pool limit, dynamic inputs get
  an optimization profile, a timing cache speeds up rebuilds, ``build_serialized_network``
  builds and ``execute_async_v3`` runs with named tensor addresses.

An engine runs only with the TensorRT version and GPU it was built for: its sidecar
(``<plan stem>.json``) records both, the compute capability and the source model's hash,
and a stale engine is rebuilt from its source with a log message (or refused with the reason
when the source is gone), never loaded blindly.

TensorRT is not installable on machines without NVIDIA's libraries; there ``probe()`` says so
with the install hint. Thread rules: ``probe()`` any thread; build, load, run and close on
the thread that owns the runner.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.files import require_model_file
from edgestudio.backends.sidecar import ArtifactSidecar, TensorMapping, read_sidecar
from edgestudio.core.artifact import FORMAT_TENSORRT_PLAN, file_sha256
from edgestudio.core.errors import BackendUnavailable, ConversionError, InferenceError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import (
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    BackendStatus,
    DeviceOption,
    ModelIO,
    Rank,
    TensorInfo,
)

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "On a machine with an NVIDIA GPU and driver: pip install 'edgestudio[tensorrt]' "
    "(TensorRT and cuda-python from NVIDIA); Jetson devices have TensorRT in JetPack."
)
WORKSPACE_BYTES = 1 << 30
PRECISIONS = ("fp32", "fp16", "int8")


def _tensorrt() -> Any:
    try:
        import tensorrt as trt
    except ImportError as exc:
        raise BackendUnavailable(
            "TensorRT is not installed (it needs an NVIDIA GPU and NVIDIA's libraries).", INSTALL_HINT
        ) from exc
    return trt


def _cudart() -> Any:
    try:
        from cuda.bindings import runtime as cudart
    except ImportError:
        try:
            from cuda import cudart
        except ImportError as exc:
            raise BackendUnavailable("cuda-python is not installed.", INSTALL_HINT) from exc
    return cudart


def _check(result: Any) -> Any:
    """Unwrap a cuda-python call's ``(error, value...)`` tuple; InferenceError on failure."""
    error, *values = result if isinstance(result, tuple) else (result,)
    if int(error) != 0:
        raise InferenceError(f"CUDA call failed: {error}.")
    return values[0] if len(values) == 1 else tuple(values)


def gpu_identity() -> dict[str, str]:
    """The current CUDA device's name and compute capability (sidecar and staleness check)."""
    cudart = _cudart()
    props = _check(cudart.cudaGetDeviceProperties(0))
    name = props.name.decode() if isinstance(props.name, bytes) else str(props.name)
    return {"gpu": name.strip("\x00 "), "compute_capability": f"{props.major}.{props.minor}"}


def plan_sidecar_path(plan: Path) -> Path:
    """``engine.plan`` -> ``engine.json`` (the name ``core.formats`` looks for)."""
    return plan.with_suffix(".json")


def build_engine(
    source: Path,
    plan: Path,
    *,
    precision: str = "fp16",
    input_shapes: Mapping[str, tuple[int, ...]] | None = None,
    timing_cache: Path | None = None,
    workspace_bytes: int = WORKSPACE_BYTES,
) -> ArtifactSidecar:
    """Build a serialized engine from the ONNX model ``source`` into ``plan`` and write its
    sidecar. Runs on the calling thread (tens of seconds to minutes). Raises ConversionError
    with the parser's or builder's reasons."""
    if precision not in PRECISIONS:
        raise ConversionError(
            f"TensorRT has no precision '{precision}'.", f"Choose one of: {', '.join(PRECISIONS)}."
        )
    trt = _tensorrt()
    major = int(trt.__version__.split(".")[0])
    logger = trt.Logger(trt.Logger.WARNING)
    builder = trt.Builder(logger)
    # TensorRT 11: strongly typed (precision from the ONNX types); 10: explicit batch, flags 0.
    flags = 1 << int(trt.NetworkDefinitionCreationFlag.STRONGLY_TYPED) if major >= 11 else 0
    network = builder.create_network(flags)
    parser = trt.OnnxParser(network, logger)
    if not parser.parse_from_file(str(source)):
        errors = [str(parser.get_error(i)) for i in range(parser.num_errors)]
        raise ConversionError(
            f"TensorRT could not parse {source.name}: {'; '.join(errors)[:500]}",
            "Check that the model's operators are supported by this TensorRT version.",
        )
    config = builder.create_builder_config()
    config.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE, workspace_bytes)
    if major < 11:
        if precision == "fp16":
            config.set_flag(trt.BuilderFlag.FP16)
        elif precision == "int8":
            config.set_flag(trt.BuilderFlag.INT8)  # scales come from the model's Q/DQ nodes
    elif precision != "fp32":
        log.info("TensorRT %s: precision follows the ONNX types (%s asked)", trt.__version__, precision)
    inputs = [network.get_input(i) for i in range(network.num_inputs)]
    outputs = [network.get_output(i) for i in range(network.num_outputs)]
    shapes: dict[str, tuple[int, ...]] = {}
    profile = None
    for tensor in inputs:
        dims = tuple(int(d) for d in tensor.shape)
        if any(d < 0 for d in dims):
            given = (input_shapes or {}).get(tensor.name)
            if given is None:
                given = tuple(1 if d < 0 else d for d in dims)
            profile = profile or builder.create_optimization_profile()
            profile.set_shape(tensor.name, given, given, given)
            dims = tuple(given)
        shapes[tensor.name] = dims
    if profile is not None:
        config.add_optimization_profile(profile)
    cache_bytes = timing_cache.read_bytes() if timing_cache and timing_cache.is_file() else b""
    cache = config.create_timing_cache(cache_bytes)
    config.set_timing_cache(cache, ignore_mismatch=False)
    started = time.perf_counter()
    serialized = builder.build_serialized_network(network, config)
    if serialized is None:
        raise ConversionError(
            f"TensorRT could not build an engine for {source.name}.", "See the log for why."
        )
    plan.write_bytes(bytes(serialized))
    if timing_cache is not None:
        timing_cache.write_bytes(bytes(config.get_timing_cache().serialize()))
    sidecar = ArtifactSidecar(
        format=FORMAT_TENSORRT_PLAN,
        precision=precision,
        inputs=tuple(TensorMapping(t.name, t.name, shapes[t.name], _np_dtype(trt, t.dtype)) for t in inputs),
        outputs=tuple(TensorMapping(t.name, t.name, (), _np_dtype(trt, t.dtype)) for t in outputs),
        source_sha256=file_sha256(source),
        tool="tensorrt",
        tool_version=str(trt.__version__),
        layout="as the source model",
        extra={**gpu_identity(), "source_path": str(source), "build_seconds": time.perf_counter() - started},
    )
    sidecar.write(plan_sidecar_path(plan))
    return sidecar


def _np_dtype(trt: Any, dtype: Any) -> str:
    return np.dtype(trt.nptype(dtype)).name


def stale_reason(sidecar: ArtifactSidecar, trt_version: str, gpu: Mapping[str, str]) -> str:
    """Why an engine cannot run here ("" when it can): another TensorRT or another GPU."""
    if sidecar.tool_version != trt_version:
        return f"it was built with TensorRT {sidecar.tool_version}, this is TensorRT {trt_version}"
    for key, label in (("gpu", "GPU"), ("compute_capability", "compute capability")):
        if str(sidecar.extra.get(key, "")) != str(gpu.get(key, "")):
            return f"it was built for the {label} {sidecar.extra.get(key)}, this is {gpu.get(key)}"
    return ""


class TensorRtRunner(Runner):
    """A deserialized engine, an execution context and one CUDA buffer per I/O tensor."""

    def __init__(self, plan: Path, sidecar: ArtifactSidecar) -> None:
        trt = _tensorrt()
        self._cudart = cudart = _cudart()
        self._runtime = trt.Runtime(trt.Logger(trt.Logger.WARNING))
        self._engine = self._runtime.deserialize_cuda_engine(plan.read_bytes())
        if self._engine is None:
            raise ModelLoadError(f"TensorRT could not load the engine {plan.name}.", "Build it again.")
        self._context = self._engine.create_execution_context()
        self._stream = _check(cudart.cudaStreamCreate())
        self.device = "cuda"
        self._buffers: dict[str, tuple[int, np.ndarray]] = {}
        names = [self._engine.get_tensor_name(i) for i in range(self._engine.num_io_tensors)]
        self._input_names = [n for n in names if self._engine.get_tensor_mode(n) == trt.TensorIOMode.INPUT]
        self._output_names = [n for n in names if n not in self._input_names]
        shapes = {t.name: t.shape for t in sidecar.inputs}
        for name in self._input_names:
            self._context.set_input_shape(name, shapes.get(name, tuple(self._engine.get_tensor_shape(name))))
        for name in names:
            shape = tuple(self._context.get_tensor_shape(name))
            host = np.empty(shape, dtype=trt.nptype(self._engine.get_tensor_dtype(name)))
            pointer = _check(cudart.cudaMalloc(max(1, host.nbytes)))
            self._buffers[name] = (pointer, host)
            self._context.set_tensor_address(name, pointer)
        self.metadata = ModelIO(
            inputs=tuple(
                TensorInfo(n, self._buffers[n][1].shape, self._buffers[n][1].dtype.name)
                for n in self._input_names
            ),
            outputs=tuple(
                TensorInfo(n, self._buffers[n][1].shape, self._buffers[n][1].dtype.name)
                for n in self._output_names
            ),
            custom={"tensorrt": sidecar.tool_version, "precision": sidecar.precision},
        )

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        cudart = self._cudart
        h2d, d2h = cudart.cudaMemcpyKind.cudaMemcpyHostToDevice, cudart.cudaMemcpyKind.cudaMemcpyDeviceToHost
        for name in self._input_names:
            pointer, host = self._buffers[name]
            value = np.ascontiguousarray(inputs[name], dtype=host.dtype)
            if value.shape != host.shape:
                raise InferenceError(
                    f"The input {name} has shape {list(value.shape)}; the engine takes {list(host.shape)}."
                )
            _check(cudart.cudaMemcpyAsync(pointer, value.ctypes.data, value.nbytes, h2d, self._stream))
        if not self._context.execute_async_v3(self._stream):
            raise InferenceError("TensorRT could not run the engine.")
        results = {}
        for name in self._output_names:
            pointer, host = self._buffers[name]
            _check(cudart.cudaMemcpyAsync(host.ctypes.data, pointer, host.nbytes, d2h, self._stream))
            results[name] = host
        _check(cudart.cudaStreamSynchronize(self._stream))
        return {name: value.copy() for name, value in results.items()}

    def close(self) -> None:
        for pointer, _host in self._buffers.values():
            self._cudart.cudaFree(pointer)
        self._buffers.clear()
        if self._stream is not None:
            self._cudart.cudaStreamDestroy(self._stream)
            self._stream = None
        self._context = None
        self._engine = None
        self._runtime = None


class TensorRtBackend(Backend):
    id: ClassVar[str] = "tensorrt"
    name: ClassVar[str] = "TensorRT"
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION)
    formats: ClassVar[tuple[str, ...]] = ("tensorrt-plan",)

    def probe(self) -> BackendStatus:
        try:
            trt = _tensorrt()
            _cudart()
            gpu = gpu_identity()
        except BackendUnavailable as exc:
            return BackendStatus(
                self.id, self.name, False, reason=exc.message, install_hint=exc.hint, formats=self.formats
            )
        except InferenceError as exc:
            return BackendStatus(
                self.id,
                self.name,
                False,
                str(_tensorrt().__version__),
                reason=Text("no usable NVIDIA GPU ({error})", error=exc.message),
                install_hint="Install the NVIDIA driver.",
                formats=self.formats,
            )
        label = f"{gpu['gpu']} (compute {gpu['compute_capability']})"
        return BackendStatus(
            self.id,
            self.name,
            True,
            str(trt.__version__),
            (DeviceOption("cuda", label, True),),
            formats=self.formats,
        )

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """A tuned engine on an NVIDIA GPU: the top band."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        return self.ranked(
            task,
            "cuda",
            92,
            Text("{gpu}: a TensorRT engine built for this GPU.", gpu=status.devices[0].label),
        )

    def load(self, artifact: Path, device: str = "", **options: Any) -> TensorRtRunner:
        """Load an engine on the calling thread; a stale one is rebuilt from its source first
        (``options["rebuild"] = False`` refuses instead)."""
        require_model_file(artifact)
        if device not in ("", "cuda"):
            raise BackendUnavailable(f"TensorRT has no device called '{device}'.", "Use cuda.")
        trt = _tensorrt()
        sidecar = read_sidecar(plan_sidecar_path(artifact))
        reason = stale_reason(sidecar, str(trt.__version__), gpu_identity())
        if reason:
            source = Path(str(sidecar.extra.get("source_path", "")))
            usable = source.is_file() and file_sha256(source) == sidecar.source_sha256
            if not usable or options.get("rebuild") is False:
                raise ModelLoadError(
                    f"The TensorRT engine {artifact.name} cannot run here: {reason}.",
                    "Build it again on this device from its ONNX model with 'edgestudio models convert'.",
                )
            log.warning("rebuilding the TensorRT engine %s: %s", artifact.name, reason)
            sidecar = build_engine(
                source,
                artifact,
                precision=sidecar.precision,
                input_shapes={t.name: t.shape for t in sidecar.inputs},
            )
        return TensorRtRunner(artifact, sidecar)
