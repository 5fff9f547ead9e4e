"""A chat server as a backend: any OpenAI-compatible endpoint (llama.cpp's server, Ollama,
vLLM), for devices too small to run the model themselves. Same streaming and stop.

An answer is complete only when the stream says so (a choice's ``finish_reason`` or
``data: [DONE]``): a stream the server closes cleanly before either is cut off, and
``stream`` raises InferenceError after the pieces it yielded, so the site server's fallback
(``backends/remote_fallback.FallbackStreamingRunner``) answers afresh on the local model.
Runners are used on one thread (the chat session's)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from edgestudio.backends.base import Backend
from edgestudio.backends.streaming import ChatRequest, StreamingRunner
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_CHAT, BackendStatus, DeviceOption, Rank

log = logging.getLogger(__name__)
CHARS_PER_TOKEN = 4


class OpenAiServerRunner(StreamingRunner):
    def __init__(self, client: Any, url: str, model: str, context_length: int) -> None:
        self._client = client
        self._url = url.rstrip("/")
        self.model = model
        self.device = "server"
        self.label = f"{model} @ {url}"
        self.context_length = context_length
        self._prompt_tokens = 0

    def stream(self, request: ChatRequest, cancelled: Callable[[], bool]) -> Iterator[str]:
        import httpx

        body = {
            "model": self.model,
            "messages": list(request.messages),
            "stream": True,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "top_p": request.top_p,
            "stream_options": {"include_usage": True},
        }
        if request.seed is not None:
            body["seed"] = request.seed
        finished = stopped = False
        try:
            with self._client.stream("POST", f"{self._url}/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    raise InferenceError(f"The server answered {response.status_code}: {response.text[:300]}")
                for line in response.iter_lines():
                    if cancelled():
                        stopped = True
                        break
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        finished = True
                        break
                    event = self._event(data)
                    if event.get("usage"):
                        self._prompt_tokens = int(event["usage"].get("prompt_tokens", 0))
                    for choice in event.get("choices") or []:
                        if not isinstance(choice, dict):
                            continue
                        finished = finished or bool(choice.get("finish_reason"))
                        piece = (choice.get("delta") or {}).get("content")
                        if piece:
                            yield piece
        except httpx.HTTPError as exc:
            raise InferenceError(f"The chat server at {self._url} stopped answering: {exc}") from exc
        if not finished and not stopped:
            # the server closed the stream cleanly mid-answer (a crash behind a proxy, a
            # restart): without a finish_reason or [DONE] the answer is cut off, not complete
            raise InferenceError(
                Text(
                    "The chat server at {url} closed the answer before its end (no finish_reason "
                    "and no [DONE]).",
                    url=self._url,
                )
            )

    def _event(self, data: str) -> dict[str, Any]:
        """One server-sent event's JSON object; InferenceError for anything else (a line cut
        in the middle, a proxy's page)."""
        try:
            event = json.loads(data)
        except ValueError as exc:
            raise InferenceError(
                Text(
                    "The chat server at {url} sent a broken event: {data}",
                    url=self._url,
                    data=repr(data[:80]),
                )
            ) from exc
        if not isinstance(event, dict):
            raise InferenceError(
                Text("The chat server at {url} sent an event that is not an object.", url=self._url)
            )
        return event

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // CHARS_PER_TOKEN)

    def prompt_tokens_used(self) -> int:
        return self._prompt_tokens

    def close(self) -> None:
        self._client.close()


class OpenAiServerBackend(Backend):
    """``load(artifact)`` ignores ``artifact``; options: ``url``, ``api_key``, ``model``, ``timeout``."""

    id: ClassVar[str] = "openai-server"
    name: ClassVar[str] = "Chat server (OpenAI-compatible)"
    tasks: ClassVar[tuple[str, ...]] = (TASK_CHAT,)
    formats: ClassVar[tuple[str, ...]] = ()  # the model lives on the server, not in a file here

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """Always possible, never preferred: it needs a server and the network."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        return self.ranked(
            task, "server", 10, "No local chat runtime is better: use a chat server on another machine."
        )

    def probe(self) -> BackendStatus:
        try:
            import httpx
        except ImportError:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason="httpx is not installed",
                install_hint="pip install 'edgestudio[llm]'",
            )
        return BackendStatus(
            self.id, self.name, True, httpx.__version__, (DeviceOption("server", "Remote server", True),)
        )

    def load(self, artifact: Path | None = None, device: str = "", **options: Any) -> OpenAiServerRunner:
        try:
            import httpx
        except ImportError as exc:
            raise BackendUnavailable("httpx is not installed.", "pip install 'edgestudio[llm]'") from exc
        url = str(options.get("url") or "").rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ModelLoadError("The chat server address must start with http:// or https://.")
        headers = {"Authorization": f"Bearer {options['api_key']}"} if options.get("api_key") else {}
        client = httpx.Client(
            headers=headers, timeout=httpx.Timeout(float(options.get("timeout", 60)), connect=5)
        )
        try:
            response = client.get(f"{url}/models")
            response.raise_for_status()
            models = [m.get("id", "") for m in response.json().get("data", [])]
        except (httpx.HTTPError, ValueError) as exc:
            client.close()
            raise ModelLoadError(
                f"The chat server at {url} cannot be reached: {exc}",
                "Check the address (it usually ends in /v1), the network and the key.",
            ) from exc
        model = str(options.get("model") or (models[0] if models else ""))
        if not model:
            client.close()
            raise ModelLoadError(f"The chat server at {url} offers no model.")
        return OpenAiServerRunner(client, url, model, int(options.get("n_ctx", 4096)))
