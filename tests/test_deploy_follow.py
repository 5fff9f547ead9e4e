"""Deployments reach every tab (issue 19, point 7) through one observable, the context's
``Deployments``: a Faces tab whose session is already loaded follows a deploy from the real
Optimize wizard (its next recognition runs the deployed detector artifact, an OpenVINO IR the
real optimizer built and gated) and a rollback made by another process (the real CLI); the
Detect, Voice and Chat tabs follow their tasks' deployments; the observable itself hears
changes from any thread and from the file."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import cv2
import pytest

from edgestudio.core.deployments import Deployment, DeploymentChange, Deployments
from edgestudio.core.types import TASK_CHAT, TASK_DETECTION, TASK_FACE_DETECTION, TASK_SPEECH
from edgestudio.optimize.planners import PlanOptions, planner_for
from edgestudio.optimize.run import make_context, resolve_source, run_plan
from edgestudio.optimize.types import OptimizeReport
from edgestudio.tasks.faces.detector import prepare_centerface
from edgestudio.tasks.faces.recognize import FacesResult
from edgestudio.ui.main_window import MainWindow
from tests import face_media

PIN = "amber-falcon-2468"
IR_FP32 = "openvino-fp32-f32-cpu"


class _Events:
    def emit(self, event: str, **fields: object) -> None:
        pass


def faces_report(home: Path) -> tuple[OptimizeReport, str]:
    """A real faces plan: CenterFace converted to an OpenVINO IR, gated on the packaged photos."""
    plan_ctx = make_context(str(home))
    source = resolve_source(plan_ctx, "centerface", "faces", str(home))
    candidates = {
        c.id for c in planner_for("faces").candidates(plan_ctx, source, plan_ctx.registry.hardware())
    }
    ir = IR_FP32 if IR_FP32 in candidates else "openvino-fp32-cpu"
    options = PlanOptions(calibration_count=4, validation_count=6, benchmark_rounds=2, only=(ir,))
    report = run_plan(plan_ctx, "faces", source, options, _Events())
    result = next(r for r in report.results if r.candidate.id == ir)
    assert result.deployable, result.message
    return report, ir


@pytest.fixture
def window(qtbot, ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.device_panel.report is not None, timeout=120_000)
    yield win
    win.shutdown()


def unlock_and_enroll_grace(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = window.faces_tab
    window.tabs.setCurrentWidget(tab)
    tab.gate.pin.setText(PIN)
    tab.gate.repeat.setText(PIN)
    tab.gate.button.click()
    assert tab.stack.currentIndex() == 1
    tab.consent.setChecked(True)
    photo = tmp_path / "grace.png"
    cv2.imwrite(str(photo), face_media.grace())
    with qtbot.waitSignal(tab.enrolled, timeout=60_000):
        tab.enroll_from_photos("Grace", [photo])


def loaded_deployment(window: MainWindow) -> str | None:
    """The face detector deployment the Faces tab's loaded session runs ("" = CenterFace
    itself), or None while none is loaded."""
    session = window.faces_tab._slot.session
    if session is None or session.info is None:
        return None
    return str(session.info.details.get("face_detector_deployment"))


def recognised_after(qtbot, window: MainWindow, deployment: str) -> FacesResult:  # type: ignore[no-untyped-def]
    """The first result naming Grace once the session on ``deployment`` is loaded."""
    seen: list[FacesResult] = []

    def take(result: FacesResult) -> None:
        if loaded_deployment(window) == deployment and any(f.name == "Grace" for f in result.faces):
            seen.append(result)

    window.faces_tab.result_shown.connect(take)
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=120_000)
    finally:
        window.faces_tab.result_shown.disconnect(take)
    return seen[0]


def test_a_loaded_faces_session_follows_a_wizard_deploy_and_a_cli_rollback(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    home = Path(os.environ["EDGESTUDIO_HOME"])
    report, ir = faces_report(home)
    unlock_and_enroll_grace(qtbot, window, tmp_path)
    tab = window.faces_tab
    said: list[str] = []
    tab.status_message.connect(said.append)
    video = face_media.write_video(tmp_path / "grace.mp4", [(face_media.grace(), 30)])
    tab.source.set_spec("file", str(video), True)
    tab.start()
    recognised_after(qtbot, window, "")  # CenterFace itself, loaded and recognising
    detect_model = window.detect_tab.models.current_id()

    wizard = window.open_optimizer("faces", "centerface")
    wizard.state.report, wizard.state.selected = report, ir
    deploy = wizard.deploy_page
    deploy.initializePage()
    assert deploy.candidate.currentData() == ir
    deploy.deploy_selected()  # the copy and the deployments file are written on a worker thread
    qtbot.waitUntil(lambda: not deploy.busy, timeout=60_000)
    active = window.ctx.deployments.active("faces")
    assert active is not None and active.candidate_id == ir
    # the running recognition reloaded: its next results come from the deployed IR
    recognised_after(qtbot, window, ir)
    info = tab._slot.session.info  # type: ignore[union-attr]
    assert info is not None and info.backend == "openvino" and f"optimized: {ir}" in info.model_name
    assert Path(active.path).is_relative_to(window.ctx.paths.models_dir)  # the stored artifact
    assert f"The face detector is now {active.label}. Recognition reloads the face models now." in said
    assert window.detect_tab.models.current_id() == detect_model  # other tabs ignore the faces change

    # a rollback by another process (the CLI) while the tab is idle with its session loaded
    tab.stop()
    assert loaded_deployment(window) == ir
    env = {**os.environ, "EDGESTUDIO_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "edgestudio", "models", "rollback", "--task", "faces", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: tab._slot.session is None, timeout=10_000)  # the stale session is closed
    assert "The face detector is now the original model. The next recognition loads it." in said
    tab.start()
    recognised_after(qtbot, window, "")  # the next recognition loads CenterFace again
    tab.stop()
    wizard.close()


def test_a_deploy_during_an_enrollment_waits_for_it_to_end(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A camera enrollment keeps its session; the deployment applies when it ends."""
    unlock_and_enroll_grace(qtbot, window, tmp_path)
    tab = window.faces_tab
    said: list[str] = []
    tab.status_message.connect(said.append)
    video = face_media.write_video(tmp_path / "camera.mp4", [(face_media.eileen(), 60)])
    tab.source.set_spec("file", str(video), False)
    judged: list[object] = []
    tab.capture_judged.connect(judged.append)
    tab.enroll_from_camera("Eileen")
    qtbot.waitUntil(lambda: bool(judged), timeout=60_000)
    session = tab._slot.session
    copy = tmp_path / "centerface-copy.onnx"  # the real CenterFace, as a deployed artifact
    copy.write_bytes(prepare_centerface(window.ctx.paths.models_dir).read_bytes())
    window.ctx.deployments.push(
        Deployment(
            "faces",
            "centerface-copy",
            str(copy),
            "onnx",
            "CenterFace copy on ONNX Runtime",
            candidate_id="onnxruntime-copy",
            source_id="centerface",
            settings={"backend": "onnxruntime", "device": "cpu"},
        )
    )
    assert said[-1].endswith("It is used once this enrollment ends.")
    assert tab._slot.session is session and tab.enrolling == "Eileen"
    with qtbot.waitSignal(tab.enrolled, timeout=90_000):
        pass
    # the enrollment ended and recognition goes on, now on the deployed copy
    qtbot.waitUntil(lambda: loaded_deployment(window) == "onnxruntime-copy", timeout=60_000)
    assert tab._slot.session.info.backend == "onnxruntime"  # type: ignore[union-attr]
    tab.stop()
    window.ctx.deployments.rollback("faces")


