"""ProcessJob with real child processes: progress and results, a warm worker, cancel of a
process tree, a native crash, the stdin watchdog, and children that die with their parent
(the kill -9 acceptance test runs the real speech worker on real recorded speech)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from edgestudio.core.process_child import EXIT_ORPHANED
from edgestudio.workers.process_job import ProcessJob
from tests.speech_media import librivox, write_wav

ROOT = Path(__file__).resolve().parents[1]
CHILDREN = "tests.process_children"


def gone(pid: int) -> bool:
    """No such process, or only its zombie (nothing runs any more)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def wait_gone(pids: list[int], timeout_s: float) -> list[int]:
    deadline = time.monotonic() + timeout_s
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if not gone(pid)]
        time.sleep(0.05)
    return alive


@pytest.fixture
def make_job(qtbot):  # type: ignore[no-untyped-def]
    jobs: list[ProcessJob] = []

    def make(function: str, args: list[str] | None = None) -> ProcessJob:
        job = ProcessJob(f"{CHILDREN}:{function}", args or [], label="test", cwd=str(ROOT))
        jobs.append(job)
        return job

    yield make
    for job in jobs:
        job.cancel()


def test_a_child_reports_progress_and_finishes(qtbot, make_job) -> None:
    job = make_job("count_to_three", ["--flag"])
    progress: list[dict] = []
    failures: list[object] = []
    job.progress.connect(progress.append)
    job.failed.connect(failures.append)
    with (
        qtbot.waitSignal(job.exited, timeout=30_000) as exited,
        qtbot.waitSignal(job.finished, timeout=30_000) as finished,
    ):
        job.start()
    assert [p["fraction"] for p in progress] == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert progress[0]["message"] == "step 1"
    assert finished.args[0]["total"] == 3 and finished.args[0]["argv"] == ["--flag"]
    assert exited.args[0] == 0 and not failures and not job.running


def test_a_warm_worker_answers_commands_until_closed(qtbot, make_job) -> None:
    job = make_job("echo")
    with qtbot.waitSignal(job.message, timeout=30_000) as ready:
        job.start()
    assert ready.args[0]["event"] == "ready"
    for text in ("one", "two"):
        with qtbot.waitSignal(job.finished, timeout=10_000) as answer:
            assert job.send({"text": text})
        assert answer.args[0]["echo"] == text
    pid = job.pid
    assert pid is not None
    started = time.perf_counter()
    job.close()
    assert time.perf_counter() - started < 3.0, "the child finishes when asked"
    assert not job.running and gone(pid)


def test_cancel_kills_the_child_and_its_grandchild(qtbot, make_job) -> None:
    job = make_job("with_grandchild")
    failures: list[object] = []
    job.failed.connect(failures.append)
    with qtbot.waitSignal(job.message, timeout=30_000) as spawned:
        job.start()
    child, grandchild = job.pid, spawned.args[0]["grandchild"]
    assert child is not None and not gone(child) and not gone(grandchild)
    started = time.perf_counter()
    job.cancel()
    assert time.perf_counter() - started < 3.0
    assert wait_gone([child, grandchild], 3.0) == []
    qtbot.wait(300)
    assert failures == [], "a cancelled job reports nothing more"


def test_a_native_crash_is_a_readable_failure_and_the_gui_goes_on(qtbot, make_job) -> None:
    job = make_job("crash")
    with qtbot.waitSignal(job.failed, timeout=30_000) as failed:
        job.start()
    error = failed.args[0]
    assert "ended unexpectedly" in error.message and "SIGSEGV" in error.message
    assert "decoding frame 1234 of the test stream" in error.message or "Segmentation fault" in error.message
    assert "Segmentation fault" in error.details  # faulthandler's report is in the full tail
    assert "[Errno" not in error.message
    again = make_job("count_to_three")
    with qtbot.waitSignal(again.finished, timeout=30_000):
        again.start()


def test_a_child_whose_parent_closed_the_pipe_exits(tmp_path: Path) -> None:
    """The portable fallback: end of stdin without a close command means the parent is gone."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "edgestudio.core.process_child", f"{CHILDREN}:sleep_forever"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == EXIT_ORPHANED, proc.stderr
    assert "parent process is gone" in proc.stderr
    assert time.perf_counter() - started < 30


GENERIC_PARENT = """
import sys
from PySide6.QtCore import QCoreApplication
from edgestudio.workers.process_job import ProcessJob
app = QCoreApplication([])
job = ProcessJob("tests.process_children:sleep_forever", label="test")
job.started.connect(lambda pid: print("child", pid, flush=True))
job.start()
app.exec()
"""

SPEECH_PARENT = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from edgestudio.core.hardware import probe_hardware
from edgestudio.tasks.speech.engine import FileJob, SegmentProgress, choose_settings
from edgestudio.tasks.speech.models import default_speech_model
from edgestudio.workers.speech_process import SpeechProcess
app = QCoreApplication([])
files = SpeechProcess(default_speech_model().path, choose_settings(probe_hardware(), False))

def progress(item):
    if isinstance(item, SegmentProgress):
        print("transcribing", files.pid, flush=True)

files.progress.connect(progress)
files.failed.connect(lambda error: print("failed", error.text(), flush=True))
files.submit(FileJob(Path(sys.argv[1])))
app.exec()
"""


def _kill_parent_and_check_children(script: str, args: list[str], marker: str) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert parent.stdout is not None
        line = ""
        deadline = time.monotonic() + 120
        while not line.startswith(marker) and time.monotonic() < deadline:
            line = parent.stdout.readline()
            assert line, "the parent ended before its child worked"
            assert not line.startswith("failed"), line
        child = int(line.split()[1])
        family = [child] + [p.pid for p in psutil.Process(child).children(recursive=True)]
        assert not gone(child)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert wait_gone(family, 5.0) == [], "a child outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_a_child_dies_with_its_parent() -> None:
    _kill_parent_and_check_children(GENERIC_PARENT, [], "child")


def test_kill_9_of_the_app_while_a_file_transcribes_leaves_no_child(tmp_path: Path) -> None:
    from faster_whisper import decode_audio

    speech = np.concatenate([decode_audio(str(wav)) for wav, _ in librivox()] * 4)
    long_wav = write_wav(tmp_path / "long.wav", speech)  # about 100 s of recorded speech
    _kill_parent_and_check_children(SPEECH_PARENT, [str(long_wav)], "transcribing")


def test_a_childs_failure_keeps_its_template_for_translation(qtbot, make_job) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.core.messages import Text

    job = make_job("refuse_a_file", [])
    with qtbot.waitSignal(job.failed, timeout=30_000) as failed:
        job.start()
    message = failed.args[0].message
    assert message == "song.mp3 is not an audio or video file EdgeStudio can read."
    assert isinstance(message, Text), "the GUI translates a failure by its template"
    assert message.template.startswith("{name} is not an audio") and message.params == {"name": "song.mp3"}
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
