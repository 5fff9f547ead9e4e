"""On-device measurements of loaded candidates: latency interleaved with the baseline,
throughput with 1 and N parallel requests, load time and peak memory, energy where the
board exposes it, and the ten costliest layers.

Interleaving: every round runs each candidate a few times in a rotating order (A B C, B C
A, ...), so a burst of load from other programs on a shared machine tilts every candidate
alike and the ratios stay honest. Speed-ups are ratios of medians from the same run.

Runs on the calling thread (the optimizer's child process), except the parallel
throughput, which starts its own threads, each loading its own runner (a runner is used
only by the thread that loaded it).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import psutil

log = logging.getLogger(__name__)

RAPL_ROOT = Path("/sys/class/powercap")
MEMORY_SAMPLE_S = 0.005


@dataclass(frozen=True)
class Timings:
    """Latencies in milliseconds of one candidate."""

    samples: tuple[float, ...]

    @property
    def p50(self) -> float:
        return float(np.percentile(self.samples, 50)) if self.samples else float("nan")

    @property
    def p95(self) -> float:
        return float(np.percentile(self.samples, 95)) if self.samples else float("nan")

    @property
    def spread(self) -> float:
        """The run-to-run spread of the latency, relative to its median: half the interquartile
        range over the median (0.02 = the middle half of the samples lies within about 2 %)."""
        if len(self.samples) < 2:
            return 0.0
        low, mid, high = np.percentile(self.samples, [25, 50, 75])
        return float((high - low) / (2 * mid)) if mid > 0 else 0.0

    @property
    def throughput(self) -> float:
        """Items per second, one request at a time."""
        return 1000.0 / float(np.mean(self.samples)) if self.samples else 0.0


def measure_peak_memory(work: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``work`` on this thread while a sampler thread watches this process's resident
    memory; returns its result and the peak growth in MB above the start."""
    process = psutil.Process()
    start = process.memory_info().rss
    peak = start
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process.memory_info().rss)
            done.wait(MEMORY_SAMPLE_S)

    sampler = threading.Thread(target=sample, name="memory-sampler", daemon=True)
    sampler.start()
    try:
        result = work()
    finally:
        done.set()
        sampler.join()
    peak = max(peak, process.memory_info().rss)
    return result, max(peak - start, 0) / 1e6


