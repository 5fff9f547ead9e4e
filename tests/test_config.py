"""Layered, typed config: defaults < user < environment, site settings locked; damaged or invalid
layers never fatal."""

from __future__ import annotations

from pathlib import Path

from edgestudio.core.config import AppConfig, ConfigStore


def test_layers_override_in_order(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    user = tmp_path / "user.toml"
    site.write_text('[detection]\nconfidence = 0.6\nbackend = "openvino"\n[ui]\nfullscreen = true\n')
    user.write_text('[detection]\nconfidence = 0.3\nsource = "/videos/door.mp4"\n')
    env = {"EDGESTUDIO_DETECTION__IOU": "0.7", "EDGESTUDIO_UI__FULLSCREEN": "false"}
    store = ConfigStore(user, site, env)
    config = store.load()
    assert config.detection.confidence == 0.6, "the site file locks what it sets, over the user file"
    assert store.is_locked("detection", "confidence") and not store.is_locked("detection", "source")
    assert config.detection.source == "/videos/door.mp4"  # the user file beats the defaults
    assert config.detection.backend == "openvino"
    assert config.detection.iou == 0.7  # environment beats both
    assert config.ui.fullscreen is False


def test_save_writes_only_the_user_file_and_round_trips(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text("[detection]\nconfidence = 0.6\n")
    site.chmod(0o444)
    store = ConfigStore(tmp_path / "cfg" / "config.toml", site, {})
    config = store.load()
    config.detection.source = "/videos/door.mp4"
    store.save(config)
    assert site.read_text() == "[detection]\nconfidence = 0.6\n"
    assert store.load().detection.source == "/videos/door.mp4"
    assert not list((tmp_path / "cfg").glob(".*.tmp")), "no temporary file left behind"


def test_damaged_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text("[detection\nconfidence = ")
    store = ConfigStore(user, None, {})
    config = store.load()
    assert config == AppConfig()
    assert store.warnings and "damaged" in store.warnings[0]


def test_invalid_values_are_reset_one_by_one(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[detection]\nconfidence = 7.5\niou = 0.6\nsource_kind = "teleporter"\n')
    store = ConfigStore(user, None, {})
    config = store.load()
    assert config.detection.confidence == AppConfig().detection.confidence
    assert config.detection.iou == 0.6  # the valid neighbour survives
    assert config.detection.source_kind == "camera"
    assert any("confidence" in w for w in store.warnings)


def test_openvino_leaves_no_telemetry_files_in_home(tmp_path: Path) -> None:
    """Loading and running a model with OpenVINO writes nothing under ~/intel (issue 12, 8)."""
    import os
    import subprocess
    import sys

    script = (
        "import numpy as np\n"
        "from edgestudio.backends.openvino_backend import OpenVinoBackend\n"
        "from edgestudio.core.paths import resources_dir\n"
        "runner = OpenVinoBackend().load(resources_dir() / 'models' / 'centernet.onnx', 'CPU')\n"
        "name = runner.metadata.inputs[0].name\n"
        "shape = [d or 1 for d in runner.metadata.inputs[0].shape]\n"
        "runner.run({name: np.zeros(shape, np.float32)})\n"
        "print('ran')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "DO_NOT_TRACK"))}
    env["HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and "ran" in done.stdout, done.stderr[-1500:]
    assert not (tmp_path / "intel").exists(), sorted(p.name for p in (tmp_path / "intel").iterdir())


ORT_TELEMETRY_FOLDER = ("Microsoft", "DeveloperTools")


def _without_opt_outs(home: Path) -> dict[str, str]:
    """The test's environment minus every opt-out, so the app has to set them itself."""
    import os

    from edgestudio.core.privacy import PRIVACY_ENVIRONMENT

    env = {k: v for k, v in os.environ.items() if k not in PRIVACY_ENVIRONMENT}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / "cache"), EDGESTUDIO_HOME=str(home / "es"))
    return env


def _telemetry_left(home: Path) -> list[str]:
    return [str(p) for p in home.rglob("*") if p.name in ("deviceid", "onnxruntime.db", "intel")]


def test_onnx_runtime_queues_no_telemetry(tmp_path: Path) -> None:
    """ONNX Runtime's Linux wheel writes a device id and queues events for upload unless told
    not to before it initialises; the backend tells it."""
    import subprocess
    import sys

    script = (
        "import numpy as np\n"
        "from edgestudio.backends.onnxruntime_backend import OnnxRuntimeBackend\n"
        "from edgestudio.core.paths import resources_dir\n"
        "runner = OnnxRuntimeBackend().load(resources_dir() / 'models' / 'centernet.onnx')\n"
        "name = runner.metadata.inputs[0].name\n"
        "shape = [d or 1 for d in runner.metadata.inputs[0].shape]\n"
        "runner.run({name: np.zeros(shape, np.float32)})\n"
        "print('ran')\n"
    )
    env = _without_opt_outs(tmp_path)
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "ran" in done.stdout, done.stderr[-1500:]
    assert _telemetry_left(tmp_path) == []


def test_transcription_in_its_child_process_queues_no_telemetry(tmp_path: Path) -> None:
    """The speech child runs faster-whisper's voice detector on ONNX Runtime."""
    import subprocess
    import sys

    from tests.speech_media import librivox

    wav = librivox()[0][0]
    done = subprocess.run(
        [sys.executable, "-m", "edgestudio", "transcribe", str(wav), "--json"],
        env=_without_opt_outs(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-1500:]
    assert '"text"' in done.stdout
    assert _telemetry_left(tmp_path) == []


def test_privacy_sets_hub_opt_outs_without_overriding_the_user() -> None:
    from edgestudio.core.privacy import disable_telemetry

    env = {"HF_HUB_OFFLINE": "0"}
    disable_telemetry(env)
    assert env["HF_HUB_DISABLE_TELEMETRY"] == "1" and env["DO_NOT_TRACK"] == "1"
    assert env["HF_HUB_OFFLINE"] == "0"


def test_the_detect_tab_locks_what_the_site_file_sets(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.context import AppContext
    from edgestudio.core.paths import AppPaths
    from edgestudio.ui.detect_tab import DetectTab

    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    paths = AppPaths.default()
    site = tmp_path / "site"
    site.mkdir()
    (site / "config.toml").write_text("[detection]\nconfidence = 0.55\n")
    ctx = AppContext.create(AppPaths(paths.config_dir, paths.data_dir, paths.log_dir, paths.cache_dir, site))
    tab = DetectTab(ctx)
    qtbot.addWidget(tab)
    assert abs(tab.confidence.value() - 0.55) < 0.011
    assert not tab.confidence.isEnabled() and "site configuration" in tab.confidence.toolTip()
    assert tab.iou.isEnabled() and tab.models.isEnabled(), "what the site file leaves alone stays free"
    tab.set_device_report(ctx.registry.report())
    assert not tab.confidence.isEnabled()
    tab.shutdown()
