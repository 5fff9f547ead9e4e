"""``edgestudio bench faces``: end-to-end frames per second with several faces in view, and
matching time against a gallery of 10,000 templates."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio import __version__
from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import probe_hardware
from edgestudio.core.types import Frame
from edgestudio.core.video import SourceSpec, open_source
from edgestudio.tasks.faces.gallery import match_matrix
from edgestudio.tasks.faces.recognize import FacesResult, GallerySnapshot, build_face_recognizer


def run_faces_benchmark(
    registry: BackendRegistry, models_dir: Path, video: Path, frames: int = 100, gallery_size: int = 10_000
) -> dict[str, Any]:
    recognizer = build_face_recognizer(registry, models_dir)
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((gallery_size, 128)).astype(np.float32) * 0.1
    owners = np.arange(gallery_size, dtype=np.int64) // 5
    names = {int(i): f"person {i}" for i in np.unique(owners)}
    recognizer.configure(gallery=GallerySnapshot(matrix, owners, names))
    source = open_source(SourceSpec("file", str(video), loop=True))
    try:
        times, faces, embedded = [], [], 0
        for index in range(frames + 5):
            t0 = time.perf_counter()
            image = source.read()
            if image is None:
                raise InputError(
                    f"{video.name} gave no frame to time.", "Give a video with faces in view (--source)."
                )
            result: FacesResult = recognizer.process(
                Frame(image, index, t0, (time.perf_counter() - t0) * 1e3)
            )
            if index >= 5:
                times.append(time.perf_counter() - t0)
                faces.append(len(result.faces))
                embedded += sum(f.embedded for f in result.faces)
    finally:
        source.close()
        recognizer.close()
    queries = rng.standard_normal((3, 128)).astype(np.float32) * 0.1
    match_matrix(matrix, owners, names, queries, 0.5)
    match_times = []
    for _ in range(50):
        t0 = time.perf_counter()
        match_matrix(matrix, owners, names, queries, 0.5)
        match_times.append((time.perf_counter() - t0) * 1e3)
    profile = probe_hardware()
    return {
        "benchmark": "faces",
        "video": str(video),
        "frames": frames,
        "faces_per_frame": round(float(np.mean(faces)), 2),
        "fps": round(len(times) / sum(times), 2),
        "frame_ms_p50": round(float(np.percentile(times, 50)) * 1e3, 1),
        "embeddings_per_frame": round(embedded / len(times), 2),
        "gallery_templates": gallery_size,
        "match_ms_p50": round(float(np.percentile(match_times, 50)), 3),
        "match_ms_max": round(float(max(match_times)), 3),
        "machine": {
            "cpu": profile.cpu_model,
            "cores": f"{profile.physical_cores}/{profile.logical_cores}",
            "edgestudio": __version__,
        },
    }
