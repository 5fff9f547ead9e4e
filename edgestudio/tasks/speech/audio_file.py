"""Read an audio or video file for transcription: check it is media with sound, decode it to
16 kHz mono float32 with PyAV (the decoder faster-whisper uses), and report progress.

Every failure is a MediaError written for the person at the kiosk: "song.mp3 is not an audio
or video file EdgeStudio can read", "clip.mp4 has no audio track", "take.wav looks like a WAV
file but is damaged" - never an errno number or a Python exception text. Qt-free; runs on
the thread (or process) that transcribes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import MediaError
from edgestudio.core.messages import Text

SAMPLE_RATE = 16_000
REPORT_EVERY_S = 0.25
READABLE_HINT = "Use a common audio or video file: WAV, MP3, FLAC, OGG, M4A, MP4, MKV, WEBM..."
# Content signatures of common media containers: a file that starts like one of these but
# cannot be decoded is damaged, not "not media".
SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"RIFF", "WAV"),
    (0, b"ID3", "MP3"),
    (0, b"fLaC", "FLAC"),
    (0, b"OggS", "OGG"),
    (4, b"ftyp", "MP4/M4A"),
    (0, b"\x1aE\xdf\xa3", "MKV/WEBM"),
    (0, b"0&\xb2u", "WMA/WMV"),
)

Progress = Callable[[float | None], None]


def _kind_from_content(path: Path) -> str:
    """The media kind the first bytes announce, or "" when they look like nothing we know."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return ""
    for offset, magic, kind in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return kind
    return ""


def _not_media(path: Path) -> MediaError:
    kind = _kind_from_content(path)
    if kind:
        return MediaError(
            Text(
                "{name} looks like a {kind} file but is damaged: its audio data cannot be decoded.",
                name=path.name,
                kind=kind,
            ),
            "Export or copy the recording again, or choose another file.",
        )
    return MediaError(
        Text("{name} is not an audio or video file EdgeStudio can read.", name=path.name), READABLE_HINT
    )


def _open(path: Path) -> Any:
    """Open the container; MediaError for missing, folder, unreadable or non-media files."""
    import av

    if path.is_dir():
        raise MediaError(f"{path} is a folder, not an audio file.", "Choose a file inside it.")
    if not path.exists():
        raise MediaError(f"{path} does not exist.", "Check the name and the folder.")
    if path.stat().st_size == 0:
        raise MediaError(
            Text("{name} is empty (0 bytes).", name=path.name), "Choose a recording with sound in it."
        )
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.PermissionError as exc:
        raise MediaError(f"EdgeStudio may not read {path.name}.", "Check the file's permissions.") from exc
    except av.error.InvalidDataError as exc:
        raise _not_media(path) from exc
    except (av.FFmpegError, OSError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise MediaError(f"{path.name} could not be opened: {reason}.", READABLE_HINT) from exc


def _require_audio_track(path: Path, container: Any) -> None:
    """MediaError unless the opened container has an audio stream."""
    if container.streams.audio:
        return
    is_image = container.format.name.endswith("_pipe") or container.format.name == "image2"
    if container.streams.video and not is_image:
        raise MediaError(
            Text("{name} has no audio track.", name=path.name), "Choose a recording or a video with sound."
        )
    raise _not_media(path)


def _duration(container: Any, stream: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return float(container.duration) / 1_000_000
    return None


def read_audio(path: Path, progress: Progress | None = None) -> np.ndarray:
    """Decode ``path`` to 16 kHz mono float32; ``progress(fraction)`` while decoding (the
    fraction is None when the file does not say how long it is). Raises MediaError."""
    import av

    container = _open(path)
    with container:
        _require_audio_track(path, container)
        stream = container.streams.audio[0]
        duration = _duration(container, stream)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        parts: list[np.ndarray] = []
        bad_packets = 0
        reported_at = time.monotonic()
        try:
            for packet in container.demux(stream):
                try:
                    frames = packet.decode()
                except av.error.InvalidDataError:
                    bad_packets += 1  # like faster-whisper: skip damaged packets
                    continue
                for frame in frames:
                    seconds = frame.time
                    frame.pts = None  # resample by content, not by (possibly broken) timestamps
                    parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(frame))
                    if progress is not None and time.monotonic() - reported_at >= REPORT_EVERY_S:
                        reported_at = time.monotonic()
                        fraction = min(1.0, seconds / duration) if duration and seconds is not None else None
                        progress(fraction)
            parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
        except av.FFmpegError as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise MediaError(
                f"{path.name} could not be read to the end: {reason}.",
                "The file may be damaged or still being written.",
            ) from exc
    samples = sum(len(p) for p in parts)
    if samples == 0:
        if bad_packets:
            raise _not_media(path)
        raise MediaError(f"{path.name} contains no sound (its audio track is empty).", READABLE_HINT)
    if progress is not None:
        progress(1.0)
    return np.concatenate(parts).astype(np.float32) / 32768.0


def check_audio_file(path: Path) -> None:
    """Cheap check before a model is loaded: ``path`` is media with a decodable audio track.
    Decodes only until the first good frame; raises MediaError as ``read_audio`` would."""
    import av

    container = _open(path)
    with container:
        _require_audio_track(path, container)
        bad_packets = 0
        try:
            for packet in container.demux(container.streams.audio[0]):
                try:
                    if packet.decode():
                        return
                except av.error.InvalidDataError:
                    bad_packets += 1
        except av.FFmpegError as exc:
            raise _not_media(path) from exc
    if bad_packets:
        raise _not_media(path)
    raise MediaError(f"{path.name} contains no sound (its audio track is empty).", READABLE_HINT)
