"""Hardware probe: CPU, ISA flags, memory, NVIDIA GPUs, Jetson, Intel GPU/NPU (via the
backend statuses), runtime versions; and the backend recommended for each model kind.

``probe_hardware()`` takes up to a few seconds (it may shell out to nvidia-smi): call it
off the GUI thread.
"""

from __future__ import annotations

import logging
import os
import platform
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from edgestudio.core.types import BackendStatus

log = logging.getLogger(__name__)

ISA_FLAGS = {
    "avx2": ("avx2",),
    "avx512": ("avx512f",),
    "vnni": ("avx512_vnni", "avx512vnni", "avx_vnni"),
    "amx": ("amx_tile", "amx_int8"),
    "neon": ("neon", "asimd"),
    "f16c": ("f16c",),
}


@dataclass(frozen=True)
class GpuInfo:
    vendor: str
    name: str
    memory_mb: int = 0
    driver: str = ""
    compute_capability: str = ""


@dataclass(frozen=True)
class HardwareProfile:
    os: str
    machine: str
    cpu_model: str
    physical_cores: int
    logical_cores: int
    isa: dict[str, bool]
    memory_total_mb: int
    memory_available_mb: int
    gpus: tuple[GpuInfo, ...] = ()
    jetson: str = ""  # L4T release, empty when not a Jetson
    python: str = ""
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cpu_flags_and_model() -> tuple[set[str], str]:
    proc_cpuinfo = Path("/proc/cpuinfo")
    if proc_cpuinfo.is_file():
        text = proc_cpuinfo.read_text(errors="replace")
        flags: set[str] = set()
        model = ""
        for line in text.splitlines():
            key, _, value = line.partition(":")
            key = key.strip().lower()
            if key in ("flags", "features") and not flags:
                flags = set(value.split())
            elif key in ("model name", "hardware", "cpu model") and not model:
                model = value.strip()
        if flags or model:
            return flags, model or platform.processor() or platform.machine()
    try:  # other systems: py-cpuinfo is slow (about 2 s) but portable
        import cpuinfo

        info = cpuinfo.get_cpu_info()
        return set(info.get("flags", [])), str(info.get("brand_raw", platform.machine()))
    except Exception:
        log.debug("py-cpuinfo failed", exc_info=True)
        return set(), platform.processor() or platform.machine()


