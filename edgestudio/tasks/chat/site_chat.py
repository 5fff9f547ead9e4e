"""Chat on the site server with the local model as its fallback (issue 17, point 5).

:func:`build_site_chat_engine` loads the local GGUF model (llama.cpp) and connects to the
site's OpenAI-compatible chat server, and joins them in a
:class:`~edgestudio.backends.remote_fallback.FallbackStreamingRunner`: each question goes to
the server; one it does not answer (connection refused, no first token within
:data:`SERVER_TIMEOUT_S`) is answered by the local model at once, and the server is asked
again after a growing pause. A server that cannot be reached at load does not stop the load:
the engine starts local. :func:`runtime_used` says who answered (the CLI's JSON, the Chat tab).

Built and used on one session thread (the CLI's main thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_fallback import FallbackStreamingRunner, ServerCutOff
from edgestudio.backends.streaming import StreamingRunner
from edgestudio.core.errors import BackendUnavailable, EdgeStudioError, InferenceError
from edgestudio.core.site_status import FallbackState
from edgestudio.core.types import TASK_CHAT
from edgestudio.tasks.chat.engine import ChatEngine, ChatOptions, build_chat_engine

SERVER_TIMEOUT_S = 15.0  # no first token (or no next one) from the server in this time: local

__all__ = ["SERVER_TIMEOUT_S", "ServerCutOff", "SiteChat", "build_site_chat_engine", "runtime_used"]


@dataclass(frozen=True)
class SiteChat:
    """Where the chat server is: its ``url`` (…/v1), ``api_key`` and ``model`` ("" = its first)."""

    url: str
    api_key: str = ""
    model: str = ""


def _connect(registry: BackendRegistry, site: SiteChat, n_ctx: int) -> StreamingRunner:
    """The server's runner (raises ModelLoadError when it does not answer). Session thread."""
    choice = registry.choose(TASK_CHAT, "")  # no model file: the runtime that talks to servers
    runner = choice.backend.load(
        Path(),
        choice.device,
        url=site.url,
        api_key=site.api_key,
        model=site.model,
        n_ctx=n_ctx,
        timeout=SERVER_TIMEOUT_S,
    )
    if not isinstance(runner, StreamingRunner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} does not run chat models.")
    return runner


def build_site_chat_engine(
    registry: BackendRegistry,
    model: Path,
    options: ChatOptions,
    site: SiteChat,
    report: Callable[[Any], None],
    on_change: Callable[[FallbackState], None] | None = None,
) -> ChatEngine:
    """The local model ``model`` (loaded with ``options``) behind the chat server ``site``;
    ``on_change`` hears each switch to the local model and back (on this thread)."""
    start = time.perf_counter()
    local = build_chat_engine(registry, model, options, report)
    remote: StreamingRunner | None = None
    error: BaseException | None = None
    try:
        remote = _connect(registry, site, options.n_ctx)
    except EdgeStudioError as exc:  # not answering now: start local, ask it again later
        error = InferenceError(exc.message)
        error.__cause__ = exc.__cause__ or exc
    runner = FallbackStreamingRunner(
        remote,
        local.runner,
        site.url,
        on_change,
        connect=lambda: _connect(registry, site, options.n_ctx),
        local_runtime=local.info.backend,
        error=error,
    )
    info = replace(
        local.info,
        model_name=runner.label,
        device=runner.device,
        load_ms=(time.perf_counter() - start) * 1e3,
        fallback_reason=runner.fallback_reason,
        details={**local.info.details, "server": site.url},
    )
    return ChatEngine(runner, info, report)


def runtime_used(runner: object, backend: str = "") -> dict[str, str]:
    """``runtime`` (who answered the last question: "server <url>" or the local runtime's id)
    and ``fallback_reason`` ("" when the server answered). Any thread (immutable state)."""
    if isinstance(runner, FallbackStreamingRunner):
        state = runner.state
        if state.on_server:
            return {"runtime": f"server {state.server}", "fallback_reason": ""}
        return {"runtime": state.local_runtime or "local", "fallback_reason": state.reason}
    return {"runtime": backend, "fallback_reason": str(getattr(runner, "fallback_reason", "") or "")}
