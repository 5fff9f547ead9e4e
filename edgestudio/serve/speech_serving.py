"""Whisper on the site server: which model ``--asr`` names, and the transcriber the speech
stub model runs (``stub_models.SpeechModel``), built on the speech engine of ``tasks/speech``.

``speech_entry`` runs in ``edgestudio serve`` (main thread); ``load_speech`` and
``ServedSpeech`` run on the Triton stub's main thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import ModelLoadError
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import TASK_SPEECH


def speech_entry(ref: str, models_dir: Path) -> ModelEntry:
    """The Whisper model ``--asr`` names: "default" (tiny.en), a model id the Voice tab lists,
    or a CTranslate2 model folder."""
    from edgestudio.tasks.speech.engine import MODEL_FORMAT
    from edgestudio.tasks.speech.models import default_speech_model, speech_models

    models = speech_models(models_dir)
    default = default_speech_model()
    found = default if ref == "default" else next((m for m in models if m.id == ref), None)
    if found is None and Path(ref).expanduser().is_dir() and (Path(ref).expanduser() / "model.bin").is_file():
        folder = Path(ref).expanduser().resolve()
        return ModelEntry(folder.name, folder.name, TASK_SPEECH, MODEL_FORMAT, folder, "", 0)
    if found is None:
        known = ", ".join(m.id for m in models) or "none"
        raise ModelLoadError(
            Text("There is no speech model '{model}'.", model=ref),
            Text("Speech models: default, {models}, or a Whisper model folder.", models=known),
        )
    return ModelEntry(found.id, found.name, TASK_SPEECH, MODEL_FORMAT, found.path, "", 0)


class ServedSpeech:
    """One loaded Whisper engine; ``transcribe`` a phrase at a time (stub main thread)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def transcribe(self, audio: np.ndarray, language: str = "") -> tuple[str, list[dict[str, Any]]]:
        """16 kHz mono float32 ``audio`` -> (text, [{start, end, text}]); "" = detect the language."""
        from edgestudio.backends.speech import TranscribeOptions
        from edgestudio.tasks.speech.engine import with_language_prompt

        options = with_language_prompt(TranscribeOptions(language or None, vad_filter=False))
        options = replace(options, beam_size=self.engine.settings.beam_size)
        _, segments = self.engine.runner.transcribe(audio, options, lambda: False)
        kept = [s for s in segments if s.no_speech_prob < options.no_speech_threshold]
        parts = [{"start": round(s.start, 3), "end": round(s.end, 3), "text": s.text.strip()} for s in kept]
        return " ".join(p["text"] for p in parts).strip(), parts

    def close(self) -> None:
        self.engine.close()


def load_speech(params: dict[str, str]) -> ServedSpeech:
    """The engine for the speech model in a config's parameters, warmed up on a second of
    silence (stub main thread)."""
    from edgestudio.backends.registry import BackendRegistry
    from edgestudio.serve.stub_models import entry_from_parameters, runtime_from_parameters
    from edgestudio.tasks.speech.engine import build_speech_engine, choose_settings

    entry = entry_from_parameters(params)
    runtime, _ = runtime_from_parameters(params)
    registry = BackendRegistry()
    settings = choose_settings(registry.hardware(), cuda_available=False)
    engine = build_speech_engine(registry, entry.path, settings, lambda _msg: None, runtime)
    served = ServedSpeech(engine)
    served.transcribe(np.zeros(16_000, np.float32))
    return served
