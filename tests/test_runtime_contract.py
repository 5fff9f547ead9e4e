"""The runtime contract: backends describe themselves (tasks, formats, rank), a runtime
installed as a real distribution joins everywhere without an edit, the tasks load through
the registry by rank with an override, and the main window only knows the tab protocol."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QWidget

from edgestudio.backends.dlib_backend import DlibBackend
from edgestudio.backends.onnxruntime_backend import OnnxRuntimeBackend
from edgestudio.backends.registry import BUILTIN_BACKENDS, BackendRegistry
from edgestudio.backends.whisper_backend import FasterWhisperBackend
from edgestudio.core.deployments import Deployment
from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.hardware import DeviceReport, HardwareProfile
from edgestudio.core.types import (
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    TASK_FACE_EMBEDDING,
    TASK_SPEECH,
    BackendStatus,
    Rank,
)

ROOT = Path(__file__).resolve().parents[1]
FAKE_FORMAT = "fake-tensor-blob"
FORMAT_IDS = {"onnx", "openvino-ir", "ncnn", "tflite", "tensorrt-plan", "gguf", "ctranslate2", "dlib"}

FAKE_MODULE = '''
"""A runtime EdgeStudio has never heard of: it serves detection for its own format."""
from pathlib import Path
from typing import ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.core.types import BackendStatus, DeviceOption, ModelIO, Rank, TensorInfo


class FakeRunner(Runner):
    def __init__(self, device):
        self.device = device
        self.metadata = ModelIO((TensorInfo("images", (1, 3, 64, 64), "tensor(float)"),),
                                (TensorInfo("boxes", (1, 0, 6), "tensor(float)"),))

    def run(self, inputs):
        return {"boxes": np.zeros((1, 0, 6), np.float32)}

    def close(self):
        pass


class FakeBackend(Backend):
    id: ClassVar[str] = "fake-npu"
    name: ClassVar[str] = "Fake NPU runtime"
    tasks: ClassVar[tuple] = ("detection",)
    formats: ClassVar[tuple] = ("FAKE_FORMAT",)

    def probe(self):
        devices = (DeviceOption("npu0", "Fake NPU 0", True),)
        return BackendStatus(self.id, self.name, True, "0.1", devices)

    def rank(self, profile, status, task):
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        return self.ranked(task, "npu0", 99, "The fake NPU beats everything (test runtime).")

    def load(self, artifact: Path, device: str = "", **options):
        return FakeRunner(device or "npu0")
'''.replace("FAKE_FORMAT", FAKE_FORMAT)


@pytest.fixture
def fake_runtime_site(tmp_path: Path) -> Path:
    """A folder holding an installed distribution, as pip leaves it: the module and its
    ``fake_runtime-0.1.dist-info`` with METADATA and entry_points.txt."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "fake_runtime.py").write_text(FAKE_MODULE)
    info = site / "fake_runtime-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-runtime\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[edgestudio.backends]\nfake-npu = fake_runtime:FakeBackend\n")
    (info / "RECORD").write_text("")
    return site


