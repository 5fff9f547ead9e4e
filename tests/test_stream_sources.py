"""A stream URL is tried as a stream, on the command line and in the app, and its failure
says why: connection refused, timed out, an HTTP error, or not a video (issue 21, point 4).
Real sockets and servers on 127.0.0.1; a real stream from FFmpeg's own HTTP server."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from edgestudio.cli import main
from edgestudio.core.errors import SourceError
from edgestudio.core.stream_check import explain_stream_failure
from edgestudio.core.video import SourceSpec, open_source


@pytest.fixture(autouse=True)
def _isolated(ctx) -> None:  # type: ignore[no-untyped-def]
    """Every test gets its own EDGESTUDIO_HOME (the ``ctx`` fixture sets it)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/page":
            body = b"<html><body>Camera login</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = b"nothing here"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[int]:
    """An HTTP server with a web page at /page and 404 elsewhere."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()
    thread.join(2)


def test_nothing_listening_is_a_refused_connection() -> None:
    url = f"rtsp://127.0.0.1:{free_port()}/none"
    problem = explain_stream_failure(url)
    assert problem.kind == "refused"
    with pytest.raises(SourceError) as raised:
        open_source(SourceSpec.guess(url))
    assert "connection was refused" in raised.value.message


def test_a_server_that_never_answers_timed_out(silent_server: int) -> None:
    start = time.monotonic()
    problem = explain_stream_failure(f"rtsp://127.0.0.1:{silent_server}/cam", timeout=0.5)
    assert problem.kind == "timeout"
    assert "did not answer within 0.5 s" in problem.message
    assert time.monotonic() - start < 3


def test_a_web_page_is_not_a_video_and_an_http_error_is_named(web_server: int) -> None:
    page = explain_stream_failure(f"http://127.0.0.1:{web_server}/page")
    assert page.kind == "not_video" and "text/html, not a video" in page.message
    missing = explain_stream_failure(f"http://127.0.0.1:{web_server}/camera.mjpg")
    assert missing.kind == "http_status" and "404 Not Found" in missing.message
    with pytest.raises(SourceError) as raised:
        open_source(SourceSpec.guess(f"http://127.0.0.1:{web_server}/page"))
    assert "text/html" in raised.value.message


def test_the_cli_tries_a_url_as_a_stream_and_says_why_it_failed(
    web_server: int, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = f"rtsp://127.0.0.1:{free_port()}/none"
    page = f"http://127.0.0.1:{web_server}/page"
    assert main(["detect", refused, page, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    errors = [item["error"] for item in report["results"]]
    assert [item["source"] for item in report["results"]] == [refused, page]
    assert "connection was refused" in errors[0] and "does not exist" not in errors[0]
    assert "text/html, not a video" in errors[1]


def listening(port: int) -> bool:
    """Whether something listens on 127.0.0.1:``port``, read from /proc without connecting
    (FFmpeg's ``-listen 1`` server serves exactly one client)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return any(r.split()[1] == f"0100007F:{port:04X}" and r.split()[3] == "0A" for r in rows)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is installed by scripts/install.sh --dev")
def test_the_cli_detects_on_a_real_http_stream(
    street_video: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/live.ts"
    server = subprocess.Popen(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", str(street_video),
         "-c:v", "mpeg2video", "-q:v", "4", "-f", "mpegts", "-listen", "1", url],
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not listening(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert main(["detect", url, "--frames", "3", "--json"]) == 0
    finally:
        server.kill()
        server.wait(5)
    report = json.loads(capsys.readouterr().out)
    assert [item["frame"] for item in report["results"]] == [0, 1, 2]
    assert all(item["source"] == url and item["width"] == 640 for item in report["results"])
    assert any(item["detections"] for item in report["results"])
