"""ncnn backend (Tencent's mobile inference runtime, PyPI ``ncnn``): CPU, and Vulkan GPUs
when a Vulkan driver is installed.

An artifact is ``model.param`` + ``model.bin`` + the sidecar ``model.param.json`` written by
``optimize/ncnn_convert.py``: ncnn blobs are named ``in0``/``out0`` by the converter and have
no batch axis, so the runner takes and returns tensors under the source model's names and
shapes, and the tasks run unchanged.

Three ncnn habits this module guards against: asking for GPUs without a Vulkan driver prints
``vkCreateInstance failed`` to the console (GPUs are only queried when a driver manifest is
installed, and then with native stderr silenced); an extractor or output ``Mat`` that outlives
its ``Net`` aborts the process ("pool allocator destroyed too early": each run frees its
extractor, ``close()`` clears the net last); and ncnn prints load errors instead of raising
(the return codes are checked).

Thread rules: ``probe()`` any thread; the runner is created, used and closed on one thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.backends.files import require_model_file
from edgestudio.backends.inflight import PoolQueue, RequestQueue
from edgestudio.backends.sidecar import ArtifactSidecar, read_sidecar, sidecar_path
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelLoadError
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

INSTALL_HINT = "pip install 'edgestudio[ncnn]'"
# Where the Vulkan loader looks for driver manifests (Linux); without one there is no device.
_ICD_FOLDERS = (
    "/usr/share/vulkan/icd.d",
    "/usr/local/share/vulkan/icd.d",
    "/etc/vulkan/icd.d",
    os.path.expanduser("~/.local/share/vulkan/icd.d"),
)


_IMPORT_LOCK = threading.Lock()


def import_ncnn() -> Any:
    """Import ncnn with its OpenMP workers set to sleep, not spin, while they wait (any thread).

    The ncnn wheel carries its own copy of GCC's libgomp, which reads ``OMP_WAIT_POLICY`` once,
    when it loads; ncnn's ``openmp_blocktime`` only reaches LLVM's OpenMP. Spinning workers wait
    out whole scheduler slices at every layer when the GUI, the X server or the capture thread
    takes one of a small device's cores: on 2 cores the Detect tab measured 51-493 ms of
    inference a frame spinning and 39 ms passive (11-15 fps against 20-21). The policy is set
    only for that load (unless the user set one), so the other runtimes' own OpenMP copies keep
    theirs.
    """
    with _IMPORT_LOCK:
        if "ncnn" in sys.modules:
            return sys.modules["ncnn"]
        chosen_by_user = "OMP_WAIT_POLICY" in os.environ
        if not chosen_by_user:
            os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
        try:
            import ncnn
        finally:
            if not chosen_by_user:
                os.environ.pop("OMP_WAIT_POLICY", None)
        return ncnn


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Silence what native code writes to file descriptor 2 (ncnn's Vulkan and load
    messages) for the duration of the block; Python's own ``sys.stderr`` is unaffected
    afterwards. Any thread (briefly affects the whole process's native stderr)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def vulkan_driver_present() -> tuple[bool, str]:
    """Whether a Vulkan driver manifest is installed, without starting Vulkan; the reason
    when not. Any thread."""
    if sys.platform == "darwin":
        return False, "ncnn's Vulkan path needs MoltenVK, which this build does not use"
    listed = [os.environ.get(k, "") for k in ("VK_ICD_FILENAMES", "VK_DRIVER_FILES")]
    if any(listed):
        return True, ""
    if sys.platform == "win32":
        return True, ""  # drivers register in the Windows registry; ncnn asks quietly there
    for folder in _ICD_FOLDERS:
        if Path(folder).is_dir() and any(Path(folder).glob("*.json")):
            return True, ""
    return False, "no Vulkan GPU driver is installed (no ICD manifest in /usr/share/vulkan/icd.d)"


class NcnnRunner(Runner):
    """An ``ncnn.Net`` with the sidecar's name and shape mapping. One thread uses it."""

    def __init__(
        self,
        param: Path,
        weights: Path,
        sidecar: ArtifactSidecar,
        threads: int,
        device: str = "cpu",
        requests: int = 1,
    ) -> None:
        ncnn = import_ncnn()
        self._ncnn = ncnn
        vulkan = device.startswith("vulkan")
        self.device = device if vulkan else "cpu"
        self._sidecar = sidecar
        self._requests = max(1, requests)
        net = ncnn.Net()
        net.opt.use_vulkan_compute = vulkan
        if vulkan and "." in device:
            net.set_vulkan_device(int(device.split(".")[1]))
        net.opt.num_threads = max(1, threads)
        # LLVM OpenMP builds of ncnn read this; the wheel's libgomp gets its passive wait
        # policy in import_ncnn() (idle workers that spin starve the capture thread, the GUI
        # and other models on a small device; ONNX Runtime runs without spinning too).
        net.opt.openmp_blocktime = 0
        fp16 = sidecar.precision == "fp16"
        net.opt.use_fp16_storage = fp16
        net.opt.use_fp16_packed = fp16
        net.opt.use_fp16_arithmetic = fp16
        with quiet_native_stderr():
            param_status = net.load_param(str(param))
            model_status = net.load_model(str(weights)) if param_status == 0 else -1
        if param_status != 0 or model_status != 0:
            net.clear()
            what = "layer description" if param_status != 0 else "weights"
            raise ModelLoadError(
                f"ncnn could not load the {what} of {param.stem} ({param.name}, {weights.name}).",
                "The files may be damaged or come from a newer ncnn; convert the model again.",
            )
        blobs = set(net.input_names()) | set(net.output_names())
        unknown = [t.runtime_name for t in (*sidecar.inputs, *sidecar.outputs) if t.runtime_name not in blobs]
        if unknown:
            net.clear()
            raise ModelLoadError(
                f"{param.name} has no blob called {', '.join(unknown)}, which its sidecar names.",
                "The sidecar belongs to another model; convert the model again.",
            )
        self._net: Any = net
        self.metadata = ModelIO(
            inputs=tuple(TensorInfo(t.name, t.shape, t.dtype) for t in sidecar.inputs),
            outputs=tuple(TensorInfo(t.name, t.shape, t.dtype) for t in sidecar.outputs),
            custom={"precision": sidecar.precision, "converter": f"{sidecar.tool} {sidecar.tool_version}"},
        )

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Feed batch-of-one tensors by their source names; outputs come back the same way."""
        if self._net is None:
            raise InferenceError("The ncnn model was closed.")
        ncnn = self._ncnn
        extractor = self._net.create_extractor()
        try:
            for tensor in self._sidecar.inputs:
                if tensor.name not in inputs:
                    raise InferenceError(f"The ncnn model needs the input {tensor.name}.")
                value = np.asarray(inputs[tensor.name], dtype=np.float32)
                if value.shape != tensor.shape:
                    raise InferenceError(
                        f"The input {tensor.name} has shape {list(value.shape)}; "
                        f"the ncnn model was converted for {list(tensor.shape)}."
                    )
                extractor.input(tensor.runtime_name, ncnn.Mat(np.ascontiguousarray(value[0])))
            outputs: dict[str, np.ndarray] = {}
            for tensor in self._sidecar.outputs:
                status, mat = extractor.extract(tensor.runtime_name)
                if status != 0:
                    raise InferenceError(f"ncnn could not compute {tensor.name} (error {status}).")
                outputs[tensor.name] = np.array(mat, dtype=np.float32, copy=True).reshape(tensor.shape)
                del mat
        finally:
            del extractor  # before anything can free the net
        return outputs

    def open_queue(self, requests: int = 0) -> RequestQueue:
        """Several extractors of the one net at once, each ``run`` on its own pool thread
        (ncnn nets serve concurrent extractors). Close the queue before the runner."""
        requests = requests or self._requests
        return PoolQueue(self.run, requests, name="ncnn-extract", description=f"{requests} extractors")

    def close(self) -> None:
        if self._net is not None:
            self._net.clear()
            self._net = None


class NcnnBackend(Backend):
    id: ClassVar[str] = "ncnn"
    name: ClassVar[str] = "ncnn"
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION)
    formats: ClassVar[tuple[str, ...]] = ("ncnn",)

    def probe(self) -> BackendStatus:
        try:
            ncnn = import_ncnn()
        except ImportError as exc:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason=Text("{package} is not installed ({error})", package="ncnn", error=str(exc)),
                install_hint=INSTALL_HINT,
                formats=self.formats,
            )
        devices = [DeviceOption("cpu", Text("CPU ({threads} threads)", threads=os.cpu_count() or 1), True)]
        driver, why = vulkan_driver_present()
        if driver:
            with quiet_native_stderr():
                count = int(ncnn.get_gpu_count())
                names = [str(ncnn.get_gpu_info(i).device_name()) for i in range(count)]
            for index, gpu in enumerate(names):
                devices.append(DeviceOption(f"vulkan.{index}", Text("Vulkan GPU: {gpu}", gpu=gpu), True))
            if not names:
                devices.append(
                    DeviceOption("vulkan", "Vulkan GPU", False, "the Vulkan driver reports no GPU")
                )
        else:
            devices.append(DeviceOption("vulkan", "Vulkan GPU", False, why))
        return BackendStatus(
            self.id, self.name, True, str(ncnn.__version__), tuple(devices), formats=self.formats
        )

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """A Vulkan GPU in the GPU band; otherwise a portable CPU runtime, tuned for ARM."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        gpu = next((d for d in status.available_devices() if d.id.startswith("vulkan")), None)
        if gpu is not None:
            return self.ranked(
                task, gpu.id, 75, Text("{gpu} runs ncnn models through Vulkan.", gpu=gpu.label)
            )
        if profile.machine.lower() in ("aarch64", "arm64", "armv7l"):
            return self.ranked(task, "cpu", 40, "ncnn's ARM NEON kernels suit this CPU well.")
        return self.ranked(task, "cpu", 28, "ncnn runs on this CPU (its kernels are tuned for ARM).")

    def load(self, artifact: Path, device: str = "", **options: Any) -> NcnnRunner:
        """Load ``artifact`` (the ``.param``; its ``.bin`` and sidecar beside it) on the calling
        thread. ``threads``: CPU threads (0 = one per physical core); ``throughput``: one
        extractor per physical core in flight (``open_queue``), each on one thread."""
        require_model_file(artifact)
        weights = artifact.with_suffix(".bin")
        require_model_file(weights)
        sidecar = read_sidecar(sidecar_path(artifact))
        try:
            import_ncnn()  # a clear message when it is missing
        except ImportError as exc:
            raise BackendUnavailable("ncnn is not installed.", INSTALL_HINT) from exc
        device = device or "cpu"
        vulkan = device.startswith("vulkan")
        if vulkan:
            driver, why = vulkan_driver_present()
            if not driver:
                raise BackendUnavailable(f"ncnn cannot use a Vulkan GPU here: {why}.", "Choose the CPU.")
        elif device != "cpu":
            raise BackendUnavailable(f"ncnn has no device called '{device}'.", "Choose cpu or vulkan.")
        requests = _physical_cores() if options.get("throughput") else 1
        threads = int(options.get("threads") or 0) or (1 if requests > 1 else _physical_cores())
        return NcnnRunner(artifact, weights, sidecar, threads, device if vulkan else "cpu", requests)


def _physical_cores() -> int:
    """The thread count ncnn runs best with: one per physical core (hyper-threads share the
    vector units)."""
    import psutil

    return psutil.cpu_count(logical=False) or os.cpu_count() or 1
