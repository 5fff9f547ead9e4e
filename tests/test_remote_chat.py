"""Chat on the site server with the local llama.cpp model as its fallback (issue 17, point 5),
against llama.cpp's real OpenAI-compatible server (``start_test_server(chat="default")``):
the CLI's JSON names who answered and why it fell back; a server killed mid-answer is said and
what it had said is kept; a server that comes back is used again."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_fallback import FallbackStreamingRunner, ServerCutOff
from edgestudio.backends.streaming import ChatRequest
from edgestudio.cli import main
from edgestudio.core.site_status import FallbackState
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.chat.engine import ChatOptions
from edgestudio.tasks.chat.models import default_chat_model
from edgestudio.tasks.chat.site_chat import SiteChat, build_site_chat_engine
from tests.site_server_fixtures import restart_site_server, start_test_server

pytestmark = pytest.mark.skipif(
    default_chat_model() is None, reason="the default chat model is not installed"
)


@pytest.fixture
def chat_server(tmp_path: Path) -> Iterator[SiteServer]:
    """llama.cpp's server on the default SmolLM2 GGUF (a test kills it: one per test)."""
    server = start_test_server(tmp_path / "site", detect="", chat="default")
    try:
        yield server
    finally:
        server.stop()


def ask_cli(capsys: pytest.CaptureFixture[str], url: str, prompt: str = "Say hi.") -> dict[str, object]:
    argv = ["chat", "--server", url, "--prompt", prompt, "--max-tokens", "4", "--temperature", "0"]
    assert main([*argv, "--seed", "1", "--threads", "1", "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_cli_answers_from_the_server_then_from_the_local_model_once_it_is_killed(
    chat_server: SiteServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    url = chat_server.chat_url
    served = ask_cli(capsys, url)
    assert served["runtime"] == f"server {url}" and served["fallback_reason"] == ""
    assert served["server"] == url and served["cut_off_answer"] == ""
    assert str(served["answer"]).strip() and int(str(served["tokens"])) >= 1
    assert chat_server.chat is not None
    chat_server.chat.kill()  # kill -9: a crash, as the kiosk sees it
    local = ask_cli(capsys, url)
    assert local["runtime"] == "llamacpp", local
    assert str(local["fallback_reason"]).startswith("server unreachable"), local
    assert str(local["answer"]).strip() and int(str(local["tokens"])) >= 1


def test_cli_refuses_a_server_address_that_is_not_http(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    code = main(["chat", "--server", "grpc://127.0.0.1:8001", "--prompt", "hi", "--json"])
    assert code != 0
    error = json.loads(capsys.readouterr().out)["error"]
    assert "must start with http:// or https://" in error["message"] and "/v1" in error["hint"]


def test_a_server_killed_mid_answer_is_said_what_it_said_is_kept_and_it_is_used_again_once_back(
    chat_server: SiteServer,
) -> None:
    model = default_chat_model()
    assert model is not None and chat_server.chat is not None
    states: list[FallbackState] = []
    engine = build_site_chat_engine(
        BackendRegistry(),
        model.path,
        ChatOptions(threads=1),
        SiteChat(chat_server.chat_url),
        print,
        states.append,
    )
    runner = engine.runner
    assert isinstance(runner, FallbackStreamingRunner) and runner.state.on_server
    request = ChatRequest(
        (
            {"role": "system", "content": "You count."},
            {"role": "user", "content": "Count from 1 to 200, one number a line."},
        ),
        200,
        0.0,
        1.0,
        1,
    )
    pieces: list[str] = []
    try:
        with pytest.raises(ServerCutOff) as cut:
            for piece in runner.stream(request, lambda: False):
                pieces.append(piece)
                if len(pieces) == 3:
                    chat_server.chat.kill()
        assert cut.value.partial == "".join(pieces) and len(pieces) >= 3
        assert not runner.state.on_server and runner.state.reason == cut.value.reason
        assert [s.on_server for s in states] == [False]
        # the next question goes to the local model at once
        again = "".join(runner.stream(replace(request, max_tokens=4), lambda: False))
        assert again and runner.served["local"] == 1
        # the server comes back (same port): after the pause, the next answer is the server's
        server = restart_site_server(chat_server)
        try:
            deadline = time.monotonic() + 20
            while runner.served["server"] == 0 and time.monotonic() < deadline:
                "".join(runner.stream(replace(request, max_tokens=2), lambda: False))
                time.sleep(0.2)
            assert runner.state.on_server and runner.served["server"] == 1
            assert [s.on_server for s in states] == [False, True]
        finally:
            server.stop()
    finally:
        engine.close()


def test_a_server_that_does_not_answer_in_time_is_left_for_the_local_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that takes the connection and says nothing (fault injected: a silent socket)."""
    model = default_chat_model()
    assert model is not None
    monkeypatch.setattr("edgestudio.tasks.chat.site_chat.SERVER_TIMEOUT_S", 0.5)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        started = time.monotonic()
        engine = build_site_chat_engine(
            BackendRegistry(), model.path, ChatOptions(threads=1), SiteChat(url), lambda _item: None
        )
        try:
            runner = engine.runner
            assert isinstance(runner, FallbackStreamingRunner)
            assert runner.state.reason.startswith("server too slow"), runner.state
            assert engine.info.fallback_reason == runner.state.reason
            request = ChatRequest(({"role": "user", "content": "Say hi."},), 4, 0.0, 1.0, 1)
            assert "".join(runner.stream(request, lambda: False)).strip()
            assert runner.served == {"server": 0, "local": 1}
            assert time.monotonic() - started < 30
        finally:
            engine.close()
