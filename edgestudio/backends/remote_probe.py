"""Test a site server connection: its version, models (name, task, ready), devices and round
trip, or a clear sentence for what is wrong (issue 17).

The Settings page's *Test connection*, the Device tab, ``RemoteBackend.probe()`` and the CLI
call :func:`probe_site_server`. It runs on the calling thread and blocks for up to a few
seconds (a few short requests): call it off the GUI thread (``workers/`` runs it for the GUI).
Any thread; it makes and closes its own client.
"""

from __future__ import annotations

import http.client
import logging
import statistics
import time
import urllib.error
import urllib.request

from edgestudio.backends.remote_client import (
    MISSING_MODEL,
    NOT_TRITON,
    PROBE_TIMEOUT_S,
    TOKEN,
    UNREACHABLE,
    ServerAddress,
    SiteClient,
    SiteServerError,
    instance_devices,
    parse_url,
    server_model,
)
from edgestudio.core.messages import Text
from edgestudio.core.site_status import ServerModel, SiteServerInfo

log = logging.getLogger(__name__)
RTT_SAMPLES = 3


def web_page_answer(address: ServerAddress, timeout_s: float = PROBE_TIMEOUT_S) -> str:
    """What a plain HTTP GET of the server's ``/v2`` got when it is not Triton's JSON: "a web
    page", "HTTP 404", or "" when it looks like an inference server (or nothing answered)."""
    protocol, host_port, tls = parse_url(address.url)
    if protocol != "http":
        return ""
    url = f"{'https' if tls else 'http'}://{host_port}/v2"
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            kind = response.headers.get_content_type()
            head = response.read(512).lstrip().lower()
    except urllib.error.HTTPError as exc:
        kind = exc.headers.get_content_type() if exc.headers else ""
        head = exc.read(512).lstrip().lower() if exc.fp else b""
        if kind == "application/json" or head.startswith(b"{"):
            return ""
        return (
            "a web page"
            if kind == "text/html" or head.startswith((b"<!doctype", b"<html"))
            else f"HTTP {exc.code}"
        )
    except http.client.HTTPException:  # not HTTP/1 at all: a gRPC (HTTP/2) port, say
        return "something that does not speak HTTP/1 (a gRPC port?)"
    except (OSError, ValueError):
        return ""
    if kind == "text/html" or head.startswith((b"<!doctype", b"<html")):
        return "a web page"
    return "" if kind == "application/json" or head.startswith(b"{") else f"'{kind}'"


def _not_triton(address: ServerAddress, answer: str) -> SiteServerError:
    return SiteServerError(
        NOT_TRITON,
        Text(
            "The address {url} answers with {answer}, not as an inference server.",
            url=address.url,
            answer=answer,
        ),
        "Check the port: Triton's HTTP port is 8000 (gRPC 8001); a web server or router page "
        "may be on this one.",
    )


def probe_site_server(
    address: ServerAddress, timeout_s: float = PROBE_TIMEOUT_S, model: str = ""
) -> SiteServerInfo:
    """Connect, time a few health requests, read the server's metadata, its models'
    configurations (parameters as data) and devices. With ``model``, also check the server
    has it and it is ready. Raises SiteServerError with the reason (unreachable, wrong
    address, wrong token, missing model, not an inference server). Calling thread."""
    parse_url(address.url)  # a bad address is said before anything is imported
    client = SiteClient(address, timeout_s)
    try:
        return _probe(client, address, model)
    except SiteServerError as exc:
        if exc.kind not in (TOKEN, MISSING_MODEL):  # refused: the plain GET fails too, quickly
            answer = web_page_answer(address, timeout_s)
            if answer:
                raise _not_triton(address, answer) from exc
        raise
    finally:
        client.close()


def _probe(client: SiteClient, address: ServerAddress, wanted: str) -> SiteServerInfo:
    times, ready = [], False
    for _ in range(RTT_SAMPLES):
        start = time.perf_counter()
        ready = client.server_ready()
        times.append((time.perf_counter() - start) * 1e3)
    if not ready:
        answer = web_page_answer(address, client.timeout_s)
        if answer:
            raise _not_triton(address, answer)
        if not client.server_live():
            raise SiteServerError(
                UNREACHABLE, Text("The site server at {url} is not running yet.", url=address.url)
            )
    metadata = client.server_metadata()
    if "version" not in metadata:
        raise _not_triton(address, "something else")
    models: list[ServerModel] = []
    devices: list[str] = []
    for item in client.repository_index():
        name = str(item.get("name", ""))
        if not name:
            continue
        state = str(item.get("state", ""))
        is_ready = state.upper() == "READY"
        if not is_ready:
            models.append(ServerModel(name, ready=False))
            continue
        config = client.model_config(name)
        version = str(item.get("version", ""))
        models.append(server_model(name, config, is_ready, (version,) if version else ()))
        devices += instance_devices(config)
    if wanted:
        found = next((m for m in models if m.name == wanted), None)
        if found is None:
            served = ", ".join(m.name for m in models) or "no models"
            raise SiteServerError(
                MISSING_MODEL,
                Text(
                    "The site server at {url} does not have the model '{model}' (it serves: {served}).",
                    url=address.url,
                    model=wanted,
                    served=served,
                ),
                "Serve it there (edgestudio serve --detect MODEL), or choose a model it has.",
            )
        if not found.ready:
            raise SiteServerError(
                MISSING_MODEL, Text("The site server's model '{model}' is not ready.", model=wanted)
            )
    return SiteServerInfo(
        url=address.url,
        protocol=client.protocol,
        version=f"{metadata.get('name', 'server')} {metadata.get('version', '')}".strip(),
        models=tuple(models),
        devices=tuple(dict.fromkeys(devices)),
        rtt_ms=statistics.median(times),
        extensions=tuple(str(e) for e in metadata.get("extensions") or ()),
    )
