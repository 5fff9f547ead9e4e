"""The model store: every model has an entry with task, format, precision, size, sha256,
licence and provenance. Bundled models come from ``resources/models`` (read-only); models a
user adds are copied under the data directory with a sidecar JSON, so the store survives the
original file being moved or deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import ModelLoadError, StorageError

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".json"


@dataclass(frozen=True)
class ModelEntry:
    id: str
    name: str
    task: str
    format: str
    path: Path
    sha256: str
    size: int
    precision: str = "unknown"
    license: str = "unknown"
    provenance: dict[str, Any] = field(default_factory=dict)
    hints: dict[str, Any] = field(default_factory=dict)  # task-specific (e.g. detection layout)
    builtin: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        data.pop("hints")
        return data


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "model"


def _entry_from_card(card: dict[str, Any], model_path: Path, builtin: bool) -> ModelEntry:
    return ModelEntry(
        id=str(card["id"]),
        name=str(card.get("name", card["id"])),
        task=str(card.get("task", "detection")),
        format=str(card.get("format", model_path.suffix.lstrip("."))),
        path=model_path,
        sha256=str(card.get("sha256", "")),
        size=model_path.stat().st_size if model_path.exists() else 0,
        precision=str(card.get("precision", "unknown")),
        license=str(card.get("license", "unknown")),
        provenance=dict(card.get("provenance", {})),
        hints=dict(card.get(str(card.get("task", "detection")), {})),
        builtin=builtin,
    )


class ModelStore:
    """Lists, adds and removes models. File operations run on whichever thread calls them."""

    def __init__(self, user_dir: Path, bundled_dir: Path) -> None:
        self.user_dir = user_dir
        self.bundled_dir = bundled_dir

    def _cards(self, root: Path, builtin: bool) -> list[ModelEntry]:
        entries: list[ModelEntry] = []
        if not root.is_dir():
            return entries
        for card_path in sorted(root.rglob(f"*{SIDECAR_SUFFIX}")):
            try:
                card = json.loads(card_path.read_text(encoding="utf-8"))
                model_path = card_path.with_name(str(card["file"]))
                if not model_path.exists():
                    log.warning("model card %s points to a missing file", card_path)
                    continue
                entries.append(_entry_from_card(card, model_path, builtin))
            except (OSError, ValueError, KeyError) as exc:
                log.warning("skipping unreadable model card %s: %s", card_path, exc)
        return entries

    def list(self, task: str | None = None) -> list[ModelEntry]:
        entries = self._cards(self.bundled_dir, True) + self._cards(self.user_dir, False)
        return [e for e in entries if task is None or e.task == task]

    def get(self, model_id: str) -> ModelEntry:
        for entry in self.list():
            if entry.id == model_id:
                return entry
        raise ModelLoadError(f"There is no model '{model_id}' in the model store.")

    def find(self, ref: str) -> ModelEntry | None:
        """A model by id, or ``None`` when ``ref`` is not a stored model id."""
        return next((e for e in self.list() if e.id == ref), None)

    def add(
        self,
        source: Path,
        *,
        task: str,
        name: str = "",
        hints: dict[str, Any] | None = None,
        precision: str = "unknown",
        license: str = "unknown",
    ) -> ModelEntry:
        """Copy ``source`` into the store with a sidecar card; an identical file is not copied twice.

        The copy goes to a temporary name first and is renamed into place, so a kill or a full
        disk leaves either the whole model or nothing.
        """
        if not source.is_file():
            raise ModelLoadError(f"The model file {source} does not exist.")
        digest = sha256_of(source)
        for entry in self.list():
            if entry.sha256 == digest:
                return entry
        model_id = f"{_slug(source.stem)}-{digest[:8]}"
        folder = self.user_dir / model_id
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / source.name
        tmp = folder / f".{source.name}.part"
        try:
            shutil.copyfile(source, tmp)
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
            raise StorageError(
                f"{source.name} could not be copied into the model store: {exc.strerror or exc}.",
                "Check the free disk space; nothing was changed.",
            ) from exc
        card = {
            "schema": 1,
            "id": model_id,
            "name": name or source.stem,
            "task": task,
            "file": source.name,
            "format": source.suffix.lstrip(".").lower(),
            "precision": precision,
            "license": license,
            "sha256": digest,
            "provenance": {"added_from": str(source), "added_at": time.strftime("%Y-%m-%dT%H:%M:%S")},
            task: hints or {},
        }
        atomic_write_text(target.with_name(target.stem + SIDECAR_SUFFIX), json.dumps(card, indent=2))
        return _entry_from_card(card, target, builtin=False)

    def remove(self, model_id: str) -> None:
        entry = self.get(model_id)
        if entry.builtin:
            raise StorageError(f"{entry.name} is bundled with EdgeStudio and cannot be removed.")
        shutil.rmtree(entry.path.parent, ignore_errors=True)
