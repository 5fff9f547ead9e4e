"""The Optimize wizard on the real default detector: every page walked with a fast plan (the
original and OpenVINO FP32, few pictures, two timing rounds) in the real child process, a
passed candidate deployed and used by the Detect tab, rolled back; Cancel kills the child
within a second; a failing child's message is shown on the page."""

from __future__ import annotations

import json
import time
from pathlib import Path

import psutil
import pytest
from PySide6.QtWidgets import QWizard

from edgestudio.core.messages import Text
from edgestudio.core.types import DetectionResult
from edgestudio.optimize.types import Candidate
from edgestudio.ui.main_window import MainWindow
from edgestudio.ui.optimize_pages.state import WizardState
from edgestudio.ui.optimize_pages.target_page import TargetPage
from edgestudio.ui.optimize_wizard import OptimizeWizard
from tests.test_i18n import chinese, compiled_translations  # noqa: F401 - fixtures

DEFAULT_DETECTOR = "centernet-coco"
FAST_CANDIDATE = "openvino-fp32-cpu"  # a conversion only: no calibration, passes the gate
SLOW_CANDIDATE = "openvino-nncf-int8-cpu"  # calibration takes long enough to cancel during it


@pytest.fixture
def window(qtbot, ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.detect_tab.start_button.isEnabled(), timeout=60_000)
    yield win
    win.shutdown()


def list_candidates(qtbot, wizard: OptimizeWizard) -> None:  # type: ignore[no-untyped-def]
    """From the model page to the target page, waiting for the child's candidate list."""
    wizard.next()
    assert wizard.currentPage() is wizard.target_page
    qtbot.waitUntil(lambda: wizard.target_page.job is None and bool(wizard.state.candidates), timeout=60_000)


def detections_of(qtbot, window: MainWindow, video: Path) -> tuple[set[str], str]:  # type: ignore[no-untyped-def]
    """The labels the Detect tab finds in ``video`` and the loaded-model line."""
    tab = window.detect_tab
    tab.source.set_spec("file", str(video), True)
    shown: list[DetectionResult] = []
    tab.result_shown.connect(shown.append)
    tab.start()
    qtbot.waitUntil(lambda: sum(1 for r in shown if r.detections) >= 3, timeout=120_000)
    tab.stop()
    tab.result_shown.disconnect(shown.append)
    return {d.label for r in shown for d in r.detections}, tab.model_label.text()


