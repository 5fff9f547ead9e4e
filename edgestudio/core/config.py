"""Typed, versioned configuration, layered: defaults < user file < ``EDGESTUDIO_*`` variables,
with the site file's settings locked.

The site file (for example written by a kiosk installer) is read-only to the app, and the
settings it sets are locked: they win over the user file (a user file written before the kiosk
was set up cannot undo them), the UI shows them read-only (``ConfigStore.is_locked``) and the
app never copies them into the user file, so a later change of the site file is not shadowed.
Environment variables still win over both (an administrator's override when starting by hand).
The user file is the only layer the app writes.
Environment variables use ``__`` between the section and the key:
``EDGESTUDIO_DETECTION__CONFIDENCE=0.4``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import tomli_w
import tomllib
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import ConfigError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
ENV_PREFIX = "EDGESTUDIO_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)


class DetectionSettings(_Section):
    model_id: str = "centernet-coco"
    backend: str = ""  # empty: use the recommended backend
    device: str = ""  # empty: the backend's default device
    confidence: float = Field(0.4, ge=0.01, le=1.0)
    iou: float = Field(0.5, ge=0.05, le=0.95)
    source: str = ""
    source_kind: Literal["camera", "file", "url", "image"] = "camera"
    loop: bool = True
    threads: int = Field(0, ge=0, le=256)  # 0: let the runtime choose
    # Further sources shown beside ``source`` in a grid (camera numbers, files, stream URLs,
    # as typed); a kiosk's site file lists all of its cameras here.
    more_sources: list[str] = Field(default_factory=list, max_length=7)


class RuntimeChoice(_Section):
    """A tab's runtime and device as the user last chose them (the Faces and Voice tabs;
    ``remote`` is the site server); empty: the best-ranked one here. A choice that no longer
    works falls back to the best-ranked one without being forgotten."""

    backend: str = ""
    device: str = ""


class UiSettings(_Section):
    fullscreen: bool = False
    max_fps: int = Field(30, ge=1, le=240)
    language: Literal["system", "en", "zh_CN"] = "system"  # system: follow the locale
    theme: Literal["system", "light", "dark"] = "system"  # system: follow the desktop


class ChatSettings(_Section):
    send_after_speaking: bool = False  # push-to-talk sends the question instead of filling the prompt
    # Chat over the site's documents: answer from them (with sources) when any are indexed, and
    # in "documents only" mode say "the documents do not say" instead of letting the model guess.
    answer_from_documents: bool = True
    documents_only: bool = False


KioskTab = Literal["detect", "faces", "voice", "chat", "device"]
KioskCorner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]
DEFAULT_KIOSK_TABS: tuple[KioskTab, ...] = ("detect", "faces", "voice", "chat")


class KioskSettings(_Section):
    """Kiosk mode: fullscreen, no way out without the admin PIN (``edgestudio gui --kiosk``)."""

    enabled: bool = False
    tabs: list[KioskTab] = Field(default_factory=lambda: list(DEFAULT_KIOSK_TABS), min_length=1)
    cursor_hide_seconds: float = Field(5.0, ge=0.0, le=3600.0)  # 0: never hide the cursor
    admin_corner: KioskCorner = "top-right"  # long-press here opens the admin drawer
    long_press_seconds: float = Field(3.0, ge=0.5, le=30.0)
    drawer_timeout_seconds: float = Field(120.0, ge=10.0, le=3600.0)  # the drawer closes when idle
    health_strip: bool = True
    start_detection: bool = True  # start the Detect tab's configured source on launch
    pin_delay_seconds: float = Field(1.0, ge=0.0, le=60.0)  # after a wrong PIN; doubles each time
    pin_max_failures: int = Field(5, ge=1, le=20)  # wrong PINs in a row before a lockout
    pin_lockout_seconds: float = Field(300.0, ge=1.0, le=86400.0)  # doubles per lockout in a row
    # The sealed device key that binds the face gallery to this machine (kiosk device-key).
    device_key_file: str = "/etc/credstore.encrypted/edgestudio-gallery-key"


class SiteServerSettings(_Section):
    """The site server this kiosk uses (issue 17): ``edgestudio serve``, or any Triton or
    OpenVINO Model Server with the same models. Empty ``url``: no site server. The access token
    is never stored here: ``token_file`` names a file readable by its owner only
    (``core/site_status.store_token``), or the kiosk service hands it over as a systemd
    credential (``core/site_status.TOKEN_CREDENTIAL``)."""

    url: str = ""  # http(s)://host:8000 or grpc(s)://host:8001 (the client follows the scheme)
    token_file: str = ""
    root_certificates: str = ""  # PEM file for grpcs:// (empty: the system's roots)
    frame_timeout_ms: int = Field(250, ge=20, le=10_000)  # wait per frame before the local model
    form: Literal["tensors", "jpeg"] = "tensors"  # raw tensors, or JPEG in / detections out
    chat_url: str = ""  # an OpenAI-compatible chat server (llama.cpp, vLLM, Ollama): .../v1


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_bytes: int = Field(2_000_000, ge=10_000)
    backups: int = Field(3, ge=0, le=50)


class AppConfig(_Section):
    schema_version: int = SCHEMA_VERSION
    detection: DetectionSettings = Field(default_factory=DetectionSettings)
    ui: UiSettings = Field(default_factory=UiSettings)
    chat: ChatSettings = Field(default_factory=ChatSettings)
    kiosk: KioskSettings = Field(default_factory=KioskSettings)
    site_server: SiteServerSettings = Field(default_factory=SiteServerSettings)
    faces: RuntimeChoice = Field(default_factory=RuntimeChoice)
    voice: RuntimeChoice = Field(default_factory=RuntimeChoice)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)


def _deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"The settings file {path} is damaged ({exc}).",
            "Fix or delete it; EdgeStudio will use its defaults meanwhile.",
        ) from exc
    except OSError as exc:
        raise ConfigError(f"The settings file {path} could not be read: {exc}.") from exc


def _env_layer(environ: Mapping[str, str]) -> dict[str, Any]:
    layer: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
        layer.setdefault(section, {})[key] = value
    return layer


class ConfigStore:
    """Loads the layered config and saves the user layer. Created once in ``app.py``/``cli.py``."""

    def __init__(
        self,
        user_file: Path,
        site_file: Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.user_file = user_file
        self.site_file = site_file
        self.environ = os.environ if environ is None else environ
        self.warnings: list[str] = []
        self.locked: frozenset[str] = frozenset()  # "section.key" set by the site file

    def _read_layer(self, path: Path | None) -> dict[str, Any]:
        if path is None:
            return {}
        try:
            return _read_toml(path)
        except ConfigError as exc:
            log.warning("%s", exc)
            self.warnings.append(str(exc))
            return {}

    def is_locked(self, section: str, key: str) -> bool:
        """True if the site file sets this setting: the UI shows it read-only."""
        return f"{section}.{key}" in self.locked

    def load(self) -> AppConfig:
        """Merge the layers; a damaged layer is skipped with a warning, never fatal."""
        self.warnings = []
        site = self._read_layer(self.site_file)
        self.locked = frozenset(
            f"{section}.{key}"
            for section, values in site.items()
            if isinstance(values, Mapping)
            for key in values
        )
        user = self._read_layer(self.user_file)
        merged = _deep_merge(_deep_merge(self._without_locked(user), site), _env_layer(self.environ))
        try:
            return AppConfig.model_validate(merged)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            message = f"Some settings are invalid and were reset to defaults ({problems})."
            log.warning("%s", message)
            self.warnings.append(message)
            return self._validate_leniently(merged)

    @staticmethod
    def _validate_leniently(merged: dict[str, Any]) -> AppConfig:
        """Keep every valid section and key, drop only the invalid ones."""
        config = AppConfig()
        sections = [name for name, field in AppConfig.model_fields.items() if field.annotation is not int]
        for section_name in sections:
            section = getattr(config, section_name)
            for key, value in dict(merged.get(section_name, {})).items():
                try:
                    setattr(section, key, value)
                except (ValidationError, ValueError):
                    continue
        return config

    def _without_locked(self, layer: Mapping[str, Any]) -> dict[str, Any]:
        """``layer`` less the settings the site file locks."""
        return {
            section: {k: v for k, v in values.items() if f"{section}.{k}" not in self.locked}
            if isinstance(values, Mapping)
            else values
            for section, values in layer.items()
        }

    def save(self, config: AppConfig) -> None:
        """Write the user layer atomically (called on the GUI thread; it is small). Settings
        the site file locks are left out, so a later site change is not shadowed."""
        data = self._without_locked(config.model_dump(mode="json"))
        atomic_write_text(self.user_file, tomli_w.dumps(data))