def test_fake_runtime_distribution_appears_in_doctor_and_wins_the_recommendation(
    fake_runtime_site: Path, tmp_path: Path
) -> None:
    env = {
        "EDGESTUDIO_HOME": str(tmp_path / "home"),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(fake_runtime_site),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "edgestudio", "doctor", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    fake = next(b for b in report["backends"] if b["id"] == "fake-npu")
    assert fake["available"] and fake["tasks"] == ["detection"] and fake["formats"] == [FAKE_FORMAT]
    detection = next(r for r in report["recommendations"] if r["task"] == TASK_DETECTION)
    assert (detection["backend"], detection["device"]) == ("fake-npu", "npu0")
    assert "fake NPU" in detection["reason"]
    text = subprocess.run(
        [sys.executable, "-m", "edgestudio", "doctor"], capture_output=True, text=True, timeout=180, env=env
    )
    assert f"tasks: detection; formats: {FAKE_FORMAT}" in text.stdout


def test_fake_runtime_distribution_is_listed_in_the_detect_tab(
    qtbot: Any, ctx: Any, fake_runtime_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edgestudio.ui.main_window import MainWindow

    monkeypatch.syspath_prepend(str(fake_runtime_site))
    ctx.registry = BackendRegistry()  # discovers the distribution through its entry point
    assert "fake-npu" in ctx.registry.runtimes_for(TASK_DETECTION, FAKE_FORMAT)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    try:
        picker = window.detect_tab.runtime
        qtbot.waitUntil(lambda: window.device_panel.report is not None, timeout=120_000)
        ids = [picker.backend.itemData(i) for i in range(picker.backend.count())]
        assert "fake-npu" in ids and "onnxruntime" in ids
        report = window.device_panel.report
        assert report is not None
        detection = report.recommendation(TASK_DETECTION)
        assert detection is not None and detection.backend == "fake-npu"
        # The default model is ONNX: the fake runtime is listed, disabled, with the reason,
        # and the best runtime that reads ONNX is selected instead.
        assert not picker.usable("fake-npu")
        model = picker.backend.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(ids.index("fake-npu"))
        assert not item.isEnabled() and FAKE_FORMAT in item.toolTip() and "onnx" in item.toolTip()
        assert picker.selection()[0] in ("openvino", "onnxruntime")
        # A model in its format makes it usable and, ranked best, selected.
        picker.set_model_format(FAKE_FORMAT)
        assert picker.selection() == ("fake-npu", "npu0")
        assert picker.reason.text().startswith("Recommended: The fake NPU")
    finally:
        window.shutdown()


def test_no_backend_id_is_written_in_core_or_the_main_window() -> None:
    files = [*sorted((ROOT / "edgestudio" / "core").rglob("*.py")), ROOT / "edgestudio/ui/main_window.py"]
    # A backend may share its name with the format it loads ("ncnn"); format ids are fine here.
    names = [b for b in BUILTIN_BACKENDS if b not in FORMAT_IDS]
    pattern = re.compile("|".join(rf"""["']{re.escape(backend)}["']""" for backend in names))
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)


def _profile() -> HardwareProfile:
    return HardwareProfile("Linux", "x86_64", "CPU", 2, 4, {"avx2": True}, 8000, 6000)


class _PreferredOrt(OnnxRuntimeBackend):
    id = "second-onnx"
    name = "A second ONNX runtime"

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        return self.ranked(task, "cpu", 95, "test: ranks above every built-in")


def test_choose_takes_the_best_rank_and_honours_an_override() -> None:
    registry = BackendRegistry(plugins=False)
    registry.register("second-onnx", _PreferredOrt)
    choice = registry.choose(TASK_FACE_DETECTION, "onnx", profile=_profile())
    assert (choice.backend.id, choice.device) == ("second-onnx", "cpu")
    override = registry.choose(TASK_FACE_DETECTION, "onnx", backend="onnxruntime", device="cpu")
    assert override.backend.id == "onnxruntime" and override.reason == "chosen by you"
    with pytest.raises(BackendUnavailable, match=r"does not serve this task \(Speech\)"):
        registry.choose(TASK_SPEECH, backend="onnxruntime")
    with pytest.raises(BackendUnavailable, match="cannot read gguf models"):
        registry.choose(TASK_DETECTION, "gguf", backend="openvino")
    with pytest.raises(BackendUnavailable, match="No installed runtime runs object detection"):
        registry.choose(TASK_DETECTION, "no-such-format")


def test_a_failing_rank_is_unranked_not_fatal() -> None:
    class Broken(OnnxRuntimeBackend):
        id = "broken-rank"

        def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
            raise RuntimeError("boom")

    registry = BackendRegistry(plugins=False)
    registry.register("broken-rank", Broken)
    report = registry.report(_profile())
    broken = [r for r in report.ranks if r.backend == "broken-rank"]
    assert broken and all(not r.ranked and "boom" in r.reason for r in broken)
    detection = report.recommendation(TASK_DETECTION)
    assert detection is not None and detection.backend in ("openvino", "onnxruntime")


def test_a_second_face_detector_and_embedder_join_without_editing_the_task(tmp_path: Path) -> None:
    from edgestudio.tasks.faces.recognize import build_face_recognizer

    class SecondDlib(DlibBackend):
        id = "second-dlib"

        def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
            return self.ranked(task, "cpu", 95, "test: ranks above dlib")

    registry = BackendRegistry(plugins=False)
    registry.register("second-onnx", _PreferredOrt)
    registry.register("second-dlib", SecondDlib)
    recognizer = build_face_recognizer(registry, tmp_path)
    try:
        assert recognizer.detector.backend == "second-onnx"
        assert recognizer.embedder.backend == "second-dlib"
        assert recognizer.info.backend == "second-onnx"
    finally:
        recognizer.close()
    pinned = build_face_recognizer(registry, tmp_path, "onnxruntime", embedder_backend="dlib")
    try:
        assert (pinned.detector.backend, pinned.embedder.backend) == ("onnxruntime", "dlib")
        embeddings, chips = pinned.embedder.embed(np.zeros((200, 200, 3), np.uint8), [])
        assert embeddings.shape == (0, 128) and chips == []
    finally:
        pinned.close()


def test_a_second_speech_engine_joins_by_rank() -> None:
    from edgestudio.core.hardware import probe_hardware
    from edgestudio.tasks.speech.engine import build_speech_engine, choose_settings
    from edgestudio.tasks.speech.models import default_speech_model

    class SecondWhisper(FasterWhisperBackend):
        id = "second-whisper"

        def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
            return self.ranked(task, "cpu", 95, "test: ranks above faster-whisper")

    model = default_speech_model()
    assert model is not None
    registry = BackendRegistry(plugins=False)
    registry.register("second-whisper", SecondWhisper)
    settings = choose_settings(probe_hardware(), cuda_available=False)
    engine = build_speech_engine(registry, model.path, settings, lambda _item: None)
    try:
        assert engine.info.backend == "second-whisper"
    finally:
        engine.close()
    pinned = build_speech_engine(registry, model.path, settings, lambda _item: None, "faster-whisper")
    try:
        assert pinned.info.backend == "faster-whisper"
    finally:
        pinned.close()


class _ExtraTab(QWidget):
    status_message = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Extra")
        self.reports: list[DeviceReport] = []
        self.changes: list[object] = []
        self.shut = False

    def set_device_report(self, report: DeviceReport) -> None:
        self.reports.append(report)

    def apply_deployment(self, change: object) -> None:
        self.changes.append(change)

    def shutdown(self) -> None:
        self.shut = True


def test_a_new_tab_is_one_add_tab_call(qtbot: Any, ctx: Any) -> None:
    from edgestudio.ui.main_window import MainWindow
    from edgestudio.ui.tab_protocol import AppTab

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    try:
        assert all(isinstance(tab, AppTab) for tab in window.app_tabs)
        extra = window.add_tab(_ExtraTab())
        assert window.tabs.tabText(window.tabs.indexOf(extra)) == "Extra"
        assert window.tabs.tabText(window.tabs.count() - 1) == "Device"
        window.tabs.setCurrentWidget(extra)
        extra.status_message.emit("hello from the extra tab")
        assert window.statusBar().currentMessage() == "hello from the extra tab"
        qtbot.waitUntil(lambda: window.device_panel.report is not None, timeout=120_000)
        window.device_panel.report_ready.emit(window.device_panel.report)
        assert extra.reports and extra.reports[-1].recommendation(TASK_FACE_EMBEDDING) is not None
        window.ctx.deployments.push(Deployment("chat", "some-model", "", "gguf", "Some model"))
        assert [change.task for change in extra.changes] == ["chat"]  # every tab hears deployments
        with pytest.raises(TypeError, match="AppTab"):
            window.add_tab(QWidget())
    finally:
        window.shutdown()
    assert extra.shut


def test_every_builtin_declares_tasks_and_formats_from_the_shared_ids() -> None:
    from edgestudio.core.types import TASKS

    formats = FORMAT_IDS
    registry = BackendRegistry(plugins=False)
    for backend_id in BUILTIN_BACKENDS:
        backend = registry.get(backend_id)
        assert backend.tasks and set(backend.tasks) <= set(TASKS), backend_id
        assert set(backend.formats) <= formats, backend_id
