"""``edgestudio bench chat``: tokens/s of the app vs bare llama-cpp-python, in one run.

- Bare: ``Llama.create_chat_completion(stream=True)`` on the same model, messages, seed and
  settings, timed from the first token to the last.
- App: the real Chat tab (offscreen when there is no display) sending the same question
  through its InferenceSession, with Markdown rendering of every batch. The tab is driven by
  ``ui/chat_tab_driver.ChatTabDriver``, passed in: this module measures and imports no Qt.
- Both sides first answer once unmeasured, so neither pays for first-use costs (the
  session's first request, allocations) inside a measured block.
- Then bare and app alternate in many short blocks (bare, app, bare, ...); each app block is
  compared with the mean of the bare blocks around it, and the median ratio is reported with
  its spread (quartiles and range). Single blocks on this shared 2-core machine range from
  0.81 to 1.21 around a median of 0.96 (12 blocks of 64 tokens): three rounds, as before,
  gave 1.29, 1.09 and 0.98, one noisy block each. Both sides must produce the same tokens
  (greedy decoding); when they do not, or the lower quartile lies above 1, the report says
  so in ``findings``: the app cannot outrun the runtime it calls.
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


def spread(values: list[float]) -> dict[str, float]:
    """Range and quartiles of ``values``, rounded for the report."""
    q25, q50, q75 = (float(np.percentile(values, q)) for q in (25, 50, 75))
    return {
        "min": round(min(values), 3),
        "p25": round(q25, 3),
        "median": round(q50, 3),
        "p75": round(q75, 3),
        "max": round(max(values), 3),
    }


def findings(ratios: list[float], bare_tokens: list[int], app_tokens: list[int]) -> list[str]:
    """What a reader must know before trusting the ratio (empty when nothing is odd)."""
    found: list[str] = []
    if set(app_tokens) | set(bare_tokens) != {bare_tokens[0]}:
        found.append(
            "The app and bare llama.cpp produced different numbers of tokens "
            f"(app {sorted(set(app_tokens))}, bare {sorted(set(bare_tokens))}), so their speeds "
            "are not comparable: check that both decode greedily from the same messages."
        )
    ranges = spread(ratios)
    if ranges["p25"] > 1.0:
        found.append(
            f"The app measured faster than bare llama.cpp in most blocks (quartiles {ranges['p25']}-"
            f"{ranges['p75']}). It calls the same runtime, so this is not a result: the machine's "
            "speed drifted between blocks or the two sides did different work. Rerun with more "
            "--rounds on an idle machine."
        )
    return found


def run_chat_benchmark(
    app: ChatApp,
    model: Path,
    max_tokens: int = 64,
    rounds: int = 12,
    progress: Callable[[str], None] | None = None,
    warmup: int = 1,
) -> dict[str, Any]:
    """Answer ``warmup`` times unmeasured on each side, then alternate bare llama.cpp blocks
    with ``app`` blocks on the same model (main thread); closes ``app`` at the end."""
    say = progress or (lambda _m: None)
    from llama_cpp import Llama

    profile = probe_hardware()
    threads = chat_threads(profile)
    llm = Llama(model_path=str(model), n_ctx=4096, n_threads=threads, n_threads_batch=threads, verbose=False)
    bare: list[dict[str, float]] = []
    apps: list[ChatAnswer] = []
    try:
        for index in range(warmup):
            say(f"warm-up {index + 1}/{warmup}")
            _bare_round(model, threads, max_tokens, llm)
            app.ask(PROMPT)
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
    bare_tokens = [int(b["tokens"]) for b in bare]
    app_tokens = [a.tokens for a in apps]
    return {
        "benchmark": "chat",
        "model": str(model),
        "threads": threads,
        "max_tokens": max_tokens,
        "rounds": rounds,
        "warmup_rounds": warmup,
        "bare": {
            "tokens_per_s": round(statistics.median(b["tokens_per_s"] for b in bare), 1),
            "ttft_ms": round(statistics.median(b["ttft_ms"] for b in bare), 1),
            "tokens": bare_tokens,
        },
        "app": {
            "tokens_per_s": round(statistics.median(a.tokens_per_s for a in apps), 1),
            "ttft_ms": round(statistics.median(a.ttft_ms for a in apps), 1),
            "tokens": app_tokens,
            "prompt_tokens_per_s": round(statistics.median(a.prompt_tokens_per_s for a in apps), 1),
        },
        "ratio": round(statistics.median(ratios), 3),
        "ratio_spread": spread(ratios),
        "ratios": [round(r, 3) for r in ratios],
        "findings": findings(ratios, bare_tokens, app_tokens),
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
