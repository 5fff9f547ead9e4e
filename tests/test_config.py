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
