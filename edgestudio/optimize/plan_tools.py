"""Small pieces the chat and speech planners share: the artifact cache keyed by source hash +
recipe, interleaved speed ratios, the pick among passed candidates, and the report's
hardware and version records. No Qt; runs on the planner's thread (the child's main thread).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import statistics
import time
import uuid
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from edgestudio import __version__
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.optimize.types import CandidateResult


def recipe_key(source_sha256: str, recipe: dict[str, Any]) -> str:
    """The cache key of what ``recipe`` builds from the source of ``source_sha256``."""
    text = json.dumps(recipe, sort_keys=True, separators=(",", ":"))
    return f"{source_sha256[:16]}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def cached_build(
    cache_dir: Path, work_dir: Path, key: str, file_name: str, build: Callable[[Path], Path]
) -> tuple[Path, bool]:
    """The artifact ``file_name`` cached under ``key``, built by ``build(target)`` when absent.

    ``build`` writes into a fresh folder in ``work_dir``; the folder moves into the cache in one
    rename only when ``build`` returned, so a cancel or a crash never leaves half an artifact
    in the cache. Returns the cached path and whether it was there already.
    """
    final = cache_dir / key
    if (final / file_name).is_file():
        return final / file_name, True
    work = work_dir / f"build-{key}-{uuid.uuid4().hex[:6]}"
    work.mkdir(parents=True, exist_ok=False)
    try:
        build(work / file_name)
        cache_dir.mkdir(parents=True, exist_ok=True)
        if final.exists():  # an incomplete leftover (no file inside): replace it
            shutil.rmtree(final)
        os.replace(work, final)
    finally:
        with contextlib.suppress(OSError):
            if work.exists():
                shutil.rmtree(work)
    return final / file_name, False


def interleaved_ratio(baseline: Sequence[float], candidate: Sequence[float]) -> float:
    """Median ratio of each candidate round to the mean of the baseline rounds around it.

    Rounds run baseline, candidate, baseline, candidate, ..., baseline (one more baseline
    round than candidate rounds), so a machine that slows down or speeds up during the run
    tilts neither side. Values are rates (higher is faster)."""
    if len(baseline) != len(candidate) + 1 or not candidate:
        raise ValueError("interleaved rounds need one more baseline round than candidate rounds")
    ratios = [
        c / ((baseline[i] + baseline[i + 1]) / 2)
        for i, c in enumerate(candidate)
        if baseline[i] + baseline[i + 1] > 0
    ]
    return statistics.median(ratios) if ratios else 0.0


def pick_fastest(results: Sequence[CandidateResult], unit: str) -> tuple[str, str]:
    """The passed, deployable candidate with the highest speed-up, and the reason in words;
    ("", reason) when none passed."""
    passed = [r for r in results if r.deployable and r.speed is not None and not r.candidate.baseline]
    if not passed:
        return "", "No candidate passed the accuracy gate; the original stays."
    best = max(passed, key=lambda r: r.speed.speedup if r.speed else 0.0)
    speed = best.speed
    if speed is None or speed.speedup <= 1.0:
        return "", Text(
            "Every candidate that passed the gate was slower than the original here (best {label}: "
            "{speedup:.2f}x); the original stays.",
            label=best.candidate.label,
            speedup=speed.speedup if speed else 0.0,
        )
    return best.candidate.id, Text(
        "{label} is the fastest that passed the gate: {speedup:.2f}x the original's {unit}, "
        "measured interleaved in this run.",
        label=best.candidate.label,
        speedup=speed.speedup,
        unit=unit,
    )


def package_versions(names: Sequence[str]) -> dict[str, str]:
    """Installed versions of ``names`` (distribution names), plus EdgeStudio's own."""
    versions = {"edgestudio": __version__}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def hardware_record(profile: HardwareProfile) -> dict[str, Any]:
    """The hardware part of a report: the profile without bulky extras."""
    data = profile.to_dict()
    data.pop("extra", None)
    return data


def source_record(source: ModelEntry, **extra: Any) -> dict[str, Any]:
    """The source model part of a report."""
    return {
        "id": source.id,
        "name": source.name,
        "format": source.format,
        "precision": source.precision,
        "path": str(source.path),
        "sha256": source.sha256,
        "size": source.size,
        **extra,
    }


def entry_for_file(path: Path, task: str, model_id: str = "", name: str = "") -> ModelEntry:
    """A model entry for a file or folder used as it is (not in the store), hashed by content."""
    from edgestudio.core.artifact import artifact_digest
    from edgestudio.core.formats import sniff

    artifact = sniff(path)
    return ModelEntry(
        id=model_id or artifact.path.stem,
        name=name or artifact.path.name,
        task=task,
        format=artifact.format,
        path=artifact.path.resolve(),
        sha256=artifact_digest(artifact),
        size=artifact.size,
        files=tuple(f.resolve() for f in artifact.files),
    )


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
