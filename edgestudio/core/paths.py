"""Where EdgeStudio keeps its files (platformdirs), and where its bundled resources are."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "EdgeStudio"
APP_AUTHOR = "EdgeStudio"


@dataclass(frozen=True)
class AppPaths:
    """The per-user directories of one installation. ``EDGESTUDIO_HOME`` puts all under one root."""

    config_dir: Path
    data_dir: Path
    log_dir: Path
    cache_dir: Path
    site_config_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        home = os.environ.get("EDGESTUDIO_HOME")
        site = Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR))
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs", root / "cache", site)
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
            Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
            site,
        )

    @property
    def user_config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def site_config_file(self) -> Path:
        return self.site_config_dir / "config.toml"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    def ensure(self) -> AppPaths:
        """Create the directories that can be created; returns self for chaining.

        A folder on a read-only or full disk is left as it is: the storage probe
        (``core.storage.probe_storage``) tells the app and the user, and every writer says
        "nothing was changed" when it meets such a folder.
        """
        for path in (self.config_dir, self.data_dir, self.log_dir, self.cache_dir, self.models_dir):
            with contextlib.suppress(OSError):
                path.mkdir(parents=True, exist_ok=True)
        return self


def resources_dir() -> Path:
    """Bundled resources: inside the package when installed, the repo's ``resources/`` otherwise."""
    packaged = Path(__file__).resolve().parent.parent / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"
