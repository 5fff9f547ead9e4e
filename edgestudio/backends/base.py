"""The Backend and Runner contracts (see ARCHITECTURE.md).

Thread rules: ``probe()`` may run on any thread (it is slow-ish; call it off the GUI thread).
``load()`` runs on the thread that will own the runner; a runner is used and closed only on
that thread.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.speech import SpeechRunner
from edgestudio.backends.streaming import StreamingRunner
from edgestudio.core.types import BackendStatus, ModelIO

PLUGIN_API_VERSION = 1


class Runner(ABC):
    """A model loaded on one device. Used only from the thread that created it."""

    metadata: ModelIO
    device: str
    fallback_reason: str = ""

    def warmup(self) -> None:
        """Run once on zeros so the first real frame does not pay for lazy initialisation."""
        feeds = {}
        for tensor in self.metadata.inputs:
            shape = [d if isinstance(d, int) and d > 0 else 1 for d in tensor.shape]
            dtype = np.float16 if "16" in tensor.dtype else np.float32
            feeds[tensor.name] = np.zeros(shape, dtype=dtype)
        self.run(feeds)

    @abstractmethod
    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Run the model; returns outputs by name."""

    @abstractmethod
    def close(self) -> None:
        """Release the runtime's resources."""


class Backend(ABC):
    """One runtime. Subclasses are cheap to construct; the runtime is imported lazily."""

    id: ClassVar[str]
    name: ClassVar[str]
    formats: ClassVar[tuple[str, ...]]
    plugin_api: ClassVar[int] = PLUGIN_API_VERSION

    @abstractmethod
    def probe(self) -> BackendStatus:
        """Is the runtime installed, which version, which devices; why not when it is not."""

    @abstractmethod
    def load(
        self, artifact: Path, device: str = "", **options: Any
    ) -> Runner | StreamingRunner | SpeechRunner:
        """Load ``artifact`` on ``device`` ("" = the backend's default). Raises ModelLoadError.

        Vision runtimes return a Runner; chat ones a StreamingRunner; speech a SpeechRunner."""

    def default_device(self, status: BackendStatus) -> str:
        devices = status.available_devices()
        return devices[0].id if devices else ""
