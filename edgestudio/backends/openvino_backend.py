"""OpenVINO backend: Intel CPU, integrated/discrete GPU and NPU, or AUTO."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.files import require_model_file
from edgestudio.backends.inflight import Feeds, RequestQueue
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.privacy import disable_telemetry
from edgestudio.core.types import (
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    TASK_FACE_EMBEDDING,
    BackendStatus,
    DeviceOption,
    ModelIO,
    Rank,
    TensorInfo,
)

log = logging.getLogger(__name__)

_KNOWN = {
    "CPU": ("CPU", "no OpenVINO CPU plugin (x86-64 or ARM64 CPU required)"),
    "GPU": ("Intel GPU", "no Intel GPU found (or its compute driver is missing)"),
    "NPU": ("Intel NPU", "no Intel NPU found (Core Ultra NPU and driver needed)"),
}


def _shape(partial: Any) -> tuple[int | None, ...]:
    dims: list[int | None] = []
    for dim in partial:
        dims.append(dim.get_length() if dim.is_static else None)
    return tuple(dims)


def _framework_metadata(model: Any) -> dict[str, str]:
    """ONNX ``metadata_props`` as OpenVINO exposes them (rt_info['framework'])."""
    try:
        if not model.has_rt_info(["framework"]):
            return {}
        info = model.get_rt_info(["framework"]).astype(dict)
        return {str(k): v.astype(str) if hasattr(v, "astype") else str(v) for k, v in info.items()}
    except Exception:  # metadata is a convenience; never fail a load over it
        log.debug("no framework metadata readable", exc_info=True)
        return {}


class OpenVinoRunner(Runner):
    """A compiled OpenVINO model with one infer request."""

    def __init__(self, compiled: Any, custom: dict[str, str], device: str) -> None:
        self._compiled = compiled
        self._request = compiled.create_infer_request()
        self.device = device
        self._outputs = list(compiled.outputs)
        self._output_names = [o.get_any_name() for o in self._outputs]
        self.metadata = ModelIO(
            inputs=tuple(
                TensorInfo(i.get_any_name(), _shape(i.get_partial_shape()), str(i.get_element_type()))
                for i in compiled.inputs
            ),
            outputs=tuple(
                TensorInfo(o.get_any_name(), _shape(o.get_partial_shape()), str(o.get_element_type()))
                for o in self._outputs
            ),
            custom=custom,
        )

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        try:
            results = self._request.infer(dict(inputs))
        except Exception as exc:
            raise InferenceError(f"OpenVINO could not run the model: {exc}") from exc
        return {name: results[port] for name, port in zip(self._output_names, self._outputs, strict=True)}

    def open_queue(self, requests: int = 0) -> RequestQueue:
        """An ``AsyncInferQueue`` with the compiled model's optimal number of infer requests
        (``OPTIMAL_NUMBER_OF_INFER_REQUESTS``, what ``benchmark_app`` uses) unless told."""
        return OpenVinoQueue(self._compiled, self._outputs, self._output_names, requests)

    def close(self) -> None:
        self._request = None
        self._compiled = None


_RETIRED: list[Any] = []


class OpenVinoQueue(RequestQueue):
    """OpenVINO's own way to keep several requests in flight: an ``AsyncInferQueue`` whose
    callback (on OpenVINO's threads) copies the outputs out of the request before it is
    reused. Owner thread for everything else."""

    def __init__(self, compiled: Any, outputs: list[Any], names: list[str], requests: int = 0) -> None:
        super().__init__()
        import openvino as ov

        if compiled is None:
            raise InferenceError("The OpenVINO model was closed.")
        jobs = requests or int(compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS"))
        self.capacity = max(1, jobs)
        hint = str(compiled.get_property("PERFORMANCE_HINT"))
        self.description = f"AsyncInferQueue, {self.capacity} requests, {hint} hint"
        self._ports = list(zip(names, outputs, strict=True))
        self._queue: Any = ov.AsyncInferQueue(compiled, self.capacity)
        self._queue.set_callback(self._on_done)

    def _on_done(self, request: Any, tag: Any) -> None:
        """OpenVINO's callback thread."""
        try:
            outcome: Any = [{name: np.array(request.get_tensor(port).data) for name, port in self._ports}]
        except BaseException as exc:
            outcome = exc
        self._finish(tag, outcome)

    def _start(self, items: list[Feeds], tag: Any) -> None:
        self._queue.start_async(dict(items[0]), tag)

    def close(self) -> None:
        if self._queue is not None:
            self._queue.wait_all()
        super().close()
        if self._queue is not None:
            # OpenVINO's callback thread still unwinds the Python callback for a moment after
            # wait_all() returns, and an AsyncInferQueue freed in that moment aborts the process
            # ("terminate called without an active exception", 1 run in 8 here). A closed queue
            # is therefore kept until the next one closes, long after its last callback.
            _RETIRED.append(self._queue)
            del _RETIRED[:-1]
            self._queue = None


class OpenVinoBackend(Backend):
    id: ClassVar[str] = "openvino"
    name: ClassVar[str] = "OpenVINO"
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION, TASK_FACE_EMBEDDING)
    formats: ClassVar[tuple[str, ...]] = ("onnx", "openvino-ir")

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """Intel NPU, then Intel GPU (both free the CPU); then its CPU kernels, which are the
        fastest on x86 (CenterFace: 7.7 ms here against 13.3 ms on ONNX Runtime) and an
        also-ran on ARM."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        for family, label, score in (("NPU", "Intel NPU", 70), ("GPU", "Intel GPU", 65)):
            option = status.device(family)
            if option is not None and status.has_device(family):
                return self.ranked(
                    task,
                    option.id,
                    score,
                    Text("The {device} runs vision models with little CPU load.", device=label),
                )
        if not status.has_device("CPU"):
            return self.unranked(task, "no OpenVINO device is usable here")
        if profile.machine.lower() in ("x86_64", "amd64"):
            features = [n.upper() for n in ("avx512", "vnni", "amx", "avx2") if profile.isa.get(n)]
            fastest = (
                Text(
                    "OpenVINO's CPU kernels are the fastest on x86 CPUs ({features}).",
                    features=", ".join(features),
                )
                if features
                else "OpenVINO's CPU kernels are the fastest on x86 CPUs."
            )
            return self.ranked(task, "CPU", 50, fastest)
        return self.ranked(task, "CPU", 20, "OpenVINO runs on this CPU, but it is tuned for x86.")

    def _core(self) -> Any:
        disable_telemetry()  # before the first ``import openvino``, which sends an event
        try:
            import openvino as ov
        except ImportError as exc:
            raise BackendUnavailable(
                "OpenVINO is not installed.", "Install it with: pip install 'edgestudio[openvino]'"
            ) from exc
        return ov.Core()

    def probe(self) -> BackendStatus:
        try:
            core = self._core()
            import openvino as ov
        except BackendUnavailable as exc:
            return BackendStatus(
                self.id, self.name, False, reason=exc.message, install_hint=exc.hint, formats=self.formats
            )
        present = list(core.available_devices)
        devices = []
        for family, (label, reason) in _KNOWN.items():
            found = [d for d in present if d.split(".")[0] == family]
            if not found:
                devices.append(DeviceOption(family, label, False, reason))
            for dev in found:
                try:
                    full = str(core.get_property(dev, "FULL_DEVICE_NAME"))
                except Exception:
                    full = dev
                devices.append(DeviceOption(dev, f"{label}: {full}", True))
        devices.append(
            DeviceOption("AUTO", "AUTO (OpenVINO picks the best device)", bool(present), "no device")
        )
        version = ov.get_version().split("-")[0]
        return BackendStatus(self.id, self.name, True, version, tuple(devices), formats=self.formats)

    def load(self, artifact: Path, device: str = "", **options: Any) -> OpenVinoRunner:
        """Read and compile on the calling thread. ``threads``: inference threads (0 = auto);
        ``throughput``: compile for several requests in flight (``open_queue``)."""
        require_model_file(artifact)
        core = self._core()
        device = device or "CPU"
        family = device.split(".")[0].split(":")[0]
        if family != "AUTO" and not any(d.split(".")[0] == family for d in core.available_devices):
            label, reason = _KNOWN.get(family, (device, "unknown device"))
            raise BackendUnavailable(f"{label} is not available to OpenVINO: {reason}.")
        try:
            model = core.read_model(str(artifact))
        except Exception as exc:
            raise ModelLoadError(
                f"OpenVINO could not read {artifact.name}: {str(exc).strip().splitlines()[-1][:300]}",
                "The file may be damaged, incomplete, or not a supported model.",
            ) from exc
        # "throughput": several requests in flight (several cameras); OpenVINO then splits the
        # cores into streams and reports its optimal request count.
        hint = "THROUGHPUT" if options.get("throughput") else "LATENCY"
        config: dict[str, Any] = {"PERFORMANCE_HINT": hint}
        threads = int(options.get("threads") or 0)
        if threads > 0 and family == "CPU":
            config["INFERENCE_NUM_THREADS"] = threads
        # "f32" stops the CPU plugin from running FP32/FP16 IRs in bf16 on CPUs with
        # AVX512_BF16/AMX (its default there); the optimizer gates and deploys the choice.
        inference_precision = str(options.get("inference_precision") or "")
        if inference_precision:
            config["INFERENCE_PRECISION_HINT"] = inference_precision
        try:
            compiled = core.compile_model(model, device, config)
        except Exception as exc:
            raise ModelLoadError(
                f"OpenVINO could not compile {artifact.name} for {device}: "
                f"{str(exc).strip().splitlines()[-1][:300]}"
            ) from exc
        return OpenVinoRunner(compiled, _framework_metadata(model), device)
