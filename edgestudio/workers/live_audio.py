"""LiveListener: microphone capture on PortAudio's thread into a bounded queue, and a
phrase thread that measures the level and cuts phrases. Results reach the GUI as signals.

``start``/``stop`` are called on the GUI thread; signals are emitted from the phrase thread
and delivered queued to the GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from edgestudio.core.errors import EdgeStudioError, ErrorInfo, SourceError
from edgestudio.tasks.speech.vad import SAMPLE_RATE, PhraseSegmenter, VadConfig, level_db

log = logging.getLogger(__name__)
BLOCK = 512  # 32 ms at 16 kHz
QUEUE_BLOCKS = 2000  # about a minute: the phrase thread is never that far behind
_open_streams: set[int] = set()  # ids of the LiveListeners whose stream is open


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    default: bool


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio library itself is missing
        raise SourceError(
            "Audio input is not available: the PortAudio library is missing.",
            "On Debian/Ubuntu: sudo apt install libportaudio2",
        ) from exc
    except ImportError as exc:
        raise SourceError("Audio input is not available.", "pip install 'edgestudio[speech]'") from exc
    return sounddevice


def list_input_devices(rescan: bool = False) -> list[InputDevice]:
    """Microphones PortAudio can open; raises SourceError when audio input is unavailable.

    PortAudio lists devices once, when it starts; ``rescan`` restarts it so that a microphone
    plugged in (or a sound server started) since then appears. A rescan is skipped while a
    stream is open, since restarting PortAudio would close it. GUI thread.
    """
    sd = _sounddevice()
    if rescan and not _open_streams:
        try:
            # sounddevice has no public rescan; this pair is the one its maintainer
            # recommends (spatialaudio/python-sounddevice#125)
            sd._terminate()
            sd._initialize()
        except Exception:
            log.debug("restarting PortAudio failed", exc_info=True)
    try:
        devices = sd.query_devices()
        default_in = sd.default.device[0]
    except Exception as exc:
        raise SourceError(f"The audio system could not be queried: {exc}") from exc
    return [
        InputDevice(i, str(d["name"]), i == default_in)
        for i, d in enumerate(devices)
        if int(d.get("max_input_channels", 0)) > 0
    ]


def devices_fingerprint() -> tuple[str, ...]:
    """What changes when a microphone comes or goes: the sound cards' device nodes and the
    sound server's socket (PulseAudio or PipeWire). Cheap enough for a timer; GUI thread."""
    names: list[str] = []
    with contextlib.suppress(OSError):  # no sound cards at all
        names += sorted(os.listdir("/dev/snd"))
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    for socket_path in (Path(runtime) / "pulse" / "native", Path(runtime) / "pipewire-0"):
        if runtime and socket_path.exists():
            names.append(str(socket_path))
    return tuple(names)


def sound_server_source() -> str:
    """The sound server's default input, as its own description ("Built-in Audio Analog
    Stereo"), or "" without a PulseAudio-compatible server. GUI thread, at most 1 s."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return ""
    try:
        name = subprocess.run(
            [pactl, "get-default-source"], capture_output=True, text=True, timeout=1, check=True
        ).stdout.strip()
        listing = subprocess.run(
            [pactl, "list", "sources"], capture_output=True, text=True, timeout=1, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    current = ""
    for line in listing.splitlines():
        key, _, value = line.strip().partition(": ")
        if key == "Name":
            current = value
        elif key == "Description" and current == name:
            return value
    return name


class LiveListener(QObject):
    level = Signal(float)  # dBFS, about 15 times a second
    phrase = Signal(object)  # PhraseEvent
    failed = Signal(object)  # ErrorInfo
    speaking = Signal(bool)

    def __init__(
        self, device: int | None = None, config: VadConfig | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.device = device
        self.segmenter = PhraseSegmenter(config)
        self._queue: queue.Queue[tuple[np.ndarray, float]] = queue.Queue(QUEUE_BLOCKS)
        self._stream: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.overflows = 0

    def start(self) -> None:
        """Open the microphone and start the phrase thread; SourceError when that fails."""
        sd = _sounddevice()
        if not list_input_devices():
            raise SourceError(
                "No microphone was found.",
                "Connect one; file transcription works without it.",
            )
        try:
            self._stream = sd.InputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="float32",
                blocksize=BLOCK,
                device=self.device,
                callback=self._on_audio,
            )
            self._stream.start()
            _open_streams.add(id(self))
        except Exception as exc:
            self._stream = None
            raise SourceError(
                f"The microphone could not be opened: {exc}",
                "Check that it is connected and not used by another program.",
            ) from exc
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="live-phrases", daemon=False)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:
                log.debug("closing the input stream failed", exc_info=True)
            self._stream = None
        _open_streams.discard(id(self))
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _on_audio(self, data: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        """PortAudio's thread: copy and hand over, nothing else."""
        try:
            self._queue.put_nowait((data[:, 0].copy(), time.perf_counter()))
        except queue.Full:
            self.overflows += 1

    def _run(self) -> None:
        last_level = 0.0
        was_speaking = False
        try:
            while not self._stop.is_set():
                try:
                    block, captured_at = self._queue.get(timeout=0.2)
                except queue.Empty:
                    if self._stream is not None and not self._stream.active and not self._stop.is_set():
                        raise SourceError("The microphone stopped delivering audio.") from None
                    continue
                for event in self.segmenter.feed(block, captured_at):
                    self.phrase.emit(event)
                if captured_at - last_level >= 0.066:
                    self.level.emit(level_db(block))
                    last_level = captured_at
                if self.segmenter.speaking != was_speaking:
                    was_speaking = self.segmenter.speaking
                    self.speaking.emit(was_speaking)
        except EdgeStudioError as exc:
            self.failed.emit(ErrorInfo.from_exception(exc))
        except Exception as exc:
            log.exception("live audio failed")
            self.failed.emit(ErrorInfo.from_exception(exc))
