"""llama.cpp backend (llama-cpp-python): GGUF chat models, streamed token by token."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from edgestudio.backends.base import Backend
from edgestudio.backends.files import require_model_file
from edgestudio.backends.streaming import ChatRequest, StreamingRunner
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile, chat_threads
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_CHAT, BackendStatus, DeviceOption, Rank

log = logging.getLogger(__name__)
INSTALL_HINT = "pip install 'edgestudio[llm]' (llama-cpp-python compiles from source, several minutes)"


class LlamaCppRunner(StreamingRunner):
    def __init__(self, llm: Any, device: str, label: str) -> None:
        self._llm = llm
        self.device = device
        self.label = label
        self.context_length = int(llm.n_ctx())
        self._prompt_tokens = 0

    def stream(self, request: ChatRequest, cancelled: Callable[[], bool]) -> Iterator[str]:
        try:
            chunks = self._llm.create_chat_completion(
                messages=list(request.messages),
                stream=True,
                max_tokens=request.max_tokens,
                temperature=request.temperature,
                top_p=request.top_p,
                seed=request.seed,
            )
            generated = 0
            for chunk in chunks:
                if cancelled():
                    chunks.close()
                    break
                piece = chunk["choices"][0].get("delta", {}).get("content")
                if piece:
                    generated += 1
                    yield piece
            self._prompt_tokens = max(0, int(self._llm.n_tokens) - generated)
        except ValueError as exc:  # llama-cpp-python raises ValueError when the prompt is too long
            raise InferenceError(f"The model could not answer: {exc}") from exc

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def prompt_tokens_used(self) -> int:
        return self._prompt_tokens

    def close(self) -> None:
        if self._llm is not None:
            close = getattr(self._llm, "close", None)
            if close is not None:
                close()
            self._llm = None


class LlamaCppBackend(Backend):
    id: ClassVar[str] = "llamacpp"
    name: ClassVar[str] = "llama.cpp"
    tasks: ClassVar[tuple[str, ...]] = (TASK_CHAT,)
    formats: ClassVar[tuple[str, ...]] = ("gguf",)

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """All layers on the GPU when this build offloads; else the CPU, one thread per core."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        if profile.gpus and status.has_device("gpu"):
            return self.ranked(
                task, "gpu", 80, Text("All layers on {gpu}; the CPU stays free.", gpu=profile.gpus[0].name)
            )
        memory = profile.memory_available_mb / 1024
        return self.ranked(
            task,
            "cpu",
            30,
            Text(
                "{threads} threads (one per core); {free_gb:.1f} GB free holds models up to "
                "about {max_gb:.1f} GB.",
                threads=chat_threads(profile),
                free_gb=memory,
                max_gb=max(0.5, memory * 0.6),
            ),
        )

    def probe(self) -> BackendStatus:
        try:
            import llama_cpp
        except ImportError as exc:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason=Text(
                    "{package} is not installed ({error})", package="llama-cpp-python", error=str(exc)
                ),
                install_hint=INSTALL_HINT,
                formats=self.formats,
            )
        gpu = bool(llama_cpp.llama_supports_gpu_offload())
        devices = (
            DeviceOption("cpu", "CPU", True),
            DeviceOption(
                "gpu",
                "GPU offload (CUDA/Metal/Vulkan)",
                gpu,
                "" if gpu else "this llama-cpp-python build has no GPU support",
            ),
        )
        return BackendStatus(self.id, self.name, True, llama_cpp.__version__, devices, formats=self.formats)

    def load(self, artifact: Path, device: str = "", **options: Any) -> LlamaCppRunner:
        """Load on the calling thread. Options: ``n_ctx``, ``threads``, ``gpu_layers``."""
        require_model_file(artifact)
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise BackendUnavailable("llama.cpp is not installed.", INSTALL_HINT) from exc
        device = device or "cpu"
        gpu_layers = int(options.get("gpu_layers", -1 if device == "gpu" else 0))
        threads = int(options.get("threads") or 0) or None
        try:
            llm = Llama(
                model_path=str(artifact),
                n_ctx=int(options.get("n_ctx", 4096)),
                n_threads=threads,
                n_threads_batch=threads,
                n_gpu_layers=gpu_layers,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(
                f"llama.cpp could not load {artifact.name}: {exc}",
                "The file may be damaged, incomplete, or use an architecture this llama.cpp does not know.",
            ) from exc
        return LlamaCppRunner(llm, device, artifact.stem)