def test_wizard_walks_every_page_deploys_to_detect_and_rolls_back(
    qtbot, window: MainWindow, street_video: Path, tmp_path: Path
) -> None:
    original_labels, original_loaded = detections_of(qtbot, window, street_video)
    assert "person" in original_labels
    assert original_loaded.startswith(window.ctx.models.get(DEFAULT_DETECTOR).name + " on ")
    window.detect_tab.models.optimize_button.click()  # from the Detect tab's model picker
    wizard = window.optimize_wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.model_page.model.currentData() == DEFAULT_DETECTOR
    assert wizard.model_page.task.currentData() == "detect"

    list_candidates(qtbot, wizard)
    by_id = {c.id: c for c in wizard.state.candidates}
    assert by_id["onnxruntime-fp32-cpu"].baseline
    tensorrt = by_id["tensorrt-fp16-cuda"]
    assert not tensorrt.available and tensorrt.reason
    trt_row = next(i for i, c in enumerate(wizard.state.candidates) if c.id == tensorrt.id)
    assert tensorrt.reason in wizard.target_page.table.item(trt_row, 3).text()
    wizard.target_page.set_checked({FAST_CANDIDATE})
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()

    data = wizard.data_page
    assert wizard.currentPage() is data
    empty = tmp_path / "empty"
    empty.mkdir()
    data.calibration.use(str(empty))
    wizard.next()  # refused early, with the reason
    assert wizard.currentPage() is data
    assert "holds no pictures" in data.error.text()
    data.calibration.use("")
    data.calibration.count.setValue(4)
    data.validation.count.setValue(8)
    data.rounds.setValue(2)
    wizard.next()

    build = wizard.build_page
    assert wizard.currentPage() is build
    assert build.pid is not None
    qtbot.waitUntil(build.isComplete, timeout=240_000)
    assert build.error.text() == ""
    report = wizard.state.report
    assert report is not None
    fast = next(r for r in report.results if r.candidate.id == FAST_CANDIDATE)
    assert fast.status == "passed" and fast.deployable and fast.speed is not None
    stages = [build.table.item(row, 1).text() for row in range(build.table.rowCount())]
    assert stages == ["passed", "passed"]
    wizard.next()

    results = wizard.results_page
    assert wizard.currentPage() is results
    texts = [
        [results.table.item(r, c).text() for c in range(results.table.columnCount())]
        for r in range(results.table.rowCount())
    ]
    fast_row = next(row for row in texts if row[0] == fast.candidate.label)
    assert fast_row[8].lower().startswith("passed") and "mAP@0.5" in fast_row[3] and fast_row[6].endswith("×")
    assert "evidence" in fast_row[8].lower() and "95% interval" in fast_row[8]  # objects, pictures, interval
    assert fast.gate is not None and fast.gate.metrics["reference_detections"] > 0
    assert any(row[8].startswith("unavailable: no NVIDIA GPU") for row in texts)  # TensorRT, with its reason
    assert results.recommendation.text()
    html = results.save_report()
    assert html.is_file() and "<svg" in html.read_text(encoding="utf-8")
    results.table.selectRow(next(i for i, row in enumerate(texts) if row[0] == fast.candidate.label))
    wizard.next()

    deploy = wizard.deploy_page
    assert wizard.currentPage() is deploy
    assert deploy.candidate.currentData() == FAST_CANDIDATE
    assert "nothing deployed" in deploy.active.text() and not deploy.rollback_button.isEnabled()
    changes: list[tuple[str, object, str]] = []
    wizard.deployment_changed.connect(lambda *args: changes.append(args))
    deploy.deploy_button.click()
    qtbot.waitUntil(lambda: bool(changes), timeout=60_000)
    task, active, source_id = changes[-1]
    assert task == "detect" and source_id == DEFAULT_DETECTOR
    assert active is not None and active.candidate_id == FAST_CANDIDATE
    assert fast.candidate.label in deploy.active.text() and deploy.rollback_button.isEnabled()

    tab = window.detect_tab
    assert tab.models.current_id() == active.model_id != DEFAULT_DETECTOR
    assert tab.runtime.selection()[0] == "openvino"
    assert tab.confidence.value() == pytest.approx(active.settings["confidence"], abs=0.01)
    deployed_labels, deployed_loaded = detections_of(qtbot, window, street_video)
    deployed_name = window.ctx.models.get(active.model_id).name
    assert deployed_loaded.startswith(deployed_name + " on openvino")
    assert "person" in deployed_labels and deployed_labels <= original_labels | {"person"}

    deploy.rollback_button.click()
    task, active, source_id = changes[-1]
    assert task == "detect" and active is None
    assert tab.models.current_id() == DEFAULT_DETECTOR
    assert "nothing deployed" in deploy.active.text()
    wizard.close()