def interleaved_latency(
    runs: Mapping[str, Callable[[], Any]],
    rounds: int,
    per_round: int = 3,
    warmup: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Timings]:
    """Latency of each callable in ``runs``, measured in ``rounds`` rotating rounds of
    ``per_round`` calls each, after ``warmup`` untimed calls each."""
    names = list(runs)
    for name in names:
        for _ in range(warmup):
            runs[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            run = runs[name]
            for _ in range(per_round):
                started = time.perf_counter()
                run()
                samples[name].append((time.perf_counter() - started) * 1e3)
        if progress is not None:
            progress(index + 1, rounds)
    return {name: Timings(tuple(values)) for name, values in samples.items()}


def parallel_throughput(
    make_run: Callable[[], tuple[Callable[[], Any], Callable[[], None]]], workers: int, seconds: float
) -> float:
    """Items per second with ``workers`` requests in flight: each worker thread builds its
    own runner with ``make_run`` (on that thread; it returns the call to time and the
    runner's close), calls it until ``seconds`` pass, then closes it there."""
    counts = [0] * workers
    ready = threading.Barrier(workers + 1)
    stop = threading.Event()
    errors: list[BaseException] = []

    def worker(slot: int) -> None:
        try:
            run, close = make_run()
        except BaseException as exc:  # reported below, on the calling thread
            errors.append(exc)
            ready.abort()
            return
        try:
            run()  # warm-up
            ready.wait()
            while not stop.is_set():
                run()
                counts[slot] += 1
        except threading.BrokenBarrierError:
            return
        except BaseException as exc:
            errors.append(exc)
            ready.abort()
        finally:
            close()

    threads = [
        threading.Thread(target=worker, args=(i,), name=f"bench-{i}", daemon=True) for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    try:
        ready.wait()
    except threading.BrokenBarrierError as exc:
        for thread in threads:
            thread.join()
        raise (errors[0] if errors else RuntimeError("a benchmark worker failed")) from exc
    started = time.perf_counter()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sum(counts) / (time.perf_counter() - started)


def rapl_energy_file() -> tuple[Path | None, str]:
    """The package energy counter of Intel RAPL, or None and why energy is not measurable."""
    if not RAPL_ROOT.is_dir():
        return (
            None,
            "no power-capping interface (/sys/class/powercap is missing: a virtual machine or not Intel)",
        )
    for zone in sorted(RAPL_ROOT.glob("intel-rapl:*")):
        counter = zone / "energy_uj"
        if counter.is_file():
            try:
                int(counter.read_text())
            except (OSError, ValueError) as exc:
                return None, f"Intel RAPL is present but not readable ({exc.__class__.__name__}: run as root)"
            return counter, ""
    return None, "no Intel RAPL energy counter under /sys/class/powercap"


def energy_per_inference(run: Callable[[], Any], count: int = 20) -> tuple[float | None, str]:
    """Millijoules per call of ``run`` from the RAPL package counter (the whole CPU package,
    so other programs' load is included), or None and the reason it cannot be measured."""
    counter, reason = rapl_energy_file()
    if counter is None:
        return None, f"not measurable here: {reason}"
    before = int(counter.read_text())
    for _ in range(count):
        run()
    after = int(counter.read_text())
    if after < before:  # the counter wrapped: measure again once
        return energy_per_inference(run, count)
    return (after - before) / 1000.0 / count, "Intel RAPL package energy (includes other programs' load)"


def _top(costs: dict[str, tuple[str, float]], limit: int = 10) -> list[dict[str, Any]]:
    total = sum(cost for _, cost in costs.values()) or 1.0
    ordered = sorted(costs.items(), key=lambda item: -item[1][1])[:limit]
    return [
        {"layer": name, "type": kind, "ms": round(cost, 3), "share": round(cost / total, 4)}
        for name, (kind, cost) in ordered
    ]


def profile_onnxruntime(
    model: Path, feeds: Mapping[str, np.ndarray], runs: int, work_dir: Path
) -> list[dict[str, Any]]:
    """The ten costliest nodes of ``model`` in ONNX Runtime's profiler (mean ms per run)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.enable_profiling = True
    options.profile_file_prefix = str(work_dir / "ort-profile")
    options.log_severity_level = 3
    session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    for _ in range(runs):
        session.run(None, dict(feeds))
    trace = Path(session.end_profiling())
    try:
        events = json.loads(trace.read_text())
    finally:
        trace.unlink(missing_ok=True)
    costs: dict[str, tuple[str, float]] = {}
    for event in events:
        if event.get("cat") != "Node" or not str(event.get("name", "")).endswith("_kernel_time"):
            continue
        name = str(event["name"])[: -len("_kernel_time")]
        kind = str(event.get("args", {}).get("op_name", ""))
        previous = costs.get(name, (kind, 0.0))[1]
        costs[name] = (kind, previous + float(event.get("dur", 0)) / 1000.0 / runs)
    return _top(costs)


def profile_openvino(
    model: Path, feeds: Mapping[str, np.ndarray], runs: int, config: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The ten costliest layers of the IR ``model`` from OpenVINO's performance counters
    (mean ms per run), with the kernel each ran (its ``exec_type``, e.g. ``jit_avx512_I8``)."""
    from edgestudio.core.privacy import disable_telemetry

    disable_telemetry()
    import openvino as ov

    core = ov.Core()
    compiled = core.compile_model(core.read_model(str(model)), "CPU", {**(config or {}), "PERF_COUNT": True})
    request = compiled.create_infer_request()
    costs: dict[str, tuple[str, float]] = {}
    for _ in range(runs):
        request.infer(dict(feeds))
        for info in request.profiling_info:
            if info.status != info.Status.EXECUTED:
                continue
            name = str(info.node_name)
            kind = f"{info.node_type} ({info.exec_type})"
            previous = costs.get(name, (kind, 0.0))[1]
            costs[name] = (kind, previous + info.real_time.total_seconds() * 1000.0 / runs)
    return _top(costs)


def speedups(timings: Mapping[str, Timings], baseline: str) -> dict[str, float]:
    """Median-latency ratio of every candidate against ``baseline`` (>1 = faster)."""
    base = timings[baseline].p50
    return {name: (base / t.p50 if t.p50 > 0 else 0.0) for name, t in timings.items()}


def summarize(values: Sequence[float]) -> dict[str, float]:
    array = np.asarray(values, dtype=np.float64)
    return {
        "p50": float(np.percentile(array, 50)),
        "p95": float(np.percentile(array, 95)),
        "n": float(array.size),
    }