def test_detect_voice_and_chat_follow_their_deployments(qtbot, window: MainWindow) -> None:
    ctx = window.ctx
    detect = window.detect_tab
    entry = ctx.models.get("centernet-coco")
    window.tabs.setCurrentWidget(detect)
    # from a worker thread, as the wizard deploys: the change reaches the GUI thread queued
    pushed = threading.Thread(
        target=ctx.deployments.push,
        args=(
            Deployment(
                "detect",
                entry.id,
                str(entry.path),
                entry.format,
                "CenterNet tuned",
                source_id=entry.id,
                settings={"confidence": 0.27},
            ),
        ),
    )
    pushed.start()
    pushed.join()
    qtbot.waitUntil(lambda: abs(detect.confidence.value() - 0.27) < 0.011, timeout=5_000)
    assert "Now using CenterNet tuned" in window.statusBar().currentMessage()

    voice = window.voice_tab
    model_path = voice.models.model.currentData()
    assert model_path, "the packaged Whisper model is installed"
    ctx.deployments.push(
        Deployment(
            "asr",
            "tiny",
            str(model_path),
            "ctranslate2",
            "Whisper int8_float32",
            settings={"compute_type": "int8_float32", "threads": 1},
        )
    )
    choice = voice.models.choice()
    assert choice is not None and choice[1].compute_type == "int8_float32" and choice[1].threads == 1
    ctx.deployments.rollback("asr")
    assert voice.models.compute.currentData() == "" and voice.models.threads.value() == 0

    chat = window.chat_tab
    window.tabs.setCurrentWidget(chat)
    combo = chat.models.combo
    local, server = combo.itemData(0), combo.itemData(combo.count() - 1)
    assert local and server and local != server, "a packaged GGUF model and the chat server entry"
    combo.setCurrentIndex(combo.count() - 1)  # the user is on a chat server
    ctx.deployments.push(Deployment("chat", local, "", "gguf", "Chat Q4", source_id=server))
    assert chat.models.current_id() == local
    assert "Chat now uses Chat Q4; it loads with the next question." in window.statusBar().currentMessage()
    ctx.deployments.rollback("chat")
    assert chat.models.current_id() == server
    ctx.deployments.rollback("detect")
    assert detect.models.current_id() == entry.id


