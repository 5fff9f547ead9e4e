"""BackendRegistry: the built-in backends plus the ``edgestudio.backends`` entry-point group.

Discovery imports nothing: built-ins are ``module:Class`` strings and plugins are entry-point
objects. A backend is imported on first use; a plugin that fails to import, or was built
for another plugin API, is recorded with its reason and shown, never fatal.
Created once by the application and passed in; tests build their own.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

from edgestudio.backends.base import PLUGIN_API_VERSION, Backend
from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.types import BackendStatus

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "edgestudio.backends"

BUILTIN_BACKENDS: dict[str, str] = {
    "onnxruntime": "edgestudio.backends.onnxruntime_backend:OnnxRuntimeBackend",
    "openvino": "edgestudio.backends.openvino_backend:OpenVinoBackend",
    "llamacpp": "edgestudio.backends.llamacpp_backend:LlamaCppBackend",
    "openai-server": "edgestudio.backends.openai_server_backend:OpenAiServerBackend",
    "faster-whisper": "edgestudio.backends.whisper_backend:FasterWhisperBackend",
}

Factory = Callable[[], Backend]


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
            raise BackendUnavailable(f"The backend '{backend_id}' cannot be used: {reason}.")
        self._instances[backend_id] = backend
        return backend

    def probe(self, backend_id: str) -> BackendStatus:
        """Probe one backend; a broken or failing one is reported as unavailable with its reason."""
        try:
            backend = self.get(backend_id)
        except BackendUnavailable as exc:
            return BackendStatus(backend_id, backend_id, False, reason=exc.message)
        try:
            return backend.probe()
        except Exception as exc:
            log.exception("probe of %s failed", backend_id)
            return BackendStatus(backend_id, backend.name, False, reason=f"probe failed: {exc}")

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
        """Ids of the backends whose formats include this file's suffix."""
        suffix = artifact.suffix.lower().lstrip(".")
        matches = []
        for backend_id in self.ids():
            try:
                if suffix in self.get(backend_id).formats:
                    matches.append(backend_id)
            except BackendUnavailable:
                continue
        return matches
