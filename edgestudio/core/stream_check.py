"""Why a network stream could not be opened, in words a person can act on.

FFmpeg (through OpenCV) only says that a URL failed to open. After such a failure,
:func:`explain_stream_failure` asks the address itself, once, the way a person would check
it: does the host name resolve, does anything listen on the port, and does what answers
speak the stream's protocol (an HTTP status line and content type, an RTSP ``OPTIONS``
reply). The answer is a :class:`~edgestudio.core.messages.Text`, so the GUI shows it
translated.

Qt-free; runs on the calling thread (the capture thread, or the CLI's main thread) and
takes at most ``timeout`` seconds per network step.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from edgestudio.core.messages import Text

CHECK_TIMEOUT_S = 2.0
DEFAULT_PORTS = {"rtsp": 554, "rtsps": 322, "http": 80, "https": 443, "rtmp": 1935, "tcp": 0}
VIDEO_CONTENT_PREFIXES = ("video/", "application/octet-stream", "multipart/x-mixed-replace", "image/")
PLAYLIST_CONTENT_TYPES = ("application/vnd.apple.mpegurl", "application/x-mpegurl", "audio/mpegurl")


@dataclass(frozen=True)
class StreamProblem:
    """What the check found: ``kind`` for programs (``refused``, ``timeout``, ``dns``,
    ``network``, ``http_status``, ``not_video``, ``unknown``) and ``message`` for people."""

    kind: str
    message: str


def _address(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a network URL, or None when it names no host and port."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    except ValueError:  # a port that is not a number
        return None
    if not parts.hostname or not port:
        return None
    return scheme, parts.hostname, port


def _first_reply(sock: socket.socket, request: bytes, limit: int = 4096) -> bytes:
    """Send ``request`` and read until the end of the reply's headers (or ``limit`` bytes)."""
    sock.sendall(request)
    reply = b""
    while b"\r\n\r\n" not in reply and len(reply) < limit:
        chunk = sock.recv(limit)
        if not chunk:
            break
        reply += chunk
    return reply


def _request_for(scheme: str, url: str, host: str) -> bytes | None:
    """The first request of the stream's protocol, or None where it has no plain-text greeting."""
    if scheme == "http":
        path = urlsplit(url)._replace(scheme="", netloc="").geturl() or "/"
        return f"GET {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: EdgeStudio\r\n\r\n".encode()
    if scheme == "rtsp":
        return f"OPTIONS {url} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: EdgeStudio\r\n\r\n".encode()
    return None


def _not_video(url: str) -> StreamProblem:
    return StreamProblem(
        "not_video",
        Text(
            "The stream {url} could not be opened: the server answered, but what it sends is not a "
            "video EdgeStudio can play.",
            url=url,
        ),
    )


def _network_problem(url: str, exc: OSError) -> StreamProblem:
    return StreamProblem(
        "network",
        Text(
            "The stream {url} could not be opened: {reason}.",
            url=url,
            reason=exc.strerror or type(exc).__name__,
        ),
    )


def _judge_reply(scheme: str, url: str, reply: bytes) -> StreamProblem:
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1", "replace")
    lines = head.split("\r\n")
    status_line = lines[0].split(" ", 2) if lines and lines[0] else []
    expected = "HTTP/" if scheme == "http" else "RTSP/"
    if len(status_line) < 2 or not status_line[0].startswith(expected) or not status_line[1].isdigit():
        return StreamProblem(
            "not_video",
            Text(
                "The stream {url} could not be opened: the server does not speak {protocol}.",
                url=url,
                protocol=scheme.upper(),
            ),
        )
    status = int(status_line[1])
    reason = status_line[2] if len(status_line) > 2 else ""
    if status >= 400:
        return StreamProblem(
            "http_status",
            Text(
                "The stream {url} could not be opened: the server answered {status} {reason}.",
                url=url,
                status=status,
                reason=reason,
            ),
        )
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    content_type = headers.get("content-type", "").split(";")[0].lower()
    web_page = bool(content_type) and not content_type.startswith(VIDEO_CONTENT_PREFIXES)
    if scheme == "http" and web_page and content_type not in PLAYLIST_CONTENT_TYPES:
        return StreamProblem(
            "not_video",
            Text(
                "The stream {url} could not be opened: the server sends {content_type}, not a video.",
                url=url,
                content_type=content_type,
            ),
        )
    return _not_video(url)


def explain_stream_failure(url: str, timeout: float = CHECK_TIMEOUT_S) -> StreamProblem:
    """Why ``url`` could not be opened (called after FFmpeg failed to open it)."""
    address = _address(url)
    if address is None:
        return StreamProblem("unknown", Text("The stream {url} could not be opened.", url=url))
    scheme, host, port = address
    seconds = f"{timeout:g}"
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.gaierror:
        return StreamProblem(
            "dns",
            Text(
                "The stream {url} could not be opened: the host name {host} is not known.", url=url, host=host
            ),
        )
    except ConnectionRefusedError:
        return StreamProblem(
            "refused",
            Text(
                "The stream {url} could not be opened: the connection was refused (nothing listens on "
                "port {port} of {host}).",
                url=url,
                port=port,
                host=host,
            ),
        )
    except TimeoutError:
        return StreamProblem(
            "timeout",
            Text(
                "The stream {url} could not be opened: {host} did not answer within {seconds} s.",
                url=url,
                host=host,
                seconds=seconds,
            ),
        )
    except OSError as exc:
        return _network_problem(url, exc)
    with sock:
        request = _request_for(scheme, url, host)
        if request is None:
            return _not_video(url)
        try:
            reply = _first_reply(sock, request)
        except TimeoutError:
            return StreamProblem(
                "timeout",
                Text(
                    "The stream {url} could not be opened: the server accepted the connection but did "
                    "not answer within {seconds} s.",
                    url=url,
                    seconds=seconds,
                ),
            )
        except OSError as exc:
            return _network_problem(url, exc)
    return _judge_reply(scheme, url, reply)
