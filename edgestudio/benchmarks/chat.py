"""``edgestudio bench chat``: tokens/s of the app vs bare llama-cpp-python, in one run.

- Bare: ``Llama.create_chat_completion(stream=True)`` on the same model, messages, seed and
  settings, timed from the first token to the last.
- App: the real Chat tab (offscreen when there is no display) sending the same question
  through its InferenceSession, with Markdown rendering of every batch.
- Bare and app alternate (bare, app, bare, ...); each app round is compared with the mean of
  the bare rounds around it, and the median ratio is reported.
- While the app generates, a 5 ms timer on the GUI thread records how late the event loop
  runs it: its p99 is the UI latency a user feels while an answer streams in.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio import __version__
from edgestudio.context import AppContext
from edgestudio.core.hardware import chat_threads, probe_hardware
from edgestudio.tasks.chat.engine import ChatAnswer

PROMPT = "Write a long story about a robot who learns to paint. Use many paragraphs."
SYSTEM = "You are a helpful assistant."
TIMER_MS = 5


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


def run_chat_benchmark(
    ctx: AppContext,
    model: Path,
    max_tokens: int = 128,
    rounds: int = 3,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    say = progress or (lambda _m: None)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from llama_cpp import Llama
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from edgestudio.ui.chat_tab import ChatTab

    profile = probe_hardware()
    threads = chat_threads(profile)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    tab = ChatTab(ctx)
    tab.resize(1200, 800)
    tab.show()
    tab.max_tokens.setValue(max_tokens)
    tab.temperature.setValue(0.0)
    tab.system_prompt.setPlainText(SYSTEM)
    llm = Llama(model_path=str(model), n_ctx=4096, n_threads=threads, n_threads_batch=threads, verbose=False)
    lateness: list[float] = []
    bare: list[dict[str, float]] = []
    apps: list[ChatAnswer] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setInterval(TIMER_MS)

    def tick() -> None:
        lateness.append(max(0.0, clock.nsecsElapsed() / 1e6 - TIMER_MS))
        clock.restart()

    timer.timeout.connect(tick)
    try:
        bare.append(_bare_round(model, threads, max_tokens, llm))
        for index in range(rounds):
            say(f"round {index + 1}/{rounds}")
            loop = QEventLoop()
            answers: list[Any] = []

            def finished(answer: Any, answers: list[Any] = answers, loop: QEventLoop = loop) -> None:
                answers.append(answer)
                loop.quit()

            tab.answer_finished.connect(finished)
            tab.new_conversation()
            tab.send(PROMPT)
            clock.start()
            timer.start()
            QTimer.singleShot(300_000, loop.quit)
            loop.exec()
            timer.stop()
            tab.answer_finished.disconnect(finished)
            if not answers or answers[0] is None:
                raise RuntimeError(f"the app produced no answer: {tab.stats.text()}")
            apps.append(answers[0])
            bare.append(_bare_round(model, threads, max_tokens, llm))
    finally:
        llm.close()
        tab.shutdown()
        app.processEvents()
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
        "renders": tab.transcript.renders,
        "machine": {
            "cpu": profile.cpu_model,
            "cores": f"{profile.physical_cores}/{profile.logical_cores}",
            "edgestudio": __version__,
        },
    }
