"""faster-whisper (CTranslate2) backend: Whisper models in CTranslate2 folders."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend
from edgestudio.backends.speech import AudioInfo, Segment, SpeechRunner, TranscribeOptions, Word
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelFormatError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_SPEECH, BackendStatus, DeviceOption, Rank

log = logging.getLogger(__name__)
INSTALL_HINT = "pip install 'edgestudio[speech]'"
MODEL_FILES = ("model.bin", "config.json")


def check_model_dir(folder: Path) -> None:
    """A CTranslate2 Whisper model is a folder with model.bin, config.json and a tokenizer."""
    if not folder.is_dir():
        raise ModelFormatError(
            Text("{path} is not a folder.", path=str(folder)),
            "Choose the folder of a CTranslate2 Whisper model.",
        )
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    if not (folder / "tokenizer.json").is_file() and not (folder / "vocabulary.txt").is_file():
        missing.append("tokenizer.json")
    if missing:
        raise ModelFormatError(
            Text(
                "{name} is not a complete Whisper model: {files} missing.",
                name=folder.name,
                files=", ".join(missing),
            ),
            "A faster-whisper model folder holds model.bin, config.json and tokenizer.json.",
        )


class FasterWhisperRunner(SpeechRunner):
    def __init__(self, model: Any, device: str, label: str, english_only: bool) -> None:
        self._model = model
        self.device = device
        self.label = label
        self.english_only = english_only

    def transcribe(
        self, audio: Path | np.ndarray, options: TranscribeOptions, cancelled: Callable[[], bool]
    ) -> tuple[AudioInfo, Iterator[Segment]]:
        source: Any = str(audio) if isinstance(audio, Path) else audio
        language = "en" if self.english_only else options.language
        try:
            segments, info = self._model.transcribe(
                source,
                language=language,
                beam_size=options.beam_size,
                word_timestamps=options.word_timestamps,
                vad_filter=options.vad_filter,
                condition_on_previous_text=options.condition_on_previous_text,
                no_speech_threshold=options.no_speech_threshold,
                log_prob_threshold=options.log_prob_threshold,
                initial_prompt=options.initial_prompt,
            )
        except Exception as exc:  # PyAV raises many types for unreadable media
            reason = str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else type(exc).__name__
            raise InferenceError(
                f"The audio could not be read: {reason}",
                "Use a common audio or video file (WAV, MP3, FLAC, OGG, M4A, MP4, MKV...).",
            ) from exc
        meta = AudioInfo(float(info.duration), str(info.language), float(info.language_probability))

        def generate() -> Iterator[Segment]:
            try:
                for seg in segments:
                    words = tuple(Word(w.start, w.end, w.word, w.probability) for w in (seg.words or ()))
                    yield Segment(
                        float(seg.start), float(seg.end), seg.text.strip(), float(seg.no_speech_prob), words
                    )
                    if cancelled():
                        return
            except Exception as exc:
                raise InferenceError(f"Transcription failed: {exc}") from exc

        return meta, generate()

    def close(self) -> None:
        self._model = None


class FasterWhisperBackend(Backend):
    id: ClassVar[str] = "faster-whisper"
    name: ClassVar[str] = "faster-whisper (CTranslate2)"
    tasks: ClassVar[tuple[str, ...]] = (TASK_SPEECH,)
    formats: ClassVar[tuple[str, ...]] = ("ctranslate2",)

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """float16 on an NVIDIA GPU; otherwise int8 on every physical core."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        if profile.gpus and status.has_device("cuda"):
            return self.ranked(task, "cuda", 80, Text("float16 on {gpu}.", gpu=profile.gpus[0].name))
        template = (
            "int8 on {cores} cores with VNNI int8 instructions; tiny.en for live speech."
            if profile.isa.get("vnni")
            else "int8 on {cores} cores; tiny.en for live speech."
        )
        return self.ranked(task, "cpu", 30, Text(template, cores=profile.physical_cores))

    def probe(self) -> BackendStatus:
        try:
            import ctranslate2
            import faster_whisper
        except ImportError as exc:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason=Text("{package} is not installed ({error})", package="faster-whisper", error=str(exc)),
                install_hint=INSTALL_HINT,
                formats=self.formats,
            )
        gpus = ctranslate2.get_cuda_device_count()
        devices = (
            DeviceOption("cpu", "CPU", True),
            DeviceOption("cuda", "NVIDIA GPU (CUDA)", gpus > 0, "" if gpus else "no CUDA device found"),
        )
        version = f"{faster_whisper.__version__} (CTranslate2 {ctranslate2.__version__})"
        return BackendStatus(self.id, self.name, True, version, devices, formats=self.formats)

    def load(self, artifact: Path, device: str = "", **options: Any) -> FasterWhisperRunner:
        """Load on the calling thread. Options: ``compute_type`` (int8, float32, float16), ``threads``."""
        check_model_dir(artifact)
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise BackendUnavailable("faster-whisper is not installed.", INSTALL_HINT) from exc
        device = device or "cpu"
        compute_type = str(options.get("compute_type") or ("float16" if device == "cuda" else "int8"))
        try:
            model = WhisperModel(
                str(artifact),
                device=device,
                compute_type=compute_type,
                cpu_threads=int(options.get("threads") or 0),
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelLoadError(
                f"The Whisper model in {artifact.name} could not be loaded: {exc}",
                "The folder may be incomplete or damaged.",
            ) from exc
        label = artifact.parent.name if artifact.name == "model" else artifact.name  # packaged folders
        return FasterWhisperRunner(model, device, label, not model.model.is_multilingual)
