"""The StreamingRunner contract for generative models (chat now, transcription next).

``stream(request, cancelled)`` yields text pieces as they are produced and checks
``cancelled()`` between pieces; used only on the thread that loaded the runner.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChatRequest:
    messages: tuple[dict[str, str], ...]
    max_tokens: int = 256
    temperature: float = 0.7
    top_p: float = 0.9
    seed: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class StreamingRunner(ABC):
    device: str = "cpu"
    fallback_reason: str = ""
    context_length: int = 2048
    label: str = ""

    @abstractmethod
    def stream(self, request: ChatRequest, cancelled: Callable[[], bool]) -> Iterator[str]:
        """Yield text pieces; stop early when ``cancelled()`` turns true."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes in this model's vocabulary (an estimate for servers)."""

    def prompt_tokens_used(self) -> int:
        """Prompt tokens of the last request, when the runtime reports them (0 otherwise)."""
        return 0

    @abstractmethod
    def close(self) -> None: ...
