"""``edgestudio bench chat``: tokens/s of the app vs bare llama-cpp-python, in one run.

- Bare: ``Llama.create_chat_completion(stream=True)`` on the same model, messages, seed and
  settings, timed from the first token to the last.
- App: the real Chat tab (offscreen when there is no display) sending the same question
  through its InferenceSession, with Markdown rendering of every batch. The tab is driven by
  ``ui/chat_tab_driver.ChatTabDriver``, passed in: this module measures and imports no Qt.
- Bare and app alternate (bare, app, bare, ...); each app round is compared with the mean of
  the bare rounds around it, and the median ratio is reported.
- While the app generates, a 5 ms timer on the GUI thread records how late the event loop
  runs it: its p99 is the UI latency a user feels while an answer streams in.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from edgestudio import __version__
from edgestudio.core.hardware import chat_threads, probe_hardware
from edgestudio.tasks.chat.engine import ChatAnswer

PROMPT = "Write a long story about a robot who learns to paint. Use many paragraphs."
SYSTEM = "You are a helpful assistant."


def _bare_round(model: Path, threads: int, max_tokens: int, llm: Any) -> dict[str, float]:
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]
    start = time.perf_counter()
    first = 0.0
    tokens = 0
    for chunk in llm.create_chat_completion(
        messages=messages, stream=True, max_tokens=max_tokens, temperature=0.0, top_p=0.9, seed=1
    ):
        if chunk["choices"][0].get("delta", {}).get("content"):
            tokens += 1
            if not first:
                first = time.perf_counter()
    end = time.perf_counter()
    return {
        "tokens": tokens,
        "ttft_ms": (first - start) * 1e3,
        "tokens_per_s": (tokens - 1) / (end - first) if tokens > 1 else 0.0,
    }


class ChatApp(Protocol):
    """The app side of the benchmark: the real Chat tab (ui/chat_tab_driver.ChatTabDriver)."""

    lateness_ms: list[float]  # how late a 5 ms GUI timer ran while answers streamed

    def ask(self, prompt: str) -> ChatAnswer: ...

    @property
    def renders(self) -> int: ...

    def close(self) -> None: ...


def run_chat_benchmark(
    app: ChatApp,
    model: Path,
    max_tokens: int = 128,
    rounds: int = 3,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Alternate bare llama.cpp rounds with ``app`` rounds on the same model (main thread);
    closes ``app`` at the end."""
    say = progress or (lambda _m: None)
    from llama_cpp import Llama

    profile = probe_hardware()
    threads = chat_threads(profile)
    llm = Llama(model_path=str(model), n_ctx=4096, n_threads=threads, n_threads_batch=threads, verbose=False)
    bare: list[dict[str, float]] = []
    apps: list[ChatAnswer] = []
    try:
        bare.append(_bare_round(model, threads, max_tokens, llm))
        for index in range(rounds):
            say(f"round {index + 1}/{rounds}")
            apps.append(app.ask(PROMPT))
            bare.append(_bare_round(model, threads, max_tokens, llm))
    finally:
        llm.close()
        app.close()
    lateness = app.lateness_ms
    ratios = [
        a.tokens_per_s / ((bare[i]["tokens_per_s"] + bare[i + 1]["tokens_per_s"]) / 2)
        for i, a in enumerate(apps)
    ]
    return {
        "benchmark": "chat",
        "model": str(model),
        "threads": threads,
        "max_tokens": max_tokens,
        "bare": {
            "tokens_per_s": round(statistics.median(b["tokens_per_s"] for b in bare), 1),
            "ttft_ms": round(statistics.median(b["ttft_ms"] for b in bare), 1),
            "tokens": [int(b["tokens"]) for b in bare],
        },
        "app": {
            "tokens_per_s": round(statistics.median(a.tokens_per_s for a in apps), 1),
            "ttft_ms": round(statistics.median(a.ttft_ms for a in apps), 1),
            "tokens": [a.tokens for a in apps],
            "prompt_tokens_per_s": round(statistics.median(a.prompt_tokens_per_s for a in apps), 1),
        },
        "ratio": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "ui_event_loop_ms": {
            "p50": round(float(np.percentile(lateness, 50)), 2),
            "p99": round(float(np.percentile(lateness, 99)), 2),
            "max": round(float(max(lateness)), 2),
            "samples": len(lateness),
        },
        "renders": app.renders,
        "machine": {
            "cpu": profile.cpu_model,
            "cores": f"{profile.physical_cores}/{profile.logical_cores}",
            "edgestudio": __version__,
        },
    }
