"""Video sources without Qt: camera index, video file, RTSP/HTTP URL, or a still image.

Every source answers ``read()`` with a BGR frame, or ``None`` at the end of a finite source.
Opening problems raise SourceError with a message for the person at the kiosk.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

from edgestudio.core.errors import SourceError
from edgestudio.core.messages import Text
from edgestudio.core.stream_check import explain_stream_failure

log = logging.getLogger(__name__)

SourceKind = Literal["camera", "file", "url", "image"]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}
VIDEO_SUFFIXES = (".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v")
OPEN_TIMEOUT_MS = 5000
SINGLE_THREAD_DECODE_PIXELS = 1920 * 1080


@dataclass(frozen=True)
class SourceSpec:
    kind: SourceKind
    location: str
    loop: bool = True

    @classmethod
    def guess(cls, text: str, loop: bool = True) -> SourceSpec:
        """Interpret what a user typed: a number is a camera, ``scheme://`` a stream."""
        text = text.strip()
        if text.isdigit():
            return cls("camera", text, loop)
        if "://" in text:
            return cls("url", text, loop)
        if Path(text).suffix.lower() in IMAGE_SUFFIXES:
            return cls("image", text, loop)
        return cls("file", text, loop)

    @property
    def is_live(self) -> bool:
        """A camera or a network stream: frames arrive on their own clock and must be read on time."""
        return self.kind in ("camera", "url")

    def describe(self) -> str:
        if self.kind == "camera":
            return Text("camera {number}", number=self.location)
        if self.kind == "url":
            return self.location
        return Path(self.location).name


class FrameSource(ABC):
    """A source of BGR frames. Used by one capture thread at a time."""

    fps: float = 0.0
    is_live: bool = False

    @abstractmethod
    def read(self) -> np.ndarray | None:
        """The next frame, or ``None`` when a finite source has ended."""

    def close(self) -> None:  # noqa: B027 - optional hook: an image holds nothing to release
        """Release the device or file."""


class ImageSource(FrameSource):
    """A still image, produced once (or repeatedly with ``loop`` so threshold changes show)."""

    def __init__(self, spec: SourceSpec) -> None:
        path = Path(spec.location)
        if not path.is_file():
            raise SourceError(f"The image {spec.location} does not exist.")
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise SourceError(
                f"{path.name} is not an image EdgeStudio can read.",
                "Use a JPEG, PNG, BMP, WebP or TIFF file.",
            )
        self._image = image
        self._loop = spec.loop
        self._done = False
        self.fps = 5.0

    def read(self) -> np.ndarray | None:
        if self._done and not self._loop:
            return None
        self._done = True
        return self._image


def _open_file(path: Path) -> cv2.VideoCapture:
    """Open a video file with one decoder thread up to ``SINGLE_THREAD_DECODE_PIXELS``.

    The capture thread decodes the next frame while the session thread pre-processes the
    current one, a moment when inference leaves a core free; one decoder thread finishes
    inside that moment. FFmpeg's default (a thread per core) spends more CPU time on the same
    frame and spills into inference, whose threads then wait for the core it took (measured:
    0.27 ms of CPU per 640x480 frame with one thread, 0.43 ms with two). Larger videos keep
    FFmpeg's threads so that they still play in real time.
    """
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
    if capture.isOpened():
        pixels = capture.get(cv2.CAP_PROP_FRAME_WIDTH) * capture.get(cv2.CAP_PROP_FRAME_HEIGHT)
        if pixels <= SINGLE_THREAD_DECODE_PIXELS:
            return capture
    capture.release()
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise SourceError(
            f"{path.name} is not a video EdgeStudio can play.",
            "Use a common format such as MP4, MKV, AVI or MOV.",
        )
    return capture


class CaptureSource(FrameSource):
    """cv2.VideoCapture over a camera, a file or a network stream."""

    def __init__(self, spec: SourceSpec) -> None:
        self.spec = spec
        self.is_live = spec.is_live
        self._capture = self._open(spec)
        fps = float(self._capture.get(cv2.CAP_PROP_FPS) or 0.0)
        self.fps = fps if 1.0 <= fps <= 240.0 else 25.0
        self._loop = spec.loop and spec.kind == "file"

    @staticmethod
    def _open(spec: SourceSpec) -> cv2.VideoCapture:
        if spec.kind == "camera":
            device = int(spec.location) if spec.location.isdigit() else spec.location
            capture = cv2.VideoCapture(device)
            if not capture.isOpened():
                raise SourceError(
                    Text("Camera {number} could not be opened.", number=spec.location),
                    "Check that a camera is connected, not used by another program, and that "
                    "this user may access it.",
                )
        elif spec.kind == "url":
            capture = cv2.VideoCapture(
                spec.location,
                cv2.CAP_FFMPEG,
                [
                    cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
                    OPEN_TIMEOUT_MS,
                    cv2.CAP_PROP_READ_TIMEOUT_MSEC,
                    OPEN_TIMEOUT_MS,
                ],
            )
            if not capture.isOpened():
                raise SourceError(
                    explain_stream_failure(spec.location).message,
                    "Check the address, the network and any user name or password in the URL.",
                )
        else:
            path = Path(spec.location)
            if not path.is_file():
                raise SourceError(f"The video file {spec.location} does not exist.")
            capture = _open_file(path)
        ok, _ = capture.read()
        if not ok:
            capture.release()
            raise SourceError(f"{spec.describe()} opened but gave no picture.")
        if spec.kind == "file":
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
        return capture

    @property
    def decoder_threads(self) -> int:
        """The decoder's thread count as FFmpeg reports it (0 where the backend does not say)."""
        return int(self._capture.get(cv2.CAP_PROP_N_THREADS) or 0)

    def read(self) -> np.ndarray | None:
        ok, frame = self._capture.read()
        if ok:
            return frame
        if self._loop:
            if not Path(self.spec.location).is_file():
                # a looping file that was removed (an unmounted drive): a fault, not an end
                raise SourceError(f"The video file {self.spec.location} is no longer there.")
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
            if ok:
                return frame
        if self.is_live:
            raise SourceError(f"{self.spec.describe()} stopped sending pictures.")
        return None

    def close(self) -> None:
        self._capture.release()


def open_source(spec: SourceSpec) -> FrameSource:
    """Open ``spec``; raises SourceError with a readable reason when it cannot be used."""
    if not spec.location.strip():
        raise SourceError("No video source was chosen.", "Pick a camera, a file or a stream URL.")
    if spec.kind == "camera" and not (spec.location.isdigit() or spec.location.startswith("/dev/")):
        raise SourceError(
            f"'{spec.location}' is not a camera.",
            "Pick a camera from the list, or type its number (0, 1, 2…) or device path (/dev/video0).",
        )
    if spec.kind == "image":
        return ImageSource(spec)
    return CaptureSource(spec)
