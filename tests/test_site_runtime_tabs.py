"""The Faces and Voice tabs on the site server (issue 17, points 4 and 5), against the real
``tritonserver`` (tests/site_server_fixtures.py): their runtime pickers (the one Detect uses)
offer the site server once Settings names one and say why not before; chosen, the face models
and Whisper answer from the server (the results say "remote"); with the server killed
(kill -9), the tab goes on with the model on this device and says so in the tab and to the
app-wide observer that the status bar and the kiosk health strip follow; restarted, the
server answers again. The Voice tab's file worker is a child process: its switches reach the
app through the tab."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import cv2
from PySide6.QtGui import QStandardItemModel

from edgestudio.core.site_status import FallbackState
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.faces.recognize import FacesResult
from edgestudio.tasks.speech.engine import Transcript
from edgestudio.ui.faces_tab import FacesTab
from edgestudio.ui.voice_tab import VoiceTab
from edgestudio.ui.widgets.runtime_picker import RuntimePicker
from tests import face_media
from tests.site_server_fixtures import REMOTE, choose_site_server, restart_site_server, start_test_server
from tests.speech_media import librivox, wer

PIN = "amber-falcon-2468"


def assert_not_offered(picker: RuntimePicker) -> None:
    """No site server in Settings: the picker lists it, disabled, and says why."""
    index = picker.backend.findData(REMOTE)
    model = picker.backend.model()
    assert index >= 0 and isinstance(model, QStandardItemModel)
    assert not model.item(index).isEnabled()
    assert model.item(index).toolTip() == "no site server configured"
    assert picker.backend.itemText(index) == "Site server (unavailable)"
    assert picker.selection()[0] != REMOTE


def test_faces_recognise_on_the_site_server_then_on_this_device_when_it_is_killed(
    qtbot: Any, ctx: Any, tmp_path: Path, heard: list[tuple[str, FallbackState]]
) -> None:
    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    tab.gate.pin.setText(PIN)
    tab.gate.repeat.setText(PIN)
    tab.gate.button.click()
    tab.consent.setChecked(True)
    server: SiteServer | None = None
    try:
        tab.set_device_report(ctx.registry.report())
        assert_not_offered(tab.runtime)
        server = start_test_server(tmp_path / "site", detect="", faces=True)
        ctx.save_site_server(server.http_url, "")
        tab.set_device_report(ctx.registry.report())
        tab.face_embedder.setCurrentIndex(tab.face_embedder.findData("faceres"))  # served; dlib is not
        choose_site_server(tab.runtime)
        assert tab.models.runtimes()[::2] == (REMOTE, REMOTE)

        photo = tmp_path / "grace.png"
        cv2.imwrite(str(photo), face_media.grace())
        with qtbot.waitSignal(tab.enrolled, timeout=60_000):
            tab.enroll_from_photos("Grace", [photo])
        video = face_media.write_video(tmp_path / "live.mp4", [(face_media.grace(), 30)])
        tab.source.set_spec("file", str(video), True)  # looped: frames go on after the kill
        shown: list[FacesResult] = []
        tab.result_shown.connect(shown.append)
        tab.start()
        qtbot.waitUntil(lambda: any(r.faces and r.runtime == REMOTE for r in shown), timeout=60_000)
        served = next(r for r in shown if r.faces and r.runtime == REMOTE)
        assert (served.embedder_runtime, served.fallback_reason) == (REMOTE, "")
        assert [f.name for f in served.faces] == ["Grace"]
        assert not tab.site_note.isVisible() and not heard

        server.kill()  # kill -9 mid-stream
        qtbot.waitUntil(lambda: bool(shown) and shown[-1].runtime not in ("", REMOTE), timeout=20_000)
        local = shown[-1]
        assert local.fallback_reason.startswith("server unreachable"), local.fallback_reason
        qtbot.waitUntil(lambda: tab.site_note.isVisible(), timeout=5_000)
        assert tab.site_note.text().startswith("⚠ The site server does not answer")
        assert "server unreachable" in tab.site_note.toolTip()
        assert ("face-detection", False) in [(task, s.on_server) for task, s in heard]
        before = len(shown)
        qtbot.waitUntil(lambda: len(shown) >= before + 3, timeout=20_000)  # frames go on, locally
        assert shown[-1].faces and shown[-1].faces[0].name == "Grace"

        server = restart_site_server(server)  # back on the same port: the tab returns to it
        qtbot.waitUntil(lambda: shown[-1].runtime == REMOTE, timeout=30_000)
        qtbot.waitUntil(lambda: not tab.site_note.on_local, timeout=5_000)
        assert tab.site_note.text() == "The site server answers again: back on it."
        assert heard[-1][1].on_server
        tab.stop()
    finally:
        tab.shutdown()
        if server is not None:
            server.stop()


def test_voice_transcribes_on_the_site_server_then_on_this_device_when_it_is_killed(
    qtbot: Any, ctx: Any, tmp_path: Path, heard: list[tuple[str, FallbackState]]
) -> None:
    """In the main window: its status bar and the kiosk health strip say it as for Detect."""
    from edgestudio.ui.kiosk_health_strip import KioskHealthStrip
    from edgestudio.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    strip = KioskHealthStrip()
    qtbot.addWidget(strip)
    window.site_state_changed.connect(strip.set_site_state)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.show()
    tab: VoiceTab = window.voice_tab
    window.tabs.setCurrentWidget(tab)
    server: SiteServer | None = None
    wav, reference = librivox()[0]
    try:
        qtbot.waitUntil(lambda: tab.models.runtime.isEnabled(), timeout=60_000)  # the window's check
        assert_not_offered(tab.models.runtime)
        server = start_test_server(tmp_path / "site", detect="", asr="default")
        ctx.save_site_server(server.grpc_url, "")
        tab.set_device_report(ctx.registry.report())
        choose_site_server(tab.models.runtime)

        with qtbot.waitSignal(tab.transcript_finished, timeout=60_000) as done:
            tab.transcribe(wav)  # in the file worker, a child process
        served: Transcript = done.args[0]
        assert served is not None, tab.files.result_label.text()
        assert (served.settings["runtime"], served.settings["fallback_reason"]) == (REMOTE, "")
        assert wer(reference, served.text) <= 0.15
        assert tab.files.result_label.text().endswith("\nTranscribed by the site server.")
        assert not tab.site_note.isVisible() and not heard

        server.kill()  # kill -9: the next file runs on this device
        with qtbot.waitSignal(tab.transcript_finished, timeout=60_000) as done:
            tab.transcribe(wav)
        local: Transcript = done.args[0]
        assert local is not None, tab.files.result_label.text()
        assert local.settings["runtime"] == "faster-whisper"
        assert str(local.settings["fallback_reason"]).startswith("server unreachable")
        assert wer(reference, local.text) <= 0.15
        assert "\nTranscribed on this device: server unreachable" in tab.files.result_label.text()
        qtbot.waitUntil(lambda: tab.site_note.isVisible(), timeout=5_000)
        assert tab.site_note.text().startswith("⚠ The site server does not answer")
        assert [(task, s.on_server) for task, s in heard] == [("speech", False)]
        qtbot.waitUntil(lambda: window.site_label.isVisible(), timeout=5_000)
        assert window.site_label.text() == "On local models: Voice"
        assert any(
            m.startswith("Voice: the site server stopped answering; using the local model") for m in said
        ), said
        assert strip.site_label.text() == "⚠ Site server not answering: local models in use"

        server = restart_site_server(server)
        time.sleep(1.2)  # the first pause before a file asks the server again
        with qtbot.waitSignal(tab.transcript_finished, timeout=60_000) as done:
            tab.transcribe(wav)
        assert done.args[0] is not None and done.args[0].settings["runtime"] == REMOTE
        qtbot.waitUntil(lambda: not window.site_label.isVisible(), timeout=5_000)
        assert "Voice: the site server answers again; back on it." in said
        assert strip.site_label.text() == "Site server: in use"
        assert tab.site_note.text() == "The site server answers again: back on it."
        assert tab.saved.list.count() == 3  # each kept in the history
    finally:
        window.shutdown()
        if server is not None:
            server.stop()


def test_faces_with_the_site_server_gone_from_the_start_run_here_and_say_so(
    qtbot: Any, ctx: Any, tmp_path: Path, heard: list[tuple[str, FallbackState]]
) -> None:
    """A site server named in Settings that does not answer: the picker still offers it (the
    models start on this device and join the server once it answers), and the switch names
    the face models' task, so the Faces tab and the status bar say it is the Faces tab."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        nobody = f"http://127.0.0.1:{sock.getsockname()[1]}"
    ctx.save_site_server(nobody, "")
    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.gate.pin.setText(PIN)
    tab.gate.repeat.setText(PIN)
    tab.gate.button.click()
    try:
        tab.set_device_report(ctx.registry.report())
        choose_site_server(tab.runtime)
        video = face_media.write_video(tmp_path / "live.mp4", [(face_media.grace(), 30)])
        tab.source.set_spec("file", str(video), True)
        shown: list[FacesResult] = []
        tab.result_shown.connect(shown.append)
        tab.start()
        qtbot.waitUntil(lambda: len(shown) >= 3, timeout=30_000)
        assert shown[-1].runtime not in ("", REMOTE) and shown[-1].faces
        assert shown[-1].fallback_reason.startswith("server unreachable")
        qtbot.waitUntil(lambda: tab.site_note.isVisible(), timeout=5_000)
        assert {task for task, _ in heard} == {"face-detection"}
        tab.stop()
    finally:
        tab.shutdown()


def test_detect_with_the_site_server_gone_from_the_start_names_its_task(
    qtbot: Any, ctx: Any, street_video: Path, heard: list[tuple[str, FallbackState]]
) -> None:
    """The Detect tab on a site server that never answered: its switch to the local model
    names object detection (the status bar says "Detect", not "A model")."""
    import socket

    from edgestudio.ui.detect_tab import DetectTab

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        nobody = f"http://127.0.0.1:{sock.getsockname()[1]}"
    ctx.save_site_server(nobody, "")
    tab = DetectTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    try:
        tab.set_device_report(ctx.registry.report())
        choose_site_server(tab.runtime)
        tab.source.set_spec("file", str(street_video), True)
        shown: list[object] = []
        tab.result_shown.connect(shown.append)
        tab.start()
        qtbot.waitUntil(lambda: len(shown) >= 2 and bool(heard), timeout=60_000)
        assert {task for task, _ in heard} == {"detection"}
        assert not heard[0][1].on_server and heard[0][1].reason.startswith("server unreachable")
        tab.stop()
    finally:
        tab.shutdown()
