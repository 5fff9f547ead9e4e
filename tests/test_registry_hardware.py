"""BackendRegistry discovery and fault isolation; hardware probe and recommendations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import BackendUnavailable
from edgestudio.core.hardware import GpuInfo, HardwareProfile, probe_hardware, recommend
from edgestudio.core.types import TASK_CHAT, TASK_DETECTION, TASK_SPEECH, BackendStatus, DeviceOption


def test_builtins_probe_with_versions_and_devices() -> None:
    statuses = {s.id: s for s in BackendRegistry(plugins=False).probe_all()}
    assert statuses["onnxruntime"].available and statuses["onnxruntime"].version
    assert any(d.id == "cpu" and d.available for d in statuses["onnxruntime"].devices)
    cuda = next(d for d in statuses["onnxruntime"].devices if d.id == "cuda")
    assert cuda.available or "onnxruntime-gpu" in cuda.reason
    assert statuses["openvino"].available
    npu = next(d for d in statuses["openvino"].devices if d.id.startswith("NPU"))
    assert npu.available or "NPU" in npu.reason


def test_broken_plugin_is_recorded_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    eps = [
        SimpleNamespace(name="bad", value="no_such_module_xyz:Backend"),
        SimpleNamespace(name="onnxruntime", value="x:y"),
    ]
    monkeypatch.setattr("edgestudio.backends.registry.entry_points", lambda group: eps)
    registry = BackendRegistry()
    assert "already taken" in registry.broken["onnxruntime (x:y)"]
    status = registry.probe("bad")
    assert not status.available and "No module named" in status.reason
    assert "bad" in registry.broken
    assert registry.probe("onnxruntime").available  # the built-in still works


def test_plugin_api_mismatch_is_explained() -> None:
    from edgestudio.backends.onnxruntime_backend import OnnxRuntimeBackend

    class Future(OnnxRuntimeBackend):
        plugin_api = 99

    registry = BackendRegistry(builtins=False, plugins=False)
    registry.register("future", Future)
    with pytest.raises(BackendUnavailable, match="plugin API 99"):
        registry.get("future")


def test_unknown_backend_lists_the_known_ones() -> None:
    with pytest.raises(BackendUnavailable, match="onnxruntime"):
        BackendRegistry(plugins=False).get("tensorflow")


def test_probe_hardware_reads_this_machine() -> None:
    profile = probe_hardware()
    assert profile.logical_cores >= 1 and profile.memory_total_mb > 256
    assert profile.cpu_model
    assert set(profile.isa) >= {"avx2", "avx512", "vnni", "amx", "neon"}


def _profile(**changes) -> HardwareProfile:  # type: ignore[no-untyped-def]
    base = dict(
        os="Linux",
        machine="x86_64",
        cpu_model="Intel Core i5",
        physical_cores=4,
        logical_cores=8,
        isa={"avx2": True},
        memory_total_mb=8000,
        memory_available_mb=6000,
    )
    base.update(changes)
    return HardwareProfile(**base)  # type: ignore[arg-type]


def _status(backend: str, *devices: tuple[str, bool]) -> BackendStatus:
    """A status as the registry returns it: with the backend's declared tasks and formats."""
    impl = BackendRegistry(plugins=False).get(backend)
    return BackendStatus(
        backend,
        backend,
        True,
        "1",
        tuple(DeviceOption(d, d, ok) for d, ok in devices),
        formats=impl.formats,
        tasks=impl.tasks,
    )


ORT_CPU = _status("onnxruntime", ("cpu", True), ("cuda", False), ("tensorrt", False))


