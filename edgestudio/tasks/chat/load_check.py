"""Check that a GGUF model really loads and computes, in a child process, before it is stored.

A GGUF with a valid header and garbage tensors reads fine (its metadata is intact) and even
loads; it fails only at the first answer, or produces NaN. A damaged file can also crash
llama.cpp natively. So the check runs in a child process (``python -m
edgestudio.core.process_child edgestudio.tasks.chat.load_check:check_in_child PATH``) that
loads the model with a small context, evaluates a short prompt and requires finite logits.
The child dies with its parent (``core.process_child`` ties it: PR_SET_PDEATHSIG on Linux
and a watchdog on stdin), is killed after a timeout, and a native crash becomes a readable
message with the child's last words in the log.

``check_gguf_loads`` blocks: call it on a worker thread (the GUI) or the CLI's main thread.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from edgestudio.core.errors import ModelLoadError
from edgestudio.core.process_child import PARENT_PID_ENV, ChildChannel

log = logging.getLogger(__name__)

CHECK_TARGET = "edgestudio.tasks.chat.load_check:check_in_child"
CHECK_PROMPT = b"Hello! What can you do?"
CHECK_CONTEXT = 64
BASE_TIMEOUT_S = 60.0
TIMEOUT_S_PER_GB = 30.0  # loading (memory-mapping, first pages) and one short evaluation
STDERR_TAIL_LINES = 12
DAMAGED_HINT = "The file is damaged or incomplete: download or copy it again. Nothing was added."


@dataclass(frozen=True)
class LoadCheck:
    """What the child measured on a model that passed."""

    vocab: int
    load_s: float
    eval_s: float


def check_timeout_s(path: Path) -> float:
    """How long the check may take for this file (bigger models take longer to map)."""
    return BASE_TIMEOUT_S + TIMEOUT_S_PER_GB * path.stat().st_size / 1e9


def check_gguf_loads(path: Path, timeout_s: float | None = None) -> LoadCheck:
    """Load ``path`` in a child process and evaluate a short prompt; ModelLoadError with a
    sentence for people when it does not load, computes NaN, crashes or takes too long.

    Blocks the calling thread (a worker thread in the GUI) for about a second on small
    models. The child's stdin stays open while it runs, so it also exits if this process
    dies in a way the kernel's parent-death signal does not cover.
    """
    timeout = timeout_s if timeout_s is not None else check_timeout_s(path)
    env = {**os.environ, PARENT_PID_ENV: str(os.getpid())}
    command = [sys.executable, "-m", "edgestudio.core.process_child", CHECK_TARGET, str(path)]
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        raise ModelLoadError(f"EdgeStudio could not start the check of {path.name}: {exc}.") from exc
    stdout: list[str] = []
    stderr: list[str] = []
    readers = [
        threading.Thread(target=_drain, args=(child.stdout, stdout), name="load-check-out", daemon=True),
        threading.Thread(target=_drain, args=(child.stderr, stderr), name="load-check-err", daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        returncode = child.wait(timeout)
    except subprocess.TimeoutExpired:
        _kill_group(child)
        raise ModelLoadError(
            f"Checking {path.name} took longer than {timeout:.0f} s, so it was stopped.",
            "This device may be too slow or short of memory for this model; nothing was added.",
        ) from None
    finally:
        if child.stdin is not None:
            child.stdin.close()
        for reader in readers:
            reader.join(5)
    return _verdict(path, returncode, stdout, stderr)


def _drain(stream: IO[str] | None, into: list[str]) -> None:
    """Reader thread: collect one of the child's pipes until it closes."""
    if stream is not None:
        into.extend(stream)


def _kill_group(child: subprocess.Popen[str]) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        child.kill()
    child.wait()


def _verdict(path: Path, returncode: int, stdout: list[str], stderr: list[str]) -> LoadCheck:
    events = [_event(line) for line in stdout]
    finished = next((e for e in events if e.get("event") == "finished"), None)
    failed = next((e for e in events if e.get("event") == "failed"), None)
    last_words = "".join(stderr[-STDERR_TAIL_LINES:]).strip()
    if returncode == 0 and finished is not None:
        return LoadCheck(int(finished["vocab"]), float(finished["load_s"]), float(finished["eval_s"]))
    if failed is not None:
        log.info("the load check refused %s: %s", path, failed.get("message"))
        raise ModelLoadError(str(failed.get("message", "")), str(failed.get("hint", "")) or DAMAGED_HINT)
    log.warning("the load check of %s ended with code %s:\n%s", path, returncode, last_words)
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        raise ModelLoadError(f"llama.cpp crashed ({name}) while loading {path.name}.", DAMAGED_HINT)
    raise ModelLoadError(
        f"{path.name} could not be checked: the check ended with code {returncode}.",
        "The details are in the log file. Nothing was added.",
    )


def _event(line: str) -> dict[str, Any]:
    try:
        event = json.loads(line)
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}


# --- the child side ------------------------------------------------------------------------


def check_in_child(channel: ChildChannel, args: list[str]) -> int:
    """Entry point in the child process (its main thread): load, evaluate, report."""
    if len(args) != 1:
        raise ModelLoadError("The load check takes one model path.")
    channel.finished(**probe_model(Path(args[0])))
    return 0


def probe_model(path: Path) -> dict[str, Any]:
    """Load ``path`` with llama.cpp, evaluate a short prompt and require finite logits.

    Runs in the child process only: a damaged model may crash the process."""
    import numpy as np

    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ModelLoadError(
            f"EdgeStudio cannot check {path.name}: llama.cpp is not installed.",
            "Install it with: pip install 'edgestudio[llm]'. Nothing was added.",
        ) from exc

    started = time.perf_counter()
    try:
        llm = Llama(
            model_path=str(path),
            n_ctx=CHECK_CONTEXT,
            n_batch=CHECK_CONTEXT,
            logits_all=True,
            n_threads=max(1, min(4, os.cpu_count() or 1)),
            verbose=False,
        )
    except (ValueError, RuntimeError, OSError) as exc:
        raise ModelLoadError(f"llama.cpp could not load {path.name}: {exc}", DAMAGED_HINT) from exc
    loaded = time.perf_counter()
    vocab = int(llm.n_vocab())
    try:
        tokens = llm.tokenize(CHECK_PROMPT, add_bos=True)
        llm.eval(tokens)
        logits = np.asarray(llm.scores[len(tokens) - 1])
        best = int(np.argmax(logits)) if logits.size else -1
        if not logits.size or not np.isfinite(logits).all() or not 0 <= best < vocab:
            bad = int(np.size(logits) - np.isfinite(logits).sum())
            raise ModelLoadError(
                f"{path.name} loads, but its weights are damaged: the first prediction is not a number "
                f"({bad:,} of {logits.size:,} scores are NaN or infinite).",
                DAMAGED_HINT,
            )
        llm.detokenize([best])
    except (ValueError, RuntimeError, IndexError) as exc:
        raise ModelLoadError(
            f"{path.name} loads, but it fails on a short prompt: {exc}", DAMAGED_HINT
        ) from exc
    finally:
        llm.close()
    return {"vocab": vocab, "load_s": loaded - started, "eval_s": time.perf_counter() - loaded}
