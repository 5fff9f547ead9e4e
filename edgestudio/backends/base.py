"""The Backend and Runner contracts (see ARCHITECTURE.md).

A backend describes itself: the ``tasks`` it serves and the model ``formats`` it loads (the
ids in core/types.py and the model store), and ``rank()`` says how well it suits a hardware
profile for a task, with the reason in words. Recommendations, the runtime lists of the UI
and the CLI defaults are all computed from these; nothing outside a backend's module and the
built-in list in registry.py names a backend.

Thread rules: ``probe()`` may run on any thread (it is slow-ish; call it off the GUI thread).
``rank()`` is pure and cheap: any thread. ``load()`` runs on the thread that will own the
runner; a runner is used and closed only on that thread.

Score bands for ``rank()`` (higher wins; 0 = cannot run the task here):

- 90: a tuned engine on a dedicated accelerator (TensorRT on an NVIDIA GPU)
- 80: a GPU through its general compute API (CUDA, Metal, Vulkan)
- 60-70: an NPU or integrated GPU that frees the CPU
- 50: CPU kernels tuned for this CPU family (OpenVINO on x86)
- 30: a portable CPU runtime
- 10: a remote server (works, but needs the network)
Within a band, add or subtract a few points for the reason you give.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.inflight import InlineQueue, RequestQueue
from edgestudio.backends.speech import SpeechRunner
from edgestudio.backends.streaming import StreamingRunner
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import BackendStatus, ModelIO, Rank

# 2: backends declare ``tasks`` and implement ``rank()``; format ids are the shared ones.
PLUGIN_API_VERSION = 2


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

    def open_queue(self, requests: int = 0) -> RequestQueue:
        """Several runs in flight, the runtime's own way (see ``backends/inflight.py``);
        ``requests`` 0 = the runtime's choice. This base runs one at a time. Called, used and
        closed on the runner's thread; close the queue before the runner."""
        return InlineQueue(self.run)

    @abstractmethod
    def close(self) -> None:
        """Release the runtime's resources."""


class Backend(ABC):
    """One runtime. Subclasses are cheap to construct; the runtime is imported lazily."""

    id: ClassVar[str]
    name: ClassVar[str]
    tasks: ClassVar[tuple[str, ...]]  # task ids it serves, e.g. ("detection", "face-detection")
    formats: ClassVar[tuple[str, ...]]  # format ids it loads, e.g. ("onnx", "openvino-ir")
    plugin_api: ClassVar[int] = PLUGIN_API_VERSION

    @abstractmethod
    def probe(self) -> BackendStatus:
        """Is the runtime installed, which version, which devices; why not when it is not.

        Any thread (imports the runtime: call it off the GUI thread)."""

    @abstractmethod
    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """How well this backend suits ``profile`` for ``task``: the best device with a score
        in the bands above and the reason in words. Return ``self.unranked(...)`` when it
        cannot run the task here. Pure and cheap; any thread."""

    def unranked(self, task: str, reason: str) -> Rank:
        """A rank that says this backend cannot run ``task`` here, and why."""
        return Rank(task, self.id, "", 0.0, reason)

    def ranked(self, task: str, device: str, score: float, reason: str) -> Rank:
        return Rank(task, self.id, device, score, reason)

    def not_ready(self, status: BackendStatus, task: str) -> Rank | None:
        """The unranked Rank when the runtime is missing or does not serve ``task``, else None:
        the common opening of every ``rank()``."""
        if task not in self.tasks:
            return self.unranked(task, Text("{runtime} does not serve this task", runtime=self.name))
        if not status.available:
            if not status.install_hint:
                return self.unranked(task, status.reason)
            return self.unranked(
                task, Text("{reason} ({hint})", reason=status.reason, hint=status.install_hint)
            )
        return None

    @abstractmethod
    def load(
        self, artifact: Path, device: str = "", **options: Any
    ) -> Runner | StreamingRunner | SpeechRunner:
        """Load ``artifact`` on ``device`` ("" = the backend's default). Raises ModelLoadError.

        Vision runtimes return a Runner; chat ones a StreamingRunner; speech a SpeechRunner."""

    def default_device(self, status: BackendStatus) -> str:
        devices = status.available_devices()
        return devices[0].id if devices else ""
