"""Built artifacts cached by source hash + recipe, so running the optimizer again reuses
what it built.

Each entry is a folder ``<root>/<key>/`` holding the artifact's files and ``cache.json``
(main file, files, hints, provenance). An entry is built in ``<root>/.building-<pid>-<rand>``
and renamed into place in one step once complete, so a cancel (the child process is killed)
or a crash leaves either the whole entry or only a ``.building-`` folder, which
:meth:`ArtifactCache.clean_leftovers` removes. Nothing here touches the model store: a
candidate enters the store only when it is deployed.

Runs on the calling thread (the optimizer's child process).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

MANIFEST = "cache.json"
BUILDING_PREFIX = ".building-"


@dataclass(frozen=True)
class BuiltArtifact:
    """What a builder made in its folder: the file a runtime opens, all files, the task
    hints the model needs (its layout may differ from the source's) and its provenance."""

    main: Path
    files: tuple[Path, ...]
    hints: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)


def cache_key(source_sha256: str, recipe: Mapping[str, Any]) -> str:
    """A stable key for an artifact built from the source with this recipe."""
    text = json.dumps({"source": source_sha256, "recipe": recipe}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ArtifactCache:
    """Artifacts kept under ``root`` (the data folder's optimizer cache)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def lookup(self, key: str) -> BuiltArtifact | None:
        """The complete entry for ``key``, or None (also when a file of it is missing)."""
        folder = self.root / key
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = tuple(folder / name for name in manifest.get("files", []))
        if not files or not all(path.is_file() for path in files):
            return None
        return BuiltArtifact(
            folder / manifest["main"],
            files,
            dict(manifest.get("hints", {})),
            dict(manifest.get("provenance", {})),
        )

    def build(self, key: str, builder: Callable[[Path], BuiltArtifact]) -> BuiltArtifact:
        """Run ``builder(folder)`` in a fresh hidden folder, then move the result into place
        as the entry for ``key``. The builder's files must lie directly in ``folder``."""
        self.root.mkdir(parents=True, exist_ok=True)
        temp = self.root / f"{BUILDING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        temp.mkdir()
        try:
            built = builder(temp)
            names = [path.name for path in built.files]
            for path in built.files:
                if path.parent != temp:
                    raise ValueError(f"{path} was built outside the cache folder")
            manifest = {
                "main": built.main.name,
                "files": names,
                "hints": built.hints,
                "provenance": built.provenance,
            }
            (temp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
            for stray in temp.iterdir():
                if stray.name not in names and stray.name != MANIFEST:
                    _remove(stray)
            final = self.root / key
            if final.exists():
                _remove(final)
            os.replace(temp, final)
        except BaseException:
            _remove(temp)
            raise
        found = self.lookup(key)
        if found is None:
            raise OSError(f"the cache entry {key} could not be read back")
        return found

    def clean_leftovers(self) -> list[Path]:
        """Remove folders that killed builds left behind (their process is gone)."""
        removed: list[Path] = []
        if not self.root.is_dir():
            return removed
        for folder in self.root.glob(f"{BUILDING_PREFIX}*"):
            pid_text = folder.name[len(BUILDING_PREFIX) :].split("-", 1)[0]
            if pid_text.isdigit() and psutil.pid_exists(int(pid_text)) and int(pid_text) != os.getpid():
                continue
            _remove(folder)
            removed.append(folder)
        return removed


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
