"""The model store: every model has an entry with task, format, precision, size, sha256,
licence and provenance.

Bundled models come from ``resources/models`` (read-only). A model a user adds is copied
under the data directory into a folder of its own that holds all its files and a card
(``edgestudio-card.json``), so the store survives the original being moved or deleted and a
model of several files (an OpenVINO IR, ncnn, a TensorRT plan with its sidecar, a
CTranslate2 folder) is one unit.

Adding is crash-safe: the files are copied into a hidden folder named after the adding
process (``.adding-<pid>-<random>``), hashed while they are copied, the card is written, and
the folder is renamed into place in one step. A kill -9 at any instant leaves either the
whole entry or no entry; :meth:`ModelStore.clean_leftovers` removes what killed adds and
removals left behind (called once at start). Cards of schema 1 (one file, ``<stem>.json``
beside it) are still read: users' stores and ``resources/models`` hold them.

File operations run on whichever thread calls them (a worker thread in the GUI).
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import psutil

from edgestudio.core.artifact import Artifact, combine_digests, file_sha256
from edgestudio.core.atomic import atomic_write_text, fsync_folder, write_error
from edgestudio.core.errors import (
    InputError,
    ModelAlreadyStored,
    ModelFormatError,
    ModelLoadError,
    StorageError,
    StorageFullError,
)
from edgestudio.core.formats import sniff

log = logging.getLogger(__name__)

CARD_NAME = "edgestudio-card.json"
CARD_SCHEMA = 2
LEGACY_CARD_SUFFIX = ".json"
ADDING_PREFIX = ".adding-"
REMOVING_PREFIX = ".removing-"
PART_SUFFIX = ".part"
STALE_PART_S = 120.0  # a .part untouched this long belongs to an import that was killed
SPACE_RESERVE = 32 * 1024 * 1024  # left free for the card, databases and logs
COPY_CHUNK = 4 * 1024 * 1024
MB = 1024 * 1024

sha256_of = file_sha256  # the name older code imports


@dataclass(frozen=True)
class ModelEntry:
    """One stored model. ``path`` is the main file (what a runtime opens); ``files`` are all
    its files (empty for entries made on the fly from a path). ``problem`` says why a stored
    model is unusable ("model.bin is missing"), empty when it is intact."""

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
    files: tuple[Path, ...] = ()
    problem: str = ""

    @property
    def all_files(self) -> tuple[Path, ...]:
        return self.files or (self.path,)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        data["files"] = [str(f) for f in self.all_files]
        data.pop("hints")
        return data


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "model"


def _megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def _entry_from_card(card: dict[str, Any], folder: Path, builtin: bool) -> ModelEntry:
    """An entry from a card of schema 1 (``file``) or 2 (``main`` and ``files``)."""
    task = str(card.get("task", "detection"))
    if "files" in card:
        files = tuple(folder / str(name) for name in card["files"])
        main = folder / str(card["main"])
    else:
        main = folder / str(card["file"])
        files = (main,)
    missing = [f.name for f in files if not f.exists()]
    problem = f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing" if missing else ""
    size = int(card["size"]) if "size" in card else sum(f.stat().st_size for f in files if f.exists())
    return ModelEntry(
        id=str(card["id"]),
        name=str(card.get("name", card["id"])),
        task=task,
        format=str(card.get("format", main.suffix.lstrip("."))),
        path=main,
        sha256=str(card.get("sha256", "")),
        size=size,
        precision=str(card.get("precision", "unknown")),
        license=str(card.get("license", "unknown")),
        provenance=dict(card.get("provenance", {})),
        hints=dict(card.get(task, {})),
        builtin=builtin,
        files=files,
        problem=problem,
    )


def _pid_of(name: str) -> int | None:
    """The process id in ``.adding-<pid>-<random>`` / ``.removing-<pid>-<id>``."""
    match = re.match(rf"^({re.escape(ADDING_PREFIX)}|{re.escape(REMOVING_PREFIX)})(\d+)-", name)
    return int(match.group(2)) if match else None


def _newest_change(path: Path) -> float:
    """The latest modification time in ``path`` (a file, or a folder and what it holds)."""
    newest = path.lstat().st_mtime
    if path.is_dir():
        for child in path.rglob("*"):
            with contextlib.suppress(OSError):
                newest = max(newest, child.lstat().st_mtime)
    return newest


def _remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


class ModelStore:
    """Lists, adds, renames and removes models. Any thread; one call at a time per entry."""

    def __init__(self, user_dir: Path, bundled_dir: Path) -> None:
        self.user_dir = user_dir
        self.bundled_dir = bundled_dir

    # --- reading ---------------------------------------------------------------------------

    def _read_card(self, card_path: Path, builtin: bool) -> ModelEntry | None:
        try:
            card = json.loads(card_path.read_text(encoding="utf-8"))
            if not isinstance(card, dict) or "id" not in card or not ({"file", "files"} & card.keys()):
                return None  # some other JSON (a TensorRT sidecar, a config.json)
            return _entry_from_card(card, card_path.parent, builtin)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("skipping unreadable model card %s: %s", card_path, exc)
            return None

    def _scan(self, root: Path, builtin: bool) -> list[ModelEntry]:
        """Cards in ``root`` (schema 1, bundled) and in its entry folders (both schemas)."""
        entries: list[ModelEntry] = []
        if not root.is_dir():
            return entries
        try:
            children = sorted(root.iterdir())
        except OSError as exc:
            log.warning("cannot list the model folder %s: %s", root, exc)
            return entries
        cards = [c for c in children if c.suffix == LEGACY_CARD_SUFFIX and c.is_file()]
        for folder in (c for c in children if c.is_dir() and not c.name.startswith(".")):
            card = folder / CARD_NAME
            if card.is_file():
                cards.append(card)
            else:
                with contextlib.suppress(OSError):
                    cards.extend(sorted(folder.glob(f"*{LEGACY_CARD_SUFFIX}")))
        for card_path in cards:
            entry = self._read_card(card_path, builtin)
            if entry is not None:
                if entry.problem:
                    log.warning("stored model %s is damaged: %s", entry.id, entry.problem)
                entries.append(entry)
        return entries

    def list(self, task: str | None = None, *, include_damaged: bool = False) -> list[ModelEntry]:
        """Stored models (bundled first); damaged ones only when asked (to list or remove them)."""
        entries = self._scan(self.bundled_dir, True) + self._scan(self.user_dir, False)
        return [e for e in entries if (task is None or e.task == task) and (include_damaged or not e.problem)]

    def get(self, model_id: str) -> ModelEntry:
        """The entry with this id (damaged ones too); ModelLoadError when there is none."""
        entry = self.find(model_id)
        if entry is None:
            known = ", ".join(e.id for e in self.list()) or "none"
            raise ModelLoadError(
                f"There is no model '{model_id}' in the model store.", f"Stored models: {known}."
            )
        return entry

    def find(self, ref: str) -> ModelEntry | None:
        """A model by id (damaged ones too), or ``None`` when ``ref`` is not a stored model id."""
        return next((e for e in self.list(include_damaged=True) if e.id == ref), None)

    def find_content(self, digest: str) -> ModelEntry | None:
        """The intact entry whose files have this digest, if any."""
        return next((e for e in self.list() if e.sha256 == digest), None)

    # --- adding ----------------------------------------------------------------------------

    def add(
        self,
        source: Artifact | Path,
        *,
        task: str,
        name: str = "",
        hints: dict[str, Any] | None = None,
        precision: str = "unknown",
        license: str = "unknown",
        digest: str = "",
        provenance: dict[str, Any] | None = None,
    ) -> ModelEntry:
        """Copy a model with all its files into the store and return its entry.

        ``digest`` is the content digest the caller computed while checking the model; the
        copy is verified against it. Raises ModelAlreadyStored when an intact entry has the
        same content (a damaged one is replaced), StorageFullError before copying when the
        disk cannot hold it, and a StorageError when a write fails; in every failure nothing
        was changed. ``provenance`` adds to the card's record of where the model came from (a
        model exported from a checkpoint names the checkpoint).
        """
        artifact = source if isinstance(source, Artifact) else sniff(source)
        existing = self.find_content(digest) if digest else None
        if existing is not None:
            raise self._already_stored(artifact, existing)
        self._ensure_space(artifact)
        temp = self.user_dir / f"{ADDING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            try:
                temp.mkdir(parents=True)
                copied_digest = self._copy_hashing(artifact, temp)
            except OSError as exc:
                raise write_error(exc, artifact.path.name, self.user_dir) from exc
            if digest and copied_digest != digest:
                raise ModelFormatError(
                    f"{artifact.path.name} changed while it was being copied; nothing was added.",
                    "Add it again once it is completely written.",
                )
            existing = self.find_content(copied_digest)
            if existing is not None:
                raise self._already_stored(artifact, existing)
            model_id = f"{_slug(artifact.path.stem)}-{copied_digest[:8]}"
            names = artifact.relative_names()
            if CARD_NAME in names:
                raise ModelFormatError(
                    f"{artifact.path.name} comes with a file named {CARD_NAME}, the name of the "
                    "store's own card.",
                    "Rename that file and add the model again.",
                )
            card = {
                "schema": CARD_SCHEMA,
                "id": model_id,
                "name": name or artifact.path.stem,
                "task": task,
                "format": artifact.format,
                "main": names[0] if not artifact.is_folder else artifact.path.name,
                "files": list(names),
                "size": artifact.size,
                "precision": precision,
                "license": license,
                "sha256": copied_digest,
                "provenance": {
                    "added_from": str(artifact.path),
                    "added_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    **(provenance or {}),
                },
                task: hints or {},
            }
            atomic_write_text(temp / CARD_NAME, json.dumps(card, indent=2))
            self._move_into_place(temp, self.user_dir / model_id, artifact)
        finally:
            with contextlib.suppress(OSError):
                if temp.exists():
                    shutil.rmtree(temp)
        log.info(
            "added %s (%s, %s) as %s", artifact.path, artifact.format, _megabytes(artifact.size), model_id
        )
        return self.get(model_id)

    def _already_stored(self, artifact: Artifact, existing: ModelEntry) -> ModelAlreadyStored:
        return ModelAlreadyStored(
            f"{artifact.path.name} is already in the store as '{existing.id}' ({existing.name}).",
            "Nothing was added. Give --name to rename the stored model, or remove it first with "
            f"'edgestudio models remove {existing.id}'.",
            model_id=existing.id,
        )

    def _ensure_space(self, artifact: Artifact) -> None:
        """StorageFullError with the numbers when the store's disk cannot take ``artifact``."""
        try:
            self.user_dir.mkdir(parents=True, exist_ok=True)
            if os.statvfs(self.user_dir).f_flag & os.ST_RDONLY:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
            free = shutil.disk_usage(self.user_dir).free
        except OSError as exc:
            raise write_error(exc, artifact.path.name, self.user_dir) from exc
        needed = artifact.size + SPACE_RESERVE
        if free < needed:
            raise StorageFullError(
                f"There is not enough free space to add {artifact.path.name}: it needs "
                f"{_megabytes(needed)} (with {_megabytes(SPACE_RESERVE)} kept free) and the disk "
                f"holding {self.user_dir} has {_megabytes(free)} free.",
                "Free some space (or remove models you no longer use with 'edgestudio models "
                "remove ID') and try again; nothing was changed.",
            )

    @staticmethod
    def _copy_hashing(artifact: Artifact, folder: Path) -> str:
        """Copy every file of ``artifact`` under ``folder`` (keeping its layout), hashing what
        was read; each file is synced. Returns the artifact digest of the copy."""
        digests: list[str] = []
        for source, name in zip(artifact.files, artifact.relative_names(), strict=True):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            try:
                reader = source.open("rb")
            except OSError as exc:
                raise ModelLoadError(f"{source} cannot be read: {exc.strerror or exc}.") from exc
            with reader, target.open("wb") as writer:
                while True:
                    try:
                        block = reader.read(COPY_CHUNK)
                    except OSError as exc:
                        raise ModelLoadError(f"{source} cannot be read: {exc.strerror or exc}.") from exc
                    if not block:
                        break
                    digest.update(block)
                    writer.write(block)
                writer.flush()
                os.fsync(writer.fileno())
            digests.append(digest.hexdigest())
        return combine_digests(artifact.roles(), tuple(digests))

    def _move_into_place(self, temp: Path, final: Path, artifact: Artifact) -> None:
        """Rename the finished folder to its entry name in one step; a damaged entry with the
        same id is moved aside first and deleted after."""
        aside: Path | None = None
        if final.exists():
            old = self.find(final.name)
            if old is not None and not old.problem:
                raise self._already_stored(artifact, old)
            aside = self.user_dir / f"{REMOVING_PREFIX}{os.getpid()}-{final.name}"
            try:
                final.rename(aside)
            except OSError as exc:
                raise write_error(exc, artifact.path.name, self.user_dir) from exc
        try:
            temp.rename(final)
        except OSError as exc:
            if aside is not None:
                with contextlib.suppress(OSError):
                    aside.rename(final)
            raise write_error(exc, artifact.path.name, self.user_dir) from exc
        fsync_folder(self.user_dir)
        if aside is not None:
            log.info("replaced the damaged stored model %s", final.name)
            shutil.rmtree(aside, ignore_errors=True)

    # --- changing and removing -------------------------------------------------------------

    def _user_folder(self, entry: ModelEntry, action: str) -> Path:
        if entry.builtin:
            raise InputError(f"{entry.name} is bundled with EdgeStudio and cannot be {action}.")
        relative = entry.path.relative_to(self.user_dir)
        return self.user_dir / relative.parts[0]

    def rename(self, model_id: str, name: str) -> ModelEntry:
        """Give a stored model another display name (its card is rewritten atomically)."""
        entry = self.get(model_id)
        folder = self._user_folder(entry, "renamed")
        card_path = folder / CARD_NAME
        if not card_path.is_file():
            card_path = entry.path.with_name(entry.path.stem + LEGACY_CARD_SUFFIX)
        try:
            card = json.loads(card_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StorageError(f"The card of {entry.id} cannot be read: {exc}.") from exc
        card["name"] = name
        atomic_write_text(card_path, json.dumps(card, indent=2))
        return replace(entry, name=name)

    def remove(self, model_id: str) -> ModelEntry:
        """Delete a stored model with all its files (damaged ones too); returns what it was.

        The entry's folder is first renamed to a hidden name, so the model disappears in one
        step; a kill during the deletion leaves only that hidden folder, cleaned at start."""
        entry = self.find(model_id)
        if entry is None:
            known = ", ".join(e.id for e in self.list(include_damaged=True) if not e.builtin) or "none"
            raise InputError(f"There is no model '{model_id}' in the model store.", f"Added models: {known}.")
        folder = self._user_folder(entry, "removed")
        aside = self.user_dir / f"{REMOVING_PREFIX}{os.getpid()}-{folder.name}"
        try:
            folder.rename(aside)
        except OSError as exc:
            raise write_error(exc, f"the removal of {entry.name}", self.user_dir) from exc
        fsync_folder(self.user_dir)
        shutil.rmtree(aside, ignore_errors=True)
        log.info("removed stored model %s (%s)", entry.id, entry.name)
        return entry

    # --- start-up cleaning -----------------------------------------------------------------

    def clean_leftovers(self) -> builtins.list[Path]:
        """Remove what killed adds and removals left in the store; returns what was removed.

        Hidden ``.adding-<pid>-*`` / ``.removing-<pid>-*`` folders of processes that are gone,
        and ``.part`` files and folders from older imports that nothing has touched for
        STALE_PART_S seconds. Logs each removal with its size. Never raises: on a read-only
        disk it logs why nothing could be cleaned. Any thread; called once at start.
        """
        removed: list[Path] = []
        if not self.user_dir.is_dir():
            return removed
        try:
            candidates = [p for p in self.user_dir.iterdir() if p.name.startswith(".")]
            for folder in (p for p in self.user_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
                candidates.extend(p for p in folder.iterdir() if p.name.endswith(PART_SUFFIX))
        except OSError as exc:
            log.warning("cannot look for leftovers in %s: %s", self.user_dir, exc)
            return removed
        now = time.time()
        for path in candidates:
            pid = _pid_of(path.name)
            try:
                if pid is not None:
                    if pid != os.getpid() and psutil.pid_exists(pid):
                        continue  # another process is adding or removing right now
                elif not path.name.endswith(PART_SUFFIX) or now - _newest_change(path) < STALE_PART_S:
                    continue
                size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else 0
                size = size or (path.stat().st_size if path.is_file() else 0)
                _remove_path(path)
            except OSError as exc:
                log.warning("could not remove the leftover %s: %s", path, exc)
                continue
            log.info("removed %s (%s) left by an interrupted model import", path, _megabytes(size))
            removed.append(path)
            parent = path.parent
            if parent != self.user_dir:
                with contextlib.suppress(OSError):
                    parent.rmdir()  # only when the import left nothing else there
        return removed
