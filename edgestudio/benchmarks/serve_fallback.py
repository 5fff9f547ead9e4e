"""``edgestudio bench fallback``: a kiosk streaming through a site server started here, the
server killed (kill -9) mid-stream and restarted on the same ports, N times (issue 17,
point 5).

Per cycle:

- ``fallback_ms``: from the kill to the first frame the kiosk answered with its local model;
- ``return_ms``: from the moment the restarted server reports the model ready (polled every
  10 ms on its HTTP endpoint) to the first frame the server answered again;
- ``local_frames``: frames answered locally meanwhile (every frame is answered by one side).

The kiosk is the app's own detection pipeline on the ``remote`` runtime (``FallbackRunner``),
run on a session thread of its own, as a Detect tab runs it; the server is started, killed
and restarted on the calling thread, which owns it (a child process dies with its parent).
``KillRestartCycles`` runs one cycle at a time (tests/test_remote_fallback.py drives it).
"""

from __future__ import annotations

import statistics
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_backend import configure
from edgestudio.backends.remote_client import ServerAddress
from edgestudio.backends.remote_fallback import FallbackRunner
from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import InferenceError, InputError
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.site_status import FallbackState
from edgestudio.serve.site_server import SiteServer, SiteServerOptions, start_site_server
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

PROTOCOLS = ("grpc", "http")
FALLBACK_TARGET_S = 1.0  # the limits, reported beside the numbers
RETURN_TARGET_S = 5.0


@dataclass(frozen=True)
class FallbackBenchConfig:
    cycles: int = 20
    protocol: str = "grpc"
    up_s: float = 0.3  # at most this long on the server before each kill (a random moment)
    wait_s: float = 30.0  # a side that does not answer within this long fails the run
    seed: int | None = 0  # the kill moments' random numbers (None: fresh ones each run)