def _nvidia_gpus() -> tuple[tuple[GpuInfo, ...], str]:
    try:
        import pynvml

        pynvml.nvmlInit()
        try:
            driver = pynvml.nvmlSystemGetDriverVersion()
            gpus = []
            for index in range(pynvml.nvmlDeviceGetCount()):
                handle = pynvml.nvmlDeviceGetHandleByIndex(index)
                major, minor = pynvml.nvmlDeviceGetCudaComputeCapability(handle)
                memory = pynvml.nvmlDeviceGetMemoryInfo(handle).total // (1024 * 1024)
                gpus.append(
                    GpuInfo(
                        "NVIDIA",
                        str(pynvml.nvmlDeviceGetName(handle)),
                        int(memory),
                        str(driver),
                        f"{major}.{minor}",
                    )
                )
            return tuple(gpus), ""
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # no pynvml, or no driver library: try nvidia-smi
        log.debug("NVML unavailable", exc_info=True)
    smi = shutil.which("nvidia-smi")
    if not smi:
        return (), "no NVIDIA driver found (nvidia-smi absent)"
    try:
        out = subprocess.run(
            [
                smi,
                "--query-gpu=name,memory.total,driver_version,compute_cap",
                "--format=csv,noheader,nounits",
            ],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return (), f"nvidia-smi failed: {exc}"
    gpus = []
    for line in out.strip().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 4:
            memory = int(float(parts[1])) if parts[1].replace(".", "").isdigit() else 0
            gpus.append(GpuInfo("NVIDIA", parts[0], memory, parts[2], parts[3]))
    return tuple(gpus), ""


def _jetson_release() -> str:
    release = Path("/etc/nv_tegra_release")
    if not release.is_file():
        return ""
    match = re.search(r"R(\d+)[^,]*,\s*REVISION:\s*([\d.]+)", release.read_text(errors="replace"))
    return f"L4T R{match.group(1)}.{match.group(2)}" if match else "L4T (unknown release)"


def probe_hardware() -> HardwareProfile:
    """Read the machine's hardware. Slow-ish: call off the GUI thread."""
    flags, model = _cpu_flags_and_model()
    isa = {name: any(f in flags for f in aliases) for name, aliases in ISA_FLAGS.items()}
    if platform.machine().lower() in ("arm64", "aarch64"):
        isa["neon"] = True  # mandatory on ARMv8-A
    memory = psutil.virtual_memory()
    gpus, gpu_note = _nvidia_gpus()
    notes = (gpu_note,) if gpu_note else ()
    return HardwareProfile(
        os=f"{platform.system()} {platform.release()}",
        machine=platform.machine(),
        cpu_model=model,
        physical_cores=psutil.cpu_count(logical=False) or os.cpu_count() or 1,
        logical_cores=psutil.cpu_count(logical=True) or os.cpu_count() or 1,
        isa=isa,
        memory_total_mb=memory.total // (1024 * 1024),
        memory_available_mb=memory.available // (1024 * 1024),
        gpus=gpus,
        jetson=_jetson_release(),
        python=platform.python_version(),
        notes=notes,
    )


@dataclass(frozen=True)
class Recommendation:
    kind: str
    backend: str
    device: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _available(statuses: list[BackendStatus], backend: str, device: str) -> bool:
    for status in statuses:
        if status.id == backend and status.available:
            return any(d.id.split(".")[0] == device and d.available for d in status.devices)
    return False


def recommend_detection(profile: HardwareProfile, statuses: list[BackendStatus]) -> Recommendation:
    """The backend and device for ONNX vision models (detection), with the reason."""
    kind = "Object detection (ONNX)"
    if profile.gpus and _available(statuses, "onnxruntime", "tensorrt"):
        return Recommendation(
            kind,
            "onnxruntime",
            "tensorrt",
            f"{profile.gpus[0].name}: TensorRT gives the lowest latency on NVIDIA GPUs.",
        )
    if profile.gpus and _available(statuses, "onnxruntime", "cuda"):
        return Recommendation(kind, "onnxruntime", "cuda", f"{profile.gpus[0].name} is used through CUDA.")
    for device, label in (("NPU", "Intel NPU"), ("GPU", "Intel GPU")):
        if _available(statuses, "openvino", device):
            return Recommendation(
                kind, "openvino", device, f"The {label} runs vision models with little CPU load."
            )
    if _available(statuses, "openvino", "CPU") and profile.machine.lower() in ("x86_64", "amd64"):
        features = [name.upper() for name in ("avx512", "vnni", "amx", "avx2") if profile.isa.get(name)]
        extra = f" ({', '.join(features)})" if features else ""
        return Recommendation(
            kind, "openvino", "CPU", f"OpenVINO's CPU kernels are the fastest on x86 CPUs{extra}."
        )
    if _available(statuses, "onnxruntime", "cpu"):
        why = "no GPU or NPU runtime is available" if not profile.gpus else "no GPU provider is installed"
        return Recommendation(kind, "onnxruntime", "cpu", f"ONNX Runtime on the CPU: {why}.")
    return Recommendation(kind, "", "", "No runtime for ONNX models is installed: pip install onnxruntime")


def chat_threads(profile: HardwareProfile) -> int:
    """llama.cpp is memory-bound: one thread per physical core, hyper-threads only slow it."""
    return max(1, profile.physical_cores)


def recommend_chat(profile: HardwareProfile, statuses: list[BackendStatus]) -> Recommendation:
    kind = "Chat (GGUF)"
    if _available(statuses, "llamacpp", "gpu") and profile.gpus:
        return Recommendation(
            kind, "llamacpp", "gpu", f"All layers on {profile.gpus[0].name}; the CPU stays free."
        )
    if _available(statuses, "llamacpp", "cpu"):
        memory = profile.memory_available_mb / 1024
        return Recommendation(
            kind,
            "llamacpp",
            "cpu",
            f"{chat_threads(profile)} threads (one per core); {memory:.1f} GB free holds "
            "models up to about " + f"{max(0.5, memory * 0.6):.1f} GB.",
        )
    if _available(statuses, "openai-server", "server"):
        return Recommendation(
            kind,
            "openai-server",
            "server",
            "llama.cpp is not installed here: use a chat server on another machine.",
        )
    return Recommendation(kind, "", "", "Install llama.cpp: pip install 'edgestudio[llm]'")


def recommend_speech(profile: HardwareProfile, statuses: list[BackendStatus]) -> Recommendation:
    kind = "Speech (Whisper)"
    if _available(statuses, "faster-whisper", "cuda") and profile.gpus:
        return Recommendation(kind, "faster-whisper", "cuda", f"float16 on {profile.gpus[0].name}.")
    if _available(statuses, "faster-whisper", "cpu"):
        int8 = " with VNNI int8 instructions" if profile.isa.get("vnni") else ""
        return Recommendation(
            kind,
            "faster-whisper",
            "cpu",
            f"int8 on {profile.physical_cores} cores{int8}; tiny.en for live speech.",
        )
    return Recommendation(kind, "", "", "Install faster-whisper: pip install 'edgestudio[speech]'")


def recommend(profile: HardwareProfile, statuses: list[BackendStatus]) -> list[Recommendation]:
    """Recommendations for every model kind this version runs (detection first)."""
    return [
        recommend_detection(profile, statuses),
        recommend_speech(profile, statuses),
        recommend_chat(profile, statuses),
    ]
