"""Layered, typed config: site < user < environment; damaged or invalid layers never fatal."""

from __future__ import annotations

from pathlib import Path

from edgestudio.core.config import AppConfig, ConfigStore


def test_layers_override_in_order(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    user = tmp_path / "user.toml"
    site.write_text('[detection]\nconfidence = 0.6\nbackend = "openvino"\n[ui]\nfullscreen = true\n')
    user.write_text("[detection]\nconfidence = 0.3\n")
    env = {"EDGESTUDIO_DETECTION__IOU": "0.7", "EDGESTUDIO_UI__FULLSCREEN": "false"}
    config = ConfigStore(user, site, env).load()
    assert config.detection.confidence == 0.3  # user beats site
    assert config.detection.backend == "openvino"  # site value kept where the user is silent
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


def test_privacy_sets_hub_opt_outs_without_overriding_the_user() -> None:
    from edgestudio.core.privacy import disable_telemetry

    env = {"HF_HUB_OFFLINE": "0"}
    disable_telemetry(env)
    assert env["HF_HUB_DISABLE_TELEMETRY"] == "1" and env["DO_NOT_TRACK"] == "1"
    assert env["HF_HUB_OFFLINE"] == "0"
