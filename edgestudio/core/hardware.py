"""Hardware probe: CPU, ISA flags, memory, NVIDIA GPUs, Jetson; and recommendations per task,
computed generically from the ranks the backends give themselves (no backend is named here).

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
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from edgestudio.core.messages import Text
from edgestudio.core.types import TASKS, BackendStatus, Rank, task_label

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
    """The best-ranked backend and device for one task on this device, and why."""

    task: str
    kind: str  # the task's name for people
    backend: str  # "" when nothing can run the task here
    device: str
    reason: str
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def chat_threads(profile: HardwareProfile) -> int:
    """Threads for memory-bound generation (LLM decoding): one per physical core, because
    hyper-threads share the memory bandwidth and only slow it down."""
    return max(1, profile.physical_cores)


def best_rank(ranks: Iterable[Rank], task: str) -> Rank | None:
    """The highest-scored rank for ``task`` (the first of equals), or None when none ranks."""
    ranked = [r for r in ranks if r.task == task and r.ranked]
    return max(ranked, key=lambda r: r.score) if ranked else None


def recommend(ranks: Sequence[Rank], tasks: Sequence[str] = TASKS) -> list[Recommendation]:
    """One recommendation per task (in ``tasks`` order): the best-ranked backend and device.

    When no backend can run a task here, the recommendation has no backend and its reason
    gathers why each candidate cannot (with its install hint, as the backends wrote it).
    """
    recommendations = []
    for task in tasks:
        kind = task_label(task)
        best = best_rank(ranks, task)
        if best is not None:
            recommendations.append(
                Recommendation(task, kind, best.backend, best.device, best.reason, best.score)
            )
            continue
        why = "; ".join(f"{r.backend}: {r.reason}" for r in ranks if r.task == task)
        reason = (
            Text("Nothing here runs {task} models ({why}).", task=kind.lower(), why=why)
            if why
            else Text("Nothing here runs {task} models: no runtime serves it.", task=kind.lower())
        )
        recommendations.append(Recommendation(task, kind, "", "", reason))
    return recommendations


@dataclass(frozen=True)
class DeviceReport:
    """What the Device check found: hardware, every backend's status, every (backend, task)
    rank and the recommendation per task. Built off the GUI thread; read anywhere."""

    profile: HardwareProfile
    statuses: list[BackendStatus]
    ranks: list[Rank]
    recommendations: list[Recommendation]
    broken_plugins: dict[str, str] = field(default_factory=dict)

    def recommendation(self, task: str) -> Recommendation | None:
        return next((r for r in self.recommendations if r.task == task), None)

    def status(self, backend: str) -> BackendStatus | None:
        return next((s for s in self.statuses if s.id == backend), None)

    def statuses_for(self, task: str, fmt: str | None = None) -> list[BackendStatus]:
        """Backends serving ``task`` (and loading ``fmt`` when given), available or not."""
        return [s for s in self.statuses if s.serves(task, fmt)]

    def ranks_for(self, task: str) -> list[Rank]:
        return [r for r in self.ranks if r.task == task]

    def best(self, task: str, fmt: str | None = None) -> Rank | None:
        """The best-ranked backend for ``task`` among those that load ``fmt`` (any when None)."""
        readers = {s.id for s in self.statuses_for(task, fmt)}
        return best_rank((r for r in self.ranks if r.backend in readers), task)
