"""The site server in the GUI (issue 17, points 4 and 5) against the real ``tritonserver``
(tests/site_server_fixtures.py): Settings' *Test connection* shows the server's version, its
models and the round trip, and says in words when the token is wrong, nothing answers or a web
page answers; saving points the app at the server, so the Device tab lists its models and
devices and the Detect tab's runtime picker offers it; when the server is killed mid-stream,
the status bar and the kiosk health strip say the Detect tab is on its local model, and when
it is back."""

# ruff: noqa: F811 (the site server fixtures are imported, then named as arguments)
from __future__ import annotations

import http.server
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from edgestudio.core.site_status import SiteServerInfo
from edgestudio.serve.site_server import SiteServer
from edgestudio.ui.device_panel import DevicePanel
from edgestudio.ui.settings_dialog import SettingsDialog
from edgestudio.ui.site_server_section import ProbeFailure
from tests.site_server_fixtures import (  # noqa: F401
    DETECTOR,
    TOKEN,
    restart_site_server,
    site_server_with_token,
    start_test_server,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def web_page() -> Iterator[str]:
    """A plain web server on 127.0.0.1 that answers every request with an HTML page."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!DOCTYPE html><html><body>Router login</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, name="web-page", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def ask_server(qtbot, dialog: SettingsDialog, url: str, token: str = "") -> object:  # type: ignore[no-untyped-def]
    site = dialog.site
    assert site is not None
    site.url.setText(url)
    site.token.setText(token)
    with qtbot.waitSignal(site.tested, timeout=30_000) as answer:
        site.test_button.click()
    assert not site.busy and site.test_button.isEnabled()
    return answer.args[0]


@pytest.fixture
def dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = SettingsDialog(ctx.config, ctx.config_store, None, ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_test_connection_says_version_models_round_trip_and_what_is_wrong(
    qtbot, dialog: SettingsDialog, site_server_with_token: SiteServer, web_page: str
) -> None:
    server = site_server_with_token
    site = dialog.site
    assert site is not None
    for url in (server.http_url, server.grpc_url):
        info = ask_server(qtbot, dialog, url, TOKEN)
        assert isinstance(info, SiteServerInfo) and info.rtt_ms > 0
        text = site.result.text()
        assert text.startswith(f"Connected: {info.version}, round trip ") and " ms." in text
        assert "triton" in info.version.lower()
        assert any(DETECTOR in m.name for m in info.models)
        assert f"{info.models[0].name}: " in text and "Devices: " in text

    wrong = ask_server(qtbot, dialog, server.http_url, "not-the-token")
    assert isinstance(wrong, ProbeFailure) and wrong.kind == "token"
    assert site.result.text().startswith(f"The site server at {server.http_url} refused the access token.")

    nobody = f"http://127.0.0.1:{free_port()}"
    gone = ask_server(qtbot, dialog, nobody, TOKEN)
    assert isinstance(gone, ProbeFailure) and gone.kind == "unreachable"
    assert site.result.text().startswith(f"No site server answers at {nobody}.")

    page = ask_server(qtbot, dialog, web_page, TOKEN)
    assert isinstance(page, ProbeFailure) and page.kind == "not-an-inference-server"
    assert "answers with a web page or another service, not as an inference server" in site.result.text()

    bad = ask_server(qtbot, dialog, "ftp://example", "")
    assert isinstance(bad, ProbeFailure) and bad.kind == "bad-url"
    assert "is not a site server address" in site.result.text()


def test_saving_points_the_app_at_the_server_for_the_device_tab_and_the_runtime_picker(
    qtbot, ctx, dialog: SettingsDialog, site_server_with_token: SiteServer
) -> None:
    from edgestudio.ui.detect_tab import DetectTab

    server = site_server_with_token
    site = dialog.site
    assert site is not None
    site.url.setText(server.http_url)
    site.token.setText(TOKEN)
    dialog.save()
    assert site.saved and ctx.config.site_server.url == server.http_url
    token_file = Path(ctx.config.site_server.token_file)
    assert token_file.read_text(encoding="utf-8").strip() == TOKEN
    assert not token_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)  # the owner's only
    assert TOKEN not in ctx.paths.user_config_file.read_text(encoding="utf-8")  # never in the TOML

    panel = DevicePanel(ctx.registry, site_check=ctx.probe_site_server)
    qtbot.addWidget(panel)
    with (
        qtbot.waitSignal(panel.report_ready, timeout=120_000) as ready,
        qtbot.waitSignal(panel.site_checked, timeout=60_000) as checked,
    ):
        panel.refresh()
    info = checked.args[0]
    assert isinstance(info, SiteServerInfo)
    text = panel.site.text()
    assert server.http_url in text and "Devices: " in text
    for model in info.models:
        assert f"• {model.name}: " in text
    report = ready.args[0]
    remote = next(s for s in report.statuses if s.id == "remote")
    assert remote.available and remote.devices, remote.reason

    tab = DetectTab(ctx)
    qtbot.addWidget(tab)
    try:
        tab.set_device_report(report)
        runtimes = [tab.runtime.backend.itemData(i) for i in range(tab.runtime.backend.count())]
        assert "remote" in runtimes  # the runtime picker offers the server
    finally:
        tab.shutdown()


def test_the_status_bar_and_health_strip_say_when_detect_falls_back_and_returns(
    qtbot, ctx, tmp_path: Path, street_video: Path
) -> None:
    from edgestudio.core.types import DetectionResult
    from edgestudio.ui.kiosk_health_strip import KioskHealthStrip
    from edgestudio.ui.main_window import MainWindow

    server = start_test_server(tmp_path / "server")
    window = None
    try:
        ctx.save_site_server(server.http_url, "")
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        strip = KioskHealthStrip()
        qtbot.addWidget(strip)
        window.site_state_changed.connect(strip.set_site_state)
        said: list[str] = []
        window.statusBar().messageChanged.connect(said.append)
        window.show()
        tab = window.detect_tab
        qtbot.waitUntil(lambda: tab.start_button.isEnabled(), timeout=120_000)
        tab.runtime.backend.setCurrentIndex(tab.runtime.backend.findData("remote"))
        assert tab.runtime.selection()[0] == "remote"
        tab.source.set_spec("file", str(street_video), True)
        shown: list[DetectionResult] = []
        tab.result_shown.connect(shown.append)
        tab.start()
        qtbot.waitUntil(lambda: len(shown) >= 3, timeout=120_000)
        assert "server:" in tab.model_label.text()

        server.kill()  # kill -9 mid-stream
        qtbot.waitUntil(lambda: window.site_label.isVisible(), timeout=20_000)
        assert window.site_label.text() == "On local models: Detect"
        assert any(
            m.startswith("Detect: the site server stopped answering; using the local model") for m in said
        )
        assert strip.site_label.text() == "⚠ Site server not answering: local models in use"
        before = len(shown)
        qtbot.waitUntil(lambda: len(shown) >= before + 3, timeout=30_000)  # frames go on, locally

        server = restart_site_server(server)
        qtbot.waitUntil(lambda: not window.site_label.isVisible(), timeout=60_000)
        assert "Detect: the site server answers again; back on it." in said
        assert strip.site_label.text() == "Site server: in use"
        tab.stop()
    finally:
        if window is not None:
            window.shutdown()
        server.stop()
