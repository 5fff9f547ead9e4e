"""The PyInstaller bundle, run alone (no virtual environment on the PATH, no PYTHONPATH): the
four CLI checks give the same answers as the virtual environment, the GUI shows a detection
frame offscreen, and as a kiosk it tells a (fake) systemd READY once its model has loaded.

Marked ``bundle``. scripts/test.sh (the README's test command, and CI) builds the bundle
with ``bash packaging/build.sh`` (about 2 minutes here) before the suite; run alone, the
fixture builds it when it is missing. EDGESTUDIO_BUNDLE points at another bundle; deselect
with ``-m "not bundle"``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edgestudio.backends.registry import BUILTIN_BACKENDS
from tests import speech_media
from tests.site_server_fixtures import start_test_server
from tests.test_sd_notify import FakeSystemd

pytestmark = pytest.mark.bundle
ROOT = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("EDGESTUDIO_BUNDLE", ROOT / "dist" / "edgestudio" / "edgestudio"))


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not BUNDLE.is_file():
        subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], check=True, timeout=3600)
    return BUNDLE


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """No venv on the PATH, no PYTHON* variables: only what a kiosk's session has."""
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ", "XDG_RUNTIME_DIR")}
    return {**keep, "PATH": "/usr/bin:/bin", "HOME": str(home), "EDGESTUDIO_HOME": str(home / "es"), **extra}


def run_both(bundle: Path, home: Path, *args: str, timeout: int = 300) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """The same command from the bundle and from the virtual environment, as JSON."""
    outputs = []
    for command in ([str(bundle)], [sys.executable, "-m", "edgestudio"]):
        env = (
            clean_env(home)
            if command[0] == str(bundle)
            else {**os.environ, "EDGESTUDIO_HOME": str(home / "venv")}
        )
        done = subprocess.run(
            [*command, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=home
        )
        assert done.returncode == 0, f"{command[0]} {' '.join(args)} failed:\n{done.stderr[-3000:]}"
        outputs.append(json.loads(done.stdout))
    return outputs[0], outputs[1]


def test_bundle_cli_answers_like_the_virtual_environment(bundle: Path, tmp_path: Path, bus_jpg: Path) -> None:
    frozen, venv = run_both(bundle, tmp_path, "doctor", "--json")
    # Built-in runtimes only: plugins installed in the venv (entry points) are not bundled.
    available = {b["id"] for b in frozen["backends"] if b["available"]}
    assert available == {b["id"] for b in venv["backends"] if b["available"]} & set(BUILTIN_BACKENDS)
    assert {"onnxruntime", "openvino"} <= available, "OpenVINO needs its plugins and frontends bundled"
    openvino = next(b for b in frozen["backends"] if b["id"] == "openvino")
    assert any(d["available"] for d in openvino["devices"])

    frozen, venv = run_both(bundle, tmp_path, "detect", str(bus_jpg), "--json")
    labels = sorted(d["label"] for d in frozen["results"][0]["detections"])
    assert labels == sorted(d["label"] for d in venv["results"][0]["detections"]) and "bus" in labels
    assert frozen["backend"] == venv["backend"]

    wav = speech_media.librivox()[0][0]
    frozen, venv = run_both(bundle, tmp_path, "transcribe", str(wav), "--json")
    text = " ".join(s["text"].strip() for s in frozen["segments"])
    assert text and text == " ".join(s["text"].strip() for s in venv["segments"]), "Whisper assets bundled"

    prompt = (
        "chat",
        "--prompt",
        "Name one colour.",
        "--max-tokens",
        "12",
        "--temperature",
        "0",
        "--seed",
        "1",
    )
    frozen, venv = run_both(bundle, tmp_path, *prompt, "--json")
    assert frozen["answer"].strip() and frozen["answer"] == venv["answer"], "llama.cpp libraries bundled"


def test_bundle_kiosk_detects_through_a_site_server(bundle: Path, tmp_path: Path, bus_jpg: Path) -> None:
    """The frozen kiosk carries Triton's HTTP and gRPC clients (its remote runtime, issue 17):
    the same detections through a real site server as from its own model, and a server that
    is gone is a fallback with its reason, not a missing module."""
    server = start_test_server(tmp_path / "site")
    try:
        local, _ = run_both(bundle, tmp_path, "detect", str(bus_jpg), "--json")
        for url in (server.http_url, server.grpc_url):
            frozen, _ = run_both(bundle, tmp_path, "detect", str(bus_jpg), "--server", url, "--json")
            assert frozen["runtime"] == "remote" and frozen["fallback_reason"] == "", frozen
            assert sorted(d["label"] for d in frozen["results"][0]["detections"]) == sorted(
                d["label"] for d in local["results"][0]["detections"]
            )
    finally:
        server.stop()
    frozen, _ = run_both(bundle, tmp_path, "detect", str(bus_jpg), "--server", server.grpc_url, "--json")
    assert frozen["runtime"] != "remote" and frozen["fallback_reason"], frozen
    assert "tritonclient" not in frozen["fallback_reason"] and "install" not in frozen["fallback_reason"]
    assert "bus" in {d["label"] for d in frozen["results"][0]["detections"]}


def test_bundle_gui_shows_detections_and_kiosk_tells_systemd(
    bundle: Path, tmp_path: Path, street_video: Path
) -> None:
    shots = tmp_path / "shots"
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [str(bundle), "screenshots", str(shots), "--views", "detect", "--source", str(street_video)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert (shots / "detect.png").stat().st_size > 10_000

    site = tmp_path / "xdg" / "EdgeStudio"
    site.mkdir(parents=True)
    (site / "config.toml").write_text(
        f'[kiosk]\ntabs = ["detect"]\n[detection]\nsource_kind = "file"\nsource = "{street_video}"\n'
    )
    systemd = FakeSystemd(tmp_path / "notify")
    kiosk_env = {**env, "XDG_CONFIG_DIRS": str(tmp_path / "xdg"), "NOTIFY_SOCKET": str(systemd.path),
                 "WATCHDOG_USEC": "10000000"}  # fmt: skip
    process = subprocess.Popen(
        [str(bundle), "gui", "--kiosk"], env=kiosk_env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 180
        while not systemd.times("READY=1") and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert systemd.times("READY=1"), f"no READY=1 from the bundled kiosk: {process.poll()}"
        ready = next(m for _, m in systemd.messages if m.startswith("READY=1"))
        assert "centernet" in ready.lower(), "READY once the default detector has loaded"
        time.sleep(3)
        assert systemd.times("WATCHDOG=1"), "the watchdog pings from the bundle"
    finally:
        process.terminate()
        process.wait(30)
        systemd.close()
