"""AppContext: everything created once at start-up and passed in (no module singletons)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.artifact import artifact_digest
from edgestudio.core.config import AppConfig, ConfigStore
from edgestudio.core.deployments import Deployment, Deployments
from edgestudio.core.device_key import DeviceKeyState, DeviceKeyStore
from edgestudio.core.errors import ModelLoadError
from edgestudio.core.formats import sniff
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.paths import AppPaths, resources_dir
from edgestudio.core.storage import StorageState, probe_storage

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    config_store: ConfigStore
    config: AppConfig
    registry: BackendRegistry
    models: ModelStore
    storage: StorageState  # whether the data folder takes writes (writable, read-only, full)
    warnings: list[str] = field(default_factory=list)
    device_keys: DeviceKeyStore | None = None  # None: no device key (the PIN alone)
    _device_state: DeviceKeyState | None = field(default=None, repr=False)
    # the one observable of deployments: the wizard writes through it, the main window hands
    # its changes to every tab
    deployments: Deployments = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.deployments = Deployments.in_data_dir(self.paths.data_dir)

    @classmethod
    def create(cls, paths: AppPaths | None = None, registry: BackendRegistry | None = None) -> AppContext:
        """Build the context on the main thread; never fails over an unwritable data folder
        (``storage`` says whether it is writable, read-only or full)."""
        paths = (paths or AppPaths.default()).ensure()
        store = ConfigStore(paths.user_config_file, paths.site_config_file)
        config = store.load()
        storage = probe_storage(paths.data_dir)
        warnings = list(store.warnings)
        if not storage.writable:  # logged by the caller once its logging is set up
            warnings.insert(0, storage.message())
        return cls(
            paths=paths,
            config_store=store,
            config=config,
            registry=registry or BackendRegistry(),
            models=ModelStore(paths.models_dir, resources_dir() / "models"),
            warnings=warnings,
            storage=storage,
            device_keys=DeviceKeyStore.from_environment(Path(config.kiosk.device_key_file)),
        )

    def device_key(self) -> DeviceKeyState:
        """The device key that binds the face gallery to this machine, looked up once (as
        root this runs ``systemd-creds decrypt``); without one, the reason. Calling thread."""
        if self._device_state is None:
            if self.device_keys is None:
                self._device_state = DeviceKeyState(None, "no device key store is set up")
            else:
                self._device_state = self.device_keys.load()
            state = self._device_state
            if state.key is not None:
                log.info("face gallery device key: %s", state.key.origin)
            else:
                log.info("no face gallery device key: %s", state.reason)
        return self._device_state

    def active_deployment(self, task: str) -> Deployment | None:
        """The optimizer deployment ``task`` uses now (its model id and settings, such as a
        re-fitted detection ``confidence``), or None for the task's default. Any thread."""
        return self.deployments.active(task)

    def resolve_model(self, ref: str) -> ModelEntry:
        """A stored model by id, or a model file used as it is (not added to the store); its
        format and companion files come from its content. Main thread of the caller."""
        entry = self.models.find(ref)
        if entry is not None:
            return entry
        path = Path(ref).expanduser()
        if path.exists():
            artifact = sniff(path)  # says what a folder or a non-model file is
            return ModelEntry(
                id=artifact.path.stem,
                name=artifact.path.name,
                task="detection",
                format=artifact.format,
                path=artifact.path.resolve(),
                sha256=artifact_digest(artifact),
                size=artifact.size,
                files=tuple(f.resolve() for f in artifact.files),
            )
        known = ", ".join(e.id for e in self.models.list()) or "none"
        raise ModelLoadError(f"'{ref}' is neither a stored model nor a file.", f"Stored models: {known}.")
