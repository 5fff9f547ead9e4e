"""AppContext: everything created once at start-up and passed in (no module singletons)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.config import AppConfig, ConfigStore
from edgestudio.core.errors import ModelLoadError
from edgestudio.core.model_store import ModelEntry, ModelStore, sha256_of
from edgestudio.core.paths import AppPaths, resources_dir

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    config_store: ConfigStore
    config: AppConfig
    registry: BackendRegistry
    models: ModelStore
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def create(cls, paths: AppPaths | None = None, registry: BackendRegistry | None = None) -> AppContext:
        paths = (paths or AppPaths.default()).ensure()
        store = ConfigStore(paths.user_config_file, paths.site_config_file)
        config = store.load()
        return cls(
            paths=paths,
            config_store=store,
            config=config,
            registry=registry or BackendRegistry(),
            models=ModelStore(paths.models_dir, resources_dir() / "models"),
            warnings=list(store.warnings),
        )

    def resolve_model(self, ref: str) -> ModelEntry:
        """A stored model by id, or an ONNX file path used as it is (not added to the store)."""
        entry = self.models.find(ref)
        if entry is not None:
            return entry
        path = Path(ref).expanduser()
        if path.is_file():
            return ModelEntry(
                id=path.stem,
                name=path.name,
                task="detection",
                format=path.suffix.lstrip("."),
                path=path.resolve(),
                sha256=sha256_of(path),
                size=path.stat().st_size,
            )
        known = ", ".join(e.id for e in self.models.list()) or "none"
        raise ModelLoadError(f"'{ref}' is neither a stored model nor a file.", f"Stored models: {known}.")
