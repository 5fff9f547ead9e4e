"""A chat server that closes its stream cleanly in the middle of an answer (issue 17, point 5):
no ``finish_reason`` and no ``data: [DONE]`` means cut off, not finished, so the site chat
answers afresh on the local llama.cpp model. Fault injected with a real HTTP server on
127.0.0.1 that sends a few server-sent events and closes; the well-behaved form of the same
server finishes normally (the real llama.cpp server: tests/test_remote_chat.py)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from edgestudio.backends.openai_server_backend import OpenAiServerBackend, OpenAiServerRunner
from edgestudio.backends.streaming import ChatRequest
from edgestudio.cli import main
from edgestudio.core.errors import InferenceError
from edgestudio.tasks.chat.models import default_chat_model

PIECES = ["The ", "train ", "leaves "]


def _chunk(content: str, finish: str | None = None) -> bytes:
    event = {"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}]}
    return f"data: {json.dumps(event)}\n\n".encode()


class FakeChatServer(ThreadingHTTPServer):
    """``ending`` says how each answer ends: "close" (the connection closes after the pieces,
    HTTP/1.0 style), "chunked-end" (a proper end of a chunked body, nothing else), "done"
    (finish_reason and [DONE], as llama.cpp's server does) or "broken" (half a JSON line)."""

    daemon_threads = True

    def __init__(self, ending: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.ending = ending
        self.answers = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeChatServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = json.dumps({"object": "list", "data": [{"id": "fake-model", "object": "model"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.answers += 1
        ending = self.server.ending
        chunked = ending == "chunked-end"
        if chunked:
            self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        parts = [_chunk(piece) for piece in PIECES]
        if ending == "done":
            parts += [_chunk("", "stop"), b"data: [DONE]\n\n"]
        elif ending == "broken":
            parts.append(b'data: {"choices": [{"delta": {"cont\n\n')
        for part in parts:
            if chunked:
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            else:
                self.wfile.write(part)
            self.wfile.flush()
        if chunked:
            self.wfile.write(b"0\r\n\r\n")  # the body ends cleanly: no protocol error to see
        self.close_connection = True


@pytest.fixture
def fake_server(request: pytest.FixtureRequest) -> Iterator[FakeChatServer]:
    server = FakeChatServer(request.param)
    thread = threading.Thread(target=server.serve_forever, name="test-fake-chat", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _runner(url: str) -> OpenAiServerRunner:
    return OpenAiServerBackend().load(url=url, timeout=5)


REQUEST = ChatRequest(({"role": "user", "content": "When does the train leave?"},), 32, 0.0, 1.0, 1)


@pytest.mark.parametrize("fake_server", ["close", "chunked-end", "broken"], indirect=True)
def test_a_stream_that_ends_without_finishing_is_cut_off(fake_server: FakeChatServer) -> None:
    runner = _runner(fake_server.url)
    received: list[str] = []
    try:
        with pytest.raises(InferenceError) as cut:
            for piece in runner.stream(REQUEST, lambda: False):
                received.append(piece)
    finally:
        runner.close()
    assert received == PIECES, "what it said is handed on before the cut is known"
    assert fake_server.url in cut.value.message
    expected = "broken event" if fake_server.ending == "broken" else "no finish_reason and no [DONE]"
    assert expected in cut.value.message


@pytest.mark.parametrize("fake_server", ["done"], indirect=True)
def test_a_stream_that_says_it_finished_is_complete(fake_server: FakeChatServer) -> None:
    runner = _runner(fake_server.url)
    try:
        assert list(runner.stream(REQUEST, lambda: False)) == PIECES
    finally:
        runner.close()


@pytest.mark.parametrize("fake_server", ["close"], indirect=True)
def test_a_stopped_stream_is_not_a_cut(fake_server: FakeChatServer) -> None:
    """The user's stop ends the stream early on purpose: no error."""
    runner = _runner(fake_server.url)
    received: list[str] = []
    try:
        for piece in runner.stream(REQUEST, lambda: len(received) >= 1):
            received.append(piece)
    finally:
        runner.close()
    assert received == PIECES[:1]


@pytest.mark.skipif(default_chat_model() is None, reason="the default chat model is not installed")
@pytest.mark.parametrize("fake_server", ["close"], indirect=True)
def test_chat_answers_a_cut_off_stream_afresh_with_the_local_model(
    fake_server: FakeChatServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """``chat --server URL --json``: the server's partial answer is kept as ``cut_off_answer``
    and the local llama.cpp model answers the same question (was: the partial answer taken
    as the whole one, from the server)."""
    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    argv = ["chat", "--server", fake_server.url, "--prompt", "Say hi.", "--max-tokens", "4"]
    assert main([*argv, "--temperature", "0", "--seed", "1", "--threads", "1", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["cut_off_answer"] == "".join(PIECES), document
    assert document["runtime"] == "llamacpp", document
    assert "closed the answer before its end" in document["fallback_reason"], document
    assert document["answer"].strip() and document["answer"] != "".join(PIECES)
    assert fake_server.answers == 1