@pytest.mark.parametrize(
    ("profile", "statuses", "expected"),
    [
        (
            _profile(gpus=(GpuInfo("NVIDIA", "Orin"),)),
            [_status("onnxruntime", ("cpu", True), ("cuda", True), ("tensorrt", True))],
            ("onnxruntime", "tensorrt"),
        ),
        (
            _profile(gpus=(GpuInfo("NVIDIA", "RTX"),)),
            [_status("onnxruntime", ("cpu", True), ("cuda", True), ("tensorrt", False))],
            ("onnxruntime", "cuda"),
        ),
        (
            _profile(),
            [ORT_CPU, _status("openvino", ("CPU", True), ("GPU.0", True), ("NPU", True))],
            ("openvino", "NPU"),
        ),
        (_profile(), [ORT_CPU, _status("openvino", ("CPU", True), ("GPU", False))], ("openvino", "CPU")),
        (
            _profile(machine="aarch64", isa={"neon": True}),
            [ORT_CPU, _status("openvino", ("CPU", True))],
            ("onnxruntime", "cpu"),
        ),
        (_profile(), [ORT_CPU], ("onnxruntime", "cpu")),
        (_profile(), [], ("", "")),
    ],
)
def test_recommendation_follows_the_hardware(profile, statuses, expected) -> None:
    """The backends rank themselves; core picks the best rank per task without names."""
    registry = BackendRegistry(plugins=False)
    recommendations = recommend(registry.ranks(profile, statuses), [TASK_DETECTION])
    rec = recommendations[0]
    assert (rec.task, rec.backend, rec.device) == (TASK_DETECTION, *expected)
    assert rec.reason


def test_speech_and_chat_recommendations_follow_the_hardware() -> None:
    registry = BackendRegistry(plugins=False)
    gpu = _profile(gpus=(GpuInfo("NVIDIA", "Orin"),))
    statuses = [
        _status("faster-whisper", ("cpu", True), ("cuda", True)),
        _status("llamacpp", ("cpu", True), ("gpu", False)),
        _status("openai-server", ("server", True)),
    ]
    recs = {r.task: r for r in recommend(registry.ranks(gpu, statuses), [TASK_SPEECH, TASK_CHAT])}
    assert (recs[TASK_SPEECH].backend, recs[TASK_SPEECH].device) == ("faster-whisper", "cuda")
    assert (recs[TASK_CHAT].backend, recs[TASK_CHAT].device) == ("llamacpp", "cpu")
    assert "threads" in recs[TASK_CHAT].reason
    without_llama = [
        statuses[0],
        BackendStatus("llamacpp", "llama.cpp", False, reason="not installed"),
        statuses[2],
    ]
    chat = recommend(registry.ranks(_profile(), without_llama), [TASK_CHAT])[0]
    assert (chat.backend, chat.device) == ("openai-server", "server")


def test_nothing_installed_says_why() -> None:
    registry = BackendRegistry(plugins=False)
    missing = BackendStatus(
        "onnxruntime",
        "ONNX Runtime",
        False,
        reason="onnxruntime is not installed",
        install_hint="pip install onnxruntime",
        tasks=(TASK_DETECTION,),
    )
    rec = recommend(registry.ranks(_profile(), [missing]), [TASK_DETECTION])[0]
    assert rec.backend == "" and "pip install onnxruntime" in rec.reason


def test_doctor_json(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "edgestudio", "doctor", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"EDGESTUDIO_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["hardware"]["logical_cores"] >= 1
    assert {b["id"] for b in report["backends"]} >= {"onnxruntime", "openvino"}
    assert report["recommendations"][0]["backend"] in ("openvino", "onnxruntime")
    assert report["recommendations"][0]["task"] == "detection"
    ort = next(b for b in report["backends"] if b["id"] == "onnxruntime")
    assert "detection" in ort["tasks"] and "onnx" in ort["formats"]
    assert any(r["task"] == "face-embedding" and r["backend"] == "dlib" for r in report["ranks"])


def test_cli_errors_are_messages_not_tracebacks(tmp_path: Path, bus_jpg: Path) -> None:
    env = {"EDGESTUDIO_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"nope")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "edgestudio",
            "detect",
            str(bus_jpg),
            "--model",
            str(broken),
            "--backend",
            "onnxruntime",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "could not be loaded" in proc.stderr or "not a model" in proc.stderr, proc.stderr
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    proc = subprocess.run(
        [sys.executable, "-m", "edgestudio", "detect", str(notes), "--backend", "onnxruntime", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 1
    assert "not an image" in json.loads(proc.stdout)["results"][0]["error"]
