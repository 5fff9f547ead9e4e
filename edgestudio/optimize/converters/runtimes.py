"""The runtime a planner without converters (speech, chat) runs its candidates on: the one
the backend registry has for the model's format and task, never a name written in a planner.
Also the distribution names whose versions those planners record (some are spelled like the
runtime ids)."""

from __future__ import annotations

from edgestudio.backends.registry import BackendRegistry
from edgestudio.optimize.converters.base import runtime_for

SPEECH_PACKAGES = ("ctranslate2", "faster-whisper", "jiwer")


def runtime_id(registry: BackendRegistry, task: str, fmt: str) -> str:
    """The id of the runtime made for ``fmt`` serving ``task``; "" when none reads it."""
    status = runtime_for(registry, task, fmt)
    return status.id if status is not None else ""
