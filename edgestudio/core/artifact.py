"""Artifact: one model as the files it is made of, and the digest that names its content.

A model may be one file (ONNX, TFLite, GGUF), a pair named by one stem (OpenVINO IR
``.xml`` + ``.bin``, ncnn ``.param`` + ``.bin``, a TensorRT plan + its sidecar ``.json``) or
a folder (CTranslate2). It is recognised from its content by ``core.formats.sniff`` and is
hashed, copied, stored and deleted as one unit by the model store.

Pure data and file reading: any thread.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

HASH_CHUNK = 1 << 20

# Format ids shared by the model store and the backends.
FORMAT_ONNX = "onnx"
FORMAT_OPENVINO_IR = "openvino-ir"
FORMAT_NCNN = "ncnn"
FORMAT_TFLITE = "tflite"
FORMAT_TENSORRT_PLAN = "tensorrt-plan"
FORMAT_GGUF = "gguf"
FORMAT_CTRANSLATE2 = "ctranslate2"

FORMAT_LABELS: dict[str, str] = {
    FORMAT_ONNX: "ONNX",
    FORMAT_OPENVINO_IR: "OpenVINO IR",
    FORMAT_NCNN: "ncnn",
    FORMAT_TFLITE: "TensorFlow Lite",
    FORMAT_TENSORRT_PLAN: "TensorRT engine",
    FORMAT_GGUF: "GGUF",
    FORMAT_CTRANSLATE2: "CTranslate2",
}

# The names people pick in a file dialog, per format: for dialog filters only. A model is
# recognised from its bytes, never from its name.
FORMAT_PATTERNS: dict[str, tuple[str, ...]] = {
    FORMAT_ONNX: ("*.onnx",),
    FORMAT_OPENVINO_IR: ("*.xml",),
    FORMAT_NCNN: ("*.param",),
    FORMAT_TFLITE: ("*.tflite",),
    FORMAT_TENSORRT_PLAN: ("*.engine", "*.plan", "*.trt"),
    FORMAT_GGUF: ("*.gguf",),
    FORMAT_CTRANSLATE2: (),
}


def format_label(format_id: str) -> str:
    """The format's name for people ("OpenVINO IR"); unknown ids are shown as they are."""
    return FORMAT_LABELS.get(format_id, format_id)


@dataclass(frozen=True)
class Artifact:
    """One model on disk.

    ``path`` is what a runtime opens (the ``.xml`` of an IR, the ``.param`` of ncnn, the
    folder of a CTranslate2 model); ``files`` are every file that belongs to it, ``path``
    first when it is a file; ``size`` is their total in bytes.
    """

    path: Path
    files: tuple[Path, ...]
    format: str
    size: int

    @classmethod
    def of(cls, path: Path, files: tuple[Path, ...], format_id: str) -> Artifact:
        """An artifact whose size is measured from its files now."""
        return cls(path, files, format_id, sum(f.stat().st_size for f in files))

    @property
    def is_folder(self) -> bool:
        return self.path.is_dir()

    @property
    def root(self) -> Path:
        """The folder its files are named relative to when copied (keeps a folder's layout)."""
        return self.path.parent

    @property
    def label(self) -> str:
        return format_label(self.format)

    def relative_names(self) -> tuple[str, ...]:
        """Each file's path relative to ``root`` (POSIX), in the order of ``files``."""
        return tuple(f.relative_to(self.root).as_posix() for f in self.files)

    def roles(self) -> tuple[str, ...]:
        """Names that do not depend on what the model was called: inside a folder, the path in
        it; for files sharing a stem, what follows the stem (".xml", ".bin")."""
        if self.is_folder:
            return tuple(f.relative_to(self.path).as_posix() for f in self.files)
        stem = self.path.stem
        return tuple(f.name[len(stem) :] if f.name.startswith(stem) else f.name for f in self.files)


def file_sha256(path: Path) -> str:
    """The SHA-256 of one file, read in chunks (any thread; big files take seconds)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def combine_digests(roles: tuple[str, ...], file_digests: tuple[str, ...]) -> str:
    """The artifact's digest from its files' digests.

    One file: that file's SHA-256, so single-file models keep the hash people can check with
    ``sha256sum``. Several: the SHA-256 of a ``sha256sum``-style manifest sorted by role, so
    the digest does not depend on the order files were listed or on the model's file name.
    """
    if len(file_digests) == 1:
        return file_digests[0]
    manifest = "".join(f"{d}  {r}\n" for r, d in sorted(zip(roles, file_digests, strict=True)))
    return hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def artifact_digest(artifact: Artifact) -> str:
    """The content digest of every file of ``artifact`` (stable across copies and renames)."""
    return combine_digests(artifact.roles(), tuple(file_sha256(f) for f in artifact.files))
