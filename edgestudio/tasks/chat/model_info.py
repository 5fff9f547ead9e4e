"""Read a GGUF file's metadata before loading it, and estimate the memory it will need.

Reading takes up to a few seconds on big files (the tokenizer arrays are parsed): call it
off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from edgestudio.core.errors import ModelFormatError
from edgestudio.core.messages import Text

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"
MB = 1024 * 1024


@dataclass(frozen=True)
class GgufInfo:
    path: Path
    name: str
    architecture: str
    parameters: int
    size_label: str
    context_length: int
    quantization: str
    chat_template: str
    layers: int
    embedding: int
    heads: int
    kv_heads: int
    vocab: int
    license: str
    file_bytes: int

    @property
    def has_chat_template(self) -> bool:
        return bool(self.chat_template)

    def describe(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        data.pop("chat_template")
        data["has_chat_template"] = self.has_chat_template
        return data


@dataclass(frozen=True)
class MemoryEstimate:
    weights_mb: float
    kv_cache_mb: float
    compute_mb: float
    available_mb: float

    @property
    def total_mb(self) -> float:
        return self.weights_mb + self.kv_cache_mb + self.compute_mb

    @property
    def fits(self) -> bool:
        return self.total_mb <= self.available_mb

    @property
    def tight(self) -> bool:
        return self.fits and self.total_mb > 0.8 * self.available_mb

    def verdict(self) -> str:
        sizes = {"need_mb": self.total_mb, "free_mb": self.available_mb}
        if not self.fits:
            return Text(
                "Too large: needs about {need_mb:,.0f} MB, this device has {free_mb:,.0f} MB free.", **sizes
            )
        if self.tight:
            return Text(
                "Tight: needs about {need_mb:,.0f} MB of {free_mb:,.0f} MB free; other models may have to "
                "be closed.",
                **sizes,
            )
        return Text("Fits: needs about {need_mb:,.0f} MB, {free_mb:,.0f} MB free.", **sizes)


def _field(reader: Any, key: str, default: Any = None) -> Any:
    field = reader.fields.get(key)
    if field is None:
        return default
    try:
        return field.contents()
    except Exception:
        return default


# Read metadata by (path, size, mtime): the gguf package's reader takes every vocabulary entry
# as its own numpy view, which costs about 5 s for SmolLM2's 49k tokens on a 2-core machine,
# and every tab that shows a model's memory check asks again.
_READ_CACHE: dict[tuple[str, int, int], GgufInfo] = {}
_READ_LOCK = threading.Lock()


def read_gguf_info(path: Path) -> GgufInfo:
    """Metadata of a GGUF file; ModelFormatError for a missing, truncated or non-GGUF file.
    Any thread; a file read before and unchanged since is answered from memory."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    with _READ_LOCK:
        cached = _READ_CACHE.get(key) if key is not None else None
    if cached is not None:
        return replace(cached, path=path)  # as the caller named it
    info = _read_gguf_info(path)
    if key is not None:
        with _READ_LOCK:
            _READ_CACHE[key] = info
    return info


def _read_gguf_info(path: Path) -> GgufInfo:
    if path.is_dir():
        raise ModelFormatError(
            f"{path} is a folder, not a GGUF model file.", "Choose the .gguf file inside it."
        )
    if not path.is_file():
        raise ModelFormatError(f"The model file {path} does not exist.")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != GGUF_MAGIC:
        raise ModelFormatError(
            f"{path.name} is not a GGUF model.",
            "Chat models must be llama.cpp GGUF files (for example a *.Q4_K_M.gguf).",
        )
    try:
        from gguf import GGUFReader, LlamaFileType

        reader = GGUFReader(str(path))
    except Exception as exc:  # the gguf reader raises anything from IndexError to ValueError
        log.info("GGUF metadata of %s unreadable: %s: %s", path, type(exc).__name__, exc)
        raise ModelFormatError(
            f"{path.name} is damaged or incomplete: its GGUF header and metadata cannot be read.",
            "Download or copy the file again.",
        ) from exc
    arch = str(_field(reader, "general.architecture", "unknown"))
    file_type = _field(reader, "general.file_type")
    try:
        quant = LlamaFileType(int(file_type)).name.removeprefix("MOSTLY_") if file_type is not None else ""
    except ValueError:
        quant = f"type {file_type}"
    if not quant and reader.tensors:
        quant = reader.tensors[0].tensor_type.name
    tokens = _field(reader, "tokenizer.ggml.tokens")
    return GgufInfo(
        path=path,
        name=str(_field(reader, "general.name", path.stem)),
        architecture=arch,
        parameters=int(sum(int(t.n_elements) for t in reader.tensors)),
        size_label=str(_field(reader, "general.size_label", "")),
        context_length=int(_field(reader, f"{arch}.context_length", 2048)),
        quantization=quant,
        chat_template=str(_field(reader, "tokenizer.chat_template", "") or ""),
        layers=int(_field(reader, f"{arch}.block_count", 0)),
        embedding=int(_field(reader, f"{arch}.embedding_length", 0)),
        heads=int(_field(reader, f"{arch}.attention.head_count", 0) or 0),
        kv_heads=int(
            _field(reader, f"{arch}.attention.head_count_kv", 0)
            or _field(reader, f"{arch}.attention.head_count", 0)
            or 0
        ),
        vocab=int(_field(reader, f"{arch}.vocab_size", 0) or (len(tokens) if tokens else 0)),
        license=str(_field(reader, "general.license", "unknown")),
        file_bytes=path.stat().st_size,
    )


def estimate_memory(info: GgufInfo, n_ctx: int, available_mb: float, n_batch: int = 512) -> MemoryEstimate:
    """Weights (the file, memory-mapped) + f16 KV cache for ``n_ctx`` + compute buffers."""
    head_dim = info.embedding // info.heads if info.heads else 0
    kv_bytes = 2 * info.layers * n_ctx * head_dim * info.kv_heads * 2  # K and V, 2 bytes each
    compute_bytes = info.vocab * n_batch * 4 + n_batch * info.embedding * 4 * 16
    return MemoryEstimate(info.file_bytes / MB, kv_bytes / MB, compute_bytes / MB, available_mb)
