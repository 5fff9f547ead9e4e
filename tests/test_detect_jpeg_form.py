"""The Detect tab on the site server's JPEG form (issue 17, point 2: thin kiosks on Wi-Fi),
against the real ``tritonserver``: Settings > Site server chooses "Each frame as JPEG", the
choice is kept in the user config, Detect's frames then reach the server's JPEG model (its
Triton counters say so, the raw-tensor model's stay still) and the tab shows the detections it
sends back; killed (kill -9), the tab goes on with the same model on this device and the
app-wide observer (status bar, kiosk health strip) hears why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edgestudio.benchmarks.serve import triton_counters
from edgestudio.core import site_protocol as sp
from edgestudio.core.config import ConfigStore
from edgestudio.core.site_status import FallbackState
from edgestudio.core.types import DetectionResult
from edgestudio.serve.site_server import SiteServer
from edgestudio.ui.detect_tab import DetectTab
from edgestudio.ui.site_server_section import SiteServerSection
from tests.site_server_fixtures import DETECTOR, REMOTE, choose_site_server, start_test_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SiteServer]:
    started = start_test_server(tmp_path / "site")
    try:
        yield started
    finally:
        started.stop()


def _served(server: SiteServer, model: str) -> float:
    """Frames the server's ``model`` has answered (Triton's ``nv_inference_count``)."""
    return triton_counters(server.metrics_url, model)[0]


def test_detect_sends_jpeg_frames_when_settings_say_so_and_goes_local_when_the_server_dies(
    qtbot: Any,
    ctx: Any,
    street_video: Path,
    server: SiteServer,
    heard: list[tuple[str, FallbackState]],
) -> None:
    section = SiteServerSection(ctx)
    qtbot.addWidget(section)
    assert section.wire_form.currentData() == "tensors"  # the default
    section.url.setText(server.grpc_url)
    section.wire_form.setCurrentIndex(section.wire_form.findData("jpeg"))
    assert section.changed()
    section.save()
    assert ctx.config.site_server.form == "jpeg"
    kept = ConfigStore(ctx.config_store.user_file).load()  # what a restarted kiosk reads
    assert kept.site_server.form == "jpeg" and kept.site_server.url == server.grpc_url

    tab = DetectTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tensors_model, jpeg_model = sp.triton_model_name(DETECTOR), sp.pipeline_model_name(DETECTOR)
    before = _served(server, jpeg_model), _served(server, tensors_model)
    try:
        tab.set_device_report(ctx.registry.report())
        choose_site_server(tab.runtime)
        tab.source.set_spec("file", str(street_video), True)
        shown: list[DetectionResult] = []
        tab.result_shown.connect(shown.append)
        tab.start()
        qtbot.waitUntil(lambda: len(shown) >= 6, timeout=90_000)
        assert "server" in tab.model_label.text()  # "… on remote / server:CPU"
        jpeg_frames = _served(server, jpeg_model) - before[0]
        assert jpeg_frames >= 6, "Detect's frames went to the server's JPEG model"
        assert _served(server, tensors_model) == before[1], "and none as raw tensors"
        assert any(result.detections for result in shown), "the server's detections are shown"
        assert not heard, "the server answered every frame"

        server.kill()  # kill -9, mid-stream
        count = len(shown)
        qtbot.waitUntil(lambda: len(shown) >= count + 6 and bool(heard), timeout=60_000)
        task, state = heard[0]
        assert task == "detection" and not state.on_server
        assert state.reason.startswith("server unreachable"), state.reason
        assert state.local_runtime not in ("", REMOTE)
        assert any(result.detections for result in shown[count:]), "detected here, on the same model"
        tab.stop()
    finally:
        tab.shutdown()
