"""BackendRegistry: the built-in backends plus the ``edgestudio.backends`` entry-point group.

Discovery imports nothing: built-ins are ``module:Class`` strings and plugins are entry-point
objects. A backend is imported on first use; a plugin that fails to import, or was built
for another plugin API, is recorded with its reason and shown, never fatal.
Created once by the application and passed in; tests build their own.

Queries answer "which runtimes serve this task for this format, on which devices, and which
is best here": ``runtimes_for``, ``ranks``, ``report`` (the Device check) and ``choose``
(what a task loads when the user chose nothing, or the user's choice checked).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib.metadata import entry_points
from pathlib import Path

from edgestudio.backends.base import PLUGIN_API_VERSION, Backend
from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.hardware import DeviceReport, HardwareProfile, probe_hardware, recommend
from edgestudio.core.messages import Text
from edgestudio.core.types import TASKS, BackendStatus, Rank, reads_format, task_label

log = logging.getLogger(__name__)
NONE_INSTALLED = "none installed"

ENTRY_POINT_GROUP = "edgestudio.backends"

# The built-in list: a new runtime is a module in this package and one line here.
BUILTIN_BACKENDS: dict[str, str] = {
    "onnxruntime": "edgestudio.backends.onnxruntime_backend:OnnxRuntimeBackend",
    "openvino": "edgestudio.backends.openvino_backend:OpenVinoBackend",
    "llamacpp": "edgestudio.backends.llamacpp_backend:LlamaCppBackend",
    "openai-server": "edgestudio.backends.openai_server_backend:OpenAiServerBackend",
    "faster-whisper": "edgestudio.backends.whisper_backend:FasterWhisperBackend",
    "dlib": "edgestudio.backends.dlib_backend:DlibBackend",
    "ncnn": "edgestudio.backends.ncnn_backend:NcnnBackend",
    "tflite": "edgestudio.backends.tflite_backend:TfliteBackend",
    "tensorrt": "edgestudio.backends.tensorrt_backend:TensorRtBackend",
    # a site server (issue 17); remote_backend.configure() gives it the server's address
    "remote": "edgestudio.backends.remote_backend:RemoteBackend",
}

Factory = Callable[[], Backend]


@dataclass(frozen=True)
class Choice:
    """What a task loads: the backend, its status, the device and why it was chosen."""

    backend: Backend
    status: BackendStatus
    device: str
    reason: str


def _import_target(target: str) -> Factory:
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    factory: Factory = getattr(module, attr)
    return factory


class BackendRegistry:
    """Holds backend factories by id; instantiates each at most once, on first use."""

    def __init__(self, *, builtins: bool = True, plugins: bool = True) -> None:
        self._targets: dict[str, str | Factory] = {}
        self._instances: dict[str, Backend] = {}
        self._profile: HardwareProfile | None = None
        self.broken: dict[str, str] = {}
        if builtins:
            self._targets.update(BUILTIN_BACKENDS)
        if plugins:
            self._discover_plugins()

    def _discover_plugins(self) -> None:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in self._targets:
                self.broken[f"{ep.name} ({ep.value})"] = f"its id '{ep.name}' is already taken; ignored"
                continue
            self._targets[ep.name] = ep.value

    def register(self, backend_id: str, factory: Factory | str) -> None:
        """Add a backend (tests register fakes this way)."""
        self._targets[backend_id] = factory
        self._instances.pop(backend_id, None)
        self.broken.pop(backend_id, None)

    def ids(self) -> list[str]:
        return list(self._targets)

    def get(self, backend_id: str) -> Backend:
        """The backend instance; raises BackendUnavailable for unknown or broken ones."""
        if backend_id in self._instances:
            return self._instances[backend_id]
        target = self._targets.get(backend_id)
        if target is None:
            known = ", ".join(self._targets) or "none"
            raise BackendUnavailable(
                f"There is no backend called '{backend_id}'.", f"Known backends: {known}."
            )
        if backend_id in self.broken:
            raise BackendUnavailable(f"The backend '{backend_id}' is broken: {self.broken[backend_id]}.")
        try:
            factory = _import_target(target) if isinstance(target, str) else target
            backend = factory()
        except Exception as exc:  # a broken plugin must not take the app down
            reason = f"{type(exc).__name__}: {exc}"
            log.warning("backend %s could not be imported: %s", backend_id, reason)
            self.broken[backend_id] = reason
            raise BackendUnavailable(f"The backend '{backend_id}' could not be loaded ({reason}).") from exc
        api = getattr(backend, "plugin_api", None)
        if api != PLUGIN_API_VERSION:
            reason = f"built for plugin API {api}, this EdgeStudio provides {PLUGIN_API_VERSION}"
            self.broken[backend_id] = reason
            raise BackendUnavailable(
                f"The backend '{backend_id}' cannot be used: {reason}.",
                "Install a version of the plugin made for this EdgeStudio.",
            )
        self._instances[backend_id] = backend
        return backend

    def probe(self, backend_id: str) -> BackendStatus:
        """Probe one backend; a broken or failing one is reported as unavailable with its reason.

        The status always carries the backend's declared tasks and formats. Any thread (slow)."""
        try:
            backend = self.get(backend_id)
        except BackendUnavailable as exc:
            return BackendStatus(backend_id, backend_id, False, reason=exc.message, install_hint=exc.hint)
        tasks, formats = tuple(backend.tasks), tuple(backend.formats)
        try:
            return replace(backend.probe(), tasks=tasks, formats=formats)
        except Exception as exc:
            log.exception("probe of %s failed", backend_id)
            reason = f"probe failed: {exc}"
            return BackendStatus(backend_id, backend.name, False, reason=reason, tasks=tasks, formats=formats)

    def hardware(self) -> HardwareProfile:
        """This machine's hardware, probed once per registry (the registry lives as long as the
        app). Any thread; the first call may take a second."""
        if self._profile is None:
            self._profile = probe_hardware()
        return self._profile

    def rank(self, status: BackendStatus, task: str, profile: HardwareProfile) -> Rank:
        """The backend's own rank for ``task``; a broken backend or a failing ``rank()`` is
        unranked with the reason, never an exception."""
        try:
            backend = self.get(status.id)
        except BackendUnavailable as exc:
            return Rank(task, status.id, "", 0.0, exc.message)
        if task not in backend.tasks:
            return Rank(task, status.id, "", 0.0, f"{backend.name} does not serve {task_label(task).lower()}")
        try:
            return backend.rank(profile, status, task)
        except Exception as exc:
            log.exception("rank of %s for %s failed", status.id, task)
            return Rank(task, status.id, "", 0.0, f"its rank() failed: {exc}")

    def ranks(self, profile: HardwareProfile, statuses: list[BackendStatus]) -> list[Rank]:
        """Every (backend, task) rank, for each task each backend declares. Any thread."""
        return [self.rank(status, task, profile) for status in statuses for task in status.tasks]

    def report(self, profile: HardwareProfile | None = None) -> DeviceReport:
        """The Device check: hardware, statuses, ranks and recommendations per task.

        Slow (imports runtimes, may shell out): call off the GUI thread."""
        profile = profile or probe_hardware()
        self._profile = profile
        statuses = self.probe_all()
        ranks = self.ranks(profile, statuses)
        tasks = [t for t in TASKS if any(t in s.tasks for s in statuses)]
        tasks += sorted({t for s in statuses for t in s.tasks} - set(tasks))  # plugins' own tasks
        return DeviceReport(profile, statuses, ranks, recommend(ranks, tasks), dict(self.broken))

    def runtimes_for(self, task: str, fmt: str | None = None) -> list[str]:
        """Ids of the backends that serve ``task`` (and load ``fmt`` when given; "" = runtimes
        that take no model file), in registry order, whether installed or not. Imports backend
        modules (cheap), not runtimes. Any thread."""
        matches = []
        for backend_id in self.ids():
            try:
                backend = self.get(backend_id)
            except BackendUnavailable:
                continue
            if task in backend.tasks and reads_format(tuple(backend.formats), fmt):
                matches.append(backend_id)
        return matches

    def choose(
        self,
        task: str,
        fmt: str | None = None,
        backend: str = "",
        device: str = "",
        profile: HardwareProfile | None = None,
    ) -> Choice:
        """The backend and device a task loads on: ``backend``/``device`` when given (checked),
        otherwise the best-ranked available backend serving ``task`` for ``fmt``.

        Raises BackendUnavailable with the reason when nothing can. Runs on the thread that
        is about to load (it may probe runtimes)."""
        label = task_label(task).lower()
        if backend:
            impl, status = self.require_available(backend)
            if task not in impl.tasks:
                serving = ", ".join(self.runtimes_for(task, fmt)) or NONE_INSTALLED
                raise BackendUnavailable(
                    Text(
                        "{runtime} does not serve this task ({task}).",
                        runtime=impl.name,
                        task=task_label(task),
                    ),
                    Text("Runtimes that do: {runtimes}.", runtimes=serving),
                )
            if not reads_format(tuple(impl.formats), fmt):
                readers = ", ".join(self.runtimes_for(task, fmt)) or NONE_INSTALLED
                raise BackendUnavailable(
                    Text("{runtime} cannot read {format} models.", runtime=impl.name, format=fmt),
                    Text("Runtimes that can: {runtimes}.", runtimes=readers),
                )
            if device:
                return Choice(impl, status, device, "chosen by you")
            rank = self.rank(status, task, profile or self.hardware())
            chosen = rank.device if rank.ranked else impl.default_device(status)
            return Choice(impl, status, chosen, rank.reason if rank.ranked else "its default device")
        candidates = [(i, self.probe(i)) for i in self.runtimes_for(task, fmt)]
        usable = [(i, s) for i, s in candidates if s.available and (not device or s.has_device(device))]
        if not usable:
            why = "; ".join(f"{s.name}: {s.reason or 'no ' + device}" for _, s in candidates)
            what = f"{label} models" + (f" in {fmt} format" if fmt else "")
            raise BackendUnavailable(
                f"No installed runtime runs {what}" + (f" on {device}" if device else "") + ".",
                why or "Install a runtime for it (the Device tab and `edgestudio doctor` list them).",
            )
        if len(usable) == 1 and device:
            backend_id, status = usable[0]
            return Choice(self.get(backend_id), status, device, f"the only runtime here for {label}")
        hardware = profile or self.hardware()
        ranks = [self.rank(status, task, hardware) for _, status in usable]
        best_index = max(range(len(usable)), key=lambda k: ranks[k].score)
        backend_id, status = usable[best_index]
        rank = ranks[best_index]
        chosen = device or (rank.device if rank.ranked else self.get(backend_id).default_device(status))
        return Choice(self.get(backend_id), status, chosen, rank.reason)

    def require_available(self, backend_id: str) -> tuple[Backend, BackendStatus]:
        """The backend and its status; BackendUnavailable with the reason when it cannot run."""
        backend = self.get(backend_id)
        status = self.probe(backend_id)
        if not status.available:
            raise BackendUnavailable(f"{status.name} is not available: {status.reason}.", status.install_hint)
        return backend, status

    def probe_all(self) -> list[BackendStatus]:
        """Probe every backend. Slow (imports runtimes): call off the GUI thread."""
        return [self.probe(backend_id) for backend_id in self.ids()]

    def backends_for(self, artifact: Path) -> list[str]:
        """Ids of the backends whose formats include this file's suffix (ONNX files: "onnx").

        Prefer ``runtimes_for(task, fmt)`` with the format the model store recognised."""
        suffix = artifact.suffix.lower().lstrip(".")
        matches = []
        for backend_id in self.ids():
            try:
                if suffix in self.get(backend_id).formats:
                    matches.append(backend_id)
            except BackendUnavailable:
                continue
        return matches
