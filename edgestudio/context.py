"""AppContext: everything created once at start-up and passed in (no module singletons)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.artifact import artifact_digest
from edgestudio.core.config import AppConfig, ConfigStore
from edgestudio.core.deployments import Deployment, Deployments
from edgestudio.core.device_key import DeviceKeyState, DeviceKeyStore
from edgestudio.core.errors import EdgeStudioError, ErrorInfo, ModelLoadError
from edgestudio.core.formats import sniff
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.paths import AppPaths, resources_dir
from edgestudio.core.site_status import FallbackState, SiteServerInfo, store_token
from edgestudio.core.storage import StorageState, probe_storage

if TYPE_CHECKING:
    from edgestudio.backends.remote_client import ServerAddress

log = logging.getLogger(__name__)
SITE_TOKEN_FILE = "site-server-token"  # in the config folder, mode 0600 (the TOML names it)
SiteStateListener = Callable[[str, FallbackState], None]  # (task, state)


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
    _site_listeners: list[SiteStateListener] = field(default_factory=list, repr=False)
    _site_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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
        ctx = cls(
            paths=paths,
            config_store=store,
            config=config,
            registry=registry or BackendRegistry(),
            models=ModelStore(paths.models_dir, resources_dir() / "models"),
            warnings=warnings,
            storage=storage,
            device_keys=DeviceKeyStore.from_environment(Path(config.kiosk.device_key_file)),
        )
        problem = ctx.configure_site_server()
        if problem:
            ctx.warnings.append(problem)
        return ctx

    # -- the site server (issue 17) ----------------------------------------------------------
    def site_server_address(self, url: str = "", token: str | None = None) -> ServerAddress | None:
        """The site server of ``[site_server]`` (``url``/``token`` override it: Settings tests
        an address before saving it); None when no URL is set. Reads the token file
        (ConfigError when it cannot be read). Calling thread."""
        from dataclasses import replace

        from edgestudio.backends.remote_client import ServerAddress

        settings = self.config.site_server
        if token is None:
            return ServerAddress.from_settings(settings, url=url)
        address = ServerAddress.from_settings(settings.model_copy(update={"token_file": ""}), url=url)
        return replace(address, token=token.strip()) if address is not None else None

    def probe_site_server(self, url: str = "", token: str | None = None) -> SiteServerInfo | None:
        """Test the site server (``[site_server]``, or ``url``/``token``): its version, models,
        devices and round trip; None when none is set. Raises SiteServerError (its ``kind``
        says unreachable, token, not an inference server...) or ConfigError. Blocks for up to
        a few seconds: call it off the GUI thread."""
        address = self.site_server_address(url, token)
        if address is None:
            return None
        from edgestudio.backends.remote_probe import probe_site_server

        return probe_site_server(address)

    def configure_site_server(self) -> str:
        """Point the registry's ``remote`` runtime at ``[site_server]`` (none when its URL is
        empty), with this context's fallback observer; returns why the server could not be
        set ("" when fine). The thread that owns the registry (the main thread)."""
        from edgestudio.backends import remote_backend
        from edgestudio.core.errors import EdgeStudioError

        problem = ""
        try:
            address = self.site_server_address()
        except EdgeStudioError as exc:  # the token file: gone, unreadable, empty
            address, problem = None, exc.message
            log.warning("site server not used: %s", exc.message)
        remote_backend.configure(self.registry, address, self._site_state_changed)
        return problem

    def save_site_server(self, url: str, token: str | None) -> None:
        """Keep the site server's URL in the user config and ``token`` (None: keep the saved
        one; "": none) in a file only its owner can read, then point the registry at it.
        Raises ConfigError/StorageError with the reason; main thread."""
        settings = self.config.site_server
        previous = (settings.url, settings.token_file)
        if token is not None:
            if token.strip():
                path = self.paths.config_dir / SITE_TOKEN_FILE
                store_token(path, token)
                settings.token_file = str(path)
            else:
                settings.token_file = ""
        settings.url = url.strip()
        try:
            self.config_store.save(self.config)
        except Exception:
            settings.url, settings.token_file = previous
            raise
        self.configure_site_server()

    def save_config(self, what: str) -> ErrorInfo | None:
        """Write ``config`` to the user file (``config_store``), as a tab does when one of its
        settings changes; ``what`` names that setting in the log. A failure (the folder
        read-only or full...) is logged and returned for the tab to show (the GUI's
        ``error_text``); None once saved. The thread that owns the config (the GUI thread)."""
        try:
            self.config_store.save(self.config)
        except EdgeStudioError as exc:
            log.warning("%s not saved: %s", what, exc.message)
            return ErrorInfo.from_exception(exc)
        return None

    def subscribe_site_state(self, listener: SiteStateListener) -> Callable[[], None]:
        """Hear ``listener(task, state)`` whenever a runner on the site server switches to its
        local model or back (on that runner's thread); returns the unsubscribe function."""
        with self._site_lock:
            self._site_listeners.append(listener)

        def unsubscribe() -> None:
            with self._site_lock:
                if listener in self._site_listeners:
                    self._site_listeners.remove(listener)

        return unsubscribe

    def site_state_observer(self, task: str) -> Callable[[FallbackState], None]:
        """The ``on_change`` of a falling-back runner built outside the registry (chat): its
        switches reach the subscribers as ``task``'s. Called on the runner's thread."""
        return lambda state: self._site_state_changed(task, state)

    def _site_state_changed(self, task: str, state: FallbackState) -> None:
        with self._site_lock:
            listeners = list(self._site_listeners)
        for listener in listeners:
            try:
                listener(task, state)
            except Exception:  # an observer never stops a runner
                log.exception("a site server state listener failed")

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