def test_the_observable_hears_every_change_once_from_any_thread_and_from_the_file(tmp_path: Path) -> None:
    deployments = Deployments(tmp_path / "deployments.json")
    heard: list[DeploymentChange] = []
    unsubscribe = deployments.subscribe(heard.append)
    deployments.subscribe(lambda _change: 1 / 0)  # a failing listener never undoes a change
    first = Deployment("faces", "a", "/a", "onnx", "A", candidate_id="ca", source_id="centerface")
    worker = threading.Thread(target=deployments.push, args=(first,))
    worker.start()
    worker.join()
    assert [c.task for c in heard] == [TASK_FACE_DETECTION] and heard[0].active is not None
    assert heard[0].active.candidate_id == "ca" and not heard[0].rolled_back
    assert deployments.check() == []  # nothing new in the file
    # another process (its own Deployments on the same file) deploys, then rolls back twice
    other = Deployments(tmp_path / "deployments.json")
    other.push(Deployment("detect", "d", "/d", "onnx", "D", source_id="centernet-coco"))
    changes = deployments.check()
    assert [(c.task, c.model_id) for c in changes] == [(TASK_DETECTION, "d")]
    other.rollback("detect")
    other.rollback("faces")
    changes = deployments.check()
    assert {c.task for c in changes} == {TASK_DETECTION, TASK_FACE_DETECTION}
    assert all(c.active is None and c.rolled_back for c in changes)
    assert {c.model_id for c in changes} == {"centernet-coco", "centerface"}  # back to the sources
    assert heard[-2:] == changes
    unsubscribe()
    deployments.push(Deployment("chat", "c", "/c", "gguf", "C"))
    assert TASK_CHAT not in {c.task for c in heard} and TASK_SPEECH not in {c.task for c in heard}
