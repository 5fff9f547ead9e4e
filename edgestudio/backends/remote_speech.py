"""Transcription on the site server (issue 17): 16 kHz mono float32 audio in
(``site_protocol.ASR_INPUT``), the transcript and its segments out as UTF-8 bytes
(``ASR_TEXT_OUTPUT``, ``ASR_SEGMENTS_OUTPUT``: a JSON list of {start, end, text}, parsed as
data). A request waits for the whole file, so its timeout grows with the audio's length.

Thread rules: a runner is made, used and closed on one thread (a session's or the CLI's).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from edgestudio.backends.remote_client import FAILED, ServerAddress, SiteClient, SiteServerError
from edgestudio.backends.speech import SAMPLE_RATE, AudioInfo, Segment, SpeechRunner, TranscribeOptions
from edgestudio.core import site_protocol as sp
from edgestudio.core.site_status import ServerModel

log = logging.getLogger(__name__)
BASE_TIMEOUT_S = 10.0  # plus the audio's own length: a server decodes faster than real time
# (a file's limit; a live phrase's is shorter: TranscribeOptions.wait_s, set by the speech engine)


def _text(array: np.ndarray) -> str:
    return sp.bytes_to_text(np.asarray(array, np.uint8).reshape(-1).tobytes()).rstrip("\0")


def read_audio(audio: Path | np.ndarray) -> np.ndarray:
    """16 kHz mono float32 samples of a file (faster-whisper's PyAV decoder) or an array."""
    if isinstance(audio, np.ndarray):
        return np.ascontiguousarray(audio.reshape(-1), np.float32)
    from faster_whisper import decode_audio

    return np.ascontiguousarray(decode_audio(str(audio), sampling_rate=SAMPLE_RATE), np.float32)


class RemoteSpeechRunner(SpeechRunner):
    """Whisper on the site server as a SpeechRunner; SiteServerError when it does not answer."""

    def __init__(self, address: ServerAddress, resolve: Callable[[], ServerModel]) -> None:
        """``resolve`` finds the server's speech model (SiteServerError when it cannot); it
        is called now by ``resolve()`` or at the first request."""
        self.address = address
        self._resolve = resolve
        self.model: ServerModel | None = None
        self.device = "server"
        self.label = f"Whisper @ {address.url}"

    def resolve(self) -> ServerModel:
        if self.model is None:
            self.model = self._resolve()
            self.device = f"server:{self.model.device or 'CPU'}"
            self.label = f"{self.model.model_id or self.model.name} @ {self.address.url}"
        return self.model

    def transcribe(
        self, audio: Path | np.ndarray, options: TranscribeOptions, cancelled: Callable[[], bool]
    ) -> tuple[AudioInfo, Iterator[Segment]]:
        model = self.resolve()
        samples = read_audio(audio)
        duration = samples.size / SAMPLE_RATE
        inputs = {sp.ASR_INPUT: samples[None]}
        if options.language:
            inputs[sp.ASR_LANGUAGE_INPUT] = np.frombuffer(sp.text_to_bytes(options.language), np.uint8)[None]
        timeout = options.wait_s or BASE_TIMEOUT_S + duration
        client = SiteClient(self.address, timeout)
        try:
            out = client.infer(
                model.name, inputs, [sp.ASR_TEXT_OUTPUT, sp.ASR_SEGMENTS_OUTPUT], timeout_s=timeout
            )
        finally:
            client.close()
        try:
            parts = json.loads(_text(out[sp.ASR_SEGMENTS_OUTPUT]) or "[]")
        except ValueError as exc:
            raise SiteServerError(FAILED, "The site server's transcript segments are not JSON.") from exc
        segments = [
            Segment(float(p.get("start", 0.0)), float(p.get("end", 0.0)), str(p.get("text", "")))
            for p in parts
            if isinstance(p, dict)
        ]
        if not segments and _text(out[sp.ASR_TEXT_OUTPUT]).strip():
            segments = [Segment(0.0, duration, _text(out[sp.ASR_TEXT_OUTPUT]).strip())]
        return AudioInfo(duration, options.language or "", 1.0 if options.language else 0.0), iter(segments)

    def close(self) -> None:
        pass