def test_cancel_during_the_build_stops_the_child_within_a_second(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    wizard = OptimizeWizard(ctx, "detect", DEFAULT_DETECTOR)
    qtbot.addWidget(wizard)
    wizard.show()
    list_candidates(qtbot, wizard)
    wizard.target_page.set_checked({SLOW_CANDIDATE})
    wizard.next()
    wizard.state.use_cache = False
    wizard.next()
    build = wizard.build_page
    pid = build.pid
    assert pid is not None
    row = {build.table.item(r, 0).text(): r for r in range(build.table.rowCount())}
    slow_label = next(c.label for c in wizard.state.candidates if c.id == SLOW_CANDIDATE)
    qtbot.waitUntil(lambda: build.table.item(row[slow_label], 1).text() == "calibrating", timeout=120_000)
    started = time.monotonic()
    build.cancel_button.click()
    assert time.monotonic() - started < 1.0
    assert not psutil.pid_exists(pid)
    assert "Cancelled" in build.now.text() and not build.isComplete()
    assert build.retry_button.isEnabled() and not build.cancel_button.isEnabled()
    assert ctx.models.list("detection") == [ctx.models.get(DEFAULT_DETECTOR)]  # nothing half-built stored


def test_a_failing_child_shows_its_message_on_the_page(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    wizard = OptimizeWizard(ctx, "detect", DEFAULT_DETECTOR)
    qtbot.addWidget(wizard)
    wizard.show()
    list_candidates(qtbot, wizard)
    wizard.target_page.set_checked({FAST_CANDIDATE})
    wizard.next()
    wizard.state.model_id = "no-such-model"  # the child refuses it
    wizard.next()
    build = wizard.build_page
    qtbot.waitUntil(lambda: build.job is None, timeout=60_000)
    assert "'no-such-model' is neither a stored model nor a file" in build.error.text()
    assert "centernet-coco" in build.error.text()  # the hint names the stored models
    assert not build.isComplete() and build.retry_button.isEnabled()


def test_the_model_page_lists_centerface_for_faces(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    wizard = OptimizeWizard(ctx, "faces")
    qtbot.addWidget(wizard)
    page = wizard.model_page
    assert page.task.currentData() == "faces"
    assert page.model.itemData(0) == "centerface" and page.model.itemText(0) == "CenterFace"
    assert wizard.state.model_id == "centerface" and page.isComplete()
    page.task.setCurrentIndex(page.task.findData("detect"))
    assert page.model.itemData(0) == DEFAULT_DETECTOR  # the configured detector first


def test_the_grid_button_runs_the_benchmark_grid_in_a_child(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    wizard = OptimizeWizard(ctx, "detect", DEFAULT_DETECTOR)
    qtbot.addWidget(wizard)
    results = wizard.results_page
    results.initializePage()
    assert results.grid_button.isEnabled()
    results.grid_button.click()
    dialog = results.grid_dialog
    assert dialog is not None and dialog.isVisible() and dialog.job is None
    dialog.sizes.setText("320,300")
    dialog.backends.setText("onnxruntime")
    dialog.frames.setValue(2)
    dialog.run_button.click()
    assert dialog.job is not None and not dialog.run_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=300_000)
    cells = {
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 2).text()): dialog.table.item(r, 9).text()
        for r in range(dialog.table.rowCount())
    }
    assert cells[("onnxruntime-fp32-cpu", "512")] == "the reference"
    assert "raw heads" in cells[("onnxruntime-fp32-cpu", "320")]
    assert "300x300" in cells[("onnxruntime-fp32-cpu", "300")]  # cannot run, and why
    assert "edgestudio optimize" in cells[("onnxruntime-int8-cpu", "320")]  # not built yet
    assert [size for size, _ in dialog.plot.series()["onnxruntime-fp32-cpu"]] == [320, 512]
    assert dialog.status.text().startswith("Done in")
    wizard.close()


def test_the_target_page_names_candidates_in_chinese(qtbot, ctx, chinese) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Candidate names come from the optimizer's child as JSON with their templates; the target
    page lists them in the GUI's language, an input-size candidate's size included (they were
    shown in English)."""
    sized_label = Text("ONNX Runtime FP32 at {size}x{size}, CPU", size=320)  # converters/source.py
    listed = [
        Candidate(
            "openvino-fp32-cpu", "detect", "OpenVINO IR FP32, CPU", "openvino", "CPU", "openvino-ir", "fp32"
        ),
        Candidate("onnxruntime-fp32-cpu-320", "detect", sized_label, "onnxruntime", "cpu", "onnx", "fp32"),
    ]
    state = WizardState(ctx)
    state.candidates = [Candidate.from_dict(json.loads(json.dumps(c.to_dict()))) for c in listed]
    page = TargetPage(state)
    qtbot.addWidget(page)
    page._fill()
    names = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    assert names == ["OpenVINO IR FP32，CPU", "ONNX Runtime FP32，输入 320x320，CPU"], names
