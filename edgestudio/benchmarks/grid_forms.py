"""The forms ``edgestudio bench grid`` runs: the resized forms of ``optimize/resize.py``
kept in the optimizer's artifact cache, and the optimizer's cached builds (INT8, ncnn) that
the grid measures but never builds itself.

Pure functions on the calling thread (the grid's process); the built files go into the
optimizer's artifact cache, keyed by what they were made from, so a second grid reuses them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from edgestudio.optimize.cache import MANIFEST, ArtifactCache, BuiltArtifact, cache_key
from edgestudio.optimize.resize import (
    InputGeometry,
    SizedForm,
    input_geometry,
    onnx_at_size,
    openvino_at_size,
    shape_conflict,
    size_bound_reshapes,
)

__all__ = [
    "InputGeometry",
    "SizedForm",
    "cached_form",
    "input_geometry",
    "onnx_at_size",
    "openvino_at_size",
    "optimizer_build",
    "shape_conflict",
    "size_bound_reshapes",
]


def cached_form(
    cache: ArtifactCache, base: str, recipe: Mapping[str, Any], build: Any
) -> tuple[SizedForm, bool]:
    """The form built by ``build(folder) -> SizedForm`` for ``base`` (a hash of what it is
    made from) and ``recipe``, from the optimizer's cache or built into it now; and whether it
    was cached."""
    key = cache_key(base, {"grid": 1, **recipe})
    found = cache.lookup(key)
    if found is not None:
        return SizedForm(found.main, dict(found.hints), str(found.provenance.get("note", ""))), True
    made: list[SizedForm] = []

    def builder(folder: Path) -> BuiltArtifact:
        form = build(folder)
        made.append(form)
        files = tuple(sorted(p for p in folder.iterdir() if p.is_file()))
        return BuiltArtifact(folder / form.path.name, files, form.hints, {"note": form.note, **recipe})

    built = cache.build(key, builder)
    return SizedForm(built.main, dict(built.hints), made[0].note if made else ""), False


def optimizer_build(cache_root: Path, source_sha256: str, recipe: Mapping[str, Any]) -> BuiltArtifact | None:
    """The newest artifact the optimizer built from the source with ``sha256`` whose recipe
    has every item of ``recipe`` (e.g. ``{"kind": "nncf"}``), or None when it built none."""
    if not cache_root.is_dir():
        return None
    cache = ArtifactCache(cache_root)
    found: list[tuple[float, BuiltArtifact]] = []
    for manifest in cache_root.glob(f"*/{MANIFEST}"):
        try:
            provenance = json.loads(manifest.read_text(encoding="utf-8")).get("provenance", {})
        except (OSError, ValueError):
            continue
        built_recipe = provenance.get("recipe", {})
        if provenance.get("source_sha256") != source_sha256 or not isinstance(built_recipe, dict):
            continue
        if all(built_recipe.get(k) == v for k, v in recipe.items()):
            built = cache.lookup(manifest.parent.name)
            if built is not None:
                found.append((manifest.stat().st_mtime, built))
    return max(found, key=lambda item: item[0])[1] if found else None
