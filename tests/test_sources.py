"""Video sources and the capture thread: real files, looping, pacing, and clear errors."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import pytest

from edgestudio.core.errors import SourceError
from edgestudio.core.types import Frame
from edgestudio.core.video import SourceSpec, open_source
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox


def test_video_file_loops_past_its_end(street_video: Path) -> None:
    source = open_source(SourceSpec("file", str(street_video), loop=True))
    try:
        assert source.fps == pytest.approx(30, abs=1)
        frames = [source.read() for _ in range(150)]  # the clip has 120 frames
    finally:
        source.close()
    assert all(f is not None and f.shape == (480, 640, 3) for f in frames)


def test_video_file_without_loop_ends(street_video: Path) -> None:
    source = open_source(SourceSpec("file", str(street_video), loop=False))
    count = 0
    while source.read() is not None:
        count += 1
    source.close()
    assert count == 120


def test_video_up_to_full_hd_is_decoded_on_one_thread_and_larger_on_ffmpegs_threads(
    street_video: Path, tmp_path: Path
) -> None:
    from edgestudio.core.video import CaptureSource
    from tests.media import make_video

    small = open_source(SourceSpec("file", str(street_video), loop=False))
    uhd = make_video(tmp_path / "uhd.mp4", 0.2, 10, (2560, 1440))
    large = open_source(SourceSpec("file", str(uhd), loop=False))
    try:
        assert isinstance(small, CaptureSource) and isinstance(large, CaptureSource)
        assert small.decoder_threads == 1
        default = cv2.VideoCapture(str(uhd))  # FFmpeg's own choice (a thread per core)
        try:
            assert large.decoder_threads == int(default.get(cv2.CAP_PROP_N_THREADS))
        finally:
            default.release()
        first = large.read()
        assert first is not None and first.shape == (1440, 2560, 3)
    finally:
        small.close()
        large.close()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (SourceSpec("camera", "7"), "Camera 7 could not be opened"),
        (SourceSpec("camera", "front"), "is not a camera"),
        (SourceSpec("file", "/nowhere/clip.mp4"), "does not exist"),
        (SourceSpec("image", "/nowhere/photo.jpg"), "does not exist"),
        (SourceSpec("file", ""), "No video source"),
        (SourceSpec("url", "rtsp://127.0.0.1:9/none"), "could not be opened"),
    ],
)
def test_unusable_sources_raise_readable_errors(spec: SourceSpec, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        open_source(spec)


def test_files_that_are_not_media_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    with pytest.raises(SourceError, match="not a video"):
        open_source(SourceSpec("file", str(text)))
    fake_image = tmp_path / "photo.jpg"
    fake_image.write_bytes(b"\xff\xd8 broken")
    with pytest.raises(SourceError, match="not an image"):
        open_source(SourceSpec("image", str(fake_image)))


def test_guess_interprets_what_a_user_typed() -> None:
    assert SourceSpec.guess("0").kind == "camera"
    assert SourceSpec.guess("rtsp://cam/1").kind == "url"
    assert SourceSpec.guess("/a/b.PNG").kind == "image"
    assert SourceSpec.guess("/a/b.mkv").kind == "file"


def test_capture_thread_paces_files_in_real_time(street_video: Path) -> None:
    mailbox: FrameMailbox[Frame] = FrameMailbox()
    capture = CaptureThread(SourceSpec("file", str(street_video)), mailbox, pacing="realtime")
    capture.start()
    deadline = time.monotonic() + 10
    while capture.frames_read == 0 and time.monotonic() < deadline:  # opening is not pacing
        time.sleep(0.005)
    first = capture.frames_read
    time.sleep(1.0)
    assert capture.stop()
    assert 20 <= capture.frames_read - first <= 40  # about 30 fps, not as fast as decoding goes


def test_capture_thread_reports_errors_instead_of_raising() -> None:
    errors = []
    capture = CaptureThread(SourceSpec("camera", "9"), FrameMailbox(), on_error=errors.append)
    capture.start()
    capture.join(20)
    assert not capture.is_alive()
    assert errors and "Camera 9" in errors[0].message


def test_mailbox_keeps_only_the_newest_item() -> None:
    mailbox: FrameMailbox[int] = FrameMailbox()
    for value in range(5):
        mailbox.put(value)
    assert mailbox.take(0.01) == 4
    assert mailbox.dropped == 4
    assert mailbox.take(0.01) is None
    mailbox.close()
    start = time.perf_counter()
    assert mailbox.take(5.0) is None
    assert time.perf_counter() - start < 0.5


@pytest.fixture
def udp_stream(street_video: Path):  # type: ignore[no-untyped-def]
    """ffmpeg serving the clip in real time as MPEG-TS on a loopback UDP port."""
    import shutil
    import socket
    import subprocess

    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is missing: scripts/install.sh --dev installs it")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"udp://127.0.0.1:{port}"
    proc = subprocess.Popen(
        ["ffmpeg", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", str(street_video),
         "-t", "60", "-c:v", "mpeg4", "-q:v", "5", "-f", "mpegts", f"{url}?pkt_size=1316"],
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    yield url, proc
    proc.kill()
    proc.wait(10)


def test_network_stream_is_read_live_and_its_loss_is_reported(udp_stream) -> None:
    url, server = udp_stream
    source = open_source(SourceSpec("url", url))
    try:
        assert source.is_live
        frames = [source.read() for _ in range(20)]
        assert all(f is not None and f.shape == (480, 640, 3) for f in frames)
        server.kill()
        server.wait(10)
        start = time.perf_counter()
        with pytest.raises(SourceError, match="stopped sending pictures"):
            for _ in range(1000):
                source.read()
        assert time.perf_counter() - start < 15
    finally:
        source.close()
