"""ChatEngine: the Processor a chat session runs. Streams an answer, reports it in batches,
and measures time to first token, prompt speed and generation speed.

Built and used on one session thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.streaming import ChatRequest, StreamingRunner
from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.types import TASK_CHAT, LoadedInfo
from edgestudio.tasks.chat.context import fit_context

BATCH_SECONDS = 0.04
MODEL_FORMAT = "gguf"  # local chat models are GGUF files


@dataclass(frozen=True)
class ChatTurn:
    """One question: the conversation so far (ending with the new user message) and settings."""

    system_prompt: str
    turns: tuple[tuple[str, str], ...]
    max_tokens: int = 256
    temperature: float = 0.7
    top_p: float = 0.9
    seed: int | None = None


@dataclass(frozen=True)
class ChatDelta:
    """Text produced since the previous delta (a batch of tokens), and the count so far."""

    text: str
    tokens: int


@dataclass(frozen=True)
class ChatAnswer:
    text: str
    tokens: int
    prompt_tokens: int
    ttft_ms: float
    tokens_per_s: float
    prompt_tokens_per_s: float
    total_ms: float
    dropped_messages: int
    stopped: bool
    # Answers from the site's documents: the passages used (``Hit.to_dict()``, best first) and
    # whether any was relevant; None when the documents were not asked.
    sources: tuple[dict[str, Any], ...] = ()
    grounded: bool | None = None

    def stats(self) -> dict[str, Any]:
        docs: dict[str, Any] = {}
        if self.grounded is not None:
            docs = {"grounded": self.grounded, "sources": [dict(s) for s in self.sources]}
        return {
            "tokens": self.tokens,
            "prompt_tokens": self.prompt_tokens,
            "ttft_ms": round(self.ttft_ms, 1),
            "tokens_per_s": round(self.tokens_per_s, 1),
            "prompt_tokens_per_s": round(self.prompt_tokens_per_s, 1),
            "stopped": self.stopped,
            "dropped_messages": self.dropped_messages,
            **docs,
        }


@dataclass(frozen=True)
class ChatOptions:
    """How to load a chat model. ``backend``/``device`` empty: the best-ranked runtime for
    local GGUF models (a server address needs the backend that talks to servers)."""

    backend: str = ""
    device: str = ""
    threads: int = 0
    n_ctx: int = 4096
    url: str = ""
    api_key: str = ""
    model_name: str = ""


class ChatEngine:
    def __init__(self, runner: StreamingRunner, info: LoadedInfo, report: Callable[[Any], None]) -> None:
        self.runner = runner
        self.info = info
        self._report = report

    def configure(self, **settings: Any) -> None:
        """Chat settings travel with each request; nothing to change between requests."""

    def process(self, request: ChatTurn, cancelled: Callable[[], bool]) -> ChatAnswer:
        messages, dropped = fit_context(
            request.system_prompt,
            request.turns,
            self.runner.count_tokens,
            self.runner.context_length,
            request.max_tokens,
        )
        chat = ChatRequest(
            tuple(messages), request.max_tokens, request.temperature, request.top_p, request.seed
        )
        start = time.perf_counter()
        first = last_batch = 0.0
        pieces: list[str] = []
        pending: list[str] = []
        for piece in self.runner.stream(chat, cancelled):
            now = time.perf_counter()
            if not first:
                first = now
            pieces.append(piece)
            pending.append(piece)
            if now - last_batch >= BATCH_SECONDS:
                self._report(ChatDelta("".join(pending), len(pieces)))
                pending.clear()
                last_batch = now
        end = time.perf_counter()
        if pending:
            self._report(ChatDelta("".join(pending), len(pieces)))
        ttft = (first - start) if first else (end - start)
        prompt_tokens = self.runner.prompt_tokens_used()
        return ChatAnswer(
            text="".join(pieces),
            tokens=len(pieces),
            prompt_tokens=prompt_tokens,
            ttft_ms=ttft * 1e3,
            tokens_per_s=(len(pieces) - 1) / (end - first) if len(pieces) > 1 and end > first else 0.0,
            prompt_tokens_per_s=prompt_tokens / ttft if ttft > 0 else 0.0,
            total_ms=(end - start) * 1e3,
            dropped_messages=dropped,
            stopped=cancelled(),
        )

    def close(self) -> None:
        self.runner.close()


def build_chat_engine(
    registry: BackendRegistry, model: Path | None, options: ChatOptions, report: Callable[[Any], None]
) -> ChatEngine:
    """Load the chat model (or connect to the server) on the calling thread, on the backend
    the options name or else the best-ranked one for GGUF models."""
    start = time.perf_counter()
    fmt = MODEL_FORMAT if model else ""  # no model file: a chat server
    choice = registry.choose(TASK_CHAT, fmt, options.backend, options.device)
    backend, status = choice.backend, choice.status
    report(f"Loading {model.name if model else options.url}…")
    runner = backend.load(
        model or Path(),
        choice.device,
        threads=options.threads,
        n_ctx=options.n_ctx,
        url=options.url,
        api_key=options.api_key,
        model=options.model_name,
    )
    if not isinstance(runner, StreamingRunner):
        runner.close()
        raise BackendUnavailable(f"{status.name} does not run chat models.")
    info = LoadedInfo(
        model_name=runner.label,
        backend=backend.id,
        device=runner.device,
        load_ms=(time.perf_counter() - start) * 1e3,
        fallback_reason=runner.fallback_reason,
        details={"context_length": runner.context_length, "runtime_version": status.version},
    )
    return ChatEngine(runner, info, report)