class _Kiosk(threading.Thread):
    """The kiosk's session thread: the remote pipeline processing frames until halted, noting
    when each finished and which side answered it, and counting frames answered with no
    detection at all."""

    def __init__(self, registry: BackendRegistry, entry: ModelEntry, image: np.ndarray) -> None:
        super().__init__(name="bench-fallback-kiosk", daemon=True)
        self.registry, self.entry, self.image = registry, entry, image
        self.frames: list[tuple[float, str]] = []  # (finished at, "server" | "local")
        self.empty_frames = 0  # answered, but with no detection
        self.error: BaseException | None = None
        self.runner: FallbackRunner | None = None
        self.loaded = threading.Event()
        self.halt = threading.Event()

    def run(self) -> None:
        """Session thread: load, then stream until halted."""
        try:
            pipeline = build_detection_pipeline(
                self.registry, self.entry, DetectionOptions(backend="remote", draw=False)
            )
        except BaseException as exc:
            self.error = exc
            self.loaded.set()
            return
        try:
            runner = pipeline.detector.runner
            if not isinstance(runner, FallbackRunner):
                raise InferenceError("The remote runtime did not load with its local fallback.")
            self.runner = runner
            self.loaded.set()
            while not self.halt.is_set():
                before = runner.served["server"]
                if not pipeline.process(self.image).detections:
                    self.empty_frames += 1
                side = "server" if runner.served["server"] > before else "local"
                self.frames.append((time.monotonic(), side))
        except BaseException as exc:  # reported by the calling thread
            self.error = exc
        finally:
            pipeline.close()

    def wait_for(self, side: str, after: float, limit_s: float) -> float:
        """When the first frame after ``after`` was answered by ``side`` (calling thread)."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.error is not None:
                raise InferenceError(f"The kiosk failed: {self.error}")
            found = next((t for t, s in list(self.frames) if s == side and t > after), None)
            if found is not None:
                return found
            time.sleep(0.005)
        raise InferenceError(f"No frame was answered by the {side} side within {limit_s:.0f} s.")


def model_ready(http_url: str, model_id: str) -> bool:
    """Whether the server at ``http_url`` reports ``model_id``'s raw-tensor form ready
    (blocks up to 0.5 s; any thread)."""
    url = f"{http_url}/v2/models/{sp.triton_model_name(model_id)}/ready"
    try:
        with urllib.request.urlopen(url, timeout=0.5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _watch_ready(http_url: str, model_id: str, mark: dict[str, float], limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and "at" not in mark:
        if model_ready(http_url, model_id):
            mark["at"] = time.monotonic()
            return
        time.sleep(0.01)


def _restart(
    server: SiteServer, registry: BackendRegistry, store: ModelStore, models_dir: Path
) -> SiteServer:
    """A new server like ``server`` (its ports and models) after a kill (calling thread)."""
    server.stop()
    options = replace(server.options, work_dir=None)
    return start_site_server(registry, store, models_dir, options)


@dataclass(frozen=True)
class Cycle:
    """One kill and restart, timed."""

    fallback_s: float  # from the kill to the first frame answered locally
    return_s: float  # from the restarted server's "ready" to the first frame it answered
    local_frames: int  # frames answered locally meanwhile
    reason: str  # the kiosk's ``fallback_reason`` once it answered locally

    def as_json(self) -> dict[str, Any]:
        return {
            "fallback_ms": round(self.fallback_s * 1e3, 1),
            "return_ms": round(self.return_s * 1e3, 1),
            "local_frames": self.local_frames,
        }


class KillRestartCycles:
    """A site server serving ``entry`` and a kiosk streaming ``image`` through it over
    ``config.protocol``; each ``cycle()`` kills the server mid-stream and restarts it. The
    server is started, killed, restarted and stopped on the calling thread (a child process
    dies with its parent); the kiosk streams on a session thread of its own. Use it as a
    context manager: leaving it stops both, and raises InferenceError if the kiosk failed."""

    def __init__(
        self,
        registry: BackendRegistry,
        store: ModelStore,
        models_dir: Path,
        entry: ModelEntry,
        image: np.ndarray,
        config: FallbackBenchConfig,
    ) -> None:
        if config.protocol not in PROTOCOLS:
            raise InputError(f"--protocol takes {' or '.join(PROTOCOLS)}.")
        self.registry, self.store, self.models_dir = registry, store, models_dir
        self.entry, self.config = entry, config
        self.states: list[FallbackState] = []  # the kiosk's switches, as its runner told them
        self._rng = np.random.default_rng(config.seed)
        self.server = start_site_server(registry, store, models_dir, SiteServerOptions(detect=entry.id))
        kiosk_registry = BackendRegistry(plugins=False)
        url = self.server.grpc_url if config.protocol == "grpc" else self.server.http_url
        configure(kiosk_registry, ServerAddress(url), lambda _task, state: self.states.append(state))
        self.kiosk = _Kiosk(kiosk_registry, entry, image)
        try:
            self.kiosk.start()
            if not self.kiosk.loaded.wait(120) or self.kiosk.error is not None:
                raise InferenceError(f"The kiosk could not load the model: {self.kiosk.error}")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> KillRestartCycles:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
        if exc_info[0] is None and self.kiosk.error is not None:
            raise InferenceError(f"The kiosk failed: {self.kiosk.error}")

    def _local_frames(self) -> int:
        return sum(1 for _, side in list(self.kiosk.frames) if side == "local")

    def cycle(self) -> Cycle:
        """Once the kiosk is on the server: kill it at a random moment, wait for the first
        local frame, restart it (same ports) and wait for the first frame it answers
        (calling thread)."""
        kiosk, wait_s = self.kiosk, self.config.wait_s
        kiosk.wait_for("server", time.monotonic(), wait_s)
        time.sleep(float(self._rng.random()) * self.config.up_s)  # mid-stream, at any moment
        killed_at = time.monotonic()
        self.server.kill()
        fallback_at = kiosk.wait_for("local", killed_at, wait_s)
        reason = kiosk.runner.fallback_reason if kiosk.runner is not None else ""
        local_before = self._local_frames()
        ready: dict[str, float] = {}
        watcher = threading.Thread(
            target=_watch_ready,
            args=(self.server.http_url, self.entry.id, ready, 120.0),
            name="bench-fallback-ready",
        )
        watcher.start()
        try:
            self.server = _restart(self.server, self.registry, self.store, self.models_dir)
        finally:
            watcher.join(130)
        if "at" not in ready:
            raise InferenceError("The restarted server never reported the model ready.")
        back_at = kiosk.wait_for("server", ready["at"], wait_s)
        return Cycle(
            fallback_at - killed_at, back_at - ready["at"], self._local_frames() - local_before, reason
        )

    def close(self) -> None:
        """Halt the kiosk and stop the server (calling thread)."""
        self.kiosk.halt.set()
        if self.kiosk.is_alive():
            self.kiosk.join(60)
        self.server.stop()


def _summary(values: list[float], target_s: float) -> dict[str, Any]:
    return {
        "median_ms": round(statistics.median(values) * 1e3, 1),
        "max_ms": round(max(values) * 1e3, 1),
        "within_target": all(v <= target_s for v in values),
        "target_ms": round(target_s * 1e3),
    }


def run_fallback_benchmark(
    registry: BackendRegistry,
    store: ModelStore,
    models_dir: Path,
    entry: ModelEntry,
    image: np.ndarray,
    config: FallbackBenchConfig,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Start a server for ``entry``, stream ``image`` from a kiosk, kill and restart the
    server ``config.cycles`` times; the numbers per cycle and their summary (calling thread).
    InputError for a bad ``--cycles`` or ``--protocol`` (the latter from KillRestartCycles)."""
    if not 1 <= config.cycles <= 200:
        raise InputError("--cycles must be 1 to 200.")
    cycles: list[Cycle] = []
    with KillRestartCycles(registry, store, models_dir, entry, image, config) as run:
        for index in range(config.cycles):
            cycles.append(run.cycle())
            if progress is not None:
                progress(index + 1, config.cycles)
    runner = run.kiosk.runner
    return {
        "model": entry.id,
        "protocol": config.protocol,
        "cycles": [c.as_json() for c in cycles],
        "fallback": _summary([c.fallback_s for c in cycles], FALLBACK_TARGET_S),
        "return_after_ready": _summary([c.return_s for c in cycles], RETURN_TARGET_S),
        "frames": len(run.kiosk.frames),
        "local_runtime": runner.state.local_runtime if runner is not None else "",
    }
